"""Typed, frozen records for everything the pipeline passes between stages.

No I/O here and no YAML: `schema` turns parsed documents into these records,
layouts read them, and nothing downstream ever sees a raw dict. Field names
are the ones written in the data files, so a layout author can read
``data/roles/*.yaml`` and know what ``role.<field>`` holds.

Each record documents its fields in its docstring; `handouts check` and
docs/data.md are generated from the same dataclass fields, so the two cannot
drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# Points: the smallest text a handout sets (text shrunk to fit stops here) and inspection accepts by default.
MIN_TEXT_SIZE = 7.0


class Unit(StrEnum):
    """Units a sourced figure may carry; each knows how it prints."""

    usd_per_year = "usd_per_year"
    usd_per_hour = "usd_per_hour"
    percent = "percent"
    people = "people"
    people_per_month = "people_per_month"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact or figure came from.

    id: short stable id that figures cite (lowercase, digits and dashes).
    title: title of the article, table or report.
    publisher: organisation that published it.
    date: publication date, ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    url: web address, where known.
    accessed: date the address was last checked, where known.
    note: anything a reader should know (e.g. which data it reports).
    """

    id: str
    title: str
    publisher: str
    date: str
    url: str | None = None
    accessed: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """One number that can go stale, with everything needed to trust it.

    value: the number; or give low and high for a range.
    low: lower end of a range.
    high: upper end of a range.
    unit: one of usd_per_year, usd_per_hour, percent, people, people_per_month.
    measure: what the number is, in words (e.g. "median annual pay").
    period: the period as printed (e.g. "2024", "2024-2034", "January 2026").
    year: the latest year the figure describes; picks the most recent one.
    source: id of the source in data/sources.yaml the figure was read from.
    credits: who that source says produced the number (e.g. the BLS).
    qualifier: "over", "about" or "under" when the source gives no exact value.
    default: true marks the figure a handout shows when several are given.
    default_reason: why this figure is the default, when it is not the newest.
    note: caveats a reader should see (e.g. period not stated by the source).
    """

    unit: Unit
    measure: str
    period: str
    year: int
    source: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    credits: str | None = None
    qualifier: str | None = None
    default: bool = False
    default_reason: str | None = None
    note: str | None = None

    @property
    def is_range(self) -> bool:
        return self.value is None


@dataclass(frozen=True, slots=True)
class Metric:
    """All known figures for one quantity, e.g. every pay figure for a role.

    label: heading for the quantity (e.g. "Pay", "Job growth").
    figures: the figures, each with its own source and period.
    """

    label: str
    figures: tuple[Figure, ...]

    @property
    def shown(self) -> Figure:
        """The figure a handout shows: the one marked default, else the newest.

        Ties on year keep file order, so the data author decides by ordering.
        """
        for figure in self.figures:
            if figure.default:
                return figure
        return max(self.figures, key=lambda f: f.year)

    @property
    def others(self) -> tuple[Figure, ...]:
        shown = self.shown
        return tuple(f for f in self.figures if f is not shown)


@dataclass(frozen=True, slots=True)
class Duty:
    """A task the role does.

    title: the task in a few words.
    detail: one sentence on what it involves.
    """

    title: str
    detail: str


@dataclass(frozen=True, slots=True)
class EducationPath:
    """One way to train for the role.

    name: the kind of programme (e.g. "Certificate or diploma").
    length: typical length as printed (e.g. "9-12 months").
    months_min: shortest typical length in months.
    months_max: longest typical length in months.
    topics: subjects the programme usually covers.
    externship: true when hands-on clinical training is usually part of it.
    where: kinds of schools that offer it.
    """

    name: str
    length: str
    months_min: int
    months_max: int
    topics: tuple[str, ...] = ()
    externship: bool = False
    where: str | None = None


