"""The sign-in audit log."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path
from typing import Any

from app.store import Store

AUDIT_FILE = "_audit.log"
_audit_logger = logging.getLogger("county.audit")


def audit(store: Store, event: str, **fields: Any) -> None:
    """One line of the sign-in audit log: JSON with the time and the event, to the server's
    log (logger ``county.audit``) and, on a local store, appended to ``_audit.log`` beside the
    tables (readable by the server's user only). A name typed that is no account's is kept
    only as its salted hash."""
    entry = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "event": event}
    entry.update({k: v for k, v in fields.items() if v is not None})
    line = json.dumps(entry, ensure_ascii=False)
    _audit_logger.info(line)
    if store.is_remote:
        return
    try:
        path = Path(store.root) / AUDIT_FILE
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(handle, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    except OSError:  # a read-only store: the server's log has it
        _audit_logger.warning("audit line not written to %s", AUDIT_FILE)
