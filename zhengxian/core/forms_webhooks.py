"""The form of a webhook endpoint (the campaign office's page).

The owner unit and the recipient are chosen with `AutocompleteSelect`: an ordinary select
while the office's scope is small, a search box asking orgs' unit and person searches past
the threshold (a province has 24,000 units and 285,000 people), so the page never lists the
scope. The recipient is chosen as a person (what the person search finds) and saved as the
person's account. The view sets both querysets to the office's scope; the fields check a
submitted id against them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import BootstrapForm, set_choices_from
from .models import MessageType
from .notification_kinds import Kind
from .webhook_admin import MANAGE
from .widgets import AutocompleteSelect


class WebhookEndpointForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    url = forms.URLField(
        label=_("Webhook URL"),
        max_length=500,
        assume_scheme="https",
        required=False,
        help_text=_(
            "The robot's address from DingTalk, with its access_token. Leave empty to keep it."
        ),
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("The SEC… secret of the robot's signing setting. Leave empty to keep it."),
    )
    clear_secret = forms.BooleanField(label=_("Remove the signing secret"), required=False)
    owner_unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Owner unit"),
        queryset=None,  # type: ignore[arg-type]
        widget=AutocompleteSelect(
            "orgs:unit_search",
            params={"perm": [MANAGE]},
            placeholder=_("Type a unit's name or code"),
        ),
    )
    recipient: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Personal channel of"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=AutocompleteSelect(
            "orgs:person_search",
            params={"perm": [MANAGE]},
            placeholder=_("Type a name or a unit"),
        ),
        help_text=_("Empty: a unit channel, for news about the unit and the units below it."),
    )
    msgtype = forms.ChoiceField(label=_("Message type"), choices=MessageType.choices)
    kinds = forms.MultipleChoiceField(
        label=_("Kinds it receives"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind."),
    )
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)

    def __init__(self, *args: Any, units: Any, recipients: Any, **kwargs: Any) -> None:
        """``recipients``: people with their accounts (``select_related("user")``)."""
        super().__init__(*args, **kwargs)
        set_choices_from(self.fields["owner_unit"], units, lambda unit: unit.name)
        set_choices_from(self.fields["recipient"], recipients, _account_label)
        self.fields["kinds"].widget.attrs["class"] = "form-check-input me-1"

    def clean_recipient(self) -> Any:
        """The chosen person's account (an endpoint's recipient is an account)."""
        person = self.cleaned_data.get("recipient")
        return person.user if person is not None else None


def _account_label(person: Any) -> str:
    return f"{person.name} ({person.user.get_username()})"
