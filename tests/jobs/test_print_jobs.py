"""A small print job (3 items, copies, a 20-row roster, duplex), read back from the print file."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from handouts.jobs.batch import JobFailed, run_job
from tests.support.jobkit import ADVISERS, STUDENTS, document_starts, job_copy, leftovers
from tests.support.pdfcheck import Pdf


@pytest.fixture(autouse=True)
def _output_in_tmp_path(tmp_path, monkeypatch):
    """A job's default print file (output/NAME.pdf) is relative to the working folder: keep it in the test's."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def small_job(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("small")
    manifest = job_copy(tmp)
    result = run_job(manifest, output=tmp / "out" / "fair.pdf", jobs=2)
    return result, Pdf.open(result.path)


def _plumbed(pdf: Pdf, page: int) -> tuple[list[dict], list[dict]]:
    """Characters and words of one page (reading all 50 pages through pdfplumber would be slow)."""
    with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
        return doc.pages[page].chars, doc.pages[page].extract_words()


def _starts(pdf: Pdf) -> list[int]:
    """1-based page numbers where a handout starts."""
    return document_starts(pdf.pages)


def test_page_count_equals_the_summary(small_job):
    result, pdf = small_job
    assert len(pdf.pages) == result.summary.pages
    rows = {r.item: r for r in result.summary.rows}
    assert rows["1"].documents == 1 and rows["1"].copies == 3 and rows["1"].pages == 6
    assert rows["2"].pages == 2 * 2 + 2  # two 2-page copies and a separator sheet with its blank back
    assert rows["3"].documents == 20 and rows["3"].pages_each == 1 and rows["3"].pages == 40  # padded for duplex
    assert result.summary.sheets == result.summary.pages // 2


def test_every_document_starts_on_an_odd_page(small_job):
    _, pdf = small_job
    starts = _starts(pdf)
    assert len(starts) == 3 + 2 + 20
    assert all(page % 2 == 1 for page in starts), starts
    separator = [n for n, text in enumerate(pdf.pages, start=1) if "Item 2 of 3" in text]
    assert separator == [7]


def test_blank_backs_are_blank(small_job):
    _, pdf = small_job
    starts = _starts(pdf)
    for page in starts[5:]:  # one-page student sheets: the next page is the blank back
        assert pdf.pages[page].strip() == ""


def test_copies_are_collated_in_manifest_order(small_job):
    _, pdf = small_job
    firsts = [pdf.pages[n - 1] for n in _starts(pdf)]
    assert all("Medical Assistant or Medical Administrative Assistant?" in t for t in firsts[:3])
    assert all("Medical Administrative Assistant or Medical Assistant?" in t for t in firsts[3:5])
    assert all("Your checklist: becoming a medical assistant" in t for t in firsts[5:])


def test_each_student_name_is_on_their_own_page_only(small_job):
    _, pdf = small_job
    starts = _starts(pdf)[5:]
    for index, name in enumerate(STUDENTS):
        pages = [n for n, text in enumerate(pdf.pages, start=1) if name in text]
        assert pages == [starts[index]], (name, pages)


@pytest.mark.parametrize("index", [0, 7, 19])
def test_each_value_sits_beside_its_label(small_job, index):
    _, pdf = small_job
    _, words = _plumbed(pdf, _starts(pdf)[5 + index] - 1)
    line = {w["text"]: w for w in words if w["text"] in ("Name", "Date", "Adviser")}
    assert set(line) == {"Name", "Date", "Adviser"}

    def between(left: str, right: float) -> list[str]:
        label = line[left]
        return [w["text"] for w in words if abs(w["bottom"] - label["bottom"]) < 3 and label["x1"] < w["x0"] < right]

    assert between("Name", line["Date"]["x0"]) == STUDENTS[index].split()
    assert between("Date", line["Adviser"]["x0"]) == ["April", "2026"]
    assert between("Adviser", 612) == ADVISERS[index % 3].split()


