"""Element builders: one module per family of markup elements.

Importing this package imports every builder module, and each registers its
builders in `base.BUILDERS` with the `builder` decorator.
"""

from handouts.render.blocks import (
    blanks,
    boxes,
    charts,
    checklist,
    columns,
    flow,
    images,
    lists,
    pathway,
    qrcodes,
    sources,
    tables,
    text,
)
from handouts.render.blocks.base import BUILDERS, BuildContext, build_children, number_citations

__all__ = [
    "BUILDERS",
    "BuildContext",
    "blanks",
    "boxes",
    "build_children",
    "charts",
    "checklist",
    "columns",
    "flow",
    "images",
    "lists",
    "number_citations",
    "pathway",
    "qrcodes",
    "sources",
    "tables",
    "text",
]
