"""Render: element tree to PDF bytes with ReportLab, one builder per element."""
