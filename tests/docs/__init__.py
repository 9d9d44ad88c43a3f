"""The docs generated from the code are current."""
