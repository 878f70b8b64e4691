"""Years of use: five years of monthly uploads of every fact dataset on a small county, and
what table maintenance (``app.maintenance``) does about the history they leave.

Every month of five years, as the clerks would: ``indicator_values`` and ``project_progress``
replace their month; survey results, rectifications, complaints, field activities and
petitions are upserted with the month's new records (the generator's last year of events,
repeated for every year with their dates and ids moved). Master data is written once.
Each commit is dated in its month (the log entry's time, its files' add and remove times and
the file's modification time), the five years ending this month, so that the rollback window
(this calendar year and the last) and maintenance see the history a county would have.

Two stores: one never maintained, one with the daily maintenance after each month's uploads
(the due tables, as the server's thread does it; today's run at the end). Measured at the
end of years 1, 2 and 5 (copies of the stores): a version check (``store.version``), all
versions (``store.versions()``), reading the year's indicator values (what a page reads),
reading every table whole, and two reports of the year (project year, days at the
grassroots), each the best of 7, the stores timed in turn. Goal: maintained, year 5 ≤ 1.5×
year 2 (the rollback window, this year and the last, is full from year 2 on) for everything
but the whole-table read, whose rows grow with the years; year 5 against year 1 is shown
too, without a goal. Then what maintenance does at year 5 (files, bytes, read time) and,
three years on, when the window has moved past it all, what vacuum frees.

deltalake measures the age of tombstones and log files by the real clock; the simulated
months are dated in the past, so while they pass, tombstones are kept long and log cleanup
is held off (``simulated_clock``); today's run at the end does both for real.

    python bench/history.py [--years 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import line, machine, median_of  # noqa: E402

# The county scale of bench/generate.py, over five years.
SCALE = dict(
    townships=25,
    villages_per_township=7,
    indicators=41,
    units=126,
    cadres=300,
    activities_per_cadre=40,
    projects=60,
)
# Event datasets: the date that says which month's upload a record came in, and its id column.
EVENTS = {
    "survey_results": ("survey_date", None),
    "rectifications": ("submitted_date", None),
    "complaints": ("received_date", "complaint_id"),
    "field_activities": ("start_date", "activity_id"),
    "petitions": ("received_date", "case_id"),
}
META = {"user": "bench", "source_file": "bench/history.py"}


def yearly_events(frame: pd.DataFrame, dataset: str, years: list[int]) -> pd.DataFrame:
    """The generator's last year of ``dataset``'s records, once for every year (dates and the
    ``year`` column moved, ids prefixed with the year)."""
    date_column, id_column = EVENTS[dataset]
    last = years[-1]
    if "year" in frame.columns:
        template = frame[frame["year"] == frame["year"].max()]
    else:
        template = frame[pd.to_datetime(frame[date_column]).dt.year == last]
    copies = []
    for year in years:
        shift = pd.DateOffset(years=year - last)
        copy = template.copy()
        for column in copy.columns:
            if column.endswith("_date"):
                copy[column] = pd.to_datetime(copy[column]) + shift
        if "year" in copy.columns:
            copy["year"] = copy["year"] + (year - last)
        if id_column:
            copy[id_column] = f"{year}-" + copy[id_column].astype(str)
        copies.append(copy)
    return pd.concat(copies, ignore_index=True)


def month_times(years: int) -> list[dt.datetime]:
    """When each simulated month's uploads are committed: the 15th, 10:00 UTC, of the last
    ``12 * years`` months, this month last (today, if the 15th is still to come)."""
    now = dt.datetime.now(dt.UTC)
    times = []
    for back in range(12 * years - 1, -1, -1):
        year, month = divmod(now.year * 12 + now.month - 1 - back, 12)
        times.append(min(dt.datetime(year, month + 1, 15, 10, tzinfo=dt.UTC), now))
    return times


def date_commit(root: str, dataset: str, version: int, when: dt.datetime) -> None:
    """Give commit ``version`` of ``dataset`` the time ``when``: its log entry's time, the
    add and remove times of its files, and the entry file's modification time."""
    path = Path(root) / dataset / "_delta_log" / f"{version:020d}.json"
    stamp = int(when.timestamp() * 1000)
    actions = [json.loads(row) for row in path.read_text(encoding="utf-8").splitlines() if row]
    for action in actions:
        for kind, key in (("commitInfo", "timestamp"), ("add", "modificationTime")):
            if kind in action:
                action[kind][key] = stamp
        if "remove" in action:
            action["remove"]["deletionTimestamp"] = stamp
    text = "".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) + "\n" for a in actions)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when.timestamp(), when.timestamp()))


