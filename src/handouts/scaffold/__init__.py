"""Scaffolds: new brand kits, layouts and job manifests for an office to start from."""
