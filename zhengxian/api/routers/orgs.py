"""Units and people: read only, what the unit tree and the people pages show the caller."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from zhengxian.orgs.forms import PeopleFilterForm
from zhengxian.orgs.models import Person, Unit, UnitKind
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import Scope, access_person, access_unit, require, scope_for
from zhengxian.orgs.selectors import people_visible_to, roles_of, units_visible_to

from ..errors import ApiRefusal
from ..filters import scoped_unit
from ..forms import form_data, require_valid
from ..pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursor_slice
from ..schemas import Ref

router = Router(tags=["units"])


class PageParams(Schema):
    """``cursor``: the ``next_cursor`` of the page before; ``limit``: items per page (1–200,
    50 by default)."""

    cursor: str | None = None
    limit: int = DEFAULT_LIMIT

    def checked_limit(self) -> int:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ApiRefusal(422, "invalid", _("limit is from 1 to %(max)s.") % {"max": MAX_LIMIT})
        return self.limit


class UnitListParams(PageParams):
    """``unit``: only this unit and the units below it; ``parent``: only the units directly
    under this one; ``kind``; ``q``: in the name or code; ``include_inactive``: deactivated
    units too (the tree page's "show inactive"). A unit outside the caller's scope is a 404."""

    unit: int | None = None
    parent: int | None = None
    kind: UnitKind | None = None
    q: str = ""
    include_inactive: bool = False


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent: int | None
    depth: int
    sort_order: int
    active: bool


def _parent_path(unit: Unit) -> str:
    """ "/1/4/17/" → "/1/4/"."""
    return unit.path[: unit.path.rstrip("/").rfind("/") + 1]


def unit_out(unit: Unit, scope: Scope) -> dict[str, Any]:
    """A unit as the API shows it; its parent only when the caller may see the parent (the
    top of a community leader's tree has none), as the page's breadcrumbs do."""
    parent_visible = unit.parent_id is not None and (
        scope.is_superuser or any(_parent_path(unit).startswith(p) for p in scope.paths())
    )
    return {
        "id": unit.pk,
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent_id if parent_visible else None,
        "depth": unit.depth,
        "sort_order": unit.sort_order,
        "active": unit.is_active,
    }


@router.get(
    "/units",
    response=Page[UnitOut],
    summary="Units the caller may see",
    description=(
        "The units of the unit tree page, within the caller's scope, in tree order (by "
        "materialised path). `parent` of a unit is null at the top of the caller's scope."
    ),
)
def unit_list(request: HttpRequest, params: Query[UnitListParams]) -> dict[str, Any]:
    require(request.user, Perm.VIEW_ORG)
    limit = params.checked_limit()
    units = units_visible_to(request.user)
    if not params.include_inactive:
        units = units.filter(is_active=True)
    within = scoped_unit(request.user, params.unit)
    if within is not None:
        units = units.filter(path__startswith=within.path)
    if params.parent is not None:
        units = units.filter(parent=access_unit(request.user, params.parent))
    if params.kind is not None:
        units = units.filter(kind=params.kind)
    if search := params.q.strip():
        units = units.filter(Q(name__icontains=search) | Q(code__icontains=search))
    page = cursor_slice(units, cursor=params.cursor, limit=limit, order=("path", "id"))
    scope = scope_for(request.user)
    return {"items": [unit_out(u, scope) for u in page.items], "next_cursor": page.next_cursor}


@router.get("/units/{unit_id}", response=UnitOut, summary="A unit")
def unit_get(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    unit = access_unit(request.user, unit_id)
    return unit_out(unit, scope_for(request.user))


class PersonListParams(PageParams):
    """``unit``: people of this unit and the units below it (outside the caller's scope: 404);
    ``q``: in the name, phone, position or account; ``role``: people holding this role."""

    unit: int | None = None
    q: str = ""
    role: str = ""


class PersonOut(Schema):
    id: int
    name: str
    unit: Ref
    position: str
    phone: str
    active: bool


class RoleOut(Schema):
    role: str
    role_label: str
    unit: Ref


class PersonDetailOut(PersonOut):
    account: str | None
    roles: list[RoleOut]


def person_out(person: Person) -> dict[str, Any]:
    # The people pages show the phone to everyone who may see the person; so does this.
    return {
        "id": person.pk,
        "name": person.name,
        "unit": {"id": person.unit.pk, "name": person.unit.name},
        "position": person.position,
        "phone": person.phone,
        "active": person.is_active,
    }


@router.get(
    "/people",
    response=Page[PersonOut],
    summary="People the caller may see",
    description="The active people of the people page, ordered by unit (tree order) and name.",
)
def person_list(request: HttpRequest, params: Query[PersonListParams]) -> dict[str, Any]:
    require(request.user, Perm.VIEW_ORG)
    limit = params.checked_limit()
    unit = scoped_unit(request.user, params.unit)
    # The page's filter form checks the role (and the search) with the page's words.
    form = PeopleFilterForm(
        form_data({"q": params.q, "role": params.role}), units=Unit.objects.none()
    )
    data = require_valid(form)
    people = people_visible_to(request.user, unit=unit, search=data["q"].strip(), role=data["role"])
    page = cursor_slice(
        people, cursor=params.cursor, limit=limit, order=("unit__path", "name", "id")
    )
    return {"items": [person_out(p) for p in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/people/{person_id}",
    response=PersonDetailOut,
    summary="A person",
    description=(
        "What the person's page shows: unit, position, phone, account name and roles. "
        "Never a password."
    ),
)
def person_get(request: HttpRequest, person_id: int) -> dict[str, Any]:
    person = access_person(request.user, person_id)
    roles = [
        {
            "role": a.role,
            "role_label": str(a.get_role_display()),
            "unit": {"id": a.unit.pk, "name": a.unit.name},
        }
        for a in roles_of(person)
    ]
    account = person.user.get_username() if person.user is not None else None
    return {**person_out(person), "account": account, "roles": roles}
