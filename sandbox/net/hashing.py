"""Where password hashing runs: a small pool of its own, and memory handed back after.

scrypt (N=2^14, r=8) allocates 16 MiB per hash. On the event loop's default executor
(six threads here) a burst of logins ran six at once and lifted a 30 MB server to
130 MB, and glibc kept that heap: after it frees a block that big it raises its mmap
threshold, so the next 16 MiB comes from the heap and is never returned. Two workers
already use both cores of a small server (20 logins arriving together wait well under a
second), and a fixed mmap threshold makes every such block a mapping of its own that
free() unmaps at once.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from concurrent.futures import ThreadPoolExecutor

#: Hashes computed at once; more logins queue (each costs ~60 ms of one core).
WORKERS = 2
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number
_THRESHOLD = 1 << 20

_pool: ThreadPoolExecutor | None = None


def hashing_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _return_big_blocks()
        _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="sandbox-scrypt")
    return _pool


def _return_big_blocks() -> None:
    """Blocks of 1 MiB and more get their own mapping, returned on free (glibc only)."""
    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        libc = ctypes.CDLL(name)
        libc.mallopt(_M_MMAP_THRESHOLD, _THRESHOLD)
    except (OSError, AttributeError):
        pass  # not glibc: the pool still bounds how much is in use at once
