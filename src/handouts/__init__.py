"""handouts: print career handouts in a school's own branding.

The pipeline, one module per stage: data/config (load) -> templating (layout
to markup) -> markup (element tree) -> blocks (flowables) -> render (PDF) ->
output (atomic write). `build` wires them for one handout.
"""

__version__ = "0.1.0"
