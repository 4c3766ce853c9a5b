"""The one process pool and the one seed derivation of every multi-run command.

``compare`` and ``sweep`` both run replicates in worker processes and both
give replicate ``i`` the same seed in every scenario or design point (common
random numbers), so a difference between two of them is not the noise of
different draws. Both get their pool and their seeds here.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import numpy as np


def replicate_seed(root_seed: int, replicate: int) -> int:
    """The model seed of replicate ``replicate``: 32 bits of ``SeedSequence(root, spawn_key=(i,))``.

    The same as the ``i``-th child of ``SeedSequence(root).spawn(n)``, for any ``n``.
    """
    ss = np.random.SeedSequence(int(root_seed), spawn_key=(int(replicate),))
    return int(ss.generate_state(1, dtype=np.uint32)[0])


def replicate_seeds(root_seed: int, replicates: int) -> list[int]:
    """The seeds of replicates ``0 .. replicates - 1`` (see :func:`replicate_seed`)."""
    return [replicate_seed(root_seed, i) for i in range(int(replicates))]


def spawn_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes started with *spawn*.

    Spawn, not fork: a forked child would inherit the parent's threads and
    locks (BLAS, Dask, the progress bar) half-held; a spawned one imports the
    package afresh, the same on Linux, macOS and Windows.
    """
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("spawn"))
