"""A cadre logs a visit with problems on a phone; a matter goes round its closed loop."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from zhengxian.matters import services
from zhengxian.orgs.testing import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_cadre_logs_a_visit_with_two_problems_on_a_phone(live_server, org, phone_page, shoot):
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/new/")
    form = page.get_by_test_id("visit-form")
    expect(form).to_be_visible()
    no_sideways_scroll(page)
    page.locator("input[name=target_kind][value=household] + label").click()
    page.fill("#id_household", "湘湖家园3幢2单元王阿姨")
    expect(page.get_by_test_id("visitors").locator("input:checked")).to_have_count(
        1
    )  # the cadre, ticked
    page.fill("#id_summary", "看望独居老人，了解用餐和健康情况")
    page.locator("textarea[name$='-text']").first.fill("楼道声控灯坏了，晚上上下楼看不见")
    page.get_by_test_id("add-problem").click()
    expect(page.get_by_test_id("problem-row")).to_have_count(2)
    second = page.get_by_test_id("problem-row").nth(1)
    second.locator("textarea").fill("希望社区帮助申请居家养老上门服务")
    second.locator("select").select_option("livelihood")
    shoot(page, "visit-form-phone")
    page.get_by_test_id("save-visit").click()
    matters = page.get_by_test_id("visit-matters")
    expect(matters).to_contain_text("楼道声控灯坏了")
    expect(matters).to_contain_text("希望社区帮助申请居家养老上门服务")
    expect(page.get_by_test_id("visit-title")).to_contain_text("湘湖家园3幢2单元王阿姨")
    no_sideways_scroll(page)
    shoot(page, "visit-logged-phone")
    page.goto(f"{live_server.url}/matters/visits/")
    expect(page.get_by_test_id("visit-table")).to_contain_text("湘湖家园3幢2单元王阿姨")
    no_sideways_scroll(page)


def test_a_new_problem_like_an_open_matter_offers_to_link_on_a_phone(
    live_server, org, phone_page, shoot
):
    services.matter_create(
        actor=org.user("cadre_a"),
        title="湘湖家园3幢门口路灯坏了",
        description="晚上很黑，出行不安全",
        origin="visit",
        reporting_unit=org.community_a,
    )
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/new/")
    page.locator("textarea[name$='-text']").first.fill("3幢门口的路灯不亮，晚上出行不安全")
    page.locator("textarea[name$='-text']").first.blur()
    duplicates = page.get_by_test_id("duplicates")
    expect(duplicates).to_contain_text("湘湖家园3幢门口路灯坏了")
    no_sideways_scroll(page)
    shoot(page, "visit-duplicate-phone")


def test_a_matter_goes_round_its_loop(live_server, org, phone_page, shoot):
    matter = services.matter_create(
        actor=org.user("cadre_a"),
        title="湘湖家园5幢窨井盖松动",
        description="踩上去晃动，老人孩子容易绊倒",
        origin="visit",
        reporting_unit=org.community_a,
        requester_name="王阿姨",
    )
    url = f"{live_server.url}/matters/{matter.pk}/"
    page = phone_page
    log_in(page, live_server.url, "leader_a", PASSWORD)
    page.goto(url)
    badge = page.locator("h1 ~ [data-testid=state-badge]").first
    expect(badge).to_have_attribute("data-state", "reported")
    page.select_option("#id_assign_responsible_unit", str(org.grid_a.pk))
    page.fill("#id_assign_deadline", (dt.date.today() + dt.timedelta(days=5)).isoformat())
    page.fill("#id_assign_note", "请网格员现场查看")
    page.get_by_test_id("submit-assign").click()
    expect(page.get_by_test_id("responsible-unit")).to_contain_text("湘湖第一网格")
    page.get_by_test_id("submit-accept").click()
    expect(page.locator("h1 ~ [data-testid=state-badge]").first).to_have_attribute(
        "data-state", "in_progress"
    )
    page.get_by_test_id("action-resolve").click()
    page.fill("#id_resolve_note", "已联系市政更换井盖")
    page.get_by_test_id("submit-resolve").click()
    expect(page.locator("h1 ~ [data-testid=state-badge]").first).to_have_attribute(
        "data-state", "resolved"
    )
    no_sideways_scroll(page)

    page.context.clear_cookies()
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(url)
    page.locator("input[name=satisfaction][value='5'] + label").click()
    page.get_by_test_id("submit-rate").click()
    expect(page.get_by_test_id("satisfaction")).to_contain_text("5")
    page.locator("input[name=resolution][value=solved] + label").click()
    page.get_by_test_id("submit-confirm").click()
    expect(page.locator("h1 ~ [data-testid=state-badge]").first).to_have_attribute(
        "data-state", "closed"
    )
    history = page.get_by_test_id("history")
    expect(history.locator("li")).to_have_count(6)
    expect(history).to_contain_text("已联系市政更换井盖")
    no_sideways_scroll(page)
    shoot(page, "matter-closed-phone")


def test_every_matters_page_fits_a_phone(live_server, org, phone_page, shoot):
    today = dt.date.today()
    matter = services.matter_create(
        actor=org.user("cadre_a"),
        title="湘湖家园3幢楼道堆放杂物，存在消防隐患",
        description="楼道里堆放了纸箱和旧家具，影响通行",
        origin="visit",
        reporting_unit=org.community_a,
    )
    services.matter_transition(
        matter=matter,
        action="assign",
        actor=org.user("office"),
        responsible_unit=org.community_a,
        deadline=today,
    )
    day = services.supervision_day_create(
        actor=org.user("office"),
        unit=org.subdistrict,
        held_on=today,
        title="固定监督日",
        inspected_units=[org.community_a],
        supervisors=[org.people["supervisor"]],
    )
    case = services.mediation_case_create(
        actor=org.user("office"),
        reporting_unit=org.community_a,
        title="楼上漏水纠纷",
        category="neighbour",
        applicants=[("王某", "13900001111")],
        respondents=[("李某", "")],
    )
    page = phone_page
    log_in(page, live_server.url, "office", PASSWORD)
    paths = [
        "/matters/",
        "/matters/new/",
        f"/matters/{matter.pk}/",
        "/matters/deadlines/",
        "/matters/visits/",
        "/matters/visits/new/",
        "/matters/visits/coverage/",
        "/matters/supervision/",
        "/matters/supervision/new/",
        f"/matters/supervision/{day.pk}/",
        "/matters/mediation/",
        "/matters/mediation/new/",
        f"/matters/mediation/{case.pk}/",
    ]
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main h1").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    page.goto(f"{live_server.url}/matters/deadlines/")
    expect(page.get_by_test_id("deadline-summary")).to_contain_text("湘湖社区")
    shoot(page, "deadlines-phone")


def _photo_png() -> bytes:
    """A small real PNG (a grey square), as a phone's camera would send a photo."""
    import struct
    import zlib

    width = height = 48
    raw = b"".join(b"\x00" + b"\x90\x90\x90" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_a_grid_cadre_accepts_and_resolves_a_matter_on_a_phone(live_server, org, phone_page, shoot):
    matter = services.matter_create(
        actor=org.user("cadre_a"),
        title="湘湖家园7幢楼道灯不亮",
        description="晚上上下楼看不见",
        origin="visit",
        reporting_unit=org.community_a,
    )
    services.matter_transition(
        matter=matter,
        action="assign",
        actor=org.user("leader_a"),
        responsible_unit=org.grid_a,
        deadline=dt.date.today() + dt.timedelta(days=5),
    )
    url = f"{live_server.url}/matters/{matter.pk}/"
    page = phone_page
    log_in(page, live_server.url, "grid_a", PASSWORD)
    page.goto(url)
    expect(page.get_by_test_id("responsible-unit")).to_contain_text("湘湖第一网格")
    page.get_by_test_id("submit-accept").click()
    expect(page.locator("h1 ~ [data-testid=state-badge]").first).to_have_attribute(
        "data-state", "in_progress"
    )
    page.get_by_test_id("action-resolve").click()
    page.fill("#id_resolve_note", "网格员已更换灯泡")
    page.get_by_test_id("submit-resolve").click()
    expect(page.locator("h1 ~ [data-testid=state-badge]").first).to_have_attribute(
        "data-state", "resolved"
    )
    expect(page.get_by_test_id("history")).to_contain_text("网格员甲")
    no_sideways_scroll(page)
    shoot(page, "matter-grid-resolved-phone")

    # the reporter heard of both steps
    from zhengxian.core.models import Notification

    kinds = list(
        Notification.objects.filter(recipient=org.user("cadre_a"))
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds[-2:] == ["matter_step", "matter_resolved"]


def test_a_cadre_logs_a_visit_with_a_problem_and_a_photo_on_a_phone(
    live_server, org, phone_page, shoot
):
    page = phone_page
    log_in(page, live_server.url, "grid_a", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/new/")
    expect(page.locator("#id_target_unit option:checked")).to_have_text("湘湖社区")
    options = page.locator("#id_target_unit option[value]:not([value=''])")
    expect(options).to_have_count(2)  # 湘湖社区, 湖头陈社区: communities only
    page.locator("input[name=target_kind][value=household] + label").click()
    page.fill("#id_household", "湘湖家园5幢1单元李大伯")
    row = page.get_by_test_id("problem-row").first
    row.locator("textarea").fill("单元门口井盖松动，踩上去晃")
    row.get_by_test_id("problem-photo").set_input_files(
        {"name": "井盖.png", "mimeType": "image/png", "buffer": _photo_png()}
    )
    no_sideways_scroll(page)
    shoot(page, "visit-photo-phone")
    page.get_by_test_id("save-visit").click()  # 走访情况 left empty
    matters = page.get_by_test_id("visit-matters")
    expect(matters).to_contain_text("单元门口井盖松动")
    matters.get_by_role("link").first.click()
    expect(page.get_by_test_id("attachments")).to_contain_text("井盖.png")
    no_sideways_scroll(page)
