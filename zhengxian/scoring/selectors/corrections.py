"""A correction's records changed since publication, as the period page lists them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from zhengxian.campaigns.models import IndicatorNode
from zhengxian.engine.evidence import EvidenceItem, describe_evidence
from zhengxian.orgs.models import Unit
from zhengxian.scoring.models import ScoreSheet
from zhengxian.scoring.services.frozen import ADDED, EDITED, REMOVED

SHOWN = 100


@dataclass(frozen=True)
class ChangedLine:
    record: EvidenceItem
    change: str  # translated: recorded / no longer counted / edited since publication
    leaves: str  # the indicators' names (their codes only where a name is missing)
    units: str  # unit names


@dataclass(frozen=True)
class CorrectionChanges:
    sheet: ScoreSheet
    total: int
    lines: list[ChangedLine]  # the first SHOWN


def change_label(change: str) -> str:
    return {
        ADDED: _("Recorded or counted since publication"),
        REMOVED: _("No longer counted"),
        EDITED: _("Edited since publication"),
    }.get(change, change)


def correction_changes(sheet: ScoreSheet | None) -> CorrectionChanges | None:
    """The records listed on ``sheet`` (a correction), or None when it lists none."""
    if sheet is None or not sheet.changed_records:
        return None
    shown = sheet.changed_records[:SHOWN]
    items = describe_evidence([row["ref"] for row in shown], limit=SHOWN)
    names = dict(
        Unit.objects.filter(pk__in={unit for row in shown for unit in row["units"]}).values_list(
            "pk", "name"
        )
    )
    leaf_names = dict(
        IndicatorNode.objects.filter(campaign_id=sheet.period.campaign_id).values_list(
            "code", "name"
        )
    )
    lines = [
        ChangedLine(
            record=item,
            change=change_label(row["change"]),
            leaves="、".join(leaf_names.get(code, code) for code in row["leaves"]),
            units="、".join(names.get(unit, str(unit)) for unit in row["units"]),
        )
        for row, item in zip(shown, items, strict=True)
    ]
    return CorrectionChanges(sheet=sheet, total=len(sheet.changed_records), lines=lines)
