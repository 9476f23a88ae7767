"""Sign-in rules: own account only, once, inside the window; late and absent derived."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from zhengxian.activities import services
from zhengxian.activities.errors import ActivityError, Refusal
from zhengxian.activities.models import SignIn, SignInMethod
from zhengxian.activities.rules import Attendance
from zhengxian.activities.selectors.attendance import session_counts, session_roster
from zhengxian.audit.models import AuditEntry
from zhengxian.core.acting import acting_as

from .conftest import at


def refusal(excinfo: pytest.ExceptionInfo[ActivityError]) -> Refusal:
    return excinfo.value.refusal


def test_cadre_signs_in_on_time_inside_the_window(org, opened, clock):
    clock(at(9, 3))
    row = services.sign_in(token=opened.token, actor=org.user("cadre_a"))
    assert (row.person, row.method, row.unit, row.month) == (
        org.people["cadre_a"],
        SignInMethod.QR,
        org.community_a,
        202603,
    )
    counts = session_counts(opened, at(9, 3))
    assert (counts.signed, counts.on_time, counts.late, counts.expected) == (1, 1, 0, 4)


def test_sign_in_after_the_grace_minutes_is_late(org, opened, clock):
    clock(at(9, 5))
    services.sign_in(token=opened.token, actor=org.user("cadre_a"))  # exactly start + grace
    clock(at(9, 6))
    services.sign_in(token=opened.token, actor=org.user("grid_a"))
    counts = session_counts(opened, at(9, 6))
    assert (counts.on_time, counts.late) == (1, 1)


def test_signing_in_twice_is_refused_and_keeps_the_first_time(org, opened, clock):
    clock(at(8, 50))
    services.sign_in(token=opened.token, actor=org.user("cadre_a"))
    clock(at(9, 30))
    with pytest.raises(ActivityError) as excinfo:
        services.sign_in(token=opened.token, actor=org.user("cadre_a"))
    assert refusal(excinfo) == Refusal.ALREADY
    assert "08:50" in excinfo.value.message
    assert SignIn.objects.filter(session=opened).count() == 1


def test_sign_in_before_the_window_opens_is_refused(org, study, clock):
    clock(at(8, 0))
    services.session_open(session=study, actor=org.user("leader_a"))
    clock(at(8, 29))  # the window opens at 08:30 (30 minutes before 09:00)
    with pytest.raises(ActivityError) as excinfo:
        services.sign_in(token=study.token, actor=org.user("cadre_a"))
    assert refusal(excinfo) == Refusal.TOO_EARLY
    clock(at(8, 30))
    services.sign_in(token=study.token, actor=org.user("cadre_a"))


def test_sign_in_after_the_end_is_refused_even_while_open(org, opened, clock):
    clock(at(11, 0))
    services.sign_in(token=opened.token, actor=org.user("cadre_a"))  # the end itself is inside
    clock(at(11, 1))
    with pytest.raises(ActivityError) as excinfo:
        services.sign_in(token=opened.token, actor=org.user("grid_a"))
    assert refusal(excinfo) == Refusal.TOO_LATE


def test_sign_in_is_refused_before_the_organiser_opens_and_after_closing(org, study, clock):
    clock(at(8, 45))
    with pytest.raises(ActivityError) as excinfo:
        services.sign_in(token=study.token, actor=org.user("cadre_a"))
    assert refusal(excinfo) == Refusal.NOT_OPEN
    services.session_open(session=study, actor=org.user("leader_a"))
    clock(at(10, 0))
    services.session_close(session=study, actor=org.user("leader_a"))
    with pytest.raises(ActivityError) as excinfo:
        services.sign_in(token=study.token, actor=org.user("cadre_a"))
    assert refusal(excinfo) == Refusal.CLOSED


def test_a_cadre_cannot_sign_in_for_someone_else(org, opened, clock, client):
    """The page takes no person: posting another person's id still signs in the poster."""
    clock(at(9, 0))
    client.force_login(org.user("cadre_a"))
    url = reverse("activities:sign_in", args=[opened.token])
    response = client.post(
        url, {"person": org.people["grid_a"].pk, "person_id": org.people["grid_a"].pk}
    )
    assert response.status_code == 302
    assert list(SignIn.objects.values_list("person__user__username", flat=True)) == ["cadre_a"]
    # Nor with a second try for the other person from the same account.
    client.post(url, {"person": org.people["grid_a"].pk})
    assert SignIn.objects.count() == 1


def test_an_account_without_a_person_cannot_sign_in(org, opened, clock, django_user_model):
    clock(at(9, 0))
    stranger = django_user_model.objects.create_user(username="stranger", password="x-pass-123")
    with pytest.raises(ActivityError) as excinfo:
        services.sign_in(token=opened.token, actor=stranger)
    assert refusal(excinfo) == Refusal.NO_PERSON


