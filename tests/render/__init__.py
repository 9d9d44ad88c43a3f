"""Handouts drawn: every built-in layout and element, read back from the PDF."""
