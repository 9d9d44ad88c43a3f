"""Hostile markup from a layout: XML's own doors (DTDs, entities, processing instructions) and
ReportLab's markup extras (images by path, onDraw, unichar, colour expressions) never reach
ReportLab; the settings that lock ReportLab down are in force once handouts is imported."""

from __future__ import annotations

import pytest

from tests.hostile.conftest import assert_refused, assert_untouched

LAYOUT = "layouts/evil.xml.j2"


def _xml_body(canary) -> dict[str, tuple[str, str]]:
    return {
        "billion-laughs": (
            '<!DOCTYPE handout [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><handout title="x"><p>&c;</p></handout>',
            "a DOCTYPE declaration is not allowed in handout markup",
        ),
        "external-entity": (
            f'<!DOCTYPE handout [<!ENTITY xxe SYSTEM "file://{canary}">]><handout title="x"><p>&xxe;</p></handout>',
            "a DOCTYPE declaration is not allowed",
        ),
        "parameter-entity": (
            f'<!DOCTYPE handout [<!ENTITY % p SYSTEM "file://{canary}"> %p;]><handout title="x"/>',
            "a DOCTYPE declaration is not allowed",
        ),
        # (the reason after "malformed markup:" is expat's own)
        "undeclared-entity": ('<handout title="x"><p>&secret;</p></handout>', "malformed markup"),
        "processing-instruction": (
            f'<handout title="x"><?xml-stylesheet href="file://{canary}"?><p>x</p></handout>',
            "a processing instruction is not allowed",
        ),
        "xinclude": (
            f'<handout title="x" xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="{canary}"/></handout>',
            "unknown attribute 'xmlns:xi'",
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "billion-laughs",
        "external-entity",
        "parameter-entity",
        "undeclared-entity",
        "processing-instruction",
        "xinclude",
    ],
)
def test_xml_doors_are_closed(run, tmp_path, watch, canary, name):
    body, message = _xml_body(canary)[name]
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "evil.xml.j2").write_text("{#-\nroles: 2\n-#}\n" + body)
    code, out = run("build", "evil", "medical-assistant", "medical-administrative-assistant", "--layouts", str(folder))
    assert_refused(code, out, tmp_path, 3, LAYOUT, "markup" if name != "xinclude" else "<handout>")
    assert message in out
    assert_untouched(watch, canary, tmp_path, out)


REPORTLAB_EXTRAS = {
    "img-by-path": ('<p><img src="{canary}" width="10" height="10"/></p>', "<img>", "unknown element"),
    "para": ("<para>x</para>", "<para>", "unknown element"),
    "font-colour-expression": (
        "<p><font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch pwned.txt') "
        "for Word in [orgTypeFun('Word', (str,), {{'mutated': 1}})]] and 'red']]\">x</font></p>",
        "<font>",
        "unknown element",
    ),
    "onDraw": ('<p><onDraw name="canv.drawString" label="x"/></p>', "<onDraw>", "unknown element"),
    "unichar": (
        "<p><unichar code=\"__import__('os').system('touch pwned.txt')\"/></p>",
        "<unichar>",
        "unknown element",
    ),
    "seq": ("<p><seq id='x'/></p>", "<seq>", "unknown element"),
    "rule-colour-expression": ('<rule color="[].__class__"/>', "<rule color>", "is not a colour"),
    "rule-colour-function": ('<rule color="rgb(1,2,3)"/>', "<rule color>", "is not a colour"),
    "link-to-a-file": ('<p><a href="file://{canary}">x</a></p>', "<a href>", "is not an allowed link"),
    "link-javascript": ('<p><a href="javascript:app.alert(1)">x</a></p>', "<a href>", "is not an allowed link"),
    "link-relative": ('<p><a href="../outside/secret.txt">x</a></p>', "<a href>", "is not an allowed link"),
    "style-attribute": ('<p style="color: red" fontName="Helvetica">x</p>', "<p>", "unknown attribute 'style'"),
}


@pytest.mark.parametrize("name", list(REPORTLAB_EXTRAS))
def test_reportlab_markup_extras_in_a_layout_are_refused(build_layout, tmp_path, watch, canary, name):
    body, where, message = REPORTLAB_EXTRAS[name]
    code, out, _text = build_layout(body.format(canary=canary))
    assert_refused(code, out, tmp_path, 3, LAYOUT, where)
    assert message in out and "rendered markup line 2" in out
    assert not (tmp_path / "pwned.txt").exists()
    assert_untouched(watch, canary, tmp_path, out)


def test_markup_nested_too_deep_is_refused(build_layout, tmp_path):
    code, out, _text = build_layout("<keep>" * 70 + "</keep>" * 70)
    assert_refused(code, out, tmp_path, 3, LAYOUT, "elements nested more than 60 deep")


def test_too_many_elements_are_refused(build_layout, tmp_path):
    code, out, _text = build_layout("{% for i in range(60000) %}<br/>{% endfor %}".join(["<p>", "</p>"]))
    assert_refused(code, out, tmp_path, 3, LAYOUT, "more than 50,000 elements")


def test_reportlab_is_locked_down_once_handouts_is_imported():
    """The settings are in force after a plain import, before any build."""
    import subprocess
    import sys

    script = (
        "import handouts.build\n"
        "from reportlab import rl_config as c\n"
        "print(c.invariant, c.trustedHosts, c.trustedSchemes, c.toColorCanUse, c.allowTableBoundsErrors)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "None", "[]", "None", "0"]


def test_reportlab_refuses_to_fetch_even_if_asked_directly(tmp_path, watch, canary):
    """With trustedHosts None and no trusted schemes, ReportLab's own URL opener refuses http and file URLs.

    ReportLab before 5.0 skipped the check when trustedHosts was None, and read the file URL.
    """
    from reportlab.lib.utils import open_for_read

    import handouts.render.document  # noqa: F401  (applies the lock-down)

    for url in (f"file://{canary}", "http://example.com/logo.png"):
        with pytest.raises(OSError):
            open_for_read(url)
    assert str(canary) not in watch.opened  # (ReportLab first tries the whole URL as a file name; no such file)
