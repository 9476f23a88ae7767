from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Shows a service's ValidationError on the form: on its fields where they exist."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def set_choices_from(
    field: forms.Field, queryset: Any, label: Callable[[Any], str] | None = None
) -> None:
    """Points a model choice field at ``queryset``; ``label`` says how an option reads."""
    choice_field = cast(forms.ModelChoiceField, field)
    choice_field.queryset = queryset
    if label is not None:
        # Django's documented way to label options is to override this method; per field here.
        choice_field.label_from_instance = label  # type: ignore[method-assign, assignment]


class BootstrapForm(forms.Form):
    """Gives every widget the Bootstrap 5 class its type needs."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
