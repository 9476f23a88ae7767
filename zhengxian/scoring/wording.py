"""Score-card wording: raw values as people read them, and the method, value, ratio and
empty-data rule of a leaf in words, for the score card, a leaf's evidence page and appeals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengxian.campaigns.models import Period
from zhengxian.engine.evidence import describe_evidence
from zhengxian.engine.sources import registry
from zhengxian.engine.types import RecordSet

from .selectors import LeafLine, ScoreCard
from .selectors.evidence import LeafEvidence

PERCENT_KINDS = frozenset({"rate", "checklist"})
EVIDENCE_SHOWN = 50
METHOD_LABELS = {
    "target": gettext_lazy("Share of the target"),
    "relative": gettext_lazy("Relative to the group"),
    "rank": gettext_lazy("Rank in the group"),
    "bands": gettext_lazy("Bands"),
    "manual": gettext_lazy("Points given by an evaluator"),
}


def number(value: Decimal | None, *, percent: bool = False) -> str:
    """A raw value for people: at most 2 decimal places (1 for percentages), no trailing zeros."""
    if value is None:
        return "—"
    if percent:
        text = f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}"
    else:
        text = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%" if percent else text


def _is_percent(leaf: LeafLine) -> bool:
    try:
        kind = registry.get(leaf.source).kind
    except LookupError:
        return False
    return kind in PERCENT_KINDS


def _source_label(source: str) -> str:
    try:
        return _(registry.get(source).label)
    except LookupError:
        return source


def method_words(leaf: LeafLine) -> str:
    """The method and its parameters in words, e.g. 目标值法：目标 95%."""
    percent = _is_percent(leaf)
    if leaf.method == "target":
        target = number(Decimal(str(leaf.params.get("target", "0"))), percent=percent)
        return _("Target method: target %(target)s") % {"target": target}
    if leaf.method == "relative":
        return _("Relative method: placed between the group's lowest and highest values")
    if leaf.method == "rank":
        return _("Rank method: points by rank within the group")
    if leaf.method == "bands":
        parts = []
        for band in leaf.params.get("bands", []):
            if "max" in band:
                text = _("≤ %(value)s → %(points)s points")
                value = band["max"]
            else:
                text = _("≥ %(value)s → %(points)s points")
                value = band.get("min", "0")
            parts.append(
                text
                % {
                    "value": number(Decimal(str(value)), percent=percent),
                    "points": number(Decimal(str(band["points"]))),
                }
            )
        return _("Bands: %(bands)s") % {"bands": "; ".join(parts)}
    if leaf.method == "manual":
        return _("Assessed by an evaluator")
    return method_label(leaf.method)


def method_label(method: str) -> str:
    """A method's name for people; a method this version does not know is named as such,
    never by its English code on a Chinese page."""
    label = METHOD_LABELS.get(method)
    return str(label) if label is not None else _("Other method")


def value_words(leaf: LeafLine) -> str:
    if leaf.method == "manual":
        if leaf.raw is None:
            return _("Not assessed")
        return _("Assessed points: %(points)s") % {"points": number(leaf.raw)}
    if leaf.raw is None:
        return _("No data")
    return _("Value: %(value)s") % {"value": number(leaf.raw, percent=_is_percent(leaf))}


def ratio_words(leaf: LeafLine) -> str:
    if leaf.numerator is None or leaf.denominator is None:
        return ""
    return _("%(numerator)s ÷ %(denominator)s") % {
        "numerator": number(leaf.numerator),
        "denominator": number(leaf.denominator),
    }


def when_empty_words(leaf: LeafLine) -> str:
    rules = {
        "full": _("full points"),
        "zero": _("zero points"),
        "group_mean": _("the group's mean points"),
    }
    return _("No data this period: %(rule)s") % {"rule": rules.get(leaf.when_empty, rules["full"])}


def capped(card: ScoreCard) -> dict[str, Decimal | None]:
    """Bonus and penalty claimed beyond the campaign's caps (None when within them)."""
    if card.row is None:
        return {}
    claimed = {}
    for kind, applied in (("bonus", card.row.bonus), ("penalty", card.row.penalty)):
        value = Decimal(str(card.row.detail.get(f"{kind}_claimed", applied)))
        claimed[kind] = value if value > applied else None
    return claimed


def leaf_item(leaf: LeafLine) -> dict[str, Any]:
    return {
        "line": leaf,
        "method": method_words(leaf),
        "value": value_words(leaf),
        "ratio": ratio_words(leaf),
        "source": _source_label(leaf.source),
        "when_empty": when_empty_words(leaf) if leaf.when_empty_applied else "",
    }


POINTS_LOST_SHOWN = 5


def points_lost(card: ScoreCard) -> dict[str, Any]:
    """Where the unit lost points: each leaf under its maximum with the points lost and why
    (its value and the method, or the empty-data rule), largest loss first, then tree order.
    ``shown`` holds the first few, ``more`` how many are left out."""
    lines = []
    for order, line in enumerate(card.lines):
        if not isinstance(line, LeafLine) or line.points >= line.maximum:
            continue
        if line.when_empty_applied:
            why = when_empty_words(line)
        else:
            parts = [value_words(line), ratio_words(line), method_words(line)]
            why = " · ".join(part for part in parts if part)
        lines.append((line.maximum - line.points, order, line, why))
    lines.sort(key=lambda entry: (-entry[0], entry[1]))
    shown = [{"line": line, "lost": lost, "why": why} for lost, _order, line, why in lines]
    return {
        "shown": shown[:POINTS_LOST_SHOWN],
        "more": max(0, len(shown) - POINTS_LOST_SHOWN),
        "total": sum((lost for lost, _order, _line, _why in lines), Decimal(0)),
    }


def card_items(card: ScoreCard) -> list[dict[str, Any]]:
    items = []
    for line in card.lines:
        if isinstance(line, LeafLine):
            items.append(leaf_item(line))
        else:
            items.append({"line": line})
    return items


def score_explanation(
    score: dict[str, Any] | None, *, of: tuple[Period, int] | None = None
) -> dict[str, Any] | None:
    """A stored leaf score with its method named for people and, given ``of`` (the period
    and the unit it belongs to), its records."""
    if not score:
        return None
    score = {
        **score,
        "method_label": method_label(score.get("method", "")),
    }
    if of is None:
        return score
    period, unit_id = of
    records = score.get("records")
    found = LeafEvidence(
        refs=tuple(score.get("evidence") or ()),
        records=RecordSet.from_canonical(records) if records else None,
        period=period,
        unit_id=unit_id,
    )
    return {
        **score,
        "evidence_items": describe_evidence(found[:EVIDENCE_SHOWN]),
        "evidence_count": found.scored_count,
    }
