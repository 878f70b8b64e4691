"""Streamlit-side helpers shared by the pages: language, settings, cached store reads, filters.

Pages stay thin: they call these helpers and ``app.metrics``; nothing here computes a rule.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app.i18n import DEFAULT_LANG, LANGUAGES, enum_label, translate
from app.memory import release as release_memory
from app.settings import Settings, default_data_dir, load_settings
from app.store import Store

_seed_lock = threading.Lock()
STYLE = "<style>" + (Path(__file__).parent / "style.css").read_text(encoding="utf-8") + "</style>"


_this_run = threading.local()


def _session_lang() -> str:
    value = st.session_state.get("lang", DEFAULT_LANG)
    return value if value in LANGUAGES else DEFAULT_LANG


def begin_run() -> None:
    """Note the run's language once, at the top of ``streamlit_app.py`` (a widget's new value
    is in the session state before the run starts, and nothing sets the language during a
    run): a read of ``st.session_state`` costs some 15 µs, and a province's tables label
    hundreds of thousands of cells with :func:`label` on every rerun. Streamlit runs each
    script run in a thread of its own, so the note lives in the thread."""
    _this_run.session = _session_id()
    _this_run.lang = _session_lang()


def _session_id() -> str | None:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    context = get_script_run_ctx(suppress_warning=True)
    return None if context is None else context.session_id


def lang() -> str:
    session = getattr(_this_run, "session", None)
    if session is not None and session == _session_id():
        return _this_run.lang
    return _session_lang()


def t(key: str, /, **params: Any) -> str:
    """The message ``key`` in the session's language."""
    return translate(key, lang(), **params)


def labeller(labels: dict[Any, str]) -> Any:
    """A widget ``format_func`` over labels computed now, in this run's language (a lambda
    calling ``t`` later could be evaluated outside the session and pick the wrong language)."""
    return lambda value: labels.get(value, "" if value is None else str(value))


def select(
    label: str, options: list[Any], key: str, labels: dict[Any, str] | None = None,
    container: Any = None, **kwargs: Any,
) -> Any:  # fmt: skip
    """A selectbox whose choice persists under ``key`` across pages and language switches.

    The widget itself is keyed per language (a keyed widget keeps its first labels), and the
    choice is kept in a plain session value, which Streamlit does not clear on other pages."""
    widget_key = f"{key}__{lang()}"
    current = st.session_state.get(widget_key, st.session_state.get(key))
    if current not in options:
        current = options[0] if options else None
    st.session_state[widget_key] = current
    box = container if container is not None else st
    value = box.selectbox(label, options, key=widget_key,
                          format_func=labeller(labels or {}), **kwargs)  # fmt: skip
    st.session_state[key] = value
    return value


def label(kind: str, value: Any) -> str:
    return enum_label(kind, value, lang())


@st.cache_resource(show_spinner=False)
def _settings(data_dir: str) -> Settings:
    return load_settings(data_dir)


def settings() -> Settings:
    return _settings(default_data_dir())


@st.cache_resource(show_spinner=False)
def _store(data_dir: str) -> Store:
    return Store(data_dir, _settings(data_dir).storage_options)


def store() -> Store:
    return _store(default_data_dir())


def ensure_store() -> Store:
    """The store. On the first start of the README's own command (no data directory
    configured: ``./data``) it is seeded with the demo county; a configured directory
    (``COUNTY_DATA_DIR``) that holds no store is never seeded: the page says so and stops."""
    from app.settings import demo_on_first_start

    current = store()
    if not current.exists():
        if not demo_on_first_start():
            logging.getLogger("county").error("no store in the data directory %s", current.root)
            st.error(t("app.no_store"), icon=":material/folder_off:")
            st.stop()
        with _seed_lock:
            if not current.exists():
                from app.demo import seed_demo

                with st.spinner(t("app.seeding")):
                    seed_demo(current, settings())
    return current


# Tables up to this many rows (master data, most facts) are kept in memory by version; larger
# ones (a province's indicator values or field activities) are read, narrowed to what a report
# needs, each time a report is computed; the report is kept, not the table.
KEEP_ROWS = 200_000


