"""Residents' personal data: masked on pages for those who do not handle the matter, kept
only masked in the audit log, and purged from matters closed past the retention period."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from zhengxian.audit.models import AuditEntry
from zhengxian.matters import services
from zhengxian.matters.models import Matter, MatterState, MediationParty, RequesterConfirmation

from .conftest import on
from .factories import matter_in

PHONE = "13812345678"
MASKED = "138****5678"


def case(org):
    return services.mediation_case_create(
        actor=org.user("leader_a"),
        reporting_unit=org.community_a,
        title="楼上漏水纠纷",
        category="neighbour",
        applicants=[("张三丰", PHONE)],
        respondents=[("李四", "13900001111")],
        handling_unit=org.community_a,
        deadline=dt.date(2026, 3, 20),
    )


def test_the_requester_phone_is_whole_for_handlers_and_masked_for_others(org, login):
    matter = matter_in(org, MatterState.ASSIGNED, requester_phone=PHONE)
    url = reverse("matters:matter_detail", args=[matter.pk])
    for who in ("leader_a", "cadre_a", "office"):  # handles it, filed it, the office
        page = login(who).get(url).content.decode()
        assert PHONE in page, who
    for who in ("leadership", "supervisor", "evaluator"):  # sees the matter, does not handle it
        response = login(who).get(url)
        assert response.status_code == 200, who
        page = response.content.decode()
        assert PHONE not in page and MASKED in page, who


def test_mediation_parties_phones_are_masked_for_those_who_do_not_handle_the_case(org, login):
    mediation = case(org)
    url = reverse("matters:mediation_detail", args=[mediation.pk])
    assert PHONE in login("leader_a").get(url).content.decode()
    page = login("leadership").get(url).content.decode()
    assert PHONE not in page and MASKED in page and "1390000****" not in page
    assert "139****1111" in page


def test_the_audit_log_keeps_phones_and_names_only_masked(org):
    matter_in(org, MatterState.REPORTED, requester_phone=PHONE, requester_name="王阿姨")
    case(org)
    logged = json.dumps(list(AuditEntry.objects.values_list("changes", flat=True)))
    assert PHONE not in logged and "13900001111" not in logged
    assert "王阿姨" not in logged and "张三丰" not in logged
    assert MASKED in logged


def old_and_recent(org):
    """A matter and a mediation case closed in March 2022, and a matter closed in 2026."""
    with on(dt.date(2022, 3, 1)):
        old = matter_in(org, MatterState.CLOSED, requester_phone=PHONE, requester_name="王阿姨")
        mediation = case(org)
        for action in ("accept", "resolve", "rate", "close"):
            extra = {"satisfaction": 5} if action == "rate" else {}
            services.matter_transition(
                matter=mediation.matter,
                action=action,
                actor=org.user("leader_a"),
                note="调解成功",
                **extra,
            )
    recent = matter_in(org, MatterState.CLOSED, requester_phone="13700000000")
    return old, mediation, recent


@override_settings(ZHENGXIAN_PERSONAL_DATA_RETENTION_YEARS=3)
def test_the_purge_blanks_names_and_phones_of_matters_closed_past_the_retention(org):
    old, mediation, recent = old_and_recent(org)
    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "would purge 2 matters" in out.getvalue() and "2 mediation parties" in out.getvalue()
    assert Matter.objects.get(pk=old.pk).requester_phone == PHONE  # a dry run changes nothing

    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "purged 2 matters" in out.getvalue()
    old.refresh_from_db()
    assert (old.requester_name, old.requester_phone) == ("", "")
    assert not MediationParty.objects.filter(case=mediation).exclude(phone="").exists()
    assert set(MediationParty.objects.filter(case=mediation).values_list("name", flat=True)) == {
        "*"
    }
    assert not RequesterConfirmation.objects.filter(matter=old).exclude(phone="").exists()
    recent.refresh_from_db()
    assert recent.requester_phone == "13700000000"  # closed this year: kept
    purge = AuditEntry.objects.filter(actor_label="system:purge_personal_data")
    assert purge.filter(model="matters.matter", object_id=str(old.pk)).exists()

    again = StringIO()
    call_command("purge_personal_data", stdout=again)
    assert "(0 rows)" in again.getvalue()


@override_settings(ZHENGXIAN_PERSONAL_DATA_RETENTION_YEARS=5)
def test_the_retention_setting_decides_what_is_old(org):
    old, _mediation, _recent = old_and_recent(org)
    call_command("purge_personal_data", stdout=StringIO())
    old.refresh_from_db()
    assert old.requester_phone == PHONE


def test_only_the_operator_purges(org):
    from zhengxian.core.errors import NotAllowed
    from zhengxian.matters.services.retention import personal_data_purge

    with pytest.raises(NotAllowed):
        personal_data_purge(actor=org.user("office"), today=dt.date(2026, 3, 10))
