"""Uploads: readers (xlsx/xls/csv), header mapping, normalisation, validation, diff, templates."""

from app.ingest.pipeline import Diff, Prepared, commit_prepared, compute_diff, prepare
from app.ingest.problems import IngestError, Problem, problems_frame

__all__ = [
    "Diff",
    "IngestError",
    "Prepared",
    "Problem",
    "commit_prepared",
    "compute_diff",
    "prepare",
    "problems_frame",
]
