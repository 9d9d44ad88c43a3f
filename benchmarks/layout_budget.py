"""What the layout sandbox's size budget and time limit cost on a normal render.

Renders the comparison layout for the two built-in roles (template and markup
parse, no ReportLab) with: the shipped environment; the budget without the
time limit; and Jinja2's plain ImmutableSandboxedEnvironment with the same
helpers. Then one whole build (render_handout) for scale.

    python benchmarks/layout_budget.py
"""

from __future__ import annotations

import contextlib
import timeit

from jinja2.sandbox import ImmutableSandboxedEnvironment

from handouts.build import markup_for, render_handout
from handouts.session import default_session
from handouts.templating import environment as templating

PAIR = ("medical-assistant", "medical-administrative-assistant")


def per_call(label: str, func, number: int = 300) -> float:
    default_session().clear()  # compiled layouts (and loaded data) live on the session the calls use
    func()  # compile the templates once
    seconds = min(timeit.repeat(func, number=number, repeat=5)) / number
    print(f"{label:44s} {seconds * 1000:7.3f} ms")
    return seconds


def main() -> None:
    def markup() -> None:
        markup_for("comparison", PAIR)

    shipped = per_call("markup_for, budget + time limit (shipped)", markup)
    real_limit, real_env = templating.time_limit, templating.LayoutEnvironment
    try:
        templating.time_limit = lambda seconds: contextlib.nullcontext()
        per_call("markup_for, budget only", markup)
        templating.LayoutEnvironment = ImmutableSandboxedEnvironment
        plain = per_call("markup_for, plain ImmutableSandboxedEnvironment", markup)
    finally:
        templating.time_limit, templating.LayoutEnvironment = real_limit, real_env
        default_session().clear()
    build = per_call("render_handout (whole PDF), shipped", lambda: render_handout("comparison", PAIR), 10)
    extra = shipped - plain
    print(f"the budget and time limit add {extra * 1000:.3f} ms: {extra / build * 100:.1f}% of a whole build")


if __name__ == "__main__":
    main()
