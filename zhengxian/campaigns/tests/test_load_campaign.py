"""Loading a campaign file through `manage.py load_campaign` and through the load page: the
same checks, every problem with its path and line, nothing half-loaded, never a 500."""

from __future__ import annotations

import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from zhengxian.campaigns.management.commands.load_campaign import Command
from zhengxian.campaigns.models import Campaign
from zhengxian.scoring.tests.factories import SMALL_CAMPAIGN

pytestmark = pytest.mark.django_db

# (what is wrong, the file, the path of the problem, words of its message)
BAD_FILES = [
    (
        "impossible date",
        SMALL_CAMPAIGN.replace("start: 2026-01-01", "start: 2026-02-30"),
        "start",
        "'2026-02-30' is not a date; write it as YYYY-MM-DD.",
    ),
    (
        "unknown unit",
        SMALL_CAMPAIGN.replace(
            "unit_kinds: [community]\n", "unit_kinds: [community]\n    unit_codes: [CX-XX]\n"
        ),
        "groups[0].unit_codes[0]",
        "Unknown unit 'CX-XX': no active unit has this code under CX.",
    ),
    (
        "organising unit competing",
        SMALL_CAMPAIGN.replace(
            "unit_kinds: [community]\n", "unit_kinds: [community]\n    unit_codes: [CX]\n"
        ),
        "groups[0].unit_codes[0]",
        "'CX' is the organising unit: it runs the campaign and never competes in it.",
    ),
    (
        "group without members",
        SMALL_CAMPAIGN.replace("unit_kinds: [office]", "unit_kinds: [district]"),
        "groups[1]",
        "The group 'office' has no members",
    ),
    (
        "unknown panel",
        SMALL_CAMPAIGN.replace("source_params: {panel: arena}", "source_params: {panel: arean}"),
        "indicators[0].children[1].source_params.panel",
        "'arean' is not declared under 'panels'",
    ),
    (
        "unknown checklist",
        SMALL_CAMPAIGN.replace("{checklist: red-property}", "{checklist: red-proprety}"),
        "indicators[0].children[0].source_params.checklist",
        "'red-proprety' is not declared under 'checklists'",
    ),
    (
        "unknown rater panel",
        SMALL_CAMPAIGN.replace("{panel: residents}", "{panel: resident}"),
        "indicators[0].children[2].source_params.panel",
        "'resident' is not declared under 'rater_panels'",
    ),
]
IDS = [case[0] for case in BAD_FILES]


def _line_of(text: str, path: str) -> int:
    """The line the problem points at, found by the text the mutation wrote."""
    needles = {
        "start": "start:",
        "groups[1]": "- code: office",
        "groups[0].unit_codes[0]": "unit_codes:",
        "indicators[0].children[0].source_params.checklist": "{checklist:",
        "indicators[0].children[1].source_params.panel": "{panel: arean}",
        "indicators[0].children[2].source_params.panel": "{panel: resident}",
    }
    lines = text.splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needles[path] in line)