@contextlib.contextmanager
def simulated_clock() -> Iterator[None]:
    """While the simulated years pass: deltalake measures the age of tombstones (in
    checkpoints) and of log files (``cleanup_metadata``) by the real clock, to which every
    simulated month is already old; so tombstones are kept long and log cleanup is held off
    (what today's run at the end of year 5 does for real)."""
    from unittest import mock

    from deltalake import DeltaTable

    from app import maintenance

    with (
        mock.patch.object(maintenance, "retention_days", lambda settings: 20 * 366),
        mock.patch.object(DeltaTable, "cleanup_metadata", lambda self: None),
    ):
        yield


def daily_maintenance(store: Any, when: dt.datetime) -> None:
    """The daily run of the month ``when`` (the due tables), its commits and checkpoints
    dated then (the checkpoint written again after, with the tombstones' dates)."""
    from deltalake import DeltaTable

    from app.maintenance import maintain
    from app.settings import Settings

    with simulated_clock():
        run = maintain(store, Settings(), now=when, only_due=True)
    for table in run.tables:
        if table.skipped or table.version_after <= table.version_before:
            continue
        for version in range(table.version_before + 1, table.version_after + 1):
            date_commit(store.root, table.dataset, version, when)
        with simulated_clock():
            DeltaTable(store.uri(table.dataset)).create_checkpoint()
        log = Path(store.root) / table.dataset / "_delta_log"
        for name in (f"{table.version_after:020d}.checkpoint.parquet", "_last_checkpoint"):
            os.utime(log / name, (when.timestamp(), when.timestamp()))


def simulate(root: str, years: int, maintained: bool, copies: dict[int, str]) -> dict[str, int]:
    """Write the county's years, month by month, into a new store at ``root`` (every commit
    dated in its month), with the daily maintenance after each month's uploads if
    ``maintained``; the store as it is after year ``n`` is copied to ``copies[n]``.
    Returns the upload commits per dataset."""
    from app.store import Store
    from bench.generate import LAST_YEAR, Scale, build
    from schemas import DATASETS
    from schemas.registry import MASTER_ORDER

    frames = build(Scale(years=years, **SCALE))
    span = list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))
    events = {n: yearly_events(frames[n], n, span) for n in EVENTS}
    times = month_times(years)
    store = Store(root)
    store.init(demo=False, metadata=META)
    commits = dict.fromkeys(DATASETS, 0)

    def commit(name: str, rows: pd.DataFrame, mode: Any, when: dt.datetime, **extra: Any) -> None:
        version = store.commit(name, rows, mode, {**META, **extra.pop("meta", {})}, **extra)
        date_commit(root, name, version.version, when)
        commits[name] += 1

    for name in DATASETS:
        date_commit(root, name, 0, times[0])
    for name in [n for n in MASTER_ORDER if n in frames]:
        commit(name, frames[name], "overwrite", times[0])
    for index, year in enumerate(span):
        for month in range(1, 13):
            when = times[index * 12 + month - 1]
            period = f"{year}-{month:02d}"
            for name in ("indicator_values", "project_progress"):
                rows = frames[name][frames[name]["period"] == period]
                commit(
                    name, rows, "replace", when, meta={"period": period}, where={"period": [period]}
                )
            for name, (date_column, _) in EVENTS.items():
                dates = pd.to_datetime(events[name][date_column])
                rows = events[name][(dates.dt.year == year) & (dates.dt.month == month)]
                if len(rows):
                    commit(name, rows, "upsert", when, meta={"period": period})
            if maintained:
                daily_maintenance(store, when + dt.timedelta(days=1))
        if index + 1 in copies:
            shutil.copytree(root, copies[index + 1])
    return commits


