from django.db import migrations, models


class Migration(migrations.Migration):
    """The activity list orders activities by their first session's start: one seek each."""

    dependencies = [
        ("activities", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="session",
            index=models.Index(fields=["activity", "starts_at"], name="activities_session_first"),
        ),
    ]
