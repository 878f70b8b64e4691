"""The outline as a Word document in 公文 style: the masthead, the title, the blocks in order
and the signature. The fonts, styles and page (``docx_style``) and the paragraphs, tables and
pictures (``docx_blocks``) have modules of their own and are named here too, as callers import
them from here."""

from __future__ import annotations

import io
from typing import Any

from app.i18n import translate
from app.reports.bulletin import charts as images
from app.reports.bulletin.blocks import Outline
from app.reports.bulletin.docx_blocks import _paragraph, _picture, _red_rule, _table
from app.reports.bulletin.docx_style import (
    BODY,
    FALLBACKS,
    HEADING,
    LATIN,
    PAGE_NUMBER,
    RED,
    SUBHEADING,
    TITLE,
    _font_table,
    _page,
    _run,
    _styles,
)

__all__ = [
    "BODY",
    "FALLBACKS",
    "HEADING",
    "LATIN",
    "PAGE_NUMBER",
    "RED",
    "SUBHEADING",
    "TITLE",
    "_page",
    "_paragraph",
    "_styles",
    "_table",
    "render",
]


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
