"""Sign-ins: the logged-in person signs in to a session with the token of its QR code."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from zhengxian.activities import rules
from zhengxian.activities.services import sign_in

from ..errors import ErrorOut
from ..idempotency import idempotent_create

router = Router(tags=["activities"])


class SignInIn(Schema):
    token: str


class SignInCreated(Schema):
    id: int
    url: str
    session: int
    signed_at: dt.datetime
    late: bool


@router.post(
    "/sign-ins",
    response={201: SignInCreated, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Sign in to a session",
    description=(
        "Signs in the caller's own person (nobody else) to the session whose QR code carries "
        "`token`. The time is when the server receives it: a sign-in kept on a phone while "
        "offline counts when it is sent."
    ),
)
def sign_in_create(request: HttpRequest, payload: SignInIn) -> HttpResponse:
    from ..api import api

    def create() -> dict[str, object]:
        signed = sign_in(token=payload.token, actor=request.user)
        session = signed.session
        return {
            "id": signed.pk,
            "url": reverse("activities:sign_in", kwargs={"token": payload.token}),
            "session": session.pk,
            "signed_at": signed.signed_at.isoformat(),
            "late": rules.is_late(session, signed.signed_at),
        }

    return idempotent_create(
        api, request, operation="sign_in", payload=payload.dict(), create=create
    )
