"""Property tests: generated role data and generated markup thrown at the loaders, the markup
parser and the renderer. Each either succeeds or raises the project's own error type, never
anything else, within a time bound (the hypothesis deadline).

The default profile is derandomized (the same examples on every run, so CI never flakes);
``HYPOTHESIS_PROFILE=explore`` searches far more widely. Any crasher found is kept below as an
``@example`` so it is replayed on every run.
"""

from __future__ import annotations

import functools
import os

import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import handouts.render.blocks  # noqa: F401  (registers every element, e.g. checklists and pathways)
from handouts.errors import HandoutsError, Problem
from handouts.inputs.models import Role
from handouts.inputs.roles import SourcesFile, parse_yaml
from handouts.inputs.schema import Converter
from handouts.markup.parse import parse_markup
from handouts.markup.vocabulary import SPECS

settings.register_profile(
    "ci", max_examples=150, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", max_examples=3000, suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
RENDER_EXAMPLES = 40 if PROFILE == "ci" else 500  # each render is a whole PDF

# ---- role data -------------------------------------------------------------------------------

ROLE_FIELDS = sorted(Role.__dataclass_fields__)
ODD_TEXT = st.sampled_from(
    [
        *("NO", "yes", "012345", "12:30", "0x1F", "1e999", "-.inf", "~", "null", "", " ", "\t", "é", "\u202e"),
        *("\x1b[2J", "<b>x</b>", "&amp;", "{{ 7*7 }}", "%s", "\\", "'", '"', "#", "- ", ": ", "2024-01-01", "12.5%"),
    ]
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40), ODD_TEXT)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(ROLE_FIELDS), st.text(max_size=10)), inner, max_size=5),
    ),
    max_leaves=30,
)
role_like = st.dictionaries(st.sampled_from(ROLE_FIELDS), values, max_size=12)
YAML_TOKENS = [
    "- ",
    ": ",
    "? ",
    "&a ",
    "*a ",
    "!!python/object/apply:os.system ",
    "!!binary ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "'",
    '"',
    "\n",
    "  ",
    "NO",
    "012345",
    "12:30",
    "~",
    "%YAML 1.1\n",
    "%TAG ! tag:x:\n",
    "---\n",
    "...\n",
    "|\n  ",
    ">-\n  ",
    "# c\n",
    "\\x00",
    "\ufeff",
    "\x85",
    "\u2028",
    "id",
    "name",
    "figures",
    "sources",
]
yaml_text = st.one_of(
    role_like.map(lambda value: yaml.safe_dump(value, allow_unicode=True, sort_keys=False)),
    st.lists(st.one_of(st.sampled_from(YAML_TOKENS), st.text(max_size=6)), max_size=80).map("".join),
    st.text(max_size=300),
)


def _load(text: str) -> list[Problem]:
    """parse + type as a Role and as a sources file; problems, or the project's exception."""
    root = parse_yaml(text, "generated.yaml")
    problems: list[Problem] = []
    for target in (Role, SourcesFile):
        converter = Converter("generated.yaml")
        converter.convert(root, target, "")
        problems += converter.problems
    return problems


@settings(deadline=None)  # no speed assertion: a loaded CI machine must not fail it
@given(yaml_text)
@example("a: " + "[" * 100_000)  # crashed the interpreter when libyaml composed it (fixed: event stream)
@example("[" * 500)
@example("a: \ud800")  # a lone surrogate: UnicodeEncodeError inside the YAML parser
@example("a: \x00")
@example("- &a x\n- *a\n")
@example("name: 1e999\nid: x\n")
def test_role_yaml_loads_or_raises_handouts_errors(text):
    try:
        problems = _load(text)
    except HandoutsError as exc:
        assert exc.problems and all(p.file == "generated.yaml" for p in exc.problems)
        return
    assert all(isinstance(p, Problem) and p.file == "generated.yaml" for p in problems)


# ---- markup ----------------------------------------------------------------------------------

