"""Markup: the handout vocabulary and its parser, from markup text to an element tree."""
