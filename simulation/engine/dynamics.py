"""The weekly transition rules for the whole crowd, vectorised.

One call of :func:`people_step` moves every person one week, with no Python
loop over people or edges: exposure is one sparse matrix product, everything
else is elementwise numpy.

The utility (in the spirit of UTAUT/UTAUT2) that drives adoption::

    U = bias
        + w_performance * content value
        - w_effort * effort (lower when trained)
        + w_reputation * audience (share of the organisation contributing)
        + w_colleagues * share of informal contacts contributing
        + w_executives * executives' visible use
        + w_norms * the organisation's norms
        + w_manager * min(own manager's signal, 0)    (a sceptic damps)
        - w_old_habit * old-habit pull
        + w_innovativeness * Rogers score + taste + novelty
        + push_cap * (1 - exp(-push / push_cap))        (persuasion saturates)
    push = what the organisation does to persuade: integration and stories
        (w_performance), a board mandate, a champion manager, added norms,
        training and CM support, lever boosts (see :func:`utility`).

Transitions per week (p = probability):
    unaware -> aware:        1 - exp(-(attention + aware_rate * aware contacts share
                                       + onboarding where work runs through it))
    aware -> lurking:        lurk_rate * sigmoid(U) (at least the onboarding rate)
    lurking -> contributing: contribute_rate * sigmoid(U) * min(1, propensity)
                             * [enough contributing contacts (complex contagion),
                             else `spontaneous`]
    contributing -> embedded: habit >= embed_habit (automatic use)
    embedded -> contributing: habit fell well below embed_habit (long non-use)
    active -> lapsed:        relapse_rate * sigmoid(slope * (old habit - habit - value));
                             embedded: old habit - value (the reason, not the habit),
                             times embedded_relapse_factor; never where work runs
                             through the platform
    lapsed -> lurking:       reenter_rate * sigmoid(U) (at least the onboarding rate)
Use in a week: use_prob * sigmoid(U + w_habit_use * habit) (readers lurk_use_factor
of that; 1 where work runs through the platform; a first or returning visit counts).
Habit: h += alpha (1 - h) in a week of use, h *= 1 - decay otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simulation.engine.component import Component
from simulation.engine.people import Stage

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel

N_DRAWS = 4  # uniform draws per person per week: awareness, progress, relapse, use
_PACK = float(2**22)  # exposure(): aware-contact counts stay below this


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function (numerically safe for large |x|)."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def exposure(model: CommunityModel, visible: np.ndarray | None = None,
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Contributing contacts (count and share) and aware contacts (share).

    One sparse product of the informal + platform adjacency does all
    neighbours at once. Both counts ride in one float64 vector (contributing
    in the high part, aware in the low part, ``_PACK`` apart): integer sums
    below 2**53 are exact, so this is the same as two products at half the
    cost (the product streams the whole matrix from memory).

    Args:
        model: the model.
        visible: contributing-or-embedded indicator, if the caller has it.

    """
    p = model.people
    vis = p.is_visible() if visible is None else visible
    aware = p.stage > Stage.UNAWARE
    deg = model.degree
    if deg.size and deg.max() < _PACK:
        packed = vis * _PACK
        packed += aware
        n_contrib, n_aware = np.divmod(model.adjacency @ packed, _PACK)
    else:  # a node with 4 million contacts: two plain products
        n_contrib = model.adjacency @ np.asarray(vis, dtype=np.float64)
        n_aware = model.adjacency @ aware.astype(np.float64)
    return n_contrib, n_contrib / deg, n_aware / deg


def manager_signal(model: CommunityModel, visible: np.ndarray) -> tuple[np.ndarray, float]:
    """Each person's own manager's signal, and executives' visible use.

    A champion who also contributes signals most; a sceptic dampens.
    """
    p = model.people
    d = model.params.dynamics
    own = np.where(p.stance > 0, d.champion_signal * (1.0 + visible),
                   np.where(p.stance < 0, d.sceptic_signal, d.manager_use_signal * visible))
    signal = own[model.boss]
    execs = model.executives
    exec_use = float(np.mean((p.stance[execs] > 0) | (visible[execs] > 0))) if execs.size else 0.0
    return signal, exec_use


