"""Forms of the project pages; the services check the business rules."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zhengxian.core.forms import BootstrapForm as CoreForm
from zhengxian.core.input_limits import InputLimits
from zhengxian.core.widgets import TickList
from zhengxian.orgs.fields import PersonChoiceField, UnitChoiceField, person_search, unit_search
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm, Role

from .models import Category, Quantity, Status
from .selectors.tags import scored_tags


class BootstrapForm(InputLimits, CoreForm):
    """Core's Bootstrap form with core's input limits (dates 2000–2100, bounded text)."""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


# The units and people the views offer (`views.common`), so that the search box of a long
# list offers the same ones (orgs.fields: the field still checks the choice).
MANAGED_UNITS = unit_search(Perm.MANAGE_PROJECTS)
LEADS = person_search(roles=[Role.PROJECT_LEAD, Role.LEADERSHIP])


class ProjectForm(BootstrapForm):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    unit = UnitChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.none(), search=MANAGED_UNITS
    )
    lead = PersonChoiceField(
        label=_("Lead leader"), queryset=Person.objects.none(), required=False, search=LEADS
    )
    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), widget=DateInput())
    planned_investment = forms.DecimalField(
        label=_("Planned investment (10,000 yuan)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        initial=Decimal(0),
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public page when the project is public."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Never shown on the public page."),
    )
    scored_tags = forms.MultipleChoiceField(
        label=_("Indicators it counts for"),
        required=False,
        widget=TickList,
        help_text=_(
            "Tick each indicator this project belongs to; its tag is kept with the project."
        ),
    )
    tags = forms.CharField(
        label=_("Other tags"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas: lower-case letters, digits or dashes."),
    )
    is_public = forms.BooleanField(
        label=_("Public livelihood project (progress page without login)"), required=False
    )
    warn_days = forms.IntegerField(
        label=_("Warning days"),
        required=False,
        min_value=0,
        max_value=90,
        help_text=_("Yellow when a milestone is due within this many days; empty for the default."),
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], leads: QuerySet[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["lead"].queryset = leads  # type: ignore[attr-defined]
        scored = scored_tags()
        if scored:
            ticks = self.fields["scored_tags"]
            ticks.choices = [(t.tag, t.label) for t in scored]  # type: ignore[attr-defined]
            ticks.widget.attrs["class"] = "form-check-input"  # a tick, not a text box
        else:
            del self.fields["scored_tags"]  # no campaign selects projects by tag

    @classmethod
    def initial_tags(cls, tags: list[str]) -> dict[str, Any]:
        """An existing project's tags split between the ticks and the other tags."""
        scored = {t.tag for t in scored_tags()}
        return {
            "scored_tags": [tag for tag in tags if tag in scored],
            "tags": ", ".join(tag for tag in tags if tag not in scored),
        }

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        return [part.strip() for part in raw.replace("，", ",").split(",") if part.strip()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # One list of tags for the services: the ticked ones, then the others.
        ticked = cleaned.pop("scored_tags", None) or []
        cleaned["tags"] = [*ticked, *(cleaned.get("tags") or [])]
        return cleaned


class MilestoneForm(BootstrapForm):
    name = forms.CharField(label=_("Milestone"), max_length=100)
    planned_date = forms.DateField(label=_("Planned date"), widget=DateInput())
    planned_percent = forms.DecimalField(
        label=_("Planned progress at this milestone (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=1,
        help_text=_("Optional: shapes the plan curve against which progress is judged."),
    )
    actual_date = forms.DateField(label=_("Actual date"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Internal note"), max_length=300, required=False)


class MilestoneEditForm(MilestoneForm):
    reason = forms.CharField(
        label=_("Reason for moving the planned date"),
        max_length=500,
        required=False,
        help_text=_(
            "Needed when your unit moves an overdue milestone: the lead leader approves it."
        ),
    )


class DateDecisionForm(BootstrapForm):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    note = forms.CharField(max_length=500, required=False)


class DoneForm(BootstrapForm):
    day = forms.DateField(label=_("Done on"), widget=DateInput())


class QuantityForm(BootstrapForm):
    name = forms.CharField(label=_("Quantity"), max_length=50, help_text=_("E.g. households moved"))
    measure = forms.CharField(label=_("Measure"), max_length=16, help_text=_("E.g. 户, 平方米"))
    planned = forms.DecimalField(label=_("Planned"), min_value=0, max_digits=14, decimal_places=2)
    completed = forms.DecimalField(
        label=_("Completed"), min_value=0, max_digits=14, decimal_places=2, required=False
    )


class ProgressReportForm(BootstrapForm):
    reported_on = forms.DateField(label=_("Date"), widget=DateInput())
    percent = forms.DecimalField(
        label=_("Progress (%)"), min_value=0, max_value=100, decimal_places=1
    )
    text = forms.CharField(
        label=_("Progress made"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public page when the project is public: write nothing private."),
    )
    issues = forms.CharField(
        label=_("Problems and needs (internal)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    investment = forms.DecimalField(
        label=_("Investment completed since the previous report (10,000 yuan)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        initial=Decimal(0),
    )
    photos = MultipleFileField(
        label=_("Photos"), required=False, help_text=_("Up to 6 photos (JPEG, PNG, GIF or WebP).")
    )

    def __init__(self, *args: Any, quantities: Sequence[Quantity] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quantity_fields: list[tuple[str, Quantity]] = []
        for quantity in quantities:
            name = f"quantity_{quantity.pk}"
            self.fields[name] = forms.DecimalField(
                label=_("%(name)s completed (%(measure)s, planned %(planned)s)")
                % {"name": quantity.name, "measure": quantity.measure, "planned": quantity.planned},
                min_value=0,
                max_digits=14,
                decimal_places=2,
                required=False,
                initial=quantity.completed,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )
            self.quantity_fields.append((name, quantity))

    def quantity_values(self) -> dict[int, Decimal]:
        return {
            quantity.pk: self.cleaned_data[name]
            for name, quantity in self.quantity_fields
            if self.cleaned_data.get(name) is not None
        }


class ProjectFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    lead = PersonChoiceField(
        label=_("Lead leader"),
        required=False,
        queryset=Person.objects.none(),
        empty_label=_("All lead leaders"),
        search=LEADS,
    )
    unit = UnitChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), empty_label=_("All units")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All colours")), *Status.choices]
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        leads: QuerySet[Person],
        autosubmit: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["lead"].queryset = leads.select_related("unit")  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            field.widget.attrs["aria-label"] = str(field.label)
            if autosubmit and name != "q":
                field.widget.attrs["data-autosubmit"] = ""


class ImportForm(BootstrapForm):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class SpecialActionForm(BootstrapForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The code campaign files use, e.g. safe-asian-games."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    unit = UnitChoiceField(
        label=_("Organising unit"), queryset=Unit.objects.none(), search=MANAGED_UNITS
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ActionTaskForm(BootstrapForm):
    name = forms.CharField(label=_("Task"), max_length=200)
    unit = UnitChoiceField(label=_("Owner unit"), queryset=Unit.objects.none())
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
