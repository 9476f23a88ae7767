"""The Word circular read back with python-docx: GB/T 9704-2012 page, fonts and sizes, line
pitch, page numbers, the office and date right-aligned, and the text from the figures."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhengxian.cockpit.circulars.word import RUN_PROPERTY_ORDER
from zhengxian.core import clock

from .circular_data import build_circular_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def docx(org, as_user):
    data = build_circular_data(org)
    answer = as_user("office").get(reverse("cockpit:circular_docx", args=[data.feb.pk]))
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    assert answer["Content-Disposition"] == (
        'attachment; filename="test-2026-2026-02-v2-circular.docx"'
    )
    return Document(io.BytesIO(answer.content))


def _east_asian(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def _near(length, millimetres: float) -> bool:
    return abs(length - Mm(millimetres)) <= Mm(0.1)


def test_the_page_is_a4_with_the_gbt_9704_margins_and_type_area(docx):
    section = docx.sections[0]
    assert _near(section.page_width, 210) and _near(section.page_height, 297)
    assert _near(section.top_margin, 37) and _near(section.left_margin, 28)
    type_width = section.page_width - section.left_margin - section.right_margin
    type_height = section.page_height - section.top_margin - section.bottom_margin
    assert _near(type_width, 156) and _near(type_height, 225)


def test_run_properties_keep_the_order_word_requires(docx):
    order = list(RUN_PROPERTY_ORDER)
    for properties in docx.element.body.iter(qn("w:rPr")):
        tags = [child.tag for child in properties]
        positions = [order.index(f"w:{tag.split('}')[1]}") for tag in tags]
        assert positions == sorted(positions)
    normal = docx.styles["Normal"].element.rPr
    tags = [order.index(f"w:{child.tag.split('}')[1]}") for child in normal]
    assert tags == sorted(tags)


def test_22_lines_of_28_characters_fit_the_type_area(docx):
    normal = docx.styles["Normal"]
    pitch = normal.paragraph_format.line_spacing
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert 22 * pitch <= Mm(225) < 23 * pitch
    spacing = normal.element.rPr.find(qn("w:spacing"))
    character = Pt(16 + int(spacing.get(qn("w:val"))) / 20)
    assert 28 * character <= Mm(156) < 29 * character
    grid = docx.sections[0]._sectPr.find(qn("w:docGrid"))
    assert int(grid.get(qn("w:linePitch"))) == round(pitch.pt * 20)


def test_title_body_and_headings_use_the_prescribed_fonts_and_sizes(docx):
    paragraphs = [p for p in docx.paragraphs if p.text]
    title = paragraphs[0]
    assert title.text == "Circular on the results of 2026年测试比学活动 for 2026年02月"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _east_asian(title.runs[0]) == "方正小标宋简体"
    assert title.runs[0].font.size == Pt(22)  # 2号
    heading = next(p for p in paragraphs if p.text == "1. Overall results")
    assert _east_asian(heading.runs[0]) == "黑体" and heading.runs[0].font.size == Pt(16)
    body = next(p for p in paragraphs if p.text.startswith("In 社区组 the first three"))
    assert _east_asian(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters in


def test_the_text_is_written_from_the_figures(docx):
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "江寺社区 (rank 1, 100.00 points)" in text
    assert "江寺社区 (up 4, now rank 1)" in text
    assert "湖头陈社区 (down 2, now rank 4)" in text
    assert "湘湖社区 (2)" in text
    assert "went from 30.00 to 38.00" in text


def test_the_issuing_office_and_date_are_right_aligned_at_the_end(docx):
    filled = [p for p in docx.paragraphs if p.text]
    issuer, date = filled[-2], filled[-1]
    day = clock.today()
    assert issuer.text == "城厢街道" and date.text == f"{day.month}/{day.day}/{day.year}"
    assert issuer.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent == Pt(64)  # four characters in


def test_odd_and_even_pages_carry_a_page_number_field(docx):
    section = docx.sections[0]
    assert docx.settings.odd_and_even_pages_header_footer
    for footer, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        codes = [node.text for node in paragraph._p.iter(qn("w:instrText"))]
        assert codes == [" PAGE "] and paragraph.alignment == side
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert all(run.font.size == Pt(14) for run in paragraph.runs if run.text)
