"""The cockpit's score panels (each group's ranking head, a unit's trend and radar), kept in
the cache until a write that can change them.

They change only when a sheet is computed or moves (preview, publication, supersession), and
seldom with the campaign, the units and the grants around them, yet reading them took about
27 small queries and 18 of the cockpit's 29 ms at province scale on every opening. They are
kept, with their charts as drawn, under a `WriteVersion` renewed by every save and delete
(and bulk write, ``records_written``) of the models they are read from:

- ``ScoreSheet``: a new sheet, a publication or a supersession; an accepted appeal or an
  override is scored as a new sheet;
- ``Campaign`` (publication mode, name, organising unit), ``Period`` (name, status),
  ``CompetitionGroup`` (the groups' names and order), ``IndicatorNode`` (the radar's axes,
  the full score);
- ``Unit`` (names, moves), ``Person`` and ``RoleAssignment``: the viewer's scope decides
  which campaigns and rows they see and which rows they may open.

Two models the panels read are not followed, since they are written only together with one
that is, and a receiver would cost a cache write per row: a sheet's ``UnitScore`` rows are
inserted raw in the transaction that creates the sheet (its save renews the version on
commit, after them) and deleted only with it; a campaign's ``GroupMembership`` rows are
written only while the campaign is created and deleted only with it. A receiver on
``UnitScore``, which nothing else listens to, would also make Django load and signal every
row of a deleted period's sheets instead of deleting them in one statement.

Per user (the scope, and the user's own units, decide the rows), the unit asked for, the
day and the language (the charts hold translated labels), for at most ``KEEP_SECONDS``: a
safety for a write that bypasses the signals.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation

from zhengxian.core.write_version import WriteVersion

from . import charts
from .scores import GroupRanking, ScoreFigures, score_figures

SCORES = WriteVersion("cockpit:scores-version")
KEEP_SECONDS = 600


@dataclass(frozen=True)
class ScorePanels:
    figures: ScoreFigures  # without the score card: its radar is drawn below
    ranking_charts: list[tuple[GroupRanking, dict]]
    trend_chart: dict | None
    radar_chart: dict | None


def kept_score_panels(user: Any, *, unit_id: int | None, today: dt.date) -> ScorePanels:
    """The score panels of ``user`` with ``unit_id``'s trend and radar, as kept or read now."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"{user.pk}:{int(user.is_superuser)}:{unit_id or 0}:{today.isoformat()}:{language}"
    return SCORES.kept(key, lambda: score_panels(user, unit_id=unit_id), seconds=KEEP_SECONDS)


def score_panels(user: Any, *, unit_id: int | None) -> ScorePanels:
    figures = score_figures(user, unit_id=unit_id)
    return ScorePanels(
        # The card's lines and row hold every leaf's evidence: only its radar is drawn.
        figures=dataclasses.replace(figures, card=None),
        ranking_charts=[(group, charts.ranking_chart(group)) for group in figures.groups],
        trend_chart=charts.trend_chart(figures) if figures.trend else None,
        radar_chart=charts.radar_chart(figures),
    )


def connect_version() -> None:
    from zhengxian.campaigns.models import Campaign, CompetitionGroup, IndicatorNode, Period
    from zhengxian.orgs.models import Person, RoleAssignment, Unit
    from zhengxian.scoring.models import ScoreSheet

    SCORES.follow(
        ScoreSheet,
        Campaign,
        Period,
        CompetitionGroup,
        IndicatorNode,
        Unit,
        Person,
        RoleAssignment,
    )
