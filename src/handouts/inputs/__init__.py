"""Inputs: role data, sources and brand kits, read and checked into typed records."""
