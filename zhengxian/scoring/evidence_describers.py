"""Evidence describers for the scoring app's own records: the score card lists these behind
a leaf's points (`zhengxian.engine.evidence`). One query per model, whatever the number of
records. Raters of resident panels stay anonymous: a unit sees the score, not who gave it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import IndicatorNode
from zhengxian.engine.evidence import EvidenceItem, evidence_ref

from .models import ChecklistItem, ManualAssessment, PanelScore, Rating

DETAIL_CHARS = 300


def _short(text: str) -> str:
    return Truncator(text).chars(DETAIL_CHARS)


def describe_checklist_items(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    items = ChecklistItem.objects.filter(pk__in=pks).only(
        "pk", "name", "checklist", "done_on", "evidence_note"
    )
    return {
        item.pk: EvidenceItem(
            ref=evidence_ref("scoring.checklistitem", item.pk),
            kind=_("Checklist item"),
            title=item.name,
            day=item.done_on,
            detail=_short(item.evidence_note),
        )
        for item in items
    }


def _panel_names(campaign_ids: set[int]) -> dict[tuple[int, str], str]:
    """{(campaign id, panel code): the name of the leaf the panel scores}: a panel is shown
    by that name, never by its code (one query)."""
    names: dict[tuple[int, str], str] = {}
    leaves = IndicatorNode.objects.filter(campaign_id__in=campaign_ids, source="panel")
    for campaign_id, name, params in leaves.values_list("campaign_id", "name", "source_params"):
        code = str((params or {}).get("panel", ""))
        names.setdefault((campaign_id, code), name)
    return names


def describe_panel_scores(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    scores = list(PanelScore.objects.filter(pk__in=pks).select_related("judge", "period"))
    names = _panel_names({score.period.campaign_id for score in scores})
    return {
        score.pk: EvidenceItem(
            ref=evidence_ref("scoring.panelscore", score.pk),
            kind=_("Panel score"),
            title=_("%(judge)s scored %(score)s")
            % {"judge": score.judge.name, "score": f"{score.score:f}"},
            day=timezone.localdate(score.updated_at),
            detail=_("Panel: %(panel)s")
            % {"panel": names.get((score.period.campaign_id, score.panel), _("judging panel"))},
        )
        for score in scores
    }


def describe_ratings(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    ratings = Rating.objects.filter(pk__in=pks).select_related("panel")
    return {
        rating.pk: EvidenceItem(
            ref=evidence_ref("scoring.rating", rating.pk),
            kind=_("Rating"),
            title=_("%(panel)s: %(score)s of 5")
            % {"panel": rating.panel.name, "score": rating.score},
            day=timezone.localdate(rating.created_at),
            detail=_short(rating.comment),
        )
        for rating in ratings
    }


def describe_manual_assessments(pks: Sequence[int]) -> Mapping[int, EvidenceItem]:
    assessments = ManualAssessment.objects.filter(pk__in=pks).select_related("assessed_by__person")
    items = {}
    for assessment in assessments:
        person = getattr(assessment.assessed_by, "person", None)
        assessor = person.name if person else assessment.assessed_by.get_username()
        items[assessment.pk] = EvidenceItem(
            ref=evidence_ref("scoring.manualassessment", assessment.pk),
            kind=_("Evaluator assessment"),
            title=_("%(points)s points, assessed by %(assessor)s")
            % {"points": f"{assessment.points:f}", "assessor": assessor},
            day=timezone.localdate(assessment.updated_at),
            detail=_short(assessment.comment),
        )
    return items
