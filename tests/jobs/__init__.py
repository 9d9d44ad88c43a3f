"""Print jobs: manifests, rosters, rendering, the print file."""
