"""The form of a webhook endpoint (the campaign office's page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import BootstrapForm, set_choices_from
from .models import MessageType
from .notification_kinds import Kind


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
    )
    recipient: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Personal channel of"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
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
        super().__init__(*args, **kwargs)
        set_choices_from(self.fields["owner_unit"], units, lambda unit: unit.name)
        set_choices_from(self.fields["recipient"], recipients, _account_label)
        self.fields["kinds"].widget.attrs["class"] = "form-check-input me-1"


def _account_label(user: Any) -> str:
    person = getattr(user, "person", None)
    return f"{person.name} ({user.get_username()})" if person else user.get_username()
