"""What the scores and the publications routers both write: points as text, references to a
period, a unit and a sheet, a unit's standing, the limit of a page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zhengxian.campaigns.models import Period, PublicationMode
from zhengxian.orgs.models import Unit
from zhengxian.scoring.models import ScoreSheet
from zhengxian.scoring.selectors.publication_modes import Standing

from ..errors import ApiRefusal
from ..pagination import MAX_LIMIT


def cents(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def checked_limit(limit: int, most: int = MAX_LIMIT) -> int:
    if not 1 <= limit <= most:
        raise ApiRefusal(422, "invalid", _("limit is from 1 to %(max)s.") % {"max": most})
    return limit


def period_ref(period: Period) -> dict[str, Any]:
    return {
        "id": period.pk,
        "key": period.key,
        "label": period.label,
        "campaign_id": period.campaign_id,
    }


def unit_ref(unit: Unit) -> dict[str, Any]:
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def sheet_out(sheet: ScoreSheet | None) -> dict[str, Any] | None:
    if sheet is None:
        return None
    return {
        "version": sheet.version,
        "status": sheet.status,
        "preview_until": sheet.preview_until,
        "published_at": sheet.published_at,
        "digest": sheet.digest or None,
    }


def standing_out(standing: Standing | None) -> dict[str, Any] | None:
    if standing is None:
        return None
    tiers = standing.mode == PublicationMode.TIERS
    return {
        "mode": standing.mode,
        "tier": (standing.tier or None) if tiers else None,
        "red": standing.red and not tiers,
        "black": standing.black and not tiers,
    }
