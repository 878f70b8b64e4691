"""Accounts and sessions written by several processes at once (the app's server, a second
server, the command line on the same data directory): every account added and every session
issued is kept — the read-change-write of ``_accounts.json`` / ``_sessions.json`` is locked
across processes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from app.auth import accounts
from app.store import Store

WORKERS, EACH = 4, 12
ROOT = Path(__file__).resolve().parents[1]
WORKER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from app.auth import add_account, issue_session
from app.settings import AuthSettings
from app.store import Store
store, go = Store({data!r}), Path({go!r})
while not go.exists():  # every process starts writing at the same moment
    time.sleep(0.005)
for i in range({each}):
    issue_session(store, "u{worker}", AuthSettings())
    add_account(store, f"w{worker}_{{i}}", "a-long-password", "viewer")
"""


def test_accounts_and_sessions_written_by_four_processes_at_once_are_all_kept(
    tmp_path: Path,
) -> None:
    store = Store(str(tmp_path / "data"))
    store.init(demo=False)
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER.format(root=str(ROOT), data=store.root, go=str(go), each=EACH, worker=w),
            ]
        )
        for w in range(WORKERS)
    ]
    time.sleep(3)  # the imports
    go.touch()
    for worker in workers:
        assert worker.wait(timeout=180) == 0
    names = {a.name for a in accounts(store)}
    assert names == {f"w{w}_{i}" for w in range(WORKERS) for i in range(EACH)}
    sessions = store.read_json("_sessions.json")["sessions"]
    assert len(sessions) == WORKERS * EACH
