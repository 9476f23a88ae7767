"""The cadre's phone page: reached by the QR code, one big button, own account only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from zhengxian.core import clock

from .. import rules
from ..errors import ActivityError
from ..models import Session, SignIn
from ..services import sign_in as sign_in_service
from ..services.signins import person_of, sign_in_refusal


@never_cache
@login_required
def sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the session and whether the user can sign in; POST signs them in.

    Nothing in the request names the person: it is always the logged-in account's.
    """
    session = Session.objects.select_related("activity__organiser").filter(token=token).first()
    if session is None:
        raise Http404
    if request.method == "POST":
        try:
            sign_in_service(token=token, actor=request.user)
        except ActivityError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Signed in."))
        return redirect("activities:sign_in", token=token)
    person = person_of(request.user)
    now = clock.now()
    mine = SignIn.objects.filter(session=session, person=person).first() if person else None
    context = {
        "session": session,
        "activity": session.activity,
        "person": person,
        "sign_in": mine,
        "late": mine is not None and rules.is_late(session, mine.signed_at),
        "refusal": None if mine else sign_in_refusal(session, person, now),
    }
    return render(request, "activities/sign_in.html", context)
