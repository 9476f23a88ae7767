"""Domain errors: a stable code for programs and a translated message for people."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A business rule refused an action. ``message`` is shown to the user as is."""

    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotAllowed(PermissionDenied):
    """The user's roles and scope do not allow the action."""
