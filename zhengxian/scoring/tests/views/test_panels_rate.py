"""The public rating page a resident or deputy opens through their personal link (no login)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from zhengxian.core.actors import SYSTEM, system_actor
from zhengxian.orgs.models import Person
from zhengxian.scoring.models import Rating
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.panels import rater_add, rater_panel_create, rater_revoke
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import small_campaign

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db

FEB_10 = dt.datetime(2026, 2, 10, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def in_february():
    with time_machine.travel(FEB_10, tick=False):
        yield


@pytest.fixture
def campaign(org):
    return small_campaign(org)


@pytest.fixture
def panel(campaign):
    return rater_panel_create(actor=SYSTEM, campaign=campaign, code="residents", name="居民考官团")


@pytest.fixture
def rater(panel):
    return rater_add(actor=SYSTEM, panel=panel, name="张阿姨", note="居民 13900000001")


@pytest.fixture
def public():
    return Client()  # nobody logged in


def _url(rater):
    return reverse("scoring:rate", args=[rater.token])


def test_a_rater_opens_their_link_without_logging_in_and_sees_the_units_to_rate(
    org, public, rater, campaign
):
    response = public.get(_url(rater))
    assert response.status_code == 200
    html = response.content.decode()
    assert "张阿姨" in html
    assert campaign.periods.get(key="2026-02").label in html  # the period begun and not published
    for unit in (org.community_a, org.community_b, org.office):
        assert f'data-testid="rate-unit-{unit.pk}"' in html and unit.name in html
    assert org.grid_a.name not in html
    assert 'name="csrfmiddlewaretoken"' in html
    for n in range(1, 6):
        assert (
            f'name="score-{org.community_a.pk}" id="s-{org.community_a.pk}-{n}" value="{n}"' in html
        )
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))  # holds the token
    # "no-referrer" would make browsers post "Origin: null", which the CSRF check refuses.
    assert response["Referrer-Policy"] == "same-origin"


def test_the_public_page_shows_no_private_data(org, public, panel, rater):
    Person.objects.filter(pk=org.people["cadre_a"].pk).update(phone="13812345678")
    other = rater_add(actor=SYSTEM, panel=panel, name="李大伯", note="居民")
    response = public.get(_url(rater))
    html = response.content.decode()
    assert response.status_code == 200 and "张阿姨" in html  # the rater's own page, rendered
    assert f'data-testid="rate-unit-{org.community_a.pk}"' in html and "湘湖社区" in html
    assert "李大伯" not in html and other.token not in html  # no other rater
    assert "13812345678" not in html  # no phone of any person
    assert "13900000001" not in html  # not even the rater's own note
    for person in org.people.values():
        assert person.name not in html
    assert 'data-testid="user-menu"' not in html


def test_a_rater_rates_one_unit_which_then_shows_as_rated(org, public, campaign, rater):
    a = org.community_a.pk
    response = public.post(
        _url(rater), {f"score-{a}": "4", f"comment-{a}": "环境改善明显", "only": a}
    )
    assert response.status_code == 302 and response.url == _url(rater)
    rating = Rating.objects.get()
    assert (rating.unit_id, rating.score, rating.comment) == (a, 4, "环境改善明显")
    assert rating.period == campaign.periods.get(key="2026-02") and rating.rater == rater
    html = public.get(_url(rater)).content.decode()
    card = re.search(rf'data-testid="rate-unit-{a}">(.*?)</div>\s*</div>', html, re.S).group(1)
    assert 'data-testid="rated"' in card and f'name="score-{a}"' not in card
    assert f'name="score-{org.community_b.pk}"' in html  # the others are still to rate


def test_pressing_one_units_button_stores_only_that_unit(org, public, rater):
    a, b = org.community_a.pk, org.community_b.pk
    public.post(_url(rater), {f"score-{a}": "5", f"score-{b}": "2", "only": b})
    assert list(Rating.objects.values_list("unit_id", "score")) == [(b, 2)]


def test_a_rater_submits_all_ratings_at_once(org, public, rater):
    a, b, office = org.community_a.pk, org.community_b.pk, org.office.pk
    response = public.post(
        _url(rater), {f"score-{a}": "5", f"score-{b}": "3", f"score-{office}": "4"}
    )
    assert response.status_code == 302
    assert dict(Rating.objects.values_list("unit_id", "score")) == {a: 5, b: 3, office: 4}
    assert 'data-testid="rate-done"' in public.get(_url(rater)).content.decode()


def test_all_at_once_stores_nothing_when_one_rating_is_refused(org, public, rater):
    a, b = org.community_a.pk, org.community_b.pk
    public.post(_url(rater), {f"score-{b}": "2", "only": b})
    # A stale page submitted again: b was rated already, so the whole submission is refused.
    response = public.post(_url(rater), {f"score-{a}": "5", f"score-{b}": "5"})
    assert response.status_code == 200
    assert 'data-testid="rate-errors"' in response.content.decode()
    assert org.community_b.name in response.content.decode()
    assert list(Rating.objects.values_list("unit_id", "score")) == [(b, 2)]


def test_a_second_rating_of_the_same_unit_is_refused_not_updated(org, public, rater):
    a = org.community_a.pk
    public.post(_url(rater), {f"score-{a}": "4", "only": a})
    response = public.post(_url(rater), {f"score-{a}": "1", "only": a})
    assert response.status_code == 200
    errors = re.search(
        r'data-testid="rate-errors">(.*?)</div>\s*<form', response.content.decode(), re.S
    )
    assert errors and org.community_a.name in errors.group(1)
    assert list(Rating.objects.values_list("score", flat=True)) == [4]


def test_a_comment_without_stars_or_an_empty_submission_is_refused(org, public, rater):
    a = org.community_a.pk
    response = public.post(_url(rater), {f"comment-{a}": "不错"})
    assert 'data-testid="rate-errors"' in response.content.decode()
    assert "不错</textarea>" in response.content.decode()  # what the rater typed is kept
    response = public.post(_url(rater), {})
    assert 'data-testid="rate-errors"' in response.content.decode()
    response = public.post(_url(rater), {f"score-{a}": "9", "only": a})
    assert 'data-testid="rate-errors"' in response.content.decode()
    assert not Rating.objects.exists()


def test_a_revoked_link_gets_a_410_page(public, rater):
    assert "张阿姨" in public.get(_url(rater)).content.decode()  # while the link is valid
    rater_revoke(actor=SYSTEM, rater=rater)
    response = public.get(_url(rater))
    assert response.status_code == 410
    assert 'data-testid="rate-closed-revoked"' in response.content.decode()
    assert "张阿姨" not in response.content.decode()
    assert public.post(_url(rater), {"score-1": "5", "only": "1"}).status_code == 410
    assert not Rating.objects.exists()


def test_a_link_revoked_while_the_page_is_open_refuses_the_submission_with_410(org, public, rater):
    a = org.community_a.pk
    public.get(_url(rater))
    rater_revoke(actor=SYSTEM, rater=rater)
    assert public.post(_url(rater), {f"score-{a}": "5", "only": a}).status_code == 410
    assert not Rating.objects.exists()


def test_an_unknown_link_gets_a_404_page(public, rater):
    response = public.get(reverse("scoring:rate", args=["no-such-token" + "x" * 30]))
    assert response.status_code == 404
    assert 'data-testid="rate-closed-unknown"' in response.content.decode()


def test_the_rating_form_is_csrf_protected(org, rater):
    strict = Client(enforce_csrf_checks=True)
    a = org.community_a.pk
    assert strict.post(_url(rater), {f"score-{a}": "5", "only": a}).status_code == 403
    assert not Rating.objects.exists()
    html = strict.get(_url(rater)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = strict.post(
        _url(rater),
        {"csrfmiddlewaretoken": token, f"score-{a}": "5", "only": a},
        headers={"Origin": "http://testserver"},  # as a browser posts it
    )
    assert response.status_code == 302 and Rating.objects.count() == 1


def test_opening_the_link_records_nothing(public, rater):
    for _ in range(3):
        public.get(_url(rater))
    assert not Rating.objects.exists()  # visits and clicks are never scored


def test_ratings_go_to_the_latest_period_not_published_and_nothing_when_none_is_open(
    org, public, campaign, rater
):
    for key in ("2026-01", "2026-02"):
        period = campaign.periods.get(key=key)
        period_score(period=period, actor=OFFICE)
        period_publish(period=period, actor=OFFICE, force=True)
    response = public.get(_url(rater))
    assert response.status_code == 200
    assert 'data-testid="rate-closed-nothing"' in response.content.decode()
    with time_machine.travel(
        dt.datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        a = org.community_a.pk
        public.post(_url(rater), {f"score-{a}": "3", "only": a})
    assert Rating.objects.get().period.key == "2026-03"


def test_ratings_through_the_page_score_the_residents_leaf(org, public, campaign, panel, rater):
    a = org.community_a.pk
    second = rater_add(actor=SYSTEM, panel=panel, name="王大姐")
    public.post(_url(rater), {f"score-{a}": "5", "only": a})
    public.post(_url(second), {f"score-{a}": "3", "only": a})  # mean 4
    sheet = period_score(period=campaign.periods.get(key="2026-02"), actor=OFFICE)
    leaf = sheet.unit_scores.get(unit=org.community_a).detail["leaves"]["residents"]
    assert leaf["points"] == "16.00"  # 20 × 4 / 5
