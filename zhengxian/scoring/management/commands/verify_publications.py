from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zhengxian.scoring.models import ScoreSheet
from zhengxian.scoring.services.publication import verify_publications


class Command(BaseCommand):
    help = "Recomputes every published result's digests and chain; names any altered row."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify_publications()
        if problems:
            for problem in problems:
                self.stderr.write(f"publication #{problem.publication_seq}: {problem.message}")
            raise CommandError("; ".join(p.message for p in problems))
        count = ScoreSheet.objects.filter(publication_seq__isnull=False).count()
        self.stdout.write(self.style.SUCCESS(f"All {count} publications intact."))
