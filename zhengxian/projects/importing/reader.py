"""Reading the 项目, 节点 and 实物量 sheets of an upload through zhengxian.core.spreadsheets."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhengxian.core import spreadsheets
from zhengxian.core.spreadsheets import Upload, Workbook

from .columns import COLUMNS_OF_SHEET


def read_workbook(upload: Upload) -> Workbook:
    """The rows of the 项目, 节点 and 实物量 sheets; ImportFileError for an unusable file."""
    return spreadsheets.read_workbook(
        upload,
        columns_of_sheet=COLUMNS_OF_SHEET,
        no_sheet_message=_no_sheet,
        log_label="project import",
    )


def _no_sheet() -> str:
    return _("The workbook has no sheet named %(names)s: use the template.") % {
        "names": "、".join(COLUMNS_OF_SHEET)
    }
