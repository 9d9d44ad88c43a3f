"""Each command loads what it uses and nothing more: a fresh `handouts` process, as the console script
starts it, and the modules it has imported when the command is done.

What a command does not use it should not load: a cold `handouts build` pays
for every module it imports (docs/performance.md), and `--help` or `list`
should answer at once. These tests name our own stages and the heavy
libraries, not timings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PAIR

HEAVY = ("reportlab", "jinja2", "pikepdf", "PIL", "pdfplumber", "pdfminer", "pypdfium2", "yaml", "sqlite3")

# Runs the command line with the arguments given (as the console script does); as the process ends (its
# atexit handlers still run), prints, as its last line, every module the process imported: the heavy libraries
# by top-level name, and ours in full.
RUN = f"""
import atexit, json, sys

def report():
    names = sorted(m for m in sys.modules if m.startswith("handouts"))
    names += sorted({{m.split(".")[0] for m in sys.modules}} & set({list(HEAVY)!r}))
    print("\\n" + json.dumps({{"modules": names}}), flush=True)

atexit.register(report)
from handouts.cli import run
sys.argv = ["handouts", *sys.argv[1:]]
run()
"""


def _loaded(*args: str, cwd: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", RUN, *args], capture_output=True, text=True, cwd=cwd, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return set(result["modules"])


def _under(modules: set[str], *prefixes: str) -> set[str]:
    """The modules that are one of ``prefixes`` or inside one."""
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[set[str], Path]:
    """What `handouts build` (the README's first command) imports, and the PDF it wrote."""
    folder = tmp_path_factory.mktemp("built")
    modules = _loaded("build", "comparison", *PAIR, "-o", "out.pdf", cwd=folder)
    return modules, folder / "out.pdf"


def test_help_loads_no_stage_and_no_heavy_library(tmp_path):
    modules = _loaded("--help", cwd=tmp_path)
    assert _under(modules, *HEAVY) == set()
    stages = ("handouts.build", "handouts.session", "handouts.inputs", "handouts.templating", "handouts.render")
    assert _under(modules, *stages, "handouts.tagging", "handouts.inspection", "handouts.jobs") == set()


def test_build_loads_no_print_job_store_or_pdf_reader(built):
    modules, pdf = built
    assert pdf.is_file()
    # It renders, tags and inspects what it drew ...
    assert {"handouts.render.document", "handouts.tagging.tagger", "handouts.inspection.accessibility"} <= modules
    assert {"reportlab", "jinja2", "yaml"} <= modules
    # ... but reads no PDF back, runs no print job, opens no BLS store (the built-in data has none).
    assert _under(modules, "pikepdf", "pdfplumber", "pdfminer", "pypdfium2", "sqlite3") == set()
    assert _under(modules, "handouts.jobs", "handouts.scaffold", "handouts.checking", "handouts.editions") == set()
    assert _under(modules, "handouts.publicdata.store", "handouts.publicdata.records") == set()
    assert _under(modules, "handouts.inspection.audit", "handouts.inspection.reading") == set()


def test_list_roles_reads_the_data_and_renders_nothing(tmp_path):
    modules = _loaded("list", "roles", cwd=tmp_path)
    assert "handouts.inputs.roles" in modules
    assert _under(modules, "reportlab", "jinja2", "PIL", "pikepdf", "sqlite3") == set()
    assert _under(modules, "handouts.build", "handouts.templating", "handouts.render", "handouts.tagging") == set()
    assert _under(modules, "handouts.inspection") == set()


def test_new_job_and_new_layout_load_no_renderer(tmp_path):
    job = _loaded("new", "job", "job.toml", cwd=tmp_path)
    assert _under(job, *HEAVY) == set()
    layout = _loaded("new", "layout", "mine", "--from", "comparison", cwd=tmp_path)
    assert _under(layout, "reportlab", "PIL", "pikepdf", "yaml", "sqlite3") == set()
    assert _under(layout, "handouts.render", "handouts.tagging", "handouts.inspection", "handouts.build") == set()


def test_inspect_loads_no_templating_data_or_renderer(built, tmp_path):
    _, pdf = built
    modules = _loaded("inspect", str(pdf), cwd=tmp_path)
    assert "handouts.inspection.audit" in modules
    assert _under(modules, "jinja2", "yaml", "sqlite3") == set()
    assert _under(modules, "handouts.templating", "handouts.render", "handouts.build", "handouts.jobs") == set()
    assert _under(modules, "handouts.session", "handouts.inputs.roles") == set()


COMMAND_MODULES = {f"handouts.cli.{m}" for m in ("brands", "building", "importing", "inspecting", "jobs", "layouts")}


@pytest.mark.parametrize(
    ("args", "module"),
    [
        (["print", "--help"], "handouts.cli.jobs"),
        (["new", "job", "--help"], "handouts.cli.jobs"),
        (["new", "brand", "--help"], "handouts.cli.brands"),
        (["list", "--help"], "handouts.cli.building"),
    ],
)
def test_a_command_loads_its_own_module_of_the_command_line_only(args, module, tmp_path):
    """Each command's module registers its options when imported: the others' are not built."""
    assert _under(_loaded(*args, cwd=tmp_path), *COMMAND_MODULES) == {module}


def test_help_lists_every_command_of_every_module(tmp_path):
    from handouts.cli.main import COMMANDS, NEW_COMMANDS, main, new

    listed = {f"handouts.cli.{m}" for m in COMMANDS.values()}  # (`new`'s own commands are listed by `new --help`)
    assert _under(_loaded("--help", cwd=tmp_path), *COMMAND_MODULES) == listed
    for name in {*COMMANDS, *NEW_COMMANDS}:  # (in this process: asking for each registers it)
        assert main.get_command(None, name) or new.get_command(None, name)  # type: ignore[arg-type]
    assert set(main.commands) == {*COMMANDS, "new"} and set(new.commands) == set(NEW_COMMANDS)


def test_an_import_that_fails_later_is_one_clear_error(tmp_path, data_copy):
    """A module a command imports only when it needs it (here the BLS store, for a data folder that has one)
    failing to import is reported like any other bug: one paragraph, exit status 1, no traceback."""
    (data_copy / "public-data.sqlite").write_bytes(b"")
    code = "import sys\nsys.modules['handouts.publicdata.store'] = None\n" + RUN
    done = subprocess.run(
        [sys.executable, "-c", code, "build", "comparison", *PAIR, "--data", str(data_copy), "-o", "out.pdf"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: unexpected ModuleNotFoundError") and "--debug" in done.stderr
    assert not (tmp_path / "out.pdf").exists()
