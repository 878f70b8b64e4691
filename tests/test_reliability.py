"""Nothing half written, nothing lost: concurrent uploads and commits killed mid-write."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from app.store import Store

ROOT = Path(__file__).resolve().parents[1]


def writer(root: str, period: str, value: float, repeat: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.writer", root, period, str(value), str(repeat)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_eight_processes_uploading_different_periods_all_land(empty_store: Store) -> None:
    procs = [writer(empty_store.root, f"2011-{m:02d}", m, 1) for m in range(1, 9)]
    versions = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        versions.append(int(out.split()[-1]))
    assert sorted(versions) == list(range(1, 9))  # each got its own version
    stored = empty_store.read("indicator_values")
    assert stored.groupby("period")["value"].agg(["size", "min", "max"]).to_dict("index") == {
        f"2011-{m:02d}": {"size": 30, "min": float(m), "max": float(m)} for m in range(1, 9)
    }
    assert len(empty_store.history("indicator_values")) == 9


def test_two_uploads_of_the_same_period_both_recorded_last_one_stands(empty_store: Store) -> None:
    procs = [writer(empty_store.root, "2011-05", value, 1) for value in (100, 200)]
    finished = {}
    for proc, value in zip(procs, (100, 200), strict=True):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        finished[int(out.split()[-1])] = value
    last = finished[max(finished)]
    stored = empty_store.read("indicator_values")
    assert set(stored["value"]) == {float(last)}  # no mixture of the two
    assert len(stored) == 30
    history = empty_store.history("indicator_values")
    assert {"writer-2011-05"} == set(history["user"].dropna()) - {"system"}
    assert len(history) == 3


def check_consistent(store: Store) -> int:
    """Every dataset reads; the current version is one committed in full."""
    for name in ("indicator_values", "townships", "petitions"):
        store.read(name)
    version = store.version("indicator_values")
    history = store.history("indicator_values")
    assert sorted(history["version"]) == list(range(version + 1))  # no gap, nothing lost
    stored = store.read("indicator_values")
    if version > 0:
        message = history.loc[history["version"] == version, "message"].iloc[0]
        if message != "rollback":
            assert set(stored["value"]) == {float(message)}, (version, message)
            assert len(stored) in {30 + k * 500 for k in range(7)}
    return version


@pytest.mark.slow
def test_commits_killed_at_random_points_leave_a_readable_committed_version(
    empty_store: Store,
) -> None:
    rng = random.Random(20101212)
    kills = 0
    versions_seen = set()
    while kills < 50:
        proc = writer(empty_store.root, "2011-05", kills * 1000, 0)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        kills += 1
        versions_seen.add(check_consistent(empty_store))
    assert len(versions_seen) > 10  # the kills landed at many different points
    # And the store still takes commits afterwards.
    empty_store.commit(
        "indicator_values",
        pd.DataFrame(
            {
                "period": ["2011-06"],
                "indicator_code": ["X"],
                "township_code": [None],
                "value": [1.0],
            }
        ),
        "replace",
        where={"period": ["2011-06"]},
    )
