"""The app's own log lines (loggers under ``county``: sign-ins audited, notices, warm-up,
maintenance) to stderr, which systemd's journal keeps (``journalctl -u county-dashboard``):
Streamlit configures only its own loggers. Once per process; a deployment that configures
logging itself (a root handler) is left alone."""

from __future__ import annotations

import logging

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup() -> None:
    county = logging.getLogger("county")
    if county.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    county.addHandler(handler)
    county.setLevel(logging.INFO)