def _shallow(value: Any) -> Any:
    """A copy sharing the cached data (pandas copies on write): a page that adds a column to
    what it got does not change the cache, and no data is copied on a cache hit."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if isinstance(value, dict):
        return {k: _shallow(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shallow(v) for v in value]
    return value


# Keyed by version: a new commit is seen at once, an unchanged table is never read twice.
# ``cache_resource`` hands out the cached object itself (``cache_data`` would unpickle a copy
# on every rerun, which at province scale costs more than the page).
@st.cache_resource(show_spinner=False, max_entries=64)
def _rows(root: str, dataset: str, version: int) -> int:
    return store().count(dataset, version=version if version >= 0 else None)


@st.cache_resource(show_spinner=False, max_entries=32)
def _frame(root: str, dataset: str, version: int) -> pd.DataFrame:
    return store().read(dataset, version=version if version >= 0 else None)


def read_version(
    dataset: str, version: int, columns: list[str] | None = None, filters: Any = None
) -> pd.DataFrame:
    """The dataset as of ``version`` (-1: no table yet), from the cache where it is kept."""
    current = store()
    if columns or filters or _rows(current.root, dataset, version) > KEEP_ROWS:
        return current.read(dataset, version if version >= 0 else None, columns, filters)
    return _frame(current.root, dataset, version).copy(deep=False)


def read(dataset: str, columns: list[str] | None = None, filters: Any = None) -> pd.DataFrame:
    """The dataset's latest version, cached by (store, dataset, version); ``columns`` and
    ``filters`` narrow the read (as ``Store.read``; such reads are not kept)."""
    return read_version(dataset, store().version(dataset), columns, filters)


def rows(dataset: str) -> int:
    """Rows in the dataset's latest version (from the table's statistics, kept by version)."""
    current = store()
    return _rows(current.root, dataset, current.version(dataset))


class _PinnedReader:
    """``read`` at the versions a cached result is keyed by (a commit landing while a report
    is computed does not mix two versions into one result)."""

    def __init__(self, versions: dict[str, int]) -> None:
        self.versions = versions

    def __call__(
        self, dataset: str, columns: list[str] | None = None, filters: Any = None
    ) -> pd.DataFrame:
        version = self.versions.get(dataset)
        if version is None:
            version = store().version(dataset)
        return read_version(dataset, version, columns, filters)


@st.cache_resource(show_spinner=False, max_entries=16)
def _value_periods(root: str, version: int) -> tuple[str, ...]:
    from app.reports.compute import value_periods as periods_of

    return tuple(periods_of(_PinnedReader({"indicator_values": version})))


def value_periods() -> list[str]:
    """Every month holding indicator values, oldest first (kept by version)."""
    current = store()
    return list(_value_periods(current.root, current.version("indicator_values")))


def is_demo() -> bool:
    info = store().info() or {}
    return bool(info.get("demo"))


def periods(year: int) -> list[str]:
    """Months of ``year`` that hold indicator values, oldest first."""
    return [p for p in value_periods() if p.startswith(f"{year}-")]


def sidebar_filters() -> None:
    """Year and as-of month in the sidebar; their values persist across pages."""
    conf = settings()
    years = sorted({int(p[:4]) for p in value_periods()} | {conf.year})
    with st.sidebar:
        if st.session_state.get("year") not in years:
            st.session_state["year"] = conf.year if conf.year in years else years[-1]
        st.selectbox(t("sidebar.year"), years, key="year")
        months = periods(st.session_state["year"]) or [f"{st.session_state['year']}-12"]
        if st.session_state.get("as_of") not in months:
            st.session_state["as_of"] = months[-1]
        st.selectbox(t("sidebar.as_of"), months, key="as_of")
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


def account() -> Any:
    """The signed-in account, checked against the store on every run (a disabled account or
    an expired session is signed out at once); None when nobody is signed in."""
    from app import auth

    name = st.session_state.get("user")
    if not name:
        return None
    started = st.session_state.get("signed_in_at")
    hours = settings().auth.session_hours
    now = dt.datetime.now(dt.UTC)
    current = auth.get_account(store(), name)
    hashed = st.session_state.get("session_token_hash")
    if current is None or current.disabled or started is None or (
        now - started > dt.timedelta(hours=hours)
    ) or (hashed and not auth.session_active(store(), hashed)):  # revoked elsewhere
        sign_out()
        st.session_state["session_expired"] = True
        return None
    return current


def sign_in(name: str, *, remember: bool = False, signed_in_at: dt.datetime | None = None) -> None:
    """Sign ``name`` in to this session. ``remember``: also issue a session token and have
    the browser keep it (a cookie), so a reload signs in again; ``signed_in_at``: when the
    sign-in happened (a restored session keeps its token's time, so the expiry still counts
    from the real sign-in)."""
    if remember:
        from app import auth

        try:
            token, signed_in_at = auth.issue_session(store(), name, settings().auth)
        except OSError:  # a read-only store: signed in for this session only
            logging.getLogger("county").warning("session token not stored (user=%s)", name)
        else:
            st.session_state["session_token_hash"] = auth.token_hash(token)
            st.session_state[_COOKIE_PENDING] = token
    st.session_state["user"] = name
    st.session_state["signed_in_at"] = signed_in_at or dt.datetime.now(dt.UTC)


def sign_out() -> None:
    """Sign out of this session; a remembered sign-in is forgotten on the server and its
    cookie cleared in the browser."""
    hashed = st.session_state.pop("session_token_hash", None)
    st.session_state[_COOKIE_PENDING] = ""
    for key in ("user", "signed_in_at", "upload_prepared", "upload_token"):
        st.session_state.pop(key, None)
    if hashed:
        from app import auth

        try:
            auth.revoke_session_hash(store(), hashed)
        except OSError:  # a read-only store: the cookie is cleared, the entry expires
            logging.getLogger("county").warning("session token not revoked")


# -- a sign-in that survives a reload --------------------------------------------------------
# A reload (or a phone reconnecting) starts a new Streamlit session; the browser's cookie
# carries the session token across. The cookie is set by the server, HttpOnly
# (``app.session_cookie``): a hidden iframe redeems a one-time code for it after a sign-in.
SESSION_COOKIE = "county_session"
_COOKIE_PENDING = "_session_cookie_pending"  # a token to set, "" to clear
_COOKIE_CHECKED = "_session_cookie_checked"


def session_cookie() -> str | None:
    """The session token the browser sent when this session connected, if any."""
    try:
        value = st.context.cookies.get(SESSION_COOKIE)
    except Exception:  # no browser behind this session (a bare script run)
        return None
    return value if isinstance(value, str) and value else None  # (AppTest's client is a mock)


def restore_session() -> None:
    """On a session's first run, sign in from the browser's session cookie when it holds a
    valid token of an enabled account; a cookie that signs nobody in is cleared."""
    if st.session_state.get(_COOKIE_CHECKED):
        return
    st.session_state[_COOKIE_CHECKED] = True
    if st.session_state.get("user"):
        return
    token = session_cookie()
    if not token:
        return
    from app import auth

    try:
        found = auth.verify_session(store(), token, settings().auth)
    except Exception:  # whatever is wrong with the sessions file, the sign-in form shows
        logging.getLogger("county").exception("session cookie not checked")
        found = None
    if found is None:
        st.session_state[_COOKIE_PENDING] = ""
        return
    account, issued = found
    sign_in(account.name, signed_in_at=issued)
    st.session_state["session_token_hash"] = auth.token_hash(token)


def write_session_cookie() -> None:
    """Set or clear the browser's session cookie when a sign-in or sign-out asked for it (an
    iframe that ``style.css`` hides, so it takes no room)."""
    token = st.session_state.pop(_COOKIE_PENDING, None)
    if token is None:
        return
    from app import session_cookie

    max_age = int(settings().auth.session_hours * 3600) if token else 0
    code = session_cookie.issue(token, max_age)
    with st.container(key="session_cookie_jar"):
        st.iframe(session_cookie.redeem_script(code), height="content")


def client_address() -> str | None:
    """The browser's address, for slowing down repeated failed sign-ins per client: the
    connection's own, or behind a reverse proxy that the settings trust
    (``[auth] trust_forwarded_for``), the first address of its X-Forwarded-For header."""
    try:
        if settings().auth.trust_forwarded_for:
            forwarded = st.context.headers.get("X-Forwarded-For")
            if forwarded:
                return forwarded.split(",")[0].strip()[:64]
        address = st.context.ip_address
    except Exception:  # no browser behind this session (a bare script run)
        return None
    return address if isinstance(address, str) else None


def role() -> str | None:
    current = account()
    return current.role if current is not None else None


def require(page: str) -> Any:
    """Stop the page unless the signed-in role may open it (typed URLs included)."""
    from app import auth

    begin_run()  # every page starts here (a page may also run on its own, as in AppTest)
    current = account()
    if current is None or not auth.may_open(current.role, page):
        st.error(t("auth.no_permission"), icon=":material/block:")
        st.stop()
    return current


def current_user() -> str:
    """The signed-in account's name (recorded on every commit)."""
    current = account()
    return current.name if current is not None else "anonymous"


