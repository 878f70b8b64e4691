"""Keeping the server's memory near what it holds.

A report at province scale works through hundreds of MB of frames for a few seconds, then
keeps a small result. By default that peak stays in the process: Arrow's own pool (mimalloc)
keeps what it freed, and glibc spreads a threaded server (every Streamlit rerun is a thread)
over many arenas whose freed blocks are not returned. So Arrow allocates from the C library,
the C library uses few arenas, and after a heavy computation :func:`release` hands freed
memory back (``malloc_trim``)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

import pyarrow

_M_ARENA_MAX = -8  # mallopt parameters (malloc.h)
_M_MMAP_THRESHOLD = -3
ARENAS = 2
# Blocks from this size get their own mapping, returned to the system when freed. Setting it
# also stops glibc from raising it after each large free (up to 32 MB), which would put a
# report's large column buffers in the heap, where small blocks pin them.
MMAP_THRESHOLD = 256 * 1024


@functools.cache
def _libc() -> ctypes.CDLL | None:
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
