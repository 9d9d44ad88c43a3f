"""The command line: `main`, whose commands load their modules when asked for (`main.COMMANDS`).

Commands are grouped by topic, one module each, so each feature adds its own
file rather than growing one long module.
"""

from handouts.cli.main import main, run

__all__ = ["main", "run"]
