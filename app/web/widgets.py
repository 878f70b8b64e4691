"""What the pages draw with: the sidebar's filters and the periods they choose, banners and
empty states, lists and charts cut to a page's length, downloads, escaping, the page runner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app.web.caches import is_demo, periods, read, rows, settings, value_periods
from app.web.language import lang, select, t
from app.web.session import current_user

STYLE = (
    "<style>" + (Path(__file__).parents[1] / "style.css").read_text(encoding="utf-8") + "</style>"
)


def sidebar_filters() -> None:
    """Year and as-of month in the sidebar; their values persist across pages."""
    conf = settings()
    years = sorted({int(p[:4]) for p in value_periods()} | {conf.year})
    # Kept as plain session values by ``select`` (a keyed widget's value is dropped when the
    # page changes, and a leader who picked June would be shown November on the next page).
    with st.sidebar:
        if st.session_state.get("year") not in years:
            st.session_state["year"] = conf.year if conf.year in years else years[-1]
        chosen = select(t("sidebar.year"), years, "year", {y: str(y) for y in years})
        months = periods(chosen) or [f"{chosen}-12"]
        if st.session_state.get("as_of") not in months:  # another year: its latest month
            st.session_state["as_of"] = months[-1]
            st.session_state.pop(f"as_of__{lang()}", None)
        select(t("sidebar.as_of"), months, "as_of", {m: m for m in months})
        townships = read("townships")
        options = [""] + townships["township_code"].astype(str).tolist()
        labels = dict(zip(options[1:], townships["name"].astype(str), strict=False))
        select(t("sidebar.township"), options, "township", {"": t("sidebar.whole_county")} | labels)


def year() -> int:
    return int(st.session_state.get("year", settings().year))


def as_of_period() -> str:
    return str(st.session_state.get("as_of", f"{year()}-12"))


def banner() -> None:
    """The demo-data banner, shown on every page while the store holds the demo county."""
    if is_demo():
        st.info(t("app.demo_banner"), icon=":material/info:")


def month_choices() -> list[str]:
    """Months offered when choosing the period of a monthly upload: this year and last."""
    y = year()
    return [f"{yy}-{m:02d}" for yy in (y, y - 1) for m in range(12, 0, -1)]


def month() -> str:
    """The as-of month chosen in the sidebar (YYYY-MM)."""
    return as_of_period()


def as_of_date() -> dt.date:
    from app.reports.compute import month_end

    return month_end(as_of_period())


def township_filter() -> str | None:
    """The township chosen in the sidebar, or None for the whole county."""
    value = st.session_state.get("township")
    return value or None


def empty_state(dataset_keys: list[str]) -> bool:
    """Say what to upload (with a link to the upload page) when a page's data is missing."""
    missing = [d for d in dataset_keys if rows(d) == 0]
    if not missing:
        return False
    from schemas import DATASETS

    titles = "、".join(DATASETS[d].title(lang()) for d in missing)
    st.info(t("app.needs_data", datasets=titles), icon=":material/inbox:")
    st.page_link("pages/upload.py", label=t("app.go_upload"), icon=":material/upload_file:")
    return True


# Lists of names on a page (laggards, cadres behind): the first LIST_LIMIT are named, then how
# many more; a province has thousands, and the tables and downloads hold them all.
LIST_LIMIT = 30


def more(total: int, limit: int | None = None) -> None:
    """After a list cut at ``limit`` items (:data:`LIST_LIMIT`), say how many were left out."""
    limit = LIST_LIMIT if limit is None else limit
    if total > limit:
        st.caption(t("app.more_items", n=total - limit))


# Rows in a ranked chart: a category of a county fits whole; a province's hundreds of units
# are shown as the first and the last CHART_ROWS // 2 (its table and download hold them all).
CHART_ROWS = 60


