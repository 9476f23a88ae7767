"""Project-wide test fixtures: an organisation to test against, and users per role."""

from __future__ import annotations

import pytest

from zhengxian.core.testing import OrgFixture, build_org


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
