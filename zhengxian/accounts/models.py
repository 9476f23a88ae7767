from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. The person behind it (real name, unit, roles) is `orgs.Person`."""

    must_change_password = models.BooleanField(
        _("must change password at next login"), default=False
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
