"""Header mapping: Chinese, English or both (``单位代码 unit_code``), ignoring case, spaces,
line breaks, full-width forms and a trailing unit in brackets (``投资额（万元）``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from app.ingest.readers import HEAD_ROWS, Sheet
from schemas import Dataset

HEADER_SCAN_ROWS = HEAD_ROWS
# Extra columns a dataset accepts besides its own (virtual columns ingest converts).
EXTRA_COLUMNS = {"indicator_values": {"ytd": ("累计值", "本年累计", "累计")}}


def normalise_header(text: Any) -> str:
    value = unicodedata.normalize("NFKC", "" if text is None else str(text)).lower()
    value = re.sub(r"\s+", "", value)
    value = value.strip("*：:")
    value = re.sub(r"\([^()]*\)$", "", value)  # a trailing unit: 投资额(万元)
    return value


def aliases(dataset: Dataset) -> dict[str, str]:
    """Normalised header text → canonical column name."""
    table: dict[str, str] = {}
    for spec in dataset.columns:
        for text in (
            spec.name,
            spec.zh,
            spec.zh + spec.name,
            spec.name + spec.zh,
            spec.name.replace("_", ""),
        ):
            table[normalise_header(text)] = spec.name
    for name, zh_list in EXTRA_COLUMNS.get(dataset.name, {}).items():
        for zh in zh_list:
            for text in (name, zh, zh + name, name + zh):
                table[normalise_header(text)] = name
    return table


@dataclass
class HeaderMatch:
    sheet: Sheet
    header_row: int  # 0-based index into sheet.rows
    columns: dict[int, str]  # position in the row → canonical name
    headers: dict[str, str]  # canonical name → header as written in the file
    ignored: list[str]  # headers of columns the dataset does not know
    duplicates: list[str]


def match_row(row: list[Any], table: dict[str, str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for i, cell in enumerate(row):
        key = normalise_header(cell)
        if key in table:
            found[i] = table[key]
    return found


def find_header(sheets: list[Sheet], dataset: Dataset) -> HeaderMatch | None:
    """The best sheet and row: most known headers matched; a sheet named after the dataset
    wins a tie. Rows above the header (merged titles, notes) are skipped."""
    table = aliases(dataset)
    names = {normalise_header(n) for n in (dataset.name, dataset.title_zh, dataset.title_en)}
    best: tuple[tuple[int, int, int], HeaderMatch] | None = None
    for order, sheet in enumerate(sheets):
        for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            found = match_row(row, table)
            if not found:
                continue
            distinct = set(found.values())
            named = int(normalise_header(sheet.name) in names)
            score = (len(distinct), named, -order)
            if best is None or score > best[0]:
                headers: dict[str, str] = {}
                duplicates = []
                for pos, name in found.items():
                    if name in headers:
                        duplicates.append(str(row[pos]))
                    else:
                        headers[name] = str(row[pos]).strip()
                ignored = [
                    str(cell).strip()
                    for i, cell in enumerate(row)
                    if i not in found and str(cell).strip() != ""
                ]
                best = (
                    score,
                    HeaderMatch(sheet, index, found, headers, ignored, duplicates),
                )
    return None if best is None else best[1]
