"""Forms of the evaluator and appeal pages. Files are checked by content (check_upload)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhengxian.core.forms import BootstrapForm, set_choices_from
from zhengxian.core.uploads import check_upload
from zhengxian.core.widgets import AutocompleteMixin
from zhengxian.orgs.fields import UnitChoiceField, UnitsChoiceField, unit_search
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm

from ..models import AdjustmentKind, AdjustmentStatus, AppealStatus
from ..services.appeals import MAX_ATTACHMENTS

FILE_HELP = _("A photo (JPEG, PNG, GIF, WebP), a PDF, or a Word or Excel file.")


def _checked_file(upload: UploadedFile | None) -> UploadedFile | None:
    if upload:
        check_upload(upload)
    return upload or None


def _unit_label(unit: Any) -> str:
    return unit.name


def search_competing_kinds(field: forms.Field, units: Any) -> None:
    """The search box past the threshold offers units of the competing units' kinds only (the
    field still refuses any unit outside ``units``). A short list stays a plain select of
    ``units`` and needs no kinds."""
    widget = cast(AutocompleteMixin, field.widget)
    if not widget.is_autocomplete():
        return
    widget.params["kind"] = sorted(set(units.order_by().values_list("kind", flat=True).distinct()))


class AssessmentForm(BootstrapForm):
    points = forms.DecimalField(label=_("Points"), max_digits=7, decimal_places=2)
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why: a comment is required.")},
    )
    attachment = forms.FileField(label=_("Attachment"), required=False, help_text=FILE_HELP)

    def __init__(self, *args: Any, maximum: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.maximum = maximum
        self.fields["points"].widget.attrs.update(
            {"min": "0", "max": f"{maximum}", "step": "0.01", "inputmode": "decimal"}
        )
        self.fields["comment"].widget.attrs["placeholder"] = gettext("Comment (required)")
        for field in self.fields.values():
            field.widget.attrs["class"] += " form-control-sm"

    def clean_points(self) -> Decimal:
        points = self.cleaned_data["points"]
        if not Decimal(0) <= points <= self.maximum:
            raise ValidationError(
                _("Points must lie between 0 and %(max)s.") % {"max": self.maximum}
            )
        return points

    def clean_attachment(self) -> UploadedFile | None:
        return _checked_file(self.cleaned_data.get("attachment"))


class AdjustmentRequestForm(BootstrapForm):
    unit = UnitChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), search=unit_search(Perm.ASSESS)
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AdjustmentKind.choices)
    points = forms.DecimalField(
        label=_("Points"), max_digits=7, decimal_places=2, min_value=Decimal("0.01")
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason and the evidence for this item.")},
    )
    evidence = forms.FileField(label=_("Evidence"), required=False, help_text=FILE_HELP)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices_from(self.fields["unit"], units, _unit_label)
        search_competing_kinds(self.fields["unit"], units)
        self.fields["points"].widget.attrs.update({"step": "0.01", "inputmode": "decimal"})

    def clean_evidence(self) -> UploadedFile | None:
        return _checked_file(self.cleaned_data.get("evidence"))


class AdjustmentFilterForm(BootstrapForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *AdjustmentStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Bonus and penalty")), *AdjustmentKind.choices],
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
        search=unit_search(Perm.ASSESS),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices_from(self.fields["unit"], units, _unit_label)
        search_competing_kinds(self.fields["unit"], units)


class AdjustmentDecisionForm(BootstrapForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("Note (required to reject)")}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the item is rejected."))
        return data


class ChecklistCreateForm(BootstrapForm):
    checklist = forms.ChoiceField(label=_("Checklist"))
    name = forms.CharField(
        label=_("Item"), max_length=200, help_text=_("For example: 红色业委会 created.")
    )
    group: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Every unit of the group"),
        queryset=None,
        required=False,
        empty_label=_("Only the units ticked below"),
    )
    units = UnitsChoiceField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        required=False,
        checks=True,
        search=unit_search(Perm.MANAGE_CAMPAIGN),
    )

    def __init__(
        self, *args: Any, codes: dict[str, str], groups: Any, units: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["checklist"]).choices = [
            (code, f"{name} ({code})") for code, name in codes.items()
        ]
        set_choices_from(self.fields["group"], groups)
        set_choices_from(self.fields["units"], units, _unit_label)
        search_competing_kinds(self.fields["units"], units)
        self.fields["units"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if not data.get("group") and not data.get("units"):
            self.add_error("units", _("Choose a group or at least one unit."))
        return data


class ChecklistDoneForm(BootstrapForm):
    done_on = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say briefly what was done.")},
    )
    attachment = forms.FileField(label=_("Attachment"), required=False, help_text=FILE_HELP)

    def clean_attachment(self) -> UploadedFile | None:
        return _checked_file(self.cleaned_data.get("attachment"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class AppealForm(BootstrapForm):
    leaf = forms.ChoiceField(label=_("Indicator"))
    text = forms.CharField(
        label=_("What is wrong and why"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Explain what is wrong and why.")},
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args: Any, leaves: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = gettext(
            "Up to %(n)s files: photos, PDF, Word or Excel."
        ) % {"n": MAX_ATTACHMENTS}
        cast(forms.ChoiceField, self.fields["leaf"]).choices = [
            ("", _("Choose the indicator")),
            *((leaf.code, leaf.name) for leaf in leaves),
        ]

    def clean_attachments(self) -> list[UploadedFile]:
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("At most %(n)s files.") % {"n": MAX_ATTACHMENTS})
        errors = []
        for upload in files:
            try:
                check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files


class AppealFilterForm(BootstrapForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *AppealStatus.choices]
    )


class AppealDecisionForm(BootstrapForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept: correct the points")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    corrected_points = forms.DecimalField(
        label=_("Corrected points"), required=False, max_digits=7, decimal_places=2
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the decision.")},
    )

    def __init__(self, *args: Any, maximum: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.maximum = maximum
        self.fields["decision"].widget.attrs["class"] = "form-check-input"
        self.fields["corrected_points"].widget.attrs.update(
            {"min": "0", "max": f"{maximum}", "step": "0.01", "inputmode": "decimal"}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        points = data.get("corrected_points")
        if data.get("decision") == "accept" and (
            points is None or not Decimal(0) <= points <= self.maximum
        ):
            self.add_error(
                "corrected_points",
                _("Give the corrected points, between 0 and %(max)s.") % {"max": self.maximum},
            )
        return data
