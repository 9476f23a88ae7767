"""Creating activities with their sessions and expected roster; attachments."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import month_key
from zhengxian.core.uploads import check_upload
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from ..models import Activity, Attachment, AudienceRule, Brand, Session
from ..models.activities import EVENT_KINDS, STUDY_KINDS
from .roster import roster_expand


@dataclass(frozen=True)
class Audience:
    """Who is expected: the people of ``units`` (with their sub-units unless told not to),
    only those holding ``role`` when one is given; plus ``people`` chosen by hand."""

    units: tuple[Unit, ...] = ()
    role: str = ""
    include_subunits: bool = True
    people: tuple[Person, ...] = ()

    def is_empty(self) -> bool:
        return not self.units and not self.people


@dataclass(frozen=True)
class SessionPlan:
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    title: str = ""
    audience: Audience | None = None  # None: the activity's audience
    opens_before_minutes: int = 30
    grace_minutes: int = 5


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _check_audience(actor: Any, audience: Audience) -> None:
    scope = scope_for(actor)
    for unit in audience.units:
        if not scope.can(Perm.VIEW_ORG, unit):
            raise ValidationError(
                {"units": _("%(unit)s is outside your scope.") % {"unit": unit.name}}
            )
    for person in audience.people:
        if not scope.can(Perm.VIEW_ORG, person.unit):
            raise ValidationError(
                {"people": _("%(name)s is outside your scope.") % {"name": person.name}}
            )


def _save_rules(activity: Activity, session: Session | None, audience: Audience) -> None:
    rules = [
        AudienceRule(
            activity=activity,
            session=session,
            unit=unit,
            role=audience.role,
            include_subunits=audience.include_subunits,
        )
        for unit in audience.units
    ] + [AudienceRule(activity=activity, session=session, person=p) for p in audience.people]
    for rule in rules:
        rule.full_clean(
            exclude=["activity", "session", "unit", "person"], validate_constraints=False
        )
        rule.save()


def _new_session(activity: Activity, number: int, plan: SessionPlan) -> Session:
    if timezone.is_naive(plan.starts_at) or timezone.is_naive(plan.ends_at):
        raise ValidationError(_("Session times need a time zone."))
    session = Session(
        activity=activity,
        number=number,
        title=plan.title,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        place=plan.place,
        month=month_key(timezone.localdate(plan.starts_at)),
        opens_before_minutes=plan.opens_before_minutes,
        grace_minutes=plan.grace_minutes,
        token=new_token(),
    )
    if plan.ends_at <= plan.starts_at:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    # The activity is the caller's own and the token is fresh: no queries to check them.
    session.full_clean(exclude=["activity", "token"], validate_constraints=False)
    session.save()
    return session


@transaction.atomic
def activity_create(
    *,
    actor: Any,
    kind: str,
    title: str,
    organiser: Unit,
    sessions: list[SessionPlan],
    audience: Audience = Audience(),
    series: str = "",
    brand: Brand | None = None,
    alliance: str = "",
    partners: str = "",
    description: str = "",
    is_demo: bool = False,
) -> Activity:
    """An activity, its sessions and their rosters, all at once or not at all."""
    require(actor, Perm.ORGANISE_ACTIVITIES, organiser)
    if not sessions:
        raise ValidationError(_("An activity needs at least one session."))
    if kind in STUDY_KINDS and audience.is_empty() and all(s.audience is None for s in sessions):
        raise ValidationError({"units": _("Choose who is expected: units, a role or people.")})
    if brand is not None and kind not in EVENT_KINDS:
        raise ValidationError({"brand": _("Only events belong to a brand.")})
    _check_audience(actor, audience)
    activity = Activity(
        kind=kind,
        title=title.strip(),
        series=series.strip(),
        organiser=organiser,
        brand=brand,
        alliance=alliance.strip(),
        partners=partners.strip(),
        description=description.strip(),
        is_demo=is_demo,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    activity.full_clean()
    activity.save()
    _save_rules(activity, None, audience)
    for number, plan in enumerate(sessions, start=1):
        _add(activity, actor, number, plan)
    return activity


def _add(activity: Activity, actor: Any, number: int, plan: SessionPlan) -> Session:
    session = _new_session(activity, number, plan)
    if plan.audience is not None:
        _check_audience(actor, plan.audience)
        _save_rules(activity, session, plan.audience)
    roster_expand(session)
    return session


@transaction.atomic
def session_add(*, activity: Activity, actor: Any, plan: SessionPlan) -> Session:
    """Another session of ``activity`` (a training round's next sitting)."""
    require(actor, Perm.ORGANISE_ACTIVITIES, activity.organiser)
    number = (
        activity.sessions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    return _add(activity, actor, number, plan)


@transaction.atomic
def activity_audience_set(*, activity: Activity, actor: Any, audience: Audience) -> int:
    """Replaces the activity's audience; re-expands the rosters of its planned sessions
    that have no audience of their own. Returns the roster rows changed."""
    require(actor, Perm.ORGANISE_ACTIVITIES, activity.organiser)
    _check_audience(actor, audience)
    for rule in AudienceRule.objects.filter(activity=activity, session__isnull=True):
        rule.delete()
    _save_rules(activity, None, audience)
    return sum(roster_expand(session) for session in activity.sessions.all())


@transaction.atomic
def attachment_add(*, activity: Activity, actor: Any, upload: UploadedFile) -> Attachment:
    """A photo or a document of the activity, checked by its content."""
    require(actor, Perm.ORGANISE_ACTIVITIES, activity.organiser)
    info = check_upload(upload)
    attachment = Attachment(
        activity=activity,
        file=upload,
        name=info.name,
        content_type=info.content_type,
        size=info.size,
        uploaded_by=actor,
    )
    attachment.full_clean()
    attachment.save()
    return attachment
