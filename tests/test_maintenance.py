"""Table maintenance: compaction, the rollback window (kept, and refused beyond it), dry runs,
the store-level lock, history labels, and the server's daily thread."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from pathlib import Path

import pandas as pd
import pytest

from app import maintenance
from app.cli import main
from app.maintenance import MaintenanceBusy, maintain, maintenance_lock, window_start
from app.reports import tables
from app.settings import MaintenanceSettings, Settings
from app.store import RollbackRefused, Store
from app.web import maintenance as daemon

MONTHS = 6
FUTURE = dt.timedelta(days=3 * 366)  # far enough that every commit so far is before the window


@pytest.fixture
def monthly_store(tmp_path: Path, demo_frames: dict) -> Store:
    """A store whose indicator_values got one upload a month (one small file each)."""
    store = Store(str(tmp_path / "data"))
    store.init(demo=False)
    store.commit("townships", demo_frames["townships"], "overwrite", {"user": "t"})
    store.commit("indicators", demo_frames["indicators"], "overwrite", {"user": "t"})
    values = demo_frames["indicator_values"]
    for period in sorted(values["period"].unique())[:MONTHS]:
        rows = values[values["period"] == period]
        store.commit("indicator_values", rows, "replace", {"user": "t"}, where={"period": [period]})
    return store


def files_under(root: str) -> dict[str, tuple[int, int]]:
    """Every file under the store with its size and modification time (ns), but the empty
    lock files (``.maintenance.lock``: a dry run takes the lock too)."""
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in Path(root).rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_window_is_this_year_and_last_in_the_county_time_zone() -> None:
    settings = Settings()
    # 1 January 2027, 00:30 in Beijing is still 2026 in UTC: the county's calendar decides.
    now = dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC)
    start = window_start(settings, now)
    assert start.isoformat() == "2026-01-01T00:00:00+08:00"
    one_year = dataclasses.replace(settings, maintenance=MaintenanceSettings(rollback_years=1))
    assert window_start(one_year, now).date() == dt.date(2027, 1, 1)
    assert maintenance.retention_days(settings) >= 2 * 366  # logs outlive the longest window


def test_maintain_compacts_and_keeps_every_version_of_the_window(monthly_store: Store) -> None:
    store = monthly_store
    current = store.version("indicator_values")
    before = {v: store.read("indicator_values", version=v) for v in range(current + 1)}
    assert len(store.snapshot("indicator_values").file_uris()) == MONTHS

    run = maintain(store, Settings())

    report = next(t for t in run.tables if t.dataset == "indicator_values")
    assert report.error is None and report.files_compacted == MONTHS
    assert (report.files_before, report.files_after) == (MONTHS, 1)  # the file count drops
    assert len(store.snapshot("indicator_values").file_uris()) == 1
    assert report.files_vacuumed == 0  # every replaced file is still inside the window
    pd.testing.assert_frame_equal(store.read("indicator_values"), before[current])
    # Every version inside the window still reads, and a rollback gives back the same rows.
    since = window_start(Settings())
    for version in range(1, current):
        assert store.restorable("indicator_values", version, since)
        pd.testing.assert_frame_equal(
            store.read("indicator_values", version=version), before[version]
        )
    new = store.rollback("indicator_values", 2, {"user": "t"}, not_before=since)
    assert new == store.version("indicator_values")
    pd.testing.assert_frame_equal(store.read("indicator_values"), before[2])
    assert store.history("indicator_values").iloc[0]["mode"] == "rollback"
    # The daily run's record: every table maintained, at its version after.
    record = maintenance.state(store)
    assert record["tables"]["indicator_values"]["version"] == report.version_after
    assert record["last_run"]


def test_a_version_outside_the_window_is_refused_clearly(monthly_store: Store, capsys) -> None:
    store = monthly_store
    later = dt.datetime.now(dt.UTC) + FUTURE  # three years on: every commit is history
    since = window_start(Settings(), later)
    current = store.version("indicator_values")
    latest = store.read("indicator_values")

    run = maintain(store, Settings(), now=later)

    report = next(t for t in run.tables if t.dataset == "indicator_values")
    assert report.files_vacuumed == MONTHS and report.bytes_vacuumed > 0
    assert report.files_after == 1 and report.stored_files_after < report.stored_files_before + 6
    pd.testing.assert_frame_equal(store.read("indicator_values"), latest)  # today's rows stay
    assert not store.restorable("indicator_values", 2, since)
    with pytest.raises(RollbackRefused) as refused:
        store.rollback("indicator_values", 2, {"user": "t"}, not_before=since)
    assert "早于可回滚期限" in str(refused.value) and "版本 2" in str(refused.value)
    assert refused.value.message("en").startswith("Version 2 is older than the rollback window")
    # Without a window the store still refuses, saying why (no traceback): the files are gone.
    with pytest.raises(RollbackRefused, match="数据文件已在表维护时清理"):
        store.rollback("indicator_values", 2, {"user": "t"})
    # The command line says so and exits 1; the table is unchanged.
    after = store.version("indicator_values")
    code, out, err = run_cli(capsys, "rollback", "indicator_values", "2", "--data-dir", store.root)
    assert code == 1 and "不能回滚" in err and "Traceback" not in err
    assert store.version("indicator_values") == after > current
    pd.testing.assert_frame_equal(store.read("indicator_values"), latest)


def test_restorable_means_current_at_some_moment_of_the_window(monthly_store: Store) -> None:
    store = monthly_store
    current = store.version("indicator_values")
    third = store.commit_time("indicator_values", 3)
    assert third is not None
    since = third + dt.timedelta(microseconds=1)  # a window that starts just after version 3
    assert not store.restorable("indicator_values", 1, since)  # replaced by version 2, before
    assert store.restorable("indicator_values", 3, since)  # current until version 4, after
    assert store.restorable("indicator_values", current, since + FUTURE)  # the current one
    assert not store.restorable("indicator_values", current + 1, None)


def test_dry_run_changes_nothing(monthly_store: Store, capsys) -> None:
    store = monthly_store
    before = files_under(store.root)
    run = maintain(store, Settings(), dry_run=True)
    report = next(t for t in run.tables if t.dataset == "indicator_values")
    assert report.files_compacted == MONTHS  # what would be merged
    code, out, _ = run_cli(capsys, "maintain", "--dry-run", "--data-dir", store.root)
    assert code == 0 and "试运行" in out and "indicator_values" in out
    code, out, _ = run_cli(
        capsys, "maintain", "--dry-run", "--format", "json", "--data-dir", store.root
    )
    assert code == 0 and '"dry_run": true' in out
    assert files_under(store.root) == before


def test_the_cli_maintains_and_the_history_says_maintenance(monthly_store: Store, capsys) -> None:
    store = monthly_store
    code, out, _ = run_cli(capsys, "maintain", "--data-dir", store.root, "--lang", "en")
    assert code == 0 and "Maintenance done" in out
    assert len(store.snapshot("indicator_values").file_uris()) == 1
    history = store.history("indicator_values")
    maintained = history[history["mode"] == "maintenance"]
    assert set(maintained["operation"]) >= {"OPTIMIZE", "SET TBLPROPERTIES"}
    shown = tables.history(history, "zh", "Asia/Shanghai")
    labels = dict(zip(history["version"], shown["操作"], strict=True))
    for version in maintained["version"]:
        assert labels[version].startswith("维护")  # never an upload (nor 建立)
    uploads = history[history["mode"] == "replace"]["version"]
    assert all(labels[v] == "按月替换" for v in uploads)
    code, out, _ = run_cli(capsys, "history", "indicator_values", "--data-dir", store.root)
    assert "维护" in out


def test_one_maintenance_at_a_time(monthly_store: Store, capsys) -> None:
    store = monthly_store
    with maintenance_lock(store):
        with pytest.raises(MaintenanceBusy):
            maintain(store, Settings())
        code, _, err = run_cli(capsys, "maintain", "--data-dir", store.root)
        assert code == 1 and "另一个进程正在维护" in err
        assert daemon.run_once(store, Settings()) is False  # the thread skips, never raises
    assert maintain(store, Settings()).ok  # released


def test_due_tables_only_on_the_daily_run(monthly_store: Store, demo_frames: dict) -> None:
    store = monthly_store
    settings = Settings()
    now = dt.datetime.now(dt.UTC)
    assert all(t.skipped is None for t in maintain(store, settings, only_due=True).tables)
    again = maintain(store, settings, only_due=True)
    assert {t.skipped for t in again.tables} == {"not_due"}
    few = dataclasses.replace(settings, maintenance=MaintenanceSettings(min_new_versions=1))
    store.commit("townships", demo_frames["townships"], "overwrite", {"user": "t"})
    record = maintenance.state(store)
    assert maintenance.is_due(store, "townships", few, record, now)
    assert not maintenance.is_due(store, "villages", few, record, now)
    # On a new year the window moves on: every table is due again.
    assert maintenance.is_due(store, "villages", settings, record, now + dt.timedelta(days=366))


def test_the_daily_thread_runs_at_the_quiet_hour(monthly_store: Store, monkeypatch) -> None:
    store = monthly_store
    settings = Settings()
    zone = dt.timezone(dt.timedelta(hours=8))
    base = dt.datetime(2030, 3, 1, 2, 59, 59, 500_000, tzinfo=zone)  # 0.5 s before 03:00
    started = dt.datetime.now(dt.UTC)

    def clock() -> dt.datetime:
        return base + (dt.datetime.now(dt.UTC) - started)

    assert daemon.next_run(base, settings).hour == 3
    assert daemon.next_run(base.replace(hour=4), settings).day == 2
    monkeypatch.setenv("COUNTY_MAINTENANCE", "on")
    stop = threading.Event()
    thread = daemon.start(store, settings, stop=stop, clock=clock)
    try:
        assert thread is not None and thread.daemon
        assert daemon.start(store, settings) is thread  # once per process
        deadline = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)
        while not maintenance.state(store).get("last_run"):
            assert dt.datetime.now(dt.UTC) < deadline, "the thread did not run"
            threading.Event().wait(0.2)
        assert len(store.snapshot("indicator_values").file_uris()) == 1
        assert daemon.ran_today(store, settings, clock())
        assert daemon.run_once(store, settings, clock()) is False  # once a day
    finally:
        stop.set()
        thread.join(timeout=30)
        daemon._started.pop(store.root, None)


def test_the_thread_starts_only_on_a_real_server(monkeypatch, tmp_path: Path) -> None:
    settings = Settings()
    monkeypatch.delenv("COUNTY_MAINTENANCE", raising=False)
    assert daemon.enabled(settings)  # outside AppTest: a real server
    monkeypatch.setenv("COUNTY_MAINTENANCE", "off")
    assert not daemon.enabled(settings)
    monkeypatch.setenv("COUNTY_MAINTENANCE", "on")
    off = dataclasses.replace(settings, maintenance=MaintenanceSettings(auto=False))
    assert not daemon.enabled(off)
    assert daemon.start(Store(str(tmp_path / "x")), off) is None
    # A broken store: the run logs and returns, never raises.
    broken = Store(str(tmp_path / "file"))
    Path(broken.root).write_text("not a directory")
    assert daemon.run_once(broken, settings) is False


def test_the_history_page_refuses_a_version_outside_the_window(
    demo_store: Store, monkeypatch
) -> None:
    from tests.test_app import all_text, run_app

    demo_store.commit("complaints", demo_store.read("complaints"), "overwrite", {"user": "t"})
    later = dt.datetime.now(dt.UTC) + FUTURE
    monkeypatch.setattr(
        "app.maintenance.window_start", lambda settings, now=None: window_start(settings, later)
    )
    at = run_app(demo_store.root, monkeypatch, "zh", user="demo-admin", page="pages/history.py")
    at.selectbox(key="history_dataset__zh").set_value("complaints")
    at.run()
    at.selectbox(key="history_version").set_value(1)
    at.run()
    assert not at.exception
    assert "早于可回滚期限" in all_text(at)
    assert not [b for b in at.button if b.key == "rb_go"]
