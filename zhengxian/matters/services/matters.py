"""Filing matters, linking further reports to open ones, and their attachments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import month_key
from zhengxian.core.errors import NotAllowed
from zhengxian.core.notification_kinds import Kind
from zhengxian.core.uploads import UploadInfo, check_upload
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..duplicates import find_repeat_of, index_matter
from ..errors import LinkNotAllowed
from ..models import (
    Enterprise,
    Matter,
    MatterAttachment,
    MatterLink,
    MatterOrigin,
    MatterState,
    RectificationKind,
    Site,
    SupervisionDay,
    Visit,
)
from ..selectors.matters import matters_visible_to
from ..workflow import OPEN_STATES, Action, Actor, may_comment, may_dispatch, may_handle
from .common import handlers_of, matter_url, moment, notify_later, require_any
from .history import history_record

# Attachments are photos or PDFs (checked on the content), at most this many bytes each.
ATTACHMENT_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"}
)
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_PER_MATTER = 20

# Who may file a matter for a reporting unit, per origin.
_REPORT_PERMS = (Perm.RECORD_WORK, Perm.HANDLE_MATTERS)
_SUPERVISION_PERMS = (Perm.SUPERVISE,)


@transaction.atomic
def matter_create(
    *,
    actor: Any,
    title: str,
    origin: str,
    reporting_unit: Unit,
    description: str = "",
    category: str = "other",
    requester_name: str = "",
    requester_phone: str = "",
    place: str = "",
    target_unit: Unit | None = None,
    enterprise: Enterprise | None = None,
    site: Site | None = None,
    visit: Visit | None = None,
    supervision_day: SupervisionDay | None = None,
    rectification_kind: str = "",
    action_code: str = "",
    attachments: Sequence[UploadedFile] = (),
    at: dt.datetime | None = None,
    is_demo: bool = False,
) -> Matter:
    """Files a matter as `reported`, waiting at the reporting unit, and flags a repeat.

    ``attachments`` are checked before anything is written and stored in the same
    transaction: a refused file leaves no matter. ``at`` backdates the filing (the demo).
    """
    perms = _SUPERVISION_PERMS if origin == MatterOrigin.SUPERVISION else _REPORT_PERMS
    require_any(actor, perms, reporting_unit)
    attachments_check(attachments)
    when, day = moment(at)
    if origin == MatterOrigin.SUPERVISION and not rectification_kind:
        rectification_kind = RectificationKind.SUPERVISION_DAY
    _check_rectification(origin, rectification_kind, action_code)
    matter = Matter(
        title=title.strip(),
        description=description.strip(),
        category=category,
        origin=origin,
        rectification_kind=rectification_kind,
        action_code=action_code,
        reporting_unit=reporting_unit,
        dispatch_unit=reporting_unit,
        reported_by=actor,
        requester_name=requester_name.strip(),
        requester_phone=requester_phone.strip(),
        place=place.strip(),
        target_unit=target_unit,
        enterprise=enterprise,
        site=site,
        visit=visit,
        supervision_day=supervision_day,
        reported_on=day,
        reported_month=month_key(day),
        is_demo=is_demo,
    )
    matter.full_clean()
    matter.save()
    matter.repeat_of = find_repeat_of(matter)
    if matter.repeat_of is not None:
        matter.save(update_fields=["repeat_of", "updated_at"])
    index_matter(matter)
    extra = {"repeat_of": matter.repeat_of_id} if matter.repeat_of_id else {}
    history_record(
        matter=matter,
        action=Action.REPORT,
        from_state="",
        to_state=MatterState.REPORTED,
        actor=actor,
        note=matter.description[:2000],
        extra=extra,
        at=when,
    )
    notify_later(
        recipients=handlers_of(reporting_unit),
        text=_("New matter to assign: %(title)s") % {"title": matter.title},
        kind=Kind.MATTER_NEW,
        url=matter_url(matter.pk),
        skip=actor,
        unit=reporting_unit,
    )
    for upload in attachments:
        matter_attach(matter=matter, actor=actor, upload=upload)
    return matter


def _check_rectification(origin: str, kind: str, action_code: str) -> None:
    if kind == RectificationKind.SPECIAL_ACTION and not action_code:
        raise ValidationError({"action_code": _("Give the code of the special action.")})
    if origin == MatterOrigin.RECTIFICATION and not kind:
        raise ValidationError({"rectification_kind": _("Say what the item rectifies.")})
    if kind and origin not in {MatterOrigin.RECTIFICATION, MatterOrigin.SUPERVISION}:
        raise ValidationError(
            {
                "rectification_kind": _(
                    "Only rectification items and supervision findings rectify something."
                )
            }
        )


@transaction.atomic
def matter_link_report(
    *,
    matter: Matter,
    actor: Any,
    text: str,
    requester_name: str = "",
    visit: Visit | None = None,
    visible: Any = None,
) -> MatterLink:
    """Adds a further report to an open matter instead of filing a new one.

    ``visible`` is the reporter's queryset of matters (their scope): the link must stay in it.
    """
    if matter.state not in OPEN_STATES:
        raise LinkNotAllowed(_("This matter is closed; file a new matter instead."))
    if visible is None:
        visible = matters_visible_to(actor)
    if not visible.filter(pk=matter.pk).exists():
        raise LinkNotAllowed(_("You cannot link to this matter."))
    if not scope_for(actor).has(Perm.RECORD_WORK) and not scope_for(actor).has(Perm.HANDLE_MATTERS):
        raise NotAllowed
    link = MatterLink(
        matter=matter,
        visit=visit,
        text=text.strip(),
        requester_name=requester_name.strip(),
        reported_by=actor,
    )
    link.full_clean()
    link.save()
    when, _day = moment(None)
    history_record(
        matter=matter,
        action=Action.LINK,
        from_state=matter.state,
        to_state=matter.state,
        actor=actor,
        note=_("Reported again: %(text)s") % {"text": link.text[:1900]},
        extra={"link": link.pk},
        at=when,
    )
    return link


def attachments_check(uploads: Sequence[UploadedFile]) -> None:
    """Checks files for one matter before anything is written: the count, then each file's
    content and size (`check_upload`). Raises ValidationError naming the refused file."""
    if len(uploads) > ATTACHMENTS_PER_MATTER:
        raise ValidationError(
            _("A matter holds at most %(n)s attachments.") % {"n": ATTACHMENTS_PER_MATTER}
        )
    for upload in uploads:
        _check_attachment(upload)


def _check_attachment(upload: UploadedFile) -> UploadInfo:
    info = check_upload(upload, max_bytes=ATTACHMENT_MAX_BYTES)
    if info.content_type not in ATTACHMENT_TYPES:
        raise ValidationError(
            {
                "attachment": _("The file %(name)s is not a photo (JPEG, PNG, GIF, WebP) or a PDF.")
                % {"name": info.name}
            }
        )
    return info


def may_attach(actor: Any, matter: Matter) -> bool:
    """Who may add a file to a matter: whoever may comment on, handle or dispatch it."""
    who = Actor.of(actor)
    return any(may(who, matter) for may in (may_comment, may_handle, may_dispatch))


@transaction.atomic
def matter_attach(*, matter: Matter, actor: Any, upload: UploadedFile) -> MatterAttachment:
    """Stores a photo or PDF, checked by its content and size, never by its name."""
    if not may_attach(actor, matter):
        raise NotAllowed
    if matter.state == MatterState.CLOSED:
        raise ValidationError(_("A closed matter takes no more attachments."))
    if matter.attachments.count() >= ATTACHMENTS_PER_MATTER:
        raise ValidationError(
            _("A matter holds at most %(n)s attachments.") % {"n": ATTACHMENTS_PER_MATTER}
        )
    info = _check_attachment(upload)
    attachment = MatterAttachment(
        matter=matter,
        name=info.name,
        content_type=info.content_type,
        size=info.size,
        uploaded_by=actor,
    )
    attachment.file.save(info.name, upload, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment
