"""The upload reader's worker process (see ``app.ingest.isolated``): reads a request from
stdin (8 bytes of length, then a pickle of content, file name and limits), answers on stdout
with the sheets or the problem, and waits for the next. Its address space is capped at start.

    python -m app.ingest.worker MEMORY_MB"""

from __future__ import annotations

import os
import pickle
import resource
import sys
import threading
import traceback

import app  # noqa: F401 - the allocator settings, before pyarrow loads
from app.ingest.isolated import HEADER, MB
from app.ingest.problems import IngestError, Problem
from app.ingest.readers import read_sheets
from app.memory import release
from app.settings import UploadSettings


def _virtual_size() -> int:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def limit_memory(megabytes: int) -> None:
    """Cap the address space at what it is now plus ``megabytes``."""
    try:
        cap = _virtual_size() + megabytes * MB
    except (OSError, ValueError):  # not Linux: no cap
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _read_exactly(stream: object, size: int) -> bytes | None:
    data = stream.read(size)  # type: ignore[attr-defined]
    return data if data is not None and len(data) == size else None


def answer(content: bytes, filename: str, limits: object) -> tuple[str, object]:
    try:
        return "sheets", read_sheets(content, filename, limits)  # type: ignore[arg-type]
    except IngestError as exc:
        return "problem", exc.problem
    except MemoryError:
        return "problem", Problem("parse_memory", params={"mb": limits.parse_memory_mb})  # type: ignore[attr-defined]
    except Exception:  # a file no reader expected: named as unreadable, logged for us
        traceback.print_exc(file=sys.stderr)
        return "problem", Problem("corrupt")


def main(argv: list[str]) -> int:
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers on the answer pipe
    limit_memory(int(argv[0]))
    while True:
        header = _read_exactly(requests, HEADER.size)
        if header is None:
            return 0
        (size,) = HEADER.unpack(header)
        request = _read_exactly(requests, size)
        if request is None:
            return 0
        content, filename, values = pickle.loads(request)
        limits = UploadSettings(**values)
        del request
        try:
            payload = pickle.dumps(answer(content, filename, limits), pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            return 3  # the server reports the memory limit
        del content
        answers.write(HEADER.pack(len(payload)))
        answers.write(payload)
        answers.flush()
        del payload
        for thread in threading.enumerate():  # a reader's thread still at work ends first
            if thread is not threading.main_thread():
                thread.join()
        release()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
