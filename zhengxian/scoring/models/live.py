"""The live (unpublished) ranking of a running period, kept current as records are written.

Not a score sheet: nothing here is published, circulated or appealed. One row per (period,
leaf) holds the leaf's points for every competing unit; one row per period holds the totals
and ranks. A write that may change a leaf bumps its ``wanted`` counter (scoring/services/live.py);
a refresh re-scores the leaves whose ``computed`` is behind and re-totals
(same module). Counters rather than a dirty flag: a write that lands while a
refresh runs leaves ``wanted`` ahead of what that refresh records, so it is never lost.
"""

from __future__ import annotations

from django.db import models

from zhengxian.campaigns.models import Period


class LiveLeaf(models.Model):
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="live_leaves")
    leaf = models.CharField(max_length=64)  # the leaf's code in the campaign tree
    source = models.CharField(max_length=64)  # its indicator source: what marks it
    wanted = models.PositiveIntegerField(default=1)
    computed = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True)
    # For a relative leaf: per group, the units holding its lowest and highest value; a new
    # value strictly between them moves no other unit's points.
    bounds = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "leaf"], name="scoring_liveleaf_leaf")
        ]
        indexes = [models.Index(fields=["source", "period"], name="scoring_liveleaf_source")]

    def __str__(self) -> str:
        return f"{self.period_id}:{self.leaf}"


class LiveRanking(models.Model):
    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="live_ranking")
    # [[unit id, group, total (text), rank], …] by group, then rank, then unit id
    rows = models.JSONField(default=list)
    tree_digest = models.CharField(max_length=64, blank=True)  # the leaves and groups scored
    sums = models.JSONField(default=dict)  # unit id (text) → its leaf points summed (text)
    wanted = models.PositiveIntegerField(default=1)  # bumped by adjustments: totals only
    computed = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True)
    leaves_refreshed = models.PositiveIntegerField(default=0)  # by the last refresh
    seconds = models.FloatField(default=0)  # the last refresh's duration
    # Claimed by the refresh that runs (one at a time: two would apply the same point changes
    # to the sums twice); a worker that died leaves it to expire.
    busy_until = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"live:{self.period_id}"


class LiveMark(models.Model):
    """A record written under a unit: the live leaves of ``source`` need re-scoring for the
    units on ``path`` (the record's unit and those above it); an empty path, for every unit."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="live_marks")
    source = models.CharField(max_length=64)
    path = models.CharField(max_length=255, blank=True)

    class Meta:
        indexes = [models.Index(fields=["period", "source"], name="scoring_livemark_source")]

    def __str__(self) -> str:
        return f"{self.period_id}:{self.source}:{self.path}"


class LiveValue(models.Model):
    """One unit's raw value and points on one live leaf: what a re-score of a few units
    changes (a row each, so that a new record rewrites a few rows, not a leaf's every unit)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="live_values")
    leaf = models.CharField(max_length=64)
    unit_id = models.PositiveIntegerField()  # a competing unit (no key: rows go with the period)
    # the raw value as exact decimal text, "" for none
    value = models.CharField(max_length=80, blank=True)
    numerator = models.CharField(max_length=80, blank=True)
    denominator = models.CharField(max_length=80, blank=True)
    points = models.DecimalField(max_digits=9, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "leaf", "unit_id"], name="scoring_livevalue_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id}:{self.leaf}:{self.unit_id}"
