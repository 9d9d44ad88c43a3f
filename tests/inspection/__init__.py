"""Inspection of built and foreign PDFs, and previews."""
