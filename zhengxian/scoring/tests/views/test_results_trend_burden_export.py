"""A unit's trend, the 减负 page and the JSON export of a period."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from .results_data import build_results, export_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(org):
    return build_results(org)


def test_the_trend_lists_published_periods_with_totals_and_ranks(login, org, results):
    response = login("cadre_a").get(
        reverse("scoring:unit_trend", args=[results.campaign.pk, org.community_a.pk])
    )
    html = response.content.decode()
    rows = re.findall(
        r'data-testid="trend-row" data-period="([^"]+)">.*?<td class="text-end">([\d.]+)</td>'
        r'\s*<td class="text-end text-nowrap">(\d+) / (\d+)</td>',
        html,
        re.S,
    )
    assert rows == [
        ("2026-01", "90.00", "1", "2"),
        ("2026-02", "51.00", "2", "2"),
    ]  # March is in preview
    chart = response.context["chart"]
    assert chart["yAxis"][1]["inverse"] is True
    assert [s["data"] for s in chart["series"]] == [[90.0, 51.0], [55.0, 72.0], [1, 2]]


def test_the_trend_of_a_unit_outside_the_scope_is_404(login, org, results):
    url = reverse("scoring:unit_trend", args=[results.campaign.pk, org.community_a.pk])
    assert login("cadre_b").get(url).status_code == 404
    assert login("cadre_a").get(url).status_code == 200  # the unit's own cadre sees it


def test_the_office_sees_the_share_of_points_from_records_and_the_forms_filled(login, org, results):
    response = login("office").get(reverse("scoring:burden", args=[results.campaign.pk]))
    html = response.content.decode()
    # January: 170 points in all, 40 of them from the checklist (records): 23.5 %.
    january = re.search(r'data-period="2026-01".*?data-testid="record-share">([^<]+)<', html, re.S)
    assert january.group(1) == "23.5%"
    burden = response.context["burden"]
    assert [(p.period.key, p.forms) for p in burden.periods[:3]] == [
        ("2026-01", 1),
        ("2026-02", 5),
        ("2026-03", 0),
    ]
    chosen = login("office").get(
        reverse("scoring:burden", args=[results.campaign.pk]), {"period": results.feb.pk}
    )
    forms = dict(
        re.findall(
            r'data-unit="([^"]+)">.*?data-testid="forms">(\d+)<', chosen.content.decode(), re.S
        )
    )
    assert forms == {"CX-XH": "3", "CX-HT": "2", "CX-DZB": "0"}


def test_the_burden_page_is_for_the_campaign_office_only(login, results):
    url = reverse("scoring:burden", args=[results.campaign.pk])
    assert login("cadre_a").get(url).status_code == 403
    assert login("nobody").get(url).status_code == 404
    assert login("office").get(url).status_code == 200


def test_the_json_export_is_byte_identical_when_run_twice(login, results):
    client = login("office")
    first, second = export_json(client, results.feb.pk), export_json(client, results.feb.pk)
    assert first == second
    data = json.loads(first)
    sheet = results.feb.sheets.get(status="published")
    assert (data["campaign"], data["period"], data["version"], data["digest"]) == (
        "test-2026",
        "2026-02",
        1,
        sheet.digest,
    )
    assert data["prev_digest"] == results.jan.sheets.get(status="published").digest
    assert [(u["code"], u["rank"], u["total"]) for u in data["units"]] == [
        ("CX-HT", 1, "93.00"),
        ("CX-XH", 2, "51.00"),
        ("CX-DZB", 1, "60.00"),
    ]
    out = StringIO()
    call_command("export_results", "test-2026", "2026-02", stdout=out)
    assert out.getvalue().encode() == first  # the page and the command agree


def test_the_export_leaves_out_the_details_of_units_outside_the_scope(login, results):
    data = json.loads(export_json(login("cadre_b"), results.feb.pk))
    units = {u["code"]: u for u in data["units"]}
    assert (
        "leaves" in units["CX-HT"]
        and "leaves" not in units["CX-XH"]
        and units["CX-XH"]["total"] == "51.00"
    )


def test_only_the_office_exports_the_preview(login, results):
    office = export_json(login("office"), results.mar.pk, preview=True)
    assert json.loads(office)["status"] == "preview"
    assert export_json(login("cadre_a"), results.mar.pk, preview=True).status_code == 404


def test_the_export_is_a_job_whose_file_only_its_owner_takes(login, results):
    from zhengxian.jobs.models import Job

    url = reverse("scoring:period_export", args=[results.feb.pk])
    assert login("office").get(url).status_code == 405
    page = login("office").post(url, follow=True)
    job = Job.objects.get(kind="scoring.results_export")
    assert page.redirect_chain == [(reverse("jobs:job_detail", args=[job.pk]), 302)]
    assert job.status == "succeeded" and 'data-testid="job-file"' in page.content.decode()
    assert login("cadre_a").get(reverse("jobs:job_file", args=[job.pk])).status_code == 404
