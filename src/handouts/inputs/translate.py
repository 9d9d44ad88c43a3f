"""A role in another edition: its prose swapped for the translations its file gives.

Only text changes: ids, sources, figures' numbers, periods and links are the
same objects in every edition, so an English and a Spanish sheet print the
same figures from the same sources. A prose field with no translation keeps
its English text, and is named in what comes back so the build can warn
and `check` can list it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from handouts.inputs.models import Role, RoleTexts


def localized(role: Role, lang: str, texts: RoleTexts | None) -> tuple[Role, list[str]]:
    """``role`` with its prose in ``lang``, and the paths of the prose fields left in English."""
    if texts is None:
        return role, []
    missing = [path for path in texts.prose if lang not in texts.translations.get(path, {})]
    table = {path: by_lang[lang][0] for path, by_lang in texts.translations.items() if lang in by_lang}
    if not table:
        return role, missing
    return _swap(role, "", table), missing


def _swap(value: Any, path: str, table: dict[str, str]) -> Any:
    """The value with every text at a path in ``table`` replaced; unchanged parts are the same objects."""
    if isinstance(value, str):
        return table.get(path, value)
    if isinstance(value, tuple):
        items = tuple(_swap(item, f"{path}[{i}]", table) for i, item in enumerate(value))
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        out = {key: _swap(item, f"{path}.{key}", table) for key, item in value.items()}
        return value if all(out[k] is value[k] for k in value) else out
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = _swap(old, f"{path}.{f.name}" if path else f.name, table)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
