"""Element builders: one module per family of markup elements.

Importing this package imports every builder module, and each registers its
builders in `base.BUILDERS` with the `builder` decorator.
"""

from . import boxes, charts, columns, flow, images, lists, qrcodes, sources, tables, text
from .base import BUILDERS, BuildContext, build_children, number_citations

__all__ = [
    "BUILDERS",
    "BuildContext",
    "boxes",
    "build_children",
    "charts",
    "columns",
    "flow",
    "images",
    "lists",
    "number_citations",
    "qrcodes",
    "sources",
    "tables",
    "text",
]
