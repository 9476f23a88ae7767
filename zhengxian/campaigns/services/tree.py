"""Writes of campaigns: loading a campaign file into the database, periods, membership."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.core import hooks
from zhengxian.core.errors import DomainError
from zhengxian.engine.sources import registry
from zhengxian.engine.types import DimensionSpec, LeafSpec
from zhengxian.orgs.models import Unit, UnitKind
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..campaign_file import (
    CampaignFileError,
    CampaignSpec,
    FileProblem,
    Organisation,
    campaign_to_data,
    load_campaign_file,
)
from ..campaign_file.export import _Dumper as CampaignFileDumper
from ..campaign_file.export import with_declared_codes
from ..models import (
    Campaign,
    CampaignStatus,
    CompetitionGroup,
    GroupMembership,
    IndicatorNode,
    Period,
    PeriodLength,
    month_key,
)
from ..selectors import (
    TreeNode,
    campaign_has_published_period,
    campaign_nodes,
    campaign_to_spec,
    file_values,
    stored_source_params,
)

QUARTER_MONTHS = 3


@transaction.atomic
def campaign_load_file(
    *,
    text: str,
    owner_unit: Unit,
    actor: Any,
    replace_existing: bool = False,
    year: int | None = None,
) -> Campaign:
    """Reads, checks and stores a campaign file; a bad file raises CampaignFileError and
    changes nothing. An existing campaign with the same code is refused unless
    ``replace_existing`` and none of its periods has been scored yet. ``year`` moves the
    campaign to another year first (``CampaignSpec.shifted_to_year``)."""
    require(actor, Perm.MANAGE_CAMPAIGN, owner_unit)
    units = Unit.objects.filter(path__startswith=owner_unit.path, is_active=True)
    organisation = Organisation(
        units=dict(units.exclude(pk=owner_unit.pk).values_list("code", "kind")),
        owner_code=owner_unit.code,
    )
    spec = load_campaign_file(
        text, sources=registry, unit_kinds=UnitKind.values, organisation=organisation
    )
    if year is not None:
        spec = spec.shifted_to_year(year)
    return campaign_create_from_spec(
        spec=spec, owner_unit=owner_unit, actor=actor, replace_existing=replace_existing
    )


@transaction.atomic
def campaign_create_from_spec(
    *, spec: CampaignSpec, owner_unit: Unit, actor: Any, replace_existing: bool = False
) -> Campaign:
    require(actor, Perm.MANAGE_CAMPAIGN, owner_unit)
    existing = Campaign.objects.filter(code=spec.code).first()
    if existing is not None:
        if not replace_existing:
            raise ValidationError(
                _("A campaign with the code %(code)s exists already.") % {"code": spec.code}
            )
        if existing.periods.filter(sheets__isnull=False).exists():
            raise ValidationError(
                _("The campaign %(code)s has scored periods; it can no longer be replaced.")
                % {"code": spec.code}
            )
        _delete_campaign(existing)
    campaign = Campaign.objects.create(
        code=spec.code,
        name=spec.name,
        year=spec.year,
        start=spec.start,
        end=spec.end,
        period_length=spec.period,
        preview_days=spec.preview_days,
        bonus_cap=spec.bonus_cap,
        penalty_cap=spec.penalty_cap,
        owner_unit=owner_unit,
        status=CampaignStatus.ACTIVE,
    )
    _create_nodes(campaign, spec.indicators, parent=None)
    for order, group_spec in enumerate(spec.groups):
        CompetitionGroup.objects.create(
            campaign=campaign,
            code=group_spec.code,
            name=group_spec.name,
            order=order,
            unit_kinds=list(group_spec.unit_kinds),
            unit_codes=list(group_spec.unit_codes),
        )
    campaign_sync_members(campaign=campaign, actor=actor)
    campaign_create_periods(campaign=campaign, actor=actor)
    return campaign


def _delete_campaign(campaign: Campaign) -> None:
    campaign.periods.all().delete()
    campaign.memberships.all().delete()
    campaign.nodes.filter(parent__isnull=False).delete()
    campaign.nodes.all().delete()
    campaign.delete()


def _create_nodes(campaign: Campaign, nodes: tuple[Any, ...], parent: IndicatorNode | None) -> None:
    for order, node in enumerate(nodes):
        if isinstance(node, LeafSpec):
            IndicatorNode.objects.create(
                campaign=campaign,
                parent=parent,
                code=node.code,
                name=node.name,
                weight=node.weight,
                order=order,
                is_leaf=True,
                source=node.source,
                source_params=_json_safe(node.source_params),
                method=node.method.name,
                method_params=_json_safe(node.method.params),
                lower_is_better=node.method.lower_is_better,
                when_empty=node.method.when_empty,
            )
        else:
            dimension = IndicatorNode.objects.create(
                campaign=campaign,
                parent=parent,
                code=node.code,
                name=node.name,
                weight=node.weight,
                order=order,
            )
            _create_nodes(campaign, node.children, parent=dimension)


def _json_safe(value: Any) -> Any:
    """Decimals become strings so that JSON keeps them exact; dates become ISO strings."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


