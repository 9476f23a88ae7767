"""Scores given by people: a judging panel (擂台比武) and rater panels of residents or deputies.

Judging panel. A judge (a person who may assess) gives each competing unit a score of 0–100
for a panel (the ``panel`` code of a leaf whose source is ``panel``); `PanelSource` drops the
highest and the lowest and averages the rest. A judge re-entering a score corrects it until
the period is published; after that the period's inputs are frozen.

**Own unit.** A judge may not score the unit they belong to, nor any unit whose subtree
contains the judge's unit (a grid cadre may not score their community, a community cadre may
not score the sub-district). A judge may score units *below* their own unit: the sub-district's
officers judge its communities, which is what 擂台比武 is for.

Rater panels (居民考官团, 两代表一委员). The campaign office names a panel and adds raters;
each rater gets a personal link holding a random token (``secrets.token_urlsafe(32)``), which
the office can revoke. Through the link a rater gives each competing unit one rating of 1–5
per period, with an optional comment. A rating is never changed or replaced: a second one is
refused. Revoking a link stops new ratings; the ratings already given stay (they are the
evidence of published scores).

Nothing here records who opened a page or when: logins, clicks and time online are never
scored (减负).

The reads the panel pages need (and the rules they share with these writes: ``is_own_unit``,
``panel_codes``) live in ``zhengxian.scoring.selectors.panels``; they are imported here, so
``services.panels.<name>`` keeps working for them.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import Campaign, GroupMembership, Period, PeriodStatus
from zhengxian.core import clock
from zhengxian.core.errors import DomainError
from zhengxian.orgs.duties import require_not_own_unit
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require
from zhengxian.scoring.models import PanelScore, Rater, RaterPanel, Rating
from zhengxian.scoring.selectors.panels import (  # noqa: F401 - re-exported for the pages
    MatrixRow,
    UnitRow,
    is_own_unit,
    judge_rows,
    panel_codes,
    panel_matrix,
    rater_panels_of,
    rater_rows,
    rating_period,
    units_by_group,
)

PANEL_MIN = Decimal(0)
PANEL_MAX = Decimal(100)
RATING_MIN = 1
RATING_MAX = 5

# DomainError codes the public rating page turns into status codes.
UNKNOWN_LINK = "unknown_link"
REVOKED_LINK = "revoked_link"


# ---------------------------------------------------------------------------------------
# Rules shared by the writes and the pages
# ---------------------------------------------------------------------------------------


def _competing(campaign_id: int, unit: Unit) -> bool:
    return GroupMembership.objects.filter(
        campaign_id=campaign_id, unit=unit, unit__is_active=True
    ).exists()


def _require_unpublished(period: Period) -> None:
    if period.status == PeriodStatus.PUBLISHED:
        raise DomainError(
            _("This period is published; its inputs can no longer change."), code="published"
        )


# ---------------------------------------------------------------------------------------
# Judging panel
# ---------------------------------------------------------------------------------------


@transaction.atomic
def panel_score_enter(
    *, period: Period, panel: str, judge: Person, unit: Unit, score: Decimal, actor: Any
) -> PanelScore:
    """Enters (or corrects) ``judge``'s score of ``unit`` for ``panel`` in ``period``."""
    _require_unpublished(period)
    require(actor, Perm.ASSESS, unit)
    if panel not in panel_codes(period.campaign):
        raise DomainError(_("This campaign has no judging panel %(panel)s.") % {"panel": panel})
    if not _competing(period.campaign_id, unit):
        raise DomainError(_("%(unit)s does not compete in this campaign.") % {"unit": unit.name})
    if not judge.is_active:
        raise DomainError(
            _("%(judge)s is no longer active and cannot judge.") % {"judge": judge.name}
        )
    if is_own_unit(judge, unit):
        raise DomainError(
            _("%(judge)s belongs to %(unit)s and may not score it.")
            % {"judge": judge.name, "unit": unit.name},
            code="own_unit",
        )
    require_not_own_unit(actor, unit)  # nor enters scores for the unit they belong to
    if score is None or not PANEL_MIN <= score <= PANEL_MAX:
        raise ValidationError(
            {"score": _("%(unit)s: a score lies between 0 and 100.") % {"unit": unit.name}}
        )
    entry = PanelScore.objects.filter(period=period, panel=panel, judge=judge, unit=unit).first()
    if entry is None:
        entry = PanelScore(period=period, panel=panel, judge=judge, unit=unit)
    elif entry.score == score:
        return entry  # nothing changed: no write, no audit entry
    entry.score = score
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def panel_scores_enter(
    *, period: Period, panel: str, judge: Person, scores: Iterable[tuple[Unit, Decimal]], actor: Any
) -> list[PanelScore]:
    """Enters a judge's scores of several units at once: all of them or none."""
    _require_unpublished(period)
    return [
        panel_score_enter(
            period=period, panel=panel, judge=judge, unit=unit, score=score, actor=actor
        )
        for unit, score in scores
    ]


