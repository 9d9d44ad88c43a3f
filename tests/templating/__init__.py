"""Layouts rendered sandboxed into markup."""
