"""PDF content streams read back: where each glyph and painted shape sits."""
