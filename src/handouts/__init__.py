"""handouts: print career handouts in a school's own branding.

The public Python API is the names in ``__all__`` (see docs/api.md):

    import handouts

    result = handouts.build_handout("checklist", ["medical-assistant"], output=Path("flyers"))
    pdf = handouts.build_handout_bytes("checklist", ["medical-assistant"])
    report = handouts.check_inputs(handouts.Inputs(brand=Path("my-brand")))
    job = handouts.run_print_job("career-fair/job.toml")
    problems = handouts.inspect_pdf(Path("flyer.pdf"))

Everything else (the stage modules: inputs, templating, markup, render,
tagging, inspection, jobs, ...) is internal and may change. Names load on
first use (PEP 562), so ``import handouts`` itself imports no ReportLab,
Jinja2, pikepdf or Pillow: a program that only catches `HandoutsError` or
reads `__version__` does not pay for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from handouts import dataclasscode, patterns, regexcode

__version__ = "0.1.0"

regexcode.install()  # regular expressions' engine code kept between runs (handouts.regexcode)
patterns.install()  # a few dependencies' import-time regexes compiled when first used (handouts.patterns)
dataclasscode.install()  # our dataclasses' generated methods compiled once and kept (handouts.dataclasscode)

# Public name -> "module" (same name there) or "module:name".
_EXPORTS: dict[str, str] = {
    # what the package does
    "build_handout": "handouts.build",
    "build_handout_bytes": "handouts.build",
    "check_inputs": "handouts.checking",
    "run_print_job": "handouts.jobs.batch:run_job",
    "inspect_pdf": "handouts.inspection",
    "audit_pdf": "handouts.inspection.audit",
    # what it is given and gives back
    "Inputs": "handouts.build",
    "Paper": "handouts.inputs.models",
    "Session": "handouts.session",
    "BuildResult": "handouts.build",
    "CheckReport": "handouts.checking",
    "JobResult": "handouts.jobs.batch",
    "InspectionSettings": "handouts.inspection.document:Settings",
    "Audit": "handouts.inspection.audit",
    "Problem": "handouts.errors",
    # what it raises
    "HandoutsError": "handouts.errors",
    "UsageError": "handouts.errors",
    "InvalidInput": "handouts.errors",
    "DataError": "handouts.errors",
    "BrandError": "handouts.errors",
    "LayoutError": "handouts.errors",
    "AccessibilityError": "handouts.errors",
    "ManifestError": "handouts.jobs.manifest",
    "RenderError": "handouts.errors",
    "JobFailed": "handouts.jobs.batch",
    "OutputError": "handouts.errors",
    "UnsafePDF": "handouts.errors",
    "Interrupted": "handouts.errors",
}

__all__ = [
    "AccessibilityError",
    "Audit",
    "BrandError",
    "BuildResult",
    "CheckReport",
    "DataError",
    "HandoutsError",
    "Inputs",
    "InspectionSettings",
    "Interrupted",
    "InvalidInput",
    "JobFailed",
    "JobResult",
    "LayoutError",
    "ManifestError",
    "OutputError",
    "Paper",
    "Problem",
    "RenderError",
    "Session",
    "UnsafePDF",
    "UsageError",
    "audit_pdf",
    "build_handout",
    "build_handout_bytes",
    "check_inputs",
    "inspect_pdf",
    "run_print_job",
]

if TYPE_CHECKING:  # what a type checker and an editor see; at run time `__getattr__` imports on first use
    from handouts.build import BuildResult, Inputs, build_handout, build_handout_bytes
    from handouts.checking import CheckReport, check_inputs
    from handouts.errors import (
        AccessibilityError,
        BrandError,
        DataError,
        HandoutsError,
        Interrupted,
        InvalidInput,
        LayoutError,
        OutputError,
        Problem,
        RenderError,
        UnsafePDF,
        UsageError,
    )
    from handouts.inputs.models import Paper
    from handouts.inspection import inspect_pdf
    from handouts.inspection.audit import Audit, audit_pdf
    from handouts.inspection.document import Settings as InspectionSettings
    from handouts.jobs.batch import JobFailed, JobResult
    from handouts.jobs.batch import run_job as run_print_job
    from handouts.jobs.manifest import ManifestError
    from handouts.session import Session


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562) and keep the name here."""
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'handouts' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    value = getattr(import_module(module), attribute or name)
    globals()[name] = value  # later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    """What ``dir(handouts)`` and an editor's completion offer: the public API."""
    return sorted([*__all__, "__version__"])
