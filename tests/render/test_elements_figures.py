"""Images, QR codes and charts: drawn, sized, described by alt text in the structure tree."""

from __future__ import annotations

import io
import os

import pdfplumber
import pypdfium2
import pytest

from tests.support.layoutkit import (
    content_words,
    layout_folder,
    raises_layout_error,
    render_markup,
    sample_image,
    structure,
)


def images(pdf, page=0):
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        return plumber.pages[page].images


# -- images ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), [("photo.png", "PNG"), ("photo.jpg", "JPEG")])
def test_image_fits_its_box_keeping_proportions(tmp_path, name, fmt):
    sample_image(layout_folder(tmp_path) / name, (400, 200), fmt)
    pdf = render_markup(tmp_path, f'<image src="{name}" alt="A dark oval" width="3in" height="3in"/>')
    (image,) = images(pdf)
    assert image["width"] == pytest.approx(216, abs=0.5)  # 3in wide, limited by width
    assert image["height"] == pytest.approx(108, abs=0.5)  # half as tall, as the pixels are
    figure = structure(pdf).find("Figure")
    assert [f.alt for f in figure] == ["A dark oval"]


def test_image_is_limited_by_height_and_centred_with_its_caption(tmp_path):
    sample_image(layout_folder(tmp_path) / "photo.png", (400, 200))
    pdf = render_markup(tmp_path, '<image src="photo.png" alt="Oval" height="1in" caption="Our lab"/>')
    (image,) = images(pdf)
    assert (image["width"], image["height"]) == pytest.approx((144, 72), abs=0.5)
    assert (image["x0"] + image["x1"]) / 2 == pytest.approx(306, abs=0.5)
    caption = next(w for w in content_words(pdf) if w["text"] == "Our")
    assert caption["top"] > image["bottom"]


def test_image_never_wider_than_its_column(tmp_path):
    sample_image(layout_folder(tmp_path) / "wide.png", (1000, 100))
    pdf = render_markup(tmp_path, '<image src="wide.png" alt="A wide strip" width="20in"/>')
    (image,) = images(pdf)
    assert image["width"] == pytest.approx(612 - 2 * 43.2, abs=0.5)


def test_image_from_the_brand_kit(tmp_path):
    kit = tmp_path / "kit"
    sample_image(kit / "images" / "crest.png")
    (kit / "brand.toml").write_text('name = "Lakeside High"\n')
    pdf = render_markup(tmp_path, '<image src="images/crest.png" alt="School crest"/>', brand=kit)
    assert len(images(pdf)) == 1


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ('<image src="photo.png"/>', "missing required attribute 'alt'"),
        ('<image src="photo.png" alt="  "/>', "<image alt>: must not be empty"),
        ('<image src="missing.png" alt="x"/>', "image 'missing.png' not found; looked in layouts"),
        ('<image src="photo.gif" alt="x"/>', "is not an image file name; use a .png or .jpg"),
    ],
)
def test_image_mistakes_are_clear_errors(tmp_path, monkeypatch, markup, message):
    monkeypatch.chdir(tmp_path)
    sample_image(layout_folder(tmp_path) / "photo.png")
    assert message in raises_layout_error(tmp_path, markup)


def test_a_file_that_is_not_really_a_png_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = layout_folder(tmp_path)
    sample_image(folder / "fake.png", fmt="GIF")  # a GIF named .png: not a decoder we allow
    assert "'fake.png' (layouts/fake.png) is not a PNG or JPEG image" in raises_layout_error(
        tmp_path, '<image src="fake.png" alt="x"/>'
    )
    (folder / "text.png").write_text("not an image")
    assert "is not a PNG or JPEG image" in raises_layout_error(tmp_path, '<image src="text.png" alt="x"/>')


def test_an_image_with_too_many_pixels_is_refused_before_decoding(tmp_path):
    from PIL import Image

    Image.new("1", (6000, 5000)).save(layout_folder(tmp_path) / "huge.png")  # small file, many pixels
    message = raises_layout_error(tmp_path, '<image src="huge.png" alt="x"/>')
    assert (
        "'huge.png' (" in message and "/huge.png) is 6,000 x 5,000 pixels, more than the 25,000,000 allowed" in message
    )


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_an_image_linked_from_outside_the_folder_is_refused(tmp_path):
    outside = sample_image(tmp_path / "elsewhere" / "secret.png")
    (layout_folder(tmp_path) / "linked.png").symlink_to(outside)
    message = raises_layout_error(tmp_path, '<image src="linked.png" alt="x"/>')
    assert "is a link leading outside the folder" in message