def chart_rows(frame: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """``frame`` (ordered best first) whole, or its first and last ``limit // 2`` rows
    (``limit``: :data:`CHART_ROWS`)."""
    limit = CHART_ROWS if limit is None else limit
    if len(frame) <= limit:
        return frame
    half = limit // 2
    return pd.concat([frame.head(half), frame.tail(half)])


def chart_cut(total: int, limit: int | None = None) -> None:
    """Under a chart of :func:`chart_rows`, say which rows it shows when it is cut."""
    limit = CHART_ROWS if limit is None else limit
    if total > limit:
        st.caption(t("app.chart_cut", n=limit // 2, total=total))


# Markdown's special characters, each escaped with a backslash (the backslash itself first).
# Plain replaces, not a regex: the bulletin preview escapes long lists of names every rerun.
_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|>~<"


def esc(text: Any) -> str:
    """Text from the data, safe inside st.markdown (no markup, no HTML)."""
    import html

    value = html.escape("" if text is None else str(text), quote=False)
    for char in _MARKDOWN_SPECIALS:
        if char in value:
            value = value.replace(char, "\\" + char)
    return value


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def on_click(key: Any, build: Callable[[], bytes]) -> Callable[[], bytes]:
    """A download's data, built when the button is clicked rather than on every rerun, and
    built once for ``key`` (the session keeps the last one built). ``build`` runs outside the
    script (no ``st`` calls in it; take what it needs, such as the language, beforehand)."""
    kept: dict[Any, bytes] = st.session_state.setdefault("_downloads", {})

    def data() -> bytes:
        if key not in kept:
            kept.clear()
            kept[key] = build()
        return kept[key]

    return data


def annotated_download(prepared: Any) -> Callable[[], bytes]:
    """The upload's annotated copy (its rows with 错误说明), built on the click, once."""
    from app.ingest.files import annotated_file

    language = lang()
    return on_click(
        ("annotated", prepared.sha256, language), lambda: annotated_file(prepared, language)[0]
    )


def downloads(table: pd.DataFrame | Callable[[], pd.DataFrame], name: str, key: str) -> None:
    """Excel and CSV download buttons for a table as shown (``name`` is the file's stem).

    The files are made when a button is clicked, not on every rerun (a province's tables
    have tens of thousands of rows: writing them as Excel took longer than the page).
    ``table`` may be a function making the table then (it runs outside the script run: no
    ``st`` calls, no :func:`t` or :func:`label` inside; label with :func:`labels` first)."""
    from app.ingest.files import csv_bytes, xlsx_bytes

    def frame() -> pd.DataFrame:
        return table() if callable(table) else table

    with st.container(horizontal=True):  # side by side on a phone too
        st.download_button(
            "Excel",
            lambda: xlsx_bytes({name: frame()}),
            f"{name}.xlsx",
            XLSX_MIME,
            key=f"{key}_xlsx",
            on_click="ignore",
            icon=":material/download:",
        )
        st.download_button(
            "CSV",
            lambda: csv_bytes(frame()),
            f"{name}.csv",
            "text/csv",
            key=f"{key}_csv",
            on_click="ignore",
            icon=":material/download:",
        )


# Rows of a long table shown on the page (a province's cadres, its year's activities); the
# download holds them all.
TABLE_ROWS = 2_000


def shown_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The first :data:`TABLE_ROWS` rows, with a caption saying so when the table is longer."""
    if len(frame) > TABLE_ROWS:
        st.caption(t("app.table_cut", shown=f"{TABLE_ROWS:,}", n=f"{len(frame):,}"))
    return frame.head(TABLE_ROWS)


def page_exists(stem: str) -> bool:
    from pathlib import Path

    return (Path(__file__).resolve().parents[2] / "pages" / f"{stem}.py").exists()


def run_safely(page: Any) -> None:
    """Run the page; an unexpected error shows a friendly message with a reference id and
    goes to the log with its traceback (users never see a stack trace)."""
    import logging
    import os
    import uuid

    try:
        page.run()
    except Exception:
        if os.environ.get("COUNTY_RAISE_ERRORS"):
            raise
        ref = uuid.uuid4().hex[:8]
        logging.getLogger("county").exception("page error ref=%s user=%s", ref, current_user())
        st.error(t("app.error_friendly", ref=ref), icon=":material/error:")


def header(key: str) -> str:
    """A table's column header (``export.col.<key>``) in this run's language."""
    return t(f"export.col.{key}")


def laggards(items: list[str], total: int | None = None, mark: str = ":orange[▲]") -> None:
    """A list of who or what is behind, each item a sentence from the catalogue (already
    escaped), cut at :data:`LIST_LIMIT` with a count of the rest."""
    for item in items[:LIST_LIMIT]:
        st.markdown(f"- {mark} {item}")
    more(len(items) if total is None else total)


def show_table(table: pd.DataFrame, file_name: str, key: str, **kwargs: Any) -> None:
    """A table a person reads (its first :data:`TABLE_ROWS` rows) and its Excel/CSV downloads,
    which hold every row."""
    st.dataframe(shown_rows(table), hide_index=True, width="stretch", **kwargs)
    downloads(table, file_name, key)


def bars(table: pd.DataFrame, label: str, value: str, title: str, **kwargs: Any) -> None:
    """A bar chart of one column of a table a person reads (columns by their keys)."""
    from app import charts

    chart = charts.table_bars(table, header(label), header(value), title, **kwargs)
    st.altair_chart(chart, width="stretch")
