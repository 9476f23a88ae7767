"""Forms of the activity pages; choices are narrowed to the user's scope by the views."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengxian.core.forms import BootstrapForm as CoreForm
from zhengxian.core.input_limits import InputLimits
from zhengxian.orgs.fields import (
    PeopleChoiceField,
    UnitChoiceField,
    UnitsChoiceField,
    unit_search,
)
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm, Role

from .models import ActivityKind, Brand


class BootstrapForm(InputLimits, CoreForm):
    """Core's Bootstrap form with core's input limits (dates 2000–2100, bounded text)."""


# Past a few hundred choices these become search boxes (orgs.fields); the searches offer
# what the views offer (selectors.access: organiser_units, audience_units, audience_people).
ORGANISERS = unit_search(Perm.ORGANISE_ACTIVITIES)


class UnitChoice(UnitChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{'　' * max(obj.depth - 1, 0)}{obj.name}"


class UnitsChoice(UnitsChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{'　' * max(obj.depth - 1, 0)}{obj.name}"


def aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


class SessionFieldsMixin(forms.Form):
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    opens_before_minutes = forms.IntegerField(
        label=_("Sign-in opens (minutes before the start)"), min_value=0, max_value=240, initial=30
    )
    grace_minutes = forms.IntegerField(
        label=_("Late after (minutes past the start)"), min_value=0, max_value=120, initial=5
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must come after the start."))
        return data

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        return aware(data["day"], data["start_time"]), aware(data["day"], data["end_time"])


class AudienceFieldsMixin(forms.Form):
    units = UnitsChoice(
        label=_("Expected: units"),
        queryset=Unit.objects.none(),
        required=False,
        attrs={"size": 6},
        help_text=_(
            "Everyone in these units and their sub-units, or only those holding the role below."
        ),
    )
    role = forms.ChoiceField(
        label=_("Only people holding this role"),
        choices=[("", _("Everyone")), *list(Role.choices)],
        required=False,
    )
    people = PeopleChoiceField(
        label=_("Expected: people chosen by hand"),
        queryset=Person.objects.none(),
        required=False,
        attrs={"size": 6},
    )

    def set_audience_choices(self, units: QuerySet[Unit], people: QuerySet[Person]) -> None:
        self.fields["units"].queryset = units.order_by("path")  # type: ignore[attr-defined]
        self.fields["people"].queryset = people  # type: ignore[attr-defined]


class ActivityForm(SessionFieldsMixin, AudienceFieldsMixin, BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    series = forms.CharField(
        label=_("Series"),
        max_length=100,
        required=False,
        help_text=_("E.g. 青城学院 or 理论学习中心组; the campaign can score a series."),
    )
    organiser = UnitChoice(
        label=_("Organising unit"), queryset=Unit.objects.none(), search=ORGANISERS
    )
    brand = forms.ModelChoiceField(label=_("Brand"), queryset=Brand.objects.all(), required=False)
    alliance = forms.CharField(label=_("Party alliance"), max_length=100, required=False)
    partners = forms.CharField(label=_("Alliance partners"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    field_order = [
        "kind",
        "title",
        "series",
        "organiser",
        "day",
        "start_time",
        "end_time",
        "place",
        "units",
        "role",
        "people",
        "brand",
        "alliance",
        "partners",
        "description",
        "opens_before_minutes",
        "grace_minutes",
    ]

    def __init__(
        self,
        *args: Any,
        organisers: QuerySet[Unit],
        units: QuerySet[Unit],
        people: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers.order_by("path")  # type: ignore[attr-defined]
        self.set_audience_choices(units, people)


class SessionForm(SessionFieldsMixin, AudienceFieldsMixin, BootstrapForm):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    own_audience = forms.BooleanField(
        label=_("This session has its own audience (e.g. one batch of a training round)"),
        required=False,
    )

    field_order = [
        "title",
        "day",
        "start_time",
        "end_time",
        "place",
        "own_audience",
        "units",
        "role",
        "people",
        "opens_before_minutes",
        "grace_minutes",
    ]

    def __init__(
        self, *args: Any, units: QuerySet[Unit], people: QuerySet[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_audience_choices(units, people)


class ManualSignInForm(BootstrapForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    time = forms.TimeField(
        label=_("Arrived at"),
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        help_text=_("Leave empty for the session's start (on time)."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class CancelForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ParticipantsForm(BootstrapForm):
    participants = forms.IntegerField(
        label=_("Participants (person-times)"), min_value=0, max_value=10_000_000
    )


class AttachmentForm(BootstrapForm):
    file = forms.FileField(label=_("Photo or document"))


class BrandForm(BootstrapForm):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=100)
    owner = UnitChoice(label=_("Owning unit"), queryset=Unit.objects.none(), search=ORGANISERS)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, owners: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners.order_by("path")  # type: ignore[attr-defined]


class SeasonForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )


class ReportFilterForm(BootstrapForm):
    first = forms.DateField(
        label=_("From month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
    )
    last = forms.DateField(
        label=_("To month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
    )
    activity_kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds"))]
        + [c for c in ActivityKind.choices if c[0] not in ("event", "alliance")],
    )
    series = forms.CharField(label=_("Series"), required=False, max_length=100)
