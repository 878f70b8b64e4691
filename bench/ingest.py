"""Ingest throughput: a 50,000-row monthly indicator_values xlsx through the whole ingest
(prepare = read, normalise, validate, diff; then commit_prepared), against

  (a) a bare ``python_calamine`` read of the same file into a DataFrame (goal: ≤ 1.5×, the
      median of the ratios of ``--repeat`` pairs, each an ingest and a bare read straight
      after it; the fastest of each is printed too), and
  (b) ``pandas.read_excel(engine="openpyxl")`` + the Pandera schema's validate (goal: ≥ 5×
      faster);

the same rows under a merged title row (a clerk's layout: read cell by cell, reported, no
goal), and a 5,000-row GBK CSV through the whole ingest against a bare ``csv`` read into a
DataFrame and ``pandas.read_csv`` + validate (reported, no goal: fixed costs dominate).

The file replaces the month 2011-12 of the province store (a fresh copy for every run, so
each commit does the same work: 50,000 rows in, 40,000 of the month's rows out, changed
values found by the diff). ``--profile`` prints the hottest functions of one ingest.

    python bench/ingest.py [--profile] [--scale province]
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import best_of, line, machine, store_path  # noqa: E402

ROWS = 50_000
CSV_ROWS = 5_000
PERIOD = "2011-12"
HEADERS = ["月份", "指标代码", "乡镇代码", "本月值"]


def month_rows(store_root: str, rows: int) -> pd.DataFrame:
    """``rows`` keys of the stored month, values changed on every tenth row."""
    from app.store import Store

    stored = Store(store_root).read("indicator_values", filters=[("period", "=", PERIOD)])
    stored = stored.sort_values(["indicator_code", "township_code"], na_position="first")
    frame = stored.head(rows).reset_index(drop=True)
    value = frame["value"].to_numpy(copy=True)
    value[::10] = np.round(value[::10] * 1.05 + 1, 4)
    frame["value"] = value
    return frame


def xlsx_bytes(frame: pd.DataFrame, title: bool = False) -> bytes:
    """The month as a statistics system exports it; ``title``: as a clerk lays it out, a
    merged title row above the header (the sheet is then read cell by cell)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("指标月报")
    if title:
        sheet.merge_range(0, 0, 0, len(HEADERS) - 1, f"{PERIOD} 指标月报")
    top = int(title)
    sheet.write_row(top, 0, HEADERS)
    for i, row in enumerate(frame.itertuples(index=False), start=top + 1):
        sheet.write_string(i, 0, row.period)
        sheet.write_string(i, 1, row.indicator_code)
        if isinstance(row.township_code, str):
            sheet.write_string(i, 2, row.township_code)
        sheet.write_number(i, 3, float(row.value))
    book.close()
    return buffer.getvalue()


def csv_bytes(frame: pd.DataFrame) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in frame.itertuples(index=False):
        town = row.township_code if isinstance(row.township_code, str) else ""
        writer.writerow([row.period, row.indicator_code, town, row.value])
    return out.getvalue().encode("gbk")


def bare_calamine(content: bytes) -> pd.DataFrame:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    rows = book.get_sheet_by_index(0).to_python()
    return pd.DataFrame(rows[1:], columns=rows[0])


def bare_csv(content: bytes) -> pd.DataFrame:
    rows = list(csv.reader(io.StringIO(content.decode("gbk"))))
    return pd.DataFrame(rows[1:], columns=rows[0])


_CANONICAL = {
    "月份": "period",
    "指标代码": "indicator_code",
    "乡镇代码": "township_code",
    "本月值": "value",
}


def _validate(frame: pd.DataFrame) -> pd.DataFrame:
    from schemas import get

    frame = frame.rename(columns=_CANONICAL)
    frame["township_code"] = (
        frame["township_code"].astype("str").where(frame["township_code"].notna(), None)
    )
    return get("indicator_values").schema.validate(frame)


def openpyxl_validate(content: bytes) -> pd.DataFrame:
    return _validate(pd.read_excel(io.BytesIO(content), engine="openpyxl", dtype={"乡镇代码": str}))


def pandas_csv_validate(content: bytes) -> pd.DataFrame:
    return _validate(pd.read_csv(io.BytesIO(content), encoding="gbk", dtype={"乡镇代码": str}))


def paired(ingest: Ingest, bare: Callable[[], Any], repeat: int) -> tuple[list[float], list[float]]:
    """``repeat`` pairs, each the full ingest then the bare read straight after it, at the
    same moment of the machine (on these VMs the same read takes 0.17–0.35 s from one
    second to the next, so the fastest of each, taken minutes apart, compare two moments);
    one pair first, untimed (the reading worker starts)."""
    ingest.setup()
    ingest.run()
    bare()
    ingest.prepare_seconds.clear()
    ingest.commit_seconds.clear()
    fulls, bares = [], []
    for _ in range(repeat):
        ingest.setup()
        gc.collect()  # each timed call starts without the garbage of the one before
        started = time.perf_counter()
        ingest.run()
        fulls.append(time.perf_counter() - started)
        gc.collect()
        started = time.perf_counter()
        bare()
        bares.append(time.perf_counter() - started)
    return fulls, bares


