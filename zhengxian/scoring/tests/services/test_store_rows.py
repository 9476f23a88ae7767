"""A sheet's rows as stored read back as written, whichever way the database takes them in
(PostgreSQL: one COPY stream; SQLite: INSERT batches), and their digests verify."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection
from django.utils import timezone

from zhengxian.engine.detail_text import DetailWriter
from zhengxian.engine.results import LeafScore, PeriodResult, UnitResult
from zhengxian.scoring.models import ScoreSheet, UnitScore
from zhengxian.scoring.services.canonical import canonical_json, row_digest
from zhengxian.scoring.services.publication import stored_row_content
from zhengxian.scoring.services.store_rows import store_unit_rows
from zhengxian.scoring.tests.factories import small_campaign

pytestmark = pytest.mark.django_db

# What COPY's text format must escape, and what a campaign's own words may hold.
AWKWARD = 'tab\there, back\\slash, new\nline, "quoted", 第一讲：居民\\N'


def _result(units) -> PeriodResult:
    leaf = LeafScore(
        leaf="arena",
        points=D("12.50"),
        maximum=D("20"),
        raw=D("0.625"),
        numerator=D("5"),
        denominator=D("8"),
        method="target",
        params={"target": D("8"), "series": AWKWARD},
        lower_is_better=False,
        when_empty="zero",
        when_empty_applied=False,
        evidence=("matters.visit:7", "matters.visit:9"),
    )
    return PeriodResult(
        units=tuple(
            UnitResult(
                unit=unit.pk,
                group="community",
                leaves={"arena": leaf},
                dimensions={"work": D("12.50")},
                leaf_sum=D("12.50"),
                bonus_claimed=D("0"),
                bonus=D("0"),
                penalty_claimed=D("0"),
                penalty=D("0"),
                total=D("12.50"),
                rank=1,
            )
            for unit in units
        ),
        bonus_cap=D("5"),
        penalty_cap=D("10"),
    )


def test_stored_explanations_read_back_as_written_and_their_digests_verify(org):
    campaign = small_campaign(org)
    sheet = ScoreSheet.objects.create(
        period=campaign.periods.get(key="2026-01"),
        version=1,
        computed_at=timezone.now(),
        computed_by="office",
    )
    units = [org.community_a, org.community_b]
    result = _result(units)

    store_unit_rows(sheet, result)

    rows = UnitScore.objects.filter(sheet=sheet).select_related("unit").order_by("unit__code")
    assert [row.unit for row in rows] == sorted(units, key=lambda unit: unit.code)
    writer = DetailWriter()
    for row in rows:
        assert row.detail["leaves"]["arena"]["params"]["series"] == AWKWARD
        assert canonical_json(row.detail) == writer.unit_detail(result.unit(row.unit_id))
        assert row_digest(stored_row_content(row, row.unit.code)) == row.row_digest
        assert (row.total, row.rank, row.group_size) == (D("12.50"), 1, 2)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL column setting")
def test_large_json_columns_are_compressed_with_lz4_where_the_server_has_it():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        (has_lz4,) = cursor.fetchone()
        cursor.execute(
            "SELECT attrelid::regclass::text, attname, attcompression FROM pg_attribute "
            "WHERE (attrelid = 'scoring_unitscore'::regclass AND attname = 'detail') "
            "OR (attrelid = 'scoring_liveranking'::regclass AND attname IN ('rows', 'sums')) "
            "ORDER BY 1, 2"
        )
        columns = cursor.fetchall()
    expected = "l" if has_lz4 else ""
    assert columns == [
        ("scoring_liveranking", "rows", expected),
        ("scoring_liveranking", "sums", expected),
        ("scoring_unitscore", "detail", expected),
    ]
