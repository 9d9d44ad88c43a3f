"""Hostile layouts: loops that never end, memory bombs, sandbox escapes, and file reads
through includes, names and links. Each is stopped with the layout file and line named."""

from __future__ import annotations

import os
import time

import pytest

from tests.conftest import PAIR
from tests.hostile.conftest import CANARY_TEXT, assert_refused, assert_untouched, line_of, write_layout

LAYOUT = "layouts/evil.xml.j2"


@pytest.fixture
def short_deadline(monkeypatch):
    """The 5-second render limit, shortened so the test stays quick (the mechanism is the same)."""
    from handouts.templating import environment as templating

    monkeypatch.setattr(templating, "MAX_SECONDS", 0.3)


def test_nested_loop_without_output_is_stopped_and_the_line_named(build_layout, tmp_path, short_deadline):
    body = "<p>start</p>\n{% for a in range(100000) %}\n{% for b in range(100000) %}{% endfor %}{% endfor %}"
    started = time.monotonic()
    code, out, text = build_layout(body)
    assert time.monotonic() - started < 30  # a generous bound: unstopped, this runs for hours
    assert_refused(code, out, tmp_path, 3, LAYOUT, line_of(text, "for b in"))
    assert "the layout was stopped after 0.3 seconds, still running here" in out


def test_loop_stopped_inside_a_macro_names_the_macro_line(build_layout, tmp_path, short_deadline):
    body = "{% macro spin() %}\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n{% endmacro %}\n<p>{{ spin() }}</p>"
    code, out, text = build_layout(body)
    assert_refused(code, out, tmp_path, 3, LAYOUT, line_of(text, "for a in"))


MEMORY_BOMBS = {
    "string-times": ("<p>{{ 'x' * 10**9 }}</p>", "more than 100,000 items"),
    "list-times": ("<p>{{ (['y' * 100000] * 1000) | length }}</p>", "repeating this 1,000 times"),
    "tilde-doubling": (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}<p>{{ ns.s }}</p>",
        "text joined with '~' would be longer than 2,000,000 characters",
    ),
    "macro-doubling": (
        "{% macro grow(s, n) %}{{ grow(s ~ s, n - 1) if n else s }}{% endmacro %}<p>{{ grow('x', 64) }}</p>",
        "text joined with '~'",
    ),
    "captured-block": (
        "{% set big %}{% for i in range(100000) %}{{ 'y' * 99999 }}{% endfor %}{% endset %}<p>{{ big }}</p>",
        "a captured block or macro produced more than 2,000,000 characters",
    ),
    "percent-padding": ("<p>{{ '%0999999999d' % 1 }}</p>", "a %-format width of 999,999,999"),
    "format-padding": ("<p>{{ '{:>999999999}'.format(1) }}</p>", "a format width of 999,999,999"),
    "ljust": ("<p>{{ 'x'.ljust(10**9) }}</p>", "'ljust' width of 1,000,000,000"),
    "replace-filter": (
        "<p>{{ ('x' * 100000) | replace('x', 'y' * 100000) }}</p>",
        "the 'replace' filter would produce",
    ),
    "join-filter": ("<p>{{ range(100000) | join('y' * 100000) }}</p>", "the 'join' filter would produce"),
    "nested-lists": (
        "{% set ns = namespace(l=[1]) %}{% for i in range(64) %}{% set ns.l = [ns.l, ns.l] %}{% endfor %}<p>{{ ns.l }}</p>",
        "a list or mapping would be longer than 2,000,000 characters",
    ),
    "nested-mappings": (
        "{% set ns = namespace(d={'a': 1, 'b': 2, 'c': 'x' * 1000}) %}{% for i in range(12) %}"
        "{% set ns.d = {'a': ns.d, 'b': ns.d, 'c': ns.d} %}{% endfor %}<p>{{ ns.d }}</p>",
        "a list or mapping would be longer than 2,000,000 characters",
    ),
    "big-power": ("<p>{{ (10 ** 64) ** 64 }}</p>", "'**' gives a number over 1024 bits long"),
    # Jinja2's own MAX_RANGE refuses this, in its words; ours are the place and the fix.
    "huge-range": ("<p>{{ range(10 ** 9) | length }}</p>", "; check the expression on this line"),
    "output": ("{% for i in range(100000) %}<p>{{ 'y' * 99999 }}</p>{% endfor %}", "the layout produced more than"),
}


