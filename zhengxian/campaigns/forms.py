"""Forms of the campaign pages: loading a campaign file, the campaign, the indicator tree,
and the period actions. The forms parse; the services check by the campaign file's rules."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any, cast

import yaml
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zhengxian.core.forms import BootstrapForm, set_choices_from
from zhengxian.orgs.fields import UnitChoiceField, unit_search
from zhengxian.orgs.models import Unit, UnitKind
from zhengxian.orgs.roles import Perm

from .campaign_file import MAX_FILE_BYTES, METHOD_NAMES, WHEN_EMPTY_CHOICES, preset_names
from .campaign_file.export import _Dumper as CampaignFileDumper
from .campaign_file.reader import Problems
from .campaign_file.yaml_io import read_yaml
from .models import CampaignStatus, IndicatorNode, PublicationMode
from .selectors import file_values, stored_source_params
from .services import NodeFields

FILE_SUFFIXES = (".yaml", ".yml")
MAX_PARAMS_LENGTH = 4000


class CampaignLoadForm(BootstrapForm):
    file = forms.FileField(
        label=_("Campaign file"),
        required=False,
        help_text=_("A .yaml file in the format described in the documentation (at most 1 MB)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml"}),
    )
    preset = forms.ChoiceField(label=_("Or a preset shipped with Zhengxian"), required=False)
    year = forms.IntegerField(
        label=_("Run in the year"),
        required=False,
        min_value=1900,
        max_value=2999,
        help_text=_(
            "Optional. Moves the campaign to this year: its dates, the year in its code and "
            "the year in its name."
        ),
    )
    owner_unit = UnitChoiceField(
        label=_("Organising unit"),
        queryset=Unit.objects.none(),
        empty_label=None,
        search=unit_search(Perm.MANAGE_CAMPAIGN, exclude_kinds=[UnitKind.GRID]),
    )

    def __init__(self, *args: Any, owner_units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["preset"]).choices = [
            ("", "—"),
            *((name, name) for name in preset_names()),
        ]
        set_choices_from(self.fields["owner_unit"], owner_units)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, preset = data.get("file"), data.get("preset")
        if bool(upload) == bool(preset):
            raise ValidationError(_("Upload a campaign file or choose a preset (one of the two)."))
        if upload:
            data["text"] = _read_upload(upload)
            data["source_name"] = upload.name
        else:
            from .campaign_file import read_preset

            data["text"] = read_preset(str(preset))  # a preset's name (checked above)
            data["source_name"] = preset
        return data


def _read_upload(upload: Any) -> str:
    if PurePath(upload.name).suffix.lower() not in FILE_SUFFIXES:
        raise ValidationError({"file": _("A campaign file ends in .yaml or .yml.")})
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            {"file": _("The file is larger than 1 MB; a campaign file is much smaller.")}
        )
    raw = upload.read(MAX_FILE_BYTES + 1)
    try:
        return raw.decode("utf-8-sig")  # type: ignore[no-any-return]
    except UnicodeDecodeError as error:
        raise ValidationError({"file": _("The file is not UTF-8 text.")}) from error


class CampaignForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    preview_days = forms.IntegerField(
        label=_("Preview days"),
        min_value=0,
        help_text=_("For how many days results are shown to the units (公示) before publication."),
    )
    bonus_cap = forms.DecimalField(label=_("Bonus cap"), max_digits=9)
    penalty_cap = forms.DecimalField(label=_("Penalty cap"), max_digits=9)
    status = forms.ChoiceField(label=_("Status"), choices=CampaignStatus.choices)
    # The three publication fields are optional: left out of a request, they stay unchanged.
    publication_mode = forms.ChoiceField(
        label=_("Publication mode"),
        choices=PublicationMode.choices,
        required=False,
        help_text=_(
            "What a published period shows and circulates: the full ranking, each unit's tier "
            "only, or the red and black lists only."
        ),
    )
    tiers = forms.CharField(
        label=_("Tiers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One tier a line, best first: its name and the points of the total it needs, "
            "e.g. “好 90”; the last tier without points."
        ),
    )
    list_size = forms.IntegerField(
        label=_("Red and black list size"),
        min_value=1,
        required=False,
        help_text=_("How many units of each group the red list and the black list name."),
    )

    def clean_publication_mode(self) -> str | None:
        return self.cleaned_data["publication_mode"] or None

    def clean_tiers(self) -> list[dict[str, Any]] | None:
        """The lines as the campaign file's tiers (the service checks them by its rules);
        None when the request left the field out."""
        if "tiers" not in self.data:
            return None
        tiers: list[dict[str, Any]] = []
        for number, line in enumerate(self.cleaned_data["tiers"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) > 2:
                raise ValidationError(
                    _("Line %(line)s: write the tier's name and its points, e.g. “好 90”.")
                    % {"line": number}
                )
            tier: dict[str, Any] = {"name": parts[0]}
            if len(parts) == 2:
                try:
                    tier["min"] = Decimal(parts[1].lstrip("≥>="))
                except InvalidOperation as error:
                    raise ValidationError(
                        _("Line %(line)s: “%(points)s” is not a number of points.")
                        % {"line": number, "points": parts[1]}
                    ) from error
            tiers.append(tier)
        return tiers


def tiers_text(tiers: Any) -> str:
    """Stored tiers as the form's lines: “好 90” … “较差”."""
    lines = []
    for tier in tiers if isinstance(tiers, list) else []:
        cut = tier.get("min")
        lines.append(
            tier["name"] if cut is None else f"{tier['name']} {Decimal(cut).normalize():f}"
        )
    return "\n".join(lines)