TAGS = sorted(SPECS)
ATTRS = sorted({name for spec in SPECS.values() for name in spec.attrs} | {"style", "src", "onDraw"})
ATTR_VALUES = st.one_of(
    st.sampled_from(
        [
            "12pt",
            "0.5in",
            "9999in",
            "-1pt",
            "30%,*,*",
            "200%",
            "*",
            "",
            "true",
            "nope",
            "0",
            "99999999",
            "#fff",
            "#12345",
            "primary",
            "[].__class__",
            "https://example.com/x",
            "javascript:x",
            "file:///etc/passwd",
            "tel:+1 555",
            "en-US",
            "a4",
            "left",
            "note",
            "src-a",
            "src-b",
            "1 2 3 4",
            "1in 1in 1in 1in",
        ]
    ),
    st.text(max_size=12),
)
TEXT = st.one_of(
    st.sampled_from(["x", " ", "&amp;", "&lt;b&gt;", "&#x1F600;", "&#0;", "&nope;", "<", "&", "]]>", "直", "\u202e"]),
    st.text(max_size=20),
)


def _attrs(pairs: list[tuple[str, str]]) -> str:
    return "".join(
        f' {name}="{value.replace("&", "&amp;").replace(chr(34), "&quot;").replace("<", "&lt;")}"'
        for name, value in pairs
    )


markup_trees = st.recursive(
    TEXT,
    lambda inner: st.builds(
        lambda tag, pairs, kids: f"<{tag}{_attrs(pairs)}>{''.join(kids)}</{tag}>",
        st.sampled_from(TAGS),
        st.lists(st.tuples(st.sampled_from(ATTRS), ATTR_VALUES), max_size=3, unique_by=lambda p: p[0]),
        st.lists(inner, max_size=4),
    ),
    max_leaves=25,
)
markup_text = st.one_of(
    markup_trees.map(lambda body: f'<handout title="Generated">{body}</handout>'),
    markup_trees,
    st.text(max_size=200),
)


@settings(deadline=None)  # no speed assertion: a loaded CI machine must not fail it
@given(markup_text)
@example('<!DOCTYPE handout [<!ENTITY a "x">]><handout title="t">&a;</handout>')
@example('<handout title="t"><table><tr><td colspan="20">x</td></tr></table></handout>')
@example('<handout title="t"><cite source="nope"/></handout>')
def test_markup_parses_or_raises_handouts_errors(text):
    try:
        tree = parse_markup(text, "generated.xml.j2", {"src-a", "src-b"})
    except HandoutsError as exc:
        assert exc.problems and all(p.file == "generated.xml.j2" for p in exc.problems)
        return
    assert tree.tag == "handout"


