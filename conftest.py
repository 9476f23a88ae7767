"""Project-wide test fixtures: an organisation to test against, users per role, and the small
campaign that the campaign and scoring tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from zhengxian.campaigns.models import Campaign
from zhengxian.orgs.testing import OrgFixture, build_org
from zhengxian.scoring.tests.factories import small_campaign


@pytest.fixture(autouse=True)
def site_language() -> Iterator[None]:
    """Each test starts in the site's language. A request through the test client leaves the
    language it chose active in the thread (LocaleMiddleware never deactivates it), which
    would otherwise leak into the next test run by the same worker."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache (the local-memory cache lives as long as the
    worker process; what one test kept, e.g. the cockpit's panels, must not answer another)."""
    cache.clear()
    yield


@pytest.fixture
def org(db) -> OrgFixture:
    """A small sub-district: 2 communities with a grid each, 1 office, people in every role."""
    return build_org()


@pytest.fixture
def login(client, org):
    """login("cadre_a") logs the test client in as that person of the org fixture."""

    def _login(key: str):
        client.force_login(org.user(key))
        return client

    return _login


@pytest.fixture
def as_user(client, org):
    """as_user("office") logs the test client in, with English messages."""

    def _as(key: str):
        client.force_login(org.user(key))
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return _as


@pytest.fixture
def campaign(org) -> Campaign:
    """test-2026, owned by 城厢街道: work (red-property 20, arena 20, residents 20) and
    style (assessment 40, manual)."""
    return small_campaign(org)
