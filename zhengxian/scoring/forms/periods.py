"""The forms of a period's page: publishing a preview, correcting a published result."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhengxian.core.forms import BootstrapForm


class PublishForm(BootstrapForm):
    # Publishing freezes the ranking for good (a change is a new version with a reason):
    # the office confirms on the page, and the server checks it, not only a JS dialog.
    confirm = forms.BooleanField(
        label=_("I have checked the results: publish them"),
        required=True,
        error_messages={
            "required": _(
                "Tick the box to confirm: a published ranking is frozen and shown to every "
                "unit; a later change is a correction with a reason."
            )
        },
    )
    force = forms.BooleanField(
        label=_("Publish before the preview ends"),
        required=False,
        help_text=_("For example when every unit has confirmed its results."),
    )


class ScoreForm(BootstrapForm):
    """Scoring; a period still running (its last day after today) asks for ``running``."""

    running = forms.BooleanField(
        label=_("Score it anyway, knowing the period is not over"),
        required=False,
    )


class CorrectionForm(BootstrapForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "A published result never changes: the correction is a new version, shown in "
            "preview and then published with this reason."
        ),
    )
    include_changed_records = forms.BooleanField(
        label=_("Include the records changed since publication"),
        required=False,
        help_text=_(
            "Left unticked, records dated in this period keep the values that were "
            "published, so late entries and edits cannot change the ranking; the corrected "
            "version lists them either way."
        ),
    )
