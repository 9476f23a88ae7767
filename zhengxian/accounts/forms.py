from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The account or password is wrong. After five failed attempts the account is "
            "locked for 30 minutes."
        ),
        "inactive": _("This account has been disabled. Ask your campaign office."),
    }
