"""The command group, shared options and error handling for every command.

The `cli` package is the only place that imports Click and the only one that
exits. Commands live in modules by topic (`handouts.cli.building`, ...); each
registers itself on `main` (or on the `new` group) when imported, and is
imported when its command is asked for (`COMMANDS`).
Library errors (`HandoutsError`) become one clear paragraph per problem and
their exit status; anything else is a bug, shown with a traceback only under
``--debug``.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import re
import sys
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

import click

from handouts import __version__
from handouts.errors import HandoutsError

if TYPE_CHECKING:
    from handouts.build import Inputs

EXIT_UNEXPECTED = 1
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a program whose reader closed the pipe


class Settings:
    """Options shared by every command."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug


# C0/C1 controls and bidi overrides: a file name, YAML key or argument holding
# ESC [ ... could recolour, retitle or rewrite the office's terminal when echoed.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with terminal control characters shown as escapes (``\\x1b``) instead of obeyed."""
    return _UNPRINTABLE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


def _fail(problems_or_message: Any, code: int) -> None:
    lines = str(problems_or_message).split("\n")
    click.echo("\n".join(printable(line) for line in lines), err=True)
    sys.exit(code)


# Where each command is defined: importing the module registers the command on its group. A module is
# imported only when one of its commands is asked for (`--help` asks for all), so `handouts print` does not
# build every other command's options: about 8 M instructions, a hundredth of the print job's imports.
COMMANDS = {
    "build": "building",
    "check": "building",
    "list": "building",
    "import": "importing",
    "inspect": "inspecting",
    "preview": "inspecting",
    "print": "jobs",
    "extract-messages": "layouts",
}
NEW_COMMANDS = {"brand": "brands", "job": "jobs", "layout": "layouts"}  # handouts new ...


class LazyGroup(click.Group):
    """A group whose commands are registered by their modules (``modules``: name -> module), imported on first ask."""

    modules: ClassVar[dict[str, str]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.modules})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            # A name that is no command loads them all: Click suggests the nearest from those registered.
            wanted = [self.modules[cmd_name]] if cmd_name in self.modules else sorted(set(self.modules.values()))
            for module in wanted:
                import_module(f"handouts.cli.{module}")
        return self.commands.get(cmd_name)


class NewGroup(LazyGroup):
    """`handouts new`: its commands live with their topics (a brand kit's in `brands`, ...)."""

    modules = NEW_COMMANDS


class HandoutsGroup(LazyGroup):
    """The top command group: every command's library errors become messages and exit codes here.

    One place for it (as Click's own ``Group.invoke`` is where its exceptions
    become ``show()`` and an exit code), so a new command cannot forget it.
    Tracebacks only with ``--debug``.
    """

    modules = COMMANDS

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except HandoutsError as exc:
            if _debug(ctx):
                raise
            _fail(_report(exc), exc.exit_code)
        except BrokenPipeError:
            # The reader went away (`handouts list roles | head -1`): nothing to report, and nowhere to.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's last flush at exit cannot fail again
            sys.exit(EXIT_BROKEN_PIPE)
        except KeyboardInterrupt as exc:
            written = getattr(exc, "written", ())  # errors.Interrupted: Ctrl-C came after outputs were in place
            if written:
                _fail(f"interrupted after writing {', '.join(map(str, written))} (complete)", 130)
            _fail("interrupted; nothing was written", 130)
        except Exception as exc:  # a bug: say so plainly
            if _debug(ctx):
                raise
            _fail(
                f"error: unexpected {type(exc).__name__}: {exc}\n"
                "This is a bug in handouts. Run again with --debug for the details and report them.",
                EXIT_UNEXPECTED,
            )


def _debug(ctx: click.Context) -> bool:
    settings = ctx.find_object(Settings)
    return settings.debug if settings else False


def _report(exc: HandoutsError) -> str:
    """One line per problem; warnings marked; a count when there is more than one error."""
    lines = [f"warning: {p}" if p.warning else str(p) for p in exc.problems] or [str(exc)]
    errors = [
        line for line, p in zip(lines, exc.problems or [None] * len(lines), strict=False) if p is None or not p.warning
    ]
    prefix = "error: " if len(errors) <= 1 else f"{len(errors)} problems:\n"
    body = "\n".join(lines) if len(lines) > 1 else lines[0]
    return prefix + body


def _paths(values: tuple[str, ...]) -> list[Path]:
    return [Path(v) for v in values]


