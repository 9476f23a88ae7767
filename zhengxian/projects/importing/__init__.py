"""Excel import and export of projects, milestones and physical quantities.

`project_import` checks every row of every sheet first and writes all of them or none;
`project_import_start` checks the same way and queues the writes as a background job;
`build_template` makes the downloadable workbook; `export_projects` writes the same sheets
(plus a read-only 进度 sheet), so an exported file imports back unchanged.
"""

from __future__ import annotations

from .export import export_projects
from .run import ImportOutcome, ImportResult, StartOutcome, project_import, project_import_start
from .template import build_template

__all__ = [
    "ImportOutcome",
    "ImportResult",
    "StartOutcome",
    "build_template",
    "export_projects",
    "project_import",
    "project_import_start",
]
