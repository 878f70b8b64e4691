"""Keeping the server's memory near what it holds.

A report at province scale works through hundreds of MB of frames for a few seconds, then
keeps a small result. By default that peak stays in the process: Arrow's own pool (mimalloc)
keeps what it freed, deltalake's jemalloc keeps freed pages (lazily given back, and counted as
resident until the kernel needs them), and glibc spreads a threaded server (every Streamlit
rerun is a thread) over many arenas whose freed blocks are not returned. So Arrow allocates
from the C library from its first buffer on, deltalake's jemalloc returns freed pages within
a second, the C library uses few arenas, and after a heavy computation :func:`release` hands
freed memory back (``malloc_trim``).

The allocators read their settings when first loaded: ``import app`` sets them before
anything imports pyarrow or deltalake. A setting already in the environment is kept."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os

ALLOCATOR_ENVIRONMENT = {
    # Arrow's default pool: the C library's malloc, not the bundled mimalloc (which keeps a
    # 1 GiB reservation and what it freed).
    "ARROW_DEFAULT_MEMORY_POOL": "system",
    # deltalake's jemalloc (prefixed _rjem_): freed pages purged after a second, and purged
    # at once rather than "lazily freed" (MADV_FREE pages stay in the resident set).
    "_RJEM_MALLOC_CONF": "dirty_decay_ms:1000,muzzy_decay_ms:0",
}
# COUNTY_MEMORY_TUNING=off leaves every allocator as the libraries set it (to measure what
# this module pays, or where it misbehaves): bench/RESULTS.md has what it measured.
TUNING = os.environ.get("COUNTY_MEMORY_TUNING", "on").lower() not in ("off", "0", "false", "no")
if TUNING:
    for _name, _value in ALLOCATOR_ENVIRONMENT.items():
        os.environ.setdefault(_name, _value)

import pyarrow  # noqa: E402 - after the allocator settings above

_M_ARENA_MAX = -8  # mallopt parameters (malloc.h)
_M_MMAP_THRESHOLD = -3
ARENAS = 2
# Blocks from this size get their own mapping, returned to the system when freed. Setting it
# also stops glibc from raising it after each large free (up to 32 MB), which would put a
# report's large column buffers in the heap, where small blocks pin them.
MMAP_THRESHOLD = 256 * 1024


@functools.cache
def _libc() -> ctypes.CDLL | None:
    if not TUNING:
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim, libc.mallopt  # noqa: B018 - glibc only
    except (OSError, AttributeError):  # not glibc (macOS, musl): leave the defaults
        return None
    return libc


@functools.cache
def use_returning_allocators() -> None:
    """Once per process: Arrow on the C allocator, glibc on at most ``ARENAS`` arenas, large
    blocks mapped on their own."""
    libc = _libc()
    if libc is None:
        return
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    libc.mallopt(_M_ARENA_MAX, ARENAS)
    libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)


def release() -> None:
    """Hand the memory freed since the last call back to the system."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
