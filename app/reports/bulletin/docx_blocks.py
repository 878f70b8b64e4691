"""The pieces a Word document in 公文 style is laid out from: a paragraph, the masthead's red
rule, a table and a picture."""

from __future__ import annotations

import io
from typing import Any

from app.reports.bulletin.blocks import Table
from app.reports.bulletin.docx_style import BODY, HEADING, RED, _run


def _paragraph(
    document: Any,
    text: str = "",
    *,
    style: str | None = None,
    indent: bool = True,
    align: str = "justify",
    font: str = BODY,
    size: float = 16,
    colour: str | None = None,
    bold: bool = False,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph(style=style)
    paragraph.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    if indent and style is None:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        _run(paragraph, text, font, size, bold, colour)
    return paragraph


# Elements that follow w:pBdr in w:pPr, and w:shd in w:tcPr (CT_PPr, CT_TcPr sequences).
_AFTER_PBDR = tuple(
    f"w:{t}"
    for t in (
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    )
)
_AFTER_SHD = tuple(
    f"w:{t}"
    for t in (
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
        "headers",
        "cellIns",
        "cellDel",
        "cellMerge",
        "tcPrChange",
    )
)


def _red_rule(paragraph: Any) -> None:
    """The red line under the masthead: a bottom border on its last paragraph."""
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    border = ppr.makeelement(qn("w:pBdr"), {})
    bottom = border.makeelement(
        qn("w:bottom"),
        {qn("w:val"): "single", qn("w:sz"): "18", qn("w:space"): "6", qn("w:color"): RED},
    )
    border.append(bottom)
    ppr.insert_element_before(border, *_AFTER_PBDR)  # Word insists on the schema's order


def _table(document: Any, table: Table) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document.add_paragraph().paragraph_format.line_spacing = Pt(8)
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    total = sum(table.widths)
    widths = [Cm(15.6 * w / total) for w in table.widths]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width  # the grid (LibreOffice reads it) as well as each cell (Word)
    numeric = table.numeric or [False] * len(table.columns)

    def fill(cell: Any, text: str, width: Any, header: bool, right: bool) -> None:
        cell.width = width
        paragraph = cell.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.first_line_indent = Pt(0)
        paragraph.alignment = (
            WD_ALIGN_PARAGRAPH.CENTER if header or right else WD_ALIGN_PARAGRAPH.LEFT
        )
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _run(paragraph, text, HEADING if header else BODY, table.font_size)

    header = grid.rows[0]
    trpr = header._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))  # repeat on pages
    for cell, text, width in zip(header.cells, table.columns, widths, strict=True):
        fill(cell, text, width, True, False)
        tcpr = cell._tc.get_or_add_tcPr()
        shade = tcpr.makeelement(
            qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): "E7E6E6"}
        )
        tcpr.insert_element_before(shade, *_AFTER_SHD)
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, text, width, right in zip(cells, values, widths, numeric, strict=True):
            fill(cell, str(text), width, False, right)
    document.add_paragraph().paragraph_format.line_spacing = Pt(10)


def _picture(document: Any, png: bytes) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact spacing would crop the picture
    fmt.space_before, fmt.space_after = Pt(6), Pt(6)
    from docx.image.image import Image

    image = Image.from_blob(png)
    width, height = image.px_width, image.px_height
    # 15 cm wide, unless that makes a tall chart (townships, units) taller than 13 cm.
    paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(min(15.0, 13.0 * width / height)))
