"""Designs: which factor values to run, and which seed each replicate gets.

A :class:`Plan` is the list of design points times the replicates. Run ids
are ``point * replicates + replicate``, so they are stable for a given
experiment file whatever order runs finish in. Seeds come from the root seed
and the *replicate* index alone (``SeedSequence(root, spawn_key=(i,))``): the
i-th replicate uses the same seed at every design point (common random
numbers), so a difference between two points is the factor's effect, not a
different draw, and nothing depends on the executor or the number of workers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulation.experiment.spec import Experiment
from simulation.runs.pool import replicate_seed

LHS_STREAM = 0x4C4853  # "LHS": the design's own stream, apart from the runs' seeds


@dataclass(frozen=True)
class Run:
    """One run: a design point and a replicate."""

    run_id: int
    point_id: int
    replicate: int
    seed: int


@dataclass
class Plan:
    """Design points (factor key -> value) and the number of replicates of each."""

    factors: list[str]
    points: list[dict[str, Any]]
    replicates: int
    root_seed: int

    @property
    def n_runs(self) -> int:
        """Number of runs in the whole plan."""
        return len(self.points) * self.replicates

    def run(self, run_id: int) -> Run:
        """The run with this id."""
        point, rep = divmod(run_id, self.replicates)
        return Run(run_id, point, rep, replicate_seed(self.root_seed, rep))

    def runs(self, skip: set[int] | frozenset[int] = frozenset()) -> Iterator[Run]:
        """Every run not in ``skip``, in id order (lazily: memory stays flat)."""
        return (self.run(i) for i in range(self.n_runs) if i not in skip)


def full_factorial(exp: Experiment) -> list[dict[str, Any]]:
    """Every combination of the listed values; the first factor varies slowest."""
    keys = [f.key for f in exp.factors]
    grids = [f.values or [] for f in exp.factors]
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*grids)]


def latin_hypercube(exp: Experiment, n: int) -> list[dict[str, Any]]:
    """``n`` points spread evenly over every range (seeded by the root seed)."""
    from scipy.stats import qmc

    rng = np.random.default_rng(np.random.SeedSequence([exp.root_seed, LHS_STREAM]))
    unit = qmc.LatinHypercube(d=len(exp.factors), rng=rng).random(n)
    return points_from_unit(exp, unit)


def points_from_unit(exp: Experiment, unit: np.ndarray) -> list[dict[str, Any]]:
    """Scale rows of [0, 1]^d onto the factors' ranges."""
    return [{f.key: f.scale(u) for f, u in zip(exp.factors, row, strict=True)} for row in unit]


def make_plan(exp: Experiment, points: list[dict[str, Any]] | None = None) -> Plan:
    """The experiment's plan: its own design, or the given points (sensitivity)."""
    from simulation.runs.limits import check_design_points

    if points is None:
        if exp.design == "full_factorial":  # counted before a single point is made
            check_design_points(math.prod(len(f.values or []) for f in exp.factors), exp.path,
                                "the full factorial of the factors' values")
            points = full_factorial(exp)
        else:
            check_design_points(int(exp.samples or 0), exp.path, "key 'samples'")
            points = latin_hypercube(exp, int(exp.samples or 0))
    return Plan([f.key for f in exp.factors], points, exp.replicates, exp.root_seed)
