"""Form fields that choose units and people of the user's scope, at any size.

A field lists its queryset as an ordinary ``<select>`` while it is short; past the threshold
(the setting ``ZHENGXIAN_AUTOCOMPLETE_THRESHOLD``, 300 choices) it renders a search box that
asks ``orgs:unit_search`` / ``orgs:person_search`` as the user types, and the page carries only
the chosen option(s) (`zhengxian.core.widgets.AutocompleteSelect`). Either way the view still
sets the queryset (the user's scope) and the field checks a submitted id against it: one
indexed lookup, and the usual "Select a valid choice" for an id outside it.

``search=`` narrows what the box offers to what the queryset holds, e.g.
``unit_search(Perm.RECORD_WORK, exclude_kinds=[UnitKind.DISTRICT])`` for the units a visit may
be logged for. The search never widens the scope; the field decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengxian.core.input_limits import IdsChoiceField
from zhengxian.core.widgets import (
    AutocompleteCheckboxSelectMultiple,
    AutocompleteMixin,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)

from .models import Person, Unit
from .roles import Perm


@dataclass(frozen=True)
class SearchBox:
    """Which search endpoint a box asks, with the parameters that narrow it."""

    url_name: str
    params: dict[str, list[str]] = field(default_factory=dict)
    placeholder: Any = None  # text, or a lazy translation

    def widget(
        self, *, multiple: bool = False, checks: bool = False, attrs: dict[str, Any] | None = None
    ) -> AutocompleteMixin:
        """The widget: a select of one, of many (``multiple``), or check boxes (``checks``)
        while the choices are few."""
        widget_class: type[AutocompleteMixin] = AutocompleteSelect
        if checks:
            widget_class = AutocompleteCheckboxSelectMultiple
        elif multiple:
            widget_class = AutocompleteSelectMultiple
        return widget_class(
            self.url_name, attrs=attrs, params=self.params, placeholder=self.placeholder
        )


def _params(**lists: Sequence[str]) -> dict[str, list[str]]:
    return {name: [str(v) for v in values] for name, values in lists.items() if values}


def unit_search(
    *perms: Perm, kinds: Sequence[str] = (), exclude_kinds: Sequence[str] = ()
) -> SearchBox:
    """Active units where the user holds one of ``perms`` (any unit they see if none)."""
    return SearchBox(
        "orgs:unit_search",
        _params(perm=perms, kind=kinds, exclude_kind=exclude_kinds),
        _("Type a unit's name or code"),
    )


def person_search(*perms: Perm, roles: Sequence[str] = ()) -> SearchBox:
    """Active people of the units where the user holds one of ``perms``; of ``roles`` if any."""
    return SearchBox(
        "orgs:person_search", _params(perm=perms, role=roles), _("Type a name or a unit")
    )


class _SearchBoxMixin:
    multiple = False

    def __init__(
        self,
        *args: Any,
        search: SearchBox | None = None,
        attrs: dict[str, Any] | None = None,
        checks: bool = False,
        **kwargs: Any,
    ) -> None:
        if "widget" not in kwargs:
            kwargs["widget"] = (search or self.default_search()).widget(
                multiple=self.multiple, checks=checks, attrs=attrs
            )
        super().__init__(*args, **kwargs)

    @staticmethod
    def default_search() -> SearchBox:
        raise NotImplementedError


class UnitChoiceField(_SearchBoxMixin, forms.ModelChoiceField):
    """One unit, labelled by its name."""

    @staticmethod
    def default_search() -> SearchBox:
        return unit_search()

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class PersonChoiceField(_SearchBoxMixin, forms.ModelChoiceField):
    """One person, labelled 姓名（职务 or 单位）; its queryset should ``select_related("unit")``."""

    @staticmethod
    def default_search() -> SearchBox:
        return person_search()

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.position or obj.unit.name}）"


class UnitsChoiceField(_SearchBoxMixin, IdsChoiceField):
    """Several units, labelled by their names."""

    multiple = True

    @staticmethod
    def default_search() -> SearchBox:
        return unit_search()

    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class PeopleChoiceField(_SearchBoxMixin, IdsChoiceField):
    """Several people, labelled 姓名 · 单位; its queryset should ``select_related("unit")``."""

    multiple = True

    @staticmethod
    def default_search() -> SearchBox:
        return person_search()

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} · {obj.unit.name}"
