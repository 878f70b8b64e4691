"""A corpus of bad upload files, and what ingest must say about each.

``build_corpus(directory)`` writes every file and returns the list of ``Case``; the tests
build it once per session into a temporary directory (no binaries are committed). By hand::

    python tests/corpus/build.py OUTDIR

Each case names its dataset, the month chosen for a monthly upload (if any), and the problems
the rejection must carry: the problem code, and where there is one, the row as Excel/WPS shows
it (1-based, title rows counted) and the column header as written in the file. The codes are
those of the demo county (``app/demo.py``); the tests pass ``today=2011-11-30``.
"""

from __future__ import annotations

import csv
import io
import random
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter

from tests.fixtures import build as fixtures
from tests.fixtures.build import D

MB = 1024 * 1024


@dataclass(frozen=True)
class Expect:
    """A problem the rejection must hold: its code, and its row and column where it has one."""

    code: str
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class Case:
    name: str
    category: str
    dataset: str
    filename: str
    period: str | None
    expect: tuple[Expect, ...]
    # Further problem codes the file may also raise (besides the expected ones).
    also: frozenset[str] = frozenset()
    path: Path | None = None


@dataclass(frozen=True)
class Spec:
    name: str
    category: str
    dataset: str
    filename: str
    builder: Callable[[], bytes]
    expect: tuple[Expect, ...]
    period: str | None = None
    also: frozenset[str] = field(default_factory=frozenset)


def E(code: str, row: int | None = None, column: str | None = None) -> Expect:  # noqa: N802
    return Expect(code, row, column)


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------

COMPLAINTS_HEAD = ["编号", "受理日期", "单位代码", "渠道", "是否查实", "内容摘要"]
SURVEY_HEAD = ["年度", "轮次", "单位代码", "满意度得分", "有效样本", "测评日期"]
IV_HEAD = ["指标代码", "乡镇代码", "本月值"]  # for an upload with the period chosen


def complaint(
    cid: str = "TS2011960",
    unit: Any = "001",
    *,
    date: Any = None,
    channel: Any = "电话",
    verified: Any = "否",
    summary: Any = "测试",
) -> list[Any]:
    return [cid, date if date is not None else D(2011, 5, 3), unit, channel, verified, summary]


def complaints_xlsx(*rows: list[Any]) -> bytes:
    """complaints: merged title row 1, header row 2, data from row 3."""
    return fixtures._complaints(list(rows))


def complaints_csv(*rows: list[Any], encoding: str = "utf-8") -> bytes:
    """complaints as CSV: header row 1, data from row 2 (dates as text)."""
    fixed = [[c.strftime("%Y-%m-%d") if hasattr(c, "strftime") else c for c in r] for r in rows]
    return fixtures._csv([COMPLAINTS_HEAD, *fixed], encoding=encoding)


def survey(*rows: list[Any], head: list[str] = SURVEY_HEAD) -> bytes:
    """survey_results: header row 1, data from row 2."""
    return fixtures._xlsxwriter([head, *rows])


def score_row(
    unit: Any = "001",
    score: Any = 88,
    *,
    year: Any = 2011,
    round_: Any = 3,
    respondents: Any = 300,
    date: Any = None,
) -> list[Any]:
    return [year, round_, unit, score, respondents, date if date is not None else D(2011, 11, 15)]


def xlsx(rows: list[list[Any]], **kw: Any) -> bytes:
    """Header row 1 (row 2 with a title), data after it."""
    return fixtures._xlsxwriter(rows, **kw)


