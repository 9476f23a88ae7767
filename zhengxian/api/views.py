"""The user's own API tokens: list, make (the value is shown once), revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhengxian.core.forms import BootstrapForm, add_service_errors

from .tokens import MAX_DAYS, token_create, token_revoke, tokens_of


class TokenForm(BootstrapForm):
    name = forms.CharField(
        label=gettext_lazy("Token name"),
        max_length=80,
        help_text=gettext_lazy("What uses it, e.g. “district data platform”."),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=90
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Read only (cannot log visits or change anything)"),
        required=False,
        initial=True,
    )


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """GET lists the tokens; POST makes one and shows its value on this answer only."""
    form = TokenForm(request.POST or None)
    shown_once = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _token, shown_once = token_create(
                actor=request.user,
                name=data["name"],
                days=data["days"],
                read_only=data["read_only"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = TokenForm()
    context = {"form": form, "tokens": tokens_of(request.user), "shown_once": shown_once}
    return render(request, "api/token_list.html", context)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = token_revoke(actor=request.user, token_id=token_id)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_pages:tokens")
