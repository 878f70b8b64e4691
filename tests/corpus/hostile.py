"""Hostile upload files: small files built to make a reader crawl or swell (the security probe's
findings and their neighbours). Each is read within a time and memory bound
(tests/test_hostile_files.py, in a subprocess with a timeout, so a regression cannot hang the
tests) and answered with the problems named here (none: the file is read as Excel reads it).

    python tests/corpus/hostile.py OUTDIR"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.corpus.build import COMPLAINTS_HEAD, complaint, complaints_xlsx, rewrite_zip

NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Hostile:
    name: str
    what: str
    build: Callable[[], bytes]
    expect: tuple[str, ...]  # problem codes the answer must hold
    seconds: float = 10.0  # bound on the whole prepare (the probe saw 68-145 s)
    megabytes: float = 400.0  # bound on the memory the read adds


def _inline(text: str) -> bytes:
    return b'<c t="inlineStr"><is><t>' + text.encode() + b"</t></is></c>"


def _sheet(*rows: bytes, before: bytes = b"") -> Callable[[object], None]:
    def write(fh: object) -> None:
        fh.write(HEAD + b"<worksheet " + NS + b">" + before + b"<sheetData>")  # type: ignore[attr-defined]
        for row in rows:
            fh.write(row)  # type: ignore[attr-defined]
        fh.write(b"</sheetData></worksheet>")  # type: ignore[attr-defined]

    return write


def _with_sheet(*rows: bytes, before: bytes = b"") -> bytes:
    return rewrite_zip(
        complaints_xlsx(complaint()), {"xl/worksheets/sheet1.xml": _sheet(*rows, before=before)}, 9
    )


HEADER_ROW = b'<row r="2">' + b"".join(_inline(h) for h in COMPLAINTS_HEAD) + b"</row>"
DATA_ROW = (
    b'<row r="3">' + b"".join(_inline(str(v)) for v in complaint(date="2011-05-03")) + b"</row>"
)


def error_cells_first_row() -> bytes:
    """40,000 empty error cells in row 1 (3-4 KB zipped): the probe's 145-second file."""
    return _with_sheet(b'<row r="1">' + b'<c t="e"></c>' * 40_000 + b"</row>", HEADER_ROW, DATA_ROW)


def unclosed_error_cells() -> bytes:
    """40,000 error cells that are never closed: a scan looking for each one's end reads the
    rest of the sheet each time (quadratic)."""
    return _with_sheet(b'<row r="1">' + b'<c r="A1" t="e"><v>1' * 40_000 + b"</row>")


def unclosed_tags() -> bytes:
    """Tags whose '>' never comes: rows, cells, a dimension and merges, 20,000 of each."""
    spam = (b'<row r="1" ' + b'<c t="e" ' + b'<dimension ref="A1 ' + b"<mergeCell ") * 20_000
    return _with_sheet(HEADER_ROW, DATA_ROW, before=spam)


def shared_string(characters: int, cells: int) -> Callable[[], bytes]:
    """One shared string of ``characters`` used by ``cells`` cells (a 17 KB file held a 1 MB
    string in 1,000 cells: 68 s and 2.4 GB)."""

    def build() -> bytes:
        strings = HEAD + b"<sst " + NS + b' count="1" uniqueCount="1"><si><t>'
        strings += b"A" * characters + b"</t></si></sst>"
        rows = [
            b'<row r="%d">' % (r + 1) + b'<c r="F%d" t="s"><v>0</v></c>' % (r + 1) + b"</row>"
            for r in range(cells)
        ]
        content = rewrite_zip(
            complaints_xlsx(complaint()), {"xl/worksheets/sheet1.xml": _sheet(*rows)}, 9
        )
        return rewrite_zip(content, {"xl/sharedStrings.xml": lambda fh: fh.write(strings)}, 9)

    return build


def unclosed_styles() -> bytes:
    """A styles part of 200,000 <cellXfs starts never closed (1.6 MB, a few KB zipped): a lazy
    match to the end from every start read the file again for each."""
    base = complaints_xlsx(complaint())
    return rewrite_zip(base, {"xl/styles.xml": lambda fh: fh.write(b"<cellXfs" * 200_000)}, 9)


HOSTILE: list[Hostile] = [
    Hostile(
        "error_cells_first_row",
        "40,000 empty error cells in the first row",
        error_cells_first_row,
        (),
    ),
    Hostile(
        "unclosed_error_cells",
        "40,000 error cells never closed",
        unclosed_error_cells,
        ("corrupt",),
    ),
    Hostile("unclosed_tags", "80,000 tags whose '>' never comes", unclosed_tags, ("no_header",)),
    Hostile("unclosed_styles", "200,000 <cellXfs never closed", unclosed_styles, ()),
    Hostile(
        "shared_string_1mb",
        "a 1 MB shared string in 1,000 cells",
        shared_string(1024 * 1024, 1000),
        ("cell_too_long",),
    ),
    Hostile(
        "shared_string_at_the_limit",
        "a 32,767-character shared string in 2,000 cells",
        shared_string(32_767, 2000),
        ("no_header",),
    ),
]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/corpus/hostile.py OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for case in HOSTILE:
        path = out / f"{case.name}.xlsx"
        path.write_bytes(case.build())
        print(f"{path.stat().st_size:>9,} B  {path}  {case.what}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
