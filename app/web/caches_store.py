"""The settings and the store, one of each per data directory and process; the store seeded
with the demo county on the first start of the README's own command."""

from __future__ import annotations

import logging
import threading

import streamlit as st

from app.settings import Settings, default_data_dir, load_settings
from app.store import Store
from app.web.language import t

_seed_lock = threading.Lock()


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
    from app.web import maintenance, server_log

    server_log.setup()  # the app's log lines (audit, notices, maintenance) to the journal

    maintenance.start(current, settings())  # the daily table maintenance, once per process
    from app.web import warmup

    warmup.start(current.root)  # the reports looked at, warmed again after each commit
    return current
