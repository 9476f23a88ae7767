"""manage.py score, publish and export_results: the same flow as the pages, with clear errors."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhengxian.scoring.models import ScoreSheet, SheetStatus
from zhengxian.scoring.tests.factories import small_campaign

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_score_publish_and_export_a_period(org, tmp_path):
    small_campaign(org)
    assert "version 1" in run("score", "test-2026", "2026-01")
    with pytest.raises(CommandError, match="preview runs until"):
        run("publish", "test-2026", "2026-01")
    assert "publication #1" in run("publish", "test-2026", "2026-01", "--force")
    sheet = ScoreSheet.objects.get(status=SheetStatus.PUBLISHED)
    target = tmp_path / "results.json"
    run("export_results", "test-2026", "2026-01", "--output", str(target))
    first = target.read_bytes()
    run("export_results", "test-2026", "2026-01", "--output", str(target))
    assert target.read_bytes() == first
    data = json.loads(first)
    assert data["digest"] == sheet.digest and data["prev_digest"] == "0" * 64
    assert data["published_at"].endswith("+00:00")
    assert {u["code"] for u in data["units"]} == {"CX-XH", "CX-HT", "CX-DZB"}
    assert all(
        {"dimensions", "leaves", "group", "name", "total", "rank"} <= set(u) for u in data["units"]
    )


def test_a_published_period_is_scored_again_only_with_a_reason(org):
    small_campaign(org)
    run("score", "test-2026", "2026-01")
    run("publish", "test-2026", "2026-01", "--force")
    with pytest.raises(CommandError, match="give a reason"):
        run("score", "test-2026", "2026-01")
    assert "version 2" in run("score", "test-2026", "2026-01", "--reason", "补录")
    preview = json.loads(run("export_results", "test-2026", "2026-01", "--preview"))
    assert (preview["status"], preview["version"], preview["reason"]) == ("preview", 2, "补录")


def test_unknown_campaigns_and_periods_are_named_with_what_exists(org):
    small_campaign(org)
    for command in ("score", "publish", "export_results"):
        with pytest.raises(
            CommandError, match=r"Unknown campaign 'nope'\. Known campaigns: test-2026\."
        ):
            run(command, "nope", "2026-01")
        with pytest.raises(
            CommandError, match=r"no period '2026-13'\. Its periods: 2026-01 … 2026-12\."
        ):
            run(command, "test-2026", "2026-13")


def test_nothing_to_publish_or_export_is_said_plainly(org):
    small_campaign(org)
    with pytest.raises(CommandError, match="score the period first"):
        run("publish", "test-2026", "2026-02")
    with pytest.raises(CommandError, match="has no result published"):
        run("export_results", "test-2026", "2026-02")