def _run(path: Path, *args: str) -> tuple[int, str, str]:
    """The command as the shell runs it: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    command = Command(stdout=out, stderr=err)
    code = 0
    # run_from_argv closes every connection at the end, the test's own included: on
    # PostgreSQL that would end the transaction the test runs in.
    try:
        with mock.patch("django.core.management.base.connections.close_all"):
            command.run_from_argv(["manage.py", "load_campaign", str(path), *args])
    except SystemExit as exit:
        code = int(exit.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_the_command_loads_a_file_and_prints_a_summary(org, tmp_path: Path) -> None:
    path = tmp_path / "test-2026.yaml"
    path.write_text(SMALL_CAMPAIGN, encoding="utf-8")
    code, out, err = _run(path)
    assert (code, err) == (0, "")
    campaign = Campaign.objects.get(code="test-2026")
    assert campaign.owner_unit == org.subdistrict
    assert "Loaded test-2026 (2026年测试比学活动), organised by CX" in out
    assert "groups (units): community 2, office 1; 4 indicators;" in out
    assert "12 periods 2026-01 … 2026-12." in out


@pytest.mark.parametrize(("what", "text", "path", "message"), BAD_FILES, ids=IDS)
def test_the_command_reports_each_problem_located_exits_1_and_loads_nothing(
    org, tmp_path: Path, what: str, text: str, path: str, message: str
) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(text, encoding="utf-8")
    code, out, err = _run(file)
    assert code == 1
    assert f"{file}: {path} (line {_line_of(text, path)}): {message}" in err
    assert "1 problem found; nothing was loaded." in err
    assert "Traceback" not in err and out == ""
    assert not Campaign.objects.exists()


def test_the_command_replaces_only_with_replace(org, tmp_path: Path) -> None:
    file = tmp_path / "c.yaml"
    file.write_text(SMALL_CAMPAIGN, encoding="utf-8")
    call_command("load_campaign", str(file), stdout=io.StringIO())
    file.write_text(SMALL_CAMPAIGN.replace("name: 实干", "name: 实干担当"), encoding="utf-8")
    code, _out, err = _run(file)
    assert code == 1 and "A campaign with the code test-2026 exists already." in err
    assert _run(file, "--replace")[0] == 0
    assert Campaign.objects.get().nodes.filter(name="实干担当").exists()


def test_the_command_reports_a_missing_file_without_a_traceback(org, tmp_path: Path) -> None:
    code, _out, err = _run(tmp_path / "nowhere.yaml")
    assert code == 1 and "Cannot read" in err and "Traceback" not in err


def test_caps_and_bonus_items_of_one_cent_load(org, tmp_path: Path) -> None:
    file = tmp_path / "c.yaml"
    text = SMALL_CAMPAIGN.replace("bonus_cap: 5", "bonus_cap: 0.01")
    file.write_text(text.replace("penalty_cap: 10", "penalty_cap: 0.01"), encoding="utf-8")
    assert _run(file)[0] == 0
    campaign = Campaign.objects.get()
    assert (str(campaign.bonus_cap), str(campaign.penalty_cap)) == ("0.01", "0.01")


# -- the page -----------------------------------------------------------------------------


def _post(client, org, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("campaign.yaml", text.encode(), content_type="application/yaml")
    return client.post(
        reverse("campaigns:campaign_load"), {"file": upload, "owner_unit": org.subdistrict.pk}
    )


@pytest.mark.parametrize(("what", "text", "path", "message"), BAD_FILES, ids=IDS)
def test_the_page_lists_the_same_problem_and_creates_nothing(
    org, as_user, what: str, text: str, path: str, message: str
) -> None:
    response = _post(as_user("office"), org, text)
    assert response.status_code == 200
    (problem,) = response.context["problems"]
    assert (problem.path, problem.line) == (path, _line_of(text, path))
    assert problem.message.startswith(message)
    assert f'<code class="text-break">{path}</code>' in response.text
    assert not Campaign.objects.exists()


def test_the_page_loads_a_file_with_one_cent_caps(org, as_user) -> None:
    text = SMALL_CAMPAIGN.replace("bonus_cap: 5", "bonus_cap: 0.01")
    response = _post(as_user("office"), org, text)
    assert response.status_code == 302
    assert str(Campaign.objects.get().bonus_cap) == "0.01"


def test_the_organising_unit_never_becomes_a_member_even_when_its_kind_is_selected(
    org, tmp_path: Path
) -> None:
    file = tmp_path / "c.yaml"
    text = SMALL_CAMPAIGN.replace("unit_kinds: [community]", "unit_kinds: [community, subdistrict]")
    file.write_text(text, encoding="utf-8")
    assert _run(file)[0] == 0
    members = set(Campaign.objects.get().memberships.values_list("unit__code", flat=True))
    assert members == {"CX-XH", "CX-HT", "CX-DZB"}
