from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zhengxian.audit.models import Action
from zhengxian.audit.services import record_denied
from zhengxian.core.errors import NotAllowed
from zhengxian.core.forms import BootstrapForm
from zhengxian.core.pagination import capped_count
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from .selectors import audited_model_choices, entries_visible_to, entry_page


class AuditFilterForm(BootstrapForm):
    actor = forms.CharField(label=_("User"), required=False)
    action = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All events")), *Action.choices]
    )
    model = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["model"]).choices = [
            ("", _("All types")),
            *audited_model_choices(),
        ]


def _seq(request: HttpRequest, name: str) -> int | None:
    """A page edge from the query string (``before`` or ``after``); anything else is ignored."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) <= 18 else None


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_AUDIT)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = entries_visible_to(request.user, **{k: v for k, v in filters.items() if v})
    page = entry_page(
        entries,
        before=_seq(request, "before"),
        after=_seq(request, "after"),
        by_time=bool(filters.get("date_from") or filters.get("date_to")),
    )
    count, more = capped_count(entries)
    query = request.GET.copy()
    for edge in ("page", "before", "after"):
        query.pop(edge, None)
    context = {
        "form": form,
        "page": page,
        "count": count,
        "count_capped": more,
        "querystring": query.urlencode(),
    }
    return render(request, "audit/entry_list.html", context)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page (``handler403``); every refusal is recorded in the log."""
    # A refusal from a service carries a reason written for the user; Django's own carry none.
    reason = str(exception) if isinstance(exception, NotAllowed) and exception.args else ""
    record_denied(request, reason=reason)
    return render(request, "errors/403.html", {"reason": reason}, status=403)
