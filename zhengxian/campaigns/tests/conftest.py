"""Fixtures of the campaign page and service tests."""

from __future__ import annotations

import pytest

from zhengxian.campaigns.models import Campaign
from zhengxian.scoring.tests.factories import small_campaign


@pytest.fixture
def campaign(org) -> Campaign:
    """test-2026, owned by 城厢街道: work (red-property 20, arena 20, residents 20) and
    style (assessment 40, manual)."""
    return small_campaign(org)


@pytest.fixture
def as_user(client, org):
    """as_user("office") logs the test client in, with English messages."""

    def _as(key: str):
        client.force_login(org.user(key))
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return _as
