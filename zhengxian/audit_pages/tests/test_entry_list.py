"""The audit log's page at any length of the log: pages by seq ("newer" / "older", never an
OFFSET), a count that stops at a cap ("more than 10,000"), the same number of queries
whether the log holds a few entries or many."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengxian.audit.models import Action, AuditEntry
from zhengxian.audit.services import record_event
from zhengxian.audit_pages import selectors
from zhengxian.core.actors import SYSTEM

pytestmark = pytest.mark.django_db

URL = reverse("audit:entry_list")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def log(org, count: int, *, unit=None, kind: str = Action.EXPORT, label: str = "导出") -> None:
    """``count`` entries about ``unit`` (the sub-district by default), in the chain as any."""
    unit = unit or org.subdistrict
    for n in range(count):
        record_event(
            kind=kind,
            outcome="success",
            actor=SYSTEM,
            ip="",
            model="orgs.unit",
            object_id=str(n),
            object_repr=f"{label}{n}",
            unit_path=unit.path,
        )


def shown(response) -> list[int]:
    assert response.status_code == 200
    return [entry.seq for entry in response.context["page"].object_list]


def link(response, rel: str) -> str | None:
    """The query string of the page's "newer" (rel=prev) or "older" (rel=next) link."""
    found = re.search(rf'rel="{rel}" href="\?([^"]*)"', response.text)
    return found[1].replace("&amp;", "&") if found else None


def test_older_and_newer_walk_the_whole_log_once_newest_first(org, as_user):
    log(org, 120)
    client = as_user("office")
    expected = list(selectors.entries_visible_to(org.user("office")).values_list("seq", flat=True))

    pages, query = [], ""
    first = client.get(URL)
    response = first
    while True:
        pages.append(shown(response))
        query = link(response, "next")
        if query is None:
            break
        response = client.get(f"{URL}?{query}")
    back = client.get(f"{URL}?{link(response, 'prev')}")

    assert [seq for page in pages for seq in page] == expected[: sum(map(len, pages))]
    assert sum(map(len, pages)) >= 120
    assert [len(page) for page in pages[:-1]] == [selectors.PAGE_SIZE] * (len(pages) - 1)
    assert link(first, "prev") is None  # the newest page has nothing newer
    assert shown(back) == pages[-2]  # "newer" from the last page is the page before it
    assert "Newest" in response.text


def test_the_page_links_keep_the_filters(org, as_user):
    log(org, 60, label="导出")
    client = as_user("office")

    response = client.get(URL, {"action": Action.EXPORT, "model": "orgs.unit"})
    older = link(response, "next")

    assert older is not None and "action=export" in older and "model=orgs.unit" in older
    assert "page=" not in older
    page_two = client.get(f"{URL}?{older}")
    assert {e.action for e in page_two.context["page"].object_list} == {"export"}
    assert "before=" not in (link(page_two, "prev") or "")


def test_the_count_is_exact_below_the_cap_and_capped_above_it(org, as_user, settings):
    settings.ZHENGXIAN_LIST_COUNT_CAP = 30
    client = as_user("office")
    log(org, 12, kind=Action.EXPORT)

    exports = client.get(URL, {"action": Action.EXPORT})
    assert exports.context["count"] == 12
    assert not exports.context["count_capped"]
    assert 'data-testid="audit-count">12 entries<' in exports.text

    log(org, 25, kind=Action.EXPORT)
    many = client.get(URL, {"action": Action.EXPORT})
    assert (many.context["count"], many.context["count_capped"]) == (30, True)
    assert "More than 30 entries match" in many.text
    assert len(shown(many)) == 37  # the page itself is not capped


def test_the_cap_shows_with_thousands_separated(org, as_user, monkeypatch):
    # What capped_count answers for a log past the real cap (10,000 entries are slow to write).
    monkeypatch.setattr("zhengxian.audit_pages.views.capped_count", lambda entries: (10_000, True))

    response = as_user("office").get(URL)

    assert "More than 10,000 entries match" in response.text


def test_the_count_stops_at_the_cap_rather_than_counting_the_whole_log(org, as_user, settings):
    client = as_user("office")
    client.get(URL)

    with CaptureQueriesContext(connection) as captured:
        client.get(URL)

    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"] and "audit_auditentry" in q["sql"]]
    assert len(counts) == 1
    assert f"LIMIT {settings.ZHENGXIAN_LIST_COUNT_CAP + 1}" in counts[0]
    assert "ORDER BY" not in counts[0]
    assert "OFFSET" not in " ".join(q["sql"] for q in captured)


def test_a_page_past_either_end_offers_the_way_back(org, as_user):
    log(org, 5)
    client = as_user("office")
    newest = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()
    oldest = AuditEntry.objects.order_by("seq").values_list("seq", flat=True).first()

    past_newest = client.get(URL, {"after": newest})
    past_oldest = client.get(URL, {"before": oldest})

    assert shown(past_newest) == [] and "Newest" in past_newest.text
    assert shown(past_oldest) == [] and "Newest" in past_oldest.text
    assert shown(client.get(URL, {"before": "x1", "after": "-3"}))[0] == newest  # ignored


def test_with_a_date_filter_the_pages_run_by_time_within_the_dates(org, as_user):
    with time_machine.travel(dt.datetime(2025, 3, 9, 22, 0, tzinfo=SHANGHAI), tick=True):
        log(org, 3, label="前一天")
    with time_machine.travel(dt.datetime(2025, 3, 10, 8, 0, tzinfo=SHANGHAI), tick=True):
        log(org, 70, label="当天")
    with time_machine.travel(dt.datetime(2025, 3, 11, 0, 5, tzinfo=SHANGHAI), tick=True):
        log(org, 2, label="后一天")
    client = as_user("office")
    day = {"date_from": "2025-03-10", "date_to": "2025-03-10"}

    first = client.get(URL, day)
    second = client.get(f"{URL}?{link(first, 'next')}")
    back = client.get(f"{URL}?{link(second, 'prev')}")

    listed = [e.object_repr for e in first.context["page"].object_list]
    listed += [e.object_repr for e in second.context["page"].object_list]
    assert listed == [f"当天{n}" for n in reversed(range(70))]  # newest first, none twice
    assert link(second, "next") is None and link(first, "prev") is None
    assert shown(back) == shown(first)
    assert "date_from=2025-03-10" in link(first, "next")


def queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_page_answers_in_the_same_number_of_queries_for_a_short_and_a_long_log(org, as_user):
    client = as_user("office")
    log(org, 3)
    middle = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True)[1]
    pages = {
        "newest": URL,
        "older": f"{URL}?before={middle + 1}",
        "newer": f"{URL}?after={middle - 1}",
        "filtered": f"{URL}?action=export&model=orgs.unit&date_from=2020-01-01",
        "dated, older": f"{URL}?date_from=2020-01-01&before={middle + 1}",
        "dated, newer": f"{URL}?date_to=2099-12-31&after={middle - 1}",
        "by user": f"{URL}?actor=system",
    }
    short = {name: queries(client, url) for name, url in pages.items()}

    log(org, 150)
    log(org, 30, unit=org.community_b, kind=Action.DENIED)
    long = {name: queries(client, url) for name, url in pages.items()}

    assert AuditEntry.objects.count() > 200
    assert long == short