def book(write: Callable[[Any, Any], None]) -> bytes:
    """A workbook drawn by hand with xlsxwriter (formulas, merges, odd shapes)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    sheet = workbook.add_worksheet("Sheet1")
    write(workbook, sheet)
    workbook.close()
    return buffer.getvalue()


def rewrite_zip(content: bytes, replace: dict[str, Callable[[Any], None]], level: int) -> bytes:
    """A copy of a zip (an xlsx) with some members rewritten by streaming writers."""
    out = io.BytesIO()
    deflated = {"compression": zipfile.ZIP_DEFLATED, "compresslevel": level}
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", **deflated) as dst:
        for info in src.infolist():
            if info.filename in replace:
                with dst.open(info.filename, "w", force_zip64=True) as fh:
                    replace[info.filename](fh)
            else:
                dst.writestr(info, src.read(info.filename))
    return out.getvalue()


def huge_sheet(megabytes: int) -> Callable[[Any], None]:
    """A worksheet XML of ``megabytes`` of identical rows: tiny once deflated."""
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 200 + b"</t></is></c></row>"
    chunk = row * 5000

    def write(fh: Any) -> None:
        fh.write(
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
            b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        )
        written = 0
        while written < megabytes * MB:
            fh.write(chunk)
            written += len(chunk)
        fh.write(b"</sheetData></worksheet>")

    return write


def plain_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def noise(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def csv_rows(rows: list[list[Any]]) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode("utf-8")


# ---------------------------------------------------------------------------------------
# builders that need more than a row list
# ---------------------------------------------------------------------------------------


def utf16_no_bom(codec: str) -> Callable[[], bytes]:
    def build() -> bytes:
        return complaints_csv(complaint(), encoding="utf-8").decode("utf-8").encode(codec)

    return build


def truncated(fraction: float) -> Callable[[], bytes]:
    def build() -> bytes:
        whole = complaints_xlsx(*[complaint(f"TS2011{900 + i}") for i in range(50)])
        return whole[: int(len(whole) * fraction)]

    return build


def docx_renamed() -> bytes:
    return plain_zip(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "word/document.xml": b'<?xml version="1.0"?><w:document/>',
        }
    )


def password_iv() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = xlsx([IV_HEAD, ["FAI", None, 9.1]])
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("secret", out)
    return out.getvalue()


def bomb(megabytes: int, head: list[str], level: int) -> Callable[[], bytes]:
    """An xlsx whose sheet inflates to ``megabytes``: at level 9 the ratio gives it away
    (about 1000:1), at level 1 (quick to build) the sheer size."""

    def build() -> bytes:
        sheet = {"xl/worksheets/sheet1.xml": huge_sheet(megabytes)}
        return rewrite_zip(xlsx([head]), sheet, level)

    return build


def big_csv() -> bytes:
    """30 MB: a real header and 30 MB of rows (over the 20 MB default limit)."""
    head = ",".join(COMPLAINTS_HEAD).encode("utf-8") + b"\r\n"
    row = "TS2011960,2011-05-03,001,电话,否,测试\r\n".encode()
    return head + row * (30 * MB // len(row) + 1)


def empty_workbook() -> bytes:
    return book(lambda wb, ws: None)


def header_below_row_30() -> bytes:
    rows = [[f"说明：第{i}行"] for i in range(1, 32)]
    return fixtures._openpyxl([*rows, COMPLAINTS_HEAD, complaint()])


def xls_error_cells(
    head: list[str], rows: list[list[Any]], errors: dict[tuple[int, int], int]
) -> Callable[[], bytes]:
    """A real .xls (xlwt): a merged title in row 1, the header in row 2, data from row 3; the
    cells ``errors`` (0-based data row, column → BIFF error code: 0x07 #DIV/0!, 0x0F #VALUE!,
    0x2A #N/A) hold an Excel error, as a formula's saved result shows it."""

    def build() -> bytes:
        import xlwt

        book = xlwt.Workbook(encoding="utf-8")
        ws = book.add_sheet("信访件")
        ws.write_merge(0, 0, 0, len(head) - 1, "2011年5月信访件")
        dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
        for c, text in enumerate(head):
            ws.write(1, c, text)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row):
                if (r - 2, c) in errors:
                    ws.row(r).set_cell_error(c, errors[(r - 2, c)])
                elif value is not None:
                    ws.write(
                        r, c, value, dates if hasattr(value, "year") else xlwt.Style.default_style
                    )
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    return build


def formula_cell(
    head: list[str], rows: list[list[Any]], at: tuple[int, int], formula: str, error: str
) -> Callable[[], bytes]:
    """Header row 1, data from row 2; the cell ``at`` (0-based data row, column) holds a
    formula whose cached result is the Excel error ``error``."""

    def build() -> bytes:
        def write(wb: Any, ws: Any) -> None:
            date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
            ws.write_row(0, 0, head)
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row):
                    if (r - 1, c) == at:
                        ws.write_formula(r, c, formula, None, error)
                    elif value is None:
                        continue
                    elif hasattr(value, "year"):
                        ws.write_datetime(r, c, value, date_fmt)
                    elif isinstance(value, (int, float)):
                        ws.write_number(r, c, value)
                    else:
                        ws.write_string(r, c, value)

        return book(write)

    return build


def merged_id_down() -> bytes:
    """complaints: header row 1; 编号 TS2011960 merged over rows 2–3 (two complaints)."""

    def write(wb: Any, ws: Any) -> None:
        ws.write_row(0, 0, COMPLAINTS_HEAD)
        ws.merge_range(1, 0, 2, 0, "TS2011960")
        ws.write_row(1, 1, ["2011-05-03", "001", "电话", "否", "第一件"])
        ws.write_row(2, 1, ["2011-05-04", "002", "网络", "否", "第二件"])

    return book(write)


def merged_across() -> bytes:
    """complaints: header row 1; row 2 has 渠道 and 是否查实 merged into one cell."""

    def write(wb: Any, ws: Any) -> None:
        ws.write_row(0, 0, COMPLAINTS_HEAD)
        ws.write_row(1, 0, ["TS2011960", "2011-05-03", "001"])
        ws.merge_range(1, 3, 1, 4, "电话")
        ws.write_string(1, 5, "合并单元格")

    return book(write)


def merged_score_down() -> bytes:
    """survey_results: header row 1; 满意度得分 105 merged over rows 2–4."""

    def write(wb: Any, ws: Any) -> None:
        ws.write_row(0, 0, SURVEY_HEAD)
        for r, unit in enumerate(["001", "002", "003"], start=1):
            ws.write_row(r, 0, [2011, 3, unit])
            ws.write_row(r, 4, [300, "2011-11-15"])
        ws.merge_range(1, 3, 3, 3, 105)

    return book(write)


