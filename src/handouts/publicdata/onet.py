"""O*NET occupations read from a text release: titles, tasks, education, job zone, related occupations.

Only the columns the drafts use are read, each found by its header name as
the O*NET 30.1 data dictionary gives it. The education ratings moved from
"Education, Training, and Experience.txt" to "Education.txt" in release
30.3; both names are tried. Rows for occupations not asked for are skipped
as they stream past, so a whole release is read in one pass per file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from handouts.errors import Problem, UsageError, suggest
from handouts.publicdata.errors import refuse
from handouts.publicdata.release import MONTHS, Release

CODE = "O*NET-SOC Code"
OCCUPATIONS = ("Occupation Data.txt",)
ALTERNATES = ("Alternate Titles.txt",)
TASKS = ("Task Statements.txt",)
EDUCATION = ("Education, Training, and Experience.txt", "Education.txt")
CATEGORIES = ("Education, Training, and Experience Categories.txt", "Education Categories.txt")
JOB_ZONES = ("Job Zones.txt",)
ZONE_REFERENCE = ("Job Zone Reference.txt",)
RELATED = ("Related Occupations.txt",)
REQUIRED_LEVEL = "RL"  # the Required Level of Education scale
_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    text: str
    kind: str  # "Core", "Supplemental", or "n/a" for tasks not yet rated
    date: str  # "August 2025"


@dataclass(frozen=True, slots=True)
class EducationLevel:
    category: int
    label: str  # the category description's short part: "High School Diploma"
    percent: float
    low_precision: bool  # O*NET's Recommend Suppress flag


@dataclass(frozen=True, slots=True)
class JobZone:
    number: int
    name: str
    experience: str
    education: str
    training: str
    examples: str


@dataclass(frozen=True, slots=True)
class RelatedOccupation:
    code: str
    title: str
    tier: str  # "Primary-Short", "Primary-Long", "Supplemental"
    index: int


@dataclass(frozen=True)
class Occupation:
    """Everything a draft role takes from one O*NET occupation."""

    code: str
    title: str
    description: str
    alternate_titles: tuple[str, ...] = ()
    tasks: tuple[Task, ...] = ()
    education: tuple[EducationLevel, ...] = ()
    education_date: str = ""
    job_zone: JobZone | None = None
    job_zone_date: str = ""
    related: tuple[RelatedOccupation, ...] = field(default=())


def normalize_code(text: str) -> str:
    """'31-9092' or '31-9092.00' -> '31-9092.00'; anything else is a usage error."""
    code = text.strip()
    if re.fullmatch(r"\d{2}-\d{4}", code):
        code += ".00"
    if not _CODE.match(code):
        raise UsageError(
            problems=[
                Problem("--soc", 0, "", f"'{text}' is not an O*NET-SOC code", "write it as 31-9092 or 31-9092.00")
            ]
        )
    return code


def month_text(date: str) -> str:
    """O*NET's "08/2025" as "August 2025"; anything else unchanged."""
    match = re.fullmatch(r"(\d{1,2})/(\d{4})", date.strip())
    if match and 1 <= int(match.group(1)) <= 12:
        return f"{MONTHS[int(match.group(1)) - 1]} {match.group(2)}"
    return date.strip()


def _clean(text: str) -> str:
    return " ".join(text.split())


def read_titles(release: Release) -> dict[str, tuple[str, str]]:
    """Every occupation in the release: code -> (title, description)."""
    table = release.table(OCCUPATIONS)
    code, title, description = table.columns([CODE, "Title", "Description"])
    width = max(code, title, description) + 1
    return {f[code].strip(): (_clean(f[title]), _clean(f[description])) for _, f in table.rows(width)}


def read_alternates(release: Release, wanted: Collection[str] | None) -> dict[str, list[str]]:
    table = release.table(ALTERNATES)
    code, alternate = table.columns([CODE, "Alternate Title"])
    found: dict[str, list[str]] = defaultdict(list)
    for _, fields in table.rows(max(code, alternate) + 1):
        key = fields[code].strip()
        if wanted is None or key in wanted:
            found[key].append(_clean(fields[alternate]))
    return found


def search(release: Release, text: str) -> list[tuple[str, str, str | None]]:
    """Occupations whose title or an alternate title holds every word of ``text`` (as word starts).

    Returns (code, title, the alternate title that matched or None), title
    matches first, each group in code order.
    """
    words = _words(text)
    if not words:
        raise UsageError(
            problems=[Problem("--search", 0, "", "nothing to search for", "give a word, e.g. --search nurse")]
        )
    titles = read_titles(release)
    by_title = [(c, t, None) for c, (t, _) in sorted(titles.items()) if _matches(words, t)]
    seen = {c for c, _, _ in by_title}
    by_alternate: dict[str, str] = {}
    for c, alternates in read_alternates(release, None).items():
        if c in seen or c not in titles:
            continue
        for alternate in alternates:
            if _matches(words, alternate):
                by_alternate.setdefault(c, alternate)
                break
    return by_title + [(c, titles[c][0], a) for c, a in sorted(by_alternate.items())]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _matches(words: list[str], title: str) -> bool:
    have = _words(title)
    return all(any(h.startswith(w) for h in have) for w in words)


