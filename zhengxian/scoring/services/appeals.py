"""Appeals (申诉): a unit disputes one leaf score; an evaluator accepts or rejects it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import IndicatorNode
from zhengxian.core import clock
from zhengxian.core.errors import DomainError
from zhengxian.core.notification_kinds import Kind
from zhengxian.core.notifications import notify
from zhengxian.core.uploads import check_upload
from zhengxian.orgs.duties import require_not_own_unit
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.paths import path_ids
from zhengxian.orgs.roles import ROLE_PERMISSIONS, Perm, Role
from zhengxian.orgs.scope import require
from zhengxian.scoring.models import (
    Appeal,
    AppealAttachment,
    AppealStatus,
    LeafOverride,
    ScoreSheet,
    SheetStatus,
)

from .compute import period_rescore_after_appeal

MAX_ATTACHMENTS = 5


# Roles that decide appeals: those granting Perm.ASSESS (evaluator, campaign office).
_DECIDING_ROLES = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.ASSESS in perms]


def _evaluators_of(unit: Unit) -> list[Any]:
    """Accounts that may decide an appeal of ``unit``: Perm.ASSESS over it or a unit above it."""
    ancestors = path_ids(unit.path)
    people = Person.objects.filter(
        roles__role__in=_DECIDING_ROLES,
        roles__unit_id__in=ancestors,
        user__isnull=False,
        user__is_active=True,
        is_active=True,
    ).select_related("user")
    return [person.user for person in people]


def _unit_leaders_of(unit: Unit) -> list[Any]:
    ancestors = path_ids(unit.path)
    people = Person.objects.filter(
        roles__role=Role.UNIT_LEADER,
        roles__unit_id__in=ancestors,
        user__isnull=False,
        user__is_active=True,
        is_active=True,
    ).select_related("user")
    return [person.user for person in people]


@transaction.atomic
def appeal_file(
    *,
    sheet: ScoreSheet,
    unit: Unit,
    leaf: IndicatorNode,
    text: str,
    actor: Any,
    attachments: Sequence[UploadedFile] = (),
) -> Appeal:
    require(actor, Perm.APPEAL, unit)
    if sheet.status != SheetStatus.PREVIEW and not sheet.is_published:
        raise DomainError(_("Only results in preview or published can be appealed."))
    if not leaf.is_leaf or leaf.campaign_id != sheet.period.campaign_id:
        raise DomainError(_("Choose a leaf indicator of this campaign."))
    if not sheet.unit_scores.filter(unit=unit).exists():
        raise DomainError(_("This unit has no score in this result."))
    if not text.strip():
        raise ValidationError({"text": _("Explain what is wrong and why.")})
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("At most %(n)s files.") % {"n": MAX_ATTACHMENTS}})
    if Appeal.objects.filter(
        period=sheet.period, unit=unit, leaf=leaf, status=AppealStatus.OPEN
    ).exists():
        raise DomainError(_("An appeal on this indicator is already open for your unit."))
    try:
        checked = [check_upload(upload) for upload in attachments]
    except ValidationError as error:
        raise ValidationError({"attachments": error.messages}) from error
    appeal = Appeal.objects.create(
        period=sheet.period, sheet=sheet, unit=unit, leaf=leaf, text=text.strip(), filed_by=actor
    )
    for upload, info in zip(attachments, checked, strict=True):
        AppealAttachment.objects.create(
            appeal=appeal,
            file=upload,
            name=info.name,
            content_type=info.content_type,
            size=info.size,
        )
    url = reverse("scoring:appeal_detail", args=[appeal.pk])
    notify(
        recipients=_evaluators_of(unit),
        text=_("%(unit)s appealed “%(leaf)s” for %(period)s.")
        % {"unit": unit.name, "leaf": leaf.name, "period": sheet.period.label},
        url=url,
        kind=Kind.APPEAL_FILED,
        group=f"period:{sheet.period_id}",
        group_label=sheet.period.label,
        unit=unit,
    )
    return appeal


@transaction.atomic
def appeal_decide(
    *,
    appeal: Appeal,
    accept: bool,
    reason: str,
    actor: Any,
    corrected_points: Decimal | None = None,
) -> Appeal:
    """Accepting stores the corrected points and re-scores the period (a new version in
    preview, or a correction of the published result); both sides are notified."""
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("period__campaign", "leaf", "unit")
        .get(pk=appeal.pk)
    )
    require(actor, Perm.ASSESS, appeal.unit)
    require_not_own_unit(actor, appeal.unit)
    if appeal.status != AppealStatus.OPEN:
        raise DomainError(_("This appeal has been decided already."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    if accept:
        if corrected_points is None or not Decimal(0) <= corrected_points <= appeal.leaf.weight:
            raise ValidationError(
                {
                    "corrected_points": _("Give the corrected points, between 0 and %(max)s.")
                    % {"max": appeal.leaf.weight}
                }
            )
        override = LeafOverride.objects.filter(
            period=appeal.period, unit=appeal.unit, leaf=appeal.leaf
        ).first() or LeafOverride(period=appeal.period, unit=appeal.unit, leaf=appeal.leaf)
        override.points = corrected_points
        override.reason = reason.strip()
        override.appeal = appeal
        override.full_clean()
        override.save()
    appeal.status = AppealStatus.ACCEPTED if accept else AppealStatus.REJECTED
    appeal.decided_by = actor
    appeal.decided_at = clock.now()
    appeal.decision_reason = reason.strip()
    appeal.full_clean()
    appeal.save()
    if accept:
        correction = _("Appeal #%(id)s accepted: %(reason)s") % {
            "id": appeal.pk,
            "reason": reason.strip(),
        }
        published = appeal.period.status == "published"
        period_rescore_after_appeal(
            period=appeal.period,
            actor=actor,
            reason=correction if published else "",
        )
    verdict = _("accepted") if accept else _("rejected")
    notify(
        recipients=[*_unit_leaders_of(appeal.unit), appeal.filed_by],
        text=_("Your appeal on “%(leaf)s” (%(period)s) was %(verdict)s: %(reason)s")
        % {
            "leaf": appeal.leaf.name,
            "period": appeal.period.label,
            "verdict": verdict,
            "reason": reason.strip(),
        },
        url=reverse("scoring:appeal_detail", args=[appeal.pk]),
        kind=Kind.APPEAL_ANSWERED,
        group=f"appeal:{appeal.pk}",
        group_label=appeal.leaf.name,
        unit=appeal.unit,
    )
    return appeal
