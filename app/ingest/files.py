"""Files ingest hands back to people: the annotated error file and the upload template."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from typing import Any

import pandas as pd
import xlsxwriter

from app.i18n import enum_label, translate
from app.ingest.pipeline import Prepared, _enum_kind
from app.store import Store
from schemas import get

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that Excel would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with BOM, so Excel opens Chinese correctly; formula cells neutralised."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An xlsx with one sheet per frame: bold headers, frozen header row, sensible widths."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, frame in sheets.items():
        sheet = book.add_worksheet(name[:31])
        for c, column in enumerate(frame.columns):
            sheet.write(0, c, str(column), bold)
            width = max([len(str(column)) * 2] + [len(str(v)) for v in frame[column].head(200)])
            sheet.set_column(c, c, min(max(width + 2, 8), 50))
        for r, row in enumerate(frame.itertuples(index=False), start=1):
            for c, value in enumerate(row):
                if value is None or (not isinstance(value, str) and pd.isna(value)):
                    continue
                if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
                    sheet.write_datetime(r, c, pd.Timestamp(value).to_pydatetime(), date_format)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(r, c, float(value))
                else:
                    sheet.write_string(r, c, str(neutralise(value)))
        sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def annotated_name(prepared: Prepared, lang: str = "zh") -> str:
    """The annotated copy's file name: the clerk's own name with 错误说明 after it."""
    stem = prepared.filename.rsplit(".", 1)[0]
    csv = prepared.header is not None and prepared.header.sheet.source_format == "csv"
    return f"{stem}_{translate('ingest.col.message', lang)}.{'csv' if csv else 'xlsx'}"


def annotated_file(prepared: Prepared, lang: str = "zh") -> tuple[bytes, str] | None:
    """The user's own rows with an added 错误说明 column: xlsx for Excel input, CSV for CSV."""
    header = prepared.header
    if header is None:
        return None
    notes: dict[int, list[str]] = defaultdict(list)
    general = []
    for problem in prepared.problems:
        if problem.row is None:
            general.append(problem.message(lang))
        else:
            notes[problem.row].append(problem.message(lang))
    column = translate("ingest.col.message", lang)
    name = annotated_name(prepared, lang)
    rows = [list(r) for r in header.sheet.all_rows()]
    width = max((len(r) for r in rows), default=0)
    out_rows = []
    for index, row in enumerate(rows):
        padded = row + [""] * (width - len(row))
        if index == header.header_row:
            extra = column
        elif index < header.header_row:
            extra = "；".join(general) if index == 0 and general else ""
        else:
            extra = "；".join(notes.get(index + 1, []))
        out_rows.append(padded + [extra])
    frame = pd.DataFrame(out_rows)
    if header.sheet.source_format == "csv":
        data = safe_frame(frame).to_csv(index=False, header=False).encode("utf-8-sig")
        return data, name
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "nan_inf_to_errors": True}
    )
    sheet = book.add_worksheet(header.sheet.name[:31] or "Sheet1")
    red = book.add_format({"font_color": "#B00020", "text_wrap": True})
    bold = book.add_format({"bold": True})
    for r, row in enumerate(out_rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            fmt = red if c == width else (bold if r == header.header_row else None)
            if isinstance(value, dt.datetime) and value.time() == dt.time():
                sheet.write_string(r, c, value.date().isoformat(), fmt)  # as the cell shows
            elif isinstance(value, (dt.datetime, dt.date)):
                sheet.write_string(r, c, value.isoformat(), fmt)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, c, value, fmt)
            else:
                sheet.write_string(r, c, str(neutralise(value)), fmt)
    sheet.set_column(width, width, 60)
    book.close()
    return buffer.getvalue(), name


def template(dataset_name: str, store: Store | None = None, lang: str = "zh") -> bytes:
    """An upload template: Chinese headers, an example row, dropdowns for enumerations and
    known codes, and a sheet explaining each column."""
    dataset = get(dataset_name)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(dataset.title("zh"))
    lists = book.add_worksheet("lists")
    lists.hide()
    guide = book.add_worksheet(translate("template.guide", lang))
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1})
    required_fmt = book.add_format({"bold": True, "bg_color": "#FDE8E8", "border": 1})
    text_fmt = book.add_format({"num_format": "@"})
    example = _example_row(dataset_name)
    references = {column: (master, key) for column, master, key in dataset.references}
    list_col = 0
    for c, spec in enumerate(dataset.columns):
        sheet.write(0, c, spec.zh, required_fmt if spec.required else bold)
        sheet.set_column(
            c, c, max(len(spec.zh) * 2 + 4, 14), text_fmt if spec.type == "str" else None
        )
        if spec.name in example:
            sheet.write(1, c, example[spec.name])
        options: list[str] = []
        if spec.enum:
            options = [enum_label(_enum_kind(dataset, spec.name), v, "zh") for v in spec.enum]
        elif spec.name in references and store is not None:
            master, key = references[spec.name]
            options = store.read(master, columns=[key])[key].dropna().astype(str).tolist()
        if options:
            for r, option in enumerate(options):
                lists.write_string(r, list_col, option)
            letter = xlsxwriter.utility.xl_col_to_name(list_col)
            sheet.data_validation(
                1,
                c,
                5000,
                c,
                {
                    "validate": "list",
                    "source": f"=lists!${letter}$1:${letter}${len(options)}",
                    "error_type": "warning" if not spec.enum else "stop",
                },
            )
            list_col += 1
    sheet.freeze_panes(1, 0)
    heads = [
        translate(f"template.col.{k}", lang)
        for k in ("header", "name", "type", "required", "allowed")
    ]
    for c, head in enumerate(heads):
        guide.write(0, c, head, bold)
    for r, spec in enumerate(dataset.columns, start=1):
        allowed = ""
        if spec.enum:
            allowed = "、".join(
                f"{enum_label(_enum_kind(dataset, spec.name), v, lang)}（{v}）" for v in spec.enum
            )
        elif spec.name in references:
            allowed = translate(
                "template.must_exist",
                lang,
                dataset=translate(f"dataset.{references[spec.name][0]}", lang),
            )
        guide.write_row(
            r,
            0,
            [
                spec.zh,
                spec.name,
                translate(f"template.type.{spec.type}", lang),
                translate("template.yes" if spec.required else "template.no", lang),
                allowed,
            ],
        )
    guide.set_column(0, 1, 18)
    guide.set_column(2, 3, 10)
    guide.set_column(4, 4, 80)
    book.close()
    return buffer.getvalue()


