"""The 公文 look of a Word document: the fonts (Latin and Chinese) with their substitutes in the
font table, a run in them, the styles, and the A4 page with its margins and page numbers."""

from __future__ import annotations

from typing import Any

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
