"""Evidence describers: the sessions and sign-ins behind an activity score, one query each.

The links go to the session page, which checks the viewer's scope itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengxian.engine.evidence import EvidenceItem, evidence_ref

from . import rules
from .models import Session, SignIn


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
