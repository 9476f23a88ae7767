"""Status changes as data: a table of the actions each state allows, and one way to take them.

A model's workflow is a `Workflow`: its `Rule` rows name, for each state, the actions that
leave it, the state each leads to, who may take it (``may(actor, obj)``), a condition on the
object (``guard(obj)``) and whether a note is required. A workflow-wide ``may`` says who may
change the object at all and is asked before the table.

`Workflow.check` refuses what the table does not allow, `Workflow.apply` sets the new state
and hands the `Change` to the workflow's ``save`` (by default the object's own save under
`acting_as` the actor, so the audit log records each change under who made it), and
`Workflow.take` does both. Pages ask `Workflow.allowed` which actions to offer instead of
restating the table.

core imports no app: a workflow is declared with labels and callables (predicates, the save,
the errors to raise), never with an app's models.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from zhengxian.core.acting import acting_as
from zhengxian.core.errors import DomainError, NotAllowed

Guard = Callable[[Any], bool]
May = Callable[[Any, Any], bool]  # (actor, obj) -> may the actor take it?
Refusal = Callable[["Workflow", Any, str], Exception]  # (flow, obj, action) -> error to raise


class TransitionRefused(DomainError):
    """A status change the workflow does not allow from the object's current state."""


@dataclass(frozen=True)
class Rule:
    """One row of the table: ``action`` takes an object from ``source`` to ``target``."""

    source: str
    action: str
    target: str
    may: May | None = None
    guard: Guard | None = None
    needs_note: bool = False

    def holds(self, obj: Any) -> bool:
        return self.guard is None or self.guard(obj)

    def lets(self, actor: Any, obj: Any) -> bool:
        return self.may is None or self.may(actor, obj)


@dataclass(frozen=True)
class Change:
    """A move being saved: ``obj`` already carries the new state.

    ``fields`` are the fields to save (the state and what the caller set with it), or None
    for the whole object.
    """

    obj: Any
    action: str
    source: str
    target: str
    actor: Any
    fields: tuple[str, ...] | None


def audited_save(change: Change) -> None:
    """The default save: the object's own save (of ``change.fields`` only, when given) under
    the acting user, so the audit log records the change as theirs."""
    fields = list(change.fields) if change.fields is not None else None
    with acting_as(change.actor):
        change.obj.save(update_fields=fields)


def refuse_move(flow: Workflow, obj: Any, action: str) -> Exception:
    return TransitionRefused(
        _("This cannot go from “%(source)s” to “%(target)s”.")
        % {"source": flow.label(flow.state(obj)), "target": flow.label(flow.target_of(action))}
    )


def refuse_actor(flow: Workflow, obj: Any, action: str) -> Exception:
    return NotAllowed()


def refuse_without_note(flow: Workflow, obj: Any, action: str) -> Exception:
    return DomainError(_("Write a note to say why or what was done."))


