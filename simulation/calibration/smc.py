"""ABC-SMC with pyabc: the likelihood-free Bayesian fit of a scenario to a usage export.

The model is stochastic and has no likelihood one could write down, so the
fit is approximate Bayesian computation with sequential Monte Carlo (pyabc,
Klinger et al. 2018): parameters are drawn from the uniform ``--fit``
ranges, the scenario is simulated up to the last week of data, and a draw is
kept when the simulated measures come close enough to the observed ones;
each generation lowers "close enough" (the median distance of the previous
one) and proposes around what was kept. The distance is the root mean
square difference over every observed (week, measure) point, in shares of
headcount.

Every simulation's seed is derived from the calibration's seed and the
drawn values, and the sampler (:mod:`~simulation.calibration.sampler`) fixes
the order in which candidates are taken, so one seed decides the run
whatever the number of workers. pyabc stores every generation in an SQLite
database; an interrupted calibration continues from the last finished
generation (``--resume``).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulation.calibration.fitspec import FitParam, with_values
from simulation.calibration.measures import measure, run_weeks
from simulation.calibration.usage import UsageData
from simulation.scenario.schema import Scenario

MAX_GENERATIONS = 20


def population_size(budget: int) -> int:
    """Accepted draws per generation for a budget of runs (about 15 generations' worth)."""
    return int(min(500, max(20, budget // 15)))


def run_seed(seed: int, values: Sequence[float]) -> int:
    """The model seed for one simulation: the calibration seed and the drawn values."""
    crc = zlib.crc32(np.asarray(values, dtype=np.float64).tobytes())
    seq = np.random.SeedSequence([int(seed) & 0xFFFFFFFF, crc])
    return int(seq.generate_state(1, dtype=np.uint32)[0])


class Simulator:
    """What pyabc calls: parameter values in, the simulated measures at the data's points out.

    Picklable (it travels to worker processes and Dask workers): it holds the
    scenario object, not a file name.
    """

    def __init__(self, base: Scenario, fit: Sequence[FitParam], points: pd.DataFrame,
                 seed: int) -> None:
        self.base, self.keys, self.seed = base, [f.key for f in fit], int(seed)
        self.weeks = int(points["week"].max())
        self.metrics = list(dict.fromkeys(points["metric"]))
        self.index = [(m, points.loc[points["metric"] == m, "week"].to_numpy(dtype=np.int64))
                      for m in self.metrics]

    def values(self, pars: Any) -> list[float]:
        """The drawn values in ``--fit`` order (pyabc names them p0, p1, ...)."""
        return [float(pars[f"p{i}"]) for i in range(len(self.keys))]

    def timeseries(self, values: Sequence[float], seed: int, weeks: int) -> pd.DataFrame:
        """Run the scenario with these values for ``weeks`` weeks."""
        from simulation.engine.model import CommunityModel

        sc = with_values(self.base, dict(zip(self.keys, values, strict=True)))
        model = CommunityModel(sc, seed=seed, agents=False)
        return model.run(weeks)

    def __call__(self, pars: Any) -> dict[str, np.ndarray]:
        """Simulate one candidate; return ``{"y": measures at the observed points}``."""
        values = self.values(pars)
        ts = self.timeseries(values, run_seed(self.seed, values), run_weeks(self.weeks))
        return {"y": np.concatenate([measure(ts, m)[w] for m, w in self.index])}


def distance(x: dict[str, np.ndarray], x0: dict[str, np.ndarray]) -> float:
    """Root mean square difference over the observed points (shares of headcount)."""
    return float(np.sqrt(np.mean((np.asarray(x["y"]) - np.asarray(x0["y"])) ** 2)))


def observed(data: UsageData) -> tuple[pd.DataFrame, np.ndarray]:
    """The data's points in the simulator's order (measure by measure, week by week)."""
    points = data.points()
    order = {m: i for i, m in enumerate(dict.fromkeys(points["metric"]))}
    points = points.assign(_o=points["metric"].map(order)).sort_values(
        ["_o", "week"], kind="stable").drop(columns="_o").reset_index(drop=True)
    return points, points["value"].to_numpy(dtype=float)


@dataclass
class Fitted:
    """The posterior: one row per draw (fitted keys and ``weight``) and how it was reached."""

    draws: pd.DataFrame
    generations: int
    simulations: int
    epsilon: float
    population: int


def weighted_quantiles(values: np.ndarray, weights: np.ndarray,
                       qs: Sequence[float]) -> np.ndarray:
    """Quantiles of a weighted sample (midpoint rule on the cumulative weights)."""
    order = np.argsort(values, kind="stable")
    v, w = np.asarray(values, dtype=float)[order], np.asarray(weights, dtype=float)[order]
    cum = (np.cumsum(w) - 0.5 * w) / w.sum()
    return np.interp(qs, cum, v)


def fit(base: Scenario, data: UsageData, params: Sequence[FitParam], *, seed: int,
        budget: int, sampler: Any, db: Path, resume: bool = False,
        on_generation: Callable[[int, int, float], None] | None = None) -> Fitted:
    """Run (or continue) ABC-SMC until the budget of simulations is spent.

    Args:
        base: the scenario (its horizon is ignored here: runs stop at the last
            week of data).
        data: the usage export.
        params: the fitted keys and their uniform prior ranges.
        seed: decides the run.
        budget: the most simulations in total (resumed runs count what was
            done before).
        sampler: a :class:`~simulation.calibration.sampler.SeededSampler`.
        db: the SQLite file pyabc keeps the generations in.
        resume: continue the calibration stored in ``db``.
        on_generation: called after each generation with (generation,
            simulations so far, epsilon).
    """
    import logging

    import pyabc

    for name in ("ABC", "ABC.Sampler", "ABC.History", "ABC.Distance", "ABC.Epsilon",
                 "ABC.Acceptor", "ABC.Transition", "ABC.Predictor", "ABC.Population"):
        logging.getLogger(name).setLevel(logging.WARNING)
    points, y0 = observed(data)
    prior = pyabc.Distribution(**{f"p{i}": pyabc.RV("uniform", p.low, p.high - p.low)
                                  for i, p in enumerate(params)})
    pop = population_size(budget)
    abc = pyabc.ABCSMC(Simulator(base, params, points, seed), prior,
                       pyabc.distance.FunctionDistance(distance), population_size=pop,
                       sampler=sampler, eps=pyabc.epsilon.QuantileEpsilon(alpha=0.5))
    url = f"sqlite:///{db}"
    np.random.seed(int(seed) & 0xFFFFFFFF)
    if resume:
        abc.load(url, 1)
    else:
        abc.new(url, {"y": y0})
    hist = abc.history
    if hist.total_nr_simulations < budget and (hist.max_t + 1) < MAX_GENERATIONS:
        t = abc.initialize_components_before_run(
            minimum_epsilon=0.0, max_nr_populations=MAX_GENERATIONS - (hist.max_t + 1),
            min_acceptance_rate=0.0, max_total_nr_simulations=budget, max_walltime=None,
            min_eps_diff=0.0)
        while True:
            np.random.seed(int(np.random.SeedSequence([int(seed), t]).generate_state(1)[0]))
            before = int(hist.total_nr_simulations)
            ret = abc.run_generation(t=t)
            done = int(hist.total_nr_simulations)
            if ret["successful"] and on_generation is not None:
                on_generation(t, done, float(abc.eps(t)))
            # Each generation costs more than the last; stop before one that would
            # probably overrun the budget (a generation cannot be cut short).
            if not ret["successful"] or abc.check_terminate(
                    t=t, acceptance_rate=ret["acceptance_rate"]) \
                    or done + 1.5 * (done - before) > budget:
                break
            t += 1
    frame, weights = hist.get_distribution(m=0, t=hist.max_t)
    draws = pd.DataFrame({p.key: frame[f"p{i}"].to_numpy() for i, p in enumerate(params)})
    draws["weight"] = np.asarray(weights) / np.sum(weights)
    pops = hist.get_all_populations()
    eps = float(pops.loc[pops["t"] == hist.max_t, "epsilon"].iloc[0])
    return Fitted(draws=draws, generations=int(hist.max_t + 1),
                  simulations=int(hist.total_nr_simulations), epsilon=eps, population=pop)
