"""Backups (备份与恢复): the whole store in one file, and back.

A backup is a tar file (``.tar``, or gzip-compressed ``.tar.gz`` / ``.tgz``) holding

* ``tables/<dataset>.parquet``: every table as of one version, pinned when the backup starts
  (the table is read at that version, so an upload landing meanwhile is not half in it);
* ``files/…``: the files beside the tables: the store's marker, the accounts, the audit log,
  ``_attachments/`` and any other file there (on S3 the accounts are a shared document, a
  small Delta table under ``_documents/``: they are still ``files/_accounts.json`` in the
  backup, and restored as the target keeps them), and the settings file in effect (as
  ``files/county.toml``, without its ``[storage_options]``: credentials stay out of backups);
* ``manifest.json``: each member's SHA-256 and size, each table's version and rows.

Left out on purpose: ``_sessions.json`` (sign-ins of the moment: a restored server starts with
nobody signed in, and a copied backup cannot be used to take over a live session), the
maintenance record and lease (they describe the old tables' versions) and lock files.

A restore checks every member against the manifest before it writes anything, refuses a
target that holds anything unless ``force`` (and even then only a store, never another
directory), and recreates each table as a fresh Delta table holding the backup's rows: the
history before the backup is not restored (each table starts at version 0, empty, then one
``restore`` commit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from deltalake import CommitProperties, DeltaTable, write_deltalake

from app.auth.accounts import ACCOUNTS_FILE
from app.documents import forget, read_doc, replace_doc
from app.maintenance import LEASE_FILE, STATE_FILE
from app.reports.notices import OUTBOX
from app.store import MARKER, TABLE_PROPERTIES, Store, _json_safe, arrow_schema
from schemas import DATASETS

FORMAT = "county-dashboard-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SETTINGS_NAME = "county.toml"
EXCLUDED = {"_sessions.json", STATE_FILE, LEASE_FILE}
# The shared documents (app.documents) a backup holds as files: on S3 read from their tables.
DOCUMENTS = (ACCOUNTS_FILE, OUTBOX)
_MEMBER = re.compile(r"^(tables/[a-z0-9_]+\.parquet|files/[^\x00]+)$")


class BackupError(Exception):
    """A backup or restore refused, with a message for the administrator (``ops.*``)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("zh"))

    def message(self, lang: str) -> str:
        from app.i18n import translate

        return translate(self.key, lang, **self.params)


@dataclass
class BackupInfo:
    """What a backup holds (or a restore wrote): tables with version and rows, and files."""

    path: str
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _store_files(store: Store) -> list[tuple[str, pafs.FileInfo]]:
    """Every file beside the tables, as (path under the root, info), except what is left out."""
    fs, base = store._fs()
    try:
        infos = fs.get_file_info(pafs.FileSelector(base, recursive=True, allow_not_found=True))
    except (FileNotFoundError, OSError):
        return []
    found = []
    tables = {
        p.split("/")[0] for p in (i.path[len(base) + 1 :] for i in infos) if "/_delta_log" in p
    }
    for info in infos:
        rel = info.path[len(base) + 1 :]
        parts = rel.split("/")
        if info.type != pafs.FileType.File or parts[0] in DATASETS or parts[0] in tables:
            continue
        if rel in EXCLUDED or rel == SETTINGS_NAME or rel.endswith(".tmp"):
            continue
        if any(p.startswith(".") for p in parts):  # lock files
            continue
        if store.is_remote and rel in DOCUMENTS:  # an earlier release's copy: the table has it
            continue
        found.append((rel, info))
    return sorted(found, key=lambda item: item[0])


def settings_without_secrets(path: Path) -> bytes | None:
    """The settings file without its ``[storage_options]`` (credentials); None where they
    cannot be taken out line by line with certainty (the file is then left out)."""
    text = path.read_text(encoding="utf-8")
    values = tomllib.loads(text)
    if "storage_options" not in values:
        return text.encode("utf-8")
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("["):
            skipping = stripped.replace(" ", "").startswith(
                ("[storage_options]", "[storage_options.")
            )
        if skipping or re.match(r"\s*storage_options\s*[.=]", line):
            continue
        kept.append(line)
    result = "".join(kept)
    try:
        same = tomllib.loads(result) == {k: v for k, v in values.items() if k != "storage_options"}
    except tomllib.TOMLDecodeError:
        same = False
    return result.encode("utf-8") if same else None


