"""Hashes of every built-in output, to prove a refactor changes no bytes.

Builds every built-in layout with every role set it takes, in every example
brand and paper size, tagged and untagged, plus the career-fair example's
print file, and prints one ``sha256  name`` line for each (or writes them to
a file). Run it before a change and after, and compare:

    python scripts/output_hashes.py > /tmp/before.txt
    ...change...
    python scripts/output_hashes.py > /tmp/after.txt && diff /tmp/before.txt /tmp/after.txt
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from itertools import product
from pathlib import Path

import handouts.build as build
from handouts.inputs.models import Paper

ROOT = Path(__file__).resolve().parent.parent
PAIR = ("medical-assistant", "medical-administrative-assistant")
THIRD = ROOT / "tests" / "fixtures" / "third-role"
ROLE_SETS = {
    "comparison": [PAIR, PAIR[::-1], (*PAIR, "clinic-receptionist")],
    "checklist": [PAIR[:1], PAIR[1:]],
    "pathway": [PAIR[:1], PAIR[1:]],
}
BRANDS = {
    "default": None,
    "lakeside": ROOT / "examples" / "brands" / "lakeside-high",
    "northfield": ROOT / "examples" / "brands" / "northfield-college",
}
PAPERS = tuple(Paper)


def handout_hashes() -> dict[str, str]:
    found = {}
    for (layout, role_sets), (brand_name, brand), paper, tagged in product(
        ROLE_SETS.items(), BRANDS.items(), PAPERS, (True, False)
    ):
        for roles in role_sets:
            inputs = build.Inputs(data=[THIRD], brand=brand, paper=paper)
            rendered, _ = build.render_handout(layout, roles, inputs, tagged=tagged)
            name = f"{layout} {'+'.join(roles)} {brand_name} {paper.value} {'tagged' if tagged else 'untagged'}"
            found[name] = hashlib.sha256(rendered.pdf).hexdigest()
    return found


def print_file_hash() -> dict[str, str]:
    from handouts.jobs.batch import run_job

    with tempfile.TemporaryDirectory() as folder:
        result = run_job(ROOT / "examples" / "career-fair" / "job.toml", output=Path(folder) / "fair.pdf", cache=False)
        return {"career-fair print file": hashlib.sha256(result.path.read_bytes()).hexdigest()}


def main() -> None:
    hashes = {**handout_hashes(), **print_file_hash()}
    lines = [f"{digest}  {name}" for name, digest in sorted(hashes.items())]
    out = open(sys.argv[1], "w") if len(sys.argv) > 1 else sys.stdout  # noqa: SIM115
    out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
