"""Evidence describers: turn "matters.visit:12" and the like back into records a person can
open. Each describer makes one query; the linked pages check the viewer's scope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.urls import reverse
from django.utils.translation import gettext as _

from zhengxian.engine.evidence import EvidenceItem, evidence_ref

from .models import Matter, MatterState, MediationCase, MediationOutcome, Visit


def describe_visits(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    visits = Visit.objects.filter(pk__in=pks).select_related(
        "unit", "target_unit", "enterprise", "site"
    )
    return {
        v.pk: EvidenceItem(
            ref=evidence_ref("matters.visit", v.pk),
            kind=_("Visit"),
            # 走访情况 may be empty when the visit raised a problem.
            title=" · ".join(part for part in (v.target_label, v.summary[:40]) if part),
            day=v.visited_on,
            url=reverse("matters:visit_detail", args=[v.pk]),
            detail=v.unit.name,
        )
        for v in visits
    }


def describe_matters(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    matters = Matter.objects.filter(pk__in=pks).select_related("responsible_unit")
    items = {}
    for m in matters:
        detail = str(MatterState(m.state).label)
        if m.deadline:
            detail = _("%(state)s · deadline %(deadline)s") % {
                "state": detail,
                "deadline": m.deadline.isoformat(),
            }
        items[m.pk] = EvidenceItem(
            ref=evidence_ref("matters.matter", m.pk),
            kind=_("Matter"),
            title=m.title,
            day=m.reported_on,
            url=reverse("matters:matter_detail", args=[m.pk]),
            detail=str(detail),
        )
    return items


def describe_mediation_cases(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    cases = MediationCase.objects.filter(pk__in=pks).select_related("matter")
    return {
        c.pk: EvidenceItem(
            ref=evidence_ref("matters.mediationcase", c.pk),
            kind=_("Mediation case"),
            title=f"{c.number} {c.matter.title}",
            day=c.concluded_on or c.matter.reported_on,
            url=reverse("matters:mediation_detail", args=[c.pk]),
            detail=str(MediationOutcome(c.outcome).label) if c.outcome else "",
        )
        for c in cases
    }
