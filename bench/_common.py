"""Shared bits of the benches: timing, the result line, the cached generated stores."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Generated stores are cached here (outside the repository); BENCH_DIR overrides.
BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/county-bench"))


def store_path(scale: str) -> str:
    """The generated store of ``scale``, generated on first use."""
    from bench.generate import generate

    path = BENCH_DIR / scale
    started = time.perf_counter()
    store = generate(scale, str(path))
    took = time.perf_counter() - started
    if took > 5:
        print(f"# generated the {scale} store in {took:.0f} s → {path}", flush=True)
    return store.root


def best_of(
    fn: Callable[[], Any], repeat: int = 3, setup: Callable[[], Any] | None = None
) -> float:
    """The fastest of ``repeat`` timed calls (seconds); ``setup`` runs untimed before each."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def median_of(fn: Callable[[], Any], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("PASS" if ok else "FAIL")


def line(measure: str, value: str, ratio: float | None, goal: str, ok: bool | None) -> str:
    """One result line: measure, value, ratio, goal, PASS/FAIL (printed and returned)."""
    shown = "—" if ratio is None else f"{ratio:.2f}×"
    text = f"{measure:<58} {value:>22}  ratio {shown:>8}  goal {goal:<18} {verdict(ok)}"
    print(text, flush=True)
    return text


def machine() -> str:
    """nproc, RAM and CPU model, for RESULTS.md."""
    cpu = platform.processor() or "?"
    try:
        for row in Path("/proc/cpuinfo").read_text().splitlines():
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for row in Path("/proc/meminfo").read_text().splitlines():
            if row.startswith("MemTotal"):
                ram = f"{int(row.split()[1]) / 1024 / 1024:.0f} GiB"
                break
    except OSError:
        pass
    return f"nproc {os.cpu_count()}, RAM {ram}, CPU {cpu}, Python {platform.python_version()}"
