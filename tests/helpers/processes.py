"""Servers the tests start (moto's S3, the app for Chromium): stopped the same way."""

from __future__ import annotations

import subprocess
from typing import IO


def stop(proc: subprocess.Popen, log: IO, timeout: float) -> None:
    """Ask ``proc`` to end, kill it after ``timeout`` seconds, close its log."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