def wide_xlsx() -> bytes:
    """complaints with 10,000 columns: the six real ones and 9,994 more."""

    def write(wb: Any, ws: Any) -> None:
        ws.write_row(0, 0, COMPLAINTS_HEAD + [f"备注{i}" for i in range(10_000 - 6)])
        ws.write_row(1, 0, ["TS2011960", "2011-05-03", "001", "电话", "否", "测试"])

    return book(write)


def wide_csv() -> bytes:
    head = COMPLAINTS_HEAD + [f"备注{i}" for i in range(10_000 - 6)]
    return csv_rows([head, ["TS2011960", "2011-05-03", "001", "电话", "否", "测试"]])


def cadres_wrong_dataset() -> bytes:
    """A units file chosen as cadres: 单位代码 matches, the cadre columns are missing."""
    return xlsx([["单位代码", "单位名称", "类别"], ["001", "县委办公室", "党群部门"]])


# ---------------------------------------------------------------------------------------
# the corpus
# ---------------------------------------------------------------------------------------

LONG = "9" * 100_000
HYPERLINK = '=HYPERLINK("http://x","y")'
SCRIPT = "<script>alert(1)</script>"


def _s(
    name: str,
    category: str,
    dataset: str,
    filename: str,
    builder: Callable[[], bytes],
    *expect: Expect,
    period: str | None = None,
    also: tuple[str, ...] = (),
) -> Spec:
    return Spec(name, category, dataset, filename, builder, tuple(expect), period, frozenset(also))


C = "complaints"
SV = "survey_results"
IV = "indicator_values"

