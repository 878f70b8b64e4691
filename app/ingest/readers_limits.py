"""The limits a workbook is refused by before its cells are read: the archive's uncompressed
size and ratio, the length of a shared string, and a sheet's width and height."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from app.ingest.problems import IngestError, Problem
from app.settings import UploadSettings


def _check_zip(content: bytes, limits: UploadSettings) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except zipfile.BadZipFile:
        raise IngestError(Problem("corrupt")) from None
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_mb * 1024 * 1024:
        raise IngestError(Problem("zip_bomb", params={"mb": int(limits.max_uncompressed_mb)}))
    compressed = sum(i.compress_size for i in infos) or 1
    if total / compressed > 200 and total > 20 * 1024 * 1024:
        raise IngestError(Problem("zip_bomb", params={"mb": int(limits.max_uncompressed_mb)}))
    _check_shared_strings(archive, limits)


def _check_shared_strings(archive: zipfile.ZipFile, limits: UploadSettings) -> None:
    """No shared string longer than a cell may hold: one such string used by many cells is
    expanded once per cell (a 1 MB string in 1,000 cells is a GB of text), so it is refused
    before any cell is read. Streamed: the table is never held whole."""
    try:
        info = archive.getinfo("xl/sharedStrings.xml")
    except KeyError:
        return
    with archive.open(info) as fh:
        try:
            for _, element in ElementTree.iterparse(fh, events=("end",)):
                if element.tag.rpartition("}")[2] != "si":
                    continue
                length = sum(
                    len(t.text or "") for t in element.iter() if t.tag.rpartition("}")[2] == "t"
                )
                element.clear()
                if length > limits.max_cell_chars:
                    raise IngestError(
                        Problem("cell_too_long", params={"max": limits.max_cell_chars})
                    )
        except ElementTree.ParseError:
            raise IngestError(Problem("corrupt")) from None


def _check_size(width: int, height: int, limits: UploadSettings) -> None:
    if width > limits.max_columns:
        raise IngestError(Problem("too_many_columns", params={"max": limits.max_columns}))
    if height > limits.max_rows + 50:
        raise IngestError(Problem("too_many_rows", params={"max": limits.max_rows}))
