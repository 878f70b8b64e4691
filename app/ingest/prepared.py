"""A checked upload, ready to commit: its typed rows, problems, notices and plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app.ingest.diff import Diff
from app.ingest.headers import HeaderMatch
from app.ingest.problems import Problem
from app.store import Mode
from schemas import Dataset


@dataclass
class Prepared:
    dataset: Dataset
    filename: str
    sha256: str
    frame: pd.DataFrame
    excel_rows: list[int]
    problems: list[Problem]
    notices: list[Problem] = field(default_factory=list)
    mode: Mode = "overwrite"
    where: dict[str, list[Any]] | None = None
    diff: Diff | None = None
    header: HeaderMatch | None = None
    periods: list[str] = field(default_factory=list)
    # The table as the diff read it with its version then, and the stored rows the commit
    # replaces.
    base: tuple[Any, int | None] | None = None
    replaced: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems
