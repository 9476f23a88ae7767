"""Scores, rankings and publications: read only, what the result pages show the caller."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router

from zhengxian.campaigns.models import Period, PublicationMode
from zhengxian.campaigns.selectors import campaign_get_for, period_get_for
from zhengxian.engine.evidence import describe_evidence
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for
from zhengxian.scoring import selectors
from zhengxian.scoring.models import ScoreSheet, SheetStatus, UnitScore
from zhengxian.scoring.selectors.evidence import evidence_of
from zhengxian.scoring.selectors.publication_modes import (
    Standing,
    mode_view,
    sees_full_ranking,
    sees_ranks,
    standings_for,
)
from zhengxian.scoring.selectors.scorecard import LeafLine, ScoreCard
from zhengxian.scoring.wording import capped, leaf_item, method_label, points_lost

from ..errors import ApiRefusal
from ..filters import scoped_unit
from ..pagination import Page, cursor_slice
from ..schemas_scoring import (
    EvidencePageOut,
    EvidenceParams,
    PeriodRankingOut,
    ScorecardOut,
    ScoreOut,
    ScoreParams,
    TrendOut,
)
from . import scoring_publications
from .scoring_common import (
    cents,
    checked_limit,
    period_ref,
    sheet_out,
    standing_out,
    unit_ref,
)

router = Router(tags=["scores"])
rankings = Router(tags=["rankings"])
router.add_router("", rankings)
router.add_router("", scoring_publications.router)

EVIDENCE_PAGE_SIZE = 100  # as the leaf's evidence page
EVIDENCE_REFS_ON_CARD = 100


# -- The ranking ---------------------------------------------------------------------------


def _full_groups(user: Any, period: Period, first: selectors.Ranking) -> list[dict[str, Any]]:
    """Every group's ranking, every page of it, as the page lists them one at a time."""
    groups = []
    for tab in first.groups:
        rows: list[selectors.RankingRow] = []
        number: Any = 1
        while True:
            result = selectors.ranking_for(user, period, group=tab.code, page=number)
            if result is None:  # the sheet was replaced meanwhile
                break
            rows += result.rows
            if not result.page.has_next():
                break
            number = result.page.next_page_number()
        groups.append(
            {
                "code": tab.code,
                "name": tab.name,
                "size": tab.size,
                "rows": [
                    {
                        "unit": {"id": row.unit_id, "code": row.code, "name": row.name},
                        "total": cents(row.total),
                        "rank": row.rank,
                        "group_size": row.group_size,
                        "previous_rank": row.previous_rank,
                        "movement": row.movement,
                        "own": row.own,
                        "can_open": row.can_open,
                    }
                    for row in rows
                ],
            }
        )
    return groups


def _mode_groups(sheet: ScoreSheet, period: Period, user: Any) -> list[dict[str, Any]]:
    view = mode_view(sheet, period, user=user)

    def unit(item: Any) -> dict[str, Any]:
        return {
            "unit": {"id": item.unit_id, "code": item.code, "name": item.name},
            "own": item.own,
        }

    tiers = {tier.name: tier.min for tier in view.tiers}
    return [
        {
            "code": group.code,
            "name": group.name,
            "tiers": [
                {"name": name, "min": cents(tiers.get(name)), "units": [unit(u) for u in units]}
                for name, units in group.tiers
            ]
            if view.mode == PublicationMode.TIERS
            else [],
            "red": [unit(u) for u in group.red] if view.mode == PublicationMode.LISTS else [],
            "black": [unit(u) for u in group.black] if view.mode == PublicationMode.LISTS else [],
        }
        for group in view.groups
    ]


