"""Forms of the matters pages. They parse input only; the services decide."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengxian.core.forms import BootstrapForm as CoreForm
from zhengxian.core.input_limits import InputLimits
from zhengxian.orgs.fields import (
    PeopleChoiceField,
    PersonChoiceField,
    UnitChoiceField,
    UnitsChoiceField,
    person_search,
    unit_search,
)
from zhengxian.orgs.models import Person, Unit, UnitKind
from zhengxian.orgs.roles import Perm, Role

from .models import (
    MatterCategory,
    MatterOrigin,
    MatterState,
    MediationCategory,
    MediationOutcome,
    RectificationKind,
    Resolution,
    TargetKind,
)


class BootstrapForm(InputLimits, CoreForm):
    """Core's Bootstrap form with core's input limits (dates 2000–2100, bounded text)."""


KEY_PATTERN = re.compile(r"^[a-z0-9]{1,16}$")


def _limit(field: Any, queryset: Any, label: Any) -> None:
    """Limits a model choice field to ``queryset`` (the user's scope), labelled by ``label``."""
    field.queryset = queryset
    field.label_from_instance = label


def _unit_label(unit: Unit) -> str:
    return f"{'　' * max(unit.depth - 1, 0)}{unit.name}"


# What the views offer (`views.common.working_units` and the registers' communities), so that
# the search box of a long list offers the same units; the field still checks the choice.
NOT_DISTRICT = [UnitKind.DISTRICT]
WORKING_UNITS = unit_search(exclude_kinds=NOT_DISTRICT)
RECORDING_UNITS = unit_search(Perm.RECORD_WORK, exclude_kinds=NOT_DISTRICT)
HANDLING_UNITS = unit_search(Perm.HANDLE_MATTERS, exclude_kinds=NOT_DISTRICT)
COMMUNITIES = unit_search(Perm.RECORD_WORK, kinds=[UnitKind.COMMUNITY])


def all_units_filter() -> UnitChoiceField:
    """A list's optional filter by one of the units the user works in ("All units" empty)."""
    return UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
        search=WORKING_UNITS,
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class VisitForm(BootstrapForm):
    visited_on = forms.DateField(label=_("Date"), widget=DateInput())
    unit = UnitChoiceField(
        label=_("Visiting unit"), queryset=Unit.objects.none(), search=RECORDING_UNITS
    )
    # Ticks while the visiting unit's people are few; a search box past the threshold (a
    # sub-district's subtree holds thousands). The field accepts the unit's people only.
    visitors = PeopleChoiceField(
        label=_("Who went"),
        queryset=Person.objects.none(),
        checks=True,
        search=person_search(Perm.RECORD_WORK),
    )
    target_kind = forms.ChoiceField(
        label=_("Visited"),
        choices=TargetKind.choices,
        widget=forms.RadioSelect,
        initial=TargetKind.HOUSEHOLD,
    )
    target_unit = UnitChoiceField(
        label=_("Community"), queryset=Unit.objects.none(), required=False, search=COMMUNITIES
    )
    enterprise = forms.IntegerField(required=False, widget=forms.HiddenInput)
    enterprise_name = forms.CharField(label=_("Enterprise"), max_length=200, required=False)
    site = forms.IntegerField(required=False, widget=forms.HiddenInput)
    site_name = forms.CharField(label=_("Site"), max_length=200, required=False)
    household = forms.CharField(
        label=_("Household"),
        max_length=100,
        required=False,
        help_text=_("A name or an address, e.g. 3-2-501"),
    )
    # Not required on its own: a visit with a problem entered may leave it empty (the
    # service says which of the two is missing).
    summary = forms.CharField(
        label=_("What was discussed"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("May stay empty when a problem is entered below."),
    )

    def __init__(
        self, *args: Any, units: Any, people: Any, communities: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["unit"], units, _unit_label)
        _limit(self.fields["visitors"], people, lambda p: p.name)
        _limit(self.fields["target_unit"], communities, _unit_label)
        for name in ("visitors", "target_kind"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class ProblemRow:
    """One problem row of the visit form, read from ``problem-<key>-…`` fields."""

    def __init__(
        self,
        key: str,
        text: str = "",
        category: str = "other",
        link: str = "",
        photos: tuple[Any, ...] = (),
    ) -> None:
        self.key = key
        self.text = text
        self.category = category
        self.link = link
        self.photos = photos

    @classmethod
    def from_post(cls, data: Any, files: Any = None) -> list[ProblemRow]:
        rows = []
        for key in data.getlist("problem_key"):
            if not KEY_PATTERN.match(key):
                continue
            photos = tuple(files.getlist(f"problem-{key}-photo")) if files is not None else ()
            rows.append(
                cls(
                    key=key,
                    text=data.get(f"problem-{key}-text", "").strip()[:2000],
                    category=data.get(f"problem-{key}-category", "other"),
                    link=data.get(f"problem-{key}-link", ""),
                    photos=photos,
                )
            )
        return rows


class VisitFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Search"), required=False)
    unit = all_units_filter()
    person = PersonChoiceField(
        label=_("Person"), queryset=Person.objects.none(), required=False, empty_label=_("Everyone")
    )
    target_kind = forms.ChoiceField(
        label=_("Visited"), choices=[("", _("All targets")), *TargetKind.choices], required=False
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, units: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["unit"], units, _unit_label)
        _limit(self.fields["person"], people, lambda p: f"{p.name} · {p.unit.name}")


class CoverageForm(BootstrapForm):
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        search=unit_search(exclude_kinds=[UnitKind.DISTRICT, UnitKind.GRID]),
    )
    month_from = forms.CharField(
        label=_("From month"), widget=forms.DateInput(attrs={"type": "month"})
    )
    month_to = forms.CharField(label=_("To month"), widget=forms.DateInput(attrs={"type": "month"}))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["unit"], units, _unit_label)

    @staticmethod
    def month(value: str) -> int | None:
        match = re.match(r"^(\d{4})-(\d{2})$", value or "")
        if not match or not 1 <= int(match.group(2)) <= 12:
            return None
        return int(match.group(1)) * 100 + int(match.group(2))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = self.month(data.get("month_from", "")), self.month(data.get("month_to", ""))
        if first is None or last is None or first > last:
            raise forms.ValidationError(
                _("Give the months as YYYY-MM, the first not after the last.")
            )
        data["first_month"], data["last_month"] = first, last
        return data


# Origins that can be filed from the general matter form; supervision findings come from a
# supervision day, mediation cases from the mediation form.
FORM_ORIGINS = [
    (value, label)
    for value, label in MatterOrigin.choices
    if value not in {MatterOrigin.SUPERVISION, MatterOrigin.MEDIATION}
]


class MatterForm(BootstrapForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=MatterCategory.choices, initial=MatterCategory.OTHER
    )
    origin = forms.ChoiceField(label=_("Origin"), choices=FORM_ORIGINS, initial=MatterOrigin.OTHER)
    rectification_kind = forms.ChoiceField(
        label=_("Rectification of"),
        choices=[("", "—"), *RectificationKind.choices],
        required=False,
        help_text=_("For rectification items only."),
    )
    action_code = forms.SlugField(
        label=_("Special action code"),
        max_length=64,
        required=False,
        help_text=_("E.g. five-breaks-five-raises (五破五提)."),
    )
    reporting_unit = UnitChoiceField(
        label=_("Reporting unit"),
        queryset=Unit.objects.none(),
        search=unit_search(Perm.RECORD_WORK, Perm.HANDLE_MATTERS, exclude_kinds=NOT_DISTRICT),
    )
    requester_name = forms.CharField(label=_("Requester"), max_length=100, required=False)
    requester_phone = forms.CharField(label=_("Requester's phone"), max_length=24, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    target_unit = UnitChoiceField(
        label=_("Community"), queryset=Unit.objects.none(), required=False, search=COMMUNITIES
    )
    attachment = forms.FileField(label=_("Photo or PDF"), required=False)
    file_anyway = forms.BooleanField(
        label=_("None of these is the same matter: file it as new"), required=False
    )

    def __init__(self, *args: Any, units: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["reporting_unit"], units, _unit_label)
        _limit(self.fields["target_unit"], communities, _unit_label)
        self.fields["attachment"].widget.attrs["accept"] = "image/*,application/pdf"


class MatterFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Search"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        # Not closed (已办结) yet, resolved and rated included: not the appeals' "Open" (待处理).
        choices=[
            ("", _("All states")),
            ("open", pgettext_lazy("matters not closed", "Open")),
            *MatterState.choices,
        ],
        required=False,
    )
    origin = forms.ChoiceField(
        label=_("Origin"), choices=[("", _("All origins")), *MatterOrigin.choices], required=False
    )
    deadline = forms.ChoiceField(
        label=_("Deadline"),
        choices=[("", _("Any deadline")), ("overdue", _("Overdue")), ("due_soon", _("Due soon"))],
        required=False,
    )
    unit = all_units_filter()
    closed_by = forms.ChoiceField(
        label=_("Closed by"),
        choices=[
            ("", _("Anyone")),
            ("self", _("Its own unit (self-closed)")),
            ("unconfirmed", _("Self-closed, not confirmed by the requester")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["unit"], units, _unit_label)


class TransitionForm(BootstrapForm):
    """The input of one action; which fields are used depends on the action."""

    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible_unit = UnitChoiceField(
        label=_("Responsible unit"),
        queryset=Unit.objects.none(),
        required=False,
        search=unit_search(Perm.HANDLE_MATTERS, Perm.SUPERVISE, exclude_kinds=NOT_DISTRICT),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"),
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
    )
    resolution = forms.ChoiceField(
        label=_("The requester says"),
        choices=Resolution.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(
            self.fields["responsible_unit"],
            units if units is not None else Unit.objects.none(),
            _unit_label,
        )
        for name in ("satisfaction", "resolution"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class AttachmentForm(BootstrapForm):
    file = forms.FileField(label=_("Photo or PDF"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = "image/*,application/pdf"


class SupervisionDayForm(BootstrapForm):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    unit = UnitChoiceField(
        label=_("Organising unit"),
        queryset=Unit.objects.none(),
        search=unit_search(Perm.SUPERVISE, exclude_kinds=NOT_DISTRICT),
    )
    title = forms.CharField(label=_("Subject"), max_length=100)
    inspected_units = UnitsChoiceField(
        label=_("Units inspected"),
        queryset=Unit.objects.none(),
        checks=True,
        search=unit_search(
            Perm.SUPERVISE,
            exclude_kinds=[UnitKind.DISTRICT, UnitKind.SUBDISTRICT, UnitKind.GRID],
        ),
    )
    supervisors = PeopleChoiceField(
        label=_("Supervisors"),
        queryset=Person.objects.none(),
        checks=True,
        search=person_search(roles=[Role.SUPERVISOR]),
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, units: Any, inspectable: Any, people: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["unit"], units, _unit_label)
        _limit(self.fields["inspected_units"], inspectable, lambda u: u.name)
        _limit(self.fields["supervisors"], people, lambda p: p.name)
        for name in ("inspected_units", "supervisors"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class FindingForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Finding"), max_length=100)
    description = forms.CharField(
        label=_("Details"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=MatterCategory.choices, initial=MatterCategory.CONDUCT
    )
    deadline = forms.DateField(label=_("Rectify by"), widget=DateInput())

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["unit"], units, lambda u: u.name)


class MediationCaseForm(BootstrapForm):
    title = forms.CharField(label=_("Dispute"), max_length=100)
    category = forms.ChoiceField(label=_("Category"), choices=MediationCategory.choices)
    description = forms.CharField(
        label=_("Details"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    applicants = forms.CharField(
        label=_("Applicants"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One party a line: a name, then a phone number if known."),
    )
    respondents = forms.CharField(label=_("Respondents"), widget=forms.Textarea(attrs={"rows": 2}))
    reporting_unit = UnitChoiceField(
        label=_("Received by"), queryset=Unit.objects.none(), search=RECORDING_UNITS
    )
    handling_unit = UnitChoiceField(
        label=_("Handled by"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Leave empty to let the receiving unit's leader assign it."),
        search=HANDLING_UNITS,
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())

    def __init__(self, *args: Any, units: Any, handling_units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["reporting_unit"], units, _unit_label)
        _limit(self.fields["handling_unit"], handling_units, _unit_label)

    @staticmethod
    def parties(text: str) -> list[tuple[str, str]]:
        parties = []
        for line in text.splitlines():
            parts = line.replace("，", " ").replace(",", " ").split()
            if not parts:
                continue
            phone = parts[-1] if len(parts) > 1 and re.fullmatch(r"[\d-]{7,24}", parts[-1]) else ""
            name = " ".join(parts[:-1] if phone else parts)[:100]
            parties.append((name, phone))
        return parties

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("applicants", "respondents"):
            if name in data:
                data[name] = self.parties(data[name])
                if not data[name]:
                    self.add_error(name, _("Name at least one party."))
        if data.get("handling_unit") and not data.get("deadline"):
            self.add_error("deadline", _("Set a deadline for the handling unit."))
        return data


class SessionForm(BootstrapForm):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    mediators = forms.CharField(label=_("Mediators"), max_length=200)
    summary = forms.CharField(
        label=_("What happened"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConcludeForm(BootstrapForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=MediationOutcome.choices, widget=forms.RadioSelect
    )
    agreement_text = forms.CharField(
        label=_("Agreement"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    referred_to = forms.CharField(label=_("Referred to"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].widget.attrs["class"] = "form-check-input"


def default_deadline(today: dt.date, days: int = 7) -> dt.date:
    return today + dt.timedelta(days=days)


class RequesterConfirmationForm(BootstrapForm):
    """The requester's own word on the public confirmation page."""

    resolution = forms.ChoiceField(
        label=_("Is your matter solved?"), choices=Resolution.choices, widget=forms.RadioSelect
    )
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
    )
    note = forms.CharField(
        label=_("Comment"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
