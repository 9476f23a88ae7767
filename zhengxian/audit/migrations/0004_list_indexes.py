"""Indexes for the audit log's page at millions of entries (issue 13).

The page lists the newest entries first by ``seq`` (unique, so already indexed) and filters
them by the reader's scope (``unit_path LIKE 'prefix%'``), the object type, the event and the
time (`zhengxian/audit_pages/selectors.py`). ``model`` alone had an index, which could filter
but not order; (model, seq) does both, as (action, seq) already did for the event. A date
filter orders the page by (at, seq), which its own index reads within the dates: walking
``seq`` from the newest entry back to the dates passed over every entry in between (1.9 s on
PostgreSQL for two days ten months back, at three million entries).

``unit_path`` had none: on PostgreSQL the count of one sub-district office's entries read the
whole log. With ``varchar_pattern_ops`` (as ``orgs_unit_path``) a prefix LIKE uses it whatever
the database's collation, and PostgreSQL's statistics tell it when the prefix is narrow (one
sub-district: the index) and when every entry matches (the office of the whole tree: walking
``seq``). SQLite ignores the operator class and its case-insensitive LIKE does not use the
plain index, so there the page walks ``seq`` as before; it must not get a NOCASE index for
LIKE either: with no histogram for a LIKE range, SQLite's planner then takes that index even
for the prefix every entry matches and sorts the whole log (8 s at three million entries,
against 20 ms walking ``seq``).

Building them reads the whole table once; on PostgreSQL that holds writes to the log, and so
every audited write, for that time (about a minute at ten million entries): run the
migration in a maintenance window.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_triggers")]

    operations = [
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["model", "seq"], name="audit_model_seq"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["at", "seq"], name="audit_time"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(
                fields=["unit_path"], name="audit_unit_path", opclasses=["varchar_pattern_ops"]
            ),
        ),
    ]