def utility(model: CommunityModel, peer_share: np.ndarray, visible: np.ndarray) -> np.ndarray:
    """The UTAUT-style utility of every person this week (see module docstring).

    What the organisation does to persuade (stories, integration, KPIs' norms,
    champions, the CM's support and training, recruiting, an executive mandate)
    is summed into one *push* whose effect saturates at ``push_cap``: response
    to persuasion shows diminishing returns from the first unit (Simon & Arndt
    1980, the shape of the advertising response function), and a person's
    attention is finite, so piling levers on one person adds less each time.
    What others do (colleagues, audience, content) and what a person is
    (taste, innovativeness, habits) enter as they are.
    """
    d = model.params.dynamics
    p, ctx = model.people, model.ctx
    mgr, exec_use = manager_signal(model, visible)
    effort = d.base_effort * (1.0 - d.training_effort_cut * p.trained)
    audience = float(visible.mean())
    seen_execs = min(1.0, exec_use)
    push = (
        d.w_performance * (ctx.integration + ctx.performance)
        + d.w_executives * (min(1.0, exec_use + ctx.executives) - seen_execs)
        + d.w_manager * np.maximum(mgr, 0.0)
        + d.w_norms * ctx.norms
        + d.w_facilitating * (d.training_support * p.trained + ctx.support)
        + ctx.boost
    )
    return (
        d.bias
        + d.w_performance * model.content_value
        - d.w_effort * effort
        + d.w_reputation * audience
        + d.w_colleagues * peer_share
        + d.w_executives * seen_execs
        + d.w_manager * np.minimum(mgr, 0.0)  # a sceptic's damping does not saturate
        + d.w_norms * d.norms
        - d.w_old_habit * p.old_habit * (1.0 - 0.5 * ctx.disruption)
        + d.w_innovativeness * p.innovativeness
        + p.taste
        + ctx.novelty
        + saturate(push, d.push_cap)
    )


def saturate(push: np.ndarray, cap: float) -> np.ndarray:
    """``cap * (1 - exp(-push / cap))``: about ``push`` when small, never above ``cap``."""
    return cap * -np.expm1(-push / cap)