@rankings.get(
    "/periods/{period_id}/ranking",
    response=PeriodRankingOut,
    summary="A period's ranking, as the ranking page shows it to the caller",
    description=(
        "`view` says what the caller sees, as on the ranking page: `full` (every group's "
        "ranking with totals, ranks and movement), `tiers` or `lists` (a tiers-only or "
        "lists-only campaign, to everyone but the campaign office: each group's tiers or red "
        "and black lists, no points or ranks), `own_preview` (the period is in preview (公示): "
        "the caller's own units with their total and appeal deadline) or `none`."
    ),
)
def period_ranking_get(request: HttpRequest, period_id: int) -> dict[str, Any]:
    user = request.user
    period = period_get_for(user, period_id)
    campaign = period.campaign
    result = selectors.ranking_for(user, period)
    answer: dict[str, Any] = {
        "period": period_ref(period),
        "view": "none",
        "sheet": sheet_out(result.sheet if result else None),
        "groups": [],
        "mode_groups": [],
        "list_size": None,
        "own_preview": [],
    }
    if result is not None and not sees_full_ranking(user, campaign):
        answer["view"] = campaign.publication_mode
        answer["mode_groups"] = _mode_groups(result.sheet, period, user)
        if campaign.publication_mode == PublicationMode.LISTS:
            answer["list_size"] = campaign.list_size
    elif result is not None:
        answer["view"] = "full"
        answer["groups"] = _full_groups(user, period, result)
    else:
        ranks = sees_ranks(user, campaign)
        rows = selectors.own_preview_rows(user, period)
        if rows:
            answer["view"] = "own_preview"
            answer["sheet"] = sheet_out(selectors.preview_sheet(period))
        answer["own_preview"] = [
            {
                "unit": unit_ref(row.unit),
                "total": cents(row.total),
                "rank": row.rank if ranks else None,
                "group_size": row.group_size if ranks else None,
                "may_appeal": row.may_appeal,
                "appeal_until": row.appeal_until,
                "own": row.own,
            }
            for row in rows
        ]
    return answer


# -- Scores of a period, for the district data platform ------------------------------------


def _scores_visible(user: Any, period: Period) -> QuerySet[UnitScore]:
    """Each unit's row from the sheet its pages show the caller: its own score card (the
    preview where there is one, for a unit in the caller's scope or the campaign's managers),
    else the published ranking, when the ranking shows totals to the caller."""
    campaign = period.campaign
    scope = scope_for(user)
    own = Q() if selectors.manages_campaign(user, campaign) else scope.unit_q(Perm.VIEW_SCORES)
    preview = selectors.preview_sheet(period)
    published = selectors.published_sheet(period)
    condition = Q(pk__in=[])
    previewed = Unit.objects.none()
    if preview is not None:
        previewed = Unit.objects.filter(own, scores__sheet=preview)
        condition |= Q(sheet=preview, unit__in=previewed.values("pk"))
    if published is not None:
        shown = Q() if sees_full_ranking(user, campaign) else Q(unit__in=Unit.objects.filter(own))
        condition |= Q(sheet=published) & shown & ~Q(unit__in=previewed.values("pk"))
    return UnitScore.objects.filter(condition).select_related("unit", "sheet").defer("detail")


@rankings.get(
    "/periods/{period_id}/scores",
    response=Page[ScoreOut],
    summary="Units' totals of a period, a page at a time",
    description=(
        "For the district data platform. Each unit's figures come from what its pages show "
        "the caller: its own score card (the preview in 公示 for the units in the caller's "
        "scope and the campaign's managers), else the published ranking, whose totals the "
        "tiers-only and lists-only modes show to the campaign office only. `rank` is null "
        "where the mode withholds ranks from the caller, with the unit's `standing` instead. "
        "In unit code order."
    ),
)
def period_scores_list(request: HttpRequest, period_id: int, params: Query[ScoreParams]) -> Any:
    user = request.user
    period = period_get_for(user, period_id)
    limit = checked_limit(params.limit)
    rows = _scores_visible(user, period)
    within = scoped_unit(user, params.unit)
    if within is not None:
        rows = rows.filter(unit__path__startswith=within.path)
    if params.group:
        rows = rows.filter(group_code=params.group)
    page = cursor_slice(rows, cursor=params.cursor, limit=limit, order=("unit__code", "id"))
    standings = standings_for(user, period.campaign, page.items) or {}
    items = [
        {
            "unit": unit_ref(row.unit),
            "group": row.group_code,
            "version": row.sheet.version,
            "status": row.sheet.status,
            "total": cents(row.total),
            "leaf_sum": cents(row.leaf_sum),
            "bonus": cents(row.bonus),
            "penalty": cents(row.penalty),
            "rank": None if row.pk in standings else row.rank,
            "group_size": None if row.pk in standings else row.group_size,
            "standing": standing_out(standings.get(row.pk)),
        }
        for row in page.items
    ]
    return {"items": items, "next_cursor": page.next_cursor}


