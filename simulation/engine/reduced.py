"""Reduced forms: the engine with its mechanisms switched off.

With ``reduced.mode`` set to ``"bass"`` or ``"threshold"`` the
:class:`~simulation.engine.model.CommunityModel` keeps its people arrays, its tie
matrix (``model.adjacency``), its seeded streams, its weekly loop and its
measurement, but replaces the UTAUT-style transitions by a textbook rule and
switches the levers, the hierarchy (flat structures, ``simulation.org.structures``),
relapse, habit and platform ties off. That is what lets the real engine be
checked against published results (docs/validation.md).

Adopters are put in the ``contributing`` stage (visible use) and get
``ti_adopted``, so every metric and plot of the full model works unchanged;
:attr:`ReducedState.t_adopt` keeps the adoption time at sub-step resolution.

Bass (1969), per period and per non-adopter, with F the adopted share of the
whole population (``complete``) or of one's contacts (any other structure)::

    P(adopt in a sub-step) = (p + q * F) / substeps          F updated every sub-step

With ``substeps = 1`` the expected share follows the discrete recurrence
F(t+1) = F(t) + (p + q F(t)) (1 - F(t)); with many sub-steps it approaches
the continuous curve dF/dt = (p + q F)(1 - F).

Linear threshold (Granovetter 1978; Watts 2002), deterministic and
synchronous: a non-adopter acts in a week when the number (``absolute``) or
share (``fractional``) of contacts who acted by the previous week reaches
their threshold. In ``complete`` mixing the count is the number of adopters
and the share is that count over headcount (Granovetter's "per cent of the
group"). ``noise`` > 0 adds adoption below threshold with that weekly
probability (the noisy complex contagion of Eckles et al. 2024).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.special import ndtri

from simulation.engine.component import Component
from simulation.engine.people import Stage
from simulation.errors import ScenarioError

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel


@dataclass
class ReducedState:
    """State of a reduced-form run.

    Attributes:
        adopted: who has adopted.
        t_adopt: adoption time in periods (sub-step resolution; NaN if not).
        threshold: each person's threshold (threshold mode; count or share).
        rng: the stream for the reduced form's weekly draws.
    """

    adopted: np.ndarray
    t_adopt: np.ndarray
    threshold: np.ndarray
    rng: np.random.Generator


def make_thresholds(model: CommunityModel, rng: np.random.Generator) -> np.ndarray:
    """Each person's threshold from ``reduced.thresholds`` or the distribution keys."""
    r, n = model.params.reduced, model.people.n
    if r.thresholds:
        if len(r.thresholds) != n:
            raise ScenarioError(
                f"{model.params.origin}: key 'reduced.thresholds': expected one threshold per "
                f"person ({n} people), found {len(r.thresholds)}")
        return np.asarray(r.thresholds, dtype=np.float64)
    if r.threshold_draw == "fixed":
        return np.full(n, r.threshold_mean)
    if r.threshold_draw == "random":
        return r.threshold_mean + r.threshold_sd * rng.standard_normal(n)
    # Deterministic: the distribution's quantiles, handed out in a seeded order.
    values = r.threshold_mean + r.threshold_sd * ndtri((np.arange(n) + 0.5) / n)
    return values[rng.permutation(n)]


def pick_initial_adopters(model: CommunityModel, rng: np.random.Generator) -> np.ndarray:
    """Initial adopters: the listed ids, else ``initial_adopter_count`` people at random."""
    r, n = model.params.reduced, model.people.n
    if r.initial_adopters:
        ids = np.asarray(r.initial_adopters, dtype=np.int64)
        bad = ids[(ids < 0) | (ids >= n)]
        if bad.size:
            raise ScenarioError(f"{model.params.origin}: key 'reduced.initial_adopters': "
                                f"expected person ids from 0 to {n - 1} ({n} people), "
                                f"found {int(bad[0])}")
        return np.unique(ids)
    if r.initial_adopter_count > n:
        raise ScenarioError(f"{model.params.origin}: key 'reduced.initial_adopter_count': "
                            f"expected at most {n} ({n} people), found {r.initial_adopter_count}")
    return np.sort(rng.choice(n, size=r.initial_adopter_count, replace=False))


def setup(model: CommunityModel) -> None:
    """Prepare a reduced-form run: thresholds, initial adopters, no levers' traces."""
    n = model.people.n
    rng = model.stream("reduced")
    thresholds = make_thresholds(model, rng) if model.params.reduced.mode == "threshold" \
        else np.zeros(n)
    state = ReducedState(adopted=np.zeros(n, dtype=bool), t_adopt=np.full(n, np.nan),
                         threshold=thresholds, rng=model.stream("reduced-week"))
    model.reduced = state
    model.people.stage[:] = Stage.UNAWARE
    adopt(model, pick_initial_adopters(model, rng), 0.0)


def adopt(model: CommunityModel, who: np.ndarray, t: float) -> None:
    """Mark ``who`` as adopters at time ``t`` (periods)."""
    state, p = model.reduced, model.people
    state.adopted[who] = True
    state.t_adopt[who] = t
    p.stage[who] = Stage.CONTRIBUTING
    p.ti_adopted[who] = model.week
    p.ti_aware[who] = model.week
    p.ti_contrib[who] = model.week


def exposure(model: CommunityModel, adopted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Adopted contacts per person: (count, share); global in complete mixing."""
    if model.params.network.structure == "complete":
        count = float(adopted.sum())
        n = adopted.size
        return np.full(n, count), np.full(n, count / n)
    count = model.adjacency @ adopted.astype(np.float32)
    return count.astype(np.float64), count / model.degree


def bass_step(model: CommunityModel) -> dict[str, float]:
    """One period of Bass diffusion in ``substeps`` sub-steps; returns event counts."""
    r, state = model.params.reduced, model.reduced
    s = r.substeps
    total = 0
    for k in range(s):
        _, share = exposure(model, state.adopted)
        prob = np.minimum((r.p + r.q * share) / s, 1.0)
        new = np.flatnonzero(~state.adopted & (state.rng.random(state.adopted.size) < prob))
        adopt(model, new, model.week + (k + 1) / s)
        total += new.size
    return {"new_adopters": total}


def threshold_step(model: CommunityModel) -> dict[str, float]:
    """One synchronous round of the linear-threshold rule; returns event counts."""
    r, state = model.params.reduced, model.reduced
    count, share = exposure(model, state.adopted)
    value = count if r.threshold_kind == "absolute" else share
    act = ~state.adopted & (value >= state.threshold - 1e-9)
    if r.noise > 0:
        act |= ~state.adopted & (state.rng.random(act.size) < r.noise)
    new = np.flatnonzero(act)
    adopt(model, new, model.week + 1.0)
    return {"new_adopters": int(new.size)}


def step(model: CommunityModel) -> dict[str, float]:
    """The reduced form's week (called by ``CommunityModel.step``)."""
    if model.params.reduced.mode == "bass":
        return bass_step(model)
    return threshold_step(model)


class ReducedForm(Component):
    """A textbook rule (Bass, threshold) as the people's week: replaces dynamics and levers."""

    name = "reduced"

    def setup(self) -> None:
        """Thresholds and initial adopters (:func:`setup`)."""
        setup(self.model)

    def act(self) -> None:
        """One period of the rule; the event counts go to ``ctx.events``."""
        self.model.ctx.events = step(self.model)
