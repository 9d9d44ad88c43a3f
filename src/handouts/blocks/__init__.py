"""Element builders: one module per family of markup elements.

Importing this package imports every builder module, and each registers its
builders in `base.BUILDERS` with the `builder` decorator.
"""

from . import blanks, boxes, checklist, flow, lists, pathway, sources, tables, text
from .base import BUILDERS, BuildContext, build_children, number_citations

__all__ = [
    "BUILDERS",
    "BuildContext",
    "blanks",
    "boxes",
    "build_children",
    "checklist",
    "flow",
    "lists",
    "number_citations",
    "pathway",
    "sources",
    "tables",
    "text",
]
