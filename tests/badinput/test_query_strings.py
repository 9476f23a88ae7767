"""Bad input in query strings: every page answers 2xx/3xx/400/403/404, never a server error.

Each parameterless page is requested by each role with every query parameter name the
pages read set to values a user or a crawler may send: text where an id is expected, an
integer beyond any database column, an impossible date, a negative page.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Every query parameter a page reads (request.GET and the filter forms' fields).
PARAMETERS = (
    "action",
    "activity_kind",
    "actor",
    "campaign",
    "category",
    "checklist",
    "date_from",
    "date_to",
    "deadline",
    "download",
    "enterprise_name",
    "fields",
    "first",
    "group",
    "inactive",
    "kind",
    "last",
    "lead",
    "leaf",
    "link",
    "model",
    "month",
    "month_from",
    "month_to",
    "object_id",
    "origin",
    "outcome",
    "page",
    "parent",
    "period",
    "person",
    "preview",
    "project",
    "q",
    "role",
    "season",
    "series",
    "site_name",
    "sort",
    "start",
    "state",
    "status",
    "target_kind",
    "unit",
    "version",
    "year",
)
BAD_VALUES = ("abc", "99999999999999999999", "2024-02-30", "-1")
# The widest scope with every value; the narrower roles (whose pages take other branches)
# with the two values that broke pages before. Each request costs ~40 ms: keep it bounded.
CASES = [("office", value) for value in BAD_VALUES] + [
    (role, value)
    for role in ("leader_a", "cadre_a", "viewer_b")
    for value in ("abc", "99999999999999999999")
]


def _paths_without_arguments() -> list[str]:
    paths: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if "<" in route or "(?P" in route or route.startswith(("media", "static", "admin")):
                    continue
                paths.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


PATHS = _paths_without_arguments()


def test_the_sweep_covers_the_pages():
    assert len(PATHS) > 30, PATHS


@pytest.mark.parametrize(("role", "value"), CASES)
def test_no_page_fails_on_bad_query_strings(client, org, role, value):
    client.raise_request_exception = False
    client.force_login(org.user(role))
    query = urlencode({name: value for name in PARAMETERS})
    failures = []
    for path in PATHS:
        response = client.get(f"{path}?{query}")
        if response.status_code >= 500:
            failures.append(f"{path}?…={value!r} → {response.status_code}")
    assert not failures, "\n".join(failures)
