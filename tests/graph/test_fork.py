"""Forked workers for many diagrams: the same results in the same order, errors raised at home."""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

import pytest

from posterbuild import pipeline
from posterbuild.graph import arrange, fork
from posterbuild.graph.fork import fork_map

ROOT = Path(__file__).resolve().parents[2]


def _forks() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class _TwoArgs(Exception):
    """An error that does not survive pickling (its constructor takes two arguments)."""

    def __init__(self, what: str, pid: int) -> None:
        super().__init__(f"{what} in {pid}")
        self.pid = pid


@pytest.fixture
def two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fork, "usable_cpus", lambda: 2)
    monkeypatch.setattr(arrange, "usable_cpus", lambda: 2)


def test_results_come_back_in_order_from_the_workers(two_cpus) -> None:
    out = fork_map(lambda x: (x * x, os.getpid()), list(range(12)), least=1)
    assert [v for v, _ in out] == [x * x for x in range(12)]
    if _forks():
        assert os.getpid() not in {pid for _, pid in out}


def test_a_workers_error_is_raised_by_this_process_as_without_workers(two_cpus) -> None:
    ran: list[int] = []

    def job(x: int) -> int:
        ran.append(x)  # in this process only: the workers' lists are their own
        if x in (3, 4):
            raise _TwoArgs(f"item {x}", os.getpid())
        return x

    with pytest.raises(_TwoArgs) as err:
        fork_map(job, list(range(6)), least=1)
    assert err.value.pid == os.getpid() and str(err.value).startswith("item 3 ")
    if _forks():
        assert ran == [3]  # the others came from the workers; the first failure ran again here


def test_small_jobs_one_cpu_or_other_threads_stay_in_this_process(two_cpus, monkeypatch) -> None:
    me = os.getpid()
    assert {fork_map(lambda x: os.getpid(), [1, 2, 3], least=4)[i] for i in range(3)} == {me}
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert set(fork_map(lambda x: os.getpid(), list(range(8)), least=1)) == {me}
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(fork, "usable_cpus", lambda: 1)
    assert set(fork_map(lambda x: os.getpid(), list(range(8)), least=1)) == {me}


@pytest.mark.exe
def test_a_poster_laid_out_in_parts_is_byte_identical(two_cpus, monkeypatch) -> None:
    monkeypatch.setenv("POSTERBUILD_CACHE", "0")  # both builds run Graphviz
    loaded = pipeline.load(ROOT / "data" / "sfb2015")
    whole = pipeline.build(loaded)
    monkeypatch.setattr(arrange, "FORK_LEAST", 2)
    parts = pipeline.build(loaded)
    assert parts.pdf == whole.pdf
    assert parts.layouts == whole.layouts and list(parts.plans) == list(whole.plans)
    assert parts.dot_runs == whole.dot_runs