def _add(tar: tarfile.TarFile, name: str, data: bytes, members: dict[str, Any]) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
    tar.addfile(info, io.BytesIO(data))
    members[name] = {"sha256": _sha256(data), "bytes": len(data)}


def _mode(path: Path, write: bool) -> str:
    gz = path.name.endswith((".tar.gz", ".tgz"))
    return ("w:gz" if gz else "w") if write else "r:*"


def create_backup(store: Store, out: str | Path, settings_file: Path | None = None) -> BackupInfo:
    """Write the store's backup to ``out`` (a temporary name first: a failed backup leaves no
    half file). ``settings_file``: the settings in effect (``app.settings.settings_path``)."""
    out = Path(out)
    versions = store.versions()  # pinned now: every table is read at these
    result = BackupInfo(path=str(out))
    members: dict[str, Any] = {}
    tables: dict[str, Any] = {}
    tmp = out.with_name(f".{out.name}.partial")
    fs, base = store._fs()
    # Readable by its owner only: it holds password hashes, the audit log and the settings.
    handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode=_mode(out, True)) as tar:
        for name, version in versions.items():
            if version < 0:
                tables[name] = {"version": -1, "rows": 0, "member": None}
                continue
            table = DeltaTable(
                store.uri(name), version=version, storage_options=store.storage_options or None
            )
            arrow = table.to_pyarrow_table()
            buffer = io.BytesIO()
            pq.write_table(arrow, buffer, compression="zstd")
            member = f"tables/{name}.parquet"
            _add(tar, member, buffer.getvalue(), members)
            tables[name] = {"version": version, "rows": arrow.num_rows, "member": member}
        for rel, info in _store_files(store):
            with fs.open_input_stream(info.path) as fh:
                _add(tar, f"files/{rel}", fh.read(), members)
            result.files.append(rel)
        for name in DOCUMENTS if store.is_remote else ():
            value = read_doc(store, name)
            if value is not None:  # as the JSON file a local store keeps
                text = json.dumps(_json_safe(value), ensure_ascii=False, indent=2)
                _add(tar, f"files/{name}", text.encode("utf-8"), members)
                result.files.append(name)
        result.files.sort()
        if settings_file is not None and settings_file.is_file():
            data = settings_without_secrets(settings_file)
            if data is None:
                result.notes.append("settings_left_out")
            else:
                _add(tar, f"files/{SETTINGS_NAME}", data, members)
                result.files.append(SETTINGS_NAME)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "source": store.root,
            "demo": bool((store.info() or {}).get("demo")),
            "tables": tables,
            "members": members,
            "left_out": sorted(EXCLUDED),
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
        tar.addfile(info, io.BytesIO(data))
    os.replace(tmp, out)
    result.tables = tables
    return result


# -- restore -----------------------------------------------------------------------------------
def _open(path: Path) -> tuple[tarfile.TarFile, dict[str, Any]]:
    try:
        tar = tarfile.open(path, _mode(path, write=False))
    except (OSError, tarfile.TarError):
        raise BackupError("ops.restore.unreadable", path=str(path)) from None
    try:
        handle = tar.extractfile(MANIFEST)
        manifest = json.loads(handle.read()) if handle else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        tar.close()
        raise BackupError("ops.restore.no_manifest", path=str(path))
    return tar, manifest


def verify(path: str | Path) -> dict[str, Any]:
    """The backup's manifest, once every member is checked against it (present, expected,
    a plain file under a safe name, the same SHA-256); :class:`BackupError` naming the first
    member that is not."""
    tar, manifest = _open(Path(path))
    with tar:
        expected: dict[str, Any] = manifest.get("members") or {}
        seen: set[str] = set()
        for member in tar.getmembers():
            name = member.name
            if name == MANIFEST:
                continue
            unsafe = ".." in name.split("/") or not _MEMBER.match(name) or not member.isfile()
            if unsafe or name not in expected or name in seen:
                raise BackupError("ops.restore.unexpected_member", member=name)
            seen.add(name)
            handle = tar.extractfile(member)
            if handle is None or _sha256(handle.read()) != expected[name].get("sha256"):
                raise BackupError("ops.restore.tampered", member=name)
        for name in expected:
            if name not in seen:
                raise BackupError("ops.restore.missing_member", member=name)
        for table in (manifest.get("tables") or {}).values():
            if table.get("member") and table["member"] not in seen:
                raise BackupError("ops.restore.missing_member", member=table["member"])
    return manifest