# ---------------------------------------------------------------------------------------
# Rater panels and raters
# ---------------------------------------------------------------------------------------


@transaction.atomic
def rater_panel_create(*, campaign: Campaign, code: str, name: str, actor: Any) -> RaterPanel:
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    code = code.strip()
    if RaterPanel.objects.filter(campaign=campaign, code=code).exists():
        raise ValidationError(
            {
                "code": _("This campaign has a rater panel with the code %(code)s already.")
                % {"code": code}
            }
        )
    panel = RaterPanel(campaign=campaign, code=code, name=name.strip())
    panel.full_clean()
    panel.save()
    return panel


@transaction.atomic
def rater_add(*, panel: RaterPanel, name: str, actor: Any, note: str = "") -> Rater:
    """Adds a rater with a fresh personal link token."""
    require(actor, Perm.MANAGE_CAMPAIGN, panel.campaign.owner_unit)
    rater = Rater(
        panel=panel, name=name.strip(), note=note.strip(), token=secrets.token_urlsafe(32)
    )
    rater.full_clean()
    rater.save()
    return rater


@transaction.atomic
def rater_revoke(*, rater: Rater, actor: Any) -> Rater:
    """Revokes the rater's link: it accepts no more ratings. Ratings given stay."""
    rater = (
        Rater.objects.select_for_update(of=("self",))
        .select_related("panel__campaign__owner_unit")
        .get(pk=rater.pk)
    )
    require(actor, Perm.MANAGE_CAMPAIGN, rater.panel.campaign.owner_unit)
    if rater.revoked_at is not None:
        raise DomainError(_("This link is revoked already."))
    rater.revoked_at = clock.now()
    rater.save(update_fields=["revoked_at"])
    return rater


# ---------------------------------------------------------------------------------------
# Ratings
# ---------------------------------------------------------------------------------------


def rater_by_token(token: str) -> Rater:
    """The rater behind a link; DomainError (code unknown_link or revoked_link) otherwise."""
    rater = (
        Rater.objects.select_related("panel__campaign").filter(token=token).first()
        if token
        else None
    )
    if rater is None:
        raise DomainError(_("This rating link does not exist."), code=UNKNOWN_LINK)
    if rater.revoked_at is not None:
        raise DomainError(_("This rating link has been withdrawn."), code=REVOKED_LINK)
    return rater


@dataclass(frozen=True)
class RatingEntry:
    unit: Unit
    score: int
    comment: str = ""


def _rating_save(*, rater: Rater, period: Period, entry: RatingEntry) -> Rating:
    unit = entry.unit
    if period.campaign_id != rater.panel.campaign_id:
        raise DomainError(_("This link does not rate this campaign."))
    if period.status not in (PeriodStatus.OPEN, PeriodStatus.PREVIEW):
        raise DomainError(
            _("%(period)s is closed to ratings.") % {"period": period.label}, code="period_closed"
        )
    if not _competing(period.campaign_id, unit):
        raise DomainError(_("%(unit)s does not compete in this campaign.") % {"unit": unit.name})
    if (
        isinstance(entry.score, bool)
        or not isinstance(entry.score, int)
        or not RATING_MIN <= entry.score <= RATING_MAX
    ):
        raise ValidationError({"score": _("%(unit)s: choose 1 to 5 stars.") % {"unit": unit.name}})
    already = DomainError(
        _("You have rated %(unit)s for %(period)s already; a rating cannot be changed.")
        % {"unit": unit.name, "period": period.label},
        code="already_rated",
    )
    if Rating.objects.filter(period=period, rater=rater, unit=unit).exists():
        raise already
    rating = Rating(
        period=period,
        panel=rater.panel,
        rater=rater,
        unit=unit,
        score=entry.score,
        comment=entry.comment.strip(),
    )
    rating.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: a twin request may have won the race
            rating.save()
    except IntegrityError:
        raise already from None
    return rating


@transaction.atomic
def rating_submit(
    *, token: str, period: Period, unit: Unit, score: int, comment: str = ""
) -> Rating:
    """One rating by the rater behind ``token``: once per unit per period, never changed."""
    return ratings_submit(token=token, period=period, entries=[RatingEntry(unit, score, comment)])[
        0
    ]


@transaction.atomic
def ratings_submit(*, token: str, period: Period, entries: Sequence[RatingEntry]) -> list[Rating]:
    """Several ratings by one rater in one go: all of them are stored, or none."""
    rater = rater_by_token(token)
    # Lock the rater so that two submissions of the same link queue up (PostgreSQL).
    rater = (
        Rater.objects.select_for_update(of=("self",))
        .select_related("panel__campaign")
        .get(pk=rater.pk)
    )
    if rater.revoked_at is not None:
        raise DomainError(_("This rating link has been withdrawn."), code=REVOKED_LINK)
    if not entries:
        raise ValidationError(_("Choose stars for at least one unit."))
    return [_rating_save(rater=rater, period=period, entry=entry) for entry in entries]
