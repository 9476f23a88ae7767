"""Shared pieces of the evaluator and appeal page tests (test_inputs_*.py).

A plain module, not a conftest: this folder is shared with other page tests. The clock is
pinned inside the small campaign's year (2026), so that dates and previews are stable.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from zhengxian.campaigns.models import Campaign, Period
from zhengxian.core.actors import system_actor
from zhengxian.orgs.testing import OrgFixture
from zhengxian.scoring.models import ScoreSheet
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.tests.factories import small_campaign

OFFICE = system_actor("office")

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 2, 3, 9, 30, tzinfo=SHANGHAI)

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "证明材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def renamed_text(name: str = "情况说明.pdf") -> SimpleUploadedFile:
    """A plain text file that only pretends to be a PDF by its name and type."""
    return SimpleUploadedFile(
        name, "这是一段文字，不是PDF。".encode(), content_type="application/pdf"
    )


def january(org: OrgFixture) -> tuple[Campaign, Period]:
    campaign = small_campaign(org)
    return campaign, campaign.periods.get(key="2026-01")


def in_preview(org: OrgFixture) -> tuple[Campaign, Period, ScoreSheet]:
    """The small campaign with January scored and in preview (公示)."""
    campaign, period = january(org)
    sheet = period_score(period=period, actor=OFFICE)
    return campaign, period, sheet


def text(message: str, **params: object) -> str:
    """A message as the page shows it: translated in the active language, HTML-escaped."""
    translated = gettext(message)
    return escape(translated % params if params else translated)


def ntext(singular: str, plural: str, n: int, **params: object) -> str:
    return escape(ngettext(singular, plural, n) % {"n": n, **params})


def content(response) -> str:
    return response.content.decode()
