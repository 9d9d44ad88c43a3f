"""Regular expressions' engine code is kept between runs (handouts.regexcode): a pattern made from the kept
code is the one Python compiles afresh, other texts or flags are compiled, and a damaged table is rebuilt."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from handouts import regexcode
from tests.conftest import ROOT

# Text, flags and what to match: groups, names, look-arounds, possessive runs, classes, case, bytes.
PATTERNS: list[tuple[str | bytes, int, list[str | bytes]]] = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)?", 0, ["2025-05", "in 1999-", "x"]),
    (r"ID(?<=\sID)\s.*?\sEI(?=\s)", re.S, [" ID \x00\nx EI ", "ID EI "]),
    (r"(?:[^(<%/]++|\((?:[^\\)]++|\\.)*+\))*+", 0, ["ab(c\\)d)e<", "((("]),
    (r"\b(?:medical|office)\b", re.I, ["Medical Office", "premedical"]),
    (r"[\u00c0-\u024f]+|[^\x00-\x7f]", 0, ["Ñandú", "plain"]),
    (r"^\s*#.*$", re.M, ["a\n  # note\nb"]),
    (r"(a)|(b)(?P<c>c)?", re.X | re.A, ["b", "bc", "a"]),
    (rb"[\x00-\x08\x0b]+(?P<tail>.)", 0, [b"\x01\x02z", b"none"]),
    ("", 0, ["", "x"]),
]


@pytest.fixture()
def fresh(tmp_path, monkeypatch) -> Path:
    """An empty table kept at a file of its own; this test's compiling only (the process's is left alone)."""
    path = tmp_path / "regex-code.marshal"
    monkeypatch.setattr(regexcode, "_file", lambda: str(path))
    _forget(monkeypatch)
    monkeypatch.setattr(regexcode, "compiled", 0)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return path


def _forget(monkeypatch) -> None:
    """As a new process starts: nothing read yet, nothing used."""
    monkeypatch.setattr(regexcode, "_table", None)
    monkeypatch.setattr(regexcode, "_ages", {})
    monkeypatch.setattr(regexcode, "_generation", 0)
    monkeypatch.setattr(regexcode, "_used", set())
    monkeypatch.setattr(regexcode, "_grew", False)


def _same(made: re.Pattern, text: str | bytes, flags: int, samples: list) -> None:
    expected = regexcode._original(text, flags)
    assert made == expected  # equal patterns: same text, flags and engine code
    assert (made.pattern, made.flags, made.groups, made.groupindex) == (
        expected.pattern,
        expected.flags,
        expected.groups,
        expected.groupindex,
    )
    for sample in samples:
        assert [m.groups() for m in made.finditer(sample)] == [m.groups() for m in expected.finditer(sample)]
        assert [m.span() for m in made.finditer(sample)] == [m.span() for m in expected.finditer(sample)]


def _run(monkeypatch) -> None:
    """The end of one process and the start of the next: the table written, then nothing read yet."""
    regexcode.save()
    _forget(monkeypatch)


def test_patterns_from_the_table_are_those_python_compiles(fresh, monkeypatch):
    for _ in range(2):  # the first process notes each text, the second keeps its code
        for text, flags, samples in PATTERNS:
            _same(regexcode._compile(text, flags), text, flags, samples)
        _run(monkeypatch)
    assert regexcode.compiled == 2 * len(PATTERNS)
    for text, flags, samples in PATTERNS:  # a later process: everything from the file
        _same(regexcode._compile(text, flags), text, flags, samples)
    assert regexcode.compiled == 2 * len(PATTERNS)  # none compiled again


def test_a_text_compiled_by_one_process_only_is_noted_not_kept(fresh, monkeypatch):
    regexcode._compile("once only", 0)
    _run(monkeypatch)
    regexcode._compile("twice", 0)
    _run(monkeypatch)
    regexcode._compile("twice", 0)
    _run(monkeypatch)
    _, _, table, _ = marshal.loads(fresh.read_bytes())
    assert table[("once only", 0)] is None and table[("twice", 0)] is not None


def test_other_flags_or_types_are_compiled_not_looked_up(fresh, monkeypatch):
    for _ in range(2):
        regexcode._compile("abc", 0)
        regexcode._compile("abc", re.I)
        regexcode._compile(b"abc", 0)
        _run(monkeypatch)
    assert regexcode.compiled == 6
    assert regexcode._compile("abc", re.I).match("ABC")
    assert not regexcode._compile("abc", 0).match("ABC")
    assert isinstance(regexcode._compile(b"abc", 0).pattern, bytes)
    assert regexcode.compiled == 6


def test_re_compiles_through_the_table_once_installed(fresh):
    assert re._compiler.compile is regexcode._compile  # handouts installed it when imported
    text = r"table-test-(?P<n>\d+)-" + os.urandom(4).hex()  # a text re's own cache has not seen
    assert re.compile(text).match(text.replace(r"(?P<n>\d+)", "42"))
    assert regexcode.compiled == 1 and (text, 0) in regexcode._table


def test_subclasses_and_debug_are_compiled_as_python_does(fresh, capsys):
    class Text(str):
        pass

    assert regexcode._compile(Text("a+"), 0).match("aa")
    assert regexcode._compile("b+", re.DEBUG).match("bb")
    assert "MAX_REPEAT" in capsys.readouterr().out  # the code printed, as re.DEBUG asks
    assert regexcode.compiled == 0 and not regexcode._table


def test_a_damaged_or_foreign_table_is_rebuilt(fresh, monkeypatch):
    for _ in range(2):
        regexcode._compile("x+y", 0)
        _run(monkeypatch)
    header, generation, table, ages = marshal.loads(fresh.read_bytes())
    assert table[("x+y", 0)] is not None
    for damaged in (
        b"not a table",
        marshal.dumps((("another python", 1), generation, table, ages)),
        marshal.dumps((header, generation, {("x+y", 0): (0, [999, 1, 2], 0, {}, ())}, ages)),
    ):
        fresh.write_bytes(damaged)
        _forget(monkeypatch)
        monkeypatch.setattr(regexcode, "compiled", 0)
        assert regexcode._compile("x+y", 0) == regexcode._original("x+y", 0)
        assert regexcode.compiled == 1


def test_patterns_unused_for_several_writings_are_dropped(fresh, monkeypatch):
    for _ in range(2):
        regexcode._compile("old", 0)
        _run(monkeypatch)
    regexcode._compile("noted", 0)
    _run(monkeypatch)
    for run in range(regexcode.KEEP):
        regexcode._compile("kept", 0)
        regexcode._compile(f"new {run}", 0)  # every run notes a text, so every run writes the table
        _run(monkeypatch)
        _, _, table, _ = marshal.loads(fresh.read_bytes())
        assert (("old", 0) in table) == (run < regexcode.KEEP - 2)
        assert (("noted", 0) in table) == (run < regexcode.KEEP_NOTED - 1)
        assert ("kept", 0) in table
    assert table[("kept", 0)] is not None


def test_nothing_is_written_without_bytecode_or_new_patterns(fresh, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    regexcode._compile("abc", 0)
    regexcode.save()
    assert not fresh.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    _run(monkeypatch)
    regexcode._compile("abc", 0)
    _run(monkeypatch)
    stamp = fresh.stat().st_mtime_ns
    regexcode._compile("abc", 0)
    regexcode.save()  # nothing new: not written again
    assert fresh.stat().st_mtime_ns == stamp


PROBE = """
import json, re
from handouts import regexcode
from handouts.inputs import schema, values
print(json.dumps({"compiled": regexcode.compiled, "path": regexcode._file(),
    "match": bool(re.compile(r"probe-(\\d+)-x").match("probe-12-x"))}))
