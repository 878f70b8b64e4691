"""Problems found in an uploaded file, each naming row, column and value in words a clerk reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app.i18n import translate


@dataclass(frozen=True)
class Problem:
    """One problem. ``row`` is the row number as Excel/WPS shows it (1-based), ``column`` the
    header as written in the user's file; ``code`` a message key under ``ingest.err.``."""

    code: str
    row: int | None = None
    column: str | None = None
    value: Any = None
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "zh") -> str:
        params = {k: v for k, v in self.params.items() if not k.endswith("_en")}
        if lang != "zh":
            params.update({k[:-3]: v for k, v in self.params.items() if k.endswith("_en")})
        detail = translate(f"ingest.err.{self.code}", lang, **params)
        parts = []
        if self.row is not None:
            parts.append(translate("ingest.where.row", lang, row=self.row))
        if self.column:
            parts.append(translate("ingest.where.column", lang, column=self.column))
        if self.value is not None and str(self.value) != "":
            parts.append(translate("ingest.where.value", lang, value=_show(self.value)))
        prefix = translate("ingest.where.sep", lang).join(parts)
        return (
            f"{prefix}：{detail}"
            if prefix and lang == "zh"
            else (f"{prefix}: {detail}" if prefix else detail)
        )


def _show(value: Any) -> str:
    """The value as the message quotes it: invisible characters spelled out (\\x07, \\u200b),
    so the clerk sees what to delete, and cut at 60 characters."""
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in str(value))
    return text if len(text) <= 60 else text[:57] + "…"


class IngestError(Exception):
    """The file cannot be read at all (wrong format, too large, encrypted…)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def problems_frame(problems: list[Problem], lang: str = "zh") -> pd.DataFrame:
    """Problems as a table: row, column, value, message (the downloadable error list)."""
    keys = ("row", "column", "value", "message")
    headers = [translate(f"ingest.col.{k}", lang) for k in keys]
    rows = [
        [p.row, p.column, None if p.value is None else _show(p.value), p.message(lang)]
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=headers)
    frame[headers[0]] = pd.array(frame[headers[0]], dtype="Int64")
    return frame