@transaction.atomic
def campaign_sync_members(*, campaign: Campaign, actor: Any) -> int:
    """Resolves each group's unit selector (kinds and codes) into memberships.

    A unit already in an earlier group stays there (one group per unit per campaign).
    """
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    owner_path = campaign.owner_unit.path
    taken: set[int] = set()
    rows = []
    GroupMembership.objects.filter(campaign=campaign).delete()
    for group in campaign.groups.order_by("order", "code"):
        units = Unit.objects.filter(path__startswith=owner_path, is_active=True).exclude(
            pk=campaign.owner_unit_id  # the organising unit runs the campaign, never competes
        )
        selected = units.none()
        if group.unit_kinds:
            selected = selected | units.filter(kind__in=group.unit_kinds)
        if group.unit_codes:
            selected = selected | units.filter(code__in=group.unit_codes)
        for unit_id in selected.values_list("pk", flat=True).order_by("pk"):
            if unit_id not in taken:
                taken.add(unit_id)
                rows.append(GroupMembership(campaign=campaign, group=group, unit_id=unit_id))
    GroupMembership.objects.bulk_create(rows)
    return len(rows)


def _period_bounds(campaign: Campaign) -> Iterator[tuple[str, str, dt.date, dt.date]]:
    step = QUARTER_MONTHS if campaign.period_length == PeriodLength.QUARTER else 1
    year, month = campaign.start.year, campaign.start.month
    if step == QUARTER_MONTHS:
        month = ((month - 1) // 3) * 3 + 1
    while dt.date(year, month, 1) <= campaign.end:
        start = dt.date(year, month, 1)
        end_year, end_month = (
            (year, month + step) if month + step <= 12 else (year + 1, month + step - 12)
        )
        end = dt.date(end_year, end_month, 1) - dt.timedelta(days=1)
        if step == QUARTER_MONTHS:
            quarter = (month - 1) // 3 + 1
            key, label = (
                f"{year}-Q{quarter}",
                _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
            )
        else:
            key, label = (
                f"{year}-{month:02d}",
                _("%(year)s-%(month)02d") % {"year": year, "month": month},
            )
        yield key, label, max(start, campaign.start), min(end, campaign.end)
        year, month = end_year, end_month


@transaction.atomic
def campaign_create_periods(*, campaign: Campaign, actor: Any) -> list[Period]:
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    periods = []
    for index, (key, label, start, end) in enumerate(_period_bounds(campaign), start=1):
        period, _created = Period.objects.get_or_create(
            campaign=campaign,
            key=key,
            defaults={
                "index": index,
                "label": label,
                "start": start,
                "end": end,
                "first_month": month_key(start),
                "last_month": month_key(end),
            },
        )
        periods.append(period)
    return periods


# -- editing a stored campaign -------------------------------------------------------------
#
# Every edit is checked by the same rules as a campaign file: the stored campaign is turned
# back into campaign-file data, the change is applied to that data, and the whole file is
# loaded again. Problems are reported on the form fields of the node being edited when
# their path points into it, and with their path otherwise. Dimension weights are never
# entered: they are the sums of their children, recomputed on every edit.


@dataclass(frozen=True, kw_only=True)
class NodeFields:
    """What the editor says about one node. ``source_params`` and ``method_params`` are the
    parsed YAML/JSON values (normally mappings); the leaf fields are ignored for a dimension."""

    code: str
    name: str
    order: int | None = None
    weight: Decimal | None = None
    source: str = ""
    source_params: Any = None
    method: str = ""
    method_params: Any = None
    lower_is_better: bool = False
    when_empty: str = "full"


@dataclass(eq=False)
class _Draft:
    """A node of the tree being checked: a stored node (``model``) or a new one."""

    is_leaf: bool
    code: str
    name: str
    order: int
    weight: Any = None
    source: str = ""
    source_params: Any = None
    method: str = ""
    method_params: Any = None
    lower_is_better: bool = False
    when_empty: str = "full"
    model: IndicatorNode | None = None
    children: list[_Draft] = field(default_factory=list)

    def sort_key(self) -> tuple[int, float]:
        return (self.order, self.model.pk if self.model is not None else math.inf)

    def set_fields(self, fields: NodeFields) -> None:
        self.code = fields.code.strip()
        self.name = fields.name.strip()
        if fields.order is not None:
            self.order = fields.order
        if self.is_leaf:
            self.weight = fields.weight
            self.source = fields.source.strip()
            self.source_params = fields.source_params
            self.method = fields.method
            self.method_params = fields.method_params
            self.lower_is_better = fields.lower_is_better
            self.when_empty = fields.when_empty or "full"


def _drafts(campaign: Campaign) -> list[_Draft]:
    def build(tree: TreeNode) -> _Draft:
        node = tree.node
        draft = _Draft(
            is_leaf=node.is_leaf, code=node.code, name=node.name, order=node.order, model=node
        )
        if node.is_leaf:
            draft.weight = node.weight
            draft.source = node.source
            draft.source_params = stored_source_params(node.source, node.source_params)
            draft.method = node.method
            draft.method_params = file_values(node.method_params)
            draft.lower_is_better = node.lower_is_better
            draft.when_empty = node.when_empty
        draft.children = [build(child) for child in tree.children]
        return draft

    return [build(tree) for tree in campaign_nodes(campaign)]


def _find(roots: list[_Draft], pk: int) -> tuple[_Draft, list[_Draft]]:
    """The draft of the stored node ``pk`` and the list of siblings holding it."""
    stack = [roots]
    while stack:
        siblings = stack.pop()
        for draft in siblings:
            if draft.model is not None and draft.model.pk == pk:
                return draft, siblings
            stack.append(draft.children)
    raise IndicatorNode.DoesNotExist


def _insert(siblings: list[_Draft], draft: _Draft) -> None:
    siblings.append(draft)
    siblings.sort(key=_Draft.sort_key)


def _next_order(siblings: list[_Draft]) -> int:
    return max((d.order for d in siblings), default=-1) + 1


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _draft_data(draft: _Draft, path: str, paths: dict[str, _Draft]) -> dict[str, Any]:
    paths[path] = draft
    data: dict[str, Any] = {"code": draft.code, "name": draft.name}
    if not draft.is_leaf:
        data["children"] = [
            _draft_data(child, _at(f"{path}.children", index), paths)
            for index, child in enumerate(draft.children)
        ]
        return data
    if draft.weight is not None:
        data["weight"] = draft.weight
    data["source"] = draft.source
    if draft.source_params not in (None, {}):
        data["source_params"] = _plain(draft.source_params)
    method: dict[str, Any] = {"name": draft.method}
    if draft.method_params not in (None, {}):
        method["params"] = _plain(draft.method_params)
    if draft.lower_is_better:
        method["lower_is_better"] = True
    if draft.when_empty and draft.when_empty != "full":
        method["when_empty"] = draft.when_empty
    data["method"] = method
    return data


def _at(path: str, index: int) -> str:
    return f"{path}[{index}]"


# Where a problem inside a node's part of the file is shown on the editor's form.
_FIELD_OF_PATH = (
    ("source_params", "source_params"),
    ("method.params", "method_params"),
    ("method.name", "method"),
    ("method.lower_is_better", "lower_is_better"),
    ("method.when_empty", "when_empty"),
    ("method", "method"),
    ("weight", "weight"),
    ("source", "source"),
    ("code", "code"),
    ("name", "name"),
)


def _field_of(rest: str) -> str | None:
    for prefix, name in _FIELD_OF_PATH:
        if rest == prefix or rest.startswith((f"{prefix}.", f"{prefix}[")):
            return name
    return None


def _problems_as_errors(
    problems: tuple[FileProblem, ...],
    paths: dict[str, _Draft],
    focus: dict[_Draft, str],
) -> ValidationError:
    """Problems on the focused drafts go to their form fields (``prefix + field``); the
    others are listed with their path and the name of the node they are in."""
    errors: dict[str, list[str]] = defaultdict(list)
    focused = sorted(
        ((path, focus[draft]) for path, draft in paths.items() if draft in focus),
        key=lambda item: -len(item[0]),
    )
    for problem in problems:
        key: str = NON_FIELD_ERRORS
        for path, prefix in focused:
            if problem.path.startswith((f"{path}.", f"{path}[")):
                name = _field_of(problem.path[len(path) + 1 :])
                if name is not None:
                    key = f"{prefix}{name}"
                break
            if problem.path == path:
                break
        if key == NON_FIELD_ERRORS:
            errors[key].append(_where(problem, paths))
        else:
            errors[key].append(problem.message)
    return ValidationError(dict(errors))


def _where(problem: FileProblem, paths: dict[str, _Draft]) -> str:
    """``indicators[2].children (赛平安实绩): message``: the path, and the node it is in."""
    path = problem.path
    while path and path not in paths:
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    where = problem.path or _("(campaign)")
    if path:
        where = f"{where} ({paths[path].name})"
    return f"{where}: {problem.message}"


def _campaign_data(campaign: Campaign) -> dict[str, Any]:
    return campaign_to_data(campaign_to_spec(campaign))


def _load_data(data: dict[str, Any]) -> CampaignSpec:
    """Checks campaign-file data by the file's own rules: dumps it and loads it again.
    The editor's leaves declare the checklist and panel codes they name."""
    data = with_declared_codes(data)
    text = yaml.dump(data, Dumper=CampaignFileDumper, allow_unicode=True, sort_keys=False)
    return load_campaign_file(text, sources=registry, unit_kinds=UnitKind.values)


def _check_tree(
    campaign: Campaign, roots: list[_Draft], focus: dict[_Draft, str]
) -> tuple[DimensionSpec | LeafSpec, ...]:
    _check_codes(roots, focus)
    data = _campaign_data(campaign)
    paths: dict[str, _Draft] = {}
    data["indicators"] = [
        _draft_data(draft, _at("indicators", index), paths) for index, draft in enumerate(roots)
    ]
    try:
        spec = _load_data(data)
    except CampaignFileError as error:
        raise _problems_as_errors(error.problems, paths, focus) from error
    return spec.indicators


def _check_codes(roots: list[_Draft], focus: dict[_Draft, str]) -> None:
    """A code taken by another node is reported on the edited node's code field (the file
    check would report it on whichever of the two comes second)."""
    users: dict[str, list[_Draft]] = defaultdict(list)
    stack = list(roots)
    while stack:
        draft = stack.pop()
        users[draft.code].append(draft)
        stack.extend(draft.children)
    errors = {
        f"{prefix}code": _(
            "The code %(code)s is already used by %(name)s; codes are unique in the tree."
        )
        % {"code": draft.code, "name": other.name}
        for draft, prefix in focus.items()
        for other in users[draft.code]
        if other is not draft
    }
    if errors:
        raise ValidationError(errors)


_JSON_FIELDS = ("source_params", "method_params")


def _apply(
    campaign: Campaign,
    drafts: list[_Draft],
    specs: tuple[DimensionSpec | LeafSpec, ...],
    parent: IndicatorNode | None,
) -> None:
    """Stores the checked tree: the values as the file reader gives them, dimension weights
    as computed; only the nodes that change are saved (and audited)."""
    for draft, spec in zip(drafts, specs, strict=True):
        values: dict[str, Any] = {
            "parent": parent,
            "code": spec.code,
            "name": spec.name,
            "weight": spec.weight,
            "order": draft.order,
            "is_leaf": isinstance(spec, LeafSpec),
            "source": "",
            "source_params": {},
            "method": "",
            "method_params": {},
            "lower_is_better": False,
            "when_empty": "full",
        }
        if isinstance(spec, LeafSpec):
            values.update(
                source=spec.source,
                source_params=_json_safe(spec.source_params),
                method=spec.method.name,
                method_params=_json_safe(spec.method.params),
                lower_is_better=spec.method.lower_is_better,
                when_empty=spec.method.when_empty,
            )
        node = draft.model or IndicatorNode(campaign=campaign)
        if node.pk is None or _differs(node, values):
            for name, value in values.items():
                setattr(node, name, value)
            # Codes follow the campaign file's rule (dots allowed), checked above.
            node.full_clean(exclude=["code"])
            node.save()
            draft.model = node
        if isinstance(spec, DimensionSpec):
            _apply(campaign, draft.children, spec.children, node)


def _differs(node: IndicatorNode, values: dict[str, Any]) -> bool:
    for name, value in values.items():
        if name == "parent":
            if node.parent_id != (value.pk if value is not None else None):
                return True
        elif name in _JSON_FIELDS:
            if file_values(getattr(node, name)) != file_values(value):
                return True
        elif getattr(node, name) != value:
            return True
    return False


def _locked_campaign(campaign: Campaign) -> Campaign:
    """The campaign row, locked, so that concurrent edits of its tree run one at a time."""
    return (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("owner_unit")
        .get(pk=campaign.pk)
    )


def _require_tree_editable(campaign: Campaign) -> None:
    published = campaign_has_published_period(campaign)
    if published is not None:
        raise DomainError(
            _(
                "The indicator tree can no longer change: the results of %(period)s were "
                "published with it, and published results must stay explainable by the tree "
                "that produced them."
            )
            % {"period": published.label}
        )


def _check_parent(campaign: Campaign, parent: IndicatorNode | None) -> None:
    if parent is not None and (parent.campaign_id != campaign.pk or parent.is_leaf):
        raise ValidationError({"parent": _("Choose a dimension of this campaign.")})


@transaction.atomic
def indicator_node_create(
    *,
    campaign: Campaign,
    parent: IndicatorNode | None,
    is_leaf: bool,
    fields: NodeFields,
    actor: Any,
    first_child: NodeFields | None = None,
) -> IndicatorNode:
    """Adds a leaf, or a dimension together with its first leaf (a dimension is never
    empty). Errors on the first leaf's fields are keyed ``first_child.<field>``."""
    campaign = _locked_campaign(campaign)
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    _require_tree_editable(campaign)
    _check_parent(campaign, parent)
    roots = _drafts(campaign)
    siblings = _find(roots, parent.pk)[0].children if parent is not None else roots
    draft = _Draft(is_leaf=is_leaf, code="", name="", order=_next_order(siblings))
    draft.set_fields(fields)
    focus = {draft: ""}
    if not is_leaf:
        if first_child is None:
            raise ValidationError(_("A dimension needs at least one indicator."))
        child = _Draft(is_leaf=True, code="", name="", order=0)
        child.set_fields(first_child)
        draft.children = [child]
        focus[child] = "first_child."
    _insert(siblings, draft)
    specs = _check_tree(campaign, roots, focus)
    _apply(campaign, roots, specs, None)
    assert draft.model is not None
    return draft.model


@transaction.atomic
def indicator_node_update(
    *, node: IndicatorNode, parent: IndicatorNode | None, fields: NodeFields, actor: Any
) -> IndicatorNode:
    """Changes a node (and moves it under ``parent``); the whole campaign is checked again."""
    campaign = _locked_campaign(node.campaign)
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    _require_tree_editable(campaign)
    _check_parent(campaign, parent)
    roots = _drafts(campaign)
    draft, siblings = _find(roots, node.pk)
    if parent is not None and parent.pk in _subtree_ids(draft):
        raise ValidationError({"parent": _("A dimension cannot be moved into itself.")})
    siblings.remove(draft)
    draft.set_fields(fields)
    new_siblings = _find(roots, parent.pk)[0].children if parent is not None else roots
    _insert(new_siblings, draft)
    specs = _check_tree(campaign, roots, {draft: ""})
    _apply(campaign, roots, specs, None)
    node.refresh_from_db()
    return node


@transaction.atomic
def indicator_node_delete(*, node: IndicatorNode, actor: Any) -> None:
    """Deletes a node with everything under it, if the remaining tree is still a valid
    campaign and nothing has been recorded against the deleted leaves."""
    campaign = _locked_campaign(node.campaign)
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    _require_tree_editable(campaign)
    roots = _drafts(campaign)
    draft, siblings = _find(roots, node.pk)
    siblings.remove(draft)
    subtree = _subtree_ids(draft)
    if _has_records(subtree):
        raise DomainError(
            _(
                "%(name)s cannot be deleted: assessments, appeals or corrected scores are "
                "recorded against it."
            )
            % {"name": node.name}
        )
    specs = _check_tree(campaign, roots, {})
    _apply(campaign, roots, specs, None)
    # Children first, so that each deletion is audited with its own row.
    for pk in reversed(subtree):
        IndicatorNode.objects.get(pk=pk).delete()


def _subtree_ids(draft: _Draft) -> list[int]:
    ids: list[int] = []
    stack = [draft]
    while stack:
        current = stack.pop()
        if current.model is not None:
            ids.append(current.model.pk)
        stack.extend(current.children)
    return ids


def _has_records(node_ids: list[int]) -> bool:
    """Whether an app above campaigns holds records against these nodes (hook
    ``leaf_records``; scoring answers for assessments, appeals and corrected scores)."""
    return any(check(node_ids) for check in hooks.get_hooks("leaf_records"))


# Campaign fields the office may change after loading; the rest (code, dates, period length,
# groups) shape the periods and results and come only from a campaign file.
_CAP_FIELDS = ("bonus_cap", "penalty_cap")


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    name: str,
    preview_days: int,
    bonus_cap: Decimal,
    penalty_cap: Decimal,
    status: str,
    actor: Any,
) -> Campaign:
    """Changes the campaign's name, preview days, caps and status, checked by the campaign
    file's rules. The caps are frozen once a period is published."""
    campaign = _locked_campaign(campaign)
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    published = campaign_has_published_period(campaign)
    if published is not None:
        frozen = {
            key: _("Results of %(period)s were published with this cap; it can no longer change.")
            % {"period": published.label}
            for key, value in (("bonus_cap", bonus_cap), ("penalty_cap", penalty_cap))
            if Decimal(value) != getattr(campaign, key)
        }
        if frozen:
            raise ValidationError(frozen)
    if status not in CampaignStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    data = _campaign_data(campaign)
    data.update(
        name=name.strip(), preview_days=preview_days, bonus_cap=bonus_cap, penalty_cap=penalty_cap
    )
    try:
        spec = _load_data(data)
    except CampaignFileError as error:
        errors: dict[str, list[str]] = defaultdict(list)
        for problem in error.problems:
            key = problem.path.split(".")[0].split("[")[0]
            if key in ("name", "preview_days", *_CAP_FIELDS):
                errors[key].append(problem.message)
            else:
                where = problem.path or _("(campaign)")
                errors[NON_FIELD_ERRORS].append(f"{where}: {problem.message}")
        raise ValidationError(dict(errors)) from error
    campaign.name = spec.name
    campaign.preview_days = spec.preview_days
    campaign.bonus_cap = spec.bonus_cap
    campaign.penalty_cap = spec.penalty_cap
    campaign.status = status
    campaign.full_clean(exclude=["code"])
    campaign.save()
    return campaign
