"""Reading the 走访 sheet of an upload through zhengxian.core.spreadsheets."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhengxian.core import spreadsheets
from zhengxian.core.spreadsheets import Upload, Workbook

from .columns import COLUMNS, SHEET


def read_workbook(upload: Upload) -> Workbook:
    return spreadsheets.read_workbook(
        upload,
        columns_of_sheet={SHEET: COLUMNS},
        no_sheet_message=_no_sheet,
        log_label="visit import",
    )


def _no_sheet() -> str:
    return _("The workbook has no sheet named %(names)s: use the template.") % {"names": SHEET}
