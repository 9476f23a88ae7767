"""bench/pages.py on the tiny data set: every main page it times answers 200 for the office of
the whole tree, after it scored the busiest period itself (the benchmark cannot rot unseen)."""

from __future__ import annotations

import pytest
from django.test import Client

from bench.datagen import build
from bench.pages import BASELINE, main_pages, measure, office_user

pytestmark = pytest.mark.django_db


def test_every_main_page_answers_with_its_figures(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    build(scale="tiny", seed=1, year=2026)
    client = Client()
    client.force_login(office_user())

    pages = main_pages()

    assert {BASELINE, "ranking", "score card", "cockpit", "visit list", "unit tree"} <= set(pages)
    for name, path in pages.items():
        got = measure(client, path, runs=1)
        assert (name, got["ms"] > 0, got["queries"] > 0, got["kb"] > 1) == (name, True, True, True)
