"""Forms of the judging panel (one score field per competing unit) and of the rater panels."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from zhengxian.campaigns.models import Campaign
from zhengxian.core.forms import BootstrapForm
from zhengxian.orgs.models import Unit

from ..models import RaterPanel
from ..selectors import UnitRow


class PanelScoresForm(BootstrapForm):
    """A score field per unit the judge sees; own units (all, once published) disabled."""

    def __init__(self, *args: Any, rows: list[UnitRow], frozen: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[self.name_of(row.unit)] = forms.DecimalField(
                label=row.unit.name,
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=5,
                decimal_places=2,
                initial=row.score,
                disabled=row.own or frozen,
                widget=forms.NumberInput(
                    attrs={
                        "step": "0.01",
                        "inputmode": "decimal",
                        "class": "form-control form-control-sm zx-score",
                    }
                ),
            )

    @staticmethod
    def name_of(unit: Unit) -> str:
        return f"unit-{unit.pk}"

    def changed_scores(self) -> list[tuple[Unit, Decimal]]:
        changed = []
        for row in self.rows:
            value = self.cleaned_data.get(self.name_of(row.unit))
            if not row.own and value is not None and value != row.score:
                changed.append((row.unit, value))
        return changed

    def bound_rows(self) -> list[tuple[UnitRow, forms.BoundField]]:
        return [(row, self[self.name_of(row.unit)]) for row in self.rows]


class RaterPanelForm(BootstrapForm):
    code = forms.SlugField(
        label=gettext_lazy("Code"),
        max_length=64,
        help_text=gettext_lazy("The code a rating indicator names, e.g. residents."),
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)


class RaterForm(BootstrapForm):
    panel = forms.ModelChoiceField(queryset=RaterPanel.objects.none(), widget=forms.HiddenInput)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=50)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("e.g. resident, deputy"),
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = RaterPanel.objects.filter(campaign=campaign)  # type: ignore[attr-defined]
