"""Colour badges and small formatting helpers of the project pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from .. import status as rules

register = template.Library()


def _labels() -> dict[str, str]:
    return {rules.GREEN: _("Green"), rules.YELLOW: _("Yellow"), rules.RED: _("Red")}


@register.filter
def status_label(status: str) -> str:
    return _labels().get(status, status)


def _public_words() -> dict[str, str]:
    return {
        rules.GREEN: _("On schedule"),
        rules.YELLOW: _("A deadline is near"),
        rules.RED: _("Behind schedule"),
    }


@register.filter
def public_status(status: str) -> str:
    """The colour in a resident's words: red is "behind schedule" (滞后)."""
    return _public_words().get(status, status)


@register.inclusion_tag("projects/_status_badge.html")
def status_badge(status: str, title: str = "") -> dict[str, Any]:
    return {"status": status, "label": status_label(status), "title": title}


@register.filter
def percent(value: Any) -> str:
    """0.873 -> "87.3%"; None -> "—"."""
    if value is None or value == "":
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.1'))}%"


@register.filter
def bar_width(value: Any) -> str:
    """A progress percent as a CSS width, clamped to 0–100."""
    try:
        number = max(Decimal(0), min(Decimal(100), Decimal(value)))
    except Exception:
        number = Decimal(0)
    return f"{number}%"


@register.filter
def change_reason(change: Any) -> str:
    """The reason recorded with a StatusChange, in the reader's language."""
    return rules.summary_text(rules.reasons_from_json(change.detail))
