"""PostgreSQL: the large JSON columns of scoring compressed with lz4 instead of the default pglz.

A province's sheet writes about 80 MB of explanations (``scoring_unitscore.detail``), and
every live refresh rewrites the period's live ranking (``scoring_liveranking.rows`` and
``sums``, 8,000 units each); lz4 compresses several times faster than pglz (storing a sheet
4.3 → 1.4 s with the COPY stream, a live refresh about 130 → 90 ms at province scale;
docs/benchmarks.md), and reads back faster too. Only values written afterwards are
compressed the new way; both kinds read alike. Skipped on SQLite and on a server built
without lz4.
"""

from django.db import migrations

COLUMNS = (
    ("scoring_unitscore", "detail"),
    ("scoring_liveranking", "rows"),
    ("scoring_liveranking", "sums"),
)


def _set_compression(schema_editor, method: str) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'",
            [method],
        )
        row = cursor.fetchone()
    if not (row and row[0]):
        return
    for table, column in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}")


def to_lz4(apps, schema_editor):
    _set_compression(schema_editor, "lz4")


def to_pglz(apps, schema_editor):
    _set_compression(schema_editor, "pglz")


class Migration(migrations.Migration):
    dependencies = [("scoring", "0007_ranking_page_index")]

    operations = [migrations.RunPython(to_lz4, to_pglz, elidable=False)]