def test_a_long_name_shrinks_to_stay_on_its_line(small_job):
    _, pdf = small_job
    chars, words = _plumbed(pdf, _starts(pdf)[5 + 18] - 1)  # "María de los Ángeles Fernández-Villaverde Castellanos"
    label, date = (next(w for w in words if w["text"] == t) for t in ("Name", "Date"))
    name = [c for c in chars if abs(c["bottom"] - label["bottom"]) < 4 and label["x1"] < c["x0"] < date["x0"]]
    assert "".join(c["text"] for c in name).replace(" ", "") == STUDENTS[18].replace(" ", "")
    assert all(7 <= c["size"] < 10.5 for c in name)
    assert max(c["x1"] for c in name) < date["x0"] - 6


def test_personalised_pages_share_the_page_fonts_and_one_overlay_font(small_job):
    result, _ = small_job
    with pikepdf.open(result.path) as pdf:
        font_files = {
            obj.objgen
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
        }
        page_contents = {p.obj.Contents.objgen for p in pdf.pages[:6] if not isinstance(p.obj.Contents, pikepdf.Array)}
    # Comparison (regular, bold, italic subsets), the student sheet's own subsets and
    # one subset for all 20 names: nowhere near one set per document.
    assert len(font_files) <= 10
    assert len(page_contents) == 2  # three copies of a two-page handout: two content streams


def test_summary_csv_and_json_match_the_print_file(small_job):
    result, pdf = small_job
    csv_path, json_path = result.summary_files
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["total"]["pages"] == len(pdf.pages)
    assert data["duplex"] is True and data["paper"] == "letter"
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert rows[-1]["item"] == "total" and int(rows[-1]["pages"]) == len(pdf.pages)
    assert int(rows[-1]["sheets"]) == data["total"]["sheets"]
    for row, item in zip(rows[:-1], data["items"], strict=True):
        assert int(row["pages"]) == item["pages"] and row["title"] == item["title"]
    assert sum(item["pages"] for item in data["items"]) == len(pdf.pages)


def test_print_file_is_sound_and_has_no_forms_links_or_dangling_tags(small_job):
    result, pdf = small_job
    assert pdf.check_structure() == []
    with pikepdf.open(result.path) as doc:
        assert "/AcroForm" not in doc.Root and "/StructTreeRoot" not in doc.Root
        assert all("/Annots" not in p.obj and "/StructParents" not in p.obj for p in doc.pages)
    assert all(embedded for embedded in pdf.fonts().values())


def test_rerun_renders_nothing_and_gives_identical_bytes(small_job, tmp_path, monkeypatch):
    result, _ = small_job
    job_folder = result.path.parent.parent / "job"
    again = run_job(job_folder / "job.toml", output=result.path, jobs=1)
    assert again.stats.rendered == 0 and again.stats.cached > 0
    first = result.path.read_bytes()
    assert again.path.read_bytes() == first
    monkeypatch.chdir(tmp_path)  # run from elsewhere: nothing in the file depends on the working folder
    assert run_job(job_folder / "job.toml", output=result.path, jobs=1).path.read_bytes() == first
    fresh = run_job(job_folder / "job.toml", output=tmp_path / "fresh.pdf", jobs=1, cache=False)
    assert fresh.path.read_bytes() == first
    assert leftovers(tmp_path) == []


