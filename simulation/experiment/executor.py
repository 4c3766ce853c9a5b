"""Where runs execute: local processes or a Dask cluster, behind one interface.

Both executors offer ``submit(task)`` returning a future, ``wait_any(futures)``
returning ``(done, not_done)``, and ``slots`` (how many runs to keep in
flight). The sweep loop is the same for both: submit run ids, collect them as
they complete, submit more. No home-made cluster protocol: Dask's scheduler
places tasks, and when a worker dies it reschedules that worker's tasks on
the others.

Local runs use ``concurrent.futures.ProcessPoolExecutor`` with the *spawn*
start method, so workers start clean (no forked copies of the parent's
threads or open files) exactly like Dask's worker processes do.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import uuid
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from simulation.errors import InputError
from simulation.experiment.worker import run_task
from simulation.runs.pool import spawn_pool
from simulation.runs.stopping import stop_pool


class Executor(Protocol):
    """What the sweep loop needs from an executor."""

    slots: int
    label: str

    def submit(self, task: dict[str, Any]) -> Any:
        """Start one run; return its future."""

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        """Block until at least one future is done; return (done, not done)."""

    def retryable(self, exc: BaseException) -> bool:
        """True when a run was lost by the executor rather than failed by itself."""

    def close(self, abort: bool = False) -> None:
        """Release processes and connections (``abort``: end runs in flight)."""


class InlineExecutor:
    """Runs in this very process, one at a time (``--workers 0``: debugging, profiling)."""

    slots = 1
    label = "this process (no workers)"

    def submit(self, task: dict[str, Any]) -> cf.Future:
        """Run now; return a finished future."""
        fut: cf.Future = cf.Future()
        fut.set_result(run_task(task))
        return fut

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        """Every future is already done."""
        return set(futures), set()

    @staticmethod
    def retryable(exc: BaseException) -> bool:
        """A run in this process fails only by itself."""
        return False

    def close(self, abort: bool = False) -> None:
        """Nothing to release."""


class LocalExecutor:
    """A pool of spawned Python processes on this machine."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self.pool = self._new_pool()
        self.slots = 2 * self.workers  # a queue of one task per worker hides latency
        self.label = f"{self.workers} local process{'es' if self.workers > 1 else ''}"

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        return spawn_pool(self.workers)

    def submit(self, task: dict[str, Any]) -> cf.Future:
        """Start one run in the pool (a new pool if a worker process died)."""
        if getattr(self.pool, "_broken", False):
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()
        return self.pool.submit(run_task, task)

    @staticmethod
    def retryable(exc: BaseException) -> bool:
        """A worker process died (killed, out of memory): the run itself may be fine."""
        return isinstance(exc, BrokenProcessPool)

    def worker_pids(self) -> dict[str, int]:
        """Process id of every worker process (used by the fault tests)."""
        return {str(i): pid for i, pid in enumerate(self.pool._processes or {})}

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        """Wait for the first finished run."""
        done, rest = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
        return set(done), set(rest)

    def close(self, abort: bool = False) -> None:
        """Stop the pool; queued runs are dropped (a resume runs them).

        Args:
            abort: end the worker processes now (Ctrl-C, SIGTERM) instead of
                waiting for the runs in flight.
        """
        stop_pool(self.pool, abort)


class DaskExecutor:
    """A Dask distributed client: an existing scheduler, or a local cluster.

    Args:
        scheduler: ``tcp://host:port`` of a running ``dask scheduler``; when
            ``None``, a ``LocalCluster`` of ``workers`` processes on
            127.0.0.1 is started (and stopped by :meth:`close`).
        workers: worker processes for the local cluster.
    """

    def __init__(self, scheduler: str | None, workers: int) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None
        try:
            if scheduler is None:
                self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                            processes=True, host="127.0.0.1",
                                            dashboard_address=None)
                self.client = Client(self.cluster)
            else:
                self.client = Client(scheduler, timeout="10s")
        except OSError as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise InputError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        threads = sum(self.client.nthreads().values()) or 1
        self.slots = max(4, 2 * threads)
        self.token = uuid.uuid4().hex[:8]  # keys unique to this sweep on a shared cluster
        where = "local Dask cluster" if scheduler is None else f"Dask at {scheduler}"
        self.label = f"{where} ({threads} worker thread{'s' if threads > 1 else ''})"

    def submit(self, task: dict[str, Any]) -> Any:
        """Send one run to the scheduler."""
        key = f"adoptsim-run-{task['run_id']}-{self.token}"
        return self.client.submit(run_task, task, key=key, pure=False)

    def wait_any(self, futures: set[Any]) -> tuple[set[Any], set[Any]]:
        """Wait for the first finished run."""
        from distributed import wait

        done, rest = wait(list(futures), return_when="FIRST_COMPLETED")
        return set(done), set(rest)

    @staticmethod
    def retryable(exc: BaseException) -> bool:
        """Dask already retries runs of dead workers (``KilledWorker`` after 3 deaths)."""
        return False

    def worker_pids(self) -> dict[str, int]:
        """Process id of every worker (used by the fault tests)."""
        return self.client.run(os.getpid)

    def close(self, abort: bool = False) -> None:
        """Disconnect; stop the local cluster (and its workers) if this executor started it."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(workers: int | None, scheduler: str | None, dask: bool = False) -> Executor:
    """Local processes by default; Dask with ``scheduler`` (or ``dask=True``).

    ``workers=0`` runs everything in this process (no pool), for debugging.
    """
    n = workers if workers is not None else max(1, (os.cpu_count() or 2))
    if n < 0:
        raise InputError(f"--workers {n}: expected a number of workers >= 0")
    if scheduler is not None or dask:
        return DaskExecutor(scheduler, max(n, 1))
    return LocalExecutor(n) if n > 0 else InlineExecutor()
