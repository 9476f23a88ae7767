"""The colour rules as a pure function, at their boundaries (product.md, "Key projects")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhengxian.projects import status as rules
from zhengxian.projects.status import MilestoneFact, derive_status, planned_progress

TODAY = dt.date(2026, 3, 18)


def due(offset: int, done: int | None = None, name: str = "节点") -> MilestoneFact:
    planned = TODAY + dt.timedelta(days=offset)
    actual = TODAY + dt.timedelta(days=done) if done is not None else None
    return MilestoneFact(name, planned, actual)


def verdict(
    *milestones: MilestoneFact,
    planned: str | None = "50",
    reported: str | None = "50",
    warn_days: int = 7,
):
    return derive_status(
        today=TODAY,
        milestones=milestones,
        planned=Decimal(planned) if planned is not None else None,
        reported=Decimal(reported) if reported is not None else None,
        warn_days=warn_days,
    )


def test_a_milestone_due_in_exactly_seven_days_is_yellow():
    result = verdict(due(7, name="主体结顶"))
    assert result.status == rules.YELLOW
    assert result.reasons[0].code == "due_soon"
    assert result.reasons[0].params == {"name": "主体结顶", "date": "2026-03-25", "days": 7}


def test_a_milestone_due_in_eight_days_is_still_green():
    assert verdict(due(8)).status == rules.GREEN


def test_a_milestone_due_today_is_yellow_not_red():
    result = verdict(due(0))
    assert result.status == rules.YELLOW
    assert result.reasons[0].params["days"] == 0


def test_a_milestone_one_day_past_its_date_and_not_done_is_red():
    result = verdict(due(-1, name="地下室结顶"))
    assert result.status == rules.RED
    assert result.reasons[0].code == "overdue"
    assert result.reasons[0].params["days"] == 1


def test_a_done_milestone_never_warns_even_if_done_late():
    assert verdict(due(-10, done=-2), due(3, done=0)).status == rules.GREEN


def test_progress_exactly_ten_points_behind_is_green():
    assert verdict(planned="50", reported="40").status == rules.GREEN


def test_progress_more_than_ten_points_behind_is_yellow():
    result = verdict(planned="50", reported="39.9")
    assert result.status == rules.YELLOW
    assert result.reasons[0].code == "behind"
    assert result.reasons[0].params == {"planned": "50", "reported": "39.9", "gap": "10.1"}


def test_no_report_counts_as_zero_progress():
    assert verdict(planned="10", reported=None).status == rules.GREEN
    assert verdict(planned="10.1", reported=None).status == rules.YELLOW


def test_red_outranks_yellow_and_every_reason_is_kept_worst_first():
    result = verdict(due(3, name="B"), due(-2, name="A"), planned="80", reported="20")
    assert result.status == rules.RED
    assert [r.code for r in result.reasons] == ["overdue", "due_soon", "behind"]


def test_warn_days_are_configurable():
    assert verdict(due(10), warn_days=10).status == rules.YELLOW
    assert verdict(due(1), warn_days=0).status == rules.GREEN
    assert verdict(due(0), warn_days=0).status == rules.YELLOW


def test_a_project_with_every_milestone_done_and_100_percent_is_completed():
    result = verdict(due(-30, done=-31), planned="100", reported="100")
    assert (result.status, result.reasons[0].code) == (rules.GREEN, "completed")


def test_milestone_states_as_of_a_day_ignore_later_completion():
    milestone = due(-5, done=-1)
    assert rules.milestone_state(milestone, today=TODAY, warn_days=7) == rules.DONE_LATE
    earlier = TODAY - dt.timedelta(days=3)
    assert rules.milestone_state(milestone, today=earlier, warn_days=7) == rules.OVERDUE
    assert rules.milestone_state(due(-5, done=-6), today=TODAY, warn_days=7) == rules.DONE
    assert rules.milestone_state(due(20), today=TODAY, warn_days=7) == rules.PENDING


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-10, "0"), (0, "0"), (50, "25.0"), (100, "50"), (150, "75.0"), (200, "100"), (300, "100")],
)
def test_planned_progress_is_a_straight_line_from_start_to_end(offset, expected):
    start = TODAY
    end = TODAY + dt.timedelta(days=200)
    assert planned_progress(TODAY + dt.timedelta(days=offset), start, end) == Decimal(expected)


def test_planned_progress_follows_the_milestones_planned_percents():
    start, end = TODAY, TODAY + dt.timedelta(days=100)
    checkpoints = [(TODAY + dt.timedelta(days=20), Decimal(60))]
    assert planned_progress(TODAY + dt.timedelta(days=10), start, end, checkpoints) == Decimal(30)
    assert planned_progress(TODAY + dt.timedelta(days=20), start, end, checkpoints) == Decimal(60)
    assert planned_progress(TODAY + dt.timedelta(days=60), start, end, checkpoints) == Decimal(80)


def test_project_verdict_reads_the_latest_report_on_or_before_the_day():
    start, end = TODAY - dt.timedelta(days=100), TODAY + dt.timedelta(days=100)
    reports = [
        (TODAY - dt.timedelta(days=20), Decimal(38)),
        (TODAY + dt.timedelta(days=1), Decimal(60)),
    ]
    result = rules.project_verdict(
        today=TODAY, planned_start=start, planned_end=end, milestones=[], reports=reports
    )
    assert result.status == rules.YELLOW  # plan 50, latest report 38: 12 points behind
    assert rules.latest_progress(reports, TODAY) == Decimal(38)


def test_tasks_are_tracked_like_milestones():
    deadline = TODAY + dt.timedelta(days=7)
    assert rules.task_verdict(today=TODAY, deadline=deadline, done_on=None).status == rules.YELLOW
    assert (
        rules.task_verdict(today=TODAY, deadline=TODAY - dt.timedelta(days=1), done_on=None).status
        == rules.RED
    )
    done = rules.task_verdict(today=TODAY, deadline=TODAY - dt.timedelta(days=1), done_on=TODAY)
    assert (done.status, done.reasons[0].params["late"]) == (rules.GREEN, True)


def test_reasons_read_as_sentences():
    result = verdict(due(-3, name="主体结顶"))
    assert "主体结顶" in result.reason and "2026-03-15" in result.reason
    assert rules.reasons_from_json(result.as_json()) == result.reasons