def people_step(model: CommunityModel) -> dict[str, float]:
    """Move every person one week; return the week's event counts."""
    d = model.params.dynamics
    p, ctx = model.people, model.ctx
    u = model.rng_week.random((N_DRAWS, p.n))
    stage = p.stage
    visible = p.is_visible().astype(np.float64)
    n_contrib, peer_share, aware_share = exposure(model, visible)
    util = utility(model, peer_share, visible)
    value = sigmoid(util)
    week = model.week
    avail = ctx.available

    new = stage.copy()
    # 1. Attention: channels, campaign and word of mouth make people aware.
    # Whose work runs through the platform this week (integration): their process
    # tells them of it and needs them on it, whatever they think of it.
    integrated = (p.work_rank < ctx.work_share) & avail
    onboard = ctx.onboarding * integrated
    hazard = ctx.attention + d.aware_rate * aware_share + onboard
    became_aware = (stage == Stage.UNAWARE) & avail & (u[0] < 1.0 - np.exp(-hazard))
    new[became_aware] = Stage.AWARE
    # 2. Adoption: aware people start reading; readers start contributing.
    lurk_p = d.lurk_rate * sigmoid(util + ctx.lurk_push)
    lurk_p = np.maximum(lurk_p, onboard)
    start_lurk = (stage == Stage.AWARE) & avail & (u[1] < lurk_p)
    gate = np.where(n_contrib >= p.threshold, 1.0, d.spontaneous)
    # Writing is a trait as much as a choice (participation inequality): the step
    # to contributing scales with the person's posting propensity, capped at 1.
    writer = np.minimum(p.propensity, 1.0)
    start_contrib = (stage == Stage.LURKING) & (u[1] < d.contribute_rate * value * gate * writer)
    reenter = (stage == Stage.LAPSED) & avail & (
        u[1] < np.maximum(d.reenter_rate * value, onboard))
    new[start_lurk | reenter] = Stage.LURKING
    new[start_contrib] = Stage.CONTRIBUTING
    # 3. Relapse: the old habit outweighs the new habit plus the current value.
    weaken = 1.0 - 0.5 * ctx.disruption
    pressure = p.old_habit * weaken - p.habit * weaken - value
    # Embedded use is automatic, but a habit only runs while its reason lasts: for
    # the embedded the habit does not hold the old way back; a fall in value does
    # (integration withdrawn, the CM gone, a reorganisation), at a lower rate.
    pressure = np.where(stage == Stage.EMBEDDED, p.old_habit * weaken - value, pressure)
    relapse_p = d.relapse_rate * sigmoid(d.relapse_slope * pressure) * (1.0 - ctx.retention)
    relapse_p = np.where(stage == Stage.EMBEDDED, relapse_p * d.embedded_relapse_factor,
                         relapse_p)
    relapse_p = np.where(integrated, 0.0, relapse_p)  # their work needs it
    active = (stage >= Stage.LURKING) & (stage <= Stage.EMBEDDED)
    relapse = active & ~start_contrib & (u[2] < relapse_p)
    new[relapse] = Stage.LAPSED
    # 4. Use and habit: a week of use strengthens the habit, a week without weakens it.
    now_active = (new >= Stage.LURKING) & (new <= Stage.EMBEDDED)
    # Use is a choice made weekly (value) that habit automates (UTAUT2); work that
    # runs through the platform makes it a necessity (integration).
    choice = d.use_prob * sigmoid(util + d.w_habit_use * p.habit)
    choice = np.where(new == Stage.LURKING, d.lurk_use_factor * choice, choice)
    use_p = np.where(integrated, 1.0, choice)
    # Starting to read or coming back means a visit that week (the honeymoon's trials).
    used = now_active & ((u[3] < use_p) | start_lurk | reenter)
    decay = min(1.0, d.habit_decay * (1.0 + ctx.disruption))
    # Reading builds a weaker habit than contributing.
    alpha = np.where(new == Stage.LURKING, d.lurk_habit_factor * p.habit_alpha, p.habit_alpha)
    p.habit = np.where(used, p.habit + alpha * (1.0 - p.habit), p.habit * (1.0 - decay))
    p.old_habit = np.where(used, p.old_habit * (1.0 - d.old_habit_erosion),
                           p.old_habit + d.old_habit_erosion * (p.old_habit_base - p.old_habit))
    # 5. Embedding follows automatic use; it is lost when the habit fades.
    embed = (new == Stage.CONTRIBUTING) & (p.habit >= d.embed_habit)
    unembed = (new == Stage.EMBEDDED) & (p.habit < d.embed_habit - 0.15)
    new[embed] = Stage.EMBEDDED
    new[unembed] = Stage.CONTRIBUTING
    # 6. Posts: heavy-tailed personal propensity times a stage rate.
    rate = np.zeros(len(Stage))
    rate[Stage.LURKING], rate[Stage.CONTRIBUTING] = d.posts_lurking, d.posts_contributing
    rate[Stage.EMBEDDED] = d.posts_embedded
    lam = rate[new] * p.propensity * used
    # Only people with a positive rate draw: a Poisson(0) draw consumes no random
    # numbers, so this equals one draw over everyone, at a fraction of the cost.
    posts = np.zeros(p.n, dtype=np.int64)
    draw = np.flatnonzero(lam)
    posts[draw] = model.rng_posts.poisson(lam[draw])
    # Book-keeping.
    p.stage = new
    p.used = used
    p.posts = posts
    p.ti_used[used] = week  # like ti_aware: the index of the week being simulated
    p.ti_posted[posts > 0] = week
    p.n_posts += posts
    p.n_relapses += relapse
    p.relapses_total += int(relapse.sum())
    for ti, mask in ((p.ti_aware, became_aware), (p.ti_adopted, start_lurk),
                     (p.ti_contrib, start_contrib), (p.ti_embedded, embed)):
        ti[mask & (ti < 0)] = week
    total_posts = int(posts.sum())
    model.content = model.content * (1.0 - d.content_decay) + total_posts / p.n
    return {"new_relapses": int(relapse.sum()), "posts": total_posts,
            "mean_utility": float(util.mean())}


class PeopleDynamics(Component):
    """The people's week as a component: first in the model's list.

    ``prepare`` starts the week (the context's weekly values are reset and the
    norms carried over from the pilot are added) before any lever prepares;
    ``act`` moves everyone (:func:`people_step`) before any lever acts, and
    leaves the week's event counts in ``ctx.events``.
    """

    name = "people"

    def prepare(self) -> None:
        """Reset the week's context; add the norms the pilot left."""
        ctx = self.model.ctx
        ctx.new_week()
        ctx.norms += ctx.norms_gain

    def act(self) -> None:
        """Move every person one week."""
        self.model.ctx.events = people_step(self.model)
