"""The markup vocabulary and its reference."""
