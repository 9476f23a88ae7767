"""Reads of supervision days: visible where the scope covers the organising unit or an
inspected unit; the findings shown are the matters the user can see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm, Role
from zhengxian.orgs.scope import scope_for
from zhengxian.orgs.selectors import people_visible_to

from ..models import Matter, SupervisionDay
from .matters import matters_visible_to


def supervision_days_visible_to(user: Any) -> QuerySet[SupervisionDay]:
    scope = scope_for(user)
    if scope.is_superuser:
        return SupervisionDay.objects.all()
    q = scope.unit_q(Perm.VIEW_ORG, via="unit") | scope.unit_q(
        Perm.VIEW_ORG, via="inspections__unit"
    )
    return SupervisionDay.objects.filter(pk__in=SupervisionDay.objects.filter(q).values("pk"))


def supervision_day_get_for(user: Any, day_id: int) -> SupervisionDay:
    day = supervision_days_visible_to(user).select_related("unit").filter(pk=day_id).first()
    if day is None:
        raise Http404
    return day


def findings_of(user: Any, day: SupervisionDay) -> QuerySet[Matter]:
    return (
        matters_visible_to(user)
        .filter(supervision_day=day)
        .select_related("responsible_unit")
        .order_by("responsible_unit__path", "id")
    )


def supervisors_for(user: Any) -> QuerySet[Person]:
    """People in the user's scope who hold the supervisor role, and the user themself."""
    me = getattr(getattr(user, "person", None), "pk", 0)
    return people_visible_to(user).filter(Q(roles__role=Role.SUPERVISOR) | Q(pk=me)).distinct()


def inspected_units_of(day: SupervisionDay) -> QuerySet[Unit]:
    return Unit.objects.filter(inspections__day=day).order_by("path")
