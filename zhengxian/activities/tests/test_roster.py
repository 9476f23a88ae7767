"""Audience rules expand into roster rows when saved; the roster freezes once opened."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from zhengxian.activities import services
from zhengxian.activities.models import ActivityKind, ExpectedAttendee
from zhengxian.activities.services import Audience
from zhengxian.audit.models import AuditEntry
from zhengxian.core.actors import SYSTEM
from zhengxian.orgs.roles import Role
from zhengxian.orgs.services import person_create

from .conftest import at, make_activity, plan


def names(session) -> set[str]:
    return set(
        ExpectedAttendee.objects.filter(session=session).values_list("person__name", flat=True)
    )


def test_a_unit_rule_expects_everyone_in_the_unit_and_its_sub_units(org, clock):
    session = make_activity(org).sessions.get()
    assert names(session) == {"湘湖书记", "湘湖干部", "无角色", "网格员甲"}
    rows = ExpectedAttendee.objects.filter(session=session)
    assert {r.month for r in rows} == {202603}
    grid_row = rows.get(person__name="网格员甲")
    assert grid_row.unit == org.grid_a  # the person's own unit, kept on the row
    # Each bulk-created row is in the audit log.
    assert AuditEntry.objects.filter(model="activities.expectedattendee").count() == 4


def test_without_sub_units_and_by_role(org, clock):
    only_unit = make_activity(
        org, audience=Audience(units=(org.community_a,), include_subunits=False)
    ).sessions.get()
    assert names(only_unit) == {"湘湖书记", "湘湖干部", "无角色"}
    cadres = make_activity(
        org, audience=Audience(units=(org.subdistrict,), role=Role.CADRE)
    ).sessions.get()
    assert names(cadres) == {"湘湖干部", "湖头陈干部", "网格员甲"}


def test_people_chosen_by_hand_join_the_unit_rule(org, clock):
    session = make_activity(
        org,
        audience=Audience(units=(org.grid_a,), people=(org.people["cadre_b"],)),
    ).sessions.get()
    assert names(session) == {"网格员甲", "湖头陈干部"}
    assert ExpectedAttendee.objects.get(session=session, person__name="湖头陈干部").by_hand


def test_a_session_with_its_own_audience_is_a_batch(org, clock):
    activity = make_activity(org, kind=ActivityKind.TRAINING, organiser=org.subdistrict)
    batch = services.session_add(
        activity=activity,
        actor=org.user("office"),
        plan=plan(
            at(9, day=at(9).date().replace(day=27)), audience=Audience(units=(org.community_b,))
        ),
    )
    assert batch.number == 2
    assert names(batch) == {"湖头陈干部", "湖头陈观察员"}
    assert names(activity.sessions.get(number=1)) == {"湘湖书记", "湘湖干部", "无角色", "网格员甲"}


def test_changing_the_audience_re_expands_planned_sessions_only(org, clock):
    activity = make_activity(org, starts=[at(9), at(9, day=at(9).date().replace(day=27))])
    first, second = activity.sessions.order_by("number")
    services.session_open(session=first, actor=org.user("office"))
    person_create(actor=SYSTEM, name="新来的", unit=org.community_a)
    services.activity_audience_set(
        activity=activity, actor=org.user("office"), audience=Audience(units=(org.grid_a,))
    )
    assert names(first) == {"湘湖书记", "湘湖干部", "无角色", "网格员甲"}  # frozen once opened
    assert names(second) == {"网格员甲"}


def test_study_needs_an_audience_inside_the_organisers_scope(org, clock):
    with pytest.raises(ValidationError):
        make_activity(org, audience=Audience())
    with pytest.raises(ValidationError) as excinfo:
        make_activity(org, by="leader_a", audience=Audience(units=(org.community_b,)))
    assert "units" in excinfo.value.message_dict


def test_only_organisers_of_the_unit_create_activities(org, clock):
    from zhengxian.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        make_activity(org, by="cadre_a")
    with pytest.raises(NotAllowed):
        make_activity(org, by="leader_a", organiser=org.community_b)
    assert make_activity(org, by="leader_a").organiser == org.community_a