def test_names_are_normalised_and_invisible_controls_removed(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Renée Côté")
    manifest = job_copy(tmp_path, [decomposed, "Ali\u202e Hassan", "Wei\u200b Zhang"])
    result = run_job(manifest, jobs=1)
    text = Pdf.open(result.path).text
    assert "Renée Côté" in text and "Ali Hassan" in text and "Wei Zhang" in text


def test_a_changed_roster_rerenders_only_the_names(small_job, tmp_path):
    result, _ = small_job
    manifest = job_copy(tmp_path, [*STUDENTS[:19], "Jamie Rivera"])
    first = run_job(manifest, output=result.path.parent / "changed.pdf", jobs=1)
    assert first.stats.rendered == 1  # the overlay of names; pages and slots come from the cache
    assert "Jamie Rivera" in Pdf.open(first.path).text


def test_individual_pdfs_are_tagged_and_personal(tmp_path):
    manifest = job_copy(tmp_path, STUDENTS[:3])
    result = run_job(manifest, jobs=1, individual=True)
    folder = result.individual
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf"))
    assert files[:2] == ["01-comparison-a.pdf", "02-comparison-b.pdf"]
    assert files[2:] == [
        "03-student-checklists/0002-ana-maria-lopez.pdf",
        "03-student-checklists/0003-jose-nunez.pdf",
        "03-student-checklists/0004-zoe-aberg-oster.pdf",
    ]
    personal = Pdf.open(folder / files[3])
    assert "José Ñúñez" in personal.text and "Ana María" not in personal.text
    with pikepdf.open(folder / files[3]) as doc:
        assert "/StructTreeRoot" in doc.Root and "/AcroForm" in doc.Root  # tagged, and the boxes still tick
    assert leftovers(result.path.parent) == []
    # The print file's page for José (shared page + overlay) looks like his own full render.
    print_page = _starts(Pdf.open(result.path))[5 + 1] - 1
    assert _pixels(result.path, print_page) == pytest.approx(_pixels(folder / files[3], 0), abs=3)


def _pixels(path: Path, page: int) -> list[float]:
    """Mean darkness of each 20 x 20 block of the page at 50 dpi (pypdfium2; no poppler needed)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[page].render(scale=50 / 72).to_pil().convert("L")
    finally:
        document.close()
    width, height = image.size
    data = image.tobytes()
    blocks = []
    for top in range(0, height - 20, 20):
        for left in range(0, width - 20, 20):
            values = [data[(top + y) * width + left + x] for y in range(20) for x in range(20)]
            blocks.append(255 - sum(values) / len(values))
    return blocks


def test_from_python_a_failure_raises_with_the_result(tmp_path):
    manifest = job_copy(tmp_path, STUDENTS[:2])
    text = manifest.read_text().replace(
        'layout = "comparison"\nroles = ["medical-administrative-assistant"',
        'layout = "too-long"\nroles = ["medical-administrative-assistant"',
    )
    manifest.write_text(text)
    with pytest.raises(JobFailed) as caught:
        run_job(manifest, jobs=1)
    result = caught.value.result
    assert [r.status for r in result.summary.rows] == ["printed", "failed", "printed"]
    assert result.path is not None and len(Pdf.open(result.path).pages) == result.summary.pages


@pytest.mark.parametrize("duplex", [False, True])
def test_500_copies_take_one_copy_plus_half_a_kilobyte_per_added_page(tmp_path, duplex):
    def job(copies: int) -> Path:
        path = tmp_path / f"copies-{copies}.toml"
        path.write_text(
            f'name = "Copies {copies}"\nduplex = {str(duplex).lower()}\n\n[[items]]\nlayout = "comparison"\n'
            f'roles = ["medical-assistant", "medical-administrative-assistant"]\ncopies = {copies}\n'
        )
        return path

    one = run_job(job(1), jobs=1, cache=False)
    many = run_job(job(500), jobs=1, cache=False)
    assert many.stats.rendered == 1
    assert len(Pdf.open(many.path).reader.pages) == 1000
    added = 1000 - 2
    size_one, size_many = one.path.stat().st_size, many.path.stat().st_size
    assert size_many <= size_one + 512 * added, (size_one, size_many, (size_many - size_one) / added)


def test_the_career_fair_example_prints(tmp_path):
    """examples/career-fair: 12 handouts x 40 copies and 300 personalised checklists, about 1,600 pages."""
    from tests.conftest import ROOT

    result = run_job(ROOT / "examples" / "career-fair" / "job.toml", output=tmp_path / "fair.pdf", jobs=2)
    rows = result.summary.rows
    assert [r.copies for r in rows if r.item.isdigit()][:12] == [40] * 12
    assert rows[-1].documents == 300 and rows[-1].status == "printed"
    assert not result.notes  # the names are drawn over the checklist's shared page...
    # ...but for the four too long for their line at full size, whose documents are rendered as the layout
    # sets them (smaller): six distinct handouts, the shared page, two name overlays and those four.
    assert result.stats.rendered <= 13
    pdf = Pdf(result.path.read_bytes())
    assert len(pdf.reader.pages) == result.summary.pages == 1588
    last_student = pdf.reader.pages[-2].extract_text()
    assert "Your checklist: becoming a medical assistant" in last_student and "April 2026" in last_student
    assert "Oisín Kahananui" in last_student and "Dr. Nakashima" in last_student  # the roster's last row