# -- QR codes --------------------------------------------------------------------------------------


def decode_qr(pdf) -> list[str]:
    import zxingcpp

    page = pypdfium2.PdfDocument(pdf.data)[0]
    picture = page.render(scale=3).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(picture)]


def test_qr_code_scans_to_its_address_which_is_printed_under_it(tmp_path):
    url = "https://www.lakeside.example/careers/health-programs?from=handout"
    pdf = render_markup(tmp_path, f'<p>Scan me.</p><qr url="{url}" size="1in"/>')
    assert decode_qr(pdf) == [url]
    words = content_words(pdf)
    printed = "".join(w["text"] for w in words if w["top"] > 150)
    assert printed == url  # broken over lines at its slashes, never mid-word
    figure = structure(pdf).find("Figure")
    assert [f.alt for f in figure] == [f"QR code: opens {url}"]
    links = [a.get_object()["/A"]["/URI"] for a in pdf.reader.pages[0]["/Annots"]]
    assert url in links


def test_qr_code_keeps_its_own_alt_text_and_size(tmp_path):
    pdf = render_markup(tmp_path, '<qr url="https://example.org" size="1.5in" alt="Opens our programme page"/>')
    assert structure(pdf).find("Figure")[0].alt == "Opens our programme page"
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        white = [r for r in plumber.pages[0].rects if r["non_stroking_color"] in ((1, 1, 1), (1.0, 1.0, 1.0))]
    assert any(r["width"] == pytest.approx(108, abs=0.1) for r in white)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "is not a web address; write one starting with https://"),
        ("mailto:a@example.org", "is not a web address"),
        ("https://example.org/" + "x" * 300, "longer than 300 characters"),
    ],
)
def test_qr_refuses_what_is_not_a_web_address(tmp_path, url, message):
    assert message in raises_layout_error(tmp_path, f'<qr url="{url}"/>')


def test_qr_too_small_to_scan_is_refused(tmp_path):
    assert "too small to scan from paper; make it at least 0.6in" in raises_layout_error(
        tmp_path, '<qr url="https://example.org" size="0.3in"/>'
    )


# -- charts ----------------------------------------------------------------------------------------

PAY_CHART = (
    '<chart title="Pay">{% for r in roles %}{{ bar(r.name, r.figure("pay_range")) }}{% endfor %}</chart><sources/>'
)


def test_chart_labels_values_periods_citations_and_axis(tmp_path):
    pdf = render_markup(tmp_path, PAY_CHART)
    text = pdf.pages[0]
    assert "Pay Medical Assistant $38,000–$45,000 (2026) [1]" in text
    assert "Medical Administrative Assistant $35,000–$42,000 (2026) [1]" in text
    assert "US dollars a year" in text  # the axis names the unit
    assert "$0" in text and "$40,000" in text  # tick labels
    assert "[1] Research.com." in text  # the bars' source is in the sources list


def test_chart_is_a_figure_whose_alt_text_says_every_value(tmp_path):
    pdf = render_markup(tmp_path, PAY_CHART)
    (figure,) = structure(pdf).find("Figure")
    assert figure.alt == (
        "Bar chart, Pay, in US dollars a year. "
        "Medical Assistant: from $38,000 to $45,000 a year (2026, source 1); "
        "Medical Administrative Assistant: from $35,000 to $42,000 a year (2026, source 1)."
    )


def test_bar_lengths_follow_the_values(tmp_path):
    body = (
        '<chart title="Growth"><bar label="Fast" value="12" unit="percent" period="2024" source="fhca-2026"/>'
        '<bar label="Slow" value="4" unit="percent" period="2024" source="fhca-2026"/></chart>'
    )
    pdf = render_markup(tmp_path, body)
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        bars = sorted(
            (r for r in plumber.pages[0].rects if r.get("tag") == "Figure" and r["height"] > 5),
            key=lambda r: r["top"],
        )
    assert len(bars) == 2
    assert bars[0]["width"] / bars[1]["width"] == pytest.approx(3, rel=0.01)


def _chart_parts(pdf):
    """The chart's bars (filled rects), tick marks (short vertical lines) and axis line, read from the page."""
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        page = plumber.pages[0]
        figure = [o for o in page.rects + page.lines if o.get("tag") == "Figure"]
        bars = sorted((r for r in figure if r.get("fill") and r["height"] > 5), key=lambda r: r["top"])
        lines = [o for o in page.lines if o.get("tag") == "Figure"]
        axis = max((o for o in lines if abs(o["top"] - o["bottom"]) < 0.1), key=lambda o: o["width"])
        ticks = sorted(
            (o for o in lines if abs(o["x0"] - o["x1"]) < 0.1 and abs(o["top"] - axis["top"]) < 0.1),
            key=lambda o: o["x0"],
        )
        chars = [c for c in page.chars if c["top"] > axis["bottom"] and c["text"].strip()]
    return bars, axis, ticks, chars