# -- A unit's score card and the records behind a leaf -------------------------------------


def _line_out(line: Any, period: Period, unit_id: int) -> dict[str, Any]:
    period_id = period.pk
    if not isinstance(line, LeafLine):
        return {
            "kind": "dimension",
            "code": line.code,
            "name": line.name,
            "depth": line.depth,
            "points": cents(line.subtotal),
            "maximum": cents(line.weight),
            "percent": cents(line.percent),
        }
    words = leaf_item(line)
    return {
        "kind": "leaf",
        "code": line.code,
        "name": line.name,
        "depth": line.depth,
        "points": cents(line.points),
        "maximum": cents(line.maximum),
        "percent": cents(line.percent),
        "raw": cents(line.raw),
        "numerator": cents(line.numerator),
        "denominator": cents(line.denominator),
        "method": line.method,
        "method_label": str(method_label(line.method)),
        "explanation": str(words["method"]),
        "value": str(words["value"]) or None,
        "ratio": str(words["ratio"]) or None,
        "source_label": str(words["source"]),
        "when_empty_applied": line.when_empty_applied,
        "when_empty": str(words["when_empty"]) or None,
        "overridden": line.overridden,
        "evidence_count": line.evidence_count,
        "evidence_refs": evidence_of(line, period, unit_id)[:EVIDENCE_REFS_ON_CARD],
        "evidence_url": reverse(
            "api:leaf_evidence_list",
            kwargs={"period_id": period_id, "unit_id": unit_id, "code": line.code},
        ),
    }


def _card_standing(user: Any, card: ScoreCard) -> Standing | None:
    if card.row is None:
        return None
    standings = standings_for(user, card.period.campaign, [card.row])
    return standings[card.row.pk] if standings is not None else None


@rankings.get(
    "/periods/{period_id}/units/{unit_id}/scorecard",
    response=ScorecardOut,
    summary="A unit's score card",
    description=(
        "As the score card page: the preview (公示) for a unit in the caller's scope, else the "
        "publication; dimensions and leaves with their points, where points were lost, and "
        "each leaf's evidence references (the first 100; `evidence_url` lists them all). In "
        "a tiers-only or lists-only campaign a unit's own people read its `standing` instead "
        "of its rank. A unit outside the caller's scope is a 404."
    ),
)
def unit_scorecard_get(request: HttpRequest, period_id: int, unit_id: int) -> dict[str, Any]:
    user = request.user
    period = period_get_for(user, period_id)
    card = selectors.scorecard_for(user, period, unit_id)
    row, sheet = card.row, card.sheet
    standing = _card_standing(user, card)
    claimed = capped(card)
    lost = points_lost(card) if row is not None else None
    return {
        "period": period_ref(period),
        "unit": unit_ref(card.unit),
        "sheet": sheet_out(sheet),
        "group": row.group_code if row else None,
        "group_name": card.group_name or None,
        "total": cents(row.total) if row else None,
        "leaf_sum": cents(row.leaf_sum) if row else None,
        "bonus": cents(row.bonus) if row else None,
        "penalty": cents(row.penalty) if row else None,
        "bonus_claimed": cents(claimed.get("bonus")),
        "penalty_claimed": cents(claimed.get("penalty")),
        "rank": row.rank if row and standing is None else None,
        "group_size": row.group_size if row and standing is None else None,
        "standing": standing_out(standing),
        "may_appeal": bool(
            sheet is not None
            and sheet.status == SheetStatus.PREVIEW
            and scope_for(user).can(Perm.APPEAL, card.unit)
        ),
        "lines": [_line_out(line, period, card.unit.pk) for line in card.lines],
        "points_lost": None
        if lost is None
        else {
            "shown": [
                {
                    "code": item["line"].code,
                    "name": item["line"].name,
                    "lost": cents(item["lost"]),
                    "why": str(item["why"]),
                }
                for item in lost["shown"]
            ],
            "more": lost["more"],
            "total": cents(lost["total"]),
        },
        "radar": [
            {
                "code": axis.code,
                "name": axis.name,
                "percent": cents(axis.percent),
                "group_percent": cents(axis.group_percent),
            }
            for axis in card.radar
        ],
    }


