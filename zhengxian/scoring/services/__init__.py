"""Writes of the scoring domain. Import the functions from their modules."""
