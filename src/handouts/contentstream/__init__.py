"""PDF content streams read back: one interpreter (`interpreter`) and what reads through it.

`glyphs`: where each glyph and painted shape sits (print-job overlays).
`paint`: each text run's colour and background (the audit's contrast check).
`marks`: marks outside marked content and the MCIDs used (the audit's tagging check).
"""
