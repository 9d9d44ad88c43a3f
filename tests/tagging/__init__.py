"""Tagged PDF: structure, reading order, accessibility checks."""
