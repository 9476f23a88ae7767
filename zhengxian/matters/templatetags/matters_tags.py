from __future__ import annotations

from django import template

from ..models import MatterState
from ..workflow import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@register.filter
def state_label(state: str) -> str:
    return str(MatterState(state).label) if state in MatterState.values else state


STATE_STYLES: dict[str, str] = {
    MatterState.REPORTED: "secondary",
    MatterState.ASSIGNED: "info",
    MatterState.IN_PROGRESS: "primary",
    MatterState.RESOLVED: "success",
    MatterState.RATED: "success",
    MatterState.CLOSED: "dark",
    MatterState.RETURNED: "warning",
    MatterState.ESCALATED: "danger",
}


@register.filter
def state_style(state: str) -> str:
    return STATE_STYLES.get(state, "secondary")


@register.filter
def percent(value: object) -> str:
    try:
        return f"{float(value) * 100:.0f}%"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "—"