SPECS: list[Spec] = [
    # wrong encoding
    _s("utf16le_no_bom", "encoding", C, "utf16le.csv", utf16_no_bom("utf-16-le"), E("encoding")),
    _s("utf16be_no_bom", "encoding", C, "utf16be.csv", utf16_no_bom("utf-16-be"), E("encoding")),
    _s(
        "random_bytes_csv",
        "encoding",
        C,
        "random.csv",
        lambda: noise(4096, 1),
        E("encoding"),
        also=("binary",),
    ),
    _s(
        "gbk_with_stray_bytes",
        "encoding",
        C,
        "stray.csv",
        lambda: complaints_csv(complaint(), encoding="gbk") + b"\x80\xff\xfe\x80\r\n",
        E("encoding"),
    ),
    _s(
        "exe_renamed_csv",
        "encoding",
        C,
        "setup.csv",
        lambda: b"MZ\x90\x00\x03\x00\x00\x00" + noise(2048, 2),
        E("encoding"),
        also=("binary",),
    ),
    # a binary file renamed .xlsx / .xls
    _s(
        "png_renamed",
        "binary_renamed",
        C,
        "picture.xlsx",
        fixtures.bad_binary_renamed,
        E("corrupt"),
    ),
    _s(
        "pdf_renamed",
        "binary_renamed",
        SV,
        "report.xlsx",
        lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + noise(4096, 3),
        E("corrupt"),
    ),
    _s("docx_renamed", "binary_renamed", C, "letter.xlsx", docx_renamed, E("corrupt")),
    _s(
        "zip_of_text_renamed",
        "binary_renamed",
        "units",
        "units.xlsx",
        lambda: plain_zip({"units.txt": "单位代码,单位名称\n001,县委办公室\n".encode()}),
        E("corrupt"),
    ),
    _s(
        "ole2_garbage_xls",
        "binary_renamed",
        "petitions",
        "petitions.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + noise(4096, 4),
        E("corrupt"),
    ),
    # truncated
    _s("truncated_half", "truncated", C, "half.xlsx", truncated(0.5), E("corrupt")),
    _s("truncated_90pct", "truncated", C, "most.xlsx", truncated(0.9), E("corrupt")),
    _s(
        "truncated_100_bytes",
        "truncated",
        C,
        "start.xlsx",
        lambda: truncated(1.0)()[:100],
        E("corrupt"),
    ),
    _s(
        "truncated_xls",
        "truncated",
        "field_activities",
        "ledger.xls",
        lambda: (lambda b: b[: len(b) // 2])(fixtures.field_activities_xls()),
        E("corrupt"),
    ),
    # password-protected
    _s("password_complaints", "password", C, "locked.xlsx", fixtures.bad_password, E("password")),
    _s(
        "password_monthly",
        "password",
        IV,
        "locked_iv.xlsx",
        password_iv,
        E("password"),
        period="2011-05",
    ),
    # zip bombs: small on disk, huge once inflated
    _s("zip_bomb_ratio", "zip_bomb", C, "bomb.xlsx", bomb(40, COMPLAINTS_HEAD, 9), E("zip_bomb")),
    _s(
        "zip_bomb_huge",
        "zip_bomb",
        "units",
        "bomb_units.xlsx",
        bomb(320, ["单位代码", "单位名称", "类别"], 1),
        E("zip_bomb"),
    ),
    # over the size limit
    _s("csv_30mb", "too_large", C, "big.csv", big_csv, E("file_too_large")),
    _s(
        "xlsx_21mb",
        "too_large",
        IV,
        "big.xlsx",
        lambda: b"PK\x03\x04" + noise(21 * MB, 7),
        E("file_too_large"),
        period="2011-05",
    ),
    # empty
    _s("empty_csv", "empty", C, "empty.csv", fixtures.bad_empty, E("empty_file")),
    _s("empty_xlsx", "empty", "units", "empty.xlsx", lambda: b"", E("empty_file")),
    _s(
        "whitespace_csv",
        "empty",
        "cadres",
        "blank.csv",
        lambda: b"  \r\n\t\r\n \n",
        E("empty_file"),
    ),
    _s("bom_only_csv", "empty", C, "bom.csv", lambda: b"\xef\xbb\xbf", E("empty_file")),
    _s("empty_workbook", "empty", C, "empty_book.xlsx", empty_workbook, E("no_header")),
    # header only
    _s("header_only_xlsx", "header_only", C, "head.xlsx", fixtures.bad_header_only, E("no_rows")),
    _s(
        "header_only_csv",
        "header_only",
        "units",
        "head.csv",
        lambda: csv_rows([["单位代码", "单位名称", "类别"]]),
        E("no_rows"),
    ),
    _s(
        "header_blank_rows_total",
        "header_only",
        SV,
        "head_total.xlsx",
        lambda: survey([None] * 6, [None] * 6, ["合计", None, None, None, None, None]),
        E("no_rows"),
    ),
    _s(
        "header_only_monthly",
        "header_only",
        IV,
        "head_iv.xlsx",
        lambda: xlsx([IV_HEAD]),
        E("no_rows"),
        period="2011-05",
    ),
    # missing required columns
    _s(
        "missing_channel",
        "missing_column",
        C,
        "no_channel.xlsx",
        fixtures.bad_missing_column,
        E("missing_column", None, "渠道（channel）"),
    ),
    _s(
        "missing_score",
        "missing_column",
        SV,
        "no_score.xlsx",
        lambda: survey(
            ["2011", 3, "001", 300, D(2011, 11, 15)],
            head=["年度", "轮次", "单位代码", "有效样本", "测评日期"],
        ),
        E("missing_column", None, "满意度得分（score）"),
    ),
    _s(
        "missing_value",
        "missing_column",
        IV,
        "no_value.xlsx",
        lambda: xlsx([["指标代码", "乡镇代码"], ["FAI", None]]),
        E("missing_column", None, "本月值（value）"),
        period="2011-05",
    ),
    _s(
        "missing_period_no_choice",
        "missing_column",
        IV,
        "no_period.xlsx",
        lambda: xlsx([IV_HEAD, ["FAI", None, 9.1]]),
        E("missing_column", None, "月份（period）"),
    ),
    _s(
        "missing_key_column",
        "missing_column",
        "projects",
        "no_id.xlsx",
        lambda: xlsx(
            [
                ["项目名称", "项目级别", "工业项目", "总投资", "年度计划投资"],
                ["新项目", "县级", "否", 100, 50],
            ]
        ),
        E("missing_column", None, "项目编号（project_id）"),
    ),
    # a header row that matches no dataset (or the wrong one)
    _s(
        "no_header_contacts",
        "no_header",
        C,
        "contacts.xlsx",
        fixtures.bad_no_header,
        E("no_header"),
    ),
    _s(
        "monthly_file_as_complaints",
        "no_header",
        C,
        "iv_as_complaints.xlsx",
        lambda: xlsx([["月份", "指标代码", "乡镇代码", "本月值"], ["2011-05", "FAI", None, 9.1]]),
        E("no_header"),
    ),
    _s("header_below_row_30", "no_header", C, "deep.xlsx", header_below_row_30, E("no_header")),
    _s(
        "units_file_as_cadres",
        "no_header",
        "cadres",
        "units_as_cadres.xlsx",
        cadres_wrong_dataset,
        E("missing_column", None, "干部编号（cadre_id）"),
        E("missing_column", None, "姓名（name）"),
        E("missing_column", None, "职级类别（level）"),
    ),
    # duplicate keys and columns
    _s(
        "duplicate_complaint",
        "duplicate_key",
        C,
        "dup.xlsx",
        fixtures.bad_duplicate_keys,
        E("duplicate_key", 3, "编号"),
        E("duplicate_key", 5, "编号"),
    ),
    _s(
        "duplicate_survey",
        "duplicate_key",
        SV,
        "dup_survey.xlsx",
        lambda: survey(score_row("001"), score_row("002"), score_row("001", 70)),
        E("duplicate_key", 2, "单位代码"),
        E("duplicate_key", 4, "单位代码"),
    ),
    _s(
        "duplicate_monthly",
        "duplicate_key",
        IV,
        "dup_iv.xlsx",
        lambda: xlsx([IV_HEAD, ["FAI", None, 9.1], ["FAI", None, 9.3]]),
        E("duplicate_key", 2, "指标代码"),
        E("duplicate_key", 3, "指标代码"),
        period="2011-05",
    ),
    _s(
        "duplicate_unit",
        "duplicate_key",
        "units",
        "dup_units.xlsx",
        lambda: xlsx(
            [
                ["单位代码", "单位名称", "类别"],
                ["001", "县委办公室", "党群部门"],
                ["001", "县委办", "党群部门"],
            ]
        ),
        E("duplicate_key", 2, "单位代码"),
        E("duplicate_key", 3, "单位代码"),
    ),
    _s(
        "duplicate_pairing",
        "duplicate_key",
        "pairings",
        "dup_pairings.xlsx",
        lambda: xlsx(
            [
                ["单位代码", "乡镇代码", "村代码", "帮扶方式"],
                ["054", "03", "0303", "集团帮扶"],
                ["054", "03", "0303", "对口联系"],
            ]
        ),
        E("duplicate_key", 2, "单位代码"),
        E("duplicate_key", 3, "单位代码"),
    ),
    _s(
        "duplicate_column",
        "duplicate_key",
        C,
        "dup_column.xlsx",
        lambda: xlsx([[*COMPLAINTS_HEAD, "渠道"], [*complaint(), "电话"]]),
        E("duplicate_column", None, "渠道"),
    ),
    # unknown codes
    _s(
        "unknown_unit_gbk",
        "unknown_code",
        C,
        "unknown.csv",
        fixtures.bad_unknown_codes_gbk,
        E("unknown_code", 4, "单位代码"),
    ),
    _s(
        "unknown_cadre_unit",
        "unknown_code",
        "cadres",
        "cadres.xlsx",
        lambda: xlsx(
            [["干部编号", "姓名", "单位代码", "职级类别"], ["C0001", "丁丽萍", "777", "县级领导"]]
        ),
        E("unknown_code", 2, "单位代码"),
    ),
    _s(
        "unknown_activity_cadre",
        "unknown_code",
        "field_activities",
        "ledger.xlsx",
        lambda: xlsx(
            [
                ["台账编号", "干部编号", "开始日期", "结束日期", "乡镇代码", "帮促类型"],
                ["TZ201199050", "C9999", D(2011, 5, 3), D(2011, 5, 3), "03", "plan"],
            ]
        ),
        E("unknown_code", 2, "干部编号"),
    ),
    _s(
        "unknown_project",
        "unknown_code",
        "project_progress",
        "progress.xlsx",
        lambda: xlsx([["项目编号", "项目阶段", "本月完成投资"], ["XM2099001", "开工建设", 10]]),
        E("unknown_code", 2, "项目编号"),
        period="2011-05",
    ),
    _s(
        "unknown_indicator",
        "unknown_code",
        IV,
        "iv_unknown.xlsx",
        lambda: xlsx([IV_HEAD, ["FAI", None, 9.1], ["NOPE", None, 1.0]]),
        E("unknown_code", 3, "指标代码"),
        period="2011-05",
    ),
    _s(
        "unknown_township_village",
        "unknown_code",
        "villages",
        "villages.xlsx",
        lambda: xlsx(
            [["村代码", "村名称", "乡镇代码"], ["0101", "东门社区", "01"], ["9901", "新村", "99"]]
        ),
        E("unknown_code", 3, "乡镇代码"),
    ),
    _s(
        "unknown_target_codes",
        "unknown_code",
        "targets",
        "targets.xlsx",
        lambda: xlsx([["年度", "指标代码", "乡镇代码", "目标值"], [2011, "NOPE", "88", 10]]),
        E("unknown_code", 2, "指标代码"),
        E("unknown_code", 2, "乡镇代码"),
    ),
    # out of range
    _s(
        "score_over_100",
        "range",
        SV,
        "score105.xlsx",
        fixtures.bad_score_over_100,
        E("too_large", 4, "满意度得分"),
    ),
    _s(
        "score_negative",
        "range",
        SV,
        "score_neg.xlsx",
        lambda: survey(score_row("001", -5)),
        E("too_small", 2, "满意度得分"),
    ),
    _s(
        "respondents_negative",
        "range",
        SV,
        "resp_neg.xlsx",
        lambda: survey(score_row("001", respondents=-1)),
        E("too_small", 2, "有效样本"),
    ),
    _s(
        "investment_negative",
        "range",
        "projects",
        "proj_neg.xlsx",
        lambda: xlsx(
            [
                ["项目编号", "项目名称", "项目级别", "工业项目", "总投资", "年度计划投资"],
                ["XM2011001", "道路", "县级", "否", -100, 50],
            ]
        ),
        E("too_small", 2, "总投资"),
    ),
    _s(
        "invested_negative",
        "range",
        "project_progress",
        "progress_neg.xlsx",
        lambda: xlsx([["项目编号", "项目阶段", "本月完成投资"], ["XM2011001", "开工建设", -50]]),
        E("too_small", 2, "本月完成投资"),
        period="2011-05",
    ),
    _s(
        "round_4",
        "range",
        SV,
        "round4.xlsx",
        lambda: survey(score_row("001", round_=4)),
        E("bad_enum", 2, "轮次"),
    ),
    _s(
        "year_1999",
        "range",
        SV,
        "y1999.xlsx",
        lambda: survey(score_row("001", year=1999)),
        E("too_small", 2, "年度"),
    ),
    # text in numbers
    _s(
        "text_in_value",
        "text_in_number",
        IV,
        "text.xlsx",
        fixtures.bad_text_in_number,
        E("bad_number", 3, "本月值（亿元）"),
        period="2011-05",
    ),
    _s(
        "text_in_score",
        "text_in_number",
        SV,
        "text_score.xlsx",
        lambda: survey(score_row("001", "优秀")),
        E("bad_number", 2, "满意度得分"),
    ),
    _s(
        "text_in_target",
        "text_in_number",
        "targets",
        "text_target.xlsx",
        lambda: xlsx([["年度", "指标代码", "目标值"], [2011, "FAI", "N/A"]]),
        E("bad_number", 2, "目标值"),
    ),
    _s(
        "text_in_integers",
        "text_in_number",
        SV,
        "text_int.xlsx",
        lambda: survey(score_row("001", respondents="二百"), score_row("002", round_=2.5)),
        E("bad_integer", 2, "有效样本"),
        E("bad_integer", 3, "轮次"),
    ),
    _s(
        "nan_inf_numbers",
        "text_in_number",
        IV,
        "naninf.csv",
        lambda: csv_rows(
            [IV_HEAD, ["FAI", "", "1e400"], ["GDP", "", "nan"], ["AGRI_VA", "", "inf"]]
        ),
        E("bad_number", 2, "本月值"),
        E("bad_number", 3, "本月值"),
        E("bad_number", 4, "本月值"),
        period="2011-05",
    ),
    # dates in the future or impossible
    _s(
        "future_received",
        "dates",
        C,
        "future.xlsx",
        fixtures.bad_future_date,
        E("future_date", 3, "受理日期"),
    ),
    _s(
        "future_resolved",
        "dates",
        "petitions",
        "future_pet.xlsx",
        lambda: xlsx(
            [
                ["案件编号", "包案领导", "受理日期", "化解日期", "矛盾类型", "突出问题"],
                ["XF2011960", "C0001", D(2011, 4, 1), D(2012, 3, 1), "劳资", "是"],
            ]
        ),
        E("future_date", 2, "化解日期"),
    ),
    _s(
        "future_submitted",
        "dates",
        "rectifications",
        "future_rect.xlsx",
        lambda: xlsx([["年度", "轮次", "单位代码", "提交日期"], [2011, 1, "001", "2012-12-01"]]),
        E("future_date", 2, "提交日期"),
    ),
    _s(
        "impossible_feb_30",
        "dates",
        C,
        "feb30.xlsx",
        fixtures.bad_impossible_date,
        E("bad_date", 4, "受理日期"),
    ),
    _s(
        "impossible_month_13",
        "dates",
        SV,
        "m13.xlsx",
        lambda: survey(score_row("001", date="2011-13-01")),
        E("bad_date", 2, "测评日期"),
    ),
    _s(
        "impossible_april_31",
        "dates",
        "field_activities",
        "apr31.csv",
        lambda: csv_rows(
            [
                ["台账编号", "干部编号", "开始日期", "结束日期", "乡镇代码", "帮促类型"],
                ["TZ201199051", "C0001", "2011-04-31", "2011-05-01", "03", "plan"],
            ]
        ),
        E("bad_date", 2, "开始日期"),
    ),
    _s(
        "year_1800",
        "dates",
        C,
        "y1800.xlsx",
        lambda: complaints_xlsx(complaint(date="1800-05-03")),
        E("bad_date", 3, "受理日期"),
    ),
    _s(
        "end_before_start",
        "dates",
        "field_activities",
        "end_start.xlsx",
        fixtures.bad_end_before_start,
        E("end_before_start", 2, "结束日期"),
    ),
    _s(
        "resolved_before_received",
        "dates",
        "petitions",
        "resolved.xlsx",
        fixtures.bad_resolved_before_received,
        E("resolved_before_received", 2, "化解日期"),
    ),
    # monthly files and the chosen month
    _s(
        "period_mismatch_iv",
        "period",
        IV,
        "iv_june_row.xlsx",
        fixtures.bad_period_mismatch,
        E("period_mismatch", 3, "月份"),
        period="2011-05",
    ),
    _s(
        "period_mismatch_progress",
        "period",
        "project_progress",
        "progress_june.xlsx",
        lambda: xlsx(
            [
                ["月份", "项目编号", "项目阶段", "本月完成投资"],
                ["2011-05", "XM2011001", "开工建设", 10],
                ["2011年6月", "XM2011002", "开工建设", 10],
            ]
        ),
        E("period_mismatch", 3, "月份"),
        period="2011-05",
    ),
    _s(
        "bad_period_cell",
        "period",
        IV,
        "m13.csv",
        lambda: csv_rows([["月份", *IV_HEAD], ["2011-13", "FAI", "", "9.1"]]),
        E("bad_period", 2, "月份"),
    ),
    _s(
        "bad_chosen_period",
        "period",
        IV,
        "chosen.xlsx",
        lambda: xlsx([IV_HEAD, ["FAI", None, 9.1]]),
        E("bad_chosen_period"),
        period="2011-5",
    ),
    _s(
        "ytd_without_previous",
        "period",
        IV,
        "ytd.xlsx",
        fixtures.bad_ytd_no_previous,
        E("ytd_previous_missing", 3, "累计值"),
    ),
    # formulas whose cached result is an Excel error
    _s(
        "formula_div0_value",
        "formula_error",
        IV,
        "div0.xlsx",
        formula_cell(IV_HEAD, [["FAI", None, 9.1], ["GDP", None, None]], (1, 2), "=1/0", "#DIV/0!"),
        E("excel_error", 3, "本月值"),
        period="2011-05",
    ),
    _s(
        "formula_na_code",
        "formula_error",
        SV,
        "na.xlsx",
        formula_cell(
            SURVEY_HEAD,
            [score_row("001"), score_row(None)],
            (1, 2),
            '=VLOOKUP("x",H1:H2,1,FALSE)',
            "#N/A",
        ),
        E("excel_error", 3, "单位代码"),
    ),
    _s(
        "formula_value_date",
        "formula_error",
        C,
        "value.xlsx",
        formula_cell(
            COMPLAINTS_HEAD, [complaint(date="2011-05-03")], (0, 1), '=DATE("x",1,1)', "#VALUE!"
        ),
        E("excel_error", 2, "受理日期"),
    ),
    _s(
        "formula_ref_note",
        "formula_error",
        "project_progress",
        "ref.xlsx",
        formula_cell(
            ["项目编号", "项目阶段", "本月完成投资", "备注"],
            [["XM2011001", "开工建设", 10, None]],
            (0, 3),
            "=#REF!",
            "#REF!",
        ),
        E("excel_error", 2, "备注"),
        period="2011-05",
    ),
    _s(
        "formula_name_bool",
        "formula_error",
        C,
        "name.xlsx",
        formula_cell(COMPLAINTS_HEAD, [complaint(date="2011-05-03")], (0, 4), "=YES()", "#NAME?"),
        E("excel_error", 2, "是否查实"),
    ),
    _s(
        "xls_error_cells",
        "formula_error",
        C,
        "errors.xls",
        xls_error_cells(
            COMPLAINTS_HEAD,
            [complaint("TS2011951"), complaint("TS2011952"), complaint("TS2011953")],
            {(0, 1): 0x0F, (2, 2): 0x2A},
        ),
        E("excel_error", 3, "受理日期"),
        E("excel_error", 5, "单位代码"),
    ),
    # merged cells across data rows
    _s(
        "merged_id_down",
        "merged",
        C,
        "merged_id.xlsx",
        merged_id_down,
        E("duplicate_key", 2, "编号"),
        E("duplicate_key", 3, "编号"),
    ),
    _s(
        "merged_across",
        "merged",
        C,
        "merged_across.xlsx",
        merged_across,
        E("required_empty", 2, "是否查实"),
    ),
    _s(
        "merged_score_down",
        "merged",
        SV,
        "merged_score.xlsx",
        merged_score_down,
        E("too_large", 2, "满意度得分"),
        E("too_large", 3, "满意度得分"),
        E("too_large", 4, "满意度得分"),
    ),
    # 10,000 columns
    _s("wide_xlsx", "wide", C, "wide.xlsx", wide_xlsx, E("too_many_columns")),
    _s("wide_csv", "wide", C, "wide.csv", wide_csv, E("too_many_columns")),
    # extremely long text
    _s(
        "long_code_xlsx",
        "long_text",
        C,
        "long.xlsx",
        lambda: complaints_xlsx(complaint(unit=LONG)),
        E("code_too_long", 3, "单位代码"),
    ),
    _s(
        "long_code_csv",
        "long_text",
        C,
        "long.csv",
        lambda: complaints_csv(complaint(unit="8" * 200_000)),
        E("code_too_long", 2, "单位代码"),
    ),
    _s(
        "long_key",
        "long_text",
        "cadres",
        "long_id.csv",
        lambda: csv_rows(
            [["干部编号", "姓名", "单位代码", "职级类别"], ["C" * 100_000, "张三", "001", "unit"]]
        ),
        E("code_too_long", 2, "干部编号"),
    ),
    # control characters in codes
    _s(
        "bell_in_code",
        "control_chars",
        C,
        "bell.csv",
        lambda: complaints_csv(complaint(unit="00\x071")),
        E("bad_code", 2, "单位代码"),
    ),
    _s(
        "zero_width_in_code",
        "control_chars",
        SV,
        "zwsp.xlsx",
        lambda: survey(score_row("001\u200b")),
        E("bad_code", 2, "单位代码"),
    ),
    _s(
        "escape_in_key",
        "control_chars",
        "cadres",
        "ansi.xlsx",
        lambda: xlsx(
            [
                ["干部编号", "姓名", "单位代码", "职级类别"],
                ["C0001\x1b[31m", "丁丽萍", "001", "县级领导"],
            ]
        ),
        E("bad_code", 2, "干部编号"),
    ),
    _s(
        "newline_in_code",
        "control_chars",
        C,
        "newline.xlsx",
        lambda: complaints_xlsx(complaint(unit="00\n1")),
        E("bad_code", 3, "单位代码"),
    ),
    _s(
        "nul_in_csv",
        "control_chars",
        C,
        "nul.csv",
        lambda: complaints_csv(complaint(unit="00\x001")),
        E("binary"),
    ),
    # formula-injection text in a code column
    _s(
        "hyperlink_code_xlsx",
        "formula_injection",
        C,
        "hyperlink.xlsx",
        lambda: complaints_xlsx(complaint(unit=HYPERLINK)),
        E("unknown_code", 3, "单位代码"),
    ),
    _s(
        "injection_codes_csv",
        "formula_injection",
        C,
        "inject.csv",
        lambda: complaints_csv(
            complaint("TS2011960", HYPERLINK),
            complaint("TS2011961", "@SUM(A1)"),
            complaint("TS2011962", "+1-1"),
            complaint("TS2011963", "-2+3"),
        ),
        E("unknown_code", 2, "单位代码"),
        E("unknown_code", 3, "单位代码"),
        E("unknown_code", 4, "单位代码"),
        E("unknown_code", 5, "单位代码"),
    ),
    _s(
        "real_formula_code",
        "formula_injection",
        SV,
        "formula_code.xlsx",
        formula_cell(SURVEY_HEAD, [score_row(None)], (0, 2), HYPERLINK, "y"),
        E("unknown_code", 2, "单位代码"),
    ),
    # HTML / script in a code
    _s(
        "script_code",
        "html",
        C,
        "script.xlsx",
        lambda: complaints_xlsx(complaint(unit=SCRIPT)),
        E("unknown_code", 3, "单位代码"),
    ),
    _s(
        "img_onerror_cadre",
        "html",
        "field_activities",
        "img.csv",
        lambda: csv_rows(
            [
                ["台账编号", "干部编号", "开始日期", "结束日期", "乡镇代码", "帮促类型"],
                [
                    "TZ201199052",
                    "<img src=x onerror=alert(1)>",
                    "2011-05-03",
                    "2011-05-03",
                    "03",
                    "plan",
                ],
            ]
        ),
        E("unknown_code", 2, "干部编号"),
    ),
    _s(
        "script_header",
        "html",
        C,
        "script_head.csv",
        lambda: csv_rows(
            [
                [*COMPLAINTS_HEAD[:3], "<b>渠道</b>", *COMPLAINTS_HEAD[4:]],
                ["TS2011960", "2011-05-03", "001", "电话", "否", "x"],
            ]
        ),
        E("missing_column", None, "渠道（channel）"),
    ),
    # The programme's datasets: work plans, commitments, receptions, rounds, the county's rank.
    _s(
        "work_plan_unknown_unit",
        "unknown_code",
        "work_plans",
        "工作方案.csv",
        lambda: csv_rows(
            [["年度", "单位代码", "报送日期", "启动日期"], [2011, "999", "2010-12-08", ""]]
        ),
        E("unknown_code", 2, "单位代码"),
    ),
    _s(
        "work_plan_future_start",
        "dates",
        "work_plans",
        "工作方案_将来.csv",
        lambda: csv_rows(
            [
                ["年度", "单位代码", "报送日期", "启动日期"],
                [2011, "001", "2010-12-08", "2012-01-05"],
            ]
        ),
        E("future_date", 2, "启动日期"),
    ),
    _s(
        "reception_bad_mode",
        "range",
        "receptions",
        "接访.csv",
        lambda: csv_rows(
            [
                ["编号", "接访领导", "接访日期", "乡镇代码", "接访方式", "接待人数"],
                ["JF9", "C0001", "2011-03-15", "01", "电话接访", 3],
            ]
        ),
        E("bad_enum", 2, "接访方式"),
    ),
    _s(
        "reception_negative_people",
        "range",
        "receptions",
        "接访_人数.csv",
        lambda: csv_rows(
            [
                ["编号", "接访领导", "接访日期", "接访方式", "接待人数"],
                ["JF9", "C0001", "2011-03-15", "现场接访", -2],
            ]
        ),
        E("too_small", 2, "接待人数"),
    ),
    _s(
        "commitment_without_kind",
        "missing_column",
        "commitments",
        "承诺.csv",
        lambda: csv_rows(
            [["编号", "年度", "单位代码", "承诺日期"], ["CN9", 2011, "001", "2011-01-05"]]
        ),
        E("missing_column", None, "承诺类型（kind）"),
    ),
    _s(
        "survey_round_four",
        "range",
        "survey_rounds",
        "测评轮次.csv",
        lambda: csv_rows(
            [["年度", "轮次", "审定日期", "公布日期"], [2011, 4, "2011-06-02", "2011-06-10"]]
        ),
        E("bad_enum", 2, "轮次"),
    ),
    _s(
        "county_rank_text",
        "text_in_number",
        "county_rankings",
        "全县位次.csv",
        lambda: csv_rows([["年度", "排名指标", "位次", "参评县数"], [2010, "综合", "第六", 11]]),
        E("bad_integer", 2, "位次"),
    ),
]


def build_corpus(directory: Path) -> list[Case]:
    """Write every bad file into ``directory``; the cases, in the order above."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    cases = []
    for spec in SPECS:
        path = directory / f"{spec.name}__{spec.filename}"
        path.write_bytes(spec.builder())
        cases.append(
            Case(
                spec.name,
                spec.category,
                spec.dataset,
                spec.filename,
                spec.period,
                spec.expect,
                spec.also,
                path,
            )
        )
    return cases


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/corpus/build.py OUTDIR", file=sys.stderr)
        return 2
    for case in build_corpus(Path(argv[0])):
        print(f"{case.category:18s} {case.dataset:18s} {case.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
