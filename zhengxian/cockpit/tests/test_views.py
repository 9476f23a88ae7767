"""Who may open a period's circular and download its files, and where the office finds them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhengxian.audit.models import AuditEntry

from .circular_data import build_circular_data

pytestmark = pytest.mark.django_db

NAMES = ("cockpit:circular", "cockpit:circular_docx", "cockpit:circular_xlsx")


@pytest.fixture
def data(org):
    return build_circular_data(org)


@pytest.mark.parametrize("name", NAMES)
def test_the_office_and_the_leadership_may_open_the_circular(login, data, name):
    for who in ("office", "leadership"):
        assert login(who).get(reverse(name, args=[data.feb.pk])).status_code == 200


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("who", ["cadre_b", "leader_a", "evaluator", "viewer_b"])
def test_a_units_people_are_refused_the_circular(login, data, name, who):
    # The circular states every unit's leaf points and overdue matters.
    assert login(who).get(reverse(name, args=[data.feb.pk])).status_code == 403


@pytest.mark.parametrize("name", NAMES)
def test_someone_who_cannot_see_the_campaign_gets_not_found(login, data, name):
    assert login("nobody").get(reverse(name, args=[data.feb.pk])).status_code == 404


@pytest.mark.parametrize("name", NAMES)
def test_a_period_without_a_publication_has_no_circular(login, data, name):
    assert login("office").get(reverse(name, args=[data.mar.pk])).status_code == 404


def test_a_download_is_written_to_the_audit_log(login, data):
    login("office").get(reverse("cockpit:circular_xlsx", args=[data.feb.pk]))
    entry = AuditEntry.objects.filter(changes__what="cockpit.circular.xlsx").get()
    assert entry.changes["file"] == "test-2026-2026-02-v2-circular.xlsx"


def test_the_circular_page_shows_the_text_and_both_downloads(as_user, data):
    html = as_user("office").get(reverse("cockpit:circular", args=[data.feb.pk])).content.decode()
    assert 'data-testid="circular-docx"' in html and 'data-testid="circular-xlsx"' in html
    assert "江寺社区 (up 4, now rank 1)" in html
    assert "Full ranking with points" in html


def test_the_published_period_page_offers_the_circular_to_the_office_only(login, data):
    url = reverse("scoring:period_detail", args=[data.campaign.pk, data.feb.pk])
    html = login("office").get(url).content.decode()
    assert reverse("cockpit:circular_docx", args=[data.feb.pk]) in html
    assert reverse("cockpit:circular_xlsx", args=[data.feb.pk]) in html
    unpublished = reverse("scoring:period_detail", args=[data.campaign.pk, data.mar.pk])
    assert 'data-testid="circular-buttons"' not in login("office").get(unpublished).content.decode()
    answer = login("cadre_a").get(url)
    assert answer.status_code != 200 or 'data-testid="circular-buttons"' not in (
        answer.content.decode()
    )


@pytest.mark.parametrize("name", NAMES)
def test_the_circular_is_only_read(login, data, name):
    assert login("office").post(reverse(name, args=[data.feb.pk])).status_code == 405
