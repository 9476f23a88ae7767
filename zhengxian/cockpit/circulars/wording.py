"""The circular's text, written from its figures: a title, the units addressed, an opening,
numbered sections (overall results or tiers, movement, red and black lists, overdue matters,
appeals) and the issuing office with the date. English message ids, Chinese by translation.

What a section says depends on the campaign's publication mode: a full ranking names the
first three with their points and the largest climbers and fallers; tiers only names each
unit's tier and nothing that would give away a rank; lists only names the red and black
lists. Overdue matters and the appeals' outcome are stated in every mode.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import PublicationMode

from .figures import TOP, AppealChange, CircularFigures, GroupFigures, UnitLine

CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    heading: str  # numbered: "一、总体情况"
    paragraphs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CircularText:
    title: str
    addressee: str
    opening: str
    sections: list[Section]
    issuer: str
    date: str

    def plain(self) -> str:
        """Every line, for tests and the page's preview."""
        lines = [self.title, self.addressee, self.opening]
        for section in self.sections:
            lines.append(section.heading)
            lines.extend(section.paragraphs)
        return "\n".join([*lines, self.issuer, self.date])


def circular_text(figures: CircularFigures) -> CircularText:
    mode = figures.mode
    parts: list[tuple[str, list[str]]] = []
    if mode == PublicationMode.FULL:
        parts.append((_("Overall results"), _overall(figures)))
        parts.append((_("Climbers and fallers"), _movement(figures)))
        parts.append((_("Red and black lists"), _lists(figures, with_points=True)))
    elif mode == PublicationMode.TIERS:
        parts.append((_("Tiers"), _tiers(figures)))
    else:
        parts.append((_("Red and black lists"), _lists(figures, with_points=False)))
    parts.append((_("Overdue matters"), _overdue(figures)))
    parts.append((_("Appeals"), _appeals(figures)))
    sections = [
        Section(_numbered(index, heading), paragraphs)
        for index, (heading, paragraphs) in enumerate(parts, start=1)
    ]
    return CircularText(
        title=_("Circular on the results of %(campaign)s for %(period)s")
        % {"campaign": figures.campaign.name, "period": figures.period.label},
        addressee=_("To every unit taking part:"),
        opening=_opening(figures),
        sections=sections,
        issuer=figures.issuer,
        date=long_date(figures.issued_on),
    )