def uploadable_datasets() -> list[str]:
    """Datasets the signed-in user may upload, masters first."""
    from app import auth

    current = account()
    return auth.uploadable(current) if current is not None else []


def upload_scope(dataset: str) -> dict[str, set[str]] | None:
    """Rows the signed-in user may write (column → codes); None means everything."""
    from app import auth

    current = account()
    if current is None:
        raise PermissionError("not signed in")
    return auth.upload_scope(store(), current, dataset)


def month_choices() -> list[str]:
    """Months offered when choosing the period of a monthly upload: this year and last."""
    y = year()
    return [f"{yy}-{m:02d}" for yy in (y, y - 1) for m in range(12, 0, -1)]


def can_rollback() -> bool:
    """Only administrators roll back."""
    return role() == "admin"


def _computed(versions: tuple[tuple[str, int], ...], name: str, args: tuple) -> Any:
    """``compute.<name>`` at ``versions``, kept compact where listed, the working memory handed
    back (what the two report caches below keep)."""
    from app.reports import compute

    result = getattr(compute, name)(_PinnedReader(dict(versions)), settings(), *args)
    if name in _COMPACT_REPORTS:
        result = _compact(result)
    release_memory()
    return result


@st.cache_resource(show_spinner=False, max_entries=256)
def _report(root: str, versions: tuple[tuple[str, int], ...], name: str, args: tuple) -> Any:
    return _computed(versions, name, args)


