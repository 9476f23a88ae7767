"""A period's result as plain data and deterministic JSON (the export page and command)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from zhengxian.campaigns.models import CompetitionGroup, Period, PublicationMode
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..models import ScoreSheet, UnitScore
from .access import manages_campaign, preview_sheet, published_sheet
from .publication_modes import mode_units, sees_full_ranking


def period_results_document(
    sheet: ScoreSheet, *, with_detail: Callable[[Unit], bool] | None = None
) -> dict[str, Any]:
    """The sheet as plain data, units in group order, rank and code. ``with_detail`` says
    for which units dimensions and leaves are included (default: all)."""
    period = sheet.period
    campaign = period.campaign
    caps = {"bonus_cap": f"{campaign.bonus_cap:f}", "penalty_cap": f"{campaign.penalty_cap:f}"}
    group_order = {
        code: index
        for index, code in enumerate(
            CompetitionGroup.objects.filter(campaign=campaign)
            .order_by("order", "code")
            .values_list("code", flat=True)
        )
    }
    rows = sorted(
        UnitScore.objects.filter(sheet=sheet).select_related("unit"),
        key=lambda row: (
            group_order.get(row.group_code, len(group_order)),
            row.group_code,
            row.rank,
            row.unit.code,
        ),
    )
    units = []
    for row in rows:
        entry: dict[str, Any] = {
            "code": row.unit.code,
            "name": row.unit.name,
            "group": row.group_code,
            "total": f"{row.total:f}",
            "rank": row.rank,
            "group_size": row.group_size,
            "leaf_sum": f"{row.leaf_sum:f}",
            # Claimed (Σ approved items), cap and applied = min(claimed, cap), so that
            # total = leaf_sum + bonus − penalty can be checked from this file alone.
            "bonus_claimed": row.detail.get("bonus_claimed", f"{row.bonus:f}"),
            "bonus_cap": caps["bonus_cap"],
            "bonus": f"{row.bonus:f}",
            "penalty_claimed": row.detail.get("penalty_claimed", f"{row.penalty:f}"),
            "penalty_cap": caps["penalty_cap"],
            "penalty": f"{row.penalty:f}",
        }
        if with_detail is None or with_detail(row.unit):
            entry["dimensions"] = row.detail.get("dimensions", {})
            entry["leaves"] = row.detail.get("leaves", {})
        units.append(entry)
    return {
        "campaign": campaign.code,
        "campaign_name": campaign.name,
        "period": period.key,
        "period_label": period.label,
        "status": sheet.status,
        "version": sheet.version,
        "reason": sheet.reason,
        "digest": sheet.digest,
        "prev_digest": sheet.prev_digest,
        "published_at": _utc(sheet.published_at),
        "record_share": None if sheet.record_share is None else f"{sheet.record_share:f}",
        "rules": _RULES,
        **caps,
        "units": units,
    }


_RULES = (
    "total = leaf_sum + bonus - penalty; leaf_sum = sum of the leaves' points; "
    "bonus = min(bonus_claimed, bonus_cap); penalty = min(penalty_claimed, penalty_cap); "
    "points are rounded half-up to 2 places at each leaf and at the total only"
)


def results_json(document: dict[str, Any]) -> str:
    """Deterministic JSON text: sorted keys, UTF-8 text kept, a final newline."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def period_export_for(user: Any, period: Period, *, preview: bool = False) -> dict[str, Any] | None:
    """What the user may export: the published sheet (the preview one for the office and
    evaluators when asked), every unit's total and rank, details only for units in scope;
    in a tiers or lists campaign, only the tiers or lists, but for the office."""
    sheet = export_sheet_for(user, period, preview=preview)
    if sheet is None:
        return None
    manages = manages_campaign(user, period.campaign)
    if not sees_full_ranking(user, period.campaign):
        return mode_document(sheet)
    scope = scope_for(user)
    return period_results_document(
        sheet, with_detail=None if manages else (lambda unit: scope.can(Perm.VIEW_SCORES, unit))
    )


def export_sheet_for(user: Any, period: Period, *, preview: bool = False) -> ScoreSheet | None:
    """The sheet an export of ``period`` reads: the published one, or the preview one for
    those who manage the campaign when they ask for it."""
    if preview and manages_campaign(user, period.campaign):
        return preview_sheet(period)
    return published_sheet(period)


def mode_document(sheet: ScoreSheet) -> dict[str, Any]:
    """The sheet as its campaign's mode publishes it (tiers or lists): each unit's tier, or
    the units on the red and black lists, by group and code; no points, ranks or indicators."""
    period = sheet.period
    campaign = period.campaign
    tiers, groups = mode_units(sheet, period)
    lists = campaign.publication_mode == PublicationMode.LISTS
    units = []
    for code, _name, members in groups:
        for unit in members:
            entry: dict[str, Any] = {"code": unit.code, "name": unit.name, "group": code}
            if lists:
                if not (unit.red or unit.black):
                    continue
                entry["list"] = "red" if unit.red else "black"
            else:
                entry["tier"] = unit.tier
            units.append(entry)
    document: dict[str, Any] = {
        "campaign": campaign.code,
        "campaign_name": campaign.name,
        "period": period.key,
        "period_label": period.label,
        "status": sheet.status,
        "version": sheet.version,
        "reason": sheet.reason,
        "digest": sheet.digest,
        "prev_digest": sheet.prev_digest,
        "published_at": _utc(sheet.published_at),
        "publication_mode": campaign.publication_mode,
        "units": units,
    }
    if lists:
        document["list_size"] = campaign.list_size
    else:
        document["tiers"] = [
            {"name": tier.name} if tier.min is None else {"name": tier.name, "min": f"{tier.min:f}"}
            for tier in tiers
        ]
    return document


def _utc(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat()
