# UnitScore's default order by the sheet's id: ordering by "sheet" expanded into the
# sheet's own ordering and joined the sheet, period and campaign to every unordered query.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0008_lz4_compression"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="unitscore",
            options={
                "ordering": ["sheet_id", "group_code", "rank", "unit_id"],
                "verbose_name": "unit score",
                "verbose_name_plural": "unit scores",
            },
        ),
    ]
