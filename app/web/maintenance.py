"""The server's daily table maintenance: a daemon thread, one per server process, that runs
``app.maintenance.maintain`` at ``[maintenance] quiet_hour`` (local time) once a day when
``[maintenance] auto`` is on. It logs to ``county.maintenance`` and never raises into the app;
the store's maintenance lock keeps two servers (or a server and the command line) from
maintaining at once, and the record of the last run keeps the second from doing it again.

Started from :func:`app.web.caches.ensure_store` on a real server only: not under Streamlit's
``AppTest`` (tests), nor where ``COUNTY_MAINTENANCE=off`` is in the environment.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from collections.abc import Callable
from zoneinfo import ZoneInfo

from app.settings import Settings
from app.store import Store

logger = logging.getLogger("county.maintenance")

_started: dict[str, threading.Thread] = {}
_guard = threading.Lock()
CHECK_SECONDS = 15 * 60  # the longest sleep: a changed clock is noticed within this


def next_run(now: dt.datetime, settings: Settings) -> dt.datetime:
    """The next ``quiet_hour`` o'clock (local) after ``now``."""
    zone = ZoneInfo(settings.time_zone)
    local = now.astimezone(zone)
    hour = settings.maintenance.quiet_hour % 24
    candidate = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if candidate <= local:
        candidate = (candidate + dt.timedelta(days=1)).replace(hour=hour)
    return candidate


def ran_today(store: Store, settings: Settings, now: dt.datetime) -> bool:
    """Whether a daily run (by any process) already happened on ``now``'s local date."""
    from app.maintenance import state

    last = state(store).get("last_run")
    if not last:
        return False
    zone = ZoneInfo(settings.time_zone)
    return dt.datetime.fromisoformat(last).astimezone(zone).date() == now.astimezone(zone).date()


def run_once(store: Store, settings: Settings, now: dt.datetime | None = None) -> bool:
    """One daily run: the due tables, unless another process ran today or is running now.
    True if it ran. Never raises (an error is logged)."""
    from app.maintenance import MaintenanceBusy, maintain

    now = now or dt.datetime.now(dt.UTC)
    try:
        if ran_today(store, settings, now):
            return False
        run = maintain(store, settings, now=now, only_due=True)
    except MaintenanceBusy:
        logger.info("maintenance skipped: another process is maintaining %s", store.root)
        return False
    except Exception:
        logger.exception("maintenance of %s failed", store.root)
        return False
    done = [t for t in run.tables if t.skipped is None]
    logger.info(
        "maintenance of %s: %d tables, %d files merged, %d old files (%.1f MB) removed%s",
        store.root,
        len(done),
        sum(t.files_compacted for t in done),
        sum(t.files_vacuumed for t in done),
        sum(t.bytes_vacuumed for t in done) / 1e6,
        "" if run.ok else "; errors: " + ", ".join(t.dataset for t in done if t.error),
    )
    return True


def _loop(
    store: Store,
    settings: Settings,
    stop: threading.Event,
    clock: Callable[[], dt.datetime],
) -> None:
    while not stop.is_set():
        try:
            wait = (next_run(clock(), settings) - clock()).total_seconds()
            if stop.wait(min(max(wait, 0.0), CHECK_SECONDS)):
                return
            if wait <= CHECK_SECONDS:
                run_once(store, settings, clock())
        except Exception:  # the thread must outlive any surprise
            logger.exception("maintenance thread")
            stop.wait(CHECK_SECONDS)


def enabled(settings: Settings) -> bool:
    """Whether this process should run the daily maintenance: ``auto`` on, not turned off
    by ``COUNTY_MAINTENANCE=off``, and a real server (not Streamlit's AppTest)."""
    if not settings.maintenance.auto or os.environ.get("COUNTY_MAINTENANCE", "").lower() == "off":
        return False
    if os.environ.get("COUNTY_MAINTENANCE", "").lower() == "on":
        return True
    try:
        import streamlit as st

        return not st.config.get_option("global.appTest")
    except Exception:
        return False


def _log_to_the_server_log() -> None:
    from app.web import server_log

    server_log.setup()


def start(
    store: Store,
    settings: Settings,
    stop: threading.Event | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> threading.Thread | None:
    """Start the daily maintenance thread for ``store`` once per process (None where it is
    not enabled here; the running thread where it was started already)."""
    if not enabled(settings):
        return None
    with _guard:
        running = _started.get(store.root)
        if running is not None and running.is_alive():
            return running
        _log_to_the_server_log()
        thread = threading.Thread(
            target=_loop,
            args=(store, settings, stop or threading.Event(), clock or _now),
            name="county-maintenance",
            daemon=True,
        )
        thread.start()
        _started[store.root] = thread
        logger.info(
            "daily maintenance of %s at %02d:00 (%s)",
            store.root,
            settings.maintenance.quiet_hour,
            settings.time_zone,
        )
        return thread


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
