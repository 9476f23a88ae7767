"""Reading a campaign file: the campaign's own keys and its competition groups."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from zhengxian.engine.sources import SourceRegistry

from . import reader as r
from .indicators import TreeReader
from .messages import CampaignFileError, _
from .publication import PUBLICATION_KEYS, read_publication
from .reader import INVALID, Problems, at, join
from .spec import (
    DECLARED_SECTIONS,
    DEFAULT_PREVIEW_DAYS,
    FORMAT_VERSION,
    MAX_PREVIEW_DAYS,
    PERIOD_LENGTHS,
    CampaignSpec,
    GroupSpec,
)
from .yaml_io import read_yaml

REQUIRED_KEYS = (
    "code",
    "name",
    "year",
    "start",
    "end",
    "period",
    "bonus_cap",
    "penalty_cap",
    "groups",
    "indicators",
)
OPTIONAL_KEYS = ("format_version", "preview_days", *PUBLICATION_KEYS, *DECLARED_SECTIONS)


@dataclass(frozen=True)
class Organisation:
    """The units a campaign may select, when the file is loaded into an organisation:
    ``units`` maps the code of every active unit under the organising unit to its kind;
    ``owner_code`` is the organising unit itself, which runs the campaign and never
    competes in it."""

    units: Mapping[str, str]
    owner_code: str = ""


def load_campaign_file(
    text: str,
    *,
    sources: SourceRegistry,
    unit_kinds: Collection[str] | None = None,
    organisation: Organisation | None = None,
) -> CampaignSpec:
    """The campaign described by ``text``, a campaign file (YAML).

    Raises ``CampaignFileError`` listing every problem found. ``unit_kinds``, when given,
    are the unit kinds a group may select (``orgs.UnitKind`` values); otherwise any is taken.
    ``organisation``, when given, makes an unknown unit code, the organising unit named as
    a competitor and a group that selects no unit errors.
    """
    problems = Problems()
    data = read_yaml(text, problems)
    spec: CampaignSpec | r.Invalid = INVALID
    if not isinstance(data, r.Invalid):
        spec = _read_campaign(problems, data, sources, unit_kinds, organisation)
    if problems.items or isinstance(spec, r.Invalid):
        raise CampaignFileError(problems.sorted())
    return spec


def _read_campaign(
    problems: Problems,
    data: Any,
    sources: SourceRegistry,
    unit_kinds: Collection[str] | None,
    organisation: Organisation | None,
) -> CampaignSpec | r.Invalid:
    fields = r.mapping(problems, data, "", required=REQUIRED_KEYS, optional=OPTIONAL_KEYS)
    if isinstance(fields, r.Invalid):
        return INVALID
    if "format_version" in fields and fields["format_version"] != FORMAT_VERSION:
        problems.add(
            "format_version",
            _("This is format %(found)s; this version of Zhengxian reads format %(supported)s.")
            % {"found": fields["format_version"], "supported": FORMAT_VERSION},
        )

    def read(key: str, function: Any, *args: Any, **kwargs: Any) -> Any:
        return function(problems, fields[key], key, *args, **kwargs) if key in fields else INVALID

    values: dict[str, Any] = {
        "code": read("code", r.code),
        "name": read("name", r.text),
        "year": read("year", r.whole, minimum=1900, maximum=2999),
        "start": read("start", r.day),
        "end": read("end", r.day),
        "period": read("period", r.choice, PERIOD_LENGTHS, what=_("period length")),
        "preview_days": r.whole(
            problems,
            fields.get("preview_days", DEFAULT_PREVIEW_DAYS),
            "preview_days",
            minimum=0,
            maximum=MAX_PREVIEW_DAYS,
        ),
        "bonus_cap": read("bonus_cap", r.decimal, non_negative=True, cents=True),
        "penalty_cap": read("penalty_cap", r.decimal, non_negative=True, cents=True),
        **read_publication(problems, fields),
        "groups": read("groups", _read_groups, unit_kinds, organisation),
        "indicators": (
            TreeReader(problems, sources, _read_declared(problems, fields)).read_nodes(
                fields["indicators"], "indicators", 1
            )
            if "indicators" in fields
            else INVALID
        ),
    }
    _check_dates(problems, values)
    if any(isinstance(value, r.Invalid) for value in values.values()):
        return INVALID
    return CampaignSpec(**values)


def _read_declared(problems: Problems, fields: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """The checklist, panel and rater-panel codes the file declares (each a list of codes)."""
    declared: dict[str, tuple[str, ...]] = {}
    for section in DECLARED_SECTIONS:
        codes = r.texts(problems, fields.get(section, []), section)
        if isinstance(codes, r.Invalid):
            continue
        for index, code in enumerate(codes):
            r.code(problems, code, at(section, index))
        declared[section] = codes
    return declared


def _check_dates(problems: Problems, values: dict[str, Any]) -> None:
    year, start, end = values["year"], values["start"], values["end"]
    if isinstance(start, r.Invalid) or isinstance(end, r.Invalid):
        return
    if start >= end:
        problems.add(
            "end",
            _("The end date %(end)s must come after the start date %(start)s.")
            % {"end": end, "start": start},
        )
        values["end"] = INVALID
    if isinstance(year, int):
        for key in ("start", "end"):
            day = values[key]
            if not isinstance(day, r.Invalid) and day.year != year:
                problems.add(
                    key,
                    _("The date %(day)s is not in the campaign's year %(year)s.")
                    % {"day": day, "year": year},
                )
                values[key] = INVALID


def _read_groups(
    problems: Problems,
    value: Any,
    path: str,
    unit_kinds: Collection[str] | None,
    organisation: Organisation | None,
) -> tuple[GroupSpec, ...] | r.Invalid:
    items = r.sequence(problems, value, path)
    if isinstance(items, r.Invalid):
        return INVALID
    groups: list[GroupSpec] = []
    ok = True
    seen: dict[tuple[str, str], str] = {}  # ("code" | "kind" | "unit", value) -> path of first use
    for index, item in enumerate(items):
        group_path = at(path, index)
        group = _read_group(problems, item, group_path, unit_kinds)
        if isinstance(group, r.Invalid):
            ok = False
            continue
        claims = [("code", group.code, join(group_path, "code"))]
        claims += [
            ("kind", kind, at(join(group_path, "unit_kinds"), i))
            for i, kind in enumerate(group.unit_kinds)
        ]
        claims += [
            ("unit", unit, at(join(group_path, "unit_codes"), i))
            for i, unit in enumerate(group.unit_codes)
        ]
        for what, claimed, claim_path in claims:
            if (what, claimed) in seen:
                message = {
                    "code": _("The group code '%(value)s' is already used at %(other)s."),
                    "kind": _(
                        "Units of kind '%(value)s' are already selected by %(other)s; "
                        "a unit competes in one group only."
                    ),
                    "unit": _(
                        "The unit '%(value)s' is already selected by %(other)s; "
                        "a unit competes in one group only."
                    ),
                }[what]
                problems.add(
                    claim_path, message % {"value": claimed, "other": seen[(what, claimed)]}
                )
                ok = False
            else:
                seen[(what, claimed)] = claim_path
        groups.append(group)
    if ok and organisation is not None:
        ok = _check_members(problems, path, groups, organisation)
    return tuple(groups) if ok else INVALID


def _check_members(
    problems: Problems, path: str, groups: list[GroupSpec], organisation: Organisation
) -> bool:
    """Every unit code names a unit under the organising unit, and every group selects at
    least one unit not taken by an earlier group (the order campaign membership uses)."""
    ok = True
    units = {
        code: kind for code, kind in organisation.units.items() if code != organisation.owner_code
    }
    taken: set[str] = set()
    for index, group in enumerate(groups):
        group_path = at(path, index)
        known = True
        for position, unit in enumerate(group.unit_codes):
            unit_path = at(join(group_path, "unit_codes"), position)
            if unit == organisation.owner_code:
                problems.add(
                    unit_path,
                    _(
                        "'%(unit)s' is the organising unit: it runs the campaign and never "
                        "competes in it."
                    )
                    % {"unit": unit},
                )
                known = False
            elif unit not in units:
                problems.add(
                    unit_path,
                    _("Unknown unit '%(unit)s': no active unit has this code under %(owner)s.")
                    % {"unit": unit, "owner": organisation.owner_code or _("the organising unit")}
                    + r.suggestion(unit, units),
                )
                known = False
        members = {code for code, kind in units.items() if kind in group.unit_kinds}
        members |= {code for code in group.unit_codes if code in units}
        members -= taken
        taken |= members
        if known and not members:
            problems.add(
                group_path,
                _(
                    "The group '%(group)s' has no members: no active unit under the organising "
                    "unit matches it (or an earlier group took them all), so it would rank "
                    "nobody."
                )
                % {"group": group.code},
            )
        ok = ok and known and bool(members)
    return ok


def _read_group(
    problems: Problems, value: Any, path: str, unit_kinds: Collection[str] | None
) -> GroupSpec | r.Invalid:
    fields = r.mapping(
        problems, value, path, required=("code", "name"), optional=("unit_kinds", "unit_codes")
    )
    if isinstance(fields, r.Invalid):
        return INVALID
    code = r.code(problems, fields["code"], join(path, "code")) if "code" in fields else INVALID
    name = r.text(problems, fields["name"], join(path, "name")) if "name" in fields else INVALID
    kinds = r.texts(problems, fields.get("unit_kinds", []), join(path, "unit_kinds"))
    units = r.texts(problems, fields.get("unit_codes", []), join(path, "unit_codes"))
    if isinstance(kinds, tuple) and unit_kinds is not None:
        for index, kind in enumerate(kinds):
            if kind not in unit_kinds:
                problems.add(
                    at(join(path, "unit_kinds"), index),
                    _("Unknown unit kind '%(kind)s'. Use one of: %(kinds)s.")
                    % {"kind": kind, "kinds": ", ".join(unit_kinds)},
                )
                kinds = INVALID
                break
    if isinstance(kinds, tuple) and isinstance(units, tuple) and not kinds and not units:
        problems.add(path, _("A group selects its units with 'unit_kinds', 'unit_codes' or both."))
        return INVALID
    if any(isinstance(part, r.Invalid) for part in (code, name, kinds, units)):
        return INVALID
    return GroupSpec(code=code, name=name, unit_kinds=kinds, unit_codes=units)  # type: ignore[arg-type]
