"""What every Excel import page shares: the upload is checked while the user waits (a file
with a problem imports nothing), and the writes start as a background job whose card the page
shows after the redirect (``?job=<id>``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

MAX_PROBLEMS_SHOWN = 200  # a page of problems is enough to fix a file; the rest are counted


@dataclass(frozen=True)
class ImportSubmission:
    form: forms.Form
    outcome: Any  # the app's start outcome: ``problems`` and ``result`` (the job, or None)
    redirect: HttpResponse | None

    @property
    def status(self) -> int:
        """400 when a submitted file was refused, so scripts see the refusal too."""
        return 400 if self.outcome is not None else 200


def submit_import(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    start: Callable[..., Any],
    url_name: str,
) -> ImportSubmission:
    """Binds the upload form; a valid file goes to ``start(upload=, user=)``, and a started job
    answers with a redirect back to ``url_name`` carrying the job's id."""
    posted = request.method == "POST"  # an empty POST is bound too: it says "choose a file"
    form = form_class(request.POST, request.FILES) if posted else form_class()
    outcome = None
    if posted and form.is_valid():
        outcome = start(upload=form.cleaned_data["file"], user=request.user)
        if outcome.result is not None:
            target = f"{reverse(url_name)}?job={outcome.result.id}"
            return ImportSubmission(form, outcome, redirect(target))
    return ImportSubmission(form, outcome, None)


def import_page_context(
    submission: ImportSubmission, *, shown: int = MAX_PROBLEMS_SHOWN, **extra: Any
) -> dict[str, Any]:
    problems = submission.outcome.problems if submission.outcome else []
    return {
        "form": submission.form,
        "outcome": submission.outcome,
        "problems": problems[:shown],
        "problems_total": len(problems),
        "problems_hidden": max(0, len(problems) - shown),
        "max_size": filesizeformat(settings.ZHENGXIAN_IMPORT_MAX_BYTES),
        "max_rows": settings.ZHENGXIAN_IMPORT_MAX_ROWS,
        **extra,
    }
