"""Reading an upload in a worker process, with a time and a memory limit.

A file is the one input a stranger fully controls. Parsed in the server's process, a hostile
one (a few KB that expand to GB, or a shape that makes a parser crawl) would hold the GIL and
the memory every other leader's page needs. So a file is read by a worker process
(``python -m app.ingest.worker``, the readers already imported, kept between uploads): the
server only waits on a pipe, so other sessions go on being served; past ``parse_seconds`` the
worker is killed, and its address space is capped at ``parse_memory_mb`` over what it starts
with; either way the clerk is told in words which limit the file hit. Two uploads at once each
get a worker of their own; an idle worker waits for the next upload.

The protocol on the worker's stdin/stdout: a request or an answer is 8 bytes of length, then a
pickle. Only this server writes to the worker, and the answer is a list of sheets or a Problem
(the worker never executes anything the file says)."""

from __future__ import annotations

import dataclasses
import os

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None  # type: ignore[assignment]
import pickle
import selectors
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.ingest.problems import IngestError, Problem
from app.ingest.readers import Sheet, read_sheets
from app.settings import UploadSettings

ROOT = Path(__file__).resolve().parents[2]
HEADER = struct.Struct("!Q")  # the protocol's length prefix (the worker reads it too)
MB = 1024 * 1024
_idle: dict[int, list[subprocess.Popen[bytes]]] = {}  # by memory limit (MB)
_lock = threading.Lock()


def _start(memory_mb: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    worker = subprocess.Popen(
        [sys.executable, "-m", "app.ingest.worker", str(memory_mb)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=str(ROOT),
        env=env,
    )
    for pipe in (worker.stdin, worker.stdout):
        _widen(pipe)
    return worker


_SETPIPE_SIZE = 1031  # Linux's F_SETPIPE_SZ


def _widen(pipe: Any) -> None:
    """A pipe of up to 1 MB (Linux; the system's maximum where that is less) instead of
    64 KB: a month's file and its sheets (1 and 2 MB) pass in a few writes, not fifty wakeups
    of both processes (bench/ingest.py: 0.03 s of a 0.25 s upload on two cores)."""
    if pipe is None or fcntl is None:
        return
    try:
        with open("/proc/sys/fs/pipe-max-size", encoding="ascii") as fh:
            size = min(int(fh.read()), MB)
        fcntl.fcntl(pipe.fileno(), _SETPIPE_SIZE, size)
    except (OSError, ValueError):
        pass  # not Linux, or not allowed: the default size works, a little slower


def _take(memory_mb: int) -> subprocess.Popen[bytes]:
    with _lock:
        idle = _idle.setdefault(memory_mb, [])
        while idle:
            worker = idle.pop()
            if worker.poll() is None:
                return worker
    return _start(memory_mb)


def _give_back(worker: subprocess.Popen[bytes], memory_mb: int) -> None:
    with _lock:
        idle = _idle.setdefault(memory_mb, [])
        if len(idle) < 2:
            idle.append(worker)
            return
    _stop(worker)


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.kill()
    worker.wait()
    for pipe in (worker.stdin, worker.stdout):
        if pipe is not None:
            pipe.close()


def read_sheets_isolated(
    content: bytes,
    filename: str,
    limits: UploadSettings,
    progress: Callable[[float], None] | None = None,
) -> list[Sheet]:
    """``read_sheets`` in a worker process (or in this one where ``parse_in_worker`` is off).
    ``progress`` is called with the seconds spent, about every half second, while it reads.
    Raises IngestError for a file that cannot be read or that hits a limit."""
    if not limits.parse_in_worker:
        return read_sheets(content, filename, limits)
    memory = limits.parse_memory_mb
    worker = _take(memory)
    started = time.monotonic()
    deadline = started + limits.parse_seconds
    # The limits as plain values: the worker rebuilds them (a settings object of a module the
    # server reloaded since would not pickle as the worker's class).
    request = pickle.dumps(
        (content, filename, dataclasses.asdict(limits)), protocol=pickle.HIGHEST_PROTOCOL
    )
    sender = threading.Thread(target=_send, args=(worker, request), daemon=True)
    sender.start()
    try:
        kind, payload = _receive(worker, started, deadline, limits, progress)
    except BaseException:
        _stop(worker)
        raise
    reusable = kind == "sheets" or kind == "problem" and payload.code not in _FATAL
    if not reusable:
        _stop(worker)  # first: a worker that never read its request holds the sender
    sender.join()
    if reusable:
        _give_back(worker, memory)
    if kind == "problem":
        raise IngestError(payload)
    return payload


_FATAL = {"parse_timeout", "parse_memory"}  # the worker is not used again


def _send(worker: subprocess.Popen[bytes], request: bytes) -> None:
    """Write the request (in a thread: a large file fills the pipe until the worker reads)."""
    try:
        assert worker.stdin is not None
        worker.stdin.write(HEADER.pack(len(request)))
        worker.stdin.write(request)
        worker.stdin.flush()
    except (BrokenPipeError, OSError, ValueError):
        pass  # the worker died or was stopped; the answer says so


def _receive(
    worker: subprocess.Popen[bytes],
    started: float,
    deadline: float,
    limits: UploadSettings,
    progress: Callable[[float], None] | None,
) -> tuple[str, Any]:
    """The worker's answer; a problem when it runs out of time or dies (out of memory)."""
    assert worker.stdout is not None
    fd = worker.stdout.fileno()
    watch = selectors.DefaultSelector()  # epoll: any descriptor number (select stops at 1024)
    watch.register(fd, selectors.EVENT_READ)
    try:
        return _read_answer(fd, watch, started, deadline, limits, progress)
    finally:
        watch.close()


def _read_answer(
    fd: int,
    watch: selectors.BaseSelector,
    started: float,
    deadline: float,
    limits: UploadSettings,
    progress: Callable[[float], None] | None,
) -> tuple[str, Any]:
    data = bytearray()
    wanted: int | None = None
    timeout = Problem("parse_timeout", params={"seconds": f"{limits.parse_seconds:g}"})
    died = Problem("parse_memory", params={"mb": limits.parse_memory_mb})
    while wanted is None or len(data) < wanted:
        left = deadline - time.monotonic()
        if left <= 0:
            return "problem", timeout
        if not watch.select(min(left, 0.5)):
            if progress is not None:
                progress(time.monotonic() - started)
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return "problem", died  # the worker ended without an answer
        data += chunk
        if wanted is None and len(data) >= HEADER.size:
            (wanted,) = HEADER.unpack_from(data)
            if wanted > limits.parse_memory_mb * MB:  # the server holds no more than the cap
                return "problem", died
            wanted += HEADER.size
    return pickle.loads(memoryview(data)[HEADER.size : wanted])