# Reports with a row per record (the activity ledger: 600,000 rows at province scale, and a
# new one for every search): few kept.
_LARGE_REPORTS = {"field_ledger", "field_ledger_head"}  # one per search


@st.cache_resource(show_spinner=False, max_entries=4)
def _large_report(root: str, versions: tuple[tuple[str, int], ...], name: str, args: tuple) -> Any:
    return _computed(versions, name, args)


# Large frames kept with their repeated text (codes, names, units, lights) once: the indicator
# status of every township (90,000 rows a month at province scale) and the activity ledger.
_COMPACT_REPORTS = {"targets", "field_ledger"}


def _compact(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns whose values repeat (names, codes, types) as categories: one copy of each
    value and a small integer per row, instead of a string per row."""
    if len(frame) <= 1000:
        return frame
    for column in frame.columns:
        values = frame[column]
        textual = isinstance(values.dtype, pd.StringDtype) or (
            values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) == "string"
        )  # not lists, numbers or mixed objects
        if textual and values.nunique(dropna=True) <= len(values) // 4:
            frame[column] = values.astype("category")
    return frame


def report(name: str, *args: Any) -> Any:
    """A report from ``app.reports.compute``, cached until any dataset gets a new version
    (shared by every session; each caller gets a shallow copy)."""
    current = store()
    cached = _large_report if name in _LARGE_REPORTS else _report
    return _shallow(cached(current.root, tuple(current.versions().items()), name, args))


@st.cache_resource(show_spinner=False, max_entries=64)
def _view(
    root: str, versions: tuple[tuple[str, int], ...], language: str, name: str, args: tuple,
    _build: Callable[..., Any],
) -> Any:  # fmt: skip
    result = _build(*args)
    release_memory()
    return result


def view(build: Callable[..., Any], *args: Any) -> Any:
    """``build(*args)``: what a page makes of its reports to show them (formatted tables, name
    lists, chart rows), made once and kept until any dataset gets a new version, per language
    (shared by every session; each caller gets a shallow copy), so that a rerun does not label
    and format a province's thousands of rows again. ``build`` is known by its file and name
    (a function defined in a page script is a new object on every rerun); it may call
    :func:`report`, :func:`t` and :func:`label`, but draws nothing."""
    current = store()
    name = f"{build.__code__.co_filename}:{build.__qualname__}"
    return _shallow(_view(current.root, tuple(current.versions().items()), lang(), name, args,
                          build))  # fmt: skip


def month() -> str:
    """The as-of month chosen in the sidebar (YYYY-MM)."""
    return as_of_period()


def as_of_date() -> dt.date:
    from app.reports.compute import month_end

    return month_end(as_of_period())


@st.cache_resource(show_spinner=False, max_entries=32)
def _names(root: str, dataset: str, version: int, key: str) -> dict[str, str]:
    table = _name_table(root, dataset, version, key)  # the same read, kept once
    return dict(zip(table[key], table["name"], strict=True))


def names(dataset: str, key: str) -> dict[str, str]:
    """Code → name for a master dataset (townships, units, cadres, projects), kept by version."""
    current = store()
    return dict(_names(current.root, dataset, current.version(dataset), key))


@st.cache_resource(show_spinner=False, max_entries=32)
def _name_table(root: str, dataset: str, version: int, key: str) -> pd.DataFrame:
    frame = read_version(dataset, version, columns=[key, "name"])
    frame = frame.drop_duplicates(key, keep="last").reset_index(drop=True)
    return pd.DataFrame({key: frame[key].astype("str"), "name": frame["name"].astype("str")})


def names_of(dataset: str, key: str, codes: Any) -> dict[str, str]:
    """Code → name for just ``codes`` (the lead cadres of the projects shown): a province's
    50,000 cadres are kept as Arrow text, not made a dictionary of Python strings."""
    from app.metrics._frames import mapped

    current = store()
    table = _name_table(current.root, dataset, current.version(dataset), key)
    wanted = pd.Series([str(c) for c in dict.fromkeys(codes) if isinstance(c, str) or pd.notna(c)],
                       dtype="str")  # fmt: skip
    found = mapped(wanted, table[key], table["name"])
    return {code: name for code, name in zip(wanted, found, strict=True) if isinstance(name, str)}


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
    return on_click(("annotated", prepared.sha256, language),
                    lambda: annotated_file(prepared, language)[0])  # fmt: skip


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
        st.download_button("Excel", lambda: xlsx_bytes({name: frame()}), f"{name}.xlsx",
                           XLSX_MIME, key=f"{key}_xlsx", on_click="ignore",
                           icon=":material/download:")  # fmt: skip
        st.download_button("CSV", lambda: csv_bytes(frame()), f"{name}.csv", "text/csv",
                           key=f"{key}_csv", on_click="ignore", icon=":material/download:")  # fmt: skip


# Rows of a long table shown on the page (a province's cadres, its year's activities); the
# download holds them all.
TABLE_ROWS = 2_000


def shown_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The first :data:`TABLE_ROWS` rows, with a caption saying so when the table is longer."""
    if len(frame) > TABLE_ROWS:
        st.caption(t("app.table_cut", shown=f"{TABLE_ROWS:,}", n=f"{len(frame):,}"))
    return frame.head(TABLE_ROWS)


def labels(kind: str, values: Any) -> dict[Any, str]:
    """``label`` of each value, in this run's language, as a dict (for ``Series.map``)."""
    return {v: label(kind, v) for v in values}


def page_exists(stem: str) -> bool:
    from pathlib import Path

    return (Path(__file__).resolve().parents[1] / "pages" / f"{stem}.py").exists()


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


# -- the tables a person reads (app.reports.tables), kept by version and language ----------------
def table_names() -> Any:
    """The code → name lookups the tables name things by."""
    from app.reports.tables import Names

    return Names(names("townships", "township_code"), names("units", "unit_code"),
                 cadres_of=lambda codes: names_of("cadres", "cadre_id", codes))  # fmt: skip


def _person_table(name: str, args: tuple) -> pd.DataFrame:
    from app.reports import tables

    made = tables.for_report(name)(report(name, *args), table_names(), lang())
    return tables.headed(made, lang())


def table(name: str, *args: Any) -> pd.DataFrame:
    """The table a person reads of ``report(name, *args)``, headed in this run's language: the
    very table the workbook, the bulletin and the command line show (``app.reports.tables``)."""
    return view(_person_table, name, args)


def header(key: str) -> str:
    """A table's column header (``export.col.<key>``) in this run's language."""
    return t(f"export.col.{key}")


def laggards(items: list[str], total: int | None = None, mark: str = ":orange[▲]") -> None:
    """A list of who or what is behind, each item a sentence from the catalogue (already
    escaped), cut at :data:`LIST_LIMIT` with a count of the rest."""
    for item in items[:LIST_LIMIT]:
        st.markdown(f"- {mark} {item}")
    more(len(items) if total is None else total)
