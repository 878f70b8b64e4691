"""Streamlit-side helpers shared by the pages: language, settings, cached store reads, filters.

Pages stay thin: they call these helpers and ``app.metrics``; nothing here computes a rule.

This module is the one the pages import (``from app import ui``); the helpers live in
``app.web``, by concern, and are re-exported here:

- ``app.web.language``: the run's language (``begin_run``, ``lang``, ``t``, ``label`` …);
- ``app.web.caches``: the store, the settings, reads and reports kept by version;
- ``app.web.session``: the sign-in (``account``, ``require``, the session cookie …);
- ``app.web.widgets``: what the pages draw (filters, banners, lists, charts, downloads).

State lives in the module that owns it, not here: patch ``app.web.session.session_cookie``
or ``app.web.widgets.LIST_LIMIT``, not ``ui``'s. The page-length limits (``LIST_LIMIT``,
``CHART_ROWS``, ``TABLE_ROWS``) are read from ``app.web.widgets`` at each use (see
:func:`__getattr__`), so a page's ``ui.LIST_LIMIT`` and ``ui.more`` always agree.
"""

from __future__ import annotations

from typing import Any

from app.i18n import translate as translate
from app.memory import release as release_memory  # noqa: F401 (pages call ui.release_memory)
from app.web import widgets as _widgets
from app.web.caches import KEEP_ROWS as KEEP_ROWS
from app.web.caches import ensure_store as ensure_store
from app.web.caches import is_demo as is_demo
from app.web.caches import names as names
from app.web.caches import names_of as names_of
from app.web.caches import periods as periods
from app.web.caches import read as read
from app.web.caches import read_version as read_version
from app.web.caches import report as report
from app.web.caches import rows as rows
from app.web.caches import settings as settings
from app.web.caches import store as store
from app.web.caches import table as table
from app.web.caches import table_names as table_names
from app.web.caches import value_periods as value_periods
from app.web.caches import version as version
from app.web.caches import versions as versions
from app.web.caches import view as view
from app.web.language import begin_run as begin_run
from app.web.language import label as label
from app.web.language import labeller as labeller
from app.web.language import labels as labels
from app.web.language import lang as lang
from app.web.language import select as select
from app.web.language import t as t
from app.web.session import SESSION_COOKIE as SESSION_COOKIE
from app.web.session import account as account
from app.web.session import can_rollback as can_rollback
from app.web.session import client_address as client_address
from app.web.session import current_user as current_user
from app.web.session import require as require
from app.web.session import restore_session as restore_session
from app.web.session import role as role
from app.web.session import session_cookie as session_cookie
from app.web.session import sign_in as sign_in
from app.web.session import sign_out as sign_out
from app.web.session import upload_scope as upload_scope
from app.web.session import uploadable_datasets as uploadable_datasets
from app.web.session import write_session_cookie as write_session_cookie
from app.web.warmup import note_call as note_call
from app.web.warmup import wake as wake_warmup  # noqa: F401 (the upload page wakes it)
from app.web.widgets import STYLE as STYLE
from app.web.widgets import XLSX_MIME as XLSX_MIME
from app.web.widgets import annotated_download as annotated_download
from app.web.widgets import as_of_date as as_of_date
from app.web.widgets import as_of_period as as_of_period
from app.web.widgets import banner as banner
from app.web.widgets import bars as bars
from app.web.widgets import chart_cut as chart_cut
from app.web.widgets import chart_rows as chart_rows
from app.web.widgets import downloads as downloads
from app.web.widgets import empty_state as empty_state
from app.web.widgets import esc as esc
from app.web.widgets import header as header
from app.web.widgets import laggards as laggards
from app.web.widgets import month as month
from app.web.widgets import month_choices as month_choices
from app.web.widgets import more as more
from app.web.widgets import on_click as on_click
from app.web.widgets import page_exists as page_exists
from app.web.widgets import run_safely as run_safely
from app.web.widgets import show_table as show_table
from app.web.widgets import shown_rows as shown_rows
from app.web.widgets import sidebar_filters as sidebar_filters
from app.web.widgets import township_filter as township_filter
from app.web.widgets import year as year

# Read from app.web.widgets at each use (module-level ``__getattr__``, PEP 562): one value,
# whether a page reads ``ui.LIST_LIMIT`` or ``ui.laggards`` cuts its list.
_LIMITS = frozenset({"LIST_LIMIT", "CHART_ROWS", "TABLE_ROWS"})


def __getattr__(name: str) -> Any:
    """``LIST_LIMIT``, ``CHART_ROWS`` and ``TABLE_ROWS``, as :mod:`app.web.widgets` holds them
    now (a test that sets ``widgets.LIST_LIMIT`` changes what every page reads)."""
    if name in _LIMITS:
        return getattr(_widgets, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
