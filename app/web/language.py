"""The language of a script run: noted once per run, read by every message and label."""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st

from app.i18n import DEFAULT_LANG, LANGUAGES, enum_label, translate

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
    _this_run.versions = None  # the store's versions, read once in this run (caches.versions)


def _session_id() -> str | None:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    context = get_script_run_ctx(suppress_warning=True)
    return None if context is None else context.session_id


def lang() -> str:
    forced = getattr(_this_run, "forced", None)  # the server's warm-up thread, per view
    if forced is not None:
        return forced
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
    label: str,
    options: list[Any],
    key: str,
    labels: dict[Any, str] | None = None,
    container: Any = None,
    **kwargs: Any,
) -> Any:
    """A selectbox whose choice persists under ``key`` across pages and language switches.

    The widget itself is keyed per language (a keyed widget keeps its first labels), and the
    choice is kept in a plain session value, which Streamlit does not clear on other pages."""
    widget_key = f"{key}__{lang()}"
    current = st.session_state.get(widget_key, st.session_state.get(key))
    if current not in options:
        current = options[0] if options else None
    st.session_state[widget_key] = current
    box = container if container is not None else st
    value = box.selectbox(
        label, options, key=widget_key, format_func=labeller(labels or {}), **kwargs
    )
    st.session_state[key] = value
    return value


def label(kind: str, value: Any) -> str:
    return enum_label(kind, value, lang())


def labels(kind: str, values: Any) -> dict[Any, str]:
    """``label`` of each value, in this run's language, as a dict (for ``Series.map``)."""
    return {v: label(kind, v) for v in values}