_EXAMPLES: dict[str, dict[str, Any]] = {
    "townships": {"township_code": "01", "name": "城关镇"},
    "villages": {
        "village_code": "0101",
        "name": "东街村",
        "township_code": "01",
        "extremely_poor": "否",
    },
    "units": {"unit_code": "001", "name": "县委办公室", "category": "党群部门"},
    "cadres": {"cadre_id": "C0001", "name": "张明", "unit_code": "001", "level": "县级领导"},
    "pairings": {
        "unit_code": "001",
        "township_code": "01",
        "village_code": "0101",
        "scheme": "集团帮扶",
    },
    "indicators": {
        "indicator_code": "FAI",
        "item": "强县升位、跨越发展",
        "name": "全社会固定资产投资",
        "name_en": "Fixed-asset investment",
        "unit": "亿元",
        "direction": "越大越好",
        "aggregation": "累加",
    },
    "targets": {"year": 2011, "indicator_code": "FAI", "target": 100},
    "projects": {
        "project_id": "XM2011001",
        "name": "工业园区道路工程",
        "township_code": "01",
        "level": "县级",
        "industrial": "否",
        "total_investment": 12000,
        "year_plan": 5000,
    },
    "indicator_values": {"period": "2011-05", "indicator_code": "FAI", "value": 9.5},
    "project_progress": {
        "period": "2011-05",
        "project_id": "XM2011001",
        "stage": "开工建设",
        "invested": 800,
    },
    "survey_results": {
        "year": 2011,
        "round": 2,
        "unit_code": "001",
        "score": 88.5,
        "respondents": 200,
        "survey_date": "2011-05-20",
    },
    "rectifications": {
        "year": 2011,
        "round": 1,
        "unit_code": "001",
        "submitted_date": "2010-12-20",
        "measures": "建立首问责任制",
        "published": "是",
    },
    "complaints": {
        "complaint_id": "TS2011001",
        "received_date": "2011-03-02",
        "unit_code": "001",
        "channel": "电话",
        "verified": "否",
        "summary": "办事推诿",
    },
    "field_activities": {
        "activity_id": "TZ0001",
        "cadre_id": "C0001",
        "start_date": "2011-03-01",
        "end_date": "2011-03-03",
        "township_code": "01",
        "help_type": "帮助解决实际问题",
        "content": "调研产业发展",
        "outcome": "协调资金20万元",
    },
    "petitions": {
        "case_id": "XF2011001",
        "cadre_id": "C0001",
        "received_date": "2011-01-05",
        "dispute_type": "征地拆迁",
        "township_code": "01",
        "prominent": "是",
    },
    "survey_rounds": {
        "year": 2011,
        "round": 2,
        "approved_on": "2011-06-02",
        "published_on": "2011-06-10",
        "medium": "县电视台",
    },
    "county_rankings": {"year": 2010, "measure": "综合", "rank": 6, "peers": 11, "scope": "全地区"},
    "work_plans": {
        "year": 2011,
        "unit_code": "001",
        "submitted_on": "2010-12-08",
        "started_on": "2010-12-10",
    },
    "commitments": {
        "commitment_id": "CN2011001",
        "kind": "服务基层承诺",
        "year": 2011,
        "unit_code": "001",
        "cadre_id": "C0001",
        "made_on": "2011-01-05",
        "published_on": "2011-01-08",
        "content": "每月下基层不少于5天",
    },
    "receptions": {
        "reception_id": "JF20110001",
        "cadre_id": "C0001",
        "date": "2011-03-15",
        "township_code": "01",
        "mode": "现场接访",
        "people": 6,
    },
    "supervision_items": {
        "item_id": "LD2011-001",
        "source": "instruction",
        "finding": "落实县委主要领导批示：加快城区棚户区改造项目进度",
        "unit_code": "034",
        "requirement": "按领导批示限期办理",
        "issued_on": "2011-11-25",
        "due_on": "2011-12-15",
    },
    "appraisal_scores": {
        "year": 2011,
        "kind": "unit",
        "code": "001",
        "key": "evaluation",
        "score": 92.5,
    },
}


def _example_row(dataset_name: str) -> dict[str, Any]:
    return _EXAMPLES.get(dataset_name, {})
