"""Publications (晾晒): the snapshots the caller may see, each with its rows as published, its
digest and the digest it chains to, and the server's verification of them (routers/scoring.py
mounts this router)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router

from zhengxian.campaigns.selectors import campaign_get_for, campaigns_visible_to, period_get_for
from zhengxian.core.client_ip import client_ip
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for
from zhengxian.scoring import selectors
from zhengxian.scoring.models import ScoreSheet, SheetStatus
from zhengxian.scoring.selectors.publication_modes import Standing, mode_units, sees_full_ranking
from zhengxian.scoring.services.publication import (
    sheet_rows_by_code,
    stored_row_content,
    verify_publications,
)

from ..auth import api_auth
from ..pagination import Page, cursor_slice
from ..ratelimit import check_rate
from ..schemas_scoring import (
    PublicationDetailOut,
    PublicationOut,
    PublicationParams,
    VerificationOut,
)
from .scoring_common import cents, checked_limit, period_ref, standing_out, unit_ref

router = Router(tags=["publications"])


class PublicVisitor:
    """A caller with neither token nor session: the visitor of the public ranking pages
    (``public_rankings``), which show every campaign's current publication to anyone. Counted
    against the rate limit by address. A request that sends a token the API does not know
    stays a 401: it never falls back to the public view."""

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get("Authorization"):
            return None
        check_rate(f"ip:{client_ip(request)}")
        return AnonymousUser()


PUBLIC_OR_SIGNED_IN = [*api_auth(), PublicVisitor()]


def public_publications() -> QuerySet[ScoreSheet]:
    """What the public ranking pages show: each period's current publication, of every
    campaign; never a preview, never a version a correction superseded."""
    return ScoreSheet.objects.filter(
        status=SheetStatus.PUBLISHED, publication_seq__isnull=False
    ).select_related("period__campaign__owner_unit")


def publications_visible_to(user: Any) -> QuerySet[ScoreSheet]:
    """The published snapshots of the campaigns the caller sees: the one each period shows
    now, and, for the campaign's managers (office, evaluators), the versions a correction
    superseded, as the period page lists them."""
    campaigns = list(campaigns_visible_to(user).select_related("owner_unit"))
    managed = [c.pk for c in campaigns if selectors.manages_campaign(user, c)]
    return ScoreSheet.objects.filter(
        Q(status=SheetStatus.PUBLISHED) | Q(period__campaign_id__in=managed),
        publication_seq__isnull=False,
        period__campaign_id__in=[c.pk for c in campaigns],
    ).select_related("period__campaign__owner_unit")


def publications_for(user: Any) -> QuerySet[ScoreSheet]:
    """A signed-in caller's publications by scope; a public visitor's as the public pages."""
    if not user.is_authenticated:
        return public_publications()
    return publications_visible_to(user)


def publication_get_for(user: Any, publication_id: int) -> ScoreSheet:
    sheet = publications_for(user).filter(pk=publication_id).first()
    if sheet is None:
        raise Http404
    return sheet


def _publication_out(sheet: ScoreSheet) -> dict[str, Any]:
    period = sheet.period
    return {
        "id": sheet.pk,
        "publication_seq": sheet.publication_seq,
        "campaign_id": period.campaign_id,
        "campaign_code": period.campaign.code,
        "period": period_ref(period),
        "version": sheet.version,
        "status": sheet.status,
        "reason": sheet.reason,
        "published_at": sheet.published_at,
        "digest": sheet.digest,
        "prev_digest": sheet.prev_digest,
    }


@router.get(
    "/publications",
    response=Page[PublicationOut],
    summary="Published results (晾晒) the caller may see",
    auth=PUBLIC_OR_SIGNED_IN,
    description=(
        "No token needed: without a token or a session the answer is what the public "
        "ranking pages show anyone, the current publication of every campaign. "
        "Each publication is a frozen snapshot of a period's result with a SHA-256 `digest`, "
        "chained to the publication before it (`prev_digest`), latest first."
    ),
)
def publication_list(request: HttpRequest, params: Query[PublicationParams]) -> Any:
    user = request.user
    limit = checked_limit(params.limit)
    sheets = publications_for(user)
    if not user.is_authenticated:  # the public pages: every campaign's publications
        if params.campaign is not None:
            sheets = sheets.filter(period__campaign_id=params.campaign)
        if params.period is not None:
            sheets = sheets.filter(period_id=params.period)
    else:
        if params.campaign is not None:
            sheets = sheets.filter(period__campaign=campaign_get_for(user, params.campaign))
        if params.period is not None:
            sheets = sheets.filter(period=period_get_for(user, params.period))
    page = cursor_slice(sheets, cursor=params.cursor, limit=limit, order=("-publication_seq",))
    return {"items": [_publication_out(s) for s in page.items], "next_cursor": page.next_cursor}


def _published_rows(user: Any, sheet: ScoreSheet) -> tuple[str, list[dict[str, Any]]]:
    """The snapshot's rows in the order its digest takes them, with what the caller reads."""
    period = sheet.period
    campaign = period.campaign
    scope = scope_for(user)
    full = sees_full_ranking(user, campaign)  # the office, or everyone in the full mode
    marks: dict[int, Standing] = {}
    if not full:
        _tiers, groups = mode_units(sheet, period)
        marks = {
            unit.unit_id: Standing(campaign.publication_mode, unit.tier, unit.red, unit.black)
            for _code, _name, units in groups
            for unit in units
        }
    rows = []
    for row, code in sheet_rows_by_code(sheet):
        opens = full and scope.can(Perm.VIEW_SCORES, row.unit)
        rows.append(
            {
                "unit": unit_ref(row.unit),
                "group": row.group_code,
                "total": cents(row.total) if full else None,
                "rank": row.rank if full else None,
                "group_size": row.group_size if full else None,
                "standing": None if full else standing_out(marks.get(row.unit_id)),
                "row_digest": row.row_digest if full else None,
                "content": stored_row_content(row, code) if opens else None,
            }
        )
    return ("full" if full else campaign.publication_mode), rows


