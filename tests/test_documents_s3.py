"""Shared documents on S3 (accounts, sessions, the maintenance lease) against moto's S3 server:
compare-and-swap that another server respects, the read cache, and several separate server
processes changing accounts, failed sign-ins and sessions at once with nothing lost."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.fs as pafs
import pytest
from deltalake import DeltaTable, write_deltalake

from app import auth, documents
from app.maintenance import MaintenanceBusy, maintenance_lock
from app.settings import AuthSettings
from app.store import Store
from tests.test_s3 import BUCKET, s3  # noqa: F401 (moto's S3 server, a module fixture)

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


def new_store(options: dict[str, str]) -> Store:
    store = Store(f"s3://{BUCKET}/docs-{uuid.uuid4().hex[:8]}", options)
    store.init(demo=False)
    return store


def write_behind_our_back(store: Store, name: str, value: dict) -> None:
    """Another server's commit of the document (its own table object, not this process's)."""
    uri = documents.table_uri(store, name)
    table = DeltaTable(uri, storage_options=store.storage_options)
    rows = pa.table({"doc": [json.dumps(value)]}, schema=documents._SCHEMA)
    write_deltalake(table, rows, mode="overwrite", storage_options=store.storage_options)


def test_a_change_is_run_again_on_what_another_server_wrote_meanwhile(
    s3: dict[str, str],  # noqa: F811
) -> None:
    store = new_store(s3)
    documents.update_doc(store, "_counter.json", lambda d: d.update(n=1))
    assert documents.read_doc(store, "_counter.json") == {"n": 1}
    seen: list[int] = []

    def increment(data: dict) -> int:
        seen.append(data["n"])
        if len(seen) == 1:  # while we change it, another server sets it to 100
            write_behind_our_back(store, "_counter.json", {"n": 100})
        data["n"] += 1
        return data["n"]

    assert documents.update_doc(store, "_counter.json", increment) == 101
    assert seen == [1, 100]
    assert documents.read_doc(store, "_counter.json") == {"n": 101}


def test_reads_are_cached_by_version_and_see_another_servers_change(
    s3: dict[str, str],  # noqa: F811
) -> None:
    store = new_store(s3)
    documents.update_doc(store, "_thing.json", lambda d: d.update(v="a"))
    assert documents.read_doc(store, "_thing.json") == {"v": "a"}
    write_behind_our_back(store, "_thing.json", {"v": "b"})
    assert documents.read_doc(store, "_thing.json") == {"v": "b"}  # not the cached "a"
    # Unchanged documents are not written again; a change that raises writes nothing.
    version = documents._entry(store, "_thing.json").version
    documents.update_doc(store, "_thing.json", lambda d: None)

    def refuse(data: dict) -> None:
        data["v"] = "c"
        raise ValueError("no")

    with pytest.raises(ValueError):
        documents.update_doc(store, "_thing.json", refuse)
    assert DeltaTable(documents.table_uri(store, "_thing.json"), storage_options=s3).version() == (
        version
    )
    assert documents.read_doc(store, "_thing.json") == {"v": "b"}


def test_accounts_of_an_earlier_release_are_taken_over_and_maintenance_bounds_the_files(
    s3: dict[str, str],  # noqa: F811
) -> None:
    store = new_store(s3)
    old = auth.Account("old", "admin", auth.hash_password("a-long-password"))
    # How an earlier release kept them on S3: a JSON object beside the tables.
    store.write_json(auth.ACCOUNTS_FILE, {"accounts": {"old": dataclasses.asdict(old)}})
    assert auth.get_account(store, "old") == old
    auth.add_account(store, "new", "a-long-password", "viewer")
    assert store.read_json(auth.ACCOUNTS_FILE) is None  # now in its table only
    assert sorted(a.name for a in auth.accounts(store)) == ["new", "old"]
    for _ in range(25):
        auth.issue_session(store, "new", AuthSettings())
    sessions = DeltaTable(documents.table_uri(store, auth.SESSIONS_FILE), storage_options=s3)
    assert len(sessions.file_uris()) == 1  # one file per version is current
    fs, base = store._fs()

    def parquet_files() -> int:
        selector = pafs.FileSelector(f"{base}/_documents/sessions", recursive=True)
        return sum(
            i.base_name.endswith(".parquet") and "_delta_log" not in i.path
            for i in fs.get_file_info(selector)
        )

    assert parquet_files() == 25
    assert documents.maintain_documents(store) == {"accounts": 0, "sessions": 0}  # all recent
    removed = documents.maintain_documents(store, retention_hours=0)
    assert removed == {"accounts": 0, "sessions": 24} and parquet_files() == 1
    assert len(auth.sessions._sessions(store)) == 25
    documents.forget(store)  # as a server starting afresh
    assert len(auth.sessions._sessions(store)) == 25


def test_the_maintenance_lease_is_taken_by_compare_and_swap(s3: dict[str, str]) -> None:  # noqa: F811
    store = new_store(s3)
    with maintenance_lock(store):
        with pytest.raises(MaintenanceBusy), maintenance_lock(store):
            pass
        lease = documents.read_doc(store, "_maintenance_lease.json")
        assert lease["holder"] and lease["until"]
    assert documents.read_doc(store, "_maintenance_lease.json")["holder"] is None
    with maintenance_lock(store):  # free again
        pass


WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from app import auth
    from app.maintenance import MaintenanceBusy, maintenance_lock
    from app.settings import AuthSettings
    from app.store import Store

    root, options, worker = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
    each, go = int(sys.argv[4]), Path(sys.argv[5])
    settings = AuthSettings(max_failures=int(sys.argv[6]))
    store = Store(root, options)
    out = {"locked": 0, "invalid": 0, "kept": [], "revoked": [], "lease": False}
    while not go.exists():  # every process starts at the same moment
        time.sleep(0.005)
    try:
        with maintenance_lock(store):
            out["lease"] = True
            time.sleep(2)  # held while the others try
    except MaintenanceBusy:
        pass
    for i in range(each):
        auth.add_account(store, f"w{worker}_{i}", "a-long-password", "viewer")
        try:
            auth.authenticate(store, "victim", f"wrong-{worker}-{i}", settings, client="c")
        except auth.AuthError as exc:
            out["locked" if exc.key == "auth.err.locked" else "invalid"] += 1
        token, _ = auth.issue_session(store, "victim", settings)
        if i % 2:
            auth.revoke_session(store, token)
            out["revoked"].append(auth.token_hash(token))
        else:
            out["kept"].append(auth.token_hash(token))
    print(json.dumps(out))
    """
)