@pytest.mark.parametrize("name", list(MEMORY_BOMBS))
def test_memory_bomb_is_refused_before_it_allocates(build_layout, tmp_path, name):
    body, message = MEMORY_BOMBS[name]
    started = time.monotonic()
    code, out, _text = build_layout(body)
    assert time.monotonic() - started < 30
    line = 0 if name == "output" else 5
    assert_refused(code, out, tmp_path, 3, LAYOUT, line or "template")
    assert message in out


def test_recursive_macro_is_reported_not_a_crash(build_layout, tmp_path):
    body = "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}\n<p>{{ down(1) }}</p>"
    code, out, text = build_layout(body)
    assert_refused(code, out, tmp_path, 3, LAYOUT, line_of(text, "macro down"))
    assert "a macro, recursive loop, include or extends calls itself too deeply" in out


ESCAPES = {
    "mro-subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals-via-cycler": "{{ cycler.__init__.__globals__.os.system('touch pwned.txt') }}",
    "attr-filter": "{{ (cycler | attr('__init__') | attr('__globals__'))['os'].system('touch pwned.txt') }}",
    "format-attribute": "{{ '{0.__class__.__base__.__subclasses__}'.format('') }}",
    "indirect-format": "{{ ''.format_map.__self__.__class__ }}",
    "template-reference": "{{ self._TemplateReference__context.environment.loader }}",
    "namespace-internals": "{{ namespace.__init__.__globals__ }}",
    "mutate-list": "{% set l = [1] %}{{ l.append(2) }}",
    "mutate-brand": "{{ brand.__setattr__('name', 'x') }}",
    "private-attribute": "{{ role.__dict__ }}",
}


@pytest.mark.parametrize("name", list(ESCAPES))
def test_sandbox_escape_is_refused_and_nothing_runs(build_layout, tmp_path, watch, canary, name):
    code, out, _text = build_layout("<p>" + ESCAPES[name] + "</p>")
    assert_refused(code, out, tmp_path, 3, LAYOUT, 5)
    assert "refused by the sandbox" in out or "undefined value" in out, out
    assert not (tmp_path / "pwned.txt").exists()
    assert_untouched(watch, canary, tmp_path, out)


@pytest.mark.parametrize(
    "target",
    [
        "../outside/secret.txt",
        "../../outside/secret.xml.j2",
        "/etc/passwd",
        "builtin/../../outside/x.xml.j2",
        "C:/x.xml.j2",
    ],
)
def test_include_outside_the_layout_folders_is_refused(build_layout, tmp_path, watch, canary, target):
    code, out, _text = build_layout("<p>{% include '" + target + "' %}</p>")
    assert_refused(code, out, tmp_path, 3, LAYOUT, 5)
    assert "is not a valid layout file name" in out
    assert_untouched(watch, canary, tmp_path, out)


def test_include_name_from_data_cannot_reach_a_file(build_layout, tmp_path, watch, canary):
    code, out, _text = build_layout("<p>{% include role.summary %}</p>")
    assert_refused(code, out, tmp_path, 3, LAYOUT, 5)
    assert "is not a valid layout file name" in out
    assert_untouched(watch, canary, tmp_path, out)


def test_layout_linked_out_of_its_folder_is_refused(run, tmp_path, watch, canary):
    folder = tmp_path / "layouts"
    folder.mkdir()
    outside = canary.parent / "evil.xml.j2"
    outside.write_text('{#-\nroles: 2\n-#}\n<handout title="x"><p>' + CANARY_TEXT + "</p></handout>")
    os.symlink(outside, folder / "evil.xml.j2")
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder))
    assert_refused(code, out, tmp_path, 3, "evil.xml.j2", "is a link leading outside its layout folder")
    assert_untouched(watch, canary, tmp_path, out)
    code, out = run("list", "layouts", "--layouts", str(folder))
    assert "a link leading outside its folder" in out
    assert_untouched(watch, canary, tmp_path, out)


