"""Per-person state as named numpy arrays, and the traits people are born with.

"Arrays for the crowd": everything the weekly step touches for every person
lives here, one array per state variable. Mesa agents (``simulation.engine.agents``)
read their state from these arrays, so introspection and the dashboard see
exactly what the dynamics computed.

Naming follows Starsim: ``ti_`` is "week when", ``n_`` a count.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from simulation.scenario.schema import Scenario


class Stage(IntEnum):
    """Where a person stands with the community."""

    UNAWARE = 0
    AWARE = 1
    LURKING = 2
    CONTRIBUTING = 3
    EMBEDDED = 4
    LAPSED = 5


STAGES: tuple[str, ...] = tuple(s.name.lower() for s in Stage)
ACTIVE_STAGES = (Stage.LURKING, Stage.CONTRIBUTING, Stage.EMBEDDED)
ROGERS = ("innovator", "early_adopter", "early_majority", "late_majority", "laggard")
# Mean standard-normal score of each Rogers segment (cut at mean +-1, 2 sd).
_ROGERS_Z = np.array([2.37, 1.42, 0.40, -0.40, -1.52])
# Reinforcing contacts needed to start contributing, per segment, for a mean of 2.
_ROGERS_THRESHOLD = np.array([0.0, 1.0, 2.0, 2.0, 3.0]) / 1.95


class Stance(IntEnum):
    """A manager's stance toward the community."""

    SCEPTIC = -1
    NEUTRAL = 0
    CHAMPION = 1


