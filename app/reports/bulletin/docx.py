"""The outline as a Word document in 公文 style: fonts, styles, page, masthead, tables,
pictures and the signature."""

from __future__ import annotations

import io
from typing import Any

from app.i18n import translate
from app.reports.bulletin import charts as images
from app.reports.bulletin.blocks import Outline, Table

LATIN = "Times New Roman"
BODY = "仿宋_GB2312"
HEADING = "黑体"
SUBHEADING = "楷体_GB2312"
TITLE = "方正小标宋简体"
PAGE_NUMBER = "宋体"
# Where a font is missing, Word and LibreOffice take the font table's w:altName instead.
FALLBACKS = {
    "仿宋_GB2312": "仿宋",
    "仿宋": "FangSong",
    "楷体_GB2312": "楷体",
    "楷体": "KaiTi",
    "方正小标宋简体": "黑体",
    "黑体": "SimHei",
    "宋体": "SimSun",
}
RED = "FF0000"


def _fonts(element: Any, east_asia: str, latin: str = LATIN) -> None:
    """Set the run or style fonts: Latin for digits and letters, ``east_asia`` for Chinese."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):  # a theme font would win over the names set here
            del fonts.attrib[attr]
    for attr, name in (("ascii", latin), ("hAnsi", latin), ("cs", latin), ("eastAsia", east_asia)):
        fonts.set(qn(f"w:{attr}"), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _run(
    paragraph: Any,
    text: str,
    font: str = BODY,
    size: float = 16,
    bold: bool = False,
    colour: str | None = None,
) -> Any:
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    _fonts(run._r, font)
    return run


def _font_table(document: Any) -> None:
    """Add the 公文 fonts, with their substitutes, to the document's font table."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for part in document.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = etree.fromstring(part.blob)
        known = {f.get(f"{{{w}}}name") for f in root.findall(f"{{{w}}}font")}
        for name, alt in FALLBACKS.items():
            if name in known:
                continue
            font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": name})
            etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": alt})
            etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})  # GB2312
            etree.SubElement(font, f"{{{w}}}family", {f"{{{w}}}val": "modern"})
            etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})
        # A plain part keeps its bytes in ``_blob``; python-docx has no API for this part.
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.size = Pt(16)  # 三号
    _fonts(normal.element, BODY)
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:eastAsia"), "zh-CN")
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    for name, font, level in (
        ("Bulletin Heading 1", HEADING, 0),
        ("Bulletin Heading 2", SUBHEADING, 1),
    ):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(16)
        style.font.bold = False
        _fonts(style.element, font)
        style.paragraph_format.first_line_indent = Pt(32)
        style.paragraph_format.keep_with_next = True
        # An outline level: the headings show in Word's navigation pane.
        style.element.get_or_add_pPr().get_or_add_outlineLvl().set(qn("w:val"), str(level))


def _page(document: Any) -> None:
    """A4 with the 公文 margins, and "— n —" page numbers at the foot."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.5)
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "— ", PAGE_NUMBER, 14)
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = _run(paragraph, "", PAGE_NUMBER, 14)
        if kind:
            char = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
            run._r.append(char)
        elif text == " PAGE ":
            instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    _run(paragraph, " —", PAGE_NUMBER, 14)


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


def render(doc: Outline) -> bytes:
    """The outline as a .docx in 公文 style."""
    import docx
    from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
    from docx.shared import Pt

    document = docx.Document()
    _styles(document)
    _font_table(document)
    _page(document)
    core = document.core_properties
    core.title, core.author, core.language = doc.title, doc.org, "zh-CN"

    # Masthead (版头): the series in red, the issue, the issuing office and date, a red rule.
    zh = doc.lang == "zh"
    _paragraph(
        document,
        doc.masthead,
        align="center",
        font=TITLE,
        size=22 if zh else 18,
        colour=RED,
        indent=False,
    ).paragraph_format.line_spacing = Pt(40)
    _paragraph(document, doc.issue, align="center", indent=False)
    issued = _paragraph(document, indent=False, align="left")
    if zh:  # office on the left, date on the right, on one line
        issued.paragraph_format.tab_stops.add_tab_stop(Pt(442), WD_TAB_ALIGNMENT.RIGHT)
        _run(issued, f"{doc.org}\t{doc.date}", BODY, 14)
    else:  # the English office name is too long to share its line
        _run(issued, doc.org, BODY, 12)
        issued = _paragraph(document, doc.date, indent=False, align="right", size=12)
    _red_rule(issued)
    _paragraph(document, indent=False)

    title = _paragraph(document, align="center", indent=False)
    title.paragraph_format.line_spacing = Pt(36)
    for n, line in enumerate(doc.title_lines):
        run = _run(title, line, TITLE, 22)
        if n < len(doc.title_lines) - 1:
            run.add_break()  # 标题回行: break where the catalogue says, not inside a word
    _paragraph(document, indent=False)
    _paragraph(document, doc.recipients, indent=False, align="left")
    if doc.intro:
        _paragraph(document, doc.intro)
    annex = False
    for block in doc.blocks:
        if block.kind == "h1":
            _paragraph(document, block.text, style="Bulletin Heading 1", font=HEADING)
        elif block.kind == "h2":
            _paragraph(document, block.text, style="Bulletin Heading 2", font=SUBHEADING)
        elif block.kind == "para":
            _paragraph(document, block.text)
        elif block.kind == "table" and block.table is not None:
            _table(document, block.table)
        elif block.kind == "chart":
            png = images.chart_png(block.chart, order=block.order)
            if png:
                _picture(document, png)
        elif block.kind == "annex":
            if not annex:
                _signature(document, doc)
                annex = True
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _paragraph(
                document,
                translate("bulletin.annex", doc.lang),
                indent=False,
                align="left",
                font=HEADING,
            )
            _paragraph(document, block.text, align="center", font=TITLE, size=18, indent=False)
    if not annex:
        _signature(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _signature(document: Any, doc: Outline) -> None:
    """落款: the issuing office and the date, right-aligned under the text."""
    from docx.shared import Pt

    _paragraph(document, indent=False)
    for text in (doc.org, doc.date):
        paragraph = _paragraph(document, text, align="right", indent=False)
        paragraph.paragraph_format.right_indent = Pt(32)
