"""New brand kits, layouts and job manifests."""
