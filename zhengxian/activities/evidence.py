"""Evidence describers: the sessions, sign-ins and roster rows behind an activity score, one
query each.

The links go to the session page, which checks the viewer's scope itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengxian.core import clock
from zhengxian.engine.evidence import EvidenceItem, evidence_ref

from . import rules
from .models import ExpectedAttendee, Session, SignIn, SignInMethod


def describe_sessions(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    rows = Session.objects.filter(pk__in=pks).select_related("activity__organiser")
    return {
        s.pk: EvidenceItem(
            ref=evidence_ref("activities.session", s.pk),
            kind=_("Session"),
            title=f"{s.activity.title} · {s.title or s.number}",
            day=timezone.localdate(s.starts_at),
            url=reverse("activities:session_detail", args=[s.pk]),
            detail=_("%(unit)s · %(place)s · %(status)s")
            % {
                "unit": s.activity.organiser.name,
                "place": s.place,
                "status": s.get_status_display(),
            },
        )
        for s in rows
    }


def describe_sign_ins(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    rows = SignIn.objects.filter(pk__in=pks).select_related("session__activity", "person")
    items = {}
    for row in rows:
        late = rules.is_late(row.session, row.signed_at)
        items[row.pk] = EvidenceItem(
            ref=evidence_ref("activities.signin", row.pk),
            kind=_("Sign-in"),
            title=f"{row.person.name} · {row.session.activity.title}",
            day=timezone.localdate(row.signed_at),
            url=reverse("activities:session_detail", args=[row.session_id]) + f"#sign-in-{row.pk}",
            detail=_("%(time)s, %(state)s, %(method)s")
            % {
                "time": timezone.localtime(row.signed_at).strftime("%H:%M"),
                "state": _("late") if late else _("on time"),
                "method": row.get_method_display(),
            },
        )
    return items


def describe_roster_rows(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    """A roster row: who was expected at which session, and whether they came (their
    sign-in's time, on time or late, and how) or not."""
    sign_in = SignIn.objects.filter(
        session_id=OuterRef("session_id"), person_id=OuterRef("person_id")
    )
    rows = (
        ExpectedAttendee.objects.filter(pk__in=pks)
        .select_related("person", "unit", "session__activity")
        .annotate(
            sign_in_id=Subquery(sign_in.values("pk")[:1]),
            signed_at=Subquery(sign_in.values("signed_at")[:1]),
            sign_in_method=Subquery(sign_in.values("method")[:1]),
        )
    )
    now = clock.now()
    items = {}
    for row in rows:
        session = row.session
        sitting = session.title or session.number
        url = reverse("activities:session_detail", args=[session.pk])
        if row.signed_at is not None:
            url += f"#sign-in-{row.sign_in_id}"
            came = _("signed in %(time)s, %(state)s, %(method)s") % {
                "time": timezone.localtime(row.signed_at).strftime("%H:%M"),
                "state": _("late") if rules.is_late(session, row.signed_at) else _("on time"),
                "method": SignInMethod(row.sign_in_method).label,
            }
        else:
            came = str(rules.ATTENDANCE_LABELS[rules.attendance(session, None, now)])
        items[row.pk] = EvidenceItem(
            ref=evidence_ref("activities.expectedattendee", row.pk),
            kind=_("Expected attendee"),
            title=f"{row.person.name} · {session.activity.title} · {sitting}",
            day=timezone.localdate(session.starts_at),
            url=url,
            detail=_("%(unit)s · %(attendance)s") % {"unit": row.unit.name, "attendance": came},
        )
    return items
