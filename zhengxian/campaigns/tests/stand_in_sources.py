"""Stand-ins for the built-in indicator sources, with the parameters docs/scoring.md documents.

The real sources live in each app's ``indicator_sources.py``; these only carry a name, a kind
and the parameter specs, which is all the campaign file needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from zhengxian.engine.sources import ParamSpec
from zhengxian.engine.types import RawValue

CATEGORIES = ("economy", "construction", "livelihood", "governance", "party")
ORIGINS = ("visit", "supervision", "rectification", "petition", "hotline", "mediation", "other")
ACTIVITY_KINDS = ("first_topic", "study", "sharing", "training", "other")

PROJECT_PARAMS = {
    "category": ParamSpec("str", choices=CATEGORIES),
    "tags": ParamSpec("list"),
    "public_only": ParamSpec("bool"),
}
MATTER_PARAMS = {"origins": ParamSpec("list", choices=ORIGINS)}
ACTIVITY_PARAMS = {
    "activity_kind": ParamSpec("str", choices=ACTIVITY_KINDS),
    "series": ParamSpec("str"),
}


@dataclass
class StandInSource:
    name: str
    kind: str
    params: Mapping[str, ParamSpec] = field(default_factory=dict)
    label: str = "Stand-in"

    def compute(
        self, *, period: Any, unit_ids: Sequence[int], params: Mapping[str, Any]
    ) -> Mapping[int, RawValue]:
        return {}


BUILT_IN_SOURCES = (
    StandInSource(
        "visits_count",
        "count",
        {
            "visited": ParamSpec("list", choices=("community", "enterprise", "household")),
            "per_cadre": ParamSpec("bool"),
        },
    ),
    StandInSource("matters_closed_on_time", "rate", MATTER_PARAMS),
    StandInSource(
        "matters_satisfaction",
        "mean",
        {**MATTER_PARAMS, "require_confirmation": ParamSpec("bool")},
    ),
    StandInSource("matters_overdue", "count", MATTER_PARAMS),
    StandInSource("mediation_success", "rate"),
    StandInSource(
        "rectification_completion",
        "rate",
        {
            "origin": ParamSpec("str", choices=("supervision_day", "special_action", "inspection")),
            "action": ParamSpec("str"),
        },
    ),
    StandInSource("milestones_on_time", "rate", PROJECT_PARAMS),
    StandInSource("investment_completion", "rate", PROJECT_PARAMS),
    StandInSource("project_progress", "rate", PROJECT_PARAMS),
    StandInSource("special_action_completion", "rate", {"action": ParamSpec("str", required=True)}),
    StandInSource("attendance_rate", "rate", ACTIVITY_PARAMS),
    StandInSource("study_sessions_held", "rate", ACTIVITY_PARAMS),
    StandInSource("event_participants", "count", {"brand": ParamSpec("str")}),
    StandInSource("alliance_events", "count", {"alliance": ParamSpec("str")}),
    StandInSource(
        "checklist",
        "checklist",
        {"checklist": ParamSpec("str", required=True, refers_to="checklists")},
    ),
    StandInSource("manual", "manual"),
    StandInSource("panel", "mean", {"panel": ParamSpec("str", required=True, refers_to="panels")}),
    StandInSource(
        "rating", "mean", {"panel": ParamSpec("str", required=True, refers_to="rater_panels")}
    ),
)
