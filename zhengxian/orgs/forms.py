from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengxian.core.forms import BootstrapForm, set_choices_from

from .fields import UnitChoiceField, unit_search
from .models import Person, Unit, UnitKind
from .roles import Perm, Role

# What each view offers (active units where the user holds the permission), so that the search
# box of a long list offers the same units; the field still checks the submitted id against the
# view's queryset (unit_edit also leaves out the unit's own subtree).
MANAGED_UNITS = unit_search(Perm.MANAGE_UNITS)
STAFFED_UNITS = unit_search(Perm.MANAGE_PEOPLE)


def _indented_name(unit: Unit) -> str:
    return f"{'　' * unit.depth}{unit.name}"


class UnitForm(BootstrapForm):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    parent = UnitChoiceField(
        label=_("Parent unit"), queryset=Unit.objects.none(), required=False, search=MANAGED_UNITS
    )
    sort_order = forms.IntegerField(label=_("Order"), initial=0, required=False)
    is_active = forms.BooleanField(label=_("Active"), initial=True, required=False)

    def __init__(self, *args: Any, parents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices_from(self.fields["parent"], parents, _indented_name)


class PersonForm(BootstrapForm):
    name = forms.CharField(label=_("Real name"), max_length=50)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none(), search=STAFFED_UNITS)
    position = forms.CharField(label=_("Position"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=24, required=False)
    username = forms.CharField(
        label=_("Account"),
        max_length=150,
        required=False,
        help_text=_(
            "Leave empty for a person who does not log in. A new account gets a one-time password."
        ),
    )
    is_active = forms.BooleanField(label=_("Active"), initial=True, required=False)

    def __init__(
        self, *args: Any, units: Any, editing: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices_from(self.fields["unit"], units, _indented_name)
        if editing is not None and editing.user is not None:
            self.fields["username"].disabled = True


class RoleForm(BootstrapForm):
    """Offers only the roles and units the user may grant; the service checks the pair."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = UnitChoiceField(label=_("Over unit"), queryset=Unit.objects.none(), search=STAFFED_UNITS)

    def __init__(self, *args: Any, units: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices_from(self.fields["unit"], units, _indented_name)
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (value, label) for value, label in Role.choices if value in roles
        ]


class PeopleFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Search"), required=False)
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
        search=unit_search(),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices_from(self.fields["unit"], units, _indented_name)
