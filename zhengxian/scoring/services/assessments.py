"""Entries people make for scoring: manual assessments and bonus/penalty items."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import GroupMembership, IndicatorNode, Period, PeriodStatus
from zhengxian.core import clock
from zhengxian.core.errors import DomainError
from zhengxian.core.uploads import check_upload
from zhengxian.orgs.duties import require_not_own_unit, require_second_person
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require
from zhengxian.scoring.models import Adjustment, AdjustmentStatus, ManualAssessment


def _require_open(period: Period) -> None:
    if period.status == PeriodStatus.PUBLISHED:
        raise DomainError(_("This period is published; its inputs can no longer change."))


def _check_file(upload: UploadedFile, *, field: str) -> None:
    """Type by content and size (zhengxian.core.uploads), reported on the form's field."""
    try:
        check_upload(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _require_competing(period: Period, unit: Unit) -> None:
    """Points for a unit outside every competition group would be silently dropped."""
    if not GroupMembership.objects.filter(campaign_id=period.campaign_id, unit=unit).exists():
        raise DomainError(_("%(unit)s does not compete in this campaign.") % {"unit": unit.name})


@transaction.atomic
def manual_assess(
    *,
    period: Period,
    leaf: IndicatorNode,
    unit: Unit,
    points: Decimal,
    comment: str,
    actor: Any,
    attachment: UploadedFile | None = None,
) -> ManualAssessment:
    require(actor, Perm.ASSESS, unit)
    require_not_own_unit(actor, unit)
    _require_open(period)
    if not leaf.is_leaf or leaf.method != "manual" or leaf.campaign_id != period.campaign_id:
        raise DomainError(_("Only manual leaves of this campaign take assessed points."))
    _require_competing(period, unit)
    if not comment.strip():
        raise ValidationError({"comment": _("Say why: a comment is required.")})
    if not Decimal(0) <= points <= leaf.weight:
        raise ValidationError(
            {"points": _("Points must lie between 0 and %(max)s.") % {"max": leaf.weight}}
        )
    assessment = ManualAssessment.objects.filter(period=period, leaf=leaf, unit=unit).first()
    if assessment is None:
        assessment = ManualAssessment(period=period, leaf=leaf, unit=unit)
    assessment.points = points
    assessment.comment = comment.strip()
    assessment.assessed_by = actor
    if attachment is not None:
        _check_file(attachment, field="attachment")
        assessment.attachment = attachment
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def adjustment_request(
    *,
    period: Period,
    unit: Unit,
    kind: str,
    points: Decimal,
    reason: str,
    actor: Any,
    evidence: UploadedFile | None = None,
) -> Adjustment:
    require(actor, Perm.ASSESS, unit)
    require_not_own_unit(actor, unit)
    _require_open(period)
    _require_competing(period, unit)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason and the evidence for this item.")})
    adjustment = Adjustment(
        period=period,
        unit=unit,
        kind=kind,
        points=points,
        reason=reason.strip(),
        requested_by=actor,
    )
    if evidence is not None:
        _check_file(evidence, field="evidence")
        adjustment.evidence = evidence
    adjustment.full_clean()
    adjustment.save()
    return adjustment


@transaction.atomic
def adjustment_decide(
    *, adjustment: Adjustment, approve: bool, actor: Any, note: str = ""
) -> Adjustment:
    """The campaign office decides (Perm.MANAGE_CAMPAIGN over the unit), never for its own
    unit and never on an item it asked for itself."""
    adjustment = (
        Adjustment.objects.select_for_update(of=("self",))
        .select_related("unit", "period")
        .get(pk=adjustment.pk)
    )
    require(actor, Perm.MANAGE_CAMPAIGN, adjustment.unit)
    require_not_own_unit(actor, adjustment.unit)
    require_second_person(adjustment.requested_by_id, actor)
    _require_open(adjustment.period)
    if adjustment.status != AdjustmentStatus.PENDING:
        raise DomainError(_("This item has been decided already."))
    if not approve and not note.strip():
        raise ValidationError({"decision_note": _("Say why the item is rejected.")})
    adjustment.status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REJECTED
    adjustment.decided_by = actor
    adjustment.decided_at = clock.now()
    adjustment.decision_note = note.strip()
    adjustment.full_clean()
    adjustment.save()
    return adjustment