VALUE_POOL = [
    *("1", "2", "3", "5", "10", "50", "0", "12pt", "1in", "2cm", "30mm", "0.5in", "72pt", "3in", "6in"),
    *("30%,*,*", "50%,50%", "*,2in", "1in,*", "true", "false", "#1f4e79", "#fff", "primary", "accent", "text"),
    *("https://example.com/x", "mailto:a@example.com", "tel:+1 555 0100", "en-US", "es", "src-a", "src-b"),
    *("step-1", "step-2", "a", "b", "Title", "A label", "Campus map", "usd_per_year", "percent", "2024", "2026"),
    *("0.6in", "1in 1in 1in 1in", "about", "over", "pay_range", "median_pay", "job_growth", "50%", "25%"),
    "map.png",
]
# Text that is well-formed XML (escaped), with the odd characters a role's data may hold.
GOOD_TEXT = st.one_of(
    st.sampled_from(["x", " ", "&amp;", "&lt;b&gt;", "&#x1F600;", "直接", "NO", "{{ 7*7 }}", "\u00a0"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(
        lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    ),
)


@functools.cache
def _valid_values(tag: str, name: str) -> list[str]:
    """The pool values this attribute's own parser accepts (plus its choices), so most trees are valid."""
    attr = SPECS[tag].attrs[name]
    candidates = [*getattr(attr.parse, "options", ()), *VALUE_POOL]
    valid = []
    for value in candidates:
        try:
            attr.parse(value)
        except Exception:
            continue
        valid.append(value)
    return sorted(set(valid))


@st.composite
def vocabulary_element(draw, tag: str, depth: int = 0) -> str:
    """An element that mostly follows the vocabulary's content models, with odd attribute values.

    Built from `vocabulary.SPECS`, so elements other modules register (charts, QR codes,
    checklists ...) are generated and rendered here too.
    """
    spec = SPECS[tag]
    pairs = []
    for name, attr in spec.attrs.items():
        if attr.required or draw(st.integers(0, 3)) == 0:
            valid = _valid_values(tag, name)
            odd = not valid or draw(st.integers(0, 5)) == 0
            pairs.append((name, draw(ATTR_VALUES if odd else st.sampled_from(valid))))
    content = spec.content
    if content == "empty" or depth > 3:
        kids: list[str] = [] if content == "empty" else [draw(GOOD_TEXT)]
    elif isinstance(content, tuple):
        kids = draw(st.lists(st.sampled_from(content).flatmap(lambda t: vocabulary_element(t, depth + 1)), max_size=3))
    else:
        kinds = {"inline": ("inline",), "blocks": ("block",), "flow": ("inline", "block")}[content]
        tags = sorted(name for name, s in SPECS.items() if s.kind in kinds)
        child = st.sampled_from(tags).flatmap(lambda t: vocabulary_element(t, depth + 1))
        kids = draw(st.lists(child | GOOD_TEXT if "inline" in kinds else child, max_size=3))
    return f"<{tag}{_attrs(pairs)}>{''.join(kids)}</{tag}>"


BLOCKS = sorted(name for name, spec in SPECS.items() if spec.kind == "block")
handouts_markup = st.lists(st.sampled_from(BLOCKS).flatmap(vocabulary_element), min_size=1, max_size=6).map(
    lambda blocks: f'<handout title="Generated"><p>start</p>{"".join(blocks)}</handout>'
)


@settings(deadline=None, max_examples=RENDER_EXAMPLES)
@given(st.one_of(handouts_markup, markup_trees.map(lambda body: f'<handout title="Generated">{body}</handout>')))
@example('<handout title="Generated"></handout>')  # was a PDF with no pages
@example('<handout title="G"><p>start</p><ul><li><keep></keep></li></ul></handout>')  # was an AttributeError
@example('<handout title="G"><callout><keep><h1>x</h1><p>y</p></keep></callout></handout>')  # a page-high cell
@example('<handout title="G"><p>start</p><table><tr></tr></table></handout>')  # was a ValueError
@example('<handout title="t"><table widths="9999in"><tr><td>x</td></tr></table></handout>')
@example('<handout title="t"><spacer height="1999pt"/></handout>')
@example('<handout title="t"><table><tr><td>' + "<p>x</p>" * 300 + "</td></tr></table></handout>")
def test_markup_that_parses_renders_or_raises_handouts_errors(text):
    from handouts.inputs.brand import load_brand
    from handouts.inputs.fonts import load_fonts
    from handouts.inputs.models import Source
    from handouts.render.document import render

    try:
        tree = parse_markup(text, "generated.xml.j2", {"src-a", "src-b"})
    except HandoutsError:
        event("refused by the markup parser")
        return
    event("rendered")
    sources = {sid: Source(id=sid, title="T", publisher="P", date="2026") for sid in ("src-a", "src-b")}
    brand = load_brand(None)
    try:
        rendered = render(tree, brand, load_fonts(brand), sources, "generated.xml.j2")
    except HandoutsError as exc:
        assert exc.problems and all(p.file == "generated.xml.j2" for p in exc.problems)
        return
    assert rendered.pdf.startswith(b"%PDF-") and rendered.pages >= 1


# ---- brand.toml ------------------------------------------------------------------------------

TOML_TOKENS = [
    'name = "x"\n',
    "[colors]\n",
    'primary = "#1f4e79"\n',
    "primary = 1\n",
    "[fonts]\n",
    'regular = "a.ttf"\n',
    'logo = "../x.png"\n',
    "[[x]]\n",
    "a.b.c = 1\n",
    '"quoted key" = true\n',
    "x = [1, [2, [3]]]\n",
    "x = {a = 1}\n",
    "x = 1979-05-27T07:32:00Z\n",
    "x = nan\n",
    "x = inf\n",
    '"""',
    "'''",
    "\\u0000",
    "=",
    "\ufeff",
    'paper = "a4"\n',
    'language = "en-US"\n',
    "[contact]\n",
    'website = "javascript:x"\n',
]
toml_text = st.one_of(
    st.lists(st.one_of(st.sampled_from(TOML_TOKENS), st.text(max_size=6)), max_size=30).map("".join),
    st.text(max_size=200),
)


@settings(deadline=None)  # no speed assertion: a loaded CI machine must not fail it
@given(toml_text)
@example("x = " + "[" * 2000)  # exhausted tomllib's recursion: was an unexpected RecursionError
@example("\ufeffname = 'x'\n")
def test_brand_toml_loads_or_raises_handouts_errors(text):
    import tempfile
    from pathlib import Path

    from handouts.inputs.brand import load_brand

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "brand.toml").write_text(text, encoding="utf-8")
        try:
            load_brand(Path(folder))
        except HandoutsError as exc:
            assert exc.problems
