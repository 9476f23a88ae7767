from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from zhengxian.core.testing import PASSWORD
from zhengxian.scoring.models import ChecklistItem
from zhengxian.scoring.services.appeals import appeal_file
from zhengxian.scoring.services.assessments import adjustment_decide, adjustment_request, manual_assess
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.tests.factories import small_campaign
from zhengxian.scoring.tests.views.inputs_data import pdf

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_pages_on_phone(live_server, org, phone_page, desktop_page, shoot):
    campaign = small_campaign(org)
    period = campaign.periods.get(key="2026-01")
    leaf = campaign.nodes.get(code="assessment")
    manual_assess(period=period, leaf=leaf, unit=org.community_a, points=D("30"), comment="走访扎实，台账齐全，群众满意度高", actor=org.user("evaluator"), attachment=pdf())
    item = adjustment_request(period=period, unit=org.community_a, kind="bonus", points=D("7"), reason="获市级先进集体表彰", actor=org.user("evaluator"), evidence=pdf())
    adjustment_decide(adjustment=item, approve=True, actor=org.user("office"))
    adjustment_request(period=period, unit=org.community_b, kind="penalty", points=D("2"), reason="安全检查台账缺失", actor=org.user("evaluator"))
    ChecklistItem.objects.create(campaign=campaign, checklist="red-property", unit=org.community_a, name="红色物业")
    ChecklistItem.objects.create(campaign=campaign, checklist="red-property", unit=org.community_b, name="红色物业", done_on=dt.date(2026, 1, 5), done_month=202601, evidence_note="已成立")
    sheet = period_score(period=period, actor_label="office")
    appeal = appeal_file(sheet=sheet, unit=org.community_a, leaf=leaf, text="考评分偏低，我们的台账齐全。", actor=org.user("leader_a"), attachments=[pdf("台账材料.pdf")])
    pages = {
        "office": [
            ("inputs-home", reverse("scoring:inputs_home")),
            ("assessments", reverse("scoring:assessments", args=[period.pk]) + "?group=community"),
            ("adjustments", reverse("scoring:adjustments", args=[period.pk])),
            ("checklists", reverse("scoring:checklists", args=[campaign.pk])),
            ("appeal-list", reverse("scoring:appeal_list")),
            ("appeal-detail", reverse("scoring:appeal_detail", args=[appeal.pk])),
            ("notifications", reverse("core:notifications")),
        ],
        "leader_a": [
            ("appeal-form", reverse("scoring:appeal_create", args=[period.pk, org.community_a.pk]) + "?leaf=assessment"),
            ("appeal-list-leader", reverse("scoring:appeal_list")),
            ("checklists-leader", reverse("scoring:checklists", args=[campaign.pk])),
        ],
    }
    problems = []
    for user, urls in pages.items():
        for page, suffix in ((phone_page, "phone"), (desktop_page, "desktop")):
            page.context.clear_cookies()
            log_in(page, live_server.url, user, PASSWORD)
            for name, url in urls:
                page.goto(live_server.url + url)
                shoot(page, f"tmp-{name}-{suffix}")
                if suffix == "phone" and _width(page) > 390:
                    problems.append((name, _width(page)))
    assert not problems, problems
