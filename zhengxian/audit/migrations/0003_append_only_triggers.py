"""Triggers that refuse UPDATE and DELETE on audit entries, on PostgreSQL and SQLite.

Why in the database: the model refuses a second save and a delete, but a queryset
``.update()``/``.delete()``, raw SQL, a shell or an injected statement bypass the model. The
hash chain would still name the altered entry afterwards; the triggers refuse the change in
the first place. See zhengxian/audit/immutable.py for the statements and what they do not
cover (TRUNCATE on PostgreSQL, a schema owner dropping them), and
docs/deploy-security-notes.md for the stricter grant that closes those too.
"""

from django.db import migrations


def install(apps, schema_editor):
    from zhengxian.audit.immutable import install as install_triggers

    install_triggers(schema_editor.connection)


def uninstall(apps, schema_editor):
    from zhengxian.audit.immutable import uninstall as uninstall_triggers

    uninstall_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_security_events")]

    operations = [migrations.RunPython(install, uninstall)]
