"""Reading a text file: CSV in UTF-8, UTF-8 with BOM or GBK/GB18030, comma or tab separated,
into one sheet."""

from __future__ import annotations

import csv
import io

from app.ingest.problems import IngestError, Problem
from app.ingest.readers_sheet import Sheet
from app.settings import UploadSettings


def detect_encoding(content: bytes) -> str:
    """BOM first, then strict UTF-8, then GB18030 (a superset of GBK, as WPS saves)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        content.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise IngestError(Problem("encoding")) from None


def _read_text(content: bytes, limits: UploadSettings) -> Sheet:
    encoding = detect_encoding(content)
    text = content.decode(encoding)
    if "\x00" in text:
        raise IngestError(Problem("binary"))
    sample = "\n".join(text.splitlines()[:30])
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    # A long cell is the clerk's to fix (the row's problem names it), not a crash: the csv
    # module's own limit (128 KiB a field) is lifted up to the size of the file.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    if "\r" in text and "\n" not in text:  # an old Mac file: CR alone ends every line
        text = text.replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error:  # a line break (a bare CR) inside a field that is not quoted
        raise IngestError(Problem("csv_broken_line", row=reader.line_num)) from None
    if max((len(r) for r in rows), default=0) > limits.max_columns:
        raise IngestError(Problem("too_many_columns", params={"max": limits.max_columns}))
    return Sheet("csv", [list(r) for r in rows], "csv", encoding)