def _offset(cursor: str | None, sheet_id: int) -> int:
    """The position a cursor of this leaf's evidence points at; the cursor carries the sheet,
    so a page of another version (a new preview) is refused rather than mixed in."""
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if (
        not isinstance(values, list)
        or len(values) != 2
        or values[0] != sheet_id
        or not isinstance(values[1], int)
        or values[1] < 0
    ):
        raise ApiRefusal(400, "bad_cursor", _("The cursor is not one this API gave out."))
    return values[1]


def _cursor(sheet_id: int, offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([sheet_id, offset]).encode()).decode().rstrip("=")


@rankings.get(
    "/periods/{period_id}/units/{unit_id}/leaves/{code}/evidence",
    response=EvidencePageOut,
    summary="The records behind one leaf of a unit's score card",
    description=(
        "As the leaf's evidence page: each record with its kind, title, day and the page "
        "that shows it (checked against the reader's scope there), in the order the source "
        "counted them, a page at a time (at most 100)."
    ),
)
def leaf_evidence_list(
    request: HttpRequest, period_id: int, unit_id: int, code: str, params: Query[EvidenceParams]
) -> dict[str, Any]:
    user = request.user
    period = period_get_for(user, period_id)
    card = selectors.scorecard_for(user, period, unit_id, with_means=False)
    leaf = card.leaf(code)
    if leaf is None or card.sheet is None:
        raise Http404
    limit = checked_limit(params.limit, EVIDENCE_PAGE_SIZE)
    start = _offset(params.cursor, card.sheet.pk)
    evidence = evidence_of(leaf, period, card.unit.pk)
    refs = evidence[start : start + limit]
    end = start + len(refs)
    return {
        "period": period_ref(period),
        "unit": unit_ref(card.unit),
        "leaf": _line_out(leaf, period, card.unit.pk),
        "sheet": sheet_out(card.sheet),
        "count": len(evidence),
        "items": [
            {
                "ref": item.ref,
                "kind": str(item.kind),
                "title": item.title,
                "day": item.day,
                "url": item.url,
                "detail": item.detail,
            }
            for item in describe_evidence(refs, limit=EVIDENCE_PAGE_SIZE)
        ],
        "next_cursor": _cursor(card.sheet.pk, end) if end < len(evidence) else None,
    }


# -- A unit's trend ------------------------------------------------------------------------


@rankings.get(
    "/campaigns/{campaign_id}/units/{unit_id}/trend",
    response=TrendOut,
    summary="A unit's published totals and ranks, period by period",
    description=(
        "As the trend page: the published periods only. In a tiers-only or lists-only "
        "campaign a unit's own people read each period's `standing` instead of rank and "
        "movement (`shows_ranks` false)."
    ),
)
def unit_trend_get(request: HttpRequest, campaign_id: int, unit_id: int) -> dict[str, Any]:
    user = request.user
    campaign = campaign_get_for(user, campaign_id)
    unit, points = selectors.unit_trend_for(user, campaign, unit_id)
    ranks = sees_ranks(user, campaign)
    return {
        "campaign_id": campaign.pk,
        "unit": unit_ref(unit),
        "shows_ranks": ranks,
        "points": [
            {
                "period": period_ref(point.period),
                "version": point.version,
                "total": cents(point.total),
                "rank": point.rank if ranks else None,
                "group_size": point.group_size if ranks else None,
                "movement": point.movement if ranks else None,
                "group_mean": cents(point.group_mean),
                "standing": standing_out(point.standing),
            }
            for point in points
        ],
    }
