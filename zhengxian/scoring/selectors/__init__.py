"""Reads of scoring results, one module per job, always starting from the user's scope:

- ``access``: which campaign, period and sheet a user may see (the preview rule is there);
- ``ranking``: a group's ranking with movement, and the campaigns with rankings to open;
- ``scorecard``: a unit's card down to the leaves, with the group means;
- ``trend``: a unit's published totals and ranks over the campaign;
- ``burden``: 减负, the share of points from records and the forms filled;
- ``export``: a period's result as plain data and deterministic JSON;
- ``panels``: the judging panel and rater panel pages;
- ``periods``: a campaign's periods with their newest sheet, and a period's page;
- ``public``: the public ranking pages (published sheets only).

The names below are re-exported so that ``from zhengxian.scoring.selectors import …`` and
``selectors.<name>`` keep working.
"""

from __future__ import annotations

from ._numbers import HUNDRED
from .access import (
    PeriodChoice,
    UnknownPeriod,
    campaign_managed_by,
    current_sheet_for,
    full_score,
    manages_campaign,
    period_by_keys,
    period_choices,
    preview_sheet,
    previous_published_sheet,
    published_sheet,
)
from .burden import Burden, BurdenPeriod, BurdenUnit, burden_for
from .export import export_sheet_for, period_export_for, period_results_document, results_json
from .panels import (
    MatrixRow,
    UnitRow,
    is_own_unit,
    judge_rows,
    panel_codes,
    panel_matrix,
    rater_panels_of,
    rater_rows,
    rating_period,
    units_by_group,
)
from .periods import PeriodOverview, PeriodRow, period_overview, period_rows
from .public import PublicCampaign, PublicPeriod, PublicRanking, public_campaigns, public_ranking
from .ranking import (
    RANKING_PAGE_SIZE,
    CampaignRankingLink,
    GroupTab,
    PreviewRow,
    Ranking,
    RankingRow,
    own_preview_rows,
    own_preview_units,
    ranking_campaigns_for,
    ranking_for,
    rankings_for,
    sheet_ranking,
    sheet_ranking_pages,
    sheet_rankings,
)
from .scorecard import (
    DimensionLine,
    LeafLine,
    RadarAxis,
    ScoreCard,
    group_means,
    scorecard_for,
)
from .trend import TrendPoint, unit_trend_for

__all__ = [
    "HUNDRED",
    "RANKING_PAGE_SIZE",
    "Burden",
    "BurdenPeriod",
    "BurdenUnit",
    "CampaignRankingLink",
    "DimensionLine",
    "GroupTab",
    "LeafLine",
    "MatrixRow",
    "PeriodChoice",
    "PeriodOverview",
    "PeriodRow",
    "PreviewRow",
    "PublicCampaign",
    "PublicPeriod",
    "PublicRanking",
    "RadarAxis",
    "Ranking",
    "RankingRow",
    "ScoreCard",
    "TrendPoint",
    "UnitRow",
    "UnknownPeriod",
    "burden_for",
    "campaign_managed_by",
    "current_sheet_for",
    "export_sheet_for",
    "full_score",
    "group_means",
    "is_own_unit",
    "judge_rows",
    "manages_campaign",
    "own_preview_rows",
    "own_preview_units",
    "panel_codes",
    "panel_matrix",
    "period_by_keys",
    "period_choices",
    "period_export_for",
    "period_get_for",
    "period_overview",
    "period_results_document",
    "period_rows",
    "preview_sheet",
    "previous_published_sheet",
    "public_campaigns",
    "public_ranking",
    "published_sheet",
    "ranking_campaigns_for",
    "ranking_for",
    "rankings_for",
    "rater_panels_of",
    "rater_rows",
    "rating_period",
    "results_json",
    "scorecard_for",
    "sheet_ranking",
    "sheet_ranking_pages",
    "sheet_rankings",
    "unit_trend_for",
    "units_by_group",
]