def long_date(day: dt.date) -> str:
    """2026年3月5日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    return _("%(month)s/%(day)s/%(year)s") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def joined(items: list[str]) -> str:
    return pgettext("list separator", ", ").join(items)


def points(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _numbered(index: int, heading: str) -> str:
    if (get_language() or "").lower().startswith("zh") and index <= len(CHINESE_NUMERALS):
        return f"{CHINESE_NUMERALS[index - 1]}、{heading}"
    return f"{index}. {heading}"


def _opening(figures: CircularFigures) -> str:
    text = _(
        "The results of %(campaign)s for %(period)s (%(start)s to %(end)s) were published "
        "as version %(version)s. %(units)s units took part in %(groups)s groups. The results "
        "are circulated as follows."
    ) % {
        "campaign": figures.campaign.name,
        "period": figures.period.label,
        "start": long_date(figures.period.start),
        "end": long_date(figures.period.end),
        "version": figures.sheet.version,
        "units": figures.unit_count,
        "groups": len(figures.groups),
    }
    return text


def _unit_points(line: UnitLine) -> str:
    return _("%(unit)s (rank %(rank)s, %(points)s points)") % {
        "unit": line.name,
        "rank": line.rank,
        "points": points(line.total),
    }


def _overall(figures: CircularFigures) -> list[str]:
    paragraphs = []
    for group in figures.groups:
        units = joined([_unit_points(line) for line in group.top])
        if len(group.lines) > TOP:
            sentence = _("In %(group)s the first three are %(units)s.")
        else:
            sentence = _("In %(group)s the ranking is %(units)s.")
        paragraphs.append(sentence % {"group": group.name, "units": units})
    return paragraphs or [_("No unit was ranked in this period.")]


def _movement(figures: CircularFigures) -> list[str]:
    if figures.previous is None:
        return [_("This is the first published period: there is no earlier rank to compare with.")]
    paragraphs = []
    for group in figures.groups:
        paragraphs.append(_group_movement(group, figures.previous.period.label))
    return paragraphs


def _group_movement(group: GroupFigures, previous: str) -> str:
    if not group.climbers and not group.fallers:
        return _("In %(group)s no unit changed its rank since %(previous)s.") % {
            "group": group.name,
            "previous": previous,
        }
    parts = []
    if group.climbers:
        parts.append(
            _("the largest climbers since %(previous)s are %(units)s")
            % {
                "previous": previous,
                "units": joined(
                    [
                        _("%(unit)s (up %(places)s, now rank %(rank)s)")
                        % {"unit": line.name, "places": line.movement, "rank": line.rank}
                        for line in group.climbers
                    ]
                ),
            }
        )
    if group.fallers:
        parts.append(
            _("the largest fallers are %(units)s")
            % {
                "units": joined(
                    [
                        _("%(unit)s (down %(places)s, now rank %(rank)s)")
                        % {"unit": line.name, "places": -(line.movement or 0), "rank": line.rank}
                        for line in group.fallers
                    ]
                )
            }
        )
    return _("In %(group)s %(parts)s.") % {
        "group": group.name,
        "parts": pgettext("clauses separator", "; ").join(parts),
    }


def _lists(figures: CircularFigures, *, with_points: bool) -> list[str]:
    paragraphs = [
        _(
            "The red list names the best %(n)s units of each group, the black list the last "
            "%(n)s (a unit on the red list is never on the black list)."
        )
        % {"n": figures.list_size}
    ]
    for group in figures.groups:

        def names(lines: list[UnitLine]) -> str:
            if not lines:
                return pgettext("empty list", "none")
            if with_points:
                return joined([_unit_points(line) for line in lines])
            return joined([line.name for line in sorted(lines, key=lambda line: line.code)])

        paragraphs.append(
            _("%(group)s: red list %(red)s; black list %(black)s.")
            % {"group": group.name, "red": names(group.red), "black": names(group.black)}
        )
    return paragraphs


def _tiers(figures: CircularFigures) -> list[str]:
    if not figures.tiers:
        return [_("The campaign file gives no tiers.")]
    cuts = []
    for tier in figures.tiers:
        if tier.min is None:
            cuts.append(_("%(tier)s below that") % {"tier": tier.name})
        else:
            cuts.append(
                _("%(tier)s from %(points)s points") % {"tier": tier.name, "points": tier.min}
            )
    paragraphs = [_("Units are placed in tiers by their total: %(cuts)s.") % {"cuts": joined(cuts)}]
    for group in figures.groups:
        parts = [
            _("%(tier)s: %(units)s")
            % {
                "tier": name,
                "units": joined([line.name for line in lines])
                if lines
                else pgettext("empty list", "none"),
            }
            for name, lines in group.by_tier(figures.tiers)
        ]
        paragraphs.append(
            _("In %(group)s, %(tiers)s.")
            % {"group": group.name, "tiers": pgettext("clauses separator", "; ").join(parts)}
        )
    return paragraphs


def _overdue(figures: CircularFigures) -> list[str]:
    if not figures.overdue:
        return [_("At the end of the period no unit had a matter past its deadline.")]
    units = joined(
        [
            _("%(unit)s (%(count)s)") % {"unit": line.name, "count": line.count}
            for line in figures.overdue
        ]
    )
    return [
        _(
            "At the end of the period these units had matters past their deadline, with how "
            "many: %(units)s. They are asked to finish them without delay."
        )
        % {"units": units}
    ]


def _appeals(figures: CircularFigures) -> list[str]:
    if not figures.appeals_filed:
        return [_("No appeal was filed for this period.")]
    accepted = len(figures.appeal_changes)
    paragraphs = [
        ngettext(
            "%(filed)s appeal was filed for this period; accepted: %(accepted)s.",
            "%(filed)s appeals were filed for this period; accepted: %(accepted)s.",
            figures.appeals_filed,
        )
        % {"filed": figures.appeals_filed, "accepted": accepted}
    ]
    if not accepted:
        paragraphs.append(_("No result was changed after the appeals."))
    for change in figures.appeal_changes:
        paragraphs.append(_appeal_sentence(change, figures.mode))
    return paragraphs


def _appeal_sentence(change: AppealChange, mode: str) -> str:
    names = {"unit": change.unit, "leaf": change.leaf}
    if mode == PublicationMode.FULL:
        return _(
            "After review, the points of %(unit)s for “%(leaf)s” went from %(before)s to "
            "%(after)s; its total from %(total_before)s to %(total_after)s and its rank from "
            "%(rank_before)s to %(rank_after)s."
        ) % {
            **names,
            "before": points(change.points_before),
            "after": points(change.points_after),
            "total_before": points(change.total_before),
            "total_after": points(change.total_after),
            "rank_before": change.rank_before or "—",
            "rank_after": change.rank_after or "—",
        }
    if mode == PublicationMode.TIERS and change.tier_before != change.tier_after:
        return _(
            "After review, the score of %(unit)s for “%(leaf)s” was corrected; its tier went "
            "from %(before)s to %(after)s."
        ) % {**names, "before": change.tier_before or "—", "after": change.tier_after}
    return _("After review, the score of %(unit)s for “%(leaf)s” was corrected.") % names
