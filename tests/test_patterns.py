"""The dependencies' import-time patterns deferred by handouts.patterns match as ReportLab, PyYAML and pikepdf compiled them."""

from __future__ import annotations

import json
import subprocess
import sys

# In a fresh process (this one may have imported ReportLab before handouts): which patterns are
# deferred, what each matches against the same pattern compiled directly, and that a pattern compiled
# anywhere else is an ordinary one.
_PROBE = r"""
import json, re
import handouts
import reportlab.platypus.paragraph as paragraph
import reportlab.lib.textsplit as textsplit
import yaml.reader
try:  # pikepdf 10 and newer: a package; before: one module (our minimum, 9.10)
    import pikepdf.models.metadata._constants as xmp
except ImportError:
    import pikepdf.models.metadata as xmp
from handouts.patterns import Deferred

cases = [
    (paragraph.uri_pat, ["https://www.bls.gov/ooh/", "not a uri", "HTTP://Example.ORG:8080/x?y"]),
    (paragraph._scheme_re, ["mailto", "1abc"]),
    (textsplit.rx, ["abc", "漢字テキスト"]),
    (yaml.reader.Reader.NON_PRINTABLE, ["plain", "bell\x07"]),
    (xmp.re_xml_illegal_chars, ["ok", "nul\x00"]),
]
report = {"deferred": [], "same": []}
for pattern, texts in cases:
    report["deferred"].append(isinstance(pattern, Deferred))
    direct = re.compile(pattern.pattern, pattern.flags)
    for text in texts:
        ours, theirs = pattern.search(text), direct.search(text)
        report["same"].append((ours and ours.span()) == (theirs and theirs.span()))
        report["same"].append(pattern.sub("_", text) == direct.sub("_", text))
report["elsewhere"] = type(re.compile("[a-z]+")).__name__
print(json.dumps(report))
"""


def test_deferred_patterns_match_as_compiled_directly() -> None:
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    assert report["deferred"] == [True] * 5
    assert report["same"] and all(report["same"])
    assert report["elsewhere"] == "Pattern"


def test_a_module_imported_before_handouts_keeps_its_own_patterns() -> None:
    probe = "import re, reportlab.platypus.paragraph as p, handouts; print(isinstance(p.uri_pat, re.Pattern))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"
