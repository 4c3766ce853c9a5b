"""§7 Habit formation and relapse, through the full model's weekly step.

Habit: everyone starts contributing, every active person uses the platform
every week (``integration.schedule = [[0, 1.0]]`` makes use a necessity) and
relapse is off (``dynamics.relapse_rate = 0``); the real ``people_step`` then
grows each person's habit, and the week it first reaches 95 % automaticity is
compared with Lally et al. (2010). A missed week is one week with
integration and ``use_prob`` at zero. Relapse risk by time since adoption
comes from the default scenario's runs (``simulation.validation.runs``).
"""

from __future__ import annotations

import time

import numpy as np

from simulation.engine.people import Stage
from simulation.validation.common import (
    N_SE,
    OKABE_ITO,
    Section,
    Settings,
    new_figure,
    save,
    scenario,
)
from simulation.validation.runs import full_run

LALLY = "Lally, van Jaarsveld, Potts & Wardle (2010)"
HUGHES = "Hughes, Keely & Naud (2004)"
MISS_WEEK = 12  # the missed week, after most people formed much of their habit


def weekly_use_model(seed: int, n: int, miss: bool) -> object:
    """A model where everyone contributes and uses the platform every week."""
    from simulation.engine.model import CommunityModel

    schedule = [[0, 1.0], [MISS_WEEK, 0.0], [MISS_WEEK + 1, 1.0]] if miss else [[0, 1.0]]
    sc = scenario({"population.headcount": n, "integration.schedule": schedule,
                   "dynamics.relapse_rate": 0.0, "dynamics.use_prob": 0.0 if miss else 0.85,
                   "population.turnover_per_year": 0.0,  # the same people throughout
                   "integration.concavity": 0.0, "weeks": 60})
    model = CommunityModel(sc, seed=seed, agents=False)
    p = model.people
    p.stage[:] = Stage.CONTRIBUTING
    p.ti_adopted[:] = p.ti_contrib[:] = 0
    return model


def weeks_to_95(seed: int, n: int, weeks: int = 60) -> np.ndarray:
    """Week at which each person's habit first reaches 0.95 (inf if not by ``weeks``)."""
    model = weekly_use_model(seed, n, miss=False)
    first = np.full(n, np.inf)
    for _ in range(weeks):
        model.step()  # type: ignore[attr-defined]
        hit = (model.people.habit >= 0.95) & ~np.isfinite(first)  # type: ignore[attr-defined]
        first[hit] = model.week  # type: ignore[attr-defined]
    return first


