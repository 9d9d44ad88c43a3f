"""Print jobs: a manifest in, one print file, its summary and the individual PDFs out."""
