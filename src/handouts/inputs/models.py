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
from typing import ClassVar

# Points: the smallest text a handout sets (text shrunk to fit stops here) and inspection accepts by default.
MIN_TEXT_SIZE = 7.0


class Unit(StrEnum):
    """Units a sourced figure may carry; each knows how it prints."""

    usd_per_year = "usd_per_year"
    usd_per_hour = "usd_per_hour"
    percent = "percent"
    people = "people"
    people_per_month = "people_per_month"
    people_per_year = "people_per_year"


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
    credit: the credit line the source's licence asks for; printed under the sources list of every
        handout that cites the source (e.g. O*NET's CC BY 4.0 attribution).
    modified: the notice the licence asks for when its text was edited, printed after the credit;
        "{office}" in it stands for the brand's name (e.g. "{office} has modified all or some of this
        information.").
    """

    id: str
    title: str
    publisher: str
    date: str
    url: str | None = None
    accessed: str | None = None
    note: str | None = None
    credit: str | None = None
    modified: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """One number that can go stale, with everything needed to trust it.

    value: the number; or give low and high for a range.
    low: lower end of a range.
    high: upper end of a range.
    unit: one of usd_per_year, usd_per_hour, percent, people, people_per_month, people_per_year.
    measure: what the number is, in words (e.g. "median annual pay", "10th to 90th percentile annual wage").
    period: the period the number describes, as printed (e.g. "2024", "May 2025", "2024-2034"); leave it
        out when the source does not say, and give published instead.
    year: the latest year the period describes; picks the most recent figure and tells `check` its age.
        Left out with the period, it is the year in published.
    published: the date the source published the figure, ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; kept
        apart from the period (an article of January 2026 may quote pay from any year).
    area: the place the figure describes when the source gives figures by place (e.g. "Oregon");
        left out, the whole United States or whatever the source covers.
    source: id of the source the figure was read in (listed in the sources.yaml beside roles/).
    credits: who that source says produced the number (e.g. the BLS).
    qualifier: "over", "about", "under" or "at least" when the source gives no exact value.
    default: true marks the figure a handout shows when several are given.
    default_reason: why this figure is the default, when it is not the newest.
    note: caveats a reader should see (e.g. period not stated by the source).
    """

    unit: Unit
    measure: str
    source: str
    period: str | None = None
    year: int | None = None
    published: str | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    area: str | None = None
    credits: str | None = None
    qualifier: str | None = None
    default: bool = False
    default_reason: str | None = None
    note: str | None = None

    @property
    def is_range(self) -> bool:
        return self.value is None

    @property
    def dated_year(self) -> int:
        """The year the figure describes: ``year``, or the year it was published when the period is unknown."""
        if self.year is not None:
            return self.year
        if self.published and self.published[:4].isdigit():
            return int(self.published[:4])
        return 0


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
        """The figure a handout shows: the one marked default, else the newest that states its period.

        A figure whose source gives no period is shown only when no figure states one: being
        published later does not make a number newer. Ties on year keep file order, so the data
        author decides by ordering.
        """
        for figure in self.figures:
            if figure.default:
                return figure
        dated = [f for f in self.figures if f.period is not None] or list(self.figures)
        return max(dated, key=lambda f: f.dated_year)

    @property
    def others(self) -> tuple[Figure, ...]:
        shown = self.shown
        return tuple(f for f in self.figures if f is not shown)


@dataclass(frozen=True, slots=True)
class Duty:
    """A task the role does.

    title: the task in a few words.
    detail: one sentence on what it involves.
    source: id of the source the task comes from, where one source gives it (a draft names its release).
    """

    title: str
    detail: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class EducationPath:
    """One way to train for the role.

    name: the kind of programme (e.g. "Certificate or diploma").
    length: typical length as printed (e.g. "9-12 months"); leave it out when no source gives one.
    months_min: shortest typical length in months.
    months_max: longest typical length in months.
    topics: subjects the programme usually covers.
    externship: true when hands-on clinical training is usually part of it.
    where: kinds of schools that offer it.
    """

    name: str
    length: str | None = None
    months_min: int | None = None
    months_max: int | None = None
    topics: tuple[str, ...] = ()
    externship: bool = False
    where: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A fact worth a line of its own, and where it came from.

    A plain line of text is a note too: write ``- "text"`` for a note without a source.
    text: the note.
    source: id of the source it comes from, where one source gives it.
    """

    SHORTHAND: ClassVar[str] = "text"  # a plain text line fills this field

    text: str
    source: str | None = None

    def __str__(self) -> str:
        return self.text


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
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class Certification:
    """A credential and who issues it.

    abbreviation: the letters people use (e.g. "CMA").
    name: the full name (e.g. "Certified Medical Assistant"), where a source gives it.
    issuer: full name of the issuing body, where a source names it.
    issuer_abbreviation: its short name (e.g. "AAMA").
    focus: what the credential shows, where a source says.
    source: id of the source that names the credential.
    """

    abbreviation: str
    name: str | None = None
    issuer: str | None = None
    issuer_abbreviation: str | None = None
    focus: str | None = None
    source: str | None = None


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
    source: id of the source that names the step, where one source gives it.
    """

    title: str
    detail: str
    role: str | None = None
    source: str | None = None


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
    optional: true for a step the path can do without (a certification employers prefer but do not ask
        for); the diagram draws it dashed.
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
    optional: bool = False


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


class RoleStatus(StrEnum):
    """Whether an adviser has read the role through: a draft prints a "draft" mark."""

    draft = "draft"
    reviewed = "reviewed"


@dataclass(frozen=True, slots=True)
class Role:
    """One career role, everything a handout may say about it.

    id: stable id, lowercase with dashes; the file name without .yaml.
    name: the role's name (e.g. "Medical Assistant").
    short_name: a short label for narrow table columns (e.g. "MA").
    soc: the occupation's SOC or O*NET-SOC code (e.g. "31-9092" or "31-9092.00"); with BLS figures
        imported into the data folder, a build adds the occupation's pay and projections (docs/public-data.md).
    status: draft or reviewed; a draft (as `handouts import onet` writes) prints a "draft" mark until an
        adviser has read it through and written reviewed.
    drafted_from: id of the source the draft was made from (e.g. "onet-30-1").
    also_known_as: other names people use.
    summary: two or three sentences on what the role is.
    primary_focus: the role's focus in a short phrase (healthcare roles; a layout skips the row when no role has it).
    patient_care: how much hands-on patient care, short (healthcare roles).
    clinical_scope: which clinical tasks the role may do, short (healthcare roles).
    duties: everyday tasks.
    skills: skills employers look for.
    education: training routes and programme lengths.
    certifications: credentials and issuing bodies, where a source gives them.
    figures: sourced figures keyed by metric id (pay_range, median_pay, job_growth, ...; docs/data.md
        says which ids each built-in layout prints).
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
    duties: tuple[Duty, ...]
    skills: tuple[str, ...]
    education: Education
    figures: dict[str, Metric]
    work_settings: tuple[WorkSetting, ...]
    work_life: tuple[str, ...]
    advancement: tuple[Advancement, ...]
    right_for_you_if: tuple[str, ...]
    faqs: tuple[Faq, ...]
    sources: tuple[str, ...]
    soc: str | None = None
    status: RoleStatus = RoleStatus.reviewed
    drafted_from: str | None = None
    also_known_as: tuple[str, ...] = ()
    primary_focus: str | None = None
    patient_care: str | None = None
    clinical_scope: str | None = None
    certifications: Certifications | None = None
    checklist: Checklist | None = None
    pathway: Pathway | None = None

    @property
    def draft(self) -> bool:
        """True until an adviser marks the role reviewed."""
        return self.status is RoleStatus.draft

    def figure(self, metric: str) -> Figure:
        """The figure a handout shows for a metric (see Metric.shown)."""
        return self.figures[metric].shown

    def has_figure(self, metric: str) -> bool:
        """Whether the role has any figure for a metric, e.g. ``role.has_figure("median_pay")``."""
        metric_figures = self.figures.get(metric)
        return bool(metric_figures and metric_figures.figures)


@dataclass(frozen=True, slots=True)
class Catalog:
    """Every role and source a build may use, after validation.

    Roles are keyed by id, in id order; ``origin`` says which folder each came
    from so `handouts list roles` can show overrides, and ``lines`` where each
    field of a role's file is (role id -> field path -> line), so a warning
    about a printed figure can name its line.
    """

    roles: dict[str, Role]
    sources: dict[str, Source]
    origin: dict[str, str] = field(default_factory=dict)
    lines: dict[str, dict[str, int]] = field(default_factory=dict)
    texts: dict[str, RoleTexts] = field(default_factory=dict)  # role id -> its prose and translations


@dataclass(frozen=True, slots=True)
class RoleTexts:
    """A role file's prose fields (path -> line) and their translations (path -> language -> text, line).

    The role itself holds the English; `inputs.translate` makes another edition's copy from this.
    """

    file: str
    prose: dict[str, int]
    translations: dict[str, dict[str, tuple[str, int]]]


class Paper(StrEnum):
    """Paper sizes a brand or layout may ask for."""

    letter = "letter"
    a4 = "a4"
    legal = "legal"


@dataclass(frozen=True, slots=True)
class BrandColors:
    """Brand colours, as ``#rrggbb`` or CSS colour names.

    primary: the school's colour, printed as it is: the header band, table header rows and job boxes in
        the pathway diagram. Any colour works, light or dark.
    accent: the stripe under the header band, "tip" call-out edges, chart bars.
    text: body text.
    background: light fill behind call-outs and alternate table rows.
    on_primary: text on the primary colour (header band, table headers); white or black, whichever reads
        better, when left out.
    heading: headings, links and rules on the page; when left out, primary itself if it reads on white,
        else the nearest darker shade of it that does (4.5:1).
    """

    primary: str = "#1f4e79"
    accent: str = "#b4530a"
    text: str = "#1f2328"
    background: str = "#eef3f8"
    on_primary: str | None = None
    heading: str | None = None


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
    short_name: a short form, printed when the full name cannot fit the band even at 9 pt.
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
    area: the state or metro area whose pay the handouts print beside the national figures (a name, a
        unique part of one, or the BLS area code); needs BLS wages imported into the data folder.
    stale_after_years: years after a figure's period ends before `check` and builds warn that a printed
        figure is old (default 3); `--strict` then refuses.
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
    area: str | None = None
    stale_after_years: int = 3
    folder: str | None = field(default=None, metadata={"internal": True})
