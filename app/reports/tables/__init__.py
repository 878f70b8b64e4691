"""The tables a person reads, built in one place from the reports.

Each function turns a report of :mod:`app.reports.compute` (a frame of canonical columns,
codes and enumeration values) into the table a person reads: which columns, in which order,
codes named, enumerations labelled in ``lang``, ratios as percentages (93.0 under a "（%）"
header) and dates as text. Column keys stay canonical here; :func:`headed` gives them the
headers of the ``export.col.*`` catalogue. The pages, the month workbook, the bulletin's annex
and the command line's table format all show these very tables, so a figure cannot differ
between them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from app.reports.tables.appraisal import appraisal as appraisal_results
from app.reports.tables.appraisal import township_progress
from app.reports.tables.common import Names, code_names, headed
from app.reports.tables.field import (
    contacts,
    field_days,
    field_townships,
    field_units,
    help_types,
    ledger,
    open_cases,
    petitions,
)
from app.reports.tables.history import HISTORY_COLUMNS, history
from app.reports.tables.indicators import framework, targets, township_ranking, townships
from app.reports.tables.programme import REPORTS as PROGRAMME_REPORTS
from app.reports.tables.projects import (
    measure_status,
    project_townships,
    project_year,
    projects,
    stalled,
)
from app.reports.tables.supervision import proposals as supervision_proposals
from app.reports.tables.supervision import register as supervision_register
from app.reports.tables.supervision import units as supervision_units
from app.reports.tables.surveys import (
    accountability,
    complaints,
    reason_text,
    rectifications,
    survey_comparison,
    survey_ranking,
    units,
    units_missing,
)

__all__ = [
    "HISTORY_COLUMNS",
    "Names",
    "accountability",
    "code_names",
    "complaints",
    "contacts",
    "field_days",
    "field_townships",
    "field_units",
    "for_report",
    "framework",
    "headed",
    "help_types",
    "history",
    "ledger",
    "measure_status",
    "open_cases",
    "petitions",
    "project_townships",
    "project_year",
    "projects",
    "reason_text",
    "rectifications",
    "stalled",
    "supervision_proposals",
    "supervision_register",
    "supervision_units",
    "survey_comparison",
    "survey_ranking",
    "targets",
    "township_ranking",
    "townships",
    "units",
    "units_missing",
]


def for_report(name: str) -> Callable[[Any, Names, str], pd.DataFrame]:
    return {
        "targets": targets,
        "framework": framework,
        "project_year": project_year,
        "township_ranking": township_ranking,
        "project_investment": projects,
        "stalled_projects": stalled,
        "investment_by_township": project_townships,
        "survey_ranking_as_of": survey_ranking,
        "survey_comparison": survey_comparison,
        "rectification_status": rectifications,
        "complaints_by_unit": complaints,
        "units_missing": units_missing,
        "accountability": accountability,
        "field_days": field_days,
        "field_unit_rollup": field_units,
        "field_township_rollup": field_townships,
        "help_type_mix": help_types,
        "petitions": petitions,
        "open_cases_by_type": open_cases,
        "field_ledger": ledger,
        "contact_points": contacts,
        "appraisal": appraisal_results,
        "township_progress": township_progress,
        "supervision_proposals": supervision_proposals,
        "supervision_register": supervision_register,
        "supervision_units": supervision_units,
        **PROGRAMME_REPORTS,
    }[name]
