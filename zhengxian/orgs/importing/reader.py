"""Reading the 单位 and 人员 sheets of an upload through zhengxian.core.spreadsheets."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhengxian.core import spreadsheets
from zhengxian.core.spreadsheets import Upload, Workbook

from .columns import COLUMNS_OF_SHEET, PEOPLE_SHEET, UNIT_SHEET


def read_workbook(upload: Upload) -> Workbook:
    """Reads the 单位 and 人员 sheets; raises ImportFileError for a file that cannot be used."""
    return spreadsheets.read_workbook(
        upload, columns_of_sheet=COLUMNS_OF_SHEET, no_sheet_message=_no_sheet, log_label="import"
    )


def _no_sheet() -> str:
    return _("The workbook has no sheet named %(units)s or %(people)s: use the template.") % {
        "units": UNIT_SHEET,
        "people": PEOPLE_SHEET,
    }