def parse_params(text: str) -> Any:
    """The YAML (or JSON) text of a parameter mapping; None when empty. Aliases are refused,
    as in a campaign file."""
    text = text.strip()
    if not text:
        return None
    problems = Problems()
    value = read_yaml(text, problems)
    if problems.items:
        raise ValidationError([problem.message for problem in problems.items])
    return value


def params_text(value: Any) -> str:
    """Parameters as one line of YAML for the editor, e.g. ``{target: 0.95}``."""
    if not value:
        return ""
    text = yaml.dump(
        _plain(value),
        Dumper=CampaignFileDumper,
        allow_unicode=True,
        default_flow_style=True,
        sort_keys=False,
        width=1000,
    )
    return str(text).strip()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


class _NodeForm(BootstrapForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        help_text=_("Unique in the tree: letters, digits, dots, dashes or underscores."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("Under"),
        queryset=IndicatorNode.objects.none(),
        required=False,
        empty_label=_("(top level)"),
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Position among its siblings, smallest first; empty: at the end."),
    )

    def __init__(
        self, *args: Any, dimensions: QuerySet[IndicatorNode] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if dimensions is None:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = dimensions  # type: ignore[attr-defined]
            self.fields["parent"].label_from_instance = lambda node: f"{node.code} · {node.name}"  # type: ignore[attr-defined]

    def node_fields(self) -> NodeFields:
        data = self.cleaned_data
        return NodeFields(
            code=data["code"],
            name=data["name"],
            order=data.get("order"),
            weight=data.get("weight"),
            source=data.get("source", ""),
            source_params=data.get("source_params"),
            method=data.get("method", ""),
            method_params=data.get("method_params"),
            lower_is_better=data.get("lower_is_better", False),
            when_empty=data.get("when_empty") or "full",
        )


class DimensionForm(_NodeForm):
    """A dimension: its weight is always the sum of its children's."""


class LeafForm(_NodeForm):
    weight = forms.DecimalField(
        label=_("Weight (points)"),
        max_digits=12,
        help_text=_("The most points this indicator gives; at most 2 decimal places."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=64,
        widget=forms.TextInput(attrs={"list": "zx-sources", "autocomplete": "off"}),
        help_text=_("Where the raw value comes from; choose one of the registered sources."),
    )
    source_params = forms.CharField(
        label=_("Source parameters"),
        required=False,
        max_length=MAX_PARAMS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "font-monospace"}),
        help_text=_("YAML or JSON, e.g. {checklist: red-committee-property}; empty for none."),
    )
    method = forms.ChoiceField(label=_("Method"), choices=[(name, name) for name in METHOD_NAMES])
    method_params = forms.CharField(
        label=_("Method parameters"),
        required=False,
        max_length=MAX_PARAMS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "font-monospace"}),
        help_text=_(
            "YAML or JSON: {target: 0.95} for target; {bands: [{min: 4.5, points: 5}, …]} for "
            "bands; empty for relative, rank and manual."
        ),
    )
    lower_is_better = forms.BooleanField(label=_("A lower value is better"), required=False)
    when_empty = forms.ChoiceField(
        label=_("When a unit has no data"),
        choices=[(name, name) for name in WHEN_EMPTY_CHOICES],
        initial="full",
        help_text=_("full: all the points; zero: none; group_mean: the group's mean points."),
    )

    def clean_source_params(self) -> Any:
        return parse_params(self.cleaned_data["source_params"])

    def clean_method_params(self) -> Any:
        return parse_params(self.cleaned_data["method_params"])


def node_initial(node: IndicatorNode) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "code": node.code,
        "name": node.name,
        "parent": node.parent_id,
        "order": node.order,
    }
    if node.is_leaf:
        initial.update(
            weight=format(node.weight.normalize(), "f"),
            source=node.source,
            source_params=params_text(stored_source_params(node.source, node.source_params)),
            method=node.method,
            method_params=params_text(file_values(node.method_params)),
            lower_is_better=node.lower_is_better,
            when_empty=node.when_empty,
        )
    return initial
