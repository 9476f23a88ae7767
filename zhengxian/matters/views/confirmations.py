"""The requester's confirmation: sending the link, the public page behind it (no login,
rate-limited per address), and the outbox of the default SMS backend."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhengxian.core.errors import DomainError
from zhengxian.core.masking import mask_phone
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..forms import RequesterConfirmationForm
from ..models import OutgoingSms
from ..selectors.matters import matter_get_for
from ..services.confirmations import (
    ConfirmationInvalid,
    confirmation_for,
    confirmation_send,
    confirmation_use,
)

DEFAULT_RATE = 30  # requests per address and window on the public page
RATE_WINDOW = 600  # seconds


@login_required
@require_POST
def send_link(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = matter_get_for(request.user, matter_id)
    try:
        confirmation_send(
            actor=request.user, matter=matter, base_url=request.build_absolute_uri("/")
        )
    except DomainError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The link was sent to the requester's phone."))
    return redirect("matters:matter_detail", matter_id=matter.pk)


def _too_many(request: HttpRequest) -> bool:
    limit = int(getattr(settings, "ZHENGXIAN_CONFIRMATION_RATE", DEFAULT_RATE))
    key = f"zx-confirm:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > limit


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The requester's page: the token in the URL is their one-time credential."""
    if _too_many(request):
        return render(request, "matters/confirm_done.html", {"refused": True}, status=429)
    try:
        row = confirmation_for(token)
    except ConfirmationInvalid as error:
        return render(request, "matters/confirm_done.html", {"error": error.message}, status=404)
    form = RequesterConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            confirmation_use(
                token=token,
                resolution=data["resolution"],
                satisfaction=data["satisfaction"],
                note=data["note"],
            )
        except ConfirmationInvalid as error:
            return render(
                request, "matters/confirm_done.html", {"error": error.message}, status=404
            )
        return render(request, "matters/confirm_done.html", {"thanks": True})
    context = {"form": form, "matter": row.matter}
    return render(request, "matters/confirm.html", context, status=400 if form.errors else 200)


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    """What the default SMS backend would have sent (the office, in the demo)."""
    require(request.user, Perm.VIEW_AUDIT)
    page = Paginator(OutgoingSms.objects.all(), 50).get_page(request.GET.get("page"))
    rows = [(sms, mask_phone(sms.phone)) for sms in page.object_list]
    return render(request, "matters/outbox.html", {"page": page, "rows": rows})
