"""Generated role variants, so the 200-handout benchmark prints 200 different handouts.

Each shipped role is copied ten times with its own id and name (and so its
own title, table header and file), giving 20 roles and 380 ordered pairs;
the first N pairs in a fixed order are used. Only names change, so every
handout has the same amount of text as the real one.
"""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIES = 10


def write_variants(target: Path) -> Path:
    roles = target / "roles"
    roles.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "data" / "sources.yaml", target / "sources.yaml")
    for path in sorted((ROOT / "data" / "roles").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        role_id = path.stem
        for n in range(1, COPIES + 1):
            variant = re.sub(rf'^id: "{role_id}"', f'id: "{role_id}-{n:02d}"', text, count=1, flags=re.M)
            variant = re.sub(r'^name: "(.*)"', rf'name: "\1 (track {n})"', variant, count=1, flags=re.M)
            (roles / f"{role_id}-{n:02d}.yaml").write_text(variant, encoding="utf-8")
    return target


def pairs(role_ids: list[str], count: int) -> list[tuple[str, str]]:
    return list(itertools.permutations(sorted(role_ids), 2))[:count]