def missed_week(seed: int, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Habit before and after one missed week, weeks to regain it, and stages after."""
    model = weekly_use_model(seed, n, miss=True)
    for _ in range(MISS_WEEK):
        model.step()  # type: ignore[attr-defined]
    p = model.people  # type: ignore[attr-defined]
    before = p.habit.copy()
    model.step()  # type: ignore[attr-defined]
    after = p.habit.copy()
    regain = np.full(n, np.inf)
    for k in range(1, 9):
        model.step()  # type: ignore[attr-defined]
        regain[(p.habit >= before) & ~np.isfinite(regain)] = k
    return before, after, regain, p.stage.copy()


def relapse_hazard(bins: list[tuple[int, int]], seeds: int) -> np.ndarray:
    """First-relapse hazard per week by weeks since adoption: rows of (events, at risk)."""
    out = np.zeros((len(bins), 2))
    for s in range(seeds):
        r = full_run(s)
        ad, lapse = r.model.people.ti_adopted, r.first_lapse
        horizon = r.model.params.weeks
        since = np.where(lapse >= 0, lapse - ad, horizon)  # weeks from adoption to relapse
        for i, (lo, hi) in enumerate(bins):
            for d in range(lo, hi):
                seen = (ad >= 0) & (ad + d < horizon)
                at_risk = seen & (since >= d)
                out[i, 0] += np.sum(at_risk & (since == d))
                out[i, 1] += np.sum(at_risk)
    return out


def run(settings: Settings) -> Section:
    """Run the §7 checks."""
    started = time.perf_counter()
    sec = Section("§7", "Habit and relapse")
    n = 1000
    seeds = settings.pick(2, 5)
    t95 = np.concatenate([weeks_to_95(s, n) for s in range(seeds)])
    days = 7 * t95
    med = float(np.median(days))
    lo, hi = np.percentile(days, [5, 95])
    sec.add("median time to 95 % automaticity under weekly use", LALLY,
            "66 days (9.4 weeks) ± 7 days", f"{med:.0f} days", abs(med - 66) <= 7,
            "one week is the model's time step, so ± 7 days is its resolution")
    sec.add("spread across people: middle 90 % inside 18-254 days", LALLY, "18-254 days",
            f"{lo:.0f}-{hi:.0f} days (min {days.min():.0f}, max "
            f"{days[np.isfinite(days)].max():.0f}; {int(np.sum(~np.isfinite(days)))} not "
            "within 60 weeks)",
            bool(lo >= 18 - 7 and hi <= 254 + 7),
            "Lally's range is the extremes of ~96 people; the 5-95th percentiles of "
            f"{t95.size:,} simulated people are compared, ± 7 days for weekly steps")
    before, after, regain, stage = missed_week(0, n)
    d = scenario({}).dynamics
    ratio = float(np.min(after / np.maximum(before, 1e-9)))
    sec.add("one missed week does not reset the habit", LALLY,
            f"habit after the miss >= {1 - d.habit_decay:.2f} x before, nobody lapses",
            f"min ratio {ratio:.3f}; {int(np.sum(stage == Stage.LAPSED))} lapsed; median "
            f"{np.median(regain):.0f} week(s) to regain it",
            bool(ratio >= 1 - d.habit_decay - 1e-9 and np.all(stage != Stage.LAPSED)),
            f"missed week {MISS_WEEK}; a reset would give ratio 0")
    bins = [(0, 13), (13, 26), (26, 52), (52, 156)]
    haz = relapse_hazard(bins, settings.pick(6, 20))
    rate = haz[:, 0] / np.maximum(haz[:, 1], 1)
    se = np.sqrt(rate * (1 - rate) / np.maximum(haz[:, 1], 1))
    falls = all(rate[i] - rate[i + 1] > N_SE * np.hypot(se[i], se[i + 1])
                for i in (1, 2))
    early_first = rate[0] > rate[2] + N_SE * np.hypot(se[0], se[2])
    sec.add("relapse risk falls with time since adoption", HUGHES,
            "weekly hazard falls from the first half-year to the second and after",
            " / ".join(f"{lo}-{hi} wk {100 * r:.2f} %" for (lo, hi), r in zip(bins, rate,
                                                                            strict=True)),
            bool(falls and early_first),
            "first-relapse hazard per week, pooled over seeds; each fall must exceed 4 SE "
            "(binomial). The first quarter is flat rather than peaked: the honeymoon's "
            "novelty bonus holds relapse back for the first weeks")
    sec.add("habit discontinuity window after a reorganisation", "Wood et al. (2005); "
            "Verplanken & Roy (2016)", "≈ 3 months (13 weeks)",
            f"shocks.disruption_weeks = {scenario({}).shocks.disruption_weeks} weeks",
            10 <= scenario({}).shocks.disruption_weeks <= 16,
            "a parameter, not an emergent result: checked by value")
    plot(settings, sec, days, bins, rate, se)
    sec.text = (f"{seeds} seeds of 1,000 people for habit formation; relapse hazard from the "
                "default scenario's runs.")
    sec.seconds = time.perf_counter() - started
    return sec


def plot(settings: Settings, sec: Section, days: np.ndarray, bins: list[tuple[int, int]],
         rate: np.ndarray, se: np.ndarray) -> None:
    """Days to 95 % automaticity (histogram) and relapse hazard by time since adoption."""
    fig, (ax1, ax2) = new_figure(2, width=10, height=4.2)
    finite = days[np.isfinite(days)]
    ax1.hist(finite, bins=np.arange(0, finite.max() + 14, 7), color=OKABE_ITO[0], alpha=0.8)
    ax1.axvline(66, color=OKABE_ITO[1], lw=2, label="Lally median 66 days")
    ax1.axvspan(18, 254, color=OKABE_ITO[1], alpha=0.08, label="Lally range 18-254 days")
    ax1.axvline(np.median(finite), color="black", ls="--", lw=1, label="model median")
    ax1.set_xlabel("days to 95 % automaticity (weekly use)")
    ax1.set_ylabel("people")
    ax1.set_title("Habit formation times")
    ax1.legend()
    labels = [f"{lo}-{hi}" for lo, hi in bins]
    ax2.bar(labels, 100 * rate, yerr=100 * N_SE * se, color=OKABE_ITO[2], capsize=4)
    ax2.set_xlabel("weeks since adoption")
    ax2.set_ylabel("first-relapse hazard per week (%)")
    ax2.set_title("Relapse risk falls with time (bars: ± 4 SE)")
    sec.figures.append((save(fig, settings, "habit.png"),
                        "Habit formation times against Lally et al.; relapse hazard by time "
                        "since adoption"))
