"""A select that becomes a search box when its list would be long.

``AutocompleteSelect(search_url)`` renders an ordinary ``<select>`` while the choices are few
(at most ``threshold``, by default the setting ``ZHENGXIAN_AUTOCOMPLETE_THRESHOLD``, 300). With
more, it renders a hidden ``<select>`` holding only the chosen option(s) and a text box that
asks ``search_url`` (``?q=…``, JSON ``{"results": [{"id", "label", "detail"}]}``) as the user
types; `core/static/core/autocomplete.js` does the typing, the list and the keys. The page
never lists the whole queryset: deciding costs one bounded query (is there a row past the
threshold?) and showing the choice one more (the chosen rows). The form field still checks
the submitted id against its queryset, so the search box only offers, it never authorises.

Core imports no app: the search URL is a URL name or a path, given by the app (orgs for units
and people, `zhengxian/orgs/fields.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import get_default_renderer
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

DEFAULT_THRESHOLD = 300
# At most this many chosen options are shown (a multiple choice given by a crafted URL).
MAX_CHOSEN = 500
_DB_INTEGER = 2**63


def autocomplete_threshold() -> int:
    """More choices than this, and a select becomes a search box."""
    return int(getattr(settings, "ZHENGXIAN_AUTOCOMPLETE_THRESHOLD", DEFAULT_THRESHOLD))


def _more_than(choices: Any, limit: int) -> bool:
    """True when ``choices`` hold more than ``limit`` entries; a queryset is asked for the
    row after the limit (one query that stops there), never counted in full or listed."""
    queryset = getattr(choices, "queryset", None)
    if queryset is not None:
        return queryset.order_by().values("pk")[limit : limit + 1].exists()
    return len(list(choices)) > limit


class AutocompleteMixin(forms.widgets.ChoiceWidget):
    """Mixed into a choice widget: renders it as the search box past the threshold, as itself
    below. ``params`` narrow the search (appended to the URL)."""

    autocomplete_template_name = "core/widgets/autocomplete.html"

    def __init__(
        self,
        search_url: str,
        attrs: dict[str, Any] | None = None,
        choices: Any = (),
        *,
        params: Mapping[str, str | Sequence[str]] | None = None,
        threshold: int | None = None,
        placeholder: Any = None,
    ) -> None:
        super().__init__(attrs, choices)
        self.search_url = search_url
        self.params = dict(params or {})
        self.threshold = threshold
        self.placeholder = placeholder
        self._decision: tuple[Any, bool] | None = None

    def is_autocomplete(self) -> bool:
        """Whether this widget renders as a search box (decided once per set of choices)."""
        choices = self.choices
        if self._decision is None or self._decision[0] is not choices:
            limit = self.threshold if self.threshold is not None else autocomplete_threshold()
            self._decision = (choices, _more_than(choices, limit))
        return self._decision[1]

    def url(self) -> str:
        url = self.search_url if "/" in self.search_url else reverse(self.search_url)
        if self.params:
            url += ("&" if "?" in url else "?") + urlencode(self.params, doseq=True)
        return url

    # -- the chosen options only ------------------------------------------------------------

    def _chosen(self, values: Iterable[str]) -> list[tuple[Any, str]]:
        wanted = [v for v in values if v not in ("", None)][:MAX_CHOSEN]
        if not wanted:
            return []
        choices: Any = self.choices
        queryset = getattr(choices, "queryset", None)
        field = getattr(choices, "field", None)
        if queryset is None or field is None:
            return [(v, label) for v, label in _flat(choices) if str(v) in wanted]
        key = field.to_field_name or "pk"
        meta = queryset.model._meta
        model_field = meta.pk if key == "pk" else meta.get_field(key)
        keys = []
        for raw in wanted:
            try:
                value = model_field.to_python(raw)
            except (ValidationError, TypeError, ValueError):
                continue
            if isinstance(value, int) and not -_DB_INTEGER < value < _DB_INTEGER:
                continue
            keys.append(value)
        if not keys:
            return []
        choice = choices.choice  # ModelChoiceIterator: (value, label) of a row
        return [choice(obj) for obj in queryset.filter(**{f"{key}__in": keys})]

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        if not self.is_autocomplete():
            return super().optgroups(name, value, attrs)
        chosen = self._chosen(value)
        if not chosen and not self.allow_multiple_selected:
            chosen = [("", "")]
        options = [
            {
                "name": name,
                "value": option_value,
                "label": str(label).strip(),  # no indentation in a text box
                "selected": True,
                "index": str(index),
                "attrs": {"selected": True},
                "type": "select",
                "template_name": "django/forms/widgets/select_option.html",
                "wrap_label": True,
            }
            for index, (option_value, label) in enumerate(chosen)
        ]
        return [(None, options, 0)]

    # -- rendering ---------------------------------------------------------------------------

    def id_for_label(self, id_: str, *args: Any, **kwargs: Any) -> str:
        if id_ and self.is_autocomplete():
            return f"{id_}_search"  # the label names the text box, not the hidden select
        return super().id_for_label(id_, *args, **kwargs)

    def use_required_attribute(self, initial: Any) -> bool:
        # A hidden select must not be required (the browser would block the form without
        # saying why); the form field says what is missing.
        if self.is_autocomplete():
            return False
        return super().use_required_attribute(initial)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if not self.is_autocomplete():
            return context
        widget = context["widget"]
        select_attrs = dict(widget["attrs"])
        select_id = select_attrs.get("id") or f"id_{name}"
        chosen = [
            option for group in widget["optgroups"] for option in group[1] if option["value"] != ""
        ]
        invalid = str(select_attrs.get("aria-invalid", "")).lower() == "true"
        input_attrs: dict[str, Any] = {
            "id": f"{select_id}_search",
            "class": "form-control" + (" is-invalid" if invalid else ""),
            "value": "" if self.allow_multiple_selected or not chosen else chosen[0]["label"],
            "placeholder": self.placeholder or _("Type a name to search"),
            "role": "combobox",
            "aria-autocomplete": "list",
            "aria-expanded": "false",
            "aria-controls": f"{select_id}_listbox",
            "autocomplete": "off",
            "autocapitalize": "off",
            "spellcheck": "false",
            "enterkeyhint": "search",
            "data-zx-ac-input": True,
        }
        for copied in ("aria-label", "aria-describedby", "aria-invalid", "disabled"):
            if copied in select_attrs:
                input_attrs[copied] = select_attrs[copied]
        if self.is_required:
            input_attrs["aria-required"] = "true"
        select_attrs.pop("required", None)
        select_attrs.update({"hidden": True, "tabindex": "-1", "aria-hidden": "true"})
        if self.allow_multiple_selected:
            select_attrs["multiple"] = True
        widget["attrs"] = select_attrs
        widget["autocomplete"] = {
            "url": self.url(),
            "multiple": self.allow_multiple_selected,
            "optional": not self.is_required,
            "chosen": chosen,
            "input": {"attrs": input_attrs},
            "listbox_id": f"{select_id}_listbox",
            "text": {
                "loading": _("Searching…"),
                "empty": _("Nothing matches."),
                "error": _("The search failed: try again."),
                "hint": _("Type a name to search"),
                "count": _("%(n)s found"),
                "clear": _("Clear"),
                "remove": _("Remove"),
            },
        }
        return context

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        context = self.get_context(name, value, attrs)
        template = self.autocomplete_template_name if self.is_autocomplete() else self.template_name
        assert template is not None
        return mark_safe(  # rendered by a template, as Widget.render does
            (renderer or get_default_renderer()).render(template, context)
        )


class AutocompleteSelect(AutocompleteMixin, forms.Select):
    """A select of one; the search box past the threshold."""


class AutocompleteSelectMultiple(AutocompleteMixin, forms.SelectMultiple):
    """A select of many; past the threshold the search box, the chosen ones as removable
    tags above it."""


class AutocompleteCheckboxSelectMultiple(AutocompleteMixin, forms.CheckboxSelectMultiple):
    """Check boxes while few; the search box with tags past the threshold."""


def _flat(choices: Any) -> Iterable[tuple[Any, str]]:
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield value, label


class TickList(forms.CheckboxSelectMultiple):
    """A short list of ticks in Bootstrap's form-check layout (Django's own wraps each tick
    in a bare label, and the form's class would land on the list's container too)."""

    template_name = "core/widgets/ticks.html"
    option_template_name = "core/widgets/tick.html"
