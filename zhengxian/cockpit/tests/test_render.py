"""The Word circular rendered by LibreOffice headless to PDF and PNG, kept as test artefacts
under test-artifacts/circulars/ (run where ``soffice`` and ``pdftoppm`` are installed: CI
installs libreoffice-writer-nogui, poppler-utils and fonts-noto-cjk)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from .circular_data import build_circular_data

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "circulars"

pytestmark = [
    pytest.mark.django_db,
    # Never skipped in CI (scripts/ensure-browser.sh installs them there).
    pytest.mark.skipif(
        not (shutil.which("soffice") and shutil.which("pdftoppm"))
        and os.environ.get("CI") != "true",
        reason="LibreOffice (soffice) and poppler-utils (pdftoppm) are not installed",
    ),
]


@pytest.mark.parametrize("mode", ["full", "tiers", "lists"])
def test_the_word_circular_renders_to_an_a4_pdf_and_pictures(org, login, tmp_path, mode):
    data = build_circular_data(org, mode=mode)
    answer = login("office").get(reverse("cockpit:circular_docx", args=[data.feb.pk]))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"circular-{mode}.docx"
    source.write_bytes(answer.content)
    profile = tmp_path / "profile"  # its own LibreOffice profile: parallel runs do not clash
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(ARTIFACTS),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = ARTIFACTS / f"circular-{mode}.pdf"
    assert pdf.stat().st_size > 0
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert "595.3 x 841.89 pts (A4)" in info.stdout.replace("595.304", "595.3")
    for old in ARTIFACTS.glob(f"circular-{mode}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", str(pdf), str(ARTIFACTS / f"circular-{mode}")],
        check=True,
        timeout=120,
    )
    assert sorted(ARTIFACTS.glob(f"circular-{mode}-*.png"))
