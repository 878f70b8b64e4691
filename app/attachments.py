"""Files attached to records (a unit's answer to a 督办 item), kept beside the tables under
``_attachments/``, named by their SHA-256: the same bytes are kept once, and the hash on the
record both finds the file and proves it unchanged. Works on a local or an S3 store."""

from __future__ import annotations

import hashlib

from app.store import Store

FOLDER = "_attachments"


def _path(store: Store, sha256: str) -> str:
    if not isinstance(sha256, str) or len(sha256) != 64 or set(sha256) - set("0123456789abcdef"):
        raise ValueError("not a SHA-256")
    return f"{store._fs()[1]}/{FOLDER}/{sha256[:2]}/{sha256}"


def save(store: Store, data: bytes) -> str:
    """Keep ``data``; returns its SHA-256."""
    sha256 = hashlib.sha256(data).hexdigest()
    fs, _ = store._fs()
    path = _path(store, sha256)
    if fs.get_file_info(path).size is not None:
        return sha256  # already kept
    fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
    tmp = f"{path}.tmp"
    with fs.open_output_stream(tmp) as fh:
        fh.write(data)
    fs.move(tmp, path)
    return sha256


def load(store: Store, sha256: object) -> bytes | None:
    """The kept file, or None where it is missing, no longer matches its hash, or none is
    named."""
    fs, _ = store._fs()
    try:
        with fs.open_input_stream(_path(store, sha256)) as fh:  # type: ignore[arg-type]
            data = fh.read()
    except (FileNotFoundError, OSError, ValueError):
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None
