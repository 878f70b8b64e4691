"""The letter to a vertical unit's superior department (报送上级主管部门): its units' results in
the year's rounds and the actions they bring, as a Word document ready to sign — one letter
per superior department, built from :func:`app.reports.programme.superior_results`."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pandas as pd

from app.i18n import enum_label, translate
from app.reports.bulletin.blocks import Table
from app.reports.bulletin.docx import TITLE, _page, _paragraph, _styles, _table
from app.reports.bulletin.text import _date
from app.settings import Settings

Reader = Callable[[str], pd.DataFrame]


def superiors(read: Reader, settings: Settings, year: int, as_of: dt.date) -> list[str]:
    """The superior departments with results to report, in order."""
    from app.reports.programme import superior_results

    frame = superior_results(read, settings, year, as_of)
    return sorted(str(s) for s in frame["superior"].dropna().unique())


def letter(
    read: Reader, settings: Settings, year: int, as_of: dt.date, superior: str, lang: str = "zh"
) -> bytes:
    """The .docx letter to ``superior`` with its units' rounds of ``year`` known at ``as_of``."""
    import docx

    from app.reports.programme import superior_results

    frame = superior_results(read, settings, year, as_of)
    frame = frame[frame["superior"] == superior]
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    document = docx.Document()
    _styles(document)
    _page(document)
    title = t("letter.title", county=settings.county_name, year=year)
    _paragraph(document, title, indent=False, align="center", font=TITLE, size=22)
    _paragraph(document)
    _paragraph(document, t("letter.to", superior=superior), indent=False, align="left")
    units = frame["name"].astype(str).drop_duplicates().tolist()
    joiner = "、" if lang == "zh" else ", "
    _paragraph(document, t("letter.body", year=year, n=len(units), units=joiner.join(units)))
    rows = []
    for r in frame.itertuples():
        actions = [a for a in str(r.actions).split(",") if a]
        rows.append(
            [
                str(r.name),
                str(int(r.round)),
                f"{r.score:.1f}",
                f"{r.rank}/{r.ranked}",
                t("bulletin.yes") if r.bottom else t("bulletin.no"),
                joiner.join(enum_label("action", a, lang) for a in actions) or "—",
            ]
        )
    columns = [
        t(f"export.col.{c}") for c in ("unit", "round", "score", "rank", "bottom", "actions")
    ]
    _table(
        document,
        Table(
            columns,
            rows,
            [4.0, 1.2, 1.6, 1.8, 1.2, 4.2],
            10.5,
            [False, True, True, True, True, False],
        ),
    )
    _paragraph(document, t("letter.request"))
    _paragraph(document)
    _paragraph(
        document, t("letter.signature", county=settings.county_name), indent=False, align="right"
    )
    _paragraph(document, _date(as_of, lang), indent=False, align="right")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
