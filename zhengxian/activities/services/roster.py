"""Expanding audience rules into roster rows (`ExpectedAttendee`), with an audit entry each.

A session's roster follows its rules while the session is still planned; from the moment
it is opened, held or cancelled the roster is frozen, so attendance is always counted
against the list the session actually had.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from zhengxian.audit.serialise import snapshot
from zhengxian.audit.services import record_change
from zhengxian.core.signals import records_written
from zhengxian.orgs.models import Person, RoleAssignment, Unit

from ..models import AudienceRule, ExpectedAttendee, Session, SessionStatus


def rule_q(rule: AudienceRule) -> Q:
    if rule.person_id is not None:
        return Q(pk=rule.person_id)
    assert rule.unit is not None
    q = Q(unit__path__startswith=rule.unit.path) if rule.include_subunits else Q(unit=rule.unit)
    if rule.role:
        q &= Q(pk__in=RoleAssignment.objects.filter(role=rule.role).values("person_id"))
    return q


def rules_for(session: Session) -> list[AudienceRule]:
    """The session's own rules when it has any, else the activity's."""
    rules = list(AudienceRule.objects.filter(activity=session.activity_id).select_related("unit"))
    own = [rule for rule in rules if rule.session_id == session.pk]
    return own or [rule for rule in rules if rule.session_id is None]


def people_of(rules: Iterable[AudienceRule]) -> dict[int, tuple[int, bool]]:
    """{person id: (unit id, chosen by hand)} of the active people the rules select."""
    rules = list(rules)
    if not rules:
        return {}
    q = Q(pk__in=[])
    for rule in rules:
        q |= rule_q(rule)
    by_hand = {rule.person_id for rule in rules if rule.person_id is not None}
    rows = Person.objects.filter(q, is_active=True).values_list("pk", "unit_id")
    return {pk: (unit_id, pk in by_hand) for pk, unit_id in rows}


def roster_expand(session: Session) -> int:
    """Brings a planned session's roster in line with its rules; returns the rows changed."""
    if session.status != SessionStatus.PLANNED:
        return 0
    wanted = people_of(rules_for(session))
    existing = {row.person_id: row for row in ExpectedAttendee.objects.filter(session=session)}
    stale = [row for person_id, row in existing.items() if person_id not in wanted]
    for row in stale:
        row.delete()  # audited by the signal handlers
    units = Unit.objects.in_bulk({unit_id for unit_id, _by_hand in wanted.values()})
    new = [
        ExpectedAttendee(
            session=session, person_id=pk, unit=units[unit_id], month=session.month, by_hand=by_hand
        )
        for pk, (unit_id, by_hand) in sorted(wanted.items())
        if pk not in existing
    ]
    # bulk_create bypasses the signals: each row is logged here instead.
    for row in ExpectedAttendee.objects.bulk_create(new):
        record_change(instance=row, before=None, after=snapshot(row))
    if new:
        records_written.send(sender=ExpectedAttendee)  # nor does it tell the live rankings
    return len(stale) + len(new)
