"""A brand's season totals are computed from its events' held sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhengxian.activities import services
from zhengxian.activities.selectors.brands import season_totals

from .test_sources import day, events  # noqa: F401 - the events fixture


def test_season_totals_add_up_participants_events_and_sessions(org, events):  # noqa: F811
    xunmeng, _yayun = events
    office = org.user("office")
    services.season_create(
        actor=office, brand=xunmeng, name="新春季", starts_on=day(1, 2), ends_on=day(31)
    )
    services.season_create(
        actor=office, brand=xunmeng, name="冬季", starts_on=day(1, 1), ends_on=day(31, 1)
    )
    services.season_create(
        actor=office, brand=xunmeng, name="三月上", starts_on=day(1), ends_on=day(7)
    )
    totals = {t.season.name: t for t in season_totals(xunmeng)}
    spring = totals["新春季"]
    # 1200 + 800 (湘湖站, two evenings) + 500 (湖头陈站); the 30 March evening is not held.
    assert (spring.participants, spring.events, spring.sessions) == (2500, 2, 3)
    assert (totals["冬季"].participants, totals["冬季"].events) == (0, 0)
    # The last day counts whole: 5 March 18:00 is inside "1–7 March".
    assert totals["三月上"].participants == 1200


def test_brand_page_shows_the_computed_total(org, events, login):  # noqa: F811
    xunmeng, _ = events
    services.season_create(
        actor=org.user("office"), brand=xunmeng, name="新春季", starts_on=day(1, 2), ends_on=day(31)
    )
    response = login("cadre_a").get(reverse("activities:brand_detail", args=[xunmeng.pk]))
    assert response.status_code == 200
    assert "2,500" in response.text or "2500" in response.text
    assert "一河四站·湘湖站" in response.text
    assert "一河四站·湖头陈站" not in response.text  # 湖头陈社区's event is outside cadre_a's scope
    office = login("office").get(reverse("activities:brand_detail", args=[xunmeng.pk]))
    assert "一河四站·湖头陈站" in office.text  # the sub-district office sees both stations
    listing = login("cadre_a").get(reverse("activities:brand_list"))
    assert "寻梦城河" in listing.text


def test_season_dates_and_brand_rights_are_checked(org, events):  # noqa: F811
    from zhengxian.core.errors import NotAllowed

    xunmeng, _ = events
    with pytest.raises(ValidationError):
        services.season_create(
            actor=org.user("office"), brand=xunmeng, name="x", starts_on=day(5), ends_on=day(4)
        )
    with pytest.raises(NotAllowed):
        services.season_create(
            actor=org.user("leader_a"), brand=xunmeng, name="y", starts_on=day(5), ends_on=day(6)
        )
    with pytest.raises(NotAllowed):
        services.brand_create(actor=org.user("cadre_a"), code="c", name="c", owner=org.community_a)
    # The same calls by those who own the brand and organise in 湘湖 go through.
    services.season_create(
        actor=org.user("office"), brand=xunmeng, name="y", starts_on=day(5), ends_on=day(6)
    )
    services.brand_create(actor=org.user("leader_a"), code="c", name="c", owner=org.community_a)
    assert dt.date(2026, 3, 31) == day(31)
