"""Role data, sources and brand kits read and checked."""
