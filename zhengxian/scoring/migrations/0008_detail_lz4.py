"""PostgreSQL: the stored explanations compressed with lz4 instead of the default pglz.

A province's sheet writes about 80 MB of explanations; lz4 compresses them several times
faster than pglz (storing a sheet 3.3 → 2.9 s at province scale, docs/benchmarks.md), and
reading one back is faster too. Only values written afterwards are compressed the new way;
both kinds read alike. Skipped on SQLite and on a server built without lz4.
"""

from django.db import migrations

TABLE = "scoring_unitscore"


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
    if row and row[0]:
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN detail SET COMPRESSION {method}")


def to_lz4(apps, schema_editor):
    _set_compression(schema_editor, "lz4")


def to_pglz(apps, schema_editor):
    _set_compression(schema_editor, "pglz")


class Migration(migrations.Migration):
    dependencies = [("scoring", "0007_ranking_page_index")]

    operations = [migrations.RunPython(to_lz4, to_pglz, elidable=False)]