class Ingest:
    """The full ingest into a fresh copy of the store (the copy is untimed setup)."""

    def __init__(self, source: str, content: bytes, filename: str) -> None:
        self.source, self.content, self.filename = source, content, filename
        self.workdir = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
        self.prepare_seconds: list[float] = []
        self.commit_seconds: list[float] = []

    def setup(self) -> None:
        target = self.workdir / "data"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(self.source, target)

    def run(self) -> None:
        from app.ingest.pipeline import commit_prepared, prepare
        from app.settings import Settings
        from app.store import Store

        store = Store(str(self.workdir / "data"))
        started = time.perf_counter()
        prepared = prepare(
            "indicator_values", self.content, self.filename, store, Settings(), period=PERIOD
        )
        if not prepared.ok:
            raise SystemExit(f"the bench file was rejected: {prepared.problems[:3]}")
        middle = time.perf_counter()
        commit_prepared(prepared, store, "bench")
        self.prepare_seconds.append(middle - started)
        self.commit_seconds.append(time.perf_counter() - middle)

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ingest benchmark")
    parser.add_argument("--scale", default="province", help="store the file goes into")
    parser.add_argument("--repeat", type=int, default=9, help="pairs (xlsx) and repeats")
    parser.add_argument("--profile", action="store_true", help="profile one ingest (cProfile)")
    args = parser.parse_args(argv)

    print(f"# bench/ingest.py — {machine()}")
    source = store_path(args.scale)
    frame = month_rows(source, ROWS)
    content = xlsx_bytes(frame)
    small = month_rows(source, CSV_ROWS)
    gbk = csv_bytes(small)
    print(
        f"# {len(frame):,}-row xlsx ({len(content) / 1e6:.1f} MB) and {len(small):,}-row GBK "
        f"CSV into the {args.scale} store ({source})"
    )

    ingest = Ingest(source, content, "指标月报_2011-12.xlsx")
    if args.profile:
        import cProfile
        import pstats

        ingest.setup()
        profiler = cProfile.Profile()
        profiler.enable()
        ingest.run()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        ingest.close()
        return 0

    fulls, bares = paired(ingest, lambda: bare_calamine(content), args.repeat)
    ratios = sorted(f / b for f, b in zip(fulls, bares, strict=True))
    ratio = statistics.median(ratios)
    full, bare = min(fulls), min(bares)
    naive = best_of(lambda: openpyxl_validate(content), max(1, args.repeat // 2))
    prep, commit = min(ingest.prepare_seconds), min(ingest.commit_seconds)
    line(
        f"xlsx {ROWS:,} rows: ingest / calamine, median of {len(ratios)} pairs "
        f"(ratios {ratios[0]:.2f}–{ratios[-1]:.2f})",
        f"{statistics.median(fulls):.2f} s / {statistics.median(bares):.2f} s",
        ratio,
        "≤ 1.5×",
        ratio <= 1.5,
    )
    line(
        f"xlsx {ROWS:,} rows: best of each (prepare {prep:.2f} s + commit {commit:.2f} s)",
        f"{full:.2f} s / {bare:.2f} s",
        full / bare,
        "(reported)",
        None,
    )
    line(
        f"xlsx {ROWS:,} rows: openpyxl+pandera / ingest (speed-up)",
        f"{naive:.2f} s / {full:.2f} s",
        naive / full,
        "≥ 5×",
        naive / full >= 5,
    )
    ingest.close()

    titled = xlsx_bytes(frame, title=True)
    titled_ingest = Ingest(source, titled, "指标月报_2011-12.xlsx")
    full_t = best_of(titled_ingest.run, args.repeat, setup=titled_ingest.setup)
    bare_t = best_of(lambda: bare_calamine(titled), args.repeat)
    line(
        f"xlsx {ROWS:,} rows under a title row (read cell by cell): ingest / calamine",
        f"{full_t:.2f} s / {bare_t:.2f} s",
        full_t / bare_t,
        "(none)",
        None,
    )
    titled_ingest.close()

    csv_ingest = Ingest(source, gbk, "指标月报_2011-12.csv")
    full_csv = best_of(csv_ingest.run, args.repeat, setup=csv_ingest.setup)
    bare_c = best_of(lambda: bare_csv(gbk), args.repeat)
    naive_c = best_of(lambda: pandas_csv_validate(gbk), args.repeat)
    line(
        f"GBK CSV {CSV_ROWS:,} rows: ingest / bare csv read",
        f"{full_csv:.2f} s / {bare_c:.3f} s",
        full_csv / bare_c,
        "(none)",
        None,
    )
    line(
        f"GBK CSV {CSV_ROWS:,} rows: pandas.read_csv+pandera / ingest",
        f"{naive_c:.3f} s / {full_csv:.2f} s",
        naive_c / full_csv,
        "(none)",
        None,
    )
    csv_ingest.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
