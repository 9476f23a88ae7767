"""Builders of projects, milestones, reports and actions through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zhengxian.core.actors import system_actor
from zhengxian.orgs.testing import OrgFixture
from zhengxian.projects import services
from zhengxian.projects.models import ActionTask, Milestone, ProgressReport, Project, SpecialAction

from .conftest import TODAY

TEST_ACTOR = system_actor("tests")


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def make_project(org: OrgFixture, code: str = "P1", **fields: Any) -> Project:
    values: dict[str, Any] = {
        "name": f"项目{code}",
        "category": "economy",
        "unit": org.community_a,
        "planned_start": day(-100),
        "planned_end": day(100),
        "today": TODAY,
    }
    values.update(fields)
    return services.project_create(actor=TEST_ACTOR, code=code, **values)


def add_milestone(
    project: Project, name: str, offset: int, done: int | None = None, **fields: Any
) -> Milestone:
    return services.milestone_create(
        actor=TEST_ACTOR,
        project=project,
        name=name,
        planned_date=day(offset),
        actual_date=day(done) if done is not None else None,
        today=fields.pop("today", TODAY),
        **fields,
    )


def report(
    project: Project, offset: int, percent: str | int, investment: str | int = 0, **fields: Any
) -> ProgressReport:
    values: dict[str, Any] = {"text": f"进展{percent}", "today": TODAY}
    values.update(fields)
    return services.progress_report_create(
        actor=TEST_ACTOR,
        project=project,
        reported_on=day(offset),
        percent=Decimal(percent),
        investment=Decimal(investment),
        **values,
    )


def make_action(org: OrgFixture, code: str = "safe-asian-games", **fields: Any) -> SpecialAction:
    values: dict[str, Any] = {"name": "平安亚运十二大专项行动", "unit": org.subdistrict}
    values.update(fields)
    return services.special_action_create(actor=TEST_ACTOR, code=code, **values)


def add_task(
    action: SpecialAction, unit: Any, name: str, offset: int, done: int | None = None
) -> ActionTask:
    return services.action_task_create(
        actor=TEST_ACTOR,
        action=action,
        name=name,
        unit=unit,
        deadline=day(offset),
        done_on=day(done) if done is not None else None,
        today=TODAY,
    )