def probes(root: str, year: int) -> dict[str, Callable[[], Any]]:
    """What is timed on the store at ``root``, reading ``year``."""
    from app.reports import compute
    from app.settings import Settings
    from app.store import Store
    from schemas import DATASETS

    store = Store(root)
    # Every simulated year a campaign year (its requirements apply), so each year's report
    # does the same work.
    settings = dataclasses.replace(Settings(), campaign_first_year=YEARS[0])
    months = [("period", ">=", f"{year}-01"), ("period", "<=", f"{year}-12")]
    return {
        "version": lambda: median_of(lambda: store.version("indicator_values"), 101),
        "versions": lambda: median_of(store.versions, 11),
        "year_read": lambda: store.read("indicator_values", filters=months),
        "full_read": lambda: [store.read(n) for n in DATASETS],
        "project_year": lambda: compute.project_year(store.read, settings, year, f"{year}-11"),
        "field_days": lambda: compute.field_days(store.read, settings, year, dt.date(year, 11, 30)),
    }


def measure(stores: dict[str, tuple[str, int]], rounds: int = 7) -> dict[str, dict[str, Any]]:
    """Each store's times (seconds, the best of ``rounds``) and sizes. The stores are timed
    in turn, round after round, so that the machine's slow moments fall on all of them."""
    from app.store import Store

    timed = {name: probes(root, year) for name, (root, year) in stores.items()}
    best: dict[str, dict[str, float]] = {name: {} for name in stores}
    for _ in range(rounds):
        for name, probe in timed.items():
            for key, fn in probe.items():
                started = time.perf_counter()
                took = fn()
                took = took if key in ("version", "versions") else time.perf_counter() - started
                best[name][key] = min(best[name].get(key, float("inf")), took)
    for name, (root, _) in stores.items():
        best[name].update(sizes(Store(root)))
    return best


def sizes(store: Any) -> dict[str, int]:
    """Data files of the current versions; every file kept under the tables; their bytes."""
    from app.maintenance import stored_files
    from schemas import DATASETS

    files = stored = size = 0
    for name in DATASETS:
        table = store.snapshot(name)
        files += len(table.file_uris()) if table is not None else 0
        listing = stored_files(store, name)
        stored += len(listing)
        size += sum(i.size for i in listing)
    return {
        "files": files,
        "stored": stored,
        "bytes": size,
        "rows": store.count("indicator_values"),
    }


def maintain_copy(source: str, target: str, now: dt.datetime | None = None) -> float:
    """Copy the store at ``source`` to ``target`` and maintain it (the real clock's daily run
    where ``now`` is None); seconds the run took."""
    from app.maintenance import maintain
    from app.settings import Settings
    from app.store import Store

    shutil.copytree(source, target)
    started = time.perf_counter()
    run = maintain(Store(target), Settings(), now=now)
    assert run.ok, [t.error for t in run.tables if t.error]
    return time.perf_counter() - started


def restorable(root: str) -> None:
    """How many of indicator_values' versions the window keeps; the oldest one kept reads
    back and one older is refused."""
    from app.maintenance import window_start
    from app.settings import Settings
    from app.store import RollbackRefused, Store

    store = Store(root)
    since = window_start(Settings())
    current = store.version("indicator_values")
    kept = [v for v in range(current + 1) if store.restorable("indicator_values", v, since)]
    store.read("indicator_values", version=kept[0])
    try:
        store.rollback("indicator_values", kept[0] - 1, not_before=since)
        refused = "restored!"
    except RollbackRefused:
        refused = "refused"
    line(
        f"indicator_values versions kept (window from {since.date()})",
        f"{len(kept)} of {current + 1}",
        None,
        "—",
        None,
    )
    print(f"# the oldest kept (version {kept[0]}) reads back; version {kept[0] - 1}: {refused}")


MEASURES = [  # key, label, unit, goal with maintenance (None: reported only)
    ("version", "store.version (one table's version check)", "ms", 1.5),
    ("versions", "store.versions() (every table)", "ms", 1.5),
    ("year_read", "read the year's indicator values", "ms", 1.5),
    ("project_year", "report: project year (the year, to November)", "ms", 1.5),
    ("field_days", "report: days at the grassroots (the year)", "ms", 1.5),
    ("full_read", "read every table whole (rows grow with the years)", "ms", None),
]


