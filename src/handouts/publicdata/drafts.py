"""Draft role files written from O*NET occupations, in the project's role YAML format.

A draft holds only what O*NET says, worded as O*NET words it, and says so:
``status: draft`` (a handout prints a "draft" mark until an adviser writes
``reviewed``), ``drafted_from`` and a ``source`` on every duty, note and next
step name the release, and a comment on each item names the file, row and
date it came from. Fields O*NET has nothing for are left out (the layouts
skip a row no role has; `handouts check` lists what each layout still lacks
for a draft), or left empty for lists. The text must pass `handouts check`
unchanged; the importer parses each draft with the same loader before
writing it.
"""

from __future__ import annotations

import re

from handouts.publicdata.onet import Occupation, Task
from handouts.publicdata.release import ReleaseInfo
from handouts.publicdata.yamltext import Document

TO_WRITE = "To be written (not in O*NET)"
MAX_ALSO_KNOWN_AS = 5
MAX_RELATED = 5
_SMALL = {"and", "or", "of", "the", "for", "in", "on", "to", "a", "an", "except"}
_ARTICLE_BEFORE = ("diploma", "degree", "certificate")


def credit_line(info: ReleaseInfo) -> str:
    """The attribution O*NET's licence page asks for whenever its information is used."""
    return (
        f"This page includes information from the {info.title} by the U.S. Department of Labor, "
        "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
        "O*NET® is a trademark of USDOL/ETA."
    )


# The sentence O*NET's licence page asks for when its information is edited, as a reviewed draft is;
# "{office}" is the office that printed the handout (the brand's name).
MODIFIED_NOTICE = (
    "{office} has modified all or some of this information. USDOL/ETA has not approved, endorsed, "
    "or tested these modifications."
)


def short_name(title: str) -> str:
    """A label for narrow table columns: the title when short, else its initials ("MSAA")."""
    if len(title) <= 24:
        return title
    words = [w for w in re.split(r"[\s,/-]+", title) if w]
    initials = "".join(w[0].upper() for w in words if w.lower() not in _SMALL and w[0].isalpha())
    return initials or title[:24]


def duty_title(task: str) -> str:
    """The task's lead clause, at most eight words ("Record patients' medical history")."""
    lead = re.split(r",|;|\s\(|\sto\s|\sby\s|\ssuch as\s", task.rstrip("."), maxsplit=1)[0].strip()
    words = lead.split()
    if len(words) > 8:
        joins = [i for i, word in enumerate(words) if i >= 2 and word in ("and", "or")]
        words = words[: joins[0]] if joins else words[:8]
        while len(words) > 1 and words[-1].lower() in _SMALL:
            words.pop()
    return " ".join(words) if words else task


def education_phrase(label: str) -> str:
    """An O*NET category label as a phrase: "High School Diploma" -> "a high school diploma"."""
    words = [w if w.isupper() and len(w) > 1 else w.lower() for w in label.split()]
    phrase = " ".join(words)
    if phrase.endswith(_ARTICLE_BEFORE) or phrase.split(" (")[0].endswith(_ARTICLE_BEFORE):
        phrase = ("an " if phrase[0] in "aeiou" else "a ") + phrase
    return phrase


def education_summary(occupation: Occupation) -> str:
    """What most workers surveyed say the job needs, with the share who say so."""
    levels = [e for e in occupation.education if e.percent > 0]
    if not levels:
        return TO_WRITE
    top = levels[0]
    if top.percent >= 50:
        text = f"Most workers surveyed by O*NET ({top.percent:.0f}%) say the job needs {education_phrase(top.label)}."
    else:
        text = (
            f"The answer workers surveyed by O*NET give most often ({top.percent:.0f}%) is that the job needs "
            f"{education_phrase(top.label)}."
        )
    if len(levels) > 1:
        second = levels[1]
        text += f" The next most common answer ({second.percent:.0f}%) is {education_phrase(second.label)}."
    if top.low_precision:
        text += " O*NET flags this estimate as low precision."
    return text


def _core_tasks(occupation: Occupation) -> list[Task]:
    core = [t for t in occupation.tasks if t.kind.casefold() == "core"]
    if core:
        return core
    # Tasks an analyst wrote for an occupation not yet surveyed have no type ("n/a"); none is Supplemental.
    return [t for t in occupation.tasks if t.kind.casefold() != "supplemental"]


