"""A cadre logs a visit and signs in with the network switched off: both are kept on the
phone, shown as waiting, and sent exactly once when the network returns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from zhengxian.activities import services as activities
from zhengxian.activities.models import SignIn
from zhengxian.activities.services import Audience, SessionPlan
from zhengxian.matters.models import Matter, Visit
from zhengxian.orgs.testing import PASSWORD

from .conftest import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENT_WITHIN = 15_000  # ms: the page sends as soon as the phone says it is online


def waiting(count: int) -> str:
    """The count as the page shows it, in the page's language (Chinese by default)."""
    with translation.override("zh-hans"):
        return gettext("{count} waiting to send").replace("{count}", str(count))


def ready_for_offline(page) -> None:
    """The service worker has kept the page and its files."""
    expect(page.get_by_test_id("offline-queue")).to_have_attribute(
        "data-offline-ready", "true", timeout=SENT_WITHIN
    )


def at_top(page) -> None:
    """Full-page screenshots with the sticky menu drawn where the page was scrolled to are
    confusing: take them from the top."""
    page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")


def fill_visit(page, household: str, problem: str) -> None:
    page.locator("input[name=target_kind][value=household] + label").click()
    page.fill("#id_household", household)
    page.fill("#id_summary", "看望独居老人，了解用餐和健康情况")
    page.locator("textarea[name$='-text']").first.fill(problem)


def test_a_visit_written_offline_waits_on_the_phone_and_is_filed_once_online(
    live_server, org, phone_page, shoot
):
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/new/")
    ready_for_offline(page)
    count = page.get_by_test_id("offline-count")
    expect(count).to_have_text(waiting(0))

    page.context.set_offline(True)
    page.reload()  # the form opens from the phone without a network
    expect(page.get_by_test_id("visit-form")).to_be_visible()
    expect(page.get_by_test_id("offline-photo-note")).to_be_visible()
    expect(page.get_by_test_id("problem-photo").first).to_be_disabled()
    fill_visit(page, "湘湖家园3幢2单元王阿姨", "楼道声控灯坏了，晚上上下楼看不见")
    page.get_by_test_id("add-problem").click()  # a second row, added without the server
    expect(page.get_by_test_id("problem-row")).to_have_count(2)
    second = page.get_by_test_id("problem-row").nth(1)
    second.locator("textarea").fill("希望社区帮助申请居家养老上门服务")
    second.locator("select").select_option("livelihood")
    page.get_by_test_id("save-visit").click()

    expect(count).to_have_text(waiting(1))
    expect(page.get_by_test_id("offline-status")).to_be_visible()
    expect(page.get_by_test_id("offline-item")).to_contain_text("湘湖家园3幢2单元王阿姨")
    expect(page.locator("#id_household")).to_have_value("")  # ready for the next visit
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    at_top(page)
    shoot(page, "offline-visit-waiting")
    assert not Visit.objects.exists()

    page.reload()  # still offline: the visit is still waiting
    expect(count).to_have_text(waiting(1))
    assert not Visit.objects.exists()

    page.context.set_offline(False)
    expect(count).to_have_text(waiting(0), timeout=SENT_WITHIN)
    sent = page.get_by_test_id("offline-sent")
    expect(sent).to_contain_text("湘湖家园3幢2单元王阿姨")
    at_top(page)
    shoot(page, "offline-visit-sent")
    visit = Visit.objects.get()
    assert Matter.objects.filter(visit=visit).count() == 2
    sent.get_by_role("link").click()
    expect(page.get_by_test_id("visit-title")).to_contain_text("湘湖家园3幢2单元王阿姨")


def test_an_answer_lost_on_the_way_back_is_retried_with_the_same_key_and_files_one_visit(
    live_server, org, phone_page
):
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/new/")
    ready_for_offline(page)
    seen: list[dict[str, str]] = []

    def lose_the_first_answer(route):
        response = route.fetch()  # the server files the visit and answers ...
        seen.append(
            {
                "key": route.request.headers.get("idempotency-key", ""),
                "status": str(response.status),
                "replayed": response.headers.get("idempotent-replayed", ""),
            }
        )
        if len(seen) == 1:
            route.abort("connectionreset")  # ... but the phone never hears it
        else:
            route.fulfill(response=response)

    page.route("**/api/v1/visits", lose_the_first_answer)
    page.context.set_offline(True)
    fill_visit(page, "湘湖家园5幢李大爷", "小区门口的路灯不亮")
    page.get_by_test_id("save-visit").click()
    count = page.get_by_test_id("offline-count")
    expect(count).to_have_text(waiting(1))

    page.context.set_offline(False)
    page.wait_for_function(
        "() => (JSON.parse(localStorage.getItem('zx.offline.v1')) || [{}])[0].tries >= 1",
        timeout=SENT_WITHIN,
    )
    assert len(seen) == 1
    assert Visit.objects.count() == 1  # filed, though the phone does not know it
    expect(count).to_have_text(waiting(1))  # so it still waits

    page.reload()  # the next attempt (also made every 30 seconds)
    expect(count).to_have_text(waiting(0), timeout=SENT_WITHIN)
    assert len(seen) == 2
    assert seen[0]["key"] and seen[0]["key"] == seen[1]["key"]
    assert seen[0]["status"] == seen[1]["status"] == "201"
    assert seen[1]["replayed"] == "true"
    assert Visit.objects.count() == 1


