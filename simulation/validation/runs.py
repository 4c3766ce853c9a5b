"""Full-model runs shared by the §5, §7 and §8 checks, with what they track.

The stylised facts are checked on the full model with its defaults (the
baseline organisation of 1,000 people over three years), plus one
high-adoption variant for §8. One run records, beyond the time series: the
week each person first lapsed, posts per person in the last year, and every
four weeks the rank-influence correlation and the share of cross-department
ties. Runs are cached, so the checks that share them pay once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from simulation.engine.people import Stage
from simulation.validation.common import scenario, spearman

HIGH_ADOPTION = (("community_manager.capacity", "full_time"),
                 ("community_manager.experience", "experienced"),
                 ("integration.schedule", ((0, 0.5),)),
                 ("sponsorship.champion_share", 0.5))
STEADY_WEEKS = 52  # "steady state": the last year of three


@dataclass
class FullRun:
    """What one full-model run leaves for the checks.

    Attributes:
        model: the model after the run.
        first_lapse: week each person first lapsed (-1 never).
        posts_recent: posts per person in the last ``STEADY_WEEKS`` weeks.
        active_recent: used the platform at least once in the last ``STEADY_WEEKS``.
        weeks, rank_corr, cross_share, active: the four-weekly hierarchy series.
    """

    model: object
    first_lapse: np.ndarray
    posts_recent: np.ndarray
    active_recent: np.ndarray
    weeks: np.ndarray
    rank_corr: np.ndarray
    cross_share: np.ndarray
    active: np.ndarray


def hierarchy_now(model: object) -> tuple[float, float]:
    """Rank-influence correlation and share of cross-department ties, now.

    Rank is minus the formal level (the top has the highest rank); influence
    is the model's informal PageRank; ties are informal plus platform ties.
    """
    org = model.org  # type: ignore[attr-defined]
    rho = spearman(-org.level, model.people.influence)  # type: ignore[attr-defined]
    upper = sp.triu(model.adjacency, k=1).tocoo()  # type: ignore[attr-defined]
    cross = float(np.mean(org.dept[upper.row] != org.dept[upper.col])) if upper.nnz else 0.0
    return rho, cross


@lru_cache(maxsize=128)
def full_run(seed: int, headcount: int = 1000,
             overrides: tuple[tuple[str, object], ...] = ()) -> FullRun:
    """Run the full model (defaults plus ``overrides``) and track what the checks need."""
    from simulation.engine.model import CommunityModel

    sc = scenario({"population.headcount": headcount,
                   **{k: (list(v) if isinstance(v, tuple) else v) for k, v in overrides}})
    model = CommunityModel(sc, seed=seed, agents=False)
    p = model.people
    first_lapse = np.full(p.n, -1, dtype=np.int64)
    posts_recent = np.zeros(p.n, dtype=np.int64)
    active_recent = np.zeros(p.n, dtype=bool)
    weeks, corr, cross, active = [0], *[[v] for v in hierarchy_now(model)], [0.0]
    for w in range(sc.weeks):
        model.step()
        lapsed = (p.stage == Stage.LAPSED) & (first_lapse < 0)
        first_lapse[lapsed] = w
        if w >= sc.weeks - STEADY_WEEKS:
            posts_recent += p.posts
            active_recent |= p.used
        if model.week % sc.network.influence_every == 0:
            rho, share = hierarchy_now(model)
            weeks.append(model.week)
            corr.append(rho)
            cross.append(share)
            active.append(float(p.is_active().mean()))
    return FullRun(model, first_lapse, posts_recent, active_recent, np.array(weeks),
                   np.array(corr), np.array(cross), np.array(active))
