"""Publishing (晾晒) a period's sheet as a tamper-evident snapshot, and verifying them all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import Period, PeriodStatus
from zhengxian.core import clock
from zhengxian.core.errors import DomainError
from zhengxian.core.workflow import transition
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require
from zhengxian.scoring.models import (
    Adjustment,
    AdjustmentStatus,
    AppealStatus,
    ScoreSheet,
    SheetStatus,
    UnitScore,
)

from .announce import announce_published
from .canonical import GENESIS, row_digest, sheet_content, sheet_digest, unit_row_content
from .workflows import PERIOD_FLOW, SHEET_FLOW


def sheet_rows_by_code(sheet: ScoreSheet) -> list[tuple[UnitScore, str]]:
    """A sheet's rows with their unit codes, in the order its digest lists them."""
    rows = UnitScore.objects.filter(sheet=sheet).select_related("unit").order_by("unit__code")
    return [(row, row.unit.code) for row in rows]


def stored_row_content(row: UnitScore, unit_code: str) -> dict[str, object]:
    """The canonical content of a stored row, as its digest covers it."""
    return unit_row_content(
        unit_code=unit_code,
        group_code=row.group_code,
        total=f"{row.total:f}",
        rank=row.rank,
        group_size=row.group_size,
        leaf_sum=f"{row.leaf_sum:f}",
        bonus=f"{row.bonus:f}",
        penalty=f"{row.penalty:f}",
        detail=row.detail,
    )


def _content(sheet: ScoreSheet, row_digests: list[str]) -> dict[str, object]:
    period = sheet.period
    return sheet_content(
        campaign=period.campaign.code,
        period=period.key,
        version=sheet.version,
        reason=sheet.reason,
        row_digests=row_digests,
    )


class PendingAdjustments(DomainError):
    """Bonus or penalty items still await the office's decision: publishing would freeze a
    result that leaves them out. ``items`` are the pending items, for the page to link."""

    code = "pending_adjustments"

    def __init__(self, items: list[Adjustment]) -> None:
        names = "; ".join(
            _("%(unit)s: %(kind)s %(points)s")
            % {"unit": item.unit.name, "kind": item.get_kind_display(), "points": item.points}
            for item in items
        )
        super().__init__(
            _(
                "Bonus or penalty items await a decision: approve or reject them, score the "
                "period again, then publish. Pending: %(items)s."
            )
            % {"items": names}
        )
        self.items = items


def pending_adjustments(period: Period) -> list[Adjustment]:
    """The period's bonus and penalty items awaiting the office's decision, oldest first."""
    return list(
        Adjustment.objects.filter(period=period, status=AdjustmentStatus.PENDING)
        .select_related("unit")
        .order_by("requested_at", "pk")
    )


@transaction.atomic
def period_publish(*, period: Period, actor: Any, force: bool = False) -> ScoreSheet:
    """Publishes the period's sheet in preview: freezes it and chains its digest.

    Needs ``Perm.MANAGE_CAMPAIGN`` over the organising unit.

    Refused while appeals are open, while bonus or penalty items await a decision
    (`PendingAdjustments` names them), and before the preview days are over unless ``force``
    (the office may publish early, e.g. when every unit has confirmed).
    """
    period = (
        Period.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=period.pk)
    )
    require(actor, Perm.MANAGE_CAMPAIGN, period.campaign.owner_unit)
    sheet = period.sheets.filter(status=SheetStatus.PREVIEW).order_by("-version").first()
    if sheet is None:
        raise DomainError(_("There is no result in preview to publish: score the period first."))
    if period.appeals.filter(status=AppealStatus.OPEN).exists():
        raise DomainError(
            _("Appeals are still open for this period: decide them before publishing.")
        )
    pending = pending_adjustments(period)
    if pending:
        raise PendingAdjustments(pending)
    if (
        not force
        and sheet.preview_until
        and clock.today() <= sheet.preview_until
        and not sheet.reason
    ):
        raise DomainError(
            _("The preview runs until %(day)s; publish after it, or publish early on purpose.")
            % {"day": sheet.preview_until.isoformat()}
        )
    # The chain runs through every publication of every campaign, in order.
    last = (
        ScoreSheet.objects.select_for_update(of=("self",))
        .filter(publication_seq__isnull=False)
        .order_by("-publication_seq")
        .first()
    )
    prev = last.digest if last else GENESIS
    digests = [row_digest(stored_row_content(row, code)) for row, code in sheet_rows_by_code(sheet)]
    sheet.prev_digest = prev
    sheet.digest = sheet_digest(prev, _content(sheet, digests))
    sheet.publication_seq = (last.publication_seq or 0 if last else 0) + 1
    sheet.published_at = clock.now()
    sheet.published_by = actor.get_username()[:150]
    # The digest covers the rows, version and reason, not the status: moves keep it valid.
    transition(
        SHEET_FLOW,
        sheet,
        to=SheetStatus.PUBLISHED,
        actor=actor,
        also=["prev_digest", "digest", "publication_seq", "published_at", "published_by"],
    )
    earlier = period.sheets.filter(status=SheetStatus.PUBLISHED).exclude(pk=sheet.pk)
    for previous in earlier.order_by("version"):
        transition(SHEET_FLOW, previous, to=SheetStatus.SUPERSEDED, actor=actor)
    if period.status != PeriodStatus.PUBLISHED:
        transition(PERIOD_FLOW, period, to=PeriodStatus.PUBLISHED, actor=actor)
    announce_published(sheet)
    return sheet


@dataclass(frozen=True)
class PublicationProblem:
    publication_seq: int
    sheet_id: int
    message: str


def verify_publications() -> list[PublicationProblem]:
    """Recomputes every row digest, every sheet digest and the chain; names what differs."""
    problems: list[PublicationProblem] = []
    prev = GENESIS
    expected_seq = 1
    sheets = (
        ScoreSheet.objects.filter(publication_seq__isnull=False)
        .select_related("period__campaign")
        .order_by("publication_seq")
    )
    for sheet in sheets.iterator(chunk_size=100):
        seq = sheet.publication_seq or 0
        label = f"{sheet.period.campaign.code} {sheet.period.key} v{sheet.version}"
        if seq != expected_seq:
            problems.append(
                PublicationProblem(
                    expected_seq, sheet.pk, f"publication #{expected_seq} is missing"
                )
            )
        expected_seq = seq + 1
        digests = []
        for row, code in sheet_rows_by_code(sheet):
            digest = row_digest(stored_row_content(row, code))
            if digest != row.row_digest:
                problems.append(
                    PublicationProblem(
                        seq,
                        sheet.pk,
                        f"{label}: row of unit {code} (id {row.pk}) was altered",
                    )
                )
            digests.append(row.row_digest)
        if sheet.prev_digest != prev:
            problems.append(
                PublicationProblem(seq, sheet.pk, f"publication #{seq} does not follow #{seq - 1}")
            )
        if sheet_digest(sheet.prev_digest, _content(sheet, digests)) != sheet.digest:
            problems.append(
                PublicationProblem(
                    seq,
                    sheet.pk,
                    f"{label}: the sheet or its rows were altered, added or removed",
                )
            )
        prev = sheet.digest
    return problems
