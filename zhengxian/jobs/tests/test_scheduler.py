"""Claiming and running scheduled slots: each slot once, failures recorded, the others run."""

from __future__ import annotations

import datetime as dt
import io
import logging
import zoneinfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from zhengxian.jobs import scheduler
from zhengxian.jobs.models import RunStatus, ScheduledRun
from zhengxian.jobs.schedule import Entry, Slot
from zhengxian.jobs.scheduler import claim, prune_runs, run_due

from . import scheduled

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
RECORD = "zhengxian.jobs.tests.scheduled.record"
MINUTELY = Entry("tick", RECORD, every=60)
MORNING = Entry("morning", RECORD, at=dt.time(7, 30))
BROKEN = Entry("broken", "zhengxian.jobs.tests.scheduled.boom", at=dt.time(7, 30))


def at(day: int, hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, second, tzinfo=TZ)


@pytest.fixture(autouse=True)
def calls():
    scheduled.CALLS.clear()
    yield scheduled.CALLS
    scheduled.CALLS.clear()


def test_the_database_refuses_a_second_row_for_one_slot():
    first = ScheduledRun(task="tick", slot="2026-12-04", started_at=at(4, 8, 0))
    first.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledRun.objects.create(task="tick", slot="2026-12-04", started_at=at(4, 8, 0))
    ScheduledRun.objects.create(task="other", slot="2026-12-04", started_at=at(4, 8, 0))


def test_of_two_workers_claiming_one_slot_the_second_loses_on_the_constraint():
    slot = Slot(MORNING, "2026-12-04")
    won = claim(slot, worker_id="a")
    lost = claim(slot, worker_id="b")  # both saw the slot free: the insert decides
    assert won is not None and won.worker_id == "a" and won.status == RunStatus.RUNNING
    assert lost is None
    assert ScheduledRun.objects.filter(task="morning").count() == 1


def test_a_worker_that_loses_the_race_does_not_run_the_task(calls, monkeypatch):
    """Worker b read the slot as free before worker a's insert: its own insert fails."""
    claim(Slot(MORNING, "2026-12-04"), worker_id="a")
    monkeypatch.setattr(ScheduledRun.objects, "filter", lambda **kw: ScheduledRun.objects.none())
    assert run_due(worker_id="b", now=at(4, 8, 0), entries=(MORNING,)) == []
    assert calls == []


def test_every_minute_runs_once_per_minute(calls):
    assert [r.slot for r in run_due(now=at(4, 8, 0, 5), entries=(MINUTELY,))] == [
        "2026-12-04T08:00:00+08:00"
    ]
    assert run_due(now=at(4, 8, 0, 50), entries=(MINUTELY,)) == []  # same minute
    assert len(run_due(now=at(4, 8, 1, 2), entries=(MINUTELY,))) == 1
    assert len(calls) == 2


def test_a_daily_slot_runs_from_its_time_once_that_day_and_again_the_next(calls):
    assert run_due(now=at(4, 7, 29), entries=(MORNING,)) == []
    assert [r.slot for r in run_due(now=at(4, 7, 30), entries=(MORNING,))] == ["2026-12-04"]
    assert run_due(now=at(4, 12, 0), entries=(MORNING,)) == []
    assert run_due(now=at(5, 7, 0), entries=(MORNING,)) == []
    assert [r.slot for r in run_due(now=at(5, 7, 31), entries=(MORNING,))] == ["2026-12-05"]
    assert len(calls) == 2


def test_a_missed_morning_runs_when_a_worker_starts_later_that_day_and_only_once(calls):
    assert run_due(now=at(4, 15, 0), entries=(MORNING,))[0].slot == "2026-12-04"
    assert run_due(now=at(4, 15, 0, 10), entries=(MORNING,)) == []
    assert run_due(now=at(4, 23, 0), entries=(MORNING,)) == []
    assert len(calls) == 1


def test_a_failing_task_is_recorded_with_why_and_the_others_still_run(calls, caplog):
    ran = run_due(now=at(4, 8, 0), entries=(BROKEN, MORNING))
    assert [(r.task, r.status) for r in ran] == [
        ("broken", RunStatus.FAILED),
        ("morning", RunStatus.SUCCEEDED),
    ]
    broken = ScheduledRun.objects.get(task="broken")
    assert broken.status == RunStatus.FAILED and broken.finished_at is not None
    assert broken.error == "RuntimeError: the robot is down"
    assert "raise RuntimeError" in broken.error_detail
    assert "scheduled broken 2026-12-04 failed: RuntimeError: the robot is down" in caplog.text
    assert ScheduledRun.objects.get(task="morning").result == "call 1"
    assert run_due(now=at(4, 9, 0), entries=(BROKEN, MORNING)) == []  # not retried that day


def test_a_task_acts_as_a_system_actor_named_after_it(calls):
    run_due(now=at(4, 8, 0), entries=(MORNING,))
    assert calls == ["system:schedule:morning"]


def test_a_task_that_cannot_be_imported_is_a_recorded_failure():
    missing = Entry("missing", "zhengxian.jobs.tests.scheduled.nothing", every=60)
    (run,) = run_due(now=at(4, 8, 0), entries=(missing,))
    assert run.status == RunStatus.FAILED and "ImportError" in run.error


