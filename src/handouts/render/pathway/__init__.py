"""The advancement-path diagram's layout: boxes placed and arrows routed, no ReportLab."""
