"""manage.py load_campaign FILE: the campaign-load page's loader, from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from zhengxian.campaigns import services
from zhengxian.campaigns.campaign_file import MAX_FILE_BYTES, CampaignFileError
from zhengxian.campaigns.models import Campaign
from zhengxian.campaigns.selectors import group_members
from zhengxian.core.acting import acting_as
from zhengxian.core.actors import system_actor
from zhengxian.orgs.models import Unit, UnitKind

ACTOR = system_actor("manage.py load_campaign")


class Command(BaseCommand):
    help = (
        "Loads a campaign file (YAML) through the same checks as the campaign-load page; "
        "prints every problem with its path and line and exits with 1, changing nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The campaign file, e.g. chengxiang-2026.yaml.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a campaign with the same code, if none of its periods is scored.",
        )
        parser.add_argument(
            "--owner",
            default="",
            help="Code of the organising unit (default: the only sub-district).",
        )
        parser.add_argument("--year", type=int, help="Move the campaign to this year first.")

    @no_translations  # messages in English, like the command's own
    def handle(self, *args: Any, **options: Any) -> None:
        text = _read(Path(options["file"]))
        owner = _owner(options["owner"])
        try:
            with acting_as(ACTOR):
                campaign = services.campaign_load_file(
                    text=text,
                    owner_unit=owner,
                    actor=ACTOR,
                    replace_existing=options["replace"],
                    year=options["year"],
                )
        except CampaignFileError as error:
            for problem in error.problems:
                self.stderr.write(f"{options['file']}: {problem}")
            count = len(error.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found; nothing was loaded.",
                returncode=1,
            ) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1) from None
        self.stdout.write(self.style.SUCCESS(_summary(campaign)))


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()[: MAX_FILE_BYTES + 1]
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.", returncode=1) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text.", returncode=1) from None


def _owner(code: str) -> Unit:
    units = Unit.objects.filter(is_active=True)
    if code:
        found = units.filter(code=code).first()
        if found is None:
            raise CommandError(f"No active unit has the code {code!r}.", returncode=1)
        return found
    subdistricts = list(units.filter(kind=UnitKind.SUBDISTRICT)[:2])
    if len(subdistricts) != 1:
        raise CommandError(
            "Name the organising unit with --owner CODE "
            f"({len(subdistricts) or 'no'} active sub-districts found).",
            returncode=1,
        )
    return subdistricts[0]


def _summary(campaign: Campaign) -> str:
    members = group_members(campaign)
    groups = ", ".join(
        f"{group.code} {len(members.get(group.code, ()))}"
        for group in campaign.groups.order_by("order", "code")
    )
    periods = list(campaign.periods.order_by("index").values_list("key", flat=True))
    leaves = campaign.nodes.filter(is_leaf=True).count()
    return (
        f"Loaded {campaign.code} ({campaign.name}), organised by {campaign.owner_unit.code}: "
        f"{campaign.start:%Y-%m-%d} … {campaign.end:%Y-%m-%d}; groups (units): {groups}; "
        f"{leaves} indicators; {len(periods)} periods {periods[0]} … {periods[-1]}."
        if periods
        else f"Loaded {campaign.code} ({campaign.name}) with no periods."
    )