def _open_session(org):
    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=10)
    activity = activities.activity_create(
        actor=org.user("leader_a"),
        kind="first_topic",
        title="湘湖社区第一议题学习",
        organiser=org.community_a,
        audience=Audience(units=(org.community_a,)),
        sessions=[
            SessionPlan(
                starts_at=start, ends_at=start + dt.timedelta(hours=1), place="湘湖党群服务中心"
            )
        ],
    )
    session = activity.sessions.get()
    return activities.session_open(session=session, actor=org.user("leader_a"))


def test_a_sign_in_pressed_offline_is_sent_when_the_network_returns(
    live_server, org, phone_page, shoot
):
    session = _open_session(org)
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/activities/s/{session.token}/")
    ready_for_offline(page)

    page.context.set_offline(True)
    page.reload()
    page.get_by_test_id("sign-in-button").click()
    count = page.get_by_test_id("offline-count")
    expect(count).to_have_text(waiting(1))
    expect(page.get_by_test_id("sign-in-waiting")).to_be_visible()
    expect(page.get_by_test_id("sign-in-button")).to_be_disabled()  # pressed once is enough
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    at_top(page)
    shoot(page, "offline-sign-in-waiting")
    assert not SignIn.objects.exists()

    page.context.set_offline(False)
    expect(page.get_by_test_id("signed-in")).to_contain_text("湘湖干部", timeout=SENT_WITHIN)
    expect(count).to_have_text(waiting(0))
    assert SignIn.objects.filter(session=session).count() == 1


def test_a_kept_visit_the_server_refuses_waits_for_the_user_and_can_be_corrected(
    live_server, org, phone_page, shoot
):
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/new/")
    ready_for_offline(page)
    page.context.set_offline(True)
    page.locator("input[name=target_kind][value=household] + label").click()
    page.fill("#id_household", "湘湖家园7幢赵阿姨")  # neither what was discussed nor a problem
    page.get_by_test_id("save-visit").click()
    count = page.get_by_test_id("offline-count")
    expect(count).to_have_text(waiting(1))

    page.context.set_offline(False)
    expect(count).to_have_text(waiting(0), timeout=SENT_WITHIN)
    item = page.get_by_test_id("offline-item")
    expect(item).to_contain_text("湘湖家园7幢赵阿姨")  # kept, never dropped silently
    expect(page.get_by_test_id("offline-attention")).to_be_visible()
    assert not Visit.objects.exists()
    at_top(page)
    shoot(page, "offline-visit-refused")

    page.get_by_test_id("offline-correct").click()
    expect(page.locator("#id_household")).to_have_value("湘湖家园7幢赵阿姨")
    page.fill("#id_summary", "了解独居老人生活情况")
    page.get_by_test_id("save-visit").click()  # online: the page's own form post
    expect(page.get_by_test_id("visit-title")).to_contain_text("湘湖家园7幢赵阿姨")
    assert Visit.objects.count() == 1
    page.goto(f"{live_server.url}/matters/visits/new/")
    expect(count).to_have_text(waiting(0))
    expect(page.get_by_test_id("offline-item")).to_have_count(0)


def test_a_discarded_refusal_is_gone_and_a_logged_out_phone_keeps_what_waits(
    live_server, org, phone_page
):
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/new/")
    ready_for_offline(page)
    page.context.set_offline(True)
    page.locator("input[name=target_kind][value=household] + label").click()
    page.fill("#id_household", "湘湖家园7幢赵阿姨")
    page.get_by_test_id("save-visit").click()
    page.context.set_offline(False)
    expect(page.get_by_test_id("offline-discard")).to_be_visible(timeout=SENT_WITHIN)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("offline-discard").click()
    expect(page.get_by_test_id("offline-item")).to_have_count(0)

    # The login ends while a visit waits: it stays waiting and is sent after logging in.
    page.context.set_offline(True)
    fill_visit(page, "湘湖家园9幢孙大爷", "单元门禁坏了")
    page.get_by_test_id("save-visit").click()
    count = page.get_by_test_id("offline-count")
    expect(count).to_have_text(waiting(1))
    page.context.clear_cookies()
    page.context.set_offline(False)
    expect(page.get_by_test_id("offline-status").get_by_role("link")).to_be_visible(
        timeout=SENT_WITHIN
    )
    expect(count).to_have_text(waiting(1))
    assert not Visit.objects.exists()
    page.get_by_test_id("offline-status").get_by_role("link").click()
    page.fill("#id_username", "cadre_a")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/matters/visits/new/")
    expect(count).to_have_text(waiting(0), timeout=SENT_WITHIN)
    assert Visit.objects.count() == 1


