"""Hostile files cannot hold the server: each corpus file (tests/corpus/hostile.py) is read
within a time and a memory bound, measured in a subprocess of its own with a timeout (a
regression fails the test instead of hanging it); and the reading happens in a worker process
that is stopped at the time limit and capped in memory, while other sessions go on being
served."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from app.ingest import isolated, prepare
from app.ingest.problems import IngestError
from app.settings import Settings, UploadSettings
from app.store import Store
from tests.corpus.hostile import HOSTILE
from tests.test_app import ROOT, all_text, run_app

MEASURE = textwrap.dedent(
    """
    import json, resource, sys, time
    from app.ingest import prepare
    from app.settings import Settings
    from app.store import Store
    settings = Settings()
    settings.upload.parse_in_worker = False  # measured here, in this process
    store = Store(sys.argv[1])
    content = open(sys.argv[2], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    prepared = prepare("complaints", content, "hostile.xlsx", store, settings)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"codes": [p.code for p in prepared.problems], "seconds": seconds,
                      "added_mb": (peak - before) / 1024}))
    """
)


@pytest.mark.parametrize("case", HOSTILE, ids=[c.name for c in HOSTILE])
def test_a_hostile_file_is_read_in_bounded_time_and_memory(case, demo_store_template, tmp_path):
    path = tmp_path / f"{case.name}.xlsx"
    path.write_bytes(case.build())
    assert path.stat().st_size < 20_000  # small files, every one
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(demo_store_template), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=max(60, case.seconds * 6),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(case.expect) <= set(result["codes"]), result
    assert result["seconds"] < case.seconds, result
    assert result["added_mb"] < case.megabytes, result


def test_the_sheet_scan_is_linear_in_the_file() -> None:
    """Doubling the unclosed error cells doubles the scan's time, not four times it."""
    from app.ingest.readers import _error_cells, _only_text

    def took(n: int) -> float:
        xml = b'<row r="1">' + b'<c r="A1" t="e"><v>1' * n + b"</row>"
        started = time.perf_counter()
        _error_cells(xml)
        _only_text(xml, 0)
        return time.perf_counter() - started

    took(2_000)
    small = min(took(20_000) for _ in range(3))
    large = min(took(80_000) for _ in range(3))
    assert large < small * 8, (small, large)  # linear: ~4x; quadratic: ~16x


def stuck_worker(memory_mb: int) -> subprocess.Popen[bytes]:
    """A worker that takes the request and never answers (a parser caught in a hostile file)."""
    return subprocess.Popen(
        [sys.executable, "-c", "import sys, time; sys.stdin.buffer.read(8); time.sleep(600)"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )


def test_a_read_past_the_time_limit_is_stopped_with_a_clear_message(monkeypatch) -> None:
    started_workers: list[subprocess.Popen[bytes]] = []

    def start(memory_mb: int) -> subprocess.Popen[bytes]:
        started_workers.append(stuck_worker(memory_mb))
        return started_workers[-1]

    monkeypatch.setattr(isolated, "_start", start)
    monkeypatch.setattr(isolated, "_idle", {})
    limits = UploadSettings(parse_seconds=1.5)
    heard: list[float] = []
    began = time.monotonic()
    with pytest.raises(IngestError) as err:
        isolated.read_sheets_isolated(b"PK\x03\x04 a file", "x.xlsx", limits, heard.append)
    assert 1.4 < time.monotonic() - began < 10
    assert err.value.problem.code == "parse_timeout"
    assert "1.5 秒" in err.value.problem.message("zh")
    assert heard and heard == sorted(heard)  # progress while it waited
    [worker] = started_workers
    assert worker.wait(timeout=10) is not None  # killed, not left running
    assert isolated._idle.get(limits.parse_memory_mb, []) == []


def test_a_read_past_the_memory_limit_is_stopped_with_a_clear_message(tmp_path) -> None:
    # 8 MB of CSV: its text, rows and cells need far more than the 40 MB allowed here.
    content = ("编号,受理日期,单位代码\n" + "TS2011001,2011-01-13,008\n" * 320_000).encode("utf-8")
    settings = Settings()
    settings.upload.parse_memory_mb = 40
    store = Store(str(tmp_path / "data"))
    store.init(demo=False)
    prepared = prepare("complaints", content, "big.csv", store, settings)
    assert [p.code for p in prepared.problems] == ["parse_memory"]
    assert "40 MB" in prepared.problems[0].message("zh")
    # The next upload gets a fresh worker and is read as usual.
    settings.upload.parse_memory_mb = 2048
    prepared = prepare("complaints", content[:2000], "small.csv", store, settings)
    assert "parse_memory" not in [p.code for p in prepared.problems]


def test_a_viewers_page_loads_while_an_upload_is_being_read(demo_store, monkeypatch) -> None:
    """Two sessions: an uploader's file is being read (a worker that never answers, as a
    parser caught in a hostile file), and meanwhile a leader opens the overview, which renders
    in full. Then the upload stops at the time limit with the message."""
    (Path(demo_store.root) / "county.toml").write_text("[upload]\nparse_seconds = 10\n")
    monkeypatch.setattr(isolated, "_start", stuck_worker)
    monkeypatch.setattr(isolated, "_idle", {})
    uploader = run_app(
        demo_store.root, monkeypatch, "zh", user="demo-uploader", page="pages/upload.py"
    )
    uploader.selectbox(key="upload_dataset__zh").set_value("complaints")
    uploader.run()
    uploader.get("file_uploader")[0].upload("投诉.xlsx", b"PK\x03\x04 hostile", "application/zip")
    reading = threading.Thread(target=uploader.run, kwargs={"timeout": 60})
    began = time.monotonic()
    reading.start()
    time.sleep(1.0)
    assert reading.is_alive()  # the file is being read
    viewer = run_app(demo_store.root, monkeypatch, "zh", user="demo-leader")
    assert "总览" in all_text(viewer) and viewer.metric  # the leader's page, in full
    assert reading.is_alive(), "the viewer waited for the upload"
    reading.join(timeout=60)
    assert 9 < time.monotonic() - began < 60
    assert "文件未通过校验" in all_text(uploader)
    [problem] = uploader.session_state["upload_prepared"].problems
    assert problem.code == "parse_timeout" and "10 秒" in problem.message("zh")
