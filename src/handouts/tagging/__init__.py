"""Tagging: marked content while drawing, the structure tree, and the record of what was drawn."""
