"""A world of foreign objects for the scope sweep: one object of every kind a URL takes, all
belonging to one community, each carrying a marker text that must never reach a page shown to
someone outside that community.

Built with the ORM (not the services, whose actor arguments are changing) so that the sweep
depends only on the models; the audit log records these writes like any other.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from zhengxian.activities.models import Activity, Attachment, Brand, Season, Session
from zhengxian.api.tokens import token_create
from zhengxian.campaigns.models import (
    Campaign,
    CompetitionGroup,
    GroupMembership,
    IndicatorNode,
    Period,
)
from zhengxian.core.models import WebhookDelivery, WebhookEndpoint
from zhengxian.jobs.models import Job
from zhengxian.matters.models import (
    Matter,
    MatterAttachment,
    MediationCase,
    SupervisionDay,
    Visit,
)
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person
from zhengxian.projects.models import (
    ActionTask,
    Milestone,
    MilestoneDateRequest,
    ProgressPhoto,
    ProgressReport,
    Project,
    Quantity,
    SpecialAction,
)
from zhengxian.scoring.models import (
    Adjustment,
    Appeal,
    AppealAttachment,
    ChecklistItem,
    ManualAssessment,
    Rater,
    RaterPanel,
    ScoreSheet,
    UnitScore,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
DAY = dt.date(2026, 3, 10)
MONTH = 202603


def _png(name: str) -> ContentFile:
    return ContentFile(PNG, name=name)


def build_world(*, tag: str, community: Unit, owner: Unit, marker: str) -> dict[str, Any]:
    """Every kind of object, in ``community`` (the campaign owned by ``owner``)."""
    w: dict[str, Any] = {"unit": community, "marker": marker}
    person = make_person(f"{tag}_person", community, [(Role.CADRE, community)], f"{marker}人员")
    user = person.user
    w["person"], w["assignment"] = person, person.roles.get()

    # Matters, visits, supervision, mediation.
    matter = Matter.objects.create(
        title=f"{marker}路灯坏了",
        description=marker,
        origin="other",
        reporting_unit=community,
        dispatch_unit=community,
        reported_by=user,
        reported_on=DAY,
        reported_month=MONTH,
    )
    w["matter"] = matter
    w["matter_attachment"] = MatterAttachment.objects.create(
        matter=matter,
        file=_png("m.png"),
        name=f"{marker}.png",
        content_type="image/png",
        size=len(PNG),
        uploaded_by=user,
    )
    w["visit"] = Visit.objects.create(
        unit=community,
        visited_on=DAY,
        month=MONTH,
        target_kind="community",
        target_unit=community,
        summary=marker,
        recorded_by=user,
    )
    w["supervision_day"] = SupervisionDay.objects.create(
        held_on=DAY, month=MONTH, unit=community, title=f"{marker}监督日", recorded_by=user
    )
    case_matter = Matter.objects.create(
        title=f"{marker}邻里纠纷",
        description=marker,
        origin="mediation",
        reporting_unit=community,
        dispatch_unit=community,
        reported_by=user,
        reported_on=DAY,
        reported_month=MONTH,
    )
    w["mediation_case"] = MediationCase.objects.create(
        matter=case_matter, number=f"{tag}-TJ-1", category="neighbour"
    )

    # Projects and special actions.
    project = Project.objects.create(
        code=f"{tag}-P1",
        name=f"{marker}项目",
        category="economy",
        unit=community,
        planned_start=dt.date(2026, 1, 1),
        planned_end=dt.date(2026, 12, 31),
        internal_note=marker,
        is_public=False,
    )
    w["project"] = project
    milestone = Milestone.objects.create(
        project=project, name=f"{marker}节点", planned_date=DAY, due_month=MONTH
    )
    w["milestone"] = milestone
    w["quantity"] = Quantity.objects.create(
        project=project, name=f"{marker}面积", measure="平方米", planned=Decimal(100)
    )
    report = ProgressReport.objects.create(
        project=project, reported_on=DAY, month=MONTH, percent=Decimal(10), text=marker
    )
    w["photo"] = ProgressPhoto.objects.create(
        report=report, file=_png("p.png"), content_type="image/png", caption=marker
    )
    w["date_request"] = MilestoneDateRequest.objects.create(
        milestone=milestone,
        requested_by=user,
        old_planned_date=DAY,
        new_planned_date=DAY + dt.timedelta(days=30),
        reason=marker,
    )
    action = SpecialAction.objects.create(code=f"{tag}-A1", name=f"{marker}行动", unit=community)
    w["action"] = action
    w["task"] = ActionTask.objects.create(
        action=action, name=f"{marker}任务", unit=community, deadline=DAY, due_month=MONTH
    )

    # Activities.
    activity = Activity.objects.create(kind="study", title=f"{marker}学习", organiser=community)
    w["activity"] = activity
    start = dt.datetime.combine(DAY, dt.time(9), tzinfo=dt.UTC)
    w["session"] = Session.objects.create(
        activity=activity,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place=marker,
        month=MONTH,
        token=secrets.token_urlsafe(16),
    )
    w["activity_attachment"] = Attachment.objects.create(
        activity=activity,
        file=_png("a.png"),
        name=f"{marker}.png",
        content_type="image/png",
        size=len(PNG),
        uploaded_by=user,
    )
    # Brands are a shared catalogue (every signed-in user sees every brand and its seasons'
    # totals, by design of the activities module): no marker on them.
    brand = Brand.objects.create(code=f"{tag}-brand", name=f"{tag}品牌", owner=community)
    w["brand"] = brand
    w["season"] = Season.objects.create(
        brand=brand, name=f"{tag}季", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31)
    )

    # A campaign with a scored period, and every input of the unit.
    campaign = Campaign.objects.create(
        code=f"{tag}-2026",
        name=f"{tag} 2026",
        year=2026,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        period_length="month",
        owner_unit=owner,
        status="active",
    )
    w["campaign"] = campaign
    group = CompetitionGroup.objects.create(campaign=campaign, code="community", name="社区组")
    GroupMembership.objects.create(campaign=campaign, group=group, unit=community)
    dimension = IndicatorNode.objects.create(
        campaign=campaign, code="style", name="作风", weight=Decimal(40)
    )
    leaf = IndicatorNode.objects.create(
        campaign=campaign,
        parent=dimension,
        code="assessment",
        name="考评员评价",
        weight=Decimal(20),
        is_leaf=True,
        source="manual",
        method="manual",
    )
    IndicatorNode.objects.create(
        campaign=campaign,
        parent=dimension,
        code="red-property",
        name="红色物业",
        weight=Decimal(20),
        is_leaf=True,
        source="checklist",
        source_params={"checklist": "red-property"},
        method="target",
        method_params={"target": 1},
    )
    w["leaf"] = leaf
    period = Period.objects.create(
        campaign=campaign,
        index=3,
        key="2026-03",
        label="2026年03月",
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 3, 31),
        first_month=MONTH,
        last_month=MONTH,
        status="preview",
    )
    w["period"] = period
    sheet = ScoreSheet.objects.create(
        period=period,
        version=1,
        computed_at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC),
        computed_by="t",
    )
    w["sheet"] = sheet
    UnitScore.objects.create(
        sheet=sheet,
        unit=community,
        group_code="community",
        total=Decimal("10.00"),
        rank=1,
        group_size=1,
        leaf_sum=Decimal("10.00"),
        bonus=Decimal(0),
        penalty=Decimal(0),
        detail={},
        row_digest="0" * 64,
    )
    appeal = Appeal.objects.create(
        period=period, sheet=sheet, unit=community, leaf=leaf, text=marker, filed_by=user
    )
    w["appeal"] = appeal
    w["appeal_attachment"] = AppealAttachment.objects.create(
        appeal=appeal,
        file=_png("ap.png"),
        name=f"{marker}.png",
        content_type="image/png",
        size=len(PNG),
    )
    w["assessment"] = ManualAssessment.objects.create(
        period=period,
        leaf=leaf,
        unit=community,
        points=Decimal(5),
        comment=marker,
        attachment=_png("as.png"),
        assessed_by=user,
    )
    w["adjustment"] = Adjustment.objects.create(
        period=period,
        unit=community,
        kind="bonus",
        points=Decimal(1),
        reason=marker,
        evidence=_png("ad.png"),
        requested_by=user,
    )
    w["checklist_item"] = ChecklistItem.objects.create(
        campaign=campaign,
        checklist="red-property",
        unit=community,
        name=f"{marker}红色物业",
        attachment=_png("c.png"),
    )
    panel = RaterPanel.objects.create(campaign=campaign, code="residents", name="居民考官团")
    w["rater"] = Rater.objects.create(panel=panel, name=marker, token=secrets.token_urlsafe(16))
    w["webhook"] = WebhookEndpoint.objects.create(
        name=f"{marker}群",
        url="https://oapi.dingtalk.com/robot/send?access_token=x",
        secret="SECworld",
        owner_unit=community,
    )
    WebhookDelivery.objects.create(
        endpoint=w["webhook"], kind="test", payload={"msgtype": "text", "text": {"content": marker}}
    )
    w["job"] = Job.objects.create(
        owner=user,
        kind="sweep",
        label=f"{marker}导入",
        handler="zhengxian.jobs.tests.handlers.crash",
        status="failed",
        error=marker,
        created_at=timezone.now(),
        run_token=1,
        result_file=ContentFile(b"x", name="x.txt"),
    )
    w["api_token"], _raw = token_create(actor=user, name=f"{marker}令牌", days=30, read_only=True)
    return w