def test_a_photo_is_not_kept_offline_and_the_visit_goes_without_it_only_if_the_user_agrees(
    live_server, org, phone_page
):
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/new/")
    ready_for_offline(page)
    photo = finders.find("core/pwa/icon-192.png")
    page.get_by_test_id("problem-photo").first.set_input_files(photo)  # picked with a network
    page.context.set_offline(True)
    fill_visit(page, "湘湖家园2幢周阿姨", "垃圾分类点满溢")
    count = page.get_by_test_id("offline-count")

    page.once("dialog", lambda dialog: dialog.dismiss())  # "keep it without the photo?" no
    page.get_by_test_id("save-visit").click()
    expect(page.get_by_test_id("save-visit")).to_be_enabled()
    expect(count).to_have_text(waiting(0))
    expect(page.locator("#id_household")).to_have_value("湘湖家园2幢周阿姨")  # form untouched

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("save-visit").click()
    expect(count).to_have_text(waiting(1))
    page.context.set_offline(False)
    expect(count).to_have_text(waiting(0), timeout=SENT_WITHIN)
    matter = Matter.objects.get(visit=Visit.objects.get())
    assert matter.title.startswith("垃圾分类点满溢")
    assert not matter.attachments.exists()


PAGES_KEPT = """async () => {
  let count = 0;
  for (const name of await caches.keys()) {
    if (name.startsWith("zx-pages-")) { count += (await (await caches.open(name)).keys()).length; }
  }
  return count;
}"""


def test_on_a_shared_phone_a_kept_visit_is_sent_only_by_the_account_that_wrote_it(
    live_server, org, phone_page
):
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/new/")
    ready_for_offline(page)
    assert page.evaluate(PAGES_KEPT) >= 1
    page.context.set_offline(True)
    fill_visit(page, "湘湖家园6幢吴大姐", "楼顶漏水")
    page.get_by_test_id("save-visit").click()
    expect(page.get_by_test_id("offline-count")).to_have_text(waiting(1))

    # The network returns but the server cannot be reached; cadre_a logs out.
    page.route("**/api/v1/visits", lambda route: route.abort("connectionrefused"))
    page.context.set_offline(False)
    page.locator("form[action$='/accounts/logout/']").evaluate("form => form.submit()")
    page.wait_for_url("**/accounts/login/**")
    page.wait_for_function(f"({PAGES_KEPT})().then(n => n === 0)")  # the kept form is gone
    page.unroute("**/api/v1/visits")

    log_in(page, live_server.url, "cadre_b", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/new/")
    ready_for_offline(page)
    expect(page.get_by_test_id("offline-count")).to_have_text(waiting(0))
    expect(page.get_by_test_id("offline-others")).to_contain_text("1")  # another account's
    page.wait_for_timeout(1_000)
    assert not Visit.objects.exists()  # never filed as cadre_b

    page.locator("form[action$='/accounts/logout/']").evaluate("form => form.submit()")
    page.wait_for_url("**/accounts/login/**")
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/new/")
    expect(page.get_by_test_id("offline-count")).to_have_text(waiting(0), timeout=SENT_WITHIN)
    expect(page.get_by_test_id("offline-sent")).to_contain_text("湘湖家园6幢吴大姐")
    visit = Visit.objects.get()
    assert visit.recorded_by == org.user("cadre_a")


def test_a_qr_code_scanned_without_a_network_signs_in_from_the_offline_sign_in_page(
    live_server, org, phone_page, shoot
):
    session = _open_session(org)
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/new/")  # the app opened once, online
    ready_for_offline(page)

    page.context.set_offline(True)
    page.goto(f"{live_server.url}/activities/s/{session.token}/")  # never opened before
    expect(page.get_by_test_id("offline-sign-in")).to_be_visible()
    page.get_by_test_id("sign-in-button").click()
    count = page.get_by_test_id("offline-count")
    expect(count).to_have_text(waiting(1))
    expect(page.get_by_test_id("sign-in-button")).to_be_disabled()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    at_top(page)
    shoot(page, "offline-sign-in-scanned")
    assert not SignIn.objects.exists()

    page.context.set_offline(False)
    expect(page.get_by_test_id("signed-in")).to_contain_text("湘湖干部", timeout=SENT_WITHIN)
    assert SignIn.objects.filter(session=session).count() == 1