def compare(
    title: str, first: dict[str, Any], last: dict[str, Any], goals: bool, since: int = 1
) -> None:
    print(f"\n## {title}: year {len(YEARS)} vs year {since}")
    for key, label, _, goal in MEASURES:
        ratio, wanted = last[key] / first[key], goal if goals else None
        value = f"{first[key] * 1e3:.2f} → {last[key] * 1e3:.2f} ms"
        ok = ratio <= wanted if wanted else None
        line(label, value, ratio, f"≤ {wanted}×" if wanted else "—", ok)
    for key, label in (("files", "data files of the current versions"), ("rows", "indicator rows")):
        line(label, f"{first[key]:,} → {last[key]:,}", last[key] / first[key], "—", None)


YEARS: list[int] = []


def show(key: str, value: float) -> str:
    if key == "bytes":
        return f"{value / 1e6:.2f} MB"
    if key in ("files", "stored", "rows"):
        return f"{value:,}"
    return f"{value * 1e3:.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--keep", help="write the stores here (default: a temporary directory)")
    args = parser.parse_args(argv)
    from bench.generate import LAST_YEAR

    YEARS[:] = list(range(LAST_YEAR - args.years + 1, LAST_YEAR + 1))
    work = Path(args.keep or tempfile.mkdtemp(prefix="county-history-"))
    if work.exists() and args.keep:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    print(f"# {machine()}")
    started = time.perf_counter()
    commits = simulate(str(work / "raw"), args.years, False, {1: str(work / "year1-raw")})
    print(
        f"# {args.years} years of monthly uploads: {sum(commits.values())} commits "
        f"({', '.join(f'{n} {c}' for n, c in commits.items() if c > 1)}) "
        f"in {time.perf_counter() - started:.0f} s → {work}",
        flush=True,
    )
    started = time.perf_counter()
    copies = {1: str(work / "year1-maintained"), 2: str(work / "year2-maintained")}
    simulate(str(work / "daily"), args.years, True, copies)
    print(
        f"# the same with the daily maintenance: {time.perf_counter() - started:.0f} s", flush=True
    )
    took_last = maintain_copy(str(work / "daily"), str(work / "year5-maintained"))  # today's run
    took_raw = maintain_copy(str(work / "raw"), str(work / "year5-once"))  # the first run ever
    found = measure(
        {
            "first_raw": (str(work / "year1-raw"), YEARS[0]),
            "last_raw": (str(work / "raw"), YEARS[-1]),
            "first": (str(work / "year1-maintained"), YEARS[0]),
            "second": (str(work / "year2-maintained"), YEARS[1]),
            "last": (str(work / "year5-maintained"), YEARS[-1]),
            "once": (str(work / "year5-once"), YEARS[-1]),
        }
    )
    first_raw, last_raw, first, second, last, once = (
        found[k] for k in ("first_raw", "last_raw", "first", "second", "last", "once")
    )
    later_at = dt.datetime.now(dt.UTC) + dt.timedelta(days=3 * 366)
    took_later = maintain_copy(str(work / "year5-maintained"), str(work / "later"), now=later_at)
    from app.store import Store

    later = sizes(Store(str(work / "later")))

    compare("As the uploads leave it (no maintenance)", first_raw, last_raw, goals=False)
    compare("As the daily maintenance leaves it", first, last, goals=False)
    compare("Once the window is full (maintained daily)", second, last, goals=True, since=2)
    print(
        f"\n## At year {args.years}: never maintained → maintained daily (→ maintained once, now)"
    )
    for key, label in [
        ("files", "data files of the current versions"),
        ("full_read", "read every table whole"),
        ("year_read", "read the year's indicator values"),
        ("stored", "files kept (every version inside the window)"),
        ("bytes", "bytes kept"),
    ]:
        values = [last_raw[key], last[key], once[key]]
        shown = " → ".join(show(key, v) for v in values)
        line(label, shown, last[key] / last_raw[key], "—", None)
    print("\n## Three years on (the window has moved past all of it; vacuum frees)")
    for key, label in [("stored", "files kept"), ("bytes", "bytes kept")]:
        shown = f"{show(key, last[key])} → {show(key, later[key])}"
        line(label, shown, later[key] / last[key], "—", None)
    restorable(str(work / "year5-maintained"))
    print(
        f"# maintenance took {took_last:.1f} s (today's daily run, year {args.years}), "
        f"{took_raw:.1f} s (a first run on {args.years} unmaintained years), "
        f"{took_later:.1f} s (three years on)"
    )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