class People:
    """The state of every person, one numpy array per variable.

    Attributes:
        stage: :class:`Stage` code per person.
        habit: strength of the new habit, 0-1 (Lally's automaticity).
        old_habit: pull of the old way of working, 0-1 (``old_habit_base`` when rested).
        habit_alpha: personal habit-formation rate per week of use.
        innovativeness: Rogers segment score (standard-normal scale).
        category: Rogers segment index into :data:`ROGERS`.
        threshold: contributing contacts needed to start contributing.
        propensity: heavy-tailed personal posting propensity (mean 1).
        taste: personal liking of the platform (utility units).
        trained: took part in training.
        ambassador: in the core group or recruited as a change agent.
        stance: manager's :class:`Stance` (0 for non-managers).
        coached: manager coached by the CM (shielded from power threat).
        featured: sponsor featured in the campaign.
        posts: posts this week; n_posts: posts since the start.
        ti_aware, ti_adopted, ti_contrib, ti_embedded: week of first entry, -1 if never.
        ti_used, ti_posted: last week of use / of a post, -1 if never (platform measures).
        work_rank: 0-1 rank; the person's work runs through the platform when the
            share of staff whose work does (``ctx.work_share``) exceeds it.
        n_relapses: relapses so far.
        used: used the platform this week.
        influence: informal influence (PageRank-style), mean 1.
    """

    def __init__(self, n: int, sc: Scenario, rng: np.random.Generator) -> None:
        pop, dyn = sc.population, sc.dynamics
        het = pop.heterogeneity
        self.n = n
        self.stage = np.zeros(n, dtype=np.int8)
        counts = np.floor(np.asarray(pop.innovativeness_shares) * n).astype(np.int64)
        counts[2] += n - counts.sum()  # rounding goes to the early majority
        self.category = rng.permutation(np.repeat(np.arange(5), counts)).astype(np.int8)
        self.innovativeness = _ROGERS_Z[self.category] * het
        self.threshold = np.rint(
            _ROGERS_THRESHOLD[self.category] * dyn.contribute_threshold_mean
        ) if het > 0 else np.full(n, np.rint(dyn.contribute_threshold_mean))
        alpha = dyn.habit_alpha_median * rng.lognormal(0.0, dyn.habit_alpha_sigma * het, n)
        self.habit_alpha = np.clip(alpha, 0.01, 0.95)
        self.old_habit_base = np.clip(
            dyn.old_habit_mean + 0.15 * het * rng.standard_normal(n), 0, 1)
        self.old_habit = self.old_habit_base.copy()
        sigma = dyn.propensity_sigma * min(het, 1.5)
        # Log-normal with mean 1, so a stage's posting rate is its members' mean rate.
        self.propensity = rng.lognormal(-0.5 * sigma**2, sigma, n)
        self.taste = dyn.taste_sd * het * rng.standard_normal(n)
        self.habit = np.zeros(n)
        self.trained = np.zeros(n, dtype=bool)
        self.ambassador = np.zeros(n, dtype=bool)
        self.stance = np.zeros(n, dtype=np.int8)
        self.coached = np.zeros(n, dtype=bool)
        self.featured = np.zeros(n, dtype=bool)
        self.posts = np.zeros(n, dtype=np.int64)
        self.n_posts = np.zeros(n, dtype=np.int64)
        self.used = np.zeros(n, dtype=bool)
        self.ti_aware = np.full(n, -1, dtype=np.int32)
        self.ti_adopted = np.full(n, -1, dtype=np.int32)
        self.ti_contrib = np.full(n, -1, dtype=np.int32)
        self.ti_embedded = np.full(n, -1, dtype=np.int32)
        self.n_relapses = np.zeros(n, dtype=np.int32)
        self.relapses_total = 0  # the organisation's relapses so far, leavers' included
        self.influence = np.ones(n)
        # What a platform's analytics see: the last week someone used it or posted.
        self.ti_used = np.full(n, -1, dtype=np.int32)
        self.ti_posted = np.full(n, -1, dtype=np.int32)
        # Whose work runs through the platform once the integration level reaches
        # their rank: a fixed order, so raising the level adds people, never swaps them.
        self.work_rank = rng.random(n)

    def is_active(self) -> np.ndarray:
        """People who use the platform in some form (lurking, contributing, embedded)."""
        return (self.stage >= Stage.LURKING) & (self.stage <= Stage.EMBEDDED)

    def is_visible(self) -> np.ndarray:
        """People whose use colleagues can see: contributing or embedded."""
        return (self.stage == Stage.CONTRIBUTING) | (self.stage == Stage.EMBEDDED)

    def shares(self) -> np.ndarray:
        """Share of headcount in each stage, in :data:`STAGES` order."""
        return np.bincount(self.stage, minlength=len(Stage)) / self.n

    def replace(self, idx: np.ndarray, sc: Scenario, rng: np.random.Generator) -> None:
        """Leavers at ``idx`` are replaced by joiners: new traits, a fresh start.

        Why: staff turnover is what lets a real community settle. A leaver takes
        their habit, their posting history and their standing with them; the
        joiner in the same position is drawn from the same distributions as the
        founding staff and meets the platform as a newcomer (unaware; the
        onboarding of people whose work runs through the platform is the
        integration lever's business).
        """
        if idx.size == 0:
            return
        pop, dyn = sc.population, sc.dynamics
        het, k = pop.heterogeneity, idx.size
        cat = rng.choice(5, size=k, p=np.asarray(pop.innovativeness_shares)).astype(np.int8)
        self.category[idx] = cat
        self.innovativeness[idx] = _ROGERS_Z[cat] * het
        self.threshold[idx] = (np.rint(_ROGERS_THRESHOLD[cat] * dyn.contribute_threshold_mean)
                               if het > 0 else np.rint(dyn.contribute_threshold_mean))
        alpha = dyn.habit_alpha_median * rng.lognormal(0.0, dyn.habit_alpha_sigma * het, k)
        self.habit_alpha[idx] = np.clip(alpha, 0.01, 0.95)
        self.old_habit_base[idx] = np.clip(
            dyn.old_habit_mean + 0.15 * het * rng.standard_normal(k), 0, 1)
        self.old_habit[idx] = self.old_habit_base[idx]
        sigma = dyn.propensity_sigma * min(het, 1.5)
        self.propensity[idx] = rng.lognormal(-0.5 * sigma**2, sigma, k)
        self.taste[idx] = dyn.taste_sd * het * rng.standard_normal(k)
        self.work_rank[idx] = rng.random(k)
        self.stage[idx] = Stage.UNAWARE
        self.habit[idx] = 0.0
        for flag in (self.trained, self.ambassador, self.coached, self.featured, self.used):
            flag[idx] = False
        self.stance[idx] = Stance.NEUTRAL  # a new manager has no stance yet
        for count in (self.posts, self.n_posts, self.n_relapses):
            count[idx] = 0
        for ti in (self.ti_aware, self.ti_adopted, self.ti_contrib, self.ti_embedded,
                   self.ti_used, self.ti_posted):
            ti[idx] = -1