@dataclass(frozen=True)
class Workflow:
    """A status table. The ``refuse_*`` callables build the errors its refusals raise."""

    rules: tuple[Rule, ...]
    attribute: str = "status"
    labels: Mapping[str, Any] = field(default_factory=dict)
    action_labels: Mapping[str, Any] = field(default_factory=dict)
    may: May | None = None
    save: Callable[[Change], None] = audited_save
    refuse_move: Refusal = refuse_move
    refuse_actor: Refusal = refuse_actor
    refuse_without_note: Refusal = refuse_without_note

    def __post_init__(self) -> None:
        seen: set[tuple[str, str]] = set()
        for rule in self.rules:
            key = (rule.source, rule.action)
            if key in seen:
                raise ValueError(f"The workflow names {key} twice.")
            seen.add(key)

    # -- reading the table -------------------------------------------------------------

    @property
    def table(self) -> dict[tuple[str, str], Rule]:
        """The rules by (state, action)."""
        return {(rule.source, rule.action): rule for rule in self.rules}

    @property
    def actions(self) -> tuple[str, ...]:
        """Every action of the table, in table order."""
        return tuple(dict.fromkeys(rule.action for rule in self.rules))

    def sources(self, *actions: str) -> tuple[str, ...]:
        """The states from which any of ``actions`` can be taken, in table order."""
        return tuple(dict.fromkeys(r.source for r in self.rules if r.action in actions))

    def state(self, obj: Any) -> str:
        return str(getattr(obj, self.attribute))

    def rule(self, obj: Any, action: str) -> Rule | None:
        state = self.state(obj)
        return next((r for r in self.rules if r.source == state and r.action == action), None)

    def target_of(self, action: str) -> str:
        return next((r.target for r in self.rules if r.action == action), action)

    def label(self, state: str) -> str:
        return str(self.labels.get(state, state))

    def action_label(self, action: str) -> str:
        return str(self.action_labels.get(action, action))

    def allowed(self, obj: Any, actor: Any = None) -> list[str]:
        """The actions ``actor`` may take on ``obj`` now, in table order."""
        if self.may is not None and not self.may(actor, obj):
            return []
        state = self.state(obj)
        return [
            r.action
            for r in self.rules
            if r.source == state and r.holds(obj) and r.lets(actor, obj)
        ]

    # -- taking an action --------------------------------------------------------------

    def check(self, obj: Any, action: str, actor: Any, *, note: str | None = None) -> Rule:
        """The rule for taking ``action`` on ``obj`` now; raises if it is refused.

        In order: who may change the object at all, whether the table has the action from
        the current state (and its guard holds), whether the actor may take it, and, when
        ``note`` is given, whether the rule's required note is there.
        """
        if self.may is not None and not self.may(actor, obj):
            raise self.refuse_actor(self, obj, action)
        rule = self.rule(obj, action)
        if rule is None or not rule.holds(obj):
            raise self.refuse_move(self, obj, action)
        if not rule.lets(actor, obj):
            raise self.refuse_actor(self, obj, action)
        if note is not None and rule.needs_note and not note.strip():
            raise self.refuse_without_note(self, obj, action)
        return rule

    def apply(self, obj: Any, rule: Rule, *, actor: Any, also: Iterable[str] | None = ()) -> Change:
        """Sets the rule's target state on ``obj`` and saves it through the workflow's save.

        ``also`` names further fields the caller set with the move, saved with it; None saves
        the whole object.
        """
        setattr(obj, self.attribute, rule.target)
        fields = None if also is None else (self.attribute, *also)
        change = Change(obj, rule.action, rule.source, rule.target, actor, fields)
        self.save(change)
        return change

    def take(
        self,
        obj: Any,
        action: str,
        *,
        actor: Any,
        note: str | None = None,
        also: Iterable[str] | None = (),
    ) -> Change:
        """Checks and applies ``action``: the one way to change the state."""
        return self.apply(obj, self.check(obj, action, actor, note=note), actor=actor, also=also)


def workflow(moves: Iterable[tuple[str, str] | tuple[str, str, Guard]], **kwargs: Any) -> Workflow:
    """A table of plain moves (source, target[, guard]); each action is named by its target."""
    rules = []
    for move in moves:
        source, target, *guard = move
        rules.append(Rule(source, target, target, guard=guard[0] if guard else None))
    return Workflow(rules=tuple(rules), **kwargs)


def allowed(flow: Workflow, obj: Any, actor: Any = None) -> list[str]:
    """The actions (for plain moves: the states) ``obj`` may take now, in table order."""
    return flow.allowed(obj, actor)


def transition(flow: Workflow, obj: Any, *, to: str, actor: Any, also: Iterable[str] = ()) -> Any:
    """Moves ``obj`` to state ``to`` through a table of plain moves; refuses other moves.

    ``also`` names further fields the caller set with the move, saved in the same save.
    """
    flow.take(obj, to, actor=actor, also=also)
    return obj