@router.get(
    "/publications/{publication_id}",
    response=PublicationDetailOut,
    summary="A publication: its ranking snapshot, digest and the digest it chains to",
    auth=PUBLIC_OR_SIGNED_IN,
    description=(
        "No token needed for a current publication, as on the public ranking page. "
        "The rows in unit code order, the order the digest takes them. To a caller who sees "
        "the full ranking each row carries its `row_digest`, and, for a unit whose score card "
        "the caller may open, `content`: the exact object the row digest covers. In a "
        "tiers-only or lists-only campaign everyone but the campaign office reads each unit's "
        "`standing` only. docs/api/scores-and-publications.md shows how to recompute the "
        "digest from this answer."
    ),
)
def publication_get(request: HttpRequest, publication_id: int) -> dict[str, Any]:
    sheet = publication_get_for(request.user, publication_id)
    mode, rows = _published_rows(request.user, sheet)
    return {**_publication_out(sheet), "mode": mode, "rows": rows}


CHAIN_PROBLEMS = ("does not follow", "is missing")


@router.get(
    "/publications/{publication_id}/verification",
    response=VerificationOut,
    summary="Whether a publication's digest and chain still hold",
    auth=PUBLIC_OR_SIGNED_IN,
    description=(
        "No token needed for a current publication, as on the public ranking page. "
        "Runs what `manage.py verify_publications` runs (every row digest, every sheet "
        "digest and the chain through every publication) and answers for this publication: "
        "`digest_holds` (its rows and sheet recompute to the stored digest), `chain_holds` "
        "(it follows the publication before it), the problems named, and how many problems "
        "the publications before it have."
    ),
)
def publication_verify(request: HttpRequest, publication_id: int) -> dict[str, Any]:
    sheet = publication_get_for(request.user, publication_id)
    seq = sheet.publication_seq or 0
    problems = verify_publications()
    own = [problem.message for problem in problems if problem.sheet_id == sheet.pk]
    chain = [message for message in own if any(words in message for words in CHAIN_PROBLEMS)]
    return {
        "publication_id": sheet.pk,
        "publication_seq": seq,
        "digest": sheet.digest,
        "prev_digest": sheet.prev_digest,
        "digest_holds": len(chain) == len(own),
        "chain_holds": not chain,
        "intact": not own,
        "problems": own,
        "earlier_problems": sum(
            1 for p in problems if p.publication_seq < seq and p.sheet_id != sheet.pk
        ),
        "publications_checked": ScoreSheet.objects.filter(publication_seq__isnull=False).count(),
    }
