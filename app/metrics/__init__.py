"""The programme's rules as pure functions: pandas frames in, frames out.

Nothing here touches Streamlit or the disk; every parameter comes from a
:class:`app.settings.Settings` passed in. One module per rule of the contract
(``shared/domain/data-model.md``, "Rules").
"""

from app.metrics.field_days import field_days
from app.metrics.field_rollups import help_type_mix, township_rollup, unit_rollup
from app.metrics.framework import framework_rollup, level_rollup
from app.metrics.petitions import cases_as_of, open_cases_by_type, petition_status
from app.metrics.project_progress import (
    progress_rows,
    project_investment,
    project_stages,
    projects_by_stage,
    stalled_projects,
)
from app.metrics.project_year import project_year
from app.metrics.ranking import bottom_n, competition_rank, rank_change
from app.metrics.surveys import (
    accountability,
    bottom_sizes,
    missing_from_rounds,
    survey_ranking,
    verified_complaints,
)
from app.metrics.time_progress import (
    month_share,
    monthly_series,
    progress,
    time_progress,
    township_ranking,
    ytd_value,
)

__all__ = [
    "accountability",
    "bottom_n",
    "bottom_sizes",
    "competition_rank",
    "field_days",
    "framework_rollup",
    "help_type_mix",
    "level_rollup",
    "missing_from_rounds",
    "cases_as_of",
    "month_share",
    "monthly_series",
    "open_cases_by_type",
    "petition_status",
    "project_investment",
    "project_stages",
    "project_year",
    "projects_by_stage",
    "rank_change",
    "stalled_projects",
    "survey_ranking",
    "progress",
    "progress_rows",
    "time_progress",
    "township_ranking",
    "township_rollup",
    "unit_rollup",
    "verified_complaints",
    "ytd_value",
]
