"""The query parameters every list takes: a cursor page, a date range and a unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema

from zhengxian.orgs.models import Unit
from zhengxian.orgs.scope import access_unit

from .errors import ApiRefusal
from .pagination import DEFAULT_LIMIT, MAX_LIMIT


class ListParams(Schema):
    """``cursor``: the ``next_cursor`` of the page before; ``limit``: items per page (1–200,
    50 by default); ``unit``: only this unit and the units below it (a unit outside the
    caller's scope is a 404); ``date_from``/``date_to``: inclusive."""

    cursor: str | None = None
    limit: int = DEFAULT_LIMIT
    unit: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def checked_limit(self) -> int:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ApiRefusal(422, "invalid", _("limit is from 1 to %(max)s.") % {"max": MAX_LIMIT})
        return self.limit

    def checked_range(self) -> tuple[dt.date | None, dt.date | None]:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ApiRefusal(422, "invalid", _("date_from is after date_to."))
        return self.date_from, self.date_to


def scoped_unit(user: Any, unit_id: int | None) -> Unit | None:
    """The unit a list is narrowed to, found within ``user``'s scope (else 404)."""
    return None if unit_id is None else access_unit(user, unit_id)


def under(unit: Unit | None, field: str = "unit") -> dict[str, Any]:
    """A filter keeping the rows of ``unit`` and the units below it (nothing without one)."""
    return {} if unit is None else {f"{field}__path__startswith": unit.path}
