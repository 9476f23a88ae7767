from __future__ import annotations

import secrets
import string

from django.db import transaction

from .models import User

_ALPHABET = string.ascii_letters.replace("l", "").replace("I", "").replace("O", "") + "23456789"


def temporary_password() -> str:
    """A 12-character password without look-alike characters, to be read out or sent once."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(12))


@transaction.atomic
def user_set_temporary_password(*, user: User) -> str:
    """Sets a one-time password; the user must choose their own at next login."""
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    return password


@transaction.atomic
def user_change_password(*, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
