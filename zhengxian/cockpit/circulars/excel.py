"""The circular's workbook: in a full publication each group's ranking with dimension and leaf
points and movement, the red and black lists, and a sheet per top-level dimension; in a
tiers-only publication each group's units with their tier; in a lists-only publication the
red and black lists alone. Every sheet has a title row and a header row kept in view (frozen)
and printed on every page, a print area, A4 landscape one page wide; an "About" sheet names the
publication (version, time, digest). Saved through ``core.spreadsheets.writer``, which keeps
every cell from being read as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from zhengxian.campaigns.models import PublicationMode
from zhengxian.core.spreadsheets.writer import workbook_bytes

from .figures import CircularFigures, Column, GroupFigures, UnitLine

POINTS_FORMAT = "0.00"
HEADER_ROW = 2  # row 1 is the sheet's title
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def circular_xlsx(figures: CircularFigures) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    used: set[str] = set()
    if figures.mode == PublicationMode.FULL:
        for group in figures.groups:
            _ranking_sheet(book, used, figures, group)
        _lists_sheet(book, used, figures, with_points=True)
        for columns in figures.dimensions:
            _dimension_sheet(book, used, figures, columns.dimension.code)
    elif figures.mode == PublicationMode.TIERS:
        for group in figures.groups:
            _tier_sheet(book, used, figures, group)
    else:
        _lists_sheet(book, used, figures, with_points=False)
    _about_sheet(book, used, figures)
    return workbook_bytes(book)


def sheet_title(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts (no []:*?/\\, at most 31 characters), unique in the book."""
    base = _BAD_TITLE.sub("-", name).strip("'") or "-"
    title, n = base[:31], 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _sheet(
    book: Workbook,
    used: set[str],
    name: str,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    frozen_columns: int,
    points_from: int | None = None,
) -> Worksheet:
    sheet = book.create_sheet(sheet_title(name, used))
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(header))
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        sheet.append(list(row))
    width = max(len(header), 1)
    if points_from is not None:
        for row_cells in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=points_from):
            for cell in row_cells:
                if isinstance(cell.value, int | float | Decimal):
                    cell.number_format = POINTS_FORMAT
    for index, label in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(8, min(30, len(label) * 2))
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{HEADER_ROW + 1}"
    last = max(sheet.max_row, HEADER_ROW)
    sheet.print_area = f"A1:{get_column_letter(width)}{last}"
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def _heading(figures: CircularFigures, what: str) -> str:
    return f"{figures.campaign.name} · {figures.period.label} · {what}"


def _named(column: Column) -> str:
    """A dimension or leaf with its weight: 考评员评价 (40)."""
    return f"{column.name} ({column.weight.normalize():f})"


def _list_name(line: UnitLine) -> str:
    if line.red:
        return _("Red list")
    if line.black:
        return _("Black list")
    return ""


def _ranking_sheet(
    book: Workbook, used: set[str], figures: CircularFigures, group: GroupFigures
) -> None:
    dimensions = [columns.dimension for columns in figures.dimensions]
    leaves = [leaf for columns in figures.dimensions for leaf in columns.leaves]
    header = [
        _("Rank"),
        _("Unit code"),
        _("Unit"),
        _("Total"),
        *[_named(column) for column in dimensions],
        *[_named(column) for column in leaves],
        _("Bonus"),
        _("Penalty"),
        _("Previous rank"),
        _("Movement"),
        _("List"),
    ]
    rows = [
        [
            line.rank,
            line.code,
            line.name,
            line.total,
            *[line.dimensions.get(column.code) for column in dimensions],
            *[line.leaves.get(column.code) for column in leaves],
            line.bonus,
            line.penalty,
            line.previous_rank,
            line.movement,
            _list_name(line),
        ]
        for line in group.lines
    ]
    sheet = _sheet(
        book,
        used,
        group.name,
        _heading(figures, group.name),
        header,
        rows,
        frozen_columns=3,
        points_from=4,
    )
    # Ranks and movement are whole numbers, not points.
    for row_cells in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=len(header) - 2):
        for cell in row_cells:
            cell.number_format = "General"


def _lists_sheet(
    book: Workbook, used: set[str], figures: CircularFigures, *, with_points: bool
) -> None:
    header = [_("Group"), _("List"), _("Unit code"), _("Unit")]
    if with_points:
        header += [_("Rank"), _("Total")]
    rows = []
    for group in figures.groups:
        for label, lines in ((_("Red list"), group.red), (_("Black list"), group.black)):
            ordered = lines if with_points else sorted(lines, key=lambda line: line.code)
            for line in ordered:
                row: list[Any] = [group.name, label, line.code, line.name]
                if with_points:
                    row += [line.rank, line.total]
                rows.append(row)
    _sheet(
        book,
        used,
        _("Red and black lists"),
        _heading(figures, _("Red and black lists")),
        header,
        rows,
        frozen_columns=2,
        points_from=6 if with_points else None,
    )


def _dimension_sheet(book: Workbook, used: set[str], figures: CircularFigures, code: str) -> None:
    columns = next(c for c in figures.dimensions if c.dimension.code == code)
    header = [
        _("Group"),
        _("Rank"),
        _("Unit"),
        *[_named(leaf) for leaf in columns.leaves],
        _named(columns.dimension),
    ]
    rows = []
    for group in figures.groups:
        for line in group.lines:
            subtotal = line.dimensions.get(code, line.leaves.get(code))
            rows.append(
                [
                    group.name,
                    line.rank,
                    line.name,
                    *[line.leaves.get(leaf.code) for leaf in columns.leaves],
                    subtotal,
                ]
            )
    _sheet(
        book,
        used,
        columns.dimension.name,
        _heading(figures, columns.dimension.name),
        header,
        rows,
        frozen_columns=3,
        points_from=4,
    )


def _tier_sheet(
    book: Workbook, used: set[str], figures: CircularFigures, group: GroupFigures
) -> None:
    rows = [
        [line.code, line.name, tier]
        for tier, lines in group.by_tier(figures.tiers)
        for line in lines
    ]
    _sheet(
        book,
        used,
        group.name,
        _heading(figures, group.name),
        [_("Unit code"), _("Unit"), _("Tier")],
        rows,
        frozen_columns=2,
    )


def _about_sheet(book: Workbook, used: set[str], figures: CircularFigures) -> None:
    sheet = figures.sheet
    mode = dict(PublicationMode.choices).get(figures.mode, figures.mode)
    rows: list[list[Any]] = [
        [_("Campaign"), figures.campaign.name],
        [_("Period"), figures.period.label],
        [_("Publication mode"), str(mode)],
        [_("Version"), sheet.version],
        [_("Published at"), sheet.published_at.isoformat() if sheet.published_at else ""],
        [_("Digest (SHA-256)"), sheet.digest],
        [_("Issued by"), figures.issuer],
        [_("Issued on"), figures.issued_on.isoformat()],
    ]
    if figures.mode == PublicationMode.TIERS:
        for tier in figures.tiers:
            cut = _("below") if tier.min is None else f"≥ {tier.min:f}"
            rows.append([_("Tier"), f"{tier.name} {cut}"])
    if figures.mode != PublicationMode.TIERS:
        rows.append([_("Red and black list size"), figures.list_size])
    _sheet(
        book,
        used,
        _("About"),
        _heading(figures, _("About")),
        [_("Item"), _("Value")],
        rows,
        frozen_columns=1,
    )
