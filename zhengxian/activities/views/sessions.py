"""A session's page, its organiser actions, the big-screen QR page and the QR image."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhengxian.core import clock
from zhengxian.core.forms import add_service_errors
from zhengxian.orgs.models import Person
from zhengxian.orgs.roles import Perm

from .. import rules, services
from ..errors import ActivityError
from ..forms import CancelForm, ManualSignInForm, ParticipantsForm, aware
from ..models import ExpectedAttendee, Session, SignIn
from ..selectors.access import can_organise, session_get_for
from ..selectors.attendance import counts_of, session_counts, session_roster
from ..services.sessions import session_actions
from .common import local_now, refuse


def _sign_in_url(request: HttpRequest, session: Session) -> str:
    return request.build_absolute_uri(reverse("activities:sign_in", args=[session.token]))


def _manual_people(session: Session):
    signed = SignIn.objects.filter(session=session).values("person_id")
    expected = ExpectedAttendee.objects.filter(session=session).values("person_id")
    return (
        Person.objects.filter(pk__in=expected)
        .exclude(pk__in=signed)
        .select_related("unit")
        .order_by("unit__path", "name")
    )


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = session_get_for(request.user, session_id)
    now = clock.now()
    organiser = can_organise(request.user, session.activity)
    roster = session_roster(request.user, session, now)
    context = {
        "session": session,
        "activity": session.activity,
        "roster": roster,
        "counts": counts_of(roster),
        "can_organise": organiser,
        "actions": session_actions(session, request.user) if organiser else [],
        "window_opens": rules.window_opens(session),
        "window_closes": rules.window_closes(session),
        "manual_form": ManualSignInForm(people=_manual_people(session))
        if organiser and session.is_held
        else None,
        "cancel_form": CancelForm() if organiser else None,
        "participants_form": ParticipantsForm(initial={"participants": session.participants})
        if organiser and session.activity.is_event
        else None,
        "changes": session.changes.select_related("by").order_by("at", "pk") if organiser else (),
        "now": local_now(),
    }
    return render(request, "activities/session_detail.html", context)


@login_required
@require_POST
def session_action(request: HttpRequest, session_id: int, action: str) -> HttpResponse:
    """open, close, rotate, cancel, record_held, participants: one service call each."""
    session = session_get_for(request.user, session_id, Perm.ORGANISE_ACTIVITIES)
    target = "activities:session_screen" if request.POST.get("next") == "screen" else None
    try:
        if action == "open":
            services.session_open(session=session, actor=request.user)
            messages.success(request, _("Sign-in is open."))
            target = "activities:session_screen"
        elif action == "close":
            services.session_close(session=session, actor=request.user)
            messages.success(request, _("Sign-in is closed."))
        elif action == "rotate":
            services.session_rotate_token(session=session, actor=request.user)
            messages.success(
                request, _("A new sign-in code is shown; the old one no longer works.")
            )
        elif action == "cancel":
            form = CancelForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.session_cancel(session=session, actor=request.user, reason=reason)
            messages.success(request, _("The session is cancelled."))
        elif action == "record_held":
            services.session_record_held(
                session=session, actor=request.user, participants=_count(request)
            )
            messages.success(request, _("The session is recorded as held."))
        elif action == "participants":
            participants = _count(request)
            if participants is None:
                raise ValidationError(_("Enter a number of 0 or more."))
            services.session_set_participants(
                session=session, actor=request.user, participants=participants
            )
            messages.success(request, _("Participants saved."))
        else:
            raise Http404
    except ActivityError as error:
        refuse(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(target or "activities:session_detail", session_id=session.pk)


def _count(request: HttpRequest) -> int | None:
    form = ParticipantsForm(request.POST)
    return form.cleaned_data["participants"] if form.is_valid() else None


@login_required
def session_manual(request: HttpRequest, session_id: int) -> HttpResponse:
    """An organiser records a sign-in by hand, with a reason (audited)."""
    session = session_get_for(request.user, session_id, Perm.ORGANISE_ACTIVITIES)
    form = ManualSignInForm(request.POST or None, people=_manual_people(session))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        signed_at = (
            aware(timezone.localdate(session.starts_at), data["time"]) if data["time"] else None
        )
        try:
            row = services.sign_in_by_hand(
                session=session,
                person=data["person"],
                reason=data["reason"],
                actor=request.user,
                signed_at=signed_at,
            )
        except ActivityError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Sign-in of %(name)s recorded.") % {"name": row.person.name}
            )
            return redirect("activities:session_detail", session_id=session.pk)
    return render(request, "activities/session_manual.html", {"form": form, "session": session})


@never_cache
@login_required
def session_screen(request: HttpRequest, session_id: int) -> HttpResponse:
    """The organiser's big screen: the QR code and a live count (htmx polls the count)."""
    session = session_get_for(request.user, session_id, Perm.ORGANISE_ACTIVITIES)
    context = {
        "session": session,
        "activity": session.activity,
        "counts": session_counts(session, clock.now()),
        "actions": session_actions(session, request.user),
        "sign_in_url": _sign_in_url(request, session),
        "window_opens": rules.window_opens(session),
        "window_closes": rules.window_closes(session),
    }
    template = "activities/session_screen.html"
    partial = getattr(request, "htmx", False)  # django-htmx sets it on every request
    return render(request, f"{template}#count" if partial else template, context)


@never_cache
@login_required
def session_qr(request: HttpRequest, session_id: int) -> HttpResponse:
    """The QR code of the session's current sign-in link, as SVG (organisers only)."""
    session = session_get_for(request.user, session_id, Perm.ORGANISE_ACTIVITIES)
    buffer = io.BytesIO()
    segno.make(_sign_in_url(request, session), error="m").save(
        buffer, kind="svg", scale=8, border=2, xmldecl=False, title=session.activity.title
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
