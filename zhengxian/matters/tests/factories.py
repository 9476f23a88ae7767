"""Builders for the matters tests: file a matter and drive it to any state through the
services, as the people of the `org` fixture would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhengxian.core import clock
from zhengxian.matters import services
from zhengxian.matters.models import Matter, MatterState, Resolution
from zhengxian.matters.workflow import Action
from zhengxian.orgs.testing import OrgFixture

# The path to each state from `reported`: (action, actor key, input).
PATHS: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    MatterState.REPORTED: [],
    MatterState.ASSIGNED: [(Action.ASSIGN, "leader_a", {"unit": "community_a"})],
    MatterState.IN_PROGRESS: [
        (Action.ASSIGN, "leader_a", {"unit": "community_a"}),
        (Action.ACCEPT, "leader_a", {}),
    ],
    MatterState.RESOLVED: [
        (Action.ASSIGN, "leader_a", {"unit": "community_a"}),
        (Action.ACCEPT, "leader_a", {}),
        (Action.RESOLVE, "leader_a", {}),
    ],
    MatterState.RATED: [
        (Action.ASSIGN, "leader_a", {"unit": "community_a"}),
        (Action.ACCEPT, "leader_a", {}),
        (Action.RESOLVE, "leader_a", {}),
        (Action.RATE, "cadre_a", {"satisfaction": 5}),
    ],
    MatterState.CLOSED: [
        (Action.ASSIGN, "leader_a", {"unit": "community_a"}),
        (Action.ACCEPT, "leader_a", {}),
        (Action.RESOLVE, "leader_a", {}),
        (Action.RATE, "cadre_a", {"satisfaction": 5}),
        (Action.CLOSE, "cadre_a", {}),
    ],
    MatterState.RETURNED: [
        (Action.ASSIGN, "leader_a", {"unit": "community_a"}),
        (Action.RETURN, "leader_a", {}),
    ],
    MatterState.ESCALATED: [(Action.ESCALATE, "leader_a", {})],
}


def file_matter(
    org: OrgFixture,
    *,
    by: str = "cadre_a",
    unit: str = "community_a",
    title: str = "湘湖家园3幢门口路灯坏了",
    description: str = "晚上很黑，老人出行不安全。",
    origin: str = "visit",
    **fields: Any,
) -> Matter:
    return services.matter_create(
        actor=org.user(by),
        title=title,
        description=description,
        origin=origin,
        reporting_unit=getattr(org, unit),
        **fields,
    )


def file_mediation_case(org: OrgFixture, **fields: Any) -> Any:
    """A neighbours' dispute 楼上漏水纠纷 filed by 湘湖社区's leader."""
    values: dict[str, Any] = {
        "title": "楼上漏水纠纷",
        "category": "neighbour",
        "applicants": [("王某", "13900001111")],
        "respondents": [("李某", "")],
        **fields,
    }
    return services.mediation_case_create(
        actor=org.user("leader_a"), reporting_unit=org.community_a, **values
    )


def act(org: OrgFixture, matter: Matter, action: str, by: str, **extra: Any) -> Matter:
    """Takes ``action`` as ``by`` with the input that action needs (a note, a unit …)."""
    if "unit" in extra:
        extra["responsible_unit"] = getattr(org, extra.pop("unit"))
    if action == Action.ASSIGN:
        extra.setdefault("responsible_unit", org.community_a)
        extra.setdefault("deadline", clock.today() + dt.timedelta(days=7))
    if action == Action.RATE:
        extra.setdefault("satisfaction", 4)
    if action == Action.REOPEN:
        extra.setdefault("resolution", Resolution.PARTLY_SOLVED)
    extra.setdefault("note", "处理说明")
    return services.matter_transition(matter=matter, action=action, actor=org.user(by), **extra)


def matter_in(org: OrgFixture, state: str, **fields: Any) -> Matter:
    matter = file_matter(org, **fields)
    for action, by, extra in PATHS[state]:
        matter = act(org, matter, action, by, **dict(extra))
    assert matter.state == state
    return matter
