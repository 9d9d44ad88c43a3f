"""Helpers shared by the tests: reading PDFs back, test jobs and layouts, PDF clients."""