"""


def _probe(cache: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)  # the table (and bytecode) go here, not into the checkout
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=ROOT, env=env, timeout=120
    )
    return json.loads(done.stdout)


def test_a_third_process_compiles_none_of_its_patterns(tmp_path):
    first = _probe(tmp_path)
    assert first["compiled"] > 0 and first["match"]
    assert Path(first["path"]).is_file()
    assert _probe(tmp_path)["compiled"] == first["compiled"]  # the first only noted them
    third = _probe(tmp_path)
    assert third["compiled"] == 0 and third["match"]


def test_a_full_table_takes_no_more_patterns_and_they_still_compile(fresh, monkeypatch):
    """Patterns made from what a run reads (a hostile PDF's object numbers) cannot grow the table past LIMIT."""
    monkeypatch.setattr(regexcode, "LIMIT", 3)
    texts = [rf"(?<!\d){n} 0 obj" for n in range(6)]
    for text in texts:
        made = regexcode._compile(text, 0)
        assert made.search(f"x {text[6:]}") is not None  # compiled, full table or not
    assert len(regexcode._table) == 3
    assert set(regexcode._table) == {(text, 0) for text in texts[:3]}
    regexcode.save()
    _forget(monkeypatch)
    regexcode._compile(texts[0], 0)
    assert len(regexcode._table) == 3
