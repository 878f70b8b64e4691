"""What the warm-up keeps in mind, kept across a restart of the server.

The warm-up (``app.web.warmup``) computes again, after each commit, the reports, views and
bulletin previews people looked at. A server that has just started knows none: the first
leaders after a restart (a deploy, the nightly maintenance, a crash) would meet every report
cold. So the notes (names and arguments, the latest month as a placeholder; never figures)
are stored beside the data, as a shared document (``app.documents``: a JSON file locally, a
small table on S3, so every server of a store warms what any of them was asked), and a
starting server warms them at once.

Only functions of the app's own modules are noted by name (a function made inside a page
script cannot be found again); what cannot be found or read back is skipped, never raised.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import logging
from collections import OrderedDict
from typing import Any

from app.web import warmup

logger = logging.getLogger("county.warmup")

DOCUMENT = "_warmup.json"


def _encoded(value: Any) -> Any:
    """An argument as JSON: dates and tuples marked (``TypeError`` for anything else)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dt.datetime):
        raise TypeError("datetime")
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple):
        return {"tuple": [_encoded(v) for v in value]}
    raise TypeError(type(value).__name__)


def _decoded(value: Any) -> Any:
    if isinstance(value, dict):
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
        if "tuple" in value:
            return tuple(_decoded(v) for v in value["tuple"])
        raise ValueError("an argument of an unknown kind")
    if isinstance(value, list):
        raise ValueError("a list argument")
    return value


def _path(fn: Any) -> str | None:
    """``module:qualified.name`` of one of the app's own functions (None for any other)."""
    module, name = getattr(fn, "__module__", "") or "", getattr(fn, "__qualname__", "") or ""
    if not module.startswith("app.") or not name or "<" in name:
        return None
    return f"{module}:{name}"


def _found(path: str) -> Any:
    """The app's function at ``path`` (see :func:`_path`); ``LookupError`` if there is none."""
    module, _, name = path.partition(":")
    if not module.startswith("app.") or not name or "<" in name:
        raise LookupError(path)
    found: Any = importlib.import_module(module)
    for part in name.split("."):
        found = getattr(found, part)
    if not callable(found):
        raise LookupError(path)
    return found


def entries() -> list[dict[str, Any]]:
    """What is noted now, as the document's entries (the least recently used first)."""
    with warmup._guard:
        reports, views = list(warmup._noted), list(warmup._views.items())
        calls = list(warmup._calls.items())
    out: list[dict[str, Any]] = []
    for name, template in reports:
        out.append({"report": name, "args": template})
    for (name, template, language), build in views:
        out.append({"view": name, "build": _path(build), "args": template, "lang": language})
    for (name, template), fn in calls:
        out.append({"call": name, "fn": _path(fn), "args": template})
    kept = []
    for entry in out:
        if entry.get("build", "") is None or entry.get("fn", "") is None:
            continue  # a function the next server could not find
        try:
            kept.append({**entry, "args": _encoded(entry["args"])})
        except TypeError:
            continue
    return kept


def save(store: Any, last: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Store the notes where they changed since ``last`` (what was saved; the order of use
    alone is not a change); returns what is saved now."""
    from app.documents import replace_doc

    now = entries()
    if last is not None and _same(now, last):
        return last
    replace_doc(store, DOCUMENT, {"entries": now})
    return now


def _same(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    def key(entry: dict[str, Any]) -> str:
        return json.dumps(entry, sort_keys=True, ensure_ascii=False)

    return sorted(map(key, a)) == sorted(map(key, b))


def load(store: Any) -> list[dict[str, Any]]:
    """Note what the document holds (behind anything noted since this server started);
    returns the entries read back."""
    from app.documents import read_doc

    try:
        data = read_doc(store, DOCUMENT) or {}
    except ValueError:
        logger.warning("the warm-up's notes (%s) are not JSON: ignored", DOCUMENT)
        return []
    read: list[dict[str, Any]] = []
    for entry in data.get("entries", []) if isinstance(data, dict) else []:
        try:
            args = _decoded(entry["args"])
            if not isinstance(args, tuple):
                raise ValueError("arguments")
            if "report" in entry:
                _behind(warmup._noted, (str(entry["report"]), args), None)
            elif "view" in entry:
                key = (str(entry["view"]), args, str(entry["lang"]))
                _behind(warmup._views, key, _found(str(entry["build"])))
            elif "call" in entry:
                _behind(warmup._calls, (str(entry["call"]), args), _found(str(entry["fn"])))
            else:
                continue
        except (KeyError, TypeError, ValueError, LookupError, ImportError, AttributeError):
            logger.info("a warm-up note not read back: %r", entry)
            continue
        read.append(entry)
    return read


def _behind(kept: OrderedDict, key: tuple, value: Any) -> None:
    """``key`` noted as used before anything noted already (kept to the notes' limit)."""
    with warmup._guard:
        if key in kept or len(kept) >= warmup.MAX_NOTED:
            return
        kept[key] = value
        kept.move_to_end(key, last=False)
