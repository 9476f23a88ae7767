"""Small marks of the score pages, as tags: a ranking page's rows are written here (100 rows
through the template engine, an included template or a loop, cost a third of the page's
time at province scale)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from zhengxian.scoring.selectors.ranking import RankingRow

register = template.Library()

_ROW = (
    '<tr data-unit="{}" data-testid="ranking-row"{}>'
    '<td class="text-end fw-semibold" data-testid="rank">{}</td>'
    "<td>{}{}</td>"
    '<td class="text-end" data-testid="total">{}</td>'
    '<td class="text-center text-nowrap" data-testid="movement">{}</td>'
    '<td class="zx-hide-sm"><div class="progress" role="progressbar" aria-label="{}" '
    'aria-valuenow="{}" aria-valuemin="0" aria-valuemax="100" style="height: .6rem">'
    '<div class="progress-bar bg-danger" style="width: {}%"></div></div></td></tr>'
)
_OWN_ROW = SafeString(' class="table-warning" data-own="true" aria-current="true"')


@register.simple_tag
def ranking_rows(rows: Iterable[RankingRow]) -> SafeString:
    """A ranking page's table rows: rank, the unit (linked to its score card when the viewer
    may open it, marked when it is the viewer's own), total, movement and a bar of the share
    of the full score."""
    share = _("Share of the full score")
    own_badge = format_html(
        ' <span class="badge text-bg-warning" data-testid="own-unit">{}</span>', _("Your unit")
    )
    return format_html_join(
        "\n",
        _ROW,
        (
            (
                row.code,
                _OWN_ROW if row.own else "",
                row.rank,
                format_html('<a href="{}">{}</a>', row.card_url, row.name)
                if row.card_url
                else row.name,
                own_badge if row.own else "",
                row.total,
                movement(row.movement, row.movement_size),
                share,
                row.percent,
                row.percent,
            )
            for row in rows
        ),
    )


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
