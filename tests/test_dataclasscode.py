"""Our dataclasses' generated methods are compiled once and kept (handouts.dataclasscode): a class made
from the kept code behaves as one compiled afresh, and a damaged table is rebuilt, never trusted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# Makes some of our classes, uses every generated method, and a class of its own (not ours).
PROBE = """
import dataclasses, json
from handouts import dataclasscode
from handouts.inputs.models import Source

a = Source(id="bls", title="Pay", publisher="BLS", date="2025")
b = Source("bls", "Pay", "BLS", "2025", url=None)
try:
    a.title = "changed"
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
before = dataclasscode.compiled

@dataclasses.dataclass(frozen=True)
class Mine:
    x: int = 1

print(json.dumps({
    "compiled": before,
    "theirs": dataclasscode.compiled - before,
    "repr": repr(a),
    "equal": a == b and a != dataclasses.replace(a, title="Other"),
    "hash": hash(a) == hash(b),
    "frozen": frozen,
    "mine": repr(Mine()),
}))
"""


def _probe(cache: Path, write: bool = True) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)  # the table (and bytecode) go here, not into the checkout
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=ROOT, env=env, timeout=120
    )
    return json.loads(done.stdout)


def _tables(cache: Path) -> list[Path]:
    return sorted(cache.rglob("dataclass-methods.*.marshal"))


def test_a_second_process_compiles_nothing_and_its_classes_behave_the_same(tmp_path):
    first = _probe(tmp_path)
    assert first["compiled"] > 0
    assert len(_tables(tmp_path)) == 1
    second = _probe(tmp_path)
    assert second["compiled"] == 0
    assert second == {**first, "compiled": 0}
    assert second["repr"] == (
        "Source(id='bls', title='Pay', publisher='BLS', date='2025', url=None, accessed=None, note=None, "
        "credit=None, modified=None)"
    )
    assert second["equal"] and second["hash"] and second["frozen"]


def test_classes_outside_handouts_are_compiled_as_python_does(tmp_path):
    _probe(tmp_path)
    again = _probe(tmp_path)
    assert again["theirs"] == 0  # not counted: never looked up in, nor added to, the table
    assert again["mine"] == "Mine(x=1)"


def test_a_damaged_table_is_ignored_and_written_again(tmp_path):
    _probe(tmp_path)
    (table,) = _tables(tmp_path)
    table.write_bytes(b"not a table")
    rebuilt = _probe(tmp_path)
    assert rebuilt["compiled"] > 0 and rebuilt["frozen"] and rebuilt["equal"]
    assert _probe(tmp_path)["compiled"] == 0


def test_nothing_is_written_when_python_writes_no_bytecode(tmp_path):
    assert _probe(tmp_path, write=False)["compiled"] > 0
    assert _tables(tmp_path) == []


def test_a_rewritten_table_drops_the_texts_of_classes_since_changed(tmp_path):
    import marshal

    _probe(tmp_path)
    (table,) = _tables(tmp_path)
    magic, parts = marshal.loads(table.read_bytes())
    models = marshal.loads(parts["handouts.inputs.models"])
    kept = dict(list(models.items())[1:])  # one text missing: this run compiles it and writes the table back
    stale = "def __create_fn__():\n def __init__(self):\n  pass\n return __init__"  # a class as it once was
    parts["handouts.inputs.models"] = marshal.dumps({**kept, stale: compile(stale, "<string>", "exec")})
    table.write_bytes(marshal.dumps((magic, parts)))
    assert _probe(tmp_path)["compiled"] == 1
    _, parts = marshal.loads(table.read_bytes())
    assert sorted(marshal.loads(parts["handouts.inputs.models"])) == sorted(models)
