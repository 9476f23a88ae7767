"""Progress reports: percent, text, problems, investment, quantities done and photos."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import month_key
from zhengxian.core import clock
from zhengxian.core.errors import NotAllowed
from zhengxian.core.uploads import check_upload
from zhengxian.orgs.models import Person

from ..models import ProgressPhoto, ProgressReport, Project
from ..selectors.access import can_report
from .status import project_refresh_status

MAX_PHOTOS = 6


def check_photos(photos: Sequence[UploadedFile]) -> list[str]:
    """The content type of each photo; ValidationError for a file that is not a photo."""
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)s photos per report.") % {"n": MAX_PHOTOS}})
    types = []
    for photo in photos:
        info = check_upload(photo)
        if not info.content_type.startswith("image/"):
            raise ValidationError(
                {
                    "photos": _("%(name)s is not a photo (JPEG, PNG, GIF or WebP).")
                    % {"name": info.name}
                }
            )
        types.append(info.content_type)
    return types


@transaction.atomic
def progress_report_create(
    *,
    actor: Any,
    project: Project,
    reported_on: dt.date,
    percent: Decimal,
    text: str,
    issues: str = "",
    investment: Decimal = Decimal(0),
    author: Person | None = None,
    quantities: Mapping[int, Decimal] | None = None,
    photos: Sequence[UploadedFile] = (),
    captions: Sequence[str] = (),
    today: dt.date | None = None,
    refresh: bool = True,
) -> ProgressReport:
    """Records a report and keeps the project's progress, investment and quantities.

    The author is the acting user's person unless given (the demo names one)."""
    if not can_report(actor, project):
        raise NotAllowed
    if author is None:
        author = Person.objects.filter(user_id=getattr(actor, "pk", None) or 0).first()
    today = today or clock.today()
    if reported_on > today:
        raise ValidationError({"reported_on": _("A report cannot be dated in the future.")})
    if reported_on < project.planned_start - dt.timedelta(days=366):
        raise ValidationError({"reported_on": _("The date lies long before the project starts.")})
    types = check_photos(photos)
    report = ProgressReport(
        project=project,
        reported_on=reported_on,
        month=month_key(reported_on),
        percent=percent,
        text=text,
        issues=issues,
        investment=investment,
        author=author,
    )
    report.full_clean()
    report.save()
    for index, (photo, content_type) in enumerate(zip(photos, types, strict=True)):
        caption = captions[index] if index < len(captions) else ""
        row = ProgressPhoto(
            report=report, file=photo, content_type=content_type, caption=caption[:100]
        )
        row.save()
    _set_quantities(project, quantities or {})
    _keep_totals(project)
    if refresh:
        project_refresh_status(project=project, today=today)
    return report


def _set_quantities(project: Project, values: Mapping[int, Decimal]) -> None:
    for quantity in project.quantities.filter(pk__in=list(values)):
        value = values[quantity.pk]
        if value is None or value == quantity.completed:
            continue
        quantity.completed = value
        quantity.full_clean()
        quantity.save()


def _keep_totals(project: Project) -> None:
    """The project's completed investment and latest progress, from its reports."""
    total = project.reports.aggregate(total=Sum("investment"))["total"] or Decimal(0)
    latest = project.reports.order_by("-reported_on", "-id").first()
    project.completed_investment = total
    project.progress = latest.percent if latest else Decimal(0)
    project.progress_on = latest.reported_on if latest else None
    project.save(update_fields=["completed_investment", "progress", "progress_on", "updated_at"])
