"""Playwright driving Debian's Chromium against pytest-django's live server.

Under CI=true a missing browser is a failure, never a skip. Screenshots land in
test-artifacts/screenshots/ (kept by CI, copied into docs/guide/img by `make screenshots`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: run `make browser-deps` (as root)."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_page(chromium: object, viewport: dict[str, int]) -> object:
    context = chromium.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)  # type: ignore[attr-defined]
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def phone_page(chromium: object) -> Iterator[object]:
    page = _new_page(chromium, PHONE)
    yield page
    page.context.close()  # type: ignore[attr-defined]


@pytest.fixture
def desktop_page(chromium: object) -> Iterator[object]:
    page = _new_page(chromium, DESKTOP)
    yield page
    page.context.close()  # type: ignore[attr-defined]


@pytest.fixture
def shoot():
    """shoot(page, "name") saves a full-page screenshot as a test artefact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shoot(page: object, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path

    return _shoot


def log_in(page: object, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)  # type: ignore[attr-defined]
    page.fill("#id_password", password)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{base_url}/")  # type: ignore[attr-defined]
