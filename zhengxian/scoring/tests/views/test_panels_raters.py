"""The office's rater panels page: panels, raters, personal links, QR codes, revocation."""

from __future__ import annotations

import io

import pytest
import segno
from django.urls import reverse

from zhengxian.core.actors import SYSTEM
from zhengxian.scoring.models import Rater, RaterPanel
from zhengxian.scoring.services.panels import rater_add, rater_panel_create
from zhengxian.scoring.tests.factories import small_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(org):
    return small_campaign(org)


@pytest.fixture
def rater(campaign):
    panel = rater_panel_create(actor=SYSTEM, campaign=campaign, code="residents", name="居民考官团")
    return rater_add(actor=SYSTEM, panel=panel, name="张阿姨", note="居民")


def _url(campaign):
    return reverse("scoring:rater_panels", args=[campaign.pk])


def _link(rater):
    return "http://testserver" + reverse("scoring:rate", args=[rater.token])


def test_the_office_creates_a_panel_and_adds_a_rater_who_gets_a_link_and_a_qr_code(login, campaign):
    client = login("office")
    page = client.get(_url(campaign)).content.decode()
    assert 'data-testid="missing-panels"' in page and "<code>residents</code>" in page
    response = client.post(
        _url(campaign), {"action": "panel", "panel-code": "residents", "panel-name": "居民考官团"}
    )
    assert response.status_code == 302
    panel = RaterPanel.objects.get(campaign=campaign)
    response = client.post(
        _url(campaign),
        {"action": "rater", "rater-panel": panel.pk, "rater-name": "张阿姨", "rater-note": "居民"},
    )
    assert response.status_code == 302
    rater = Rater.objects.get(panel=panel)
    page = client.get(_url(campaign)).content.decode()
    assert 'data-testid="missing-panels"' not in page
    assert "张阿姨" in page and _link(rater) in page
    assert reverse("scoring:rater_qr", args=[rater.pk]) in page


def test_a_duplicate_panel_code_is_shown_as_an_error(login, campaign, rater):
    response = login("office").post(
        _url(campaign), {"action": "panel", "panel-code": "residents", "panel-name": "又一个"}
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert RaterPanel.objects.count() == 1


def test_the_office_revokes_a_link_which_then_shows_as_revoked_and_stops_working(
    login, client, campaign, rater
):
    office = login("office")
    response = office.post(_url(campaign), {"action": "revoke", "rater": rater.pk})
    assert response.status_code == 302
    rater.refresh_from_db()
    assert rater.revoked_at is not None
    page = office.get(_url(campaign)).content.decode()
    assert 'data-testid="revoked"' in page and _link(rater) not in page
    client.logout()
    assert client.get(reverse("scoring:rate", args=[rater.token])).status_code == 410


def test_a_rater_of_another_campaign_cannot_be_revoked_here(org, login, campaign):
    from zhengxian.campaigns.services import campaign_load_file
    from zhengxian.scoring.tests.factories import SMALL_CAMPAIGN

    other = campaign_load_file(
        actor=SYSTEM,
        text=SMALL_CAMPAIGN.replace("code: test-2026", "code: other-2026"),
        owner_unit=org.subdistrict,
    )
    stranger = rater_add(
        actor=SYSTEM,
        panel=rater_panel_create(actor=SYSTEM, campaign=other, code="r", name="r"),
        name="外人",
    )
    response = login("office").post(_url(campaign), {"action": "revoke", "rater": stranger.pk})
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.revoked_at is None
    # On the page of the rater's own campaign, the same revocation works.
    response = login("office").post(_url(other), {"action": "revoke", "rater": stranger.pk})
    assert response.status_code == 302
    stranger.refresh_from_db()
    assert stranger.revoked_at is not None


@pytest.mark.parametrize(
    ("user", "status"), [("cadre_a", 403), ("evaluator", 403), ("nobody", 404)]
)
def test_only_the_campaign_office_manages_rater_panels(login, campaign, rater, user, status):
    client = login(user)
    assert client.get(_url(campaign)).status_code == status
    assert (
        client.post(_url(campaign), {"action": "revoke", "rater": rater.pk}).status_code == status
    )
    rater.refresh_from_db()
    assert rater.revoked_at is None
    office = login("office")  # the same page and post work for the campaign office
    assert office.get(_url(campaign)).status_code == 200
    assert office.post(_url(campaign), {"action": "revoke", "rater": rater.pk}).status_code == 302
    rater.refresh_from_db()
    assert rater.revoked_at is not None


def test_the_qr_code_is_an_svg_of_the_raters_link_for_the_office(login, rater):
    response = login("office").get(reverse("scoring:rater_qr", args=[rater.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    expected = io.BytesIO()
    segno.make(_link(rater), error="m").save(expected, kind="svg", scale=4, border=2)
    assert response.content == expected.getvalue()  # the QR code of the rater's own link
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(("user", "status"), [("cadre_a", 403), ("nobody", 404)])
def test_the_qr_code_is_refused_to_anyone_but_the_office(login, rater, user, status):
    assert login(user).get(reverse("scoring:rater_qr", args=[rater.pk])).status_code == status
    assert login("office").get(reverse("scoring:rater_qr", args=[rater.pk])).status_code == 200


def test_a_revoked_link_has_no_qr_code(login, rater):
    from zhengxian.scoring.services.panels import rater_revoke

    url = reverse("scoring:rater_qr", args=[rater.pk])
    assert login("office").get(url).status_code == 200  # before the revocation
    rater_revoke(actor=SYSTEM, rater=rater)
    assert login("office").get(url).status_code == 404