data_option = click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Folder with your own roles/*.yaml (and sources.yaml), searched before the "
    "built-in data. Repeat to give several.",
)
layouts_option = click.option(
    "--layouts",
    "layouts",
    multiple=True,
    type=click.Path(file_okay=False),
    help="Folder with your own layouts, searched before the built-in ones.",
)
brand_option = click.option(
    "--brand",
    "brand",
    type=click.Path(file_okay=False),
    help="Brand kit folder (brand.toml, logo, fonts). Default: the neutral built-in brand.",
)

paper_option = click.option(
    "--paper", type=click.Choice(["letter", "a4", "legal"]), help="Paper size for this build (default: the brand's)."
)


area_option = click.option(
    "--area",
    help="Print pay for this state or metro area beside the national figures: a name, a unique part of one "
    "('Portland-Vancouver') or a BLS area code. Needs BLS wages imported into a --data folder "
    "(handouts import wages). Default: the brand's area, if any.",
)

lang_option = click.option(
    "--lang",
    help="The edition's language, e.g. es for Spanish; en,es prints both in one PDF, English first. "
    "Default: the brand's language.",
)
large_print_option = click.option(
    "--large-print", is_flag=True, help="Print a large-print edition: 18 pt body text, headings to match."
)


def inputs_from(
    data: tuple[str, ...],
    layouts: tuple[str, ...],
    brand: str | None,
    paper: str | None,
    area: str | None = None,
    lang: str | None = None,
    large_print: bool = False,
) -> Inputs:
    """The build inputs the shared options describe (build and preview take the same ones)."""
    from handouts.build import Inputs
    from handouts.inputs.models import Paper

    return Inputs(
        _paths(data),
        _paths(layouts),
        Path(brand) if brand else None,
        Paper(paper) if paper else None,
        area=area,
        lang=lang,
        large_print=large_print,
    )


@click.group(cls=HandoutsGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="handouts")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Print career handouts: comparisons, checklists and advancement paths, in your school's branding.

    \b
    Example:
      handouts build comparison medical-assistant medical-administrative-assistant
      handouts list roles
      handouts check --brand my-school-brand
    """
    ctx.obj = Settings(debug)


@main.group(cls=NewGroup)
def new() -> None:
    """Start your own layout, brand kit or print job from a commented template.

    \b
    Example:
      handouts new layout my-comparison --from comparison
    """


def preload(*modules: str) -> None:
    """Import a command's modules with the cyclic garbage collector paused, then freeze what they made.

    Imports make next to no garbage, yet the collector walked the growing
    modules again and again while they loaded, and every later full
    collection walked them too: about a tenth of the career-fair print job
    (measured with ``gc.callbacks``). Frozen (``gc.freeze``), the modules'
    objects are left out of collections; the collector then runs as usual,
    on every 10,000 new objects rather than 700. Only the command line does
    this, for the commands whose imports are heavy, and only in its own
    process (`run`, the console script): a program using the library, or
    running commands in its process (Click's CliRunner), keeps its own
    collector settings, and the modules are simply imported.
    """
    if not _OWN_PROCESS:
        for name in modules:
            import_module(name)
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        for name in modules:
            import_module(name)
    finally:
        gc.freeze()
        gc.set_threshold(10_000, *gc.get_threshold()[1:])
        if enabled:
            gc.enable()


_OWN_PROCESS = False  # set by `own_process`: the process is the command's, so `preload` may tune its collector


def own_process() -> None:
    """Mark this process as the command's own (the console script; the print-job benchmark's child)."""
    global _OWN_PROCESS
    _OWN_PROCESS = True


def run() -> NoReturn:
    """Console-script entry point: the command, then the process ends at once (`end_process`)."""
    own_process()
    try:
        main(standalone_mode=True)
    except SystemExit as exc:
        end_process(exc.code)
    end_process(0)


def end_process(status: object) -> NoReturn:
    """Exit as ``sys.exit(status)`` would, without the interpreter's teardown.

    At exit Python frees every object one by one and collects the cycles:
    20-35 ms after a print job (ReportLab's, pikepdf's and the fonts'
    objects), measured from the last atexit handler to the process's end,
    5% of the whole job. Nothing here needs it: a command has written,
    fsynced and closed its outputs and joined its workers before it returns,
    and every thread left is a daemon. So the output streams are flushed, the
    atexit handlers run (the dataclass-method table is saved by one), and
    ``os._exit`` ends the process. A reader that went away makes the flush
    fail: that is `EXIT_BROKEN_PIPE`, as in `HandoutsGroup`.
    """
    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:  # what sys.exit does with a message
        print(status, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = EXIT_BROKEN_PIPE
    except (OSError, ValueError):  # closed or unusable: as at a normal exit, nothing more to do
        pass
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    atexit._run_exitfuncs()
    os._exit(code)