def test_a_rotated_token_stops_the_old_link(org, opened, clock):
    clock(at(9, 0))
    old = opened.token
    rotated = services.session_rotate_token(session=opened, actor=org.user("leader_a"))
    assert rotated.token != old and rotated.token_rotated_at == at(9, 0)
    with pytest.raises(Http404):
        services.sign_in(token=old, actor=org.user("cadre_a"))
    services.sign_in(token=rotated.token, actor=org.user("cadre_a"))
    assert opened.changes.filter(action="rotate_token").exists()


def test_someone_not_on_the_list_may_sign_in_but_is_not_counted(org, opened, clock):
    clock(at(9, 0))
    services.sign_in(token=opened.token, actor=org.user("cadre_b"))
    counts = session_counts(opened, at(9, 0))
    assert (counts.signed, counts.expected, counts.walk_ins) == (0, 4, 1)


def test_absent_is_derived_once_the_window_is_over(org, opened, clock):
    clock(at(9, 0))
    services.sign_in(token=opened.token, actor=org.user("cadre_a"))
    during = session_counts(opened, at(10, 0))
    assert (during.pending, during.absent) == (3, 0)
    after = session_counts(opened, at(11, 1))
    assert (after.pending, after.absent) == (0, 3)
    assert not hasattr(SignIn, "absent") and not hasattr(SignIn, "late")  # never stored


def test_closing_early_ends_the_window_and_makes_the_rest_absent(org, opened, clock):
    clock(at(9, 30))
    closed = services.session_close(session=opened, actor=org.user("leader_a"))
    counts = session_counts(closed, at(9, 31))
    assert counts.absent == 4


def test_organiser_records_a_sign_in_by_hand_with_a_reason_and_it_is_audited(org, opened, clock):
    clock(at(9, 40))
    person = org.people["grid_a"]
    with pytest.raises(Exception) as excinfo:
        services.sign_in_by_hand(
            session=opened, person=person, reason="  ", actor=org.user("leader_a")
        )
    assert "reason" in excinfo.value.message_dict  # type: ignore[attr-defined]
    with acting_as(org.user("leader_a")):  # what the audit middleware does for a request
        row = services.sign_in_by_hand(
            session=opened,
            person=person,
            reason="手机没电",
            actor=org.user("leader_a"),
            signed_at=at(9, 10),
        )
    assert (row.method, row.reason, row.recorded_by) == ("manual", "手机没电", org.user("leader_a"))
    entry = AuditEntry.objects.get(model="activities.signin", object_id=str(row.pk))
    assert entry.actor_label == "leader_a"
    assert entry.changes["reason"] == [None, "手机没电"]
    assert entry.changes["method"] == [None, "manual"]
    rows = {r.name: r for r in session_roster(org.user("leader_a"), opened, at(9, 40))}
    assert rows["网格员甲"].state == Attendance.LATE


def test_by_hand_is_only_for_organisers_people_on_the_list_and_held_sessions(org, study, clock):
    from zhengxian.core.errors import NotAllowed

    clock(at(9, 0))
    with pytest.raises(ActivityError) as excinfo:
        services.sign_in_by_hand(
            session=study, person=org.people["cadre_a"], reason="x", actor=org.user("leader_a")
        )
    assert refusal(excinfo) == Refusal.NOT_HELD
    services.session_open(session=study, actor=org.user("leader_a"))
    with pytest.raises(NotAllowed):
        services.sign_in_by_hand(
            session=study, person=org.people["grid_a"], reason="x", actor=org.user("cadre_a")
        )
    with pytest.raises(ActivityError) as excinfo:
        services.sign_in_by_hand(
            session=study, person=org.people["cadre_b"], reason="x", actor=org.user("office")
        )
    assert refusal(excinfo) == Refusal.NOT_EXPECTED


def test_by_hand_refuses_twice_and_times_outside_the_window(org, opened, clock):
    from django.core.exceptions import ValidationError

    clock(at(9, 0))
    services.sign_in(token=opened.token, actor=org.user("cadre_a"))
    with pytest.raises(ActivityError) as excinfo:
        services.sign_in_by_hand(
            session=opened, person=org.people["cadre_a"], reason="x", actor=org.user("leader_a")
        )
    assert refusal(excinfo) == Refusal.ALREADY
    with pytest.raises(ValidationError):
        services.sign_in_by_hand(
            session=opened,
            person=org.people["grid_a"],
            reason="x",
            actor=org.user("leader_a"),
            signed_at=at(12, 0),
        )