@dataclass(frozen=True, slots=True)
class Education:
    """How people get into the role.

    minimum: the usual minimum to be hired.
    summary: one or two sentences on what employers prefer.
    paths: programmes that lead to the role.
    notes: further facts (licensing, state rules, on-the-job routes).
    """

    minimum: str
    summary: str
    paths: tuple[EducationPath, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Certification:
    """A credential and who issues it.

    abbreviation: the letters people use (e.g. "CMA").
    name: the full name (e.g. "Certified Medical Assistant").
    issuer: full name of the issuing body.
    issuer_abbreviation: its short name (e.g. "AAMA").
    focus: what the credential shows.
    """

    abbreviation: str
    name: str
    issuer: str
    issuer_abbreviation: str
    focus: str


@dataclass(frozen=True, slots=True)
class Certifications:
    """Credentials for the role and how much employers expect them.

    expectation: short phrase (e.g. "Preferred or required by many employers").
    detail: one sentence more.
    options: the credentials.
    """

    expectation: str
    detail: str
    options: tuple[Certification, ...]


@dataclass(frozen=True, slots=True)
class WorkSetting:
    """A kind of workplace.

    name: e.g. "Physicians' offices".
    detail: what the role does there.
    share: the share of the role's jobs there, as a sourced figure.
    """

    name: str
    detail: str
    share: Figure | None = None


@dataclass(frozen=True, slots=True)
class Advancement:
    """A step someone in the role can move on to.

    title: the next role or credential.
    detail: what the move takes and offers.
    role: the id of a role in the data, when the target is one.
    """

    title: str
    detail: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Faq:
    """A question students ask, answered.

    question: the question.
    answer: the answer, in a few sentences.
    """

    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One thing to do on the way into the role, in the order a student does it.

    id: short stable id (lowercase, digits and dashes); the item's fillable
        checkbox is named after it, so keep it when the wording changes.
    action: the thing to do, in a few words (e.g. "Finish high school").
    detail: one or two sentences on how and why.
    time: typical time it takes, as printed, where a source gives it.
    cost: typical cost, as printed, where a source gives it.
    link: a web page with more, where there is one (https://, mailto: or tel:).
    sources: ids of the sources the item's facts come from.
    """

    id: str
    action: str
    detail: str
    time: str | None = None
    cost: str | None = None
    link: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Checklist:
    """What to do, in order, to get into the role: the checklist handout.

    title: heading of the sheet (e.g. "Your path to becoming a medical assistant").
    intro: one or two sentences under the heading.
    items: the steps, in the order to do them.
    """

    title: str
    items: tuple[ChecklistItem, ...]
    intro: str | None = None


class StepKind(StrEnum):
    """What a step on an advancement path is; the diagram draws each kind its own way."""

    education = "education"
    credential = "credential"
    role = "role"


@dataclass(frozen=True, slots=True)
class StepCredential:
    """A credential a step earns or asks for, and who issues it.

    name: the credential (e.g. "CMA" or "Certified Medical Assistant (CMA)").
    issuer: the issuing body, where a source names it (e.g. "AAMA").
    """

    name: str
    issuer: str | None = None


@dataclass(frozen=True, slots=True)
class Move:
    """A link from one step to the next, and what the move takes.

    to: id of the step it leads to.
    requires: what the move takes, in a few words; printed on the arrow.
    """

    to: str
    requires: str


@dataclass(frozen=True, slots=True)
class PathStep:
    """One step on an advancement path: a stage of training, a credential or a job.

    id: short id that moves point at (lowercase, digits and dashes).
    title: the step's name as printed in its box; keep it short.
    kind: education, credential or role.
    role: the id of a role file, when the step is one; steps need not be.
    education: the schooling the step takes, as printed.
    time: how long it typically takes, as printed, where a source gives it.
    credentials: credentials it earns or asks for, with their issuers.
    detail: one sentence more on what the step takes or offers.
    pay: sourced pay for the step, where a source gives one.
    sources: ids of the sources the step's facts come from.
    leads_to: the steps it can lead to, each with what the move takes.
    """

    id: str
    title: str
    kind: StepKind
    role: str | None = None
    education: str | None = None
    time: str | None = None
    credentials: tuple[StepCredential, ...] = ()
    detail: str | None = None
    pay: Figure | None = None
    sources: tuple[str, ...] = ()
    leads_to: tuple[Move, ...] = ()


@dataclass(frozen=True, slots=True)
class Pathway:
    """Where the role can lead and what each step takes: the advancement-path sheet.

    summary: one or two sentences introducing the path.
    steps: every step; the first is where the path starts, and every other
        step must be reachable from it by following leads_to.
    """

    summary: str
    steps: tuple[PathStep, ...]

    def step(self, step_id: str) -> PathStep:
        """The step with this id (layouts use it to name a move's target)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)


@dataclass(frozen=True, slots=True)
class Role:
    """One career role, everything a handout may say about it.

    id: stable id, lowercase with dashes; the file name without .yaml.
    name: the role's name (e.g. "Medical Assistant").
    short_name: a short label for narrow table columns (e.g. "MA").
    also_known_as: other names people use.
    summary: two or three sentences on what the role is.
    primary_focus: the role's focus in a short phrase.
    patient_care: how much hands-on patient care, short.
    clinical_scope: which clinical tasks the role may do, short.
    duties: everyday tasks.
    skills: skills employers look for.
    education: training routes and programme lengths.
    certifications: credentials and issuing bodies.
    figures: sourced figures keyed by metric id (pay_range, job_growth, ...).
    work_settings: where people in the role work.
    work_life: notes on hours, pace and demands.
    advancement: where the role can lead.
    right_for_you_if: reasons the role suits someone.
    faqs: questions and answers.
    sources: ids of the sources the descriptive text draws on.
    checklist: what to do, in order, to get into the role (the checklist sheet).
    pathway: where the role can lead (the advancement-path sheet).
    """

    id: str
    name: str
    short_name: str
    summary: str
    primary_focus: str
    patient_care: str
    clinical_scope: str
    duties: tuple[Duty, ...]
    skills: tuple[str, ...]
    education: Education
    certifications: Certifications
    figures: dict[str, Metric]
    work_settings: tuple[WorkSetting, ...]
    work_life: tuple[str, ...]
    advancement: tuple[Advancement, ...]
    right_for_you_if: tuple[str, ...]
    faqs: tuple[Faq, ...]
    sources: tuple[str, ...]
    also_known_as: tuple[str, ...] = ()
    checklist: Checklist | None = None
    pathway: Pathway | None = None

    def figure(self, metric: str) -> Figure:
        """The figure a handout shows for a metric (see Metric.shown)."""
        return self.figures[metric].shown


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every role and source a build may use, after validation.

    Roles are keyed by id, in id order; ``origin`` says which folder each came
    from so `handouts list roles` can show overrides.
    """

    roles: dict[str, Role]
    sources: dict[str, Source]
    origin: dict[str, str] = field(default_factory=dict)


class Paper(StrEnum):
    """Paper sizes a brand or layout may ask for."""

    letter = "letter"
    a4 = "a4"
    legal = "legal"


@dataclass(frozen=True, slots=True)
class BrandColors:
    """Brand colours, as ``#rrggbb`` or CSS colour names.

    primary: the header band, headings, links, table headers and rules.
    accent: the stripe under the header band, "tip" call-out edges, chart bars.
    text: body text.
    background: light fill behind call-outs and alternate table rows.
    on_primary: text on the primary colour (header band, table headers); white or black, whichever reads
        better, when left out.
    """

    primary: str = "#1f4e79"
    accent: str = "#b4530a"
    text: str = "#1f2328"
    background: str = "#eef3f8"
    on_primary: str | None = None


@dataclass(frozen=True, slots=True)
class BrandFonts:
    """TrueType (.ttf) font files, relative to the brand kit folder.

    Any face left out falls back to the built-in Open Sans face.
    regular: body text, the footer, the office line in the header band.
    bold: headings, table headers, the name in the header band, bold text.
    italic: italic text.
    bold_italic: bold italic text.
    """

    regular: str | None = None
    bold: str | None = None
    italic: str | None = None
    bold_italic: str | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """The office students can ask; printed in the footer (and by layouts that show a contact block).

    office: e.g. "College and Career Center"; also printed under the name in the header band.
    address: street address or room.
    phone: phone number as it should print.
    email: email address.
    hours: opening hours; the first part left out of a footer that would need a third line, then the address.
    """

    office: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    hours: str | None = None

    @property
    def line(self) -> str:
        """Office, phone and email as one line, for layouts (the footer also fits in address and hours)."""
        return " · ".join(p for p in (self.office, self.phone, self.email) if p)


@dataclass(frozen=True, slots=True)
class Brand:
    """How handouts look for one school or office (brand.toml in a brand kit).

    name: the school or office name printed in the header band; a long name wraps, then shrinks.
    short_name: a short form, printed when the full name cannot fit the band even at 8 pt.
    logo: PNG or JPEG file in the kit folder, fitted into a 1.5 x 0.6 in box in the header band.
    website: the office's web page (https://...), printed in the footer; layouts may add a QR code.
    footer: a line printed in every page footer; a long one wraps, never shortened.
    paper: the paper size every handout is laid out for (a build can override it with --paper).
    language: language tag of the text (BCP 47, e.g. en-US, en-GB, es), for screen readers.
    colors: brand colours, checked for contrast.
    fonts: brand fonts; Open Sans when left out.
    contact: the office's contact details, printed in the footer.
    min_text_size: the smallest text in points that inspection accepts (default 7; lower it only for a font
        that reads well smaller).
    """

    name: str = "Career Advising Office"
    short_name: str | None = None
    logo: str | None = None
    website: str | None = None
    footer: str | None = None
    paper: Paper = Paper.letter
    language: str = "en-US"
    colors: BrandColors = BrandColors()
    fonts: BrandFonts = BrandFonts()
    contact: Contact = Contact()
    min_text_size: float = MIN_TEXT_SIZE
    folder: str | None = field(default=None, metadata={"internal": True})
