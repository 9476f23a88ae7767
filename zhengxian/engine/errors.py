"""The one error the scoring engine raises."""

from __future__ import annotations


class ScoringError(ValueError):
    """The engine's input is inconsistent: a bad parameter, an unknown code or unit, a value
    out of range. The message names the leaf, unit or parameter at fault."""
