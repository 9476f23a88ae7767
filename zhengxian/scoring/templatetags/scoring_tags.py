"""Small marks of the score pages, as tags: a ranking page writes one per row (an included
template per row cost a third of the page's time at 100 rows)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def movement(change: int | None, size: int) -> SafeString:
    """A rank's change since the last published period: ▲ up, ▼ down, – unchanged, or new."""
    if change is None:
        return format_html('<span class="badge text-bg-info">{}</span>', _("new"))
    if change > 0:
        return format_html(
            '<span class="text-success fw-semibold" title="{}">▲{}</span>',
            _("Up since the last period"),
            size,
        )
    if change < 0:
        return format_html(
            '<span class="text-danger fw-semibold" title="{}">▼{}</span>',
            _("Down since the last period"),
            size,
        )
    return format_html(
        '<span class="text-body-secondary" title="{}">–</span>',
        _("Unchanged since the last period"),
    )
