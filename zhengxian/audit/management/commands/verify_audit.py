from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhengxian.audit.verification import verify_chain


class Command(BaseCommand):
    help = "Recomputes the audit log's SHA-256 chain and names the first altered entry."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at entry #{report.first_bad_seq}: {report.reason} "
                f"({report.checked} entries verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} entries."))
