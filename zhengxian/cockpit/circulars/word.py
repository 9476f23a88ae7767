"""The circular as a Word document laid out per GB/T 9704-2012 (党政机关公文格式).

- A4 (210 × 297 mm); top margin 37 mm, binding (left) margin 28 mm, type area 156 × 225 mm,
  so the right margin is 26 mm and the bottom 35 mm.
- Title 2号 (22 pt) 小标宋, centred; body 3号 (16 pt) 仿宋; level-one headings 3号 黑体.
- 22 lines of 28 characters: an exact line pitch of 28.95 pt (22 × 28.95 pt fit the 225 mm
  type area) and a document grid whose character pitch puts 28 characters on 156 mm.
- Page numbers 4号 (14 pt) 宋体 as “— 1 —”, odd pages on the right and even pages on the left,
  each one character in from the edge of the type area.
- The issuing office and the date right-aligned, the date four characters in from the right.

The fonts are named as East Asian fonts (``w:eastAsia``); a machine without them (Debian has
none of the three) falls back to another CJK font when rendering, the file still names them.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .wording import CircularText

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP_MARGIN = Mm(37)
BINDING_MARGIN = Mm(28)  # the left margin: the side the circular is bound on
TYPE_WIDTH, TYPE_HEIGHT = Mm(156), Mm(225)
RIGHT_MARGIN = Mm(210 - 28 - 156)
BOTTOM_MARGIN = Mm(297 - 37 - 225)
FOOTER_DISTANCE = Mm(23)  # the page number's line starts 7 mm below the type area

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = Pt(28.95)  # 22 × 28.95 pt = 636.9 pt ≤ 225 mm (637.8 pt)
TITLE_LINE_PITCH = Pt(36)
INDENT = Pt(32)  # two characters of the body
# 16 pt characters condensed by 0.25 pt: 28 × 15.75 pt = 441 pt ≤ 156 mm (442.2 pt).
CHARACTER_SPACING = Pt(-0.25)


# The order of a run's properties in the OOXML schema (CT_RPr), which Word enforces.
RUN_PROPERTY_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def circular_docx(text: CircularText) -> bytes:
    """The circular as .docx bytes."""
    document = Document()
    _page_setup(document)
    _normal_style(document)
    document.core_properties.title = text.title
    document.core_properties.author = text.issuer

    body = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    _title(body, text.title)
    _paragraph(document, "")
    _paragraph(document, text.addressee, indent=False)
    _paragraph(document, text.opening)
    for section in text.sections:
        heading = _paragraph(document, section.heading)
        for run in heading.runs:
            _set_font(run, HEADING_FONT, BODY_SIZE)
        for line in section.paragraphs:
            _paragraph(document, line)
    _paragraph(document, "")
    _paragraph(document, "")
    date_width = _width(text.date)
    issuer = _paragraph(document, text.issuer, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    # The office's name centred over the date (GB/T 9704, 7.3.5.2), the date four in.
    offset = 4 + max(0.0, (date_width - _width(text.issuer)) / 2)
    issuer.paragraph_format.right_indent = Pt(16 * offset)
    date = _paragraph(document, text.date, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.right_indent = Pt(16 * 4)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _width(text: str) -> float:
    """Width in body characters: ASCII digits and letters take half a character."""
    return sum(0.5 if ord(char) < 128 else 1.0 for char in text)


def _page_setup(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP_MARGIN, BOTTOM_MARGIN
    section.left_margin, section.right_margin = BINDING_MARGIN, RIGHT_MARGIN
    section.gutter = Mm(0)
    section.footer_distance = FOOTER_DISTANCE
    section.header_distance = Mm(15)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # A line grid only: a character grid whose pitch is below the font size makes
    # LibreOffice give every character two cells (14 a line); the body's characters are
    # condensed instead (``CHARACTER_SPACING``), which Word and LibreOffice both honour.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH.pt * 20)))  # twentieths of a point
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _normal_style(document: DocxDocument) -> None:
    style = document.styles["Normal"]
    style.font.name = LATIN_FONT
    style.font.size = BODY_SIZE
    properties = style.element.get_or_add_rPr()
    properties.get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    # twentieths of a point
    _rpr_child(properties, "w:spacing", val=str(int(CHARACTER_SPACING.pt * 20)))
    _rpr_child(properties, "w:lang", eastAsia="zh-CN")
    paragraph = style.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = LINE_PITCH
    paragraph.space_before = paragraph.space_after = Pt(0)


def _rpr_child(properties: CT_RPr, tag: str, **attributes: str) -> None:
    """Sets a run property python-docx has no API for, in the place the schema orders it
    (Word refuses a file whose run properties are out of order)."""
    for old in properties.findall(qn(tag)):
        properties.remove(old)
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    successors = RUN_PROPERTY_ORDER[RUN_PROPERTY_ORDER.index(tag) + 1 :]
    properties.insert_element_before(element, *successors)


def _set_font(run: Run, east_asian: str, size: Length, latin: str = LATIN_FONT) -> None:
    run.font.name = latin
    run.font.size = size
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _title(paragraph: Paragraph, title: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = TITLE_LINE_PITCH
    _set_font(paragraph.add_run(title), TITLE_FONT, TITLE_SIZE)


def _paragraph(
    document: DocxDocument,
    text: str,
    *,
    indent: bool = True,
    align: int = WD_ALIGN_PARAGRAPH.JUSTIFY,
) -> Paragraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = align  # type: ignore[assignment]
    if indent:
        paragraph.paragraph_format.first_line_indent = INDENT
    if text:
        _set_font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)
    return paragraph


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """“— PAGE —”: odd pages right, even pages left, one character in from the edge."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        paragraph.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    else:
        paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    _number_run(paragraph, "— ")
    _field(paragraph, "PAGE")
    _number_run(paragraph, " —")


def _number_run(paragraph: Paragraph, text: str) -> Run:
    run = paragraph.add_run(text)
    _set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, latin=PAGE_NUMBER_FONT)
    return run


def _field(paragraph: Paragraph, instruction: str) -> None:
    begin, separate, end = (OxmlElement("w:fldChar") for _ in range(3))
    begin.set(qn("w:fldCharType"), "begin")
    separate.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    _number_run(paragraph, "")._element.append(begin)
    _number_run(paragraph, "")._element.append(code)
    _number_run(paragraph, "")._element.append(separate)
    _number_run(paragraph, "1")
    _number_run(paragraph, "")._element.append(end)
