"""A bonus or penalty item of 0.01 points is accepted and counts in the total."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from zhengxian.scoring.models import Adjustment, AdjustmentStatus
from zhengxian.scoring.services.assessments import adjustment_decide, adjustment_request
from zhengxian.scoring.services.compute import compute_period
from zhengxian.scoring.tests.factories import small_campaign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["bonus", "penalty"])
def test_an_item_of_one_cent_is_stored_approved_and_counted(org, kind: str) -> None:
    period = small_campaign(org).periods.get(key="2026-01")
    item = adjustment_request(
        period=period,
        unit=org.community_a,
        kind=kind,
        points=D("0.01"),
        reason="最小加减分",
        actor=org.user("evaluator"),
    )
    adjustment_decide(adjustment=item, approve=True, actor=org.user("office"))
    stored = Adjustment.objects.get(pk=item.pk)
    assert stored.points == D("0.01") and stored.status == AdjustmentStatus.APPROVED
    result = compute_period(period)[0].unit(org.community_a.pk)
    assert getattr(result, kind) == D("0.01")
    assert getattr(result, f"{kind}_claimed") == D("0.01")
