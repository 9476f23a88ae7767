"""Reading how a campaign's periods are published (product.md, "Publication modes"):

    publication_mode: tiers          # full (default) | tiers | lists
    tiers:                           # best first; points of the total; the last has no min
      - {name: 好, min: 90}
      - {name: 较好, min: 80}
      - {name: 一般, min: 60}
      - {name: 较差}
    list_size: 3                     # the red and black lists name each group's best and last 3

``tiers`` is required with ``publication_mode: tiers`` and may be given in any mode (the
circular then names each unit's tier only in the tiers mode).
"""

from __future__ import annotations

from typing import Any

from . import reader as r
from .messages import _
from .reader import INVALID, Problems, at, join
from .spec import (
    DEFAULT_LIST_SIZE,
    DEFAULT_PUBLICATION_MODE,
    MAX_LIST_SIZE,
    PUBLICATION_MODES,
    TierSpec,
)

PUBLICATION_KEYS = ("publication_mode", "tiers", "list_size")
MAX_TIERS = 10


def read_publication(problems: Problems, fields: dict[str, Any]) -> dict[str, Any]:
    """``publication_mode``, ``tiers`` and ``list_size`` for the ``CampaignSpec``."""
    mode = r.choice(
        problems,
        fields.get("publication_mode", DEFAULT_PUBLICATION_MODE),
        "publication_mode",
        PUBLICATION_MODES,
        what=_("publication mode"),
    )
    tiers: tuple[TierSpec, ...] | r.Invalid = ()
    if "tiers" in fields:
        tiers = _read_tiers(problems, fields["tiers"], "tiers")
    elif mode == "tiers":
        problems.add(
            "publication_mode",
            _(
                "Publishing by tiers needs the tiers: add 'tiers', a list of tiers best first, "
                "each with a 'name' and, but for the last, the 'min' points of the total."
            ),
        )
        tiers = INVALID
    list_size = r.whole(
        problems,
        fields.get("list_size", DEFAULT_LIST_SIZE),
        "list_size",
        minimum=1,
        maximum=MAX_LIST_SIZE,
    )
    return {"publication_mode": mode, "tiers": tiers, "list_size": list_size}


def _read_tiers(problems: Problems, value: Any, path: str) -> tuple[TierSpec, ...] | r.Invalid:
    items = r.sequence(problems, value, path)
    if isinstance(items, r.Invalid):
        return INVALID
    if len(items) < 2 or len(items) > MAX_TIERS:
        problems.add(
            path,
            _("Give between 2 and %(most)s tiers; this list has %(count)s.")
            % {"most": MAX_TIERS, "count": len(items)},
        )
        return INVALID
    tiers: list[TierSpec] = []
    ok = True
    names: dict[str, str] = {}
    for index, item in enumerate(items):
        tier_path = at(path, index)
        last = index == len(items) - 1
        fields = r.mapping(problems, item, tier_path, required=("name",), optional=("min",))
        if isinstance(fields, r.Invalid):
            ok = False
            continue
        name = r.text(problems, fields["name"], join(tier_path, "name"), max_length=20)
        if isinstance(name, str):
            if name in names:
                problems.add(
                    join(tier_path, "name"),
                    _("The tier '%(name)s' is already named at %(other)s.")
                    % {"name": name, "other": names[name]},
                )
                name = INVALID
            else:
                names[name] = join(tier_path, "name")
        cut: Any = None
        if "min" in fields:
            if last:
                problems.add(
                    join(tier_path, "min"),
                    _("The last tier takes every unit below the others: it has no 'min'."),
                )
                cut = INVALID
            else:
                cut = r.decimal(
                    problems, fields["min"], join(tier_path, "min"), non_negative=True, cents=True
                )
        elif not last:
            problems.add(
                tier_path,
                _("Give this tier its 'min': the points of the total a unit needs to be in it."),
            )
            cut = INVALID
        if isinstance(name, r.Invalid) or isinstance(cut, r.Invalid):
            ok = False
            continue
        if cut is not None and tiers and tiers[-1].min is not None and cut >= tiers[-1].min:
            problems.add(
                join(tier_path, "min"),
                _(
                    "Tiers go best first: this tier's 'min' (%(min)s) must be below the one "
                    "before it (%(previous)s)."
                )
                % {"min": cut, "previous": tiers[-1].min},
            )
            ok = False
            continue
        tiers.append(TierSpec(name=name, min=cut))
    return tuple(tiers) if ok else INVALID
