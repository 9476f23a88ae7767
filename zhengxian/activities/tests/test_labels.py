"""Column and heading labels a review found wrong, read in Chinese as users read them.

The Chinese of a new message id arrives with the next `make messages`; until then the page
shows the English id. Either way it must no longer show the wrong Chinese a shared id
carried: 调解记录 (a mediation case's sessions) over an activity's sessions, 评价 (rating a
matter) over an attendance rate, 计划 (a plan) as the state of a session not yet held.
"""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from zhengxian.activities import services

from .conftest import at


def _zh(client, url, **params):
    with translation.override("zh-hans"):
        return client.get(url, params, HTTP_ACCEPT_LANGUAGE="zh-hans").text


def _within(page: str, testid: str) -> str:
    found = re.search(rf'<[^>]*data-testid="{testid}"[^>]*>(.*?)</', page, re.S)
    assert found, testid
    return found.group(1).strip()


def test_an_activity_page_heads_its_sessions_as_activity_sessions_not_mediation_records(
    org, study, login
):
    page = _zh(login("leader_a"), reverse("activities:activity_detail", args=[study.activity_id]))
    with translation.override("zh-hans"):
        expected = pgettext("sessions of an activity", "Sessions")
    assert _within(page, "session-heading") == expected
    assert "调解记录" not in page


def test_a_session_not_yet_held_is_to_be_held_not_a_plan(org, study, login):
    page = _zh(login("leader_a"), reverse("activities:activity_detail", args=[study.activity_id]))
    with translation.override("zh-hans"):
        expected = pgettext("session status", "Planned")
    assert _within(page, "session-status") == expected
    assert ">计划<" not in page


def test_the_attendance_columns_are_headed_attendance_rate_not_rating(org, opened, clock, login):
    clock(at(9, 0))
    services.sign_in(token=opened.token, actor=org.user("cadre_a"))
    page = _zh(login("leader_a"), reverse("activities:attendance"), first="2026-03", last="2026-03")
    with translation.override("zh-hans"):
        expected = gettext("Attendance rate")
    headers = re.findall(r'data-testid="attendance-rate">([^<]*)<', page)
    assert headers == [expected, expected]  # per unit and per cadre
    assert ">评价<" not in page


def test_the_people_columns_are_headed_by_a_persons_name_and_a_sessions_history_is_no_handover(
    org, opened, clock, login
):
    clock(at(9, 0))
    services.sign_in(token=opened.token, actor=org.user("cadre_a"))
    client = login("leader_a")
    session = _zh(client, reverse("activities:session_detail", args=[opened.pk]))
    roster = re.search(r'data-testid="roster-columns"><tr><th>([^<]*)<', session)
    assert roster and roster.group(1) == "姓名"  # a person's name, not 名称 (of a thing)
    with translation.override("zh-hans"):
        expected = pgettext("changes of a session", "History")
    assert _within(session, "session-history") == expected
    assert "流转记录" not in session  # the matters' word for a handover between units
    attendance = _zh(client, reverse("activities:attendance"), first="2026-03", last="2026-03")
    people = re.search(r'data-testid="attendance-people">\s*<thead><tr><th>([^<]*)<', attendance)
    assert people and people.group(1) == "姓名"
