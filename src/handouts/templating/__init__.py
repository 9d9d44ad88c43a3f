"""Templating: layouts rendered into handout markup, sandboxed."""
