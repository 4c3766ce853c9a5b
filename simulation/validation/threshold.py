"""§3 Granovetter's threshold cascades, through the real engine.

``reduced.mode = "threshold"`` in complete mixing: a person acts once the
number (or share of the group) who acted before reaches their threshold.
Beyond the published numbers, every (mean, sigma) is checked against the
mean-field prediction: with thresholds at the normal quantiles the cascade
stops at the smallest fixed point of F = Phi((F - mean) / sigma), so the
check holds for any spread, not only Granovetter's.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.special import ndtr

from simulation.validation.common import (
    OKABE_ITO,
    Section,
    Settings,
    cascade,
    new_figure,
    pct,
    save,
    share_adopted,
)

SOURCE = "Granovetter (1978)"


def predicted(mean: float, sd: float) -> float:
    """Mean-field end state: iterate F <- Phi((F - mean) / sd) from F = 0."""
    f = 0.0
    for _ in range(100_000):
        nxt = float(ndtr((f - mean) / sd)) if sd > 0 else float(f >= mean)
        if abs(nxt - f) < 1e-12:
            break
        f = nxt
    return f


def normal_run(n: int, mean: float, sd: float, draw: str, seed: int = 0) -> float:
    """Share acting with Normal(mean, sd) thresholds (shares of the group)."""
    m = cascade({"population.headcount": n, "network.structure": "complete",
                 "reduced.threshold_kind": "fractional", "reduced.threshold_mean": mean,
                 "reduced.threshold_sd": sd, "reduced.threshold_draw": draw}, seed=seed)
    return share_adopted(m)


def run(settings: Settings) -> Section:
    """Run the §3 checks and draw Granovetter's flip."""
    started = time.perf_counter()
    sec = Section("§3", "Threshold cascades (Granovetter)")
    # 100 people with thresholds 0..99, then the threshold-1 person at 2.
    base = {"population.headcount": 100, "network.structure": "complete",
            "reduced.threshold_kind": "absolute"}
    thresholds = list(range(100))
    got = share_adopted(cascade({**base, "reduced.thresholds": thresholds}))
    sec.add("thresholds 0, 1, ..., 99", SOURCE, "all 100 act", f"{round(got * 100)} act",
            got == 1.0, "deterministic: exact")
    thresholds[1] = 2
    got = share_adopted(cascade({**base, "reduced.thresholds": thresholds}))
    sec.add("threshold-1 person at 2", SOURCE, "only 1 acts", f"{round(got * 100)} act",
            round(got * 100) == 1, "deterministic: exact")
    # Quantile-placed normal thresholds, mean 25 %.
    sizes = settings.pick([1000], [1000, 10_000])
    for n in sizes:
        low, high = normal_run(n, 0.25, 0.120, "quantiles"), normal_run(n, 0.25, 0.125,
                                                                         "quantiles")
        sec.add(f"N={n:,}, quantiles, sigma 12.0 %", SOURCE, "< 10 % (computed 3.9 %)",
                pct(low), low < 0.10, "deterministic")
        sec.add(f"N={n:,}, quantiles, sigma 12.5 %", SOURCE, "> 95 % (computed 100 %)",
                pct(high), high > 0.95, "deterministic")
    # Other means and spreads: the mean-field fixed point, away from the critical value.
    cases = settings.pick([(0.25, 0.10), (0.20, 0.15), (0.30, 0.08)],
                          [(0.25, 0.10), (0.25, 0.15), (0.20, 0.15), (0.30, 0.08),
                           (0.35, 0.25), (0.15, 0.05)])
    for mean, sd in cases:
        exp = predicted(mean, sd)
        got = normal_run(1000, mean, sd, "quantiles")
        sec.add(f"N=1,000, quantiles, mean {pct(mean, 0)}, sigma {pct(sd, 0)}",
                "mean-field fixed point of Granovetter's model", pct(exp), pct(got),
                abs(got - exp) <= 0.01, "tolerance 1 pp: quantile placement is exact to ~1/N")
    # Random draws: stable away from the critical value, noisy near it.
    draws = settings.pick(8, 20)
    big = settings.pick(5000, 10_000)
    lows = np.array([normal_run(big, 0.25, 0.10, "random", s) for s in range(draws)])
    highs = np.array([normal_run(big, 0.25, 0.15, "random", s) for s in range(draws)])
    sec.add(f"N={big:,}, {draws} random draws, sigma 10 %", SOURCE, "0.6-1.1 % in every draw",
            f"{pct(lows.min(), 2)}-{pct(lows.max(), 2)}",
            bool(0.006 <= lows.min() and lows.max() <= 0.011),
            "published range for N = 10,000" + (
                "; at N = 5,000 binomial noise adds ±0.3 pp" if big < 10_000 else ""))
    if big < 10_000:  # widen by the binomial noise of the smaller run
        sec.checks[-1].status = "pass" if 0.003 <= lows.min() and lows.max() <= 0.014 else "fail"
    sec.add(f"N={big:,}, {draws} random draws, sigma 15 %", SOURCE, "100 % in every draw",
            f"{pct(highs.min())}-{pct(highs.max())}", bool(highs.min() == 1.0))
    near = np.array([normal_run(1000, 0.25, 0.12, "random", s) for s in range(20)])
    sec.add("N=1,000, 20 random draws, sigma 12 %", SOURCE,
            "noisy: some draws < 10 %, some > 90 % (computed 1.4-100 %)",
            f"{pct(near.min())}-{pct(near.max())}",
            bool(near.min() < 0.10 and near.max() > 0.90),
            f"{int((near > 0.9).sum())} of 20 draws cascaded")
    plot_flip(settings, sec, near)
    sec.text = ("Complete mixing; thresholds are shares of the group (a person acts when "
                "the share who acted reaches the threshold). Deterministic cases are checked "
                "exactly; random draws are checked over every draw.")
    sec.seconds = time.perf_counter() - started
    return sec


def plot_flip(settings: Settings, sec: Section, near: np.ndarray) -> None:
    """Share acting against the spread of thresholds: the flip near 12.2 %."""
    sds = np.round(np.arange(0.08, 0.1601, settings.pick(0.004, 0.002)), 4)
    fig, ax = new_figure(1, width=6.4, height=4.2)
    q = [normal_run(1000, 0.25, s, "quantiles") for s in sds]
    ax.plot(100 * sds, 100 * np.array(q), "-o", color=OKABE_ITO[0], ms=3,
            label="quantile thresholds (deterministic)")
    pred = [predicted(0.25, s) for s in sds]
    ax.plot(100 * sds, 100 * np.array(pred), "--", color=OKABE_ITO[1],
            label="mean-field fixed point")
    rng = np.random.default_rng(0)
    for i, s in enumerate(sds[:: max(1, len(sds) // 12)]):
        vals = [normal_run(1000, 0.25, s, "random", k) for k in range(settings.pick(4, 8))]
        ax.plot(np.full(len(vals), 100 * s) + rng.uniform(-0.08, 0.08, len(vals)),
                100 * np.array(vals), ".", color=OKABE_ITO[2], alpha=0.7,
                label="random draws" if i == 0 else None)
    ax.set_xlabel("spread of thresholds σ (% of the group), mean 25 %")
    ax.set_ylabel("share who act (%)")
    ax.set_title("Granovetter's flip, N = 1,000, complete mixing")
    ax.legend(loc="upper left")
    sec.figures.append((save(fig, settings, "granovetter.png"),
                        "Share acting against the threshold spread: the flip near σ = 12.2 %"))
