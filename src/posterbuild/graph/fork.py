"""Many diagrams at once: a function over a list, in forked worker processes, one per CPU.

Routing is pure Python and each diagram's is independent of the others', so on a machine with
more than one CPU the diagrams of a large poster are laid out in forked copies of this process
(they inherit everything loaded so far: nothing but the results is sent between processes).
The results come back in the list's order and are the same, byte for byte, as one process's.

The work stays in this process when it is small (fewer than ``least`` items), when there is
one CPU, when this system cannot fork, or when other threads are running (a fork copies only
the calling thread). An item whose worker failed, or all items when the pool itself failed, is
run again here, so an error is raised exactly as it would be without workers.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["fork_map", "usable_cpus"]

T = TypeVar("T")
R = TypeVar("R")

_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # set before the workers fork


def usable_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _can_fork() -> bool:
    import multiprocessing
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def fork_map(fn: Callable[[T], R], items: Sequence[T], *, least: int = 2) -> list[R]:
    """``[fn(x) for x in items]``, in forked workers when that can help (see the module)."""
    workers = min(usable_cpus(), len(items))
    if workers < 2 or len(items) < least or not hasattr(os, "fork") or not _can_fork():
        return [fn(x) for x in items]
    answers = _in_workers(fn, items, workers)
    # an item that failed in a worker (or every item, when the pool broke) runs again here, in
    # order: the first error is raised as this process would have raised it
    return [value if done else fn(x) for x, (done, value) in zip(items, answers)]


def _in_workers(fn: Callable[[T], R], items: Sequence[T], workers: int) -> list[tuple[bool, Any]]:
    """(done, result) for each item, from ``workers`` forked processes."""
    global _TASK
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    sys.stdout.flush()  # a worker must not write out a copy of what waits in a buffer
    sys.stderr.flush()
    _TASK = (fn, items)
    pool = None
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        return list(pool.map(_run, range(len(items))))
    except Exception:  # the pool broke (a worker died, a result that cannot be sent back...)
        return [(False, None)] * len(items)
    finally:
        _TASK = None
        if pool is not None:  # interrupted (Ctrl-C, SIGTERM): the items not started never start
            pool.shutdown(wait=True, cancel_futures=True)


def _run(i: int) -> tuple[bool, Any]:
    """In a worker: item ``i`` of the task it inherited, and whether it was done (an error is
    answered, not raised: it may not survive the way back, and it is raised again at home)."""
    assert _TASK is not None
    fn, items = _TASK
    try:
        return True, fn(items[i])
    except Exception:
        return False, None
