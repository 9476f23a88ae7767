"""Bounds on what a form accepts, so bad input is a form error, never a 500.

Dates lie in 2000–2100 (a typo such as 20266-03-01 or 0001-01-01 is refused, not stored);
free text has a length limit even where the model has none; ids are whole numbers that fit
a database integer (a 20-digit id overflows SQLite's INTEGER inside an ``IN`` query).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
MAX_ID = 2**63 - 1
TEXT_LIMIT = 200
LONG_TEXT_LIMIT = 4000


def parse_id(raw: object) -> int | None:
    """``raw`` as a database id, or None when it is not one (text, sign, too big)."""
    text = str(raw if raw is not None else "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def check_date(value: dt.date | dt.datetime | None) -> None:
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_range",
            params={"first": FIRST_DAY.year, "last": LAST_DAY.year},
        )


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A multi-select whose values must be ids before the database sees them."""

    def clean(self, value: Any) -> Any:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        for pk in values:
            if parse_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class InputLimits:
    """Mixed into a form: bounds its date fields and its unbounded text fields."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(check_date)
                if isinstance(field, forms.DateField):
                    field.widget.attrs.setdefault("min", FIRST_DAY.isoformat())
                    field.widget.attrs.setdefault("max", LAST_DAY.isoformat())
            elif isinstance(field, forms.CharField) and field.max_length is None:
                long = isinstance(field.widget, forms.Textarea)
                field.max_length = LONG_TEXT_LIMIT if long else TEXT_LIMIT
                field.validators.append(MaxLengthValidator(field.max_length))
                field.widget.attrs.setdefault("maxlength", str(field.max_length))
