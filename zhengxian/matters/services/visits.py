"""Logging a visit with the problems raised: one transaction, each problem a matter (or a
further report linked to an open matter the cadre chose instead)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import month_key
from zhengxian.core.errors import NotAllowed
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm

from ..models import (
    Enterprise,
    Matter,
    MatterLink,
    MatterOrigin,
    Site,
    TargetKind,
    Visit,
    VisitParticipant,
)
from ..selectors.registers import in_register_area
from .common import moment, require_any
from .matters import (
    attachments_check,
    matter_attach,
    matter_create,
    matter_link_report,
    may_attach,
)
from .registers import enterprise_get_or_create, site_get_or_create

OLDEST_VISIT_DAYS = 366
TITLE_LENGTH = 40


@dataclass(frozen=True)
class ProblemInput:
    """A problem raised on a visit: filed as a new matter, or linked to ``link_to``;
    ``photos`` are stored on that matter through the matters' attachment path."""

    text: str
    category: str = "other"
    link_to: Matter | None = None
    photos: tuple[UploadedFile, ...] = ()


@dataclass(frozen=True)
class VisitTarget:
    """Whom the visit went to. ``unit`` is the community (for a new enterprise or site, a
    household, or a community visit); an existing enterprise or site brings its own."""

    kind: str
    unit: Unit | None = None
    enterprise: Enterprise | None = None
    enterprise_name: str = ""
    site: Site | None = None
    site_name: str = ""
    household: str = ""


@dataclass
class VisitResult:
    visit: Visit
    matters: list[Matter] = field(default_factory=list)
    links: list[MatterLink] = field(default_factory=list)


def problem_title(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1] + "…"


@transaction.atomic
def visit_create(
    *,
    actor: Any,
    unit: Unit,
    visited_on: dt.date,
    target: VisitTarget,
    summary: str,
    visitors: Sequence[Person],
    problems: Sequence[ProblemInput] = (),
    visible_matters: Any = None,
    at: dt.datetime | None = None,
    is_demo: bool = False,
) -> VisitResult:
    """Logs the visit and files its problems, all or nothing: a refused photo, like any
    refused input, leaves no visit and no matter (photos are checked before any write)."""
    require_any(actor, [Perm.RECORD_WORK], unit)
    _check_problems(actor, summary, problems)
    _when, today = moment(at)
    if visited_on > today:
        raise ValidationError({"visited_on": _("A visit cannot be in the future.")})
    if (today - visited_on).days > OLDEST_VISIT_DAYS:
        raise ValidationError({"visited_on": _("A visit must be logged within a year.")})
    people = list(dict.fromkeys(visitors))
    if not people:
        raise ValidationError({"visitors": _("Say who went.")})
    if any(not person.is_active for person in people):
        raise ValidationError({"visitors": _("Someone chosen is no longer active.")})
    target_unit, enterprise, site = _resolve_target(actor, target, is_demo)
    visit = Visit(
        unit=unit,
        visited_on=visited_on,
        month=month_key(visited_on),
        target_kind=target.kind,
        target_unit=target_unit,
        enterprise=enterprise,
        site=site,
        household=target.household.strip() if target.kind == TargetKind.HOUSEHOLD else "",
        summary=summary.strip(),
        recorded_by=actor,
        is_demo=is_demo,
    )
    visit.full_clean()
    visit.save()
    for person in people:
        VisitParticipant.objects.create(visit=visit, person=person)
    result = VisitResult(visit=visit)
    requester = visit.target_label
    for problem in problems:
        text = problem.text.strip()
        if not text:
            continue
        if problem.link_to is not None:
            result.links.append(
                matter_link_report(
                    matter=problem.link_to,
                    actor=actor,
                    text=text,
                    requester_name=requester,
                    visit=visit,
                    visible=visible_matters,
                )
            )
            for photo in problem.photos:
                matter_attach(matter=problem.link_to, actor=actor, upload=photo)
            continue
        result.matters.append(
            matter_create(
                actor=actor,
                title=problem_title(text),
                description=text,
                category=problem.category,
                origin=MatterOrigin.VISIT,
                reporting_unit=unit,
                requester_name=requester[:100],
                place=visit.household or (site.name if site else ""),
                target_unit=target_unit,
                enterprise=enterprise,
                site=site,
                visit=visit,
                attachments=problem.photos,
                at=at,
                is_demo=is_demo,
            )
        )
    return result


def _check_problems(actor: Any, summary: str, problems: Sequence[ProblemInput]) -> None:
    """What was discussed (走访情况) may stay empty when a problem is entered; a photo needs
    the problem it shows; every photo is checked before anything is written."""
    raised = [problem for problem in problems if problem.text.strip()]
    if not summary.strip() and not raised:
        raise ValidationError({"summary": _("Say what was discussed, or enter a problem raised.")})
    if any(problem.photos and not problem.text.strip() for problem in problems):
        raise ValidationError(_("A photo needs the problem it shows: describe the problem."))
    for problem in raised:
        attachments_check(problem.photos)
        linked = problem.link_to
        if problem.photos and linked is not None and not may_attach(actor, linked):
            raise ValidationError(
                _("You may not add photos to “%(title)s”: file the problem as a new matter.")
                % {"title": linked.title}
            )


def _resolve_target(
    actor: Any, target: VisitTarget, is_demo: bool
) -> tuple[Unit, Enterprise | None, Site | None]:
    if target.kind not in TargetKind.values:
        raise ValidationError({"target_kind": _("Choose whom the visit went to.")})
    enterprise = site = None
    unit = target.unit
    if target.kind == TargetKind.ENTERPRISE:
        enterprise = target.enterprise
        if enterprise is None:
            if not target.enterprise_name.strip() or unit is None:
                raise ValidationError(
                    {"enterprise": _("Pick the enterprise or type its name and community.")}
                )
            enterprise, _created = enterprise_get_or_create(
                actor=actor, name=target.enterprise_name, unit=unit, is_demo=is_demo
            )
        unit = enterprise.unit
    elif target.kind == TargetKind.SITE:
        site = target.site
        if site is None:
            if not target.site_name.strip() or unit is None:
                raise ValidationError({"site": _("Pick the site or type its name and community.")})
            site, _created = site_get_or_create(
                actor=actor, name=target.site_name, unit=unit, is_demo=is_demo
            )
        unit = site.unit
    elif target.kind == TargetKind.HOUSEHOLD and not target.household.strip():
        raise ValidationError({"household": _("Say which household (a name or an address).")})
    if unit is None:
        raise ValidationError({"target_unit": _("Choose the community.")})
    if not in_register_area(actor, unit):
        raise NotAllowed
    return unit, enterprise, site