def _tick_labels(axis, chars) -> list[tuple[str, float]]:
    """Each tick label under the axis and the x of its middle."""
    line = [c for c in chars if c["top"] < axis["bottom"] + 12]  # the tick labels, above the unit caption
    words: list[list[dict]] = []
    for c in sorted(line, key=lambda c: c["x0"]):
        if words and c["x0"] - words[-1][-1]["x1"] < 2:
            words[-1].append(c)
        else:
            words.append([c])
    return [("".join(c["text"] for c in w), (w[0]["x0"] + w[-1]["x1"]) / 2) for w in words]


def test_a_pay_range_is_a_floating_bar_from_low_to_high(tmp_path):
    bars, axis, ticks, chars = _chart_parts(render_markup(tmp_path, PAY_CHART))
    assert len(bars) == 2  # one bar per role, no bar from 0 under it
    labels = _tick_labels(axis, chars)
    zero, last = ticks[0]["x0"], ticks[-1]["x0"]
    top = int(labels[-1][0].strip("$").replace(",", ""))
    assert labels[0][0] == "$0" and top >= 45_000
    assert axis["x0"] == pytest.approx(zero, abs=0.1)
    per_dollar = (last - zero) / top
    for bar, (low, high) in zip(bars, [(38_000, 45_000), (35_000, 42_000)], strict=True):
        assert bar["x0"] == pytest.approx(zero + low * per_dollar, abs=0.2)
        assert bar["x1"] == pytest.approx(zero + high * per_dollar, abs=0.2)


@pytest.mark.parametrize("body", [PAY_CHART, PAY_CHART.replace('"Pay"', '"Pay" ranges="midpoint"')])
def test_axis_labels_are_centred_on_their_ticks(tmp_path, body):
    _, axis, ticks, chars = _chart_parts(render_markup(tmp_path, body))
    labels = _tick_labels(axis, chars)
    assert len(labels) == len(ticks) >= 3 and labels[0][0] == "$0"
    for (_, middle), tick in zip(labels, ticks, strict=True):
        assert middle == pytest.approx(tick["x0"], abs=0.3)


def test_range_as_midpoint(tmp_path):
    body = PAY_CHART.replace('<chart title="Pay">', '<chart title="Pay" ranges="midpoint">')
    pdf = render_markup(tmp_path, body)
    with pdfplumber.open(io.BytesIO(pdf.data)) as plumber:
        bars = [r for r in plumber.pages[0].rects if r.get("tag") == "Figure" and r["height"] > 5]
    # One solid bar per role (no lighter range part), to the middle of the range.
    assert len(bars) == 2
    assert bars[0]["width"] / bars[1]["width"] == pytest.approx(41_500 / 38_500, rel=0.01)


@pytest.mark.parametrize(
    ("bars", "message"),
    [
        ("", "a chart needs at least one <bar>"),
        ('<bar label="x" unit="percent" period="2024" source="fhca-2026"/>', 'give either value="..."'),
        (
            '<bar label="x" low="5" high="3" unit="percent" period="2024" source="fhca-2026"/>',
            "low (5) is more than high (3)",
        ),
        (
            '<bar label="x" value="5" unit="percent" period="2024" source="fhca-2025"/>',
            "<bar source>: unknown source id 'fhca-2025'; did you mean 'fhca-2026'?",
        ),
        (
            '<bar label="x" value="5" unit="percent" period="2024" source="fhca-2026"/>'
            '<bar label="y" value="5" unit="people" period="2024" source="fhca-2026"/>',
            "its bars mix units (people, percent); one chart has one axis",
        ),
        ('<bar label="x" value="5 %" unit="percent" period="2024" source="fhca-2026"/>', "'5 %' is not a number"),
    ],
)
def test_chart_mistakes_are_clear_errors(tmp_path, bars, message):
    assert message in raises_layout_error(tmp_path, f'<chart title="T">{bars}</chart>')


def test_bar_helper_needs_a_figure(tmp_path):
    message = raises_layout_error(tmp_path, '<chart title="T">{{ bar("x", role.name) }}</chart>')
    assert "bar() takes a label and a figure" in message
