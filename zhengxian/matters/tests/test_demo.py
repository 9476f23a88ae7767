"""The demo builder fills every page with a year of records and can run twice."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengxian.core.demo import load_demo
from zhengxian.matters.models import Matter, MatterState, MediationCase, SupervisionDay, Visit

from .conftest import on

BUILDERS = ["zhengxian.orgs.demo", "zhengxian.matters.demo"]


@pytest.mark.django_db
def test_the_demo_has_a_year_of_visits_and_matters_in_every_state_and_runs_once():
    today = dt.date(2026, 6, 18)
    with on(today, hour=20):
        [_orgs, result] = load_demo(today=today, builders=BUILDERS)
    print(result.summary)
    assert Visit.objects.filter(visited_on__month=1).exists()
    assert Visit.objects.count() > 300
    assert set(Matter.objects.values_list("state", flat=True)) == set(MatterState.values)
    assert Matter.objects.filter(
        deadline__lt=today, resolved_on__isnull=True
    ).exists()  # something is overdue
    assert SupervisionDay.objects.count() == 6
    assert MediationCase.objects.exclude(outcome="").exists()
    assert Matter.objects.filter(action_code="five-breaks-five-raises").count() == 24
    assert all(m.history.first().at <= m.history.last().at for m in Matter.objects.all()[:50])
    with on(today, hour=21):
        [_orgs, again] = load_demo(today=today, builders=BUILDERS)
    assert "skipped" in again.summary
