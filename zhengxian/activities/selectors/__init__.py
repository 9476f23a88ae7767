"""Reads, always starting from the user's scope (organiser's subtree + own records)."""