def test_several_servers_change_accounts_and_sessions_at_once_and_nothing_is_lost(
    s3: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """Three server processes on one S3 store, at once: each adds accounts, fails to sign in
    as the same name from the same client, and issues sessions, revoking every other one.
    Every account is there, every failure counted (the lockout comes at exactly
    ``max_failures``: the last attempt), every kept session is there and every revoked one
    stays revoked; of the three taking the maintenance lease at once, exactly one gets it."""
    workers, each = 3, 8
    store = new_store(s3)
    auth.add_account(store, "victim", "the-right-password", "viewer")
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(script),
                store.root,
                json.dumps(s3),
                str(w),
                str(each),
                str(go),
                str(workers * each),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    time.sleep(4)  # the imports
    go.touch()
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    results = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs]

    names = {a.name for a in auth.accounts(store)}
    assert names == {"victim"} | {f"w{w}_{i}" for w in range(workers) for i in range(each)}
    # workers * each wrong attempts, max_failures = workers * each: only the last locks.
    assert sum(r["invalid"] for r in results) == workers * each - 1
    assert sum(r["locked"] for r in results) == 1
    assert "victim" in auth.locked_names(store)
    settings = AuthSettings(max_failures=workers * each)
    with pytest.raises(auth.AuthError, match="auth.err.locked"):
        auth.authenticate(store, "victim", "the-right-password", settings, client="c")
    stored = set(auth.sessions._sessions(store))
    kept = {h for r in results for h in r["kept"]}
    revoked = {h for r in results for h in r["revoked"]}
    assert len(kept) == workers * ((each + 1) // 2) and len(revoked) == workers * (each // 2)
    assert kept <= stored
    assert not revoked & stored
    assert sum(r["lease"] for r in results) == 1