def _target_is_free(store: Store, force: bool) -> None:
    """Nothing under the target, or (with ``force``) a store, which is then emptied."""
    fs, base = store._fs()
    try:
        present = fs.get_file_info(pafs.FileSelector(base, allow_not_found=True))
    except (FileNotFoundError, OSError):
        present = []
    if not present:
        return
    if not force:
        raise BackupError("ops.restore.not_empty", path=store.root)
    if not store.exists():
        raise BackupError("ops.restore.not_a_store", path=store.root)
    if store.is_remote:
        fs.delete_dir_contents(base)
        forget(store)  # this process's cached documents of it are gone too
        return
    for child in Path(store.root).iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def _write_file(store: Store, rel: str, data: bytes) -> None:
    fs, base = store._fs()
    if store.is_remote:
        with fs.open_output_stream(f"{base}/{rel}") as fh:
            fh.write(data)
        return
    target = Path(store.root) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "wb") as fh:
        fh.write(data)


def _json_object(data: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _conform(arrow: pa.Table, dataset: str) -> pa.Table:
    """The backup's rows in today's schema of the dataset (a column added since is null)."""
    schema = arrow_schema(DATASETS[dataset])
    columns = [
        arrow.column(f.name).cast(f.type)
        if f.name in arrow.column_names
        else pa.nulls(arrow.num_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def restore_backup(
    path: str | Path, store: Store, force: bool = False, user: str = "local-admin"
) -> BackupInfo:
    """Recreate the store of backup ``path`` in ``store`` (see the module's docstring)."""
    path = Path(path)
    manifest = verify(path)  # every member checked before anything is written
    _target_is_free(store, force)
    result = BackupInfo(path=str(path))
    files = {n[len("files/") :]: n for n in manifest["members"] if n.startswith("files/")}
    store.init(
        demo=bool(manifest.get("demo")),
        metadata={"user": user, "message": "restore"},
        write_marker=False,
    )
    with tarfile.open(path, _mode(path, write=False)) as tar:

        def member(name: str) -> bytes:
            handle = tar.extractfile(name)
            data = handle.read() if handle else b""
            if _sha256(data) != manifest["members"][name]["sha256"]:  # changed since verify
                raise BackupError("ops.restore.tampered", member=name)
            return data

        for name, table in manifest["tables"].items():
            if name not in DATASETS:
                result.notes.append(f"unknown_dataset:{name}")
                continue
            rows = 0
            if table.get("member"):
                arrow = _conform(pq.read_table(io.BytesIO(member(table["member"]))), name)
                rows = arrow.num_rows
                if rows:
                    meta = Store._metadata(
                        {
                            "mode": "restore",
                            "user": user,
                            "source_file": path.name,
                            "rows_written": rows,
                            "message": f"restore of version {table['version']}",
                        }
                    )
                    write_deltalake(
                        store.uri(name),
                        arrow,
                        mode="append",
                        storage_options=store.storage_options or None,
                        commit_properties=CommitProperties(custom_metadata=meta),
                        configuration=TABLE_PROPERTIES,
                    )
            result.tables[name] = {"backup_version": table["version"], "rows": rows}
        for rel, name in files.items():
            if rel == MARKER:  # the marker last: it says the store is ready
                continue
            data = member(name)
            value = _json_object(data) if store.is_remote and rel in DOCUMENTS else None
            if value is not None:  # a shared document: its table on S3
                replace_doc(store, rel, value)
            else:  # (a document that is not JSON as it was: read, it fails as it did)
                _write_file(store, rel, data)
            result.files.append(rel)
        if MARKER in files:
            _write_file(store, MARKER, member(files[MARKER]))
            result.files.append(MARKER)
        else:
            store.mark_ready(demo=bool(manifest.get("demo")))
    if store.is_remote and SETTINGS_NAME in files:
        result.notes.append("settings_remote")
    return result
