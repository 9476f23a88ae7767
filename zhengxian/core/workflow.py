"""Status changes as data: a table of the moves each state allows, and one way to make them.

A model's workflow is a `Workflow` listing its allowed moves (from → to, with an optional
guard). `transition` refuses any other move with `TransitionRefused`, and otherwise sets the
status and saves the object through its normal save, so the audit log records each change
under the acting user. Templates ask `allowed` which moves to offer instead of restating it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from zhengxian.audit.context import acting_as
from zhengxian.core.errors import DomainError

Guard = Callable[[Any], bool]


class TransitionRefused(DomainError):
    """A status change the workflow does not allow from the object's current state."""


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    guard: Guard | None = None

    def permits(self, obj: models.Model) -> bool:
        return self.guard is None or self.guard(obj)


@dataclass(frozen=True)
class Workflow:
    moves: tuple[Move, ...]
    attribute: str = "status"
    labels: dict[str, Any] = field(default_factory=dict)

    def move(self, obj: models.Model, to: str) -> Move | None:
        current = getattr(obj, self.attribute)
        return next((m for m in self.moves if m.source == current and m.target == to), None)

    def label(self, state: str) -> str:
        return str(self.labels.get(state, state))


def workflow(moves: Iterable[tuple[str, str] | tuple[str, str, Guard]], **kwargs: Any) -> Workflow:
    return Workflow(moves=tuple(Move(*m) for m in moves), **kwargs)


def allowed(flow: Workflow, obj: models.Model) -> list[str]:
    """The states ``obj`` may move to now, in the table's order."""
    current = getattr(obj, flow.attribute)
    return [m.target for m in flow.moves if m.source == current and m.permits(obj)]


def transition(
    flow: Workflow,
    obj: models.Model,
    *,
    to: str,
    actor: Any,
    also: Iterable[str] = (),
) -> models.Model:
    """Moves ``obj`` to state ``to`` and saves it (audited as ``actor``); refuses other moves.

    ``also`` names further fields the caller set with the move, saved in the same audit row.
    """
    current = getattr(obj, flow.attribute)
    move = flow.move(obj, to)
    if move is None or not move.permits(obj):
        raise TransitionRefused(
            _("This cannot go from “%(source)s” to “%(target)s”.")
            % {"source": flow.label(current), "target": flow.label(to)}
        )
    setattr(obj, flow.attribute, to)
    with acting_as(actor):
        obj.save(update_fields=[flow.attribute, *also])
    return obj
