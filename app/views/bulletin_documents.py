"""The bulletin page's documents and preview, kept by store version: the Word and Excel
files made on request, the preview of the bulletin's key sentences, the months offered."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app import ui
from app.reports import bulletin as documents
from app.reports import export


@st.cache_data(show_spinner=False, max_entries=12)
def document(kind: str, arg: str, lang: str, root: str, versions: tuple) -> bytes:
    """The file, cached until any dataset gets a new version (``root``, ``versions``)."""
    try:
        if kind == "bulletin":
            return documents.bulletin(ui.read, ui.settings(), arg, lang)
        if kind == "quarterly":
            return documents.quarterly(ui.read, ui.settings(), arg, lang)
        return export.month_workbook(ui.read, ui.settings(), arg, lang)
    finally:
        ui.release_memory()


# A preview: a sentence naming thousands (a province) is cut, the file has it all.
SENTENCE_CHARS = 400


@st.cache_resource(show_spinner=False, max_entries=12)
def preview(month: str, lang: str, root: str, versions: tuple) -> dict[str, Any]:
    """The bulletin's title, section headings and key sentences (no charts drawn), made ready
    to show once per version: each heading's key sentences as one Markdown list of the first
    ``ui.LIST_LIMIT`` (a province's stalled projects are hundreds), with how many more the
    file has. ``cache_resource``: a rerun reads the kept object, it unpickles nothing."""
    doc = documents.outline(ui.read, ui.settings(), documents.month_period(month), lang)
    ui.release_memory()
    blocks: list[tuple] = []  # ("h1" | "h2", text) or ("list", markdown, left out)
    sentences: list[str] = []

    def flush() -> None:
        if sentences:
            shown = sentences[: ui.LIST_LIMIT]
            lines = [
                f"- {ui.esc(s if len(s) <= SENTENCE_CHARS else s[:SENTENCE_CHARS] + '…')}"
                for s in shown
            ]
            blocks.append(("list", "\n".join(lines), len(sentences) - len(shown)))
            sentences.clear()

    for block in doc.blocks:
        if block.kind in ("h1", "h2"):
            flush()
            blocks.append((block.kind, ui.esc(block.text)))
        elif block.key:
            sentences.append(block.text)
    flush()
    return {
        "title": ui.esc(doc.title),
        "period": doc.period,
        "empty": doc.empty,
        "blocks": blocks,
        "sections": len(doc.headings()),
    }


@st.cache_resource(show_spinner=False, max_entries=12)
def choices(as_of: str, lang: str, root: str, versions: tuple) -> dict[str, Any]:
    """The months holding values (and the as-of month), newest first, their quarters, and
    the labels of both, made once per version."""
    months = sorted(set(ui.value_periods()) | {as_of}, reverse=True)
    quarters = sorted({documents.quarter_of(m) for m in months}, reverse=True)
    return {
        "months": months,
        "quarters": quarters,
        "month_labels": {m: documents.month_period(m).label(lang) for m in months},
        "quarter_labels": {q: documents.quarter_period(q).label(lang) for q in quarters},
    }
