"""The refusals of the matters domain, each with a stable code (views show ``message``)."""

from __future__ import annotations

from zhengxian.core.errors import DomainError


class MatterError(DomainError):
    code = "matter_error"


class TransitionNotAllowed(MatterError):
    """The action does not exist from the matter's current state."""

    code = "transition_not_allowed"


class TransitionForbidden(MatterError):
    """The action exists from this state, but not for this user."""

    code = "transition_forbidden"


class NoteRequired(MatterError):
    code = "note_required"


class TransitionInputError(MatterError):
    """The action's input is missing or out of range (a deadline, a unit, a rating)."""

    code = "transition_input"


class CannotEscalate(MatterError):
    code = "cannot_escalate"


class LinkNotAllowed(MatterError):
    """A report can only be linked to an open matter the reporter can see."""

    code = "link_not_allowed"
