"""Which slots are due when: every minute, and daily at 07:30 local time (Asia/Shanghai)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from zhengxian.jobs.schedule import Entry, daily_at, due, schedule, slot_of

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
MINUTELY = Entry("tick", "x.y", every=60)
MORNING = Entry("digest", "x.y", at=dt.time(7, 30))


def at(day: int, hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, second, tzinfo=TZ)


def test_an_every_minute_task_has_one_slot_per_minute():
    first = slot_of(MINUTELY, at(4, 18, 15, 1))
    same = slot_of(MINUTELY, at(4, 18, 15, 59))
    later = slot_of(MINUTELY, at(4, 18, 16, 0))
    assert first is not None and same is not None and later is not None
    assert first.key == same.key == "2026-12-04T18:15:00+08:00"
    assert later.key == "2026-12-04T18:16:00+08:00"


def test_the_slot_key_is_local_time_whatever_zone_now_is_given_in():
    utc = at(4, 18, 15, 30).astimezone(dt.UTC)
    slot = slot_of(MINUTELY, utc)
    assert slot is not None and slot.key == "2026-12-04T18:15:00+08:00"


def test_a_daily_task_is_not_due_before_its_time():
    assert slot_of(MORNING, at(4, 7, 29, 59)) is None
    assert slot_of(MORNING, at(4, 0, 0)) is None


def test_a_daily_task_is_due_from_its_time_with_the_day_as_slot():
    slot = slot_of(MORNING, at(4, 7, 30))
    assert slot is not None and slot.key == "2026-12-04"


def test_a_missed_morning_slot_is_the_same_slot_later_that_day():
    """A worker that starts at 15:00 finds the 07:30 slot due: the same key, so it runs once."""
    morning, afternoon = slot_of(MORNING, at(4, 7, 30)), slot_of(MORNING, at(4, 15, 0))
    assert morning is not None and afternoon is not None
    assert afternoon.key == morning.key
    late = slot_of(MORNING, at(4, 23, 59, 59))
    assert late is not None and late.key == "2026-12-04"


def test_the_next_day_is_a_new_slot_from_its_time_on():
    assert slot_of(MORNING, at(5, 6, 0)) is None  # yesterday's slot is not run next morning
    slot = slot_of(MORNING, at(5, 7, 30))
    assert slot is not None and slot.key == "2026-12-05"


def test_the_local_day_decides_not_the_utc_one():
    # 01:00 UTC on 5 December is 09:00 in Shanghai: the daily slot of 5 December is due.
    slot = slot_of(MORNING, dt.datetime(2026, 12, 5, 1, 0, tzinfo=dt.UTC))
    assert slot is not None and slot.key == "2026-12-05"


def test_due_lists_the_slots_of_every_entry_that_is_due():
    assert [s.entry.name for s in due((MINUTELY, MORNING), at(4, 7, 0))] == ["tick"]
    assert [s.entry.name for s in due((MINUTELY, MORNING), at(4, 8, 0))] == ["tick", "digest"]


def test_an_entry_has_an_interval_or_a_daily_time_not_both():
    with pytest.raises(ValueError):
        Entry("bad", "x.y")
    with pytest.raises(ValueError):
        Entry("bad", "x.y", every=60, at=dt.time(7, 30))


def test_the_daily_time_is_a_setting(settings):
    settings.ZHENGXIAN_DAILY_AT = "06:05"
    assert daily_at() == dt.time(6, 5)
    entries = {entry.name: entry for entry in schedule()}
    assert entries["send_digest"].at == entries["send_reminders"].at == dt.time(6, 5)
    assert entries["deliver_webhooks"].every == 60


def test_the_schedule_names_functions_that_exist():
    from django.utils.module_loading import import_string

    for entry in schedule():
        assert callable(import_string(entry.path)), entry.name