def read_occupations(release: Release, codes: Collection[str] | None) -> list[Occupation]:
    """The occupations with these codes (all with tasks when ``codes`` is None), in the order asked."""
    titles = read_titles(release)
    if codes is not None:
        unknown = [c for c in codes if c not in titles]
        if unknown:
            raise UsageError(
                problems=[
                    Problem(
                        "--soc",
                        0,
                        "",
                        f"no occupation {c} in {release.shown}",
                        suggest(c, titles) + "; find codes with --search TEXT",
                    )
                    for c in unknown
                ]
            )
    tasks = _read_tasks(release, codes)
    wanted = list(codes) if codes is not None else sorted(tasks)
    wanted_set = set(wanted)
    alternates = read_alternates(release, wanted_set)
    education, education_dates = _read_education(release, wanted_set)
    zones, zone_dates = _read_job_zones(release, wanted_set)
    related = _read_related(release, wanted_set, titles)
    out = []
    for code in wanted:
        title, description = titles[code]
        out.append(
            Occupation(
                code=code,
                title=title,
                description=description,
                alternate_titles=tuple(dict.fromkeys(a for a in alternates.get(code, []) if a and a != title)),
                tasks=tuple(tasks.get(code, [])),
                education=tuple(sorted(education.get(code, []), key=lambda e: (-e.percent, e.category))),
                education_date=education_dates.get(code, ""),
                job_zone=zones.get(code),
                job_zone_date=zone_dates.get(code, ""),
                related=tuple(sorted(related.get(code, []), key=lambda r: r.index)),
            )
        )
    return out


def _read_tasks(release: Release, wanted: Collection[str] | None) -> dict[str, list[Task]]:
    table = release.table(TASKS)
    cols = table.columns([CODE, "Task ID", "Task", "Task Type", "Date"])
    code, task_id, task, kind, date = cols
    found: dict[str, list[Task]] = defaultdict(list)
    for _, f in table.rows(max(cols) + 1):
        key = f[code].strip()
        if wanted is None or key in wanted:
            found[key].append(Task(f[task_id].strip(), _clean(f[task]), f[kind].strip(), month_text(f[date])))
    return found


def _read_education(release: Release, wanted: set[str]) -> tuple[dict[str, list[EducationLevel]], dict[str, str]]:
    labels = _education_labels(release)
    table = release.table(EDUCATION)
    cols = table.columns([CODE, "Scale ID", "Category", "Data Value", "Recommend Suppress", "Date"])
    code, scale, category, value, suppress, date = cols
    found: dict[str, list[EducationLevel]] = defaultdict(list)
    dates: dict[str, str] = {}
    for number, f in table.rows(max(cols) + 1):
        key = f[code].strip()
        if key not in wanted or f[scale].strip() != REQUIRED_LEVEL:
            continue
        try:
            level, percent = int(f[category]), float(f[value])
        except ValueError:
            raise refuse(
                table.file,
                f"category {f[category]!r} and value {f[value]!r} are not numbers",
                "download the release again",
                line=number,
            ) from None
        label = labels.get(level, f"category {level}")
        found[key].append(EducationLevel(level, label, percent, f[suppress].strip().upper() == "Y"))
        dates[key] = month_text(f[date])
    return found, dates


def _education_labels(release: Release) -> dict[int, str]:
    table = release.table(CATEGORIES)
    cols = table.columns(["Scale ID", "Category", "Category Description"])
    scale, category, description = cols
    labels = {}
    for _, f in table.rows(max(cols) + 1):
        if f[scale].strip() == REQUIRED_LEVEL and f[category].strip().isdigit():
            labels[int(f[category])] = _clean(f[description]).split(" - ")[0].strip()
    return labels


def _read_job_zones(release: Release, wanted: set[str]) -> tuple[dict[str, JobZone], dict[str, str]]:
    reference = release.table(ZONE_REFERENCE)
    cols = reference.columns(["Job Zone", "Name", "Experience", "Education", "Job Training", "Examples"])
    zones = {}
    for _, f in reference.rows(max(cols) + 1):
        number, name, experience, education, training, examples = (_clean(f[i]) for i in cols)
        if number.isdigit():
            zones[int(number)] = JobZone(int(number), name, experience, education, training, examples)
    table = release.table(JOB_ZONES)
    cols = table.columns([CODE, "Job Zone", "Date"])
    code, zone, date = cols
    found, dates = {}, {}
    for _, f in table.rows(max(cols) + 1):
        key = f[code].strip()
        if key in wanted and f[zone].strip().isdigit() and int(f[zone]) in zones:
            found[key] = zones[int(f[zone])]
            dates[key] = month_text(f[date])
    return found, dates


def _read_related(
    release: Release, wanted: set[str], titles: dict[str, tuple[str, str]]
) -> dict[str, list[RelatedOccupation]]:
    table = release.table(RELATED)
    cols = table.columns([CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index"])
    code, other, tier, index = cols
    found: dict[str, list[RelatedOccupation]] = defaultdict(list)
    for _, f in table.rows(max(cols) + 1):
        key, related = f[code].strip(), f[other].strip()
        if key in wanted and related in titles:
            rank = int(f[index]) if f[index].strip().isdigit() else 999
            found[key].append(RelatedOccupation(related, titles[related][0], f[tier].strip(), rank))
    return found
