"""The two files of a period's circular, with their names, from one reading of the figures."""

from __future__ import annotations

from dataclasses import dataclass

from zhengxian.campaigns.models import Period

from .excel import circular_xlsx
from .figures import CircularFigures, circular_figures
from .word import circular_docx
from .wording import CircularText, circular_text

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class CircularFile:
    name: str
    content_type: str
    content: bytes


def circular_of(period: Period) -> tuple[CircularFigures, CircularText] | None:
    """The figures and the text of the period's circular; None while it has no publication."""
    figures = circular_figures(period)
    if figures is None:
        return None
    return figures, circular_text(figures)


def circular_stem(period: Period, figures: CircularFigures) -> str:
    """The files' name without extension: campaign, period and version."""
    return f"{period.campaign.code}-{period.key}-v{figures.sheet.version}-circular"


def circular_file(period: Period, kind: str) -> CircularFile | None:
    """The Word (``docx``) or Excel (``xlsx``) circular; None without a publication."""
    found = circular_of(period)
    if found is None:
        return None
    figures, text = found
    stem = circular_stem(period, figures)
    if kind == "docx":
        return CircularFile(f"{stem}.docx", DOCX_TYPE, circular_docx(text))
    return CircularFile(f"{stem}.xlsx", XLSX_TYPE, circular_xlsx(figures))
