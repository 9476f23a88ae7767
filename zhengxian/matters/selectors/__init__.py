"""Reads of the matters app; every one starts from the user's scope."""
