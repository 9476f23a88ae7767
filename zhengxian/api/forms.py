"""Running a page's Django form on an API payload, so that the API refuses exactly what the
page refuses, with the same words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict


def form_data(payload: Mapping[str, Any]) -> QueryDict:
    """The payload as the form data a browser would post (lists as repeated keys)."""
    data = QueryDict(mutable=True)
    for name, value in payload.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data.setlist(name, [str(item) for item in value])
        elif isinstance(value, bool):
            data[name] = "on" if value else ""
        else:
            data[name] = str(value)
    return data


def require_valid(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, or its errors raised as one ValidationError by field."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data
