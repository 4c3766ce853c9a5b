"""A pyabc sampler whose result is decided by the seed, whatever runs the simulations.

pyabc's parallel samplers keep whichever simulations finish first, so a
calibration on 2 workers differs from one on 8, and from itself when run
again. This sampler makes the order a matter of numbers, not of timing:

* candidates are simulated in batches of :data:`BATCH` (the batch size does
  not depend on the number of workers);
* batch *b* of generation *t* seeds numpy's global generator (which pyabc
  uses to propose parameters) from ``(seed, t, b)`` before it starts;
* results are taken batch by batch in the order of *b*, and the generation
  stops at exactly the candidate that completes the population.

Batches run in this process, in local worker processes (``spawn``), or on a
Dask cluster; the function pyabc gives us (a closure) travels as cloudpickle
bytes. A few batches more than needed may be simulated and thrown away; they
are not counted.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from typing import Any

import cloudpickle
import numpy as np
from pyabc.sampler import Sampler

BATCH = 8  # candidates per task: small enough to stop soon, large enough to cut overhead


def batch_seed(seed: int, t: int, b: int) -> int:
    """The 32-bit seed of batch ``b`` of generation ``t`` (t = -1: the calibration sample)."""
    seq = np.random.SeedSequence([int(seed) & 0xFFFFFFFF, int(t) + 1, int(b)])
    return int(seq.generate_state(1, dtype=np.uint32)[0])


_LOADED: dict[int, Any] = {}  # in a worker: the last generation's function, by hash


def run_batch(payload: bytes, seed: int, size: int) -> list[Any]:
    """Simulate ``size`` candidates with pyabc's ``simulate_one`` (in a worker)."""
    key = hash(payload)
    simulate_one = _LOADED.get(key)
    if simulate_one is None:
        _LOADED.clear()
        simulate_one = _LOADED[key] = cloudpickle.loads(payload)
    np.random.seed(seed)
    return [simulate_one() for _ in range(size)]


class Runner:
    """Where batches run: in-process, local processes, or a Dask client.

    Args:
        workers: local worker processes (1 = in this process).
        client: a ``distributed.Client``; when given, ``workers`` is ignored.
    """

    def __init__(self, workers: int = 1, client: Any = None) -> None:
        self.client = client
        self.workers = max(1, int(workers))
        self.pool = None
        if client is None and self.workers > 1:
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(self.workers,
                                            mp_context=multiprocessing.get_context("spawn"))

    @property
    def slots(self) -> int:
        """Batches kept in flight."""
        if self.client is not None:
            return max(2, 2 * sum(self.client.nthreads().values()))
        return self.workers + 1 if self.pool is not None else 1

    def batches(self, payload: bytes, seeds: Callable[[int], int]) -> Iterator[list[Any]]:
        """Yield batch 0, 1, 2, ... in order, keeping :attr:`slots` in flight."""
        if self.pool is None and self.client is None:
            b = 0
            while True:
                yield run_batch(payload, seeds(b), BATCH)
                b += 1
        submit = (self.pool.submit if self.pool is not None
                  else lambda *a: self.client.submit(*a, pure=False))
        if self.client is not None:
            payload = self.client.scatter(payload, broadcast=True)
        pending: list[Any] = []
        b = 0
        try:
            while True:
                while len(pending) < self.slots:
                    pending.append(submit(run_batch, payload, seeds(b), BATCH))
                    b += 1
                yield pending.pop(0).result()
        finally:
            for fut in pending:
                fut.cancel()

    def map(self, fn: Callable[[Any], Any], tasks: list[Any]) -> list[Any]:
        """``[fn(t) for t in tasks]``, in order, over the same workers as the batches."""
        if self.client is not None:
            return self.client.gather(self.client.map(fn, tasks, pure=False))
        if self.pool is not None:
            return list(self.pool.map(fn, tasks))
        return [fn(t) for t in tasks]

    def close(self) -> None:
        """Stop the local worker processes (a Dask client is closed by its owner)."""
        if self.pool is not None:
            from simulation.runs.stopping import stop_pool

            stop_pool(self.pool, abort=True)
            self.pool = None


class SeededSampler(Sampler):
    """pyabc sampler: batches in a fixed order, each seeded from the root seed.

    Args:
        seed: the calibration's seed.
        runner: where the batches run.
        on_batch: called with the number of candidates simulated so far in the
            generation (progress).
    """

    def __init__(self, seed: int, runner: Runner,
                 on_batch: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.seed, self.runner, self.on_batch = int(seed), runner, on_batch
        self.on_payload: Callable[[int], None] | None = None

    def sample_until_n_accepted(self, n: int, simulate_one: Callable[[], Any], t: int, *,
                                max_eval: float = np.inf, all_accepted: bool = False,
                                ana_vars: Any = None) -> Any:
        """Simulate batches in order until ``n`` candidates are accepted (or ``max_eval``)."""
        sample = self._create_empty_sample()
        payload = cloudpickle.dumps(simulate_one)
        if self.on_payload is not None:
            self.on_payload(len(payload))
        evaluated = 0
        stream = self.runner.batches(payload, lambda b: batch_seed(self.seed, t, b))
        try:
            for batch in stream:
                for particle in batch:
                    if sample.n_accepted >= n or evaluated >= max_eval:
                        break
                    sample.append(particle)
                    evaluated += 1
                if self.on_batch is not None:
                    self.on_batch(evaluated)
                if sample.n_accepted >= n or evaluated >= max_eval:
                    break
        finally:
            stream.close()
        self.nr_evaluations_ = evaluated
        if sample.n_accepted < n:
            sample.ok = False
        return sample
