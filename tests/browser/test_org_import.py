"""The campaign office imports a workbook with a bad row, reads the problem, fixes it, imports."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengxian.orgs.importing.testing import person_row, unit_row, xlsx
from zhengxian.orgs.models import Unit
from zhengxian.orgs.testing import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_imports_a_file_with_an_error_then_the_fixed_file(
    live_server, org, desktop_page, shoot, tmp_path
):
    page = desktop_page
    bad = tmp_path / "单位人员.xlsx"
    bad.write_bytes(
        xlsx(
            units=[
                unit_row("CX-NEW", "新湖社区"),
                unit_row("CX-NEW-G1", "新湖社区第一网格", "网格", "CX-NOPE"),
            ],
            people=[person_row("王小明", "CX-NEW", **{"手机": "13900001111"})],
        )
    )
    log_in(page, live_server.url, "office", PASSWORD)
    page.goto(f"{live_server.url}/orgs/import/")
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_test_id("import-form").locator("button[type=submit]").click()
    problems = page.get_by_test_id("import-problems")
    expect(problems).to_contain_text("CX-NOPE")
    expect(problems).to_contain_text("3")  # the Excel row of the bad parent
    shoot(page, "import-error-desktop")
    assert not Unit.objects.filter(code="CX-NEW").exists()  # nothing half-written

    good = tmp_path / "fixed.xlsx"
    good.write_bytes(
        xlsx(
            units=[
                unit_row("CX-NEW", "新湖社区"),
                unit_row("CX-NEW-G1", "新湖社区第一网格", "网格", "CX-NEW"),
            ],
            people=[person_row("王小明", "CX-NEW", **{"手机": "13900001111"})],
        )
    )
    page.set_input_files("input[type=file]", str(good))
    page.get_by_test_id("import-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("job-summary")).to_be_visible()  # the job ran
    shoot(page, "import-done-desktop")
    assert Unit.objects.get(code="CX-NEW-G1").parent.code == "CX-NEW"


def test_import_page_on_a_phone_shows_the_error_table_without_breaking_the_layout(
    live_server, org, phone_page, shoot, tmp_path
):
    page = phone_page
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(units=[unit_row("CX-NEW", "新湖社区", "村庄")]))
    log_in(page, live_server.url, "office", PASSWORD)
    page.goto(f"{live_server.url}/orgs/import/")
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_test_id("import-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("import-problems")).to_contain_text("村庄")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "import-error-phone")
