"""The first view after an upload: the reports people looked at, computed again in the
server's background as soon as a commit is seen, so the next leader finds them warm.

Each report a page asks for is noted with its arguments, the month, its last day and the year
of the latest data written as placeholders (a leader looks at "the latest month", and after
the monthly upload that is the new month). A daemon thread per server process checks the
tables' versions every few seconds (one listing per table: cheap, locally and on S3) and, when
any changed, computes each noted report at the new versions and the new latest month, the
most recently used first. It fills the very caches the pages read, keyed by version: a viewer
never sees an older version's figures; one arriving before the warm-up reached a report
computes it (or waits for the warm-up's computation of it) as before.

A starting server warms at once what people looked at before it started (the notes are kept
beside the data: ``app.web.warmup_notes``). Not started under Streamlit's AppTest, nor where
``COUNTY_WARMUP=off``.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

logger = logging.getLogger("county.warmup")

MAX_NOTED = 64  # the reports kept in mind (the most recently used)
POLL_SECONDS = 3.0
_MONTH, _AS_OF, _YEAR = "<month>", "<as_of>", "<year>"

_noted: OrderedDict[tuple[str, tuple], None] = OrderedDict()
# Cached functions a page calls itself (the bulletin's preview), by name: called again as
# ``fn(*args, root, versions)`` after a commit.
_calls: OrderedDict[tuple[str, tuple], Callable[..., Any]] = OrderedDict()
# The views pages made of their reports (tables labelled in a language), by build and language.
_views: OrderedDict[tuple[str, tuple, str], Callable[..., Any]] = OrderedDict()
_guard = threading.Lock()
_woken = threading.Event()
_started: dict[str, threading.Thread] = {}


def _latest() -> dict[str, Any] | None:
    """The latest month with data, its last day and its year (the pages' defaults)."""
    from app.reports.compute import month_end
    from app.web.caches import value_periods

    periods = value_periods()
    if not periods:
        return None
    month = periods[-1]
    return {_MONTH: month, _AS_OF: month_end(month), _YEAR: int(month[:4])}


def _template(args: tuple, latest: dict[str, Any] | None) -> tuple:
    """``args`` with the latest month, its last day and year as placeholders (also inside
    a nested tuple: a table's view holds its report's arguments)."""
    if latest is None:
        return args
    out: list[Any] = []
    for arg in args:
        found = arg
        if isinstance(arg, tuple):
            found = _template(arg, latest)
        else:
            for mark, value in latest.items():
                if type(arg) is type(value) and arg == value:
                    found = mark
                    break
        out.append(found)
    return tuple(out)


def _filled(template: tuple, latest: dict[str, Any] | None) -> tuple:
    if latest is None:
        return template
    return tuple(
        _filled(a, latest)
        if isinstance(a, tuple)
        else latest.get(a, a)
        if isinstance(a, str)
        else a
        for a in template
    )


def _remember(kept: OrderedDict, name: str, args: tuple, value: Any, *extra: str) -> None:
    """Keep ``value`` under (name, args templated, *extra), the most recent last. Never in a
    page's way: a failure is forgotten."""
    try:
        key = (name, _template(args, _latest()), *extra)
    except Exception:
        return
    with _guard:
        kept[key] = value
        kept.move_to_end(key)
        while len(kept) > MAX_NOTED:
            kept.popitem(last=False)


def note(name: str, args: tuple) -> None:
    """Remember that a page asked for ``name(*args)`` (cheap; called on every report)."""
    _remember(_noted, name, args, None)


def note_call(fn: Callable[..., Any], args: tuple) -> None:
    """Remember that a page called the cached ``fn(*args, root, versions)``."""
    _remember(_calls, f"{fn.__module__}.{fn.__qualname__}", args, fn)


def note_view(name: str, build: Callable[..., Any], args: tuple, language: str) -> None:
    """Remember that a page made the view ``build(*args)`` (a table labelled in ``language``)."""
    _remember(_views, name, args, build, language)


def noted() -> list[tuple[str, tuple]]:
    with _guard:
        return list(_noted)


def warm() -> int:
    """Compute every noted report at the store's current versions and latest month, the most
    recently used first; returns how many. Errors are logged, never raised."""
    from app.web import caches
    from app.web.language import _this_run

    every = caches.store().versions()
    # Every read, report, table and kept state of this pass at these versions (a commit
    # landing meanwhile is the next pass's): nothing is kept under one version's identity
    # with another's rows.
    _this_run.pinned = every
    try:
        return _warm(every)
    finally:
        _this_run.pinned = None


def _warm(every: dict[str, int]) -> int:
    from app.web import caches

    latest = _latest()
    done = 0
    for name, template in reversed(noted()):
        args = _filled(template, latest)
        try:
            caches.kept_reports(name).get(name, args, every)
            done += 1
        except Exception:
            logger.exception("warm-up of %s%r failed", name, args)
    from app.web.language import _this_run

    with _guard:
        views = list(_views.items())
        calls = list(_calls.items())
    root = caches.store().root
    for (name, template, language), build in reversed(views):
        args = _filled(template, latest)
        _this_run.forced = language  # the view's labels in its own language
        try:
            caches._view(root, tuple(every.items()), language, name, args, build)
            done += 1
        except Exception:
            logger.exception("warm-up of the view %s%r failed", name, args)
        finally:
            _this_run.forced = None
    for (name, template), fn in reversed(calls):
        args = _filled(template, latest)
        try:
            fn(*args, root, tuple(every.items()))
            done += 1
        except Exception:
            logger.exception("warm-up of %s%r failed", name, args)
    return done


def enabled() -> bool:
    """A real server (not AppTest), unless ``COUNTY_WARMUP=off``."""
    setting = os.environ.get("COUNTY_WARMUP", "").lower()
    if setting in ("off", "on"):
        return setting == "on"
    try:
        import streamlit as st

        return not st.config.get_option("global.appTest")
    except Exception:
        return False


def _loop(root: str, stop: threading.Event) -> None:
    from app.web import caches, warmup_notes

    saved: list[dict[str, Any]] | None = None
    try:  # what people looked at before this server started: warm at once
        saved = warmup_notes.load(caches.store())
        if saved:
            _timed("warm-up at start")
    except Exception:
        logger.exception("warm-up at start")
    seen: dict[str, int] | None = None
    while not stop.is_set():
        _woken.wait(POLL_SECONDS)  # the poll, or at once after a commit made in this server
        _woken.clear()
        if stop.is_set():
            break
        try:
            now = caches.store().versions()
            if seen is not None and now != seen and (noted() or _calls or _views):
                _timed("warm-up after a commit")
            seen = now
            saved = warmup_notes.save(caches.store(), saved)  # for the next server start
        except Exception:  # the thread must outlive any surprise
            logger.exception("warm-up thread")


def wake() -> None:
    """A commit was just made in this server (an upload): look at once, not at the next poll
    (another server's commits are seen within ``POLL_SECONDS``)."""
    _woken.set()


def _timed(what: str) -> None:
    started = time.perf_counter()
    count = warm()
    logger.info("%s: %d reports in %.1f s", what, count, time.perf_counter() - started)


def start(root: str, stop: threading.Event | None = None) -> threading.Thread | None:
    """Start the warm-up thread once per process (None where not enabled)."""
    if not enabled():
        return None
    with _guard:
        running = _started.get(root)
        if running is not None and running.is_alive():
            return running
        thread = threading.Thread(
            target=_loop, args=(root, stop or threading.Event()), name="county-warmup", daemon=True
        )
        thread.start()
        _started[root] = thread
        return thread
