"""The command line. Importing this package registers every command on `main`.

Commands are grouped by topic, one module each, so each feature adds its own
file rather than growing one long module.
"""

from handouts.cli import brands, building, inspecting, jobs, layouts
from handouts.cli.main import main, run

__all__ = ["brands", "building", "inspecting", "jobs", "layouts", "main", "run"]
