"""The store's root: where each dataset's table lies, the filesystem under it (local or S3),
and the small JSON files kept beside the tables (the store's marker, accounts, sessions)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

import pyarrow.fs as pafs

from schemas import get

MARKER = "_store.json"


def _json_safe(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


_JSON_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_JSON_LOCKS_GUARD = threading.Lock()


class StoreRoot:
    """A data directory: its layout and the JSON files beside its tables."""

    def __init__(self, root: str, storage_options: dict[str, str] | None = None) -> None:
        self.root = str(root).rstrip("/")
        self.storage_options = dict(storage_options or {})
        self._filesystem: tuple[pafs.FileSystem, str] | None = None

    # -- layout -------------------------------------------------------------------------
    @property
    def is_remote(self) -> bool:
        return "://" in self.root

    def uri(self, dataset: str) -> str:
        get(dataset)
        return f"{self.root}/{dataset}"

    def _fs(self) -> tuple[pafs.FileSystem, str]:
        """The filesystem under the root (built once: an S3 client is not free) and the path."""
        if self._filesystem is None:
            if self.is_remote:
                options = {k.lower(): v for k, v in self.storage_options.items()}
                endpoint = options.get("aws_endpoint_url") or options.get("endpoint_url")
                scheme = "https"
                if endpoint and "://" in endpoint:
                    scheme, endpoint = endpoint.split("://", 1)
                if options.get("aws_allow_http") == "true" and not endpoint:
                    scheme = "http"
                self._filesystem = (
                    pafs.S3FileSystem(
                        access_key=options.get("aws_access_key_id"),
                        secret_key=options.get("aws_secret_access_key"),
                        session_token=options.get("aws_session_token"),
                        region=options.get("aws_region", "us-east-1"),
                        endpoint_override=endpoint,
                        scheme=scheme,
                        allow_bucket_creation=False,
                        # A small file in one PUT (atomic on S3), not a multipart upload.
                        allow_delayed_open=True,
                    ),
                    self.root.split("://", 1)[1],
                )
            else:
                self._filesystem = (pafs.LocalFileSystem(), self.root)
        return self._filesystem

    def read_json(self, name: str) -> Any:
        """A small JSON file kept beside the tables (the marker, accounts); None if absent."""
        fs, base = self._fs()
        try:
            with fs.open_input_stream(f"{base}/{name}") as fh:
                return json.loads(fh.read().decode("utf-8"))
        except (FileNotFoundError, OSError):
            return None

    @contextlib.contextmanager
    def json_lock(self, name: str) -> Iterator[None]:
        """Held while a JSON file beside the tables is read, changed and written back (an
        account added, a failed sign-in counted, a session issued): the other threads of this
        process wait, and on a local store every other process too (the app's server, a second
        server, the command line), by an exclusive lock on a file beside it. On S3 only this
        process's threads wait (S3 has no lock a second server would see)."""
        with _JSON_LOCKS_GUARD:
            lock = _JSON_LOCKS.setdefault((self.root, name), threading.Lock())
        with lock:
            if self.is_remote or fcntl is None:
                yield
                return
            Path(self.root).mkdir(parents=True, exist_ok=True)
            # Opened for reading only: a lock file another user created (a root-run command
            # line) still locks, as writing the JSON itself needs only the directory.
            handle = os.open(Path(self.root) / f".{name}.lock", os.O_RDONLY | os.O_CREAT, 0o644)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
            finally:
                os.close(handle)

    def write_json(self, name: str, value: Any) -> None:
        """Write a JSON file beside the tables, atomically (locally a temporary file, then a
        rename; on S3 one PUT, which replaces the object atomically)."""
        fs, base = self._fs()
        data = json.dumps(_json_safe(value), ensure_ascii=False, indent=2).encode("utf-8")
        if self.is_remote:
            with fs.open_output_stream(f"{base}/{name}") as fh:
                fh.write(data)
            return
        # Readable by the server's user only (accounts, sessions: 0600), whatever the umask.
        Path(self.root).mkdir(parents=True, exist_ok=True)
        tmp = Path(self.root) / f"{name}.{uuid.uuid4().hex}.tmp"
        handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
        os.replace(tmp, Path(self.root) / name)

    def info(self) -> dict[str, Any] | None:
        """The store's marker (created when, demo or not), or None where no store exists."""
        return self.read_json(MARKER)

    def exists(self) -> bool:
        return self.info() is not None

    def write_info(self, info: dict[str, Any]) -> None:
        self.write_json(MARKER, info)

    def mark_ready(self, *, demo: bool) -> None:
        self.write_info({"created": dt.datetime.now(dt.UTC), "demo": demo})