def test_included_file_linked_out_of_the_folder_is_refused(build_layout, tmp_path, watch, canary):
    (tmp_path / "layouts").mkdir()
    os.symlink(canary, tmp_path / "layouts" / "_part.xml.j2")
    code, out, _text = build_layout("<p>{% include '_part.xml.j2' %}</p>")
    assert_refused(code, out, tmp_path, 3, LAYOUT, 5)
    assert "is a link leading outside its layout folder" in out
    assert_untouched(watch, canary, tmp_path, out)


def test_layout_not_in_utf8_is_refused(run, tmp_path):
    folder = tmp_path / "layouts"
    write_layout(folder, "<p>Café</p>")
    path = folder / "evil.xml.j2"
    path.write_bytes(path.read_text().encode("cp1252"))
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder))
    assert_refused(code, out, tmp_path, 3, LAYOUT, "layout file is not UTF-8 text")


def test_layout_names_outside_the_safe_pattern_are_not_layouts(run, tmp_path):
    folder = tmp_path / "layouts"
    for name in ("Evil", "ev il", "evil.x", "-evil"):
        write_layout(folder, "<p>x</p>", name)
    code, out = run("list", "layouts", "--layouts", str(folder))
    assert code == 0
    listing = out
    for name in ("Evil", "ev il", "evil.x", "-evil"):
        assert name not in listing
    for name in ("Evil", "ev il", "evil.x"):
        code, out = run("build", name, *PAIR, "--layouts", str(folder))
        assert code == 2 and f"unknown layout '{name}'" in out


def test_brand_kit_layouts_folder_linked_out_of_the_kit_is_ignored(run, tmp_path, watch, canary):
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "brand.toml").write_text('name = "Lakeside High"\n')
    write_layout(canary.parent, "<p>{{ 'x' }}</p>", "evil")
    os.symlink(canary.parent, kit / "layouts")
    code, out = run("build", "evil", *PAIR, "--brand", str(kit))
    assert code == 2 and "unknown layout 'evil'" in out


def test_a_layout_that_runs_to_hundreds_of_pages_is_stopped(build_layout, tmp_path, monkeypatch):
    from handouts.render import document as render

    monkeypatch.setattr(render, "MAX_PAGES", 5)
    code, out, _text = build_layout("<ul>{% for i in range(2000) %}<li>item {{ i }}</li>{% endfor %}</ul>")
    assert_refused(code, out, tmp_path, 4, LAYOUT, "the handout runs past 5 pages")
    assert "<ul> at rendered markup line" in out


@pytest.mark.parametrize(
    "body",
    [
        '{% extends "evil.xml.j2" %}',
        '<p>{% include "evil.xml.j2" %}</p>',
        '{% import "evil.xml.j2" as me %}<p>x</p>',
    ],
    ids=["extends-itself", "includes-itself", "imports-itself"],
)
def test_a_layout_that_loads_itself_is_reported(run, tmp_path, body):
    folder = tmp_path / "layouts"
    folder.mkdir()
    text = "{#-\nroles: 2\n-#}\n" + (body if body.startswith("{% extends") else f'<handout title="x">{body}</handout>')
    (folder / "evil.xml.j2").write_text(text)
    code, out = run("build", "evil", *PAIR, "--layouts", str(folder))
    assert_refused(code, out, tmp_path, 3, LAYOUT, 4)
    assert "calls itself too deeply" in out


def test_a_mapping_weighs_the_same_whatever_its_order():
    """Weighing must not reuse the id of a freed (key, value) pair for the next one."""
    from handouts.templating.sandbox import weigh

    a = weigh({"a": 1, "b": 2, "c": "x" * 1000})
    b = weigh({"c": "x" * 1000, "a": 1, "b": 2})
    assert a == b >= 1000
