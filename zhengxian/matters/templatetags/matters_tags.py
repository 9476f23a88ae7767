from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import MatterState
from ..selectors.matters import UnitDeadlines
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


_OVERDUE_LINE = (
    '<li class="mb-1 zx-break"><span class="badge text-bg-danger">{}</span> <a href="{}">{}</a>'
    ' <span class="small text-body-secondary">{} · {}</span></li>'
)
_DUE_SOON_LINE = (
    '<li class="mb-1 zx-break"><span class="badge text-bg-warning">{} {}</span> <a href="{}">{}</a>'
    ' <span class="small text-body-secondary">{}</span></li>'
)


@register.simple_tag
def deadline_lines(group: UnitDeadlines) -> SafeString:
    """A deadline-board group's lines: each overdue matter with its days late, deadline and
    state, then each matter due soon with its day. Written in one pass: as a template loop
    the 100 lines of a board's page took half of the page's rendering."""
    overdue = format_html_join(
        "",
        _OVERDUE_LINE,
        (
            (
                ngettext("overdue %(n)s day", "overdue %(n)s days", m.days_late)
                % {"n": m.days_late},
                m.url,
                m.title,
                m.deadline.isoformat(),
                m.state_label,
            )
            for m in group.overdue
        ),
    )
    due = _("due")
    due_soon = format_html_join(
        "",
        _DUE_SOON_LINE,
        ((due, f"{m.deadline:%m-%d}", m.url, m.title, m.state_label) for m in group.due_soon),
    )
    return overdue + due_soon
