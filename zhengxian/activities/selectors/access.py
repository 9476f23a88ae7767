"""Which activities and sessions a user may see, and fetch-and-authorise helpers.

A user sees an activity when its organising unit is in their scope, or when they are on
the roster of one of its sessions or signed in to one (their own records). Organising
(opening sessions, recording sign-ins by hand) needs ORGANISE_ACTIVITIES over the
organising unit: 404 outside what the user may see, 403 inside it without the permission.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from zhengxian.core.errors import NotAllowed
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..models import Activity, Attachment, ExpectedAttendee, Session, SignIn


def activity_visibility_q(user: Any) -> Q:
    own = Q(pk__in=[])
    if getattr(user, "is_authenticated", False):
        own = Q(
            pk__in=ExpectedAttendee.objects.filter(person__user=user).values("session__activity_id")
        ) | Q(pk__in=SignIn.objects.filter(person__user=user).values("session__activity_id"))
    return scope_for(user).visible_q(Activity, "organiser", perm=Perm.VIEW_ORG, also=own)


def activities_visible_to(user: Any) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(activity_visibility_q(user))
        .select_related("organiser", "brand")
        .annotate(first_start=Min("sessions__starts_at"))
        .order_by("-first_start", "-pk")
    )


def activity_pages_for(user: Any, *, kind: str = "") -> QuerySet[Activity]:
    """`activities_visible_to` (with ``kind`` when given) for a paginated list: each
    activity's first start is one seek in the sessions' (activity, starts_at) index rather
    than a join and a GROUP BY over every session before the page is cut, and the count
    reads the activities alone."""
    first_start = (
        Session.objects.filter(activity_id=OuterRef("pk"))
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    activities = Activity.objects.filter(activity_visibility_q(user))
    if kind:
        activities = activities.filter(kind=kind)
    return (
        activities.select_related("organiser", "brand")
        .annotate(first_start=Subquery(first_start))
        .order_by("-first_start", "-pk")
    )


def can_organise(user: Any, activity: Activity) -> bool:
    return scope_for(user).can(Perm.ORGANISE_ACTIVITIES, activity.organiser)


def activity_get_for(user: Any, activity_id: int, perm: Perm = Perm.VIEW_ORG) -> Activity:
    activity = (
        Activity.objects.filter(activity_visibility_q(user), pk=activity_id)
        .select_related("organiser", "brand")
        .first()
    )
    if activity is None:
        raise Http404
    if perm is Perm.ORGANISE_ACTIVITIES and not can_organise(user, activity):
        raise NotAllowed
    return activity


def session_get_for(user: Any, session_id: int, perm: Perm = Perm.VIEW_ORG) -> Session:
    session = (
        Session.objects.filter(pk=session_id)
        .select_related("activity__organiser", "activity__brand")
        .first()
    )
    if session is None:
        raise Http404
    activity_get_for(user, session.activity_id, perm)  # 404 / 403 as for its activity
    return session


def attachment_get_for(user: Any, attachment_id: int) -> Attachment:
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    activity_get_for(user, attachment.activity_id)
    return attachment


def organiser_units(user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_for(user).unit_q(Perm.ORGANISE_ACTIVITIES), is_active=True)


def audience_units(user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_for(user).unit_q(Perm.VIEW_ORG), is_active=True)


def audience_people(user: Any) -> QuerySet[Person]:
    return (
        scope_for(user)
        .filter(Person.objects.select_related("unit"))
        .filter(is_active=True)
        .order_by("unit__path", "name")
    )
