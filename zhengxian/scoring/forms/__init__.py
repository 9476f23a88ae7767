"""Forms of the scoring pages, one module per page family."""