def test_run_scheduled_once_runs_the_real_schedule_once():
    with time_machine.travel(at(4, 8, 0), tick=False):
        call_command("run_scheduled", "--once", stdout=(out := io.StringIO()))
        tasks = set(ScheduledRun.objects.values_list("task", "status"))
        assert tasks == {
            ("deliver_webhooks", "succeeded"),
            ("send_reminders", "succeeded"),
            ("send_digest", "succeeded"),
            ("forget_old_api_requests", "succeeded"),
            ("prune_jobs", "succeeded"),
            ("prune_scheduled_runs", "succeeded"),
            ("refresh_project_status", "succeeded"),  # projects' hook scheduled_tasks
            ("refresh_live_rankings", "succeeded"),  # scoring's, every 10 seconds
            ("rebuild_live_rankings", "succeeded"),  # and daily
            ("warm_cockpits", "succeeded"),  # the cockpit's, every minute
        }, out.getvalue()
        call_command("run_scheduled", "--once", stdout=(again := io.StringIO()))
    assert again.getvalue().strip() == "Nothing due."
    call_command("run_scheduled", "--list", stdout=(listing := io.StringIO()))
    assert "send_digest" in listing.getvalue() and "daily at 07:30: succeeded" in listing.getvalue()


def test_run_scheduled_once_fails_loudly_when_a_task_failed(monkeypatch):
    monkeypatch.setattr(scheduler, "schedule", lambda: (BROKEN, MORNING))
    with time_machine.travel(at(4, 8, 0), tick=False), pytest.raises(CommandError):
        call_command("run_scheduled", "--once", stdout=io.StringIO())
    assert ScheduledRun.objects.get(task="morning").status == RunStatus.SUCCEEDED


def test_run_scheduled_wants_once_or_list():
    with pytest.raises(CommandError):
        call_command("run_scheduled")


def test_old_runs_are_pruned():
    ScheduledRun.objects.create(task="tick", slot="old", started_at=at(4, 8, 0))
    ScheduledRun.objects.create(task="tick", slot="new", started_at=at(30, 8, 0))
    with time_machine.travel(at(31, 8, 0), tick=False):
        assert prune_runs(days=7) == 1
    assert list(ScheduledRun.objects.values_list("slot", flat=True)) == ["new"]


def test_a_run_left_by_a_killed_worker_is_taken_over_once_its_lease_is_over(calls, settings):
    settings.ZHENGXIAN_JOB_LEASE_SECONDS = 60
    with time_machine.travel(at(4, 7, 30), tick=False):
        claim(Slot(MORNING, "2026-12-04"), worker_id="killed")  # then the worker died
    with time_machine.travel(at(4, 7, 30, 59), tick=False):
        assert run_due(worker_id="b", entries=(MORNING,)) == []  # it may still be alive
    with time_machine.travel(at(4, 7, 31, 1), tick=False):
        (ran,) = run_due(worker_id="b", entries=(MORNING,))
        assert run_due(worker_id="c", entries=(MORNING,)) == []  # b took it: done
    run = ScheduledRun.objects.get(task="morning")
    assert (ran.status, run.worker_id, run.attempts) == (RunStatus.SUCCEEDED, "b", 2)
    assert len(calls) == 1


def test_of_two_workers_taking_over_one_dead_run_only_one_wins(settings):
    settings.ZHENGXIAN_JOB_LEASE_SECONDS = 60
    slot = Slot(MORNING, "2026-12-04")
    with time_machine.travel(at(4, 7, 30), tick=False):
        claim(slot, worker_id="killed")
    with time_machine.travel(at(4, 7, 40), tick=False):
        first = scheduler.take_over(slot, worker_id="b")
        second = scheduler.take_over(slot, worker_id="c")  # b's update beat it anew
    assert first is not None and first.worker_id == "b" and second is None


def test_a_running_slot_is_not_run_again_while_its_worker_beats(calls):
    claim(Slot(MORNING, "2026-12-04"), worker_id="a")  # heartbeat now: alive
    assert run_due(worker_id="b", now=at(4, 8, 0), entries=(MORNING,)) == []
    assert calls == []


def test_a_worker_runs_the_schedule_unless_told_not_to(settings):
    from zhengxian.jobs.management.commands.db_worker import Command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as in use
    parser = Command().create_parser("manage.py", "db_worker")
    assert parser.parse_args([]).scheduler is True
    assert parser.parse_args(["--no-scheduler"]).scheduler is False


QUIET = Entry("quiet", "zhengxian.jobs.tests.scheduled.nothing_to_send", every=60)
BUSY = Entry("busy", "zhengxian.jobs.tests.scheduled.sent_two", every=60)
NONE_DUE = Entry("none_due", "zhengxian.jobs.tests.scheduled.none_due", at=dt.time(7, 30))


def _records(caplog, level: int) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == "zhengxian.jobs" and r.levelno == level
    ]


def test_a_minute_that_finds_nothing_to_do_logs_at_debug_only(caplog):
    caplog.set_level(logging.DEBUG, logger="zhengxian.jobs")
    for minute in range(3):  # three quiet minutes of the webhooks
        run_due(now=at(4, 8, minute), entries=(QUIET, NONE_DUE))

    assert _records(caplog, logging.INFO) == []
    debug = _records(caplog, logging.DEBUG)
    assert sum("scheduled quiet " in line and ": done" in line for line in debug) == 3
    assert any(line.startswith("scheduled none_due 2026-12-04: done 0") for line in debug)


def test_a_run_that_did_something_logs_one_info_line(caplog):
    caplog.set_level(logging.DEBUG, logger="zhengxian.jobs")
    run_due(now=at(4, 8, 0), entries=(QUIET, BUSY))

    assert _records(caplog, logging.INFO) == [
        "scheduled busy 2026-12-04T08:00:00+08:00: done Sent(sent=2, failed=0)"
    ]