def render_draft(occupation: Occupation, role_id: str, info: ReleaseInfo, role_ids: dict[str, str]) -> str:
    """The draft role file's text. ``role_ids`` maps O*NET codes imported alongside to their role ids."""
    doc = Document()
    released = info.published_text
    doc.comment(
        f"DRAFT from the {info.title} (published {released}): {occupation.code} {occupation.title}.\n"
        "Review every line before printing. O*NET describes the occupation across the United States,\n"
        f'not your programmes; lines reading "{TO_WRITE}" and fields left out have nothing from O*NET.\n'
        "Each item's comment names the O*NET file and row it came from. When you have read it through,\n"
        'change "status: draft" to "status: reviewed": until then every handout prints a draft mark.\n'
        + credit_line(info)
        + "\n"
        + MODIFIED_NOTICE.format(office="[Your office]")
    )
    where = f"O*NET {info.number} ({released})"
    doc.field("id", role_id)
    doc.field("status", "draft")
    doc.field("drafted_from", info.source_id)
    doc.comment(f"{where}, Occupation Data.txt, {occupation.code}")
    doc.field("soc", occupation.code)
    doc.field("name", occupation.title)
    doc.comment("a short label for narrow table columns, made from the title; reword it")
    doc.field("short_name", short_name(occupation.title))
    also = list(occupation.alternate_titles[:MAX_ALSO_KNOWN_AS])
    more = len(occupation.alternate_titles) - len(also)
    doc.comment(f"{where}, Alternate Titles.txt" + (f" (the first {len(also)}; {more} more there)" if more else ""))
    doc.texts("also_known_as", also)
    doc.comment(f"{where}, Occupation Data.txt: the occupation's description")
    doc.field("summary", occupation.description or TO_WRITE)
    doc.comment(
        "primary_focus, patient_care, clinical_scope and certifications: not in O*NET; add them if the\n"
        "comparison should print them (see docs/data.md)"
    )
    tasks = _core_tasks(occupation)
    if tasks:
        doc.key("duties")
        for task in tasks:
            doc.comment(f"{where}, Task Statements.txt, task {task.id} ({task.kind}, updated {task.date})", 2)
            doc.entry([("title", duty_title(task.text)), ("detail", task.text), ("source", info.source_id)], 2)
    else:
        doc.comment("O*NET lists no tasks for this occupation")
        doc.key("duties", empty="[]")
    doc.texts("skills", [])
    _education(doc, occupation, where, info.source_id)
    doc.comment(
        "pay, growth and openings come from the BLS files (handouts import projections / wages): a build\n"
        "adds them from the data folder's store by the soc code above"
    )
    doc.key("figures", empty="{}")
    doc.key("work_settings", empty="[]")
    doc.texts("work_life", [])
    _advancement(doc, occupation, where, role_ids, info.source_id)
    doc.texts("right_for_you_if", [])
    doc.key("faqs", empty="[]")
    doc.texts("sources", [info.source_id])
    return doc.text()


def _education(doc: Document, occupation: Occupation, where: str, source: str) -> None:
    doc.key("education")
    levels = [e for e in occupation.education if e.percent > 0]
    if levels:
        doc.comment(
            f"{where}, Education, Training, and Experience.txt: Required Level of Education "
            f"(updated {occupation.education_date})",
            2,
        )
        label = education_phrase(levels[0].label)
        label = re.sub(r"^(a|an) ", "", label)
        doc.field("minimum", label[0].upper() + label[1:], 2)
    else:
        doc.field("minimum", TO_WRITE, 2)
    doc.field("summary", education_summary(occupation), 2)
    doc.key("paths", 2, "[]")
    zone = occupation.job_zone
    if zone is None:
        doc.key("notes", 2, "[]")
        return
    doc.comment(f"{where}, Job Zones.txt (updated {occupation.job_zone_date}) and Job Zone Reference.txt", 2)
    doc.key("notes", 2)
    for text in (
        f"O*NET places this occupation in Job Zone {zone.number}: {zone.name}.",
        f"Education: {zone.education}",
        f"Experience: {zone.experience}",
        f"Training: {zone.training}",
    ):
        doc.entry([("text", text), ("source", source)], 4)


def _advancement(doc: Document, occupation: Occupation, where: str, role_ids: dict[str, str], source: str) -> None:
    related = [r for r in occupation.related if r.tier.casefold() == "primary-short"] or list(occupation.related)
    related = related[:MAX_RELATED]
    if not related:
        doc.key("advancement", empty="[]")
        return
    doc.key("advancement")
    for item in related:
        doc.comment(f"{where}, Related Occupations.txt: {item.code} ({item.tier}, rank {item.index})", 2)
        fields: list[tuple[str, object]] = [
            ("title", item.title),
            ("detail", f"A closely related occupation in O*NET (O*NET-SOC {item.code}); check what the move takes."),
        ]
        if item.code in role_ids:
            fields.append(("role", role_ids[item.code]))
        fields.append(("source", source))
        doc.entry(fields, 2)
