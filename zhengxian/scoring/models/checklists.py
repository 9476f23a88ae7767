from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.campaigns.models import Campaign
from zhengxian.orgs.models import Unit


class ChecklistItem(models.Model):
    """A creation target of a unit (e.g. 红色业委会 created); done when ``done_on`` is set.

    The `checklist` source scores items done by the period's end ÷ items, per unit.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="checklist_items")
    checklist = models.SlugField(
        _("checklist"), max_length=64
    )  # the leaf's source_params.checklist
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="checklist_items")
    name = models.CharField(_("item"), max_length=200)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_month = models.PositiveIntegerField(null=True, blank=True, editable=False)
    evidence_note = models.TextField(_("evidence"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="checklists/%Y/%m/", blank=True)
    # Marked done by the unit's own people: counts only once someone outside the unit who
    # may assess it confirms it (separation of duties).
    awaiting_confirmation = models.BooleanField(_("awaiting confirmation"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["campaign", "checklist", "unit", "name"]
        indexes = [
            models.Index(fields=["campaign", "checklist", "unit"], name="scoring_checklist_unit")
        ]

    def __str__(self) -> str:
        return self.name
