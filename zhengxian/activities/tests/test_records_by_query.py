"""An attendance leaf names its roster rows by their query instead of listing sessions and
sign-ins: the score card lists the rows behind the points a page at a time, each saying who
was expected at which session and whether they came."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from zhengxian.activities import services
from zhengxian.activities.models import ActivityKind, ExpectedAttendee, Session
from zhengxian.activities.services import Audience
from zhengxian.campaigns.services import campaign_load_file
from zhengxian.core.actors import SYSTEM
from zhengxian.engine.evidence import describe_evidence
from zhengxian.orgs.models import Person
from zhengxian.scoring.services import frozen
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import VISITS_CAMPAIGN

from .conftest import at, make_activity

pytestmark = pytest.mark.django_db

# One leaf fed by the attendance rate.
ATTENDANCE_CAMPAIGN = (
    VISITS_CAMPAIGN.replace("code: visits-2026", "code: attendance-2026")
    .replace("code: visits\n", "code: attendance\n")
    .replace("source: visits_count", "source: attendance_rate")
    .replace("{target: 3}", "{target: 1}")
)
APRIL = at(10, day=dt.date(2026, 4, 2))


def day(n: int) -> dt.date:
    return dt.date(2026, 3, n)


@pytest.fixture
def rounds(org, clock):
    """Two held March sessions of a training round for 湘湖社区 (four people) and 湖头陈社区
    (two): on the first, 湘湖干部 signs in on time by QR, 网格员甲 late, 湘湖书记 is recorded
    by hand, and 办公室干事 walks in; on the second only 湘湖干部 comes."""
    office = org.user("office")
    activity = make_activity(
        org,
        kind=ActivityKind.TRAINING,
        organiser=org.subdistrict,
        title="轮训",
        audience=Audience(units=(org.community_a, org.community_b)),
        starts=[at(9, day=day(20)), at(9, day=day(27))],
    )
    first, second = activity.sessions.order_by("starts_at")
    for session in (first, second):
        services.session_open(session=session, actor=office, at=session.starts_at)

    def sign(session: Session, key: str, minute: int = 0) -> None:
        at_ = session.starts_at.replace(minute=minute)
        services.sign_in(token=session.token, actor=org.user(key), at=at_)

    sign(first, "cadre_a")
    sign(first, "grid_a", minute=20)
    sign(first, "office")
    services.sign_in_by_hand(
        session=first, person=org.people["leader_a"], reason="手机没电", actor=office
    )
    sign(second, "cadre_a")
    return first, second


def a_rows(org) -> list[ExpectedAttendee]:
    """湘湖社区's roster rows (its grid's included), by id."""
    return list(
        ExpectedAttendee.objects.filter(unit__path__startswith=org.community_a.path).order_by("pk")
    )


def test_a_roster_row_says_who_was_expected_where_and_whether_they_came(
    org, rounds, clock, django_assert_num_queries
):
    first, second = rounds
    clock(APRIL)  # the second session's window is over: not signed in is absent

    def row(session: Session, key: str) -> str:
        found = ExpectedAttendee.objects.get(session=session, person=org.people[key])
        return f"activities.expectedattendee:{found.pk}"

    refs = [row(first, "cadre_a"), row(first, "grid_a"), row(first, "leader_a")]
    refs.append(row(second, "grid_a"))

    with django_assert_num_queries(1), translation.override("en"):
        items = {item.ref: item for item in describe_evidence(refs)}

    on_time, late, by_hand, absent = (items[ref] for ref in refs)
    assert on_time.title == f"{org.people['cadre_a'].name} · 轮训 · 1"
    assert on_time.day == day(20)
    assert on_time.url.startswith(
        reverse("activities:session_detail", args=[first.pk]) + "#sign-in-"
    )
    assert on_time.detail == "湘湖社区 · signed in 09:00, on time, QR code"
    assert late.detail == f"{org.grid_a.name} · signed in 09:20, late, QR code"
    assert by_hand.detail == "湘湖社区 · signed in 09:00, on time, Recorded by hand"
    assert absent.title == f"{org.people['grid_a'].name} · 轮训 · 2"
    assert absent.detail == f"{org.grid_a.name} · Absent"
    assert absent.url == reverse("activities:session_detail", args=[second.pk])


def test_the_evidence_page_lists_the_roster_rows_a_page_at_a_time(
    client, org, rounds, clock, monkeypatch
):
    monkeypatch.setattr("zhengxian.scoring.views.results.EVIDENCE_PAGE_SIZE", 5)
    campaign = campaign_load_file(
        actor=SYSTEM, text=ATTENDANCE_CAMPAIGN, owner_unit=org.subdistrict
    )
    march = campaign.periods.get(key="2026-03")
    clock(APRIL)
    period_score(period=march, actor=org.user("office"))
    client.force_login(org.user("office"))
    url = reverse("scoring:leaf_evidence", args=[march.pk, org.community_a.pk, "attendance"])

    first_page = client.get(url).content.decode()
    second_page = client.get(url + "?page=2").content.decode()

    rows = a_rows(org)
    assert len(rows) == 8  # four people at each of two sessions; 湖头陈's two are not A's
    for page, shown in ((first_page, rows[:5]), (second_page, rows[5:])):
        assert page.count('data-testid="evidence-item"') == len(shown)
        for row in shown:
            assert f'data-ref="activities.expectedattendee:{row.pk}"' in page
    assert 'data-testid="evidence-changed"' not in first_page
    assert "8 records" in first_page or "8 条" in first_page
    both = first_page + second_page  # in Chinese, the default language
    assert f"{org.people['grid_a'].name} · 轮训 · 1" in both
    assert "09:20签到，迟到，二维码" in both
    assert "缺席" in both
    assert org.people["cadre_b"].name not in both


@pytest.fixture
def published(org, rounds, clock):
    """March scored and published on 2 April."""
    campaign = campaign_load_file(
        actor=SYSTEM, text=ATTENDANCE_CAMPAIGN, owner_unit=org.subdistrict
    )
    march = campaign.periods.get(key="2026-03")
    clock(APRIL)
    period_score(period=march, actor=org.user("office"))
    sheet = period_publish(period=march, actor=org.user("office"), force=True)
    clock(APRIL + dt.timedelta(hours=2))
    return march, sheet


def _listed(sheet) -> set[tuple[str, str, tuple[int, ...]]]:
    return {(r["ref"], r["change"], tuple(r["units"])) for r in sheet.changed_records}


def _totals(sheet) -> dict[int, str]:
    return {row.unit_id: f"{row.total:f}" for row in sheet.unit_scores.all()}


def test_a_correction_lists_a_roster_row_added_since_publication_for_its_unit(
    org, rounds, published
):
    march, first = published
    first_session, _second = rounds
    # A newcomer of 湖头陈社区 put on the first session's list afterwards (a data fix).
    newcomer = Person.objects.create(name="新来的", unit=org.community_b)
    added = ExpectedAttendee.objects.create(
        session=first_session, person=newcomer, unit=org.community_b, month=202603
    )

    correction = period_score(period=march, actor=org.user("office"), reason="更正")

    assert _totals(correction) == _totals(first)  # the published values are kept
    ref = f"activities.expectedattendee:{added.pk}"
    assert _listed(correction) == {(ref, "added", (org.community_b.pk,))}


@pytest.mark.parametrize("by_id", [True, False], ids=["looked-up-by-id", "scanned"])
def test_a_correction_lists_a_row_signed_in_by_hand_since_publication_as_edited(
    org, rounds, published, monkeypatch, by_id
):
    """The roster is the same, the numerator moved: the row whose person was recorded as
    present afterwards is listed, not the sign-in (the leaf's records are roster rows)."""
    # Scanned: every record the leaf counts now, as when many were edited (none here).
    monkeypatch.setattr(frozen, "FEW_TOUCHED", 10_000 if by_id else -1)
    march, first = published
    _first_session, second = rounds
    services.sign_in_by_hand(
        session=second, person=org.people["cadre_b"], reason="补录", actor=org.user("office")
    )
    row = ExpectedAttendee.objects.get(session=second, person=org.people["cadre_b"])

    correction = period_score(period=march, actor=org.user("office"), reason="更正")

    assert _totals(correction) == _totals(first)
    ref = f"activities.expectedattendee:{row.pk}"
    assert _listed(correction) == {(ref, "edited", (org.community_b.pk,))}
    included = period_score(
        period=march, actor=org.user("office"), reason="补录", include_changed_records=True
    )
    assert _totals(included)[org.community_b.pk] > _totals(first)[org.community_b.pk]


@pytest.fixture
def unrecorded(org, rounds):
    """湖头陈社区's study of 30 March, held but not recorded as held by the publication."""
    return make_activity(
        org,
        organiser=org.community_b,
        audience=Audience(units=(org.community_b,)),
        starts=[at(9, day=day(30))],
    ).sessions.get()


def test_a_correction_lists_the_rows_of_a_session_recorded_as_held_since_publication(
    org, unrecorded, published
):
    """Recorded as held in April, the session brings its roster into March's set: its rows
    were written before the publication, so they are found through their session."""
    march, _first = published
    office = org.user("office")
    services.session_record_held(session=unrecorded, actor=office)
    rows = ExpectedAttendee.objects.filter(session=unrecorded).order_by("pk")
    assert rows.count() == 2

    correction = period_score(period=march, actor=office, reason="更正")

    b = (org.community_b.pk,)
    assert _listed(correction) == {
        (f"activities.expectedattendee:{row.pk}", "edited", b) for row in rows
    }
