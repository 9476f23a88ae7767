"""A visit as a person submits it, the same for the page and the API: the visit form
checks the input against what the user may choose (their units, their units' people, the
communities they reach), then `visit_submit` resolves the register picks and calls the
service. The API builds the same form from JSON, so both refuse the same input with the
same words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zhengxian.core.input_limits import parse_id
from zhengxian.orgs.roles import Perm

from . import services
from .forms import ProblemRow, VisitForm
from .models import Matter, MatterCategory, TargetKind
from .selectors.matters import matters_visible_to
from .selectors.registers import enterprises_for, sites_for, target_communities_for
from .services import ProblemInput, VisitTarget
from .views.common import people_of, working_units

# The register picker's "None of these: add it" option; never chosen for the user.
ADD_TO_REGISTER = 0


def visit_form_for(
    user: Any, data: Mapping[str, Any] | None, *, initial: dict[str, Any] | None = None
) -> VisitForm:
    """The visit form offering what ``user`` may choose; the people are those of the unit
    ``data`` names (or of ``initial``'s unit)."""
    units = working_units(user, Perm.RECORD_WORK)
    chosen = None
    if data is not None:
        chosen = units.filter(pk=parse_id(str(data.get("unit") or "")) or 0).first()
    if chosen is None and initial:
        chosen = initial.get("unit")
    return VisitForm(
        data,
        units=units,
        people=people_of(chosen),
        communities=target_communities_for(user),
        initial=initial,
    )


def _require_a_choice(matches: QuerySet[Any], field: str, name: str) -> None:
    """A typed name the register already has entries like: the user must pick one of them
    or choose to add the name, never have it added for them."""
    if name.strip() and matches.exists():
        raise ValidationError(
            {
                field: _(
                    "The register has entries like “%(name)s”: pick one, "
                    "or choose to add it to the register."
                )
                % {"name": name.strip()}
            }
        )


def visit_submit(
    user: Any, data: dict[str, Any], rows: Sequence[ProblemRow]
) -> services.VisitResult:
    """Logs the visit from a valid visit form's ``cleaned_data`` and its problem rows."""
    enterprise = site = None
    if data["enterprise"]:
        enterprise = enterprises_for(user).filter(pk=data["enterprise"]).first()
    elif data["enterprise"] is None and data["target_kind"] == TargetKind.ENTERPRISE:
        name = data["enterprise_name"]
        _require_a_choice(enterprises_for(user, search=name.strip()[:50]), "enterprise", name)
    if data["site"]:
        site = sites_for(user).filter(pk=data["site"]).first()
    elif data["site"] is None and data["target_kind"] == TargetKind.SITE:
        name = data["site_name"]
        _require_a_choice(sites_for(user, search=name.strip()[:50]), "site", name)
    target = VisitTarget(
        kind=data["target_kind"],
        unit=data["target_unit"],
        enterprise=enterprise,
        enterprise_name=data["enterprise_name"],
        site=site,
        site_name=data["site_name"],
        household=data["household"],
    )
    visible = matters_visible_to(user)
    problems = []
    for row in rows:
        link_to: Matter | None = None
        link_id = parse_id(row.link)
        if link_id is not None:
            link_to = visible.filter(pk=link_id).first()
        category = row.category if row.category in MatterCategory.values else MatterCategory.OTHER
        problems.append(
            ProblemInput(text=row.text, category=category, link_to=link_to, photos=row.photos)
        )
    return services.visit_create(
        actor=user,
        unit=data["unit"],
        visited_on=data["visited_on"],
        target=target,
        summary=data["summary"],
        visitors=list(data["visitors"]),
        problems=problems,
        visible_matters=visible,
    )
