"""Share a long loop of independent jobs with worker processes forked from this one.

Rendering 63,000 pages is pure Python, so one process keeps one core busy however many the
machine has (two builds side by side on a 2-core machine each took as long as one alone).
Here the jobs are dealt round-robin: of n processes, this one does jobs 0, n, 2n... and each
of n - 1 forked workers the others. A fork shares everything built before it (the model, the
compiled templates) without pickling any of it; each worker pickles its results back through
a pipe as it goes, and this process reads them between the jobs of its own share.

Forking is safe only in a process with one thread (a lock another thread held at the fork
stays held in the worker for good), so `workers_for` gives 1 where there is another thread
(`mkdocs serve`) and where there is no fork (Windows). A worker never runs any of its
parent's code after its share: it ends with `os._exit`, whatever happens, so no `finally`
or `atexit` of the caller runs twice. An exception in a worker comes back as its traceback;
a worker that dies without finishing (killed, out of memory) is an error too, never a
quietly shorter result.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import threading
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

MAX_AUTO_WORKERS = 4  # each process holds its own copy of what it touches: memory grows with them


class WorkerFailed(RuntimeError):
    """A worker process raised or died: a bug or the machine, not the user's input."""


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # what this process may run on (taskset, containers)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def workers_for(jobs: int, wanted: int | None, min_jobs: int) -> int:
    """How many processes should share `jobs`: `wanted` if given (1: no worker), else on Linux
    as many as there are usable CPUs (at most MAX_AUTO_WORKERS) when there are at least
    `min_jobs` jobs, a fork costing more than a few pages take. Always 1 where forking is
    unsafe."""
    if wanted is not None:
        count = max(1, wanted)
    elif sys.platform.startswith("linux"):
        count = min(usable_cpus(), MAX_AUTO_WORKERS) if jobs >= min_jobs else 1
    else:  # macOS can fork, but its system libraries may not survive it: only when asked
        count = 1
    if count > 1 and (not hasattr(os, "fork") or threading.active_count() > 1
                      or threading.current_thread() is not threading.main_thread()):
        return 1
    return max(1, min(count, jobs))


@dataclass
class Shared:
    """What `run_shared` gives back: each job's result by its index (None for the jobs after
    one that stopped its process), and the peak memory of each worker in KiB (ru_maxrss)."""

    results: list[Any]
    worker_peaks_kib: list[int] = field(default_factory=list)


_END = -1  # the index of a worker's last message: its share is complete
_FAILED = -2  # ...of a worker's traceback
_PIPE_BYTES = 1 << 20  # asked of Linux for each pipe (F_SETPIPE_SZ; its default is 64 KiB)


def run_shared(count: int, do: Callable[[int], Any], processes: int, *,
               stops: Callable[[Any], bool] = lambda value: False,
               export: Callable[[int, Any], Any] = lambda index, value: value,
               tell: Callable[[], None] = lambda: None) -> Shared:
    """`do(i)` for every i in range(count), shared among `processes` processes (this one
    included). A result for which `stops` is true ends the share of the process that made it
    (the caller reports the first such result in index order: every job before it is done).
    In a worker, `export(i, result)` is what is sent back (it must pickle). `tell()` is
    called once per job finished, by any process."""
    results: list[Any] = [None] * count
    if processes <= 1 or count <= 1:
        for i in range(count):
            results[i] = do(i)
            tell()
            if stops(results[i]):
                break
        return Shared(results)
    workers: list[_Worker] = []
    try:
        for number in range(1, processes):
            read_end, write_end = os.pipe()
            _widen(write_end)
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                os.close(read_end)
                for other in workers:
                    os.close(other.read_end)
                _work(write_end, range(number, count, processes), do, stops, export)
            os.close(write_end)
            os.set_blocking(read_end, False)
            workers.append(_Worker(pid, read_end))
        # Results are read here, between this process's own jobs, not by a thread: a reading
        # thread gets the GIL only every few milliseconds while this one renders, and a worker
        # waited for it with a full pipe (measured: a third of its time).
        for i in range(0, count, processes):
            results[i] = do(i)
            tell()
            for worker in workers:
                worker.take(results, tell)
            if stops(results[i]):
                break
        while any(worker.read_end >= 0 for worker in workers):  # then the rest, from whichever is ready
            ready = select.select([worker.read_end for worker in workers if worker.read_end >= 0], [], [])[0]
            for worker in workers:
                if worker.read_end in ready:
                    worker.take(results, tell)
        peaks: list[int] = []
        for worker in workers:
            _, status, usage = os.wait4(worker.pid, 0)
            worker.pid = 0  # reaped: not killed below
            peaks.append(usage.ru_maxrss)
            if worker.failure is not None:
                raise WorkerFailed(f"a worker process failed:\n{worker.failure}")
            if not worker.complete:
                raise WorkerFailed(f"a worker process ended before its share was done (wait status {status}); "
                                   "run with one process (--jobs 1) to see why")
        return Shared(results, peaks)
    finally:
        for worker in workers:  # an error or Ctrl-C here: no worker outlives the call
            worker.close()


def _widen(fd: int) -> None:
    """A larger pipe where Linux allows it, so a worker rarely waits for this process to read."""
    try:
        import fcntl
        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except (ImportError, OSError):
        pass  # another system, or above /proc/sys/fs/pipe-max-size: the default pipe works too


def _work(write_end: int, share: range, do: Callable[[int], Any], stops: Callable[[Any], bool],
          export: Callable[[int, Any], Any]) -> None:
    """A worker's whole life: its share of the jobs, each result sent as a length and a pickle."""
    code = 1
    try:
        with os.fdopen(write_end, "wb", buffering=_PIPE_BYTES) as pipe:
            def send(index: int, value: Any) -> None:
                data = pickle.dumps((index, value), protocol=pickle.HIGHEST_PROTOCOL)
                pipe.write(len(data).to_bytes(8, "little"))
                pipe.write(data)
            try:
                for i in share:
                    value = do(i)
                    send(i, export(i, value))
                    if stops(value):
                        break
                send(_END, None)
                code = 0
            except Exception:
                send(_FAILED, traceback.format_exc())
    except BaseException:  # Ctrl-C reaches every process of the terminal: the parent reports it
        pass
    finally:
        os._exit(code)


class _Worker:
    """A forked worker as this process sees it: its pid, and its pipe read so far."""

    def __init__(self, pid: int, read_end: int) -> None:
        self.pid, self.read_end = pid, read_end
        self.buffer = bytearray()  # bytes read but not yet a whole message
        self.complete = False
        self.failure: str | None = None

    def take(self, results: list[Any], tell: Callable[[], None]) -> None:
        """Read what the pipe holds now, without waiting, and unpickle every whole message."""
        while self.read_end >= 0:
            try:
                chunk = os.read(self.read_end, _PIPE_BYTES)
            except BlockingIOError:
                break
            if not chunk:  # the worker closed the pipe: finished, or died
                os.close(self.read_end)
                self.read_end = -1
                break
            self.buffer += chunk
        buffer, start = self.buffer, 0
        while len(buffer) - start >= 8:
            size = int.from_bytes(buffer[start:start + 8], "little")
            if len(buffer) - start - 8 < size:
                break
            index, value = pickle.loads(memoryview(buffer)[start + 8:start + 8 + size])
            start += 8 + size
            if index == _END:
                self.complete = True
            elif index == _FAILED:
                self.failure = value
            else:
                results[index] = value
                tell()
        del buffer[:start]  # cheap from the front: CPython moves the start of a bytearray

    def close(self) -> None:
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0
        if self.read_end >= 0:
            os.close(self.read_end)
            self.read_end = -1
