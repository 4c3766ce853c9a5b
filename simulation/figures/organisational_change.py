"""Figures for organisational change: flattening, the network before and after, maturity.

Same conventions as :mod:`simulation.figures.run`: built on
:class:`matplotlib.figure.Figure` (no pyplot state), Okabe-Ito colours with one
fixed colour per scenario (in the order given), titled and labelled for a
slide, saved atomically. Every function takes time series, so it works on one
run, on several scenarios, or on replicates (a list of runs per scenario is
drawn as its mean with a 10-90 % band).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from simulation.figures.run import EDGE_STYLE, STYLE, save_figure, time_axis, tree_layout

SCENARIO_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#56B4E9",
                    "#E69F00", "#F0E442")  # Okabe-Ito; the two oranges kept apart
MATURITY = (("maturity_usage", "Usage"), ("maturity_goals", "Goals"),
            ("maturity_organisation", "Organisation"), ("maturity_integration", "Integration"))
NETWORK_SAMPLE = 1200  # people drawn in the before/after network (whole teams above this)
Runs = Mapping[str, pd.DataFrame | Sequence[pd.DataFrame]]


def _as_runs(series: pd.DataFrame | Runs) -> dict[str, list[pd.DataFrame]]:
    """Normalise one frame, ``{name: frame}`` or ``{name: [frames]}`` to lists."""
    if isinstance(series, pd.DataFrame):
        return {"": [series]}
    return {k: [v] if isinstance(v, pd.DataFrame) else list(v) for k, v in series.items()}


def _active(df: pd.DataFrame) -> pd.Series:
    return df["lurking"] + df["contributing"] + df["embedded"]


def _band(ax: Any, runs: list[pd.DataFrame], col: str | Callable[[pd.DataFrame], pd.Series],
          colour: str, label: str | None, ls: str = "-") -> None:
    """Mean line of ``col`` over replicates, with a 10-90 % band when there are several."""
    weeks = runs[0]["week"].to_numpy()
    get = (lambda r: r[col]) if isinstance(col, str) else col
    vals = np.vstack([get(r).to_numpy(float)[: weeks.size] for r in runs])
    ax.plot(weeks, vals.mean(axis=0), color=colour, ls=ls, lw=2, label=label)
    if len(runs) > 1:
        lo, hi = np.quantile(vals, [0.1, 0.9], axis=0)
        ax.fill_between(weeks, lo, hi, color=colour, alpha=0.18, lw=0)


def plot_flattening(series: pd.DataFrame | Runs, path: str | Path, title: str) -> None:
    """Four panels over the weeks: rank-influence correlation, cross-unit ties, GRC, adoption.

    Read together: as adoption grows (bottom right), informal influence
    follows the org chart less (top left falls) and more ties cross levels and
    departments (top right rises); global reaching centrality (bottom left)
    shows whether a new centre forms (the platform's own stars).

    Args:
        series: one time series, ``{scenario: frame}`` or ``{scenario: [frames]}``.
        path: where the PNG goes.
        title: figure title.

    """
    runs = _as_runs(series)
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(12, 8), dpi=150, layout="constrained")
        axes = fig.subplots(2, 2, sharex=True)
        for (name, reps), colour in zip(runs.items(), SCENARIO_COLOURS, strict=False):
            _band(axes[0, 0], reps, "rank_influence_corr", colour, name or None)
            _band(axes[0, 1], reps, "cross_level_ties", colour, None)
            _band(axes[0, 1], reps, "cross_department_ties", colour, None, ls="--")
            _band(axes[1, 0], reps, "global_reaching_centrality", colour, None)
            _band(axes[1, 1], reps, "adopted_ever", colour, None, ls="--")
            _band(axes[1, 1], reps, _active, colour, None)
        axes[0, 0].set(title="Does rank still decide influence?",
                       ylabel="influence follows rank\n(1: only rank counts; 0: not at all)")
        axes[0, 1].set(title="Ties that cross levels and departments",
                       ylabel="% of informal and platform ties")
        axes[1, 0].set(title="Do a few people dominate the network?",
                       ylabel="score 0-1\n(1: one person reaches everyone)")
        axes[1, 1].set(title="Use of the platform", ylabel="% of staff")
        for ax in (axes[0, 1], axes[1, 1]):
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        axes[0, 1].legend(handles=[Line2D([], [], color="grey", lw=2, label="across levels"),
                                   Line2D([], [], color="grey", lw=2, ls="--",
                                          label="across departments")], frameon=False)
        axes[1, 1].legend(handles=[Line2D([], [], color="grey", lw=2, label="using it now"),
                                   Line2D([], [], color="grey", lw=2, ls="--",
                                          label="ever tried it")], frameon=False)
        horizon = max(float(r["week"].max()) for reps in runs.values() for r in reps)
        for ax in axes[1]:
            time_axis(ax, horizon)
        for ax in axes.ravel():
            ax.grid(alpha=0.3)
        if any(runs):
            axes[0, 0].legend(frameon=False)
        fig.suptitle(f"{flattening_finding(runs)}\n{title}", fontsize=15)
        save_figure(fig, path)


def flattening_finding(runs: Mapping[str, list[pd.DataFrame]]) -> str:
    """The finding in a manager's words: does influence follow rank less at the end?"""
    name, reps = next(iter(runs.items()))
    start = float(np.mean([r["rank_influence_corr"].iloc[0] for r in reps]))
    end = float(np.mean([r["rank_influence_corr"].iloc[-1] for r in reps]))
    who = f" ({name})" if name else ""
    if end < start - 0.05:
        return f"Influence follows rank less: from {start:.2f} to {end:.2f}{who}"
    if end > start + 0.05:
        return f"Influence follows rank more: from {start:.2f} to {end:.2f}{who}"
    return f"Influence follows rank about as much as at the start ({end:.2f}){who}"


def _network_sample(parent: np.ndarray, level: np.ndarray, seed: int = 20240601) -> np.ndarray:
    """Everyone in small organisations; else whole random teams with their chain of managers.

    Sampling whole teams (not people) keeps the reporting tree readable: each
    drawn person's manager, and theirs, up to the top, is drawn too.
    """
    n = parent.size
    if n <= NETWORK_SAMPLE:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    team = np.where(parent >= 0, parent, np.arange(n))
    teams = rng.permutation(np.unique(team))
    size = np.bincount(team, minlength=n)[teams]
    chosen = teams[: max(1, int(np.searchsorted(np.cumsum(size), NETWORK_SAMPLE)))]
    keep = np.isin(team, chosen)
    for _ in range(int(level.max()) + 1):  # add managers up the chain, level by level
        up = parent[keep & (parent >= 0)]
        keep[up] = True
    return np.flatnonzero(keep)


def _segments(mat: Any, mask: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Line segments for ties of a sparse matrix with both ends drawn."""
    import scipy.sparse as sp

    upper = sp.triu(mat, k=1).tocoo()
    keep = mask[upper.row] & mask[upper.col]
    return np.stack([pos[upper.row[keep]], pos[upper.col[keep]]], axis=1)


def plot_network_change(model: Any, path: str | Path, title: str) -> None:
    """The organisation at week 0 and now: formal vs platform ties, node size = influence.

    Left, week 0: reporting lines (grey) and informal influence then (sizes).
    Right, now: the same people with the ties made on the platform (purple)
    and today's influence. Rings are hierarchy levels (the top at the centre),
    sectors departments. In a flattening organisation the big dots move out
    from the centre toward the rim and purple lines cut across sectors.

    Args:
        model: a run ``CommunityModel`` (its ``change.influence0`` is week 0's influence).
        path: where the PNG goes.
        title: figure title.

    """
    org = model.org
    n = org.size
    g = model.graph()
    pos = tree_layout(g)
    shown = _network_sample(org.parent, org.level)
    mask = np.zeros(n, dtype=bool)
    mask[shown] = True
    formal = _segments(org.formal_matrix(), mask, pos)
    platform = _segments(org.platform, mask, pos)
    infl0, infl = model.change.influence0, model.people.influence
    scale = float(np.clip(9000 / shown.size, 4, 60))
    top = np.quantile(np.concatenate([infl0[shown], infl[shown]]), 0.995)
    # Thin, faint platform lines when there are many, so the hierarchy stays visible.
    plat_style = {**EDGE_STYLE["platform"], "zorder": 1, "linewidth": 0.4,
                  "alpha": float(np.clip(300 / max(len(platform), 1), 0.05, 0.55))}
    formal_style = {**EDGE_STYLE["formal"], "zorder": 2, "color": "#707070"}
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(15, 7.5), dpi=150, layout="constrained")
        axes = fig.subplots(1, 2)
        panels = ((axes[0], infl0, "week 0", []), (axes[1], infl, f"week {model.week}",
                                                   [platform]))
        for ax, values, label, extra in panels:
            for segs in extra:
                ax.add_collection(LineCollection(segs, **plat_style))
            ax.add_collection(LineCollection(formal, **formal_style))
            # Squared, so that differences in influence read as differences in area.
            size = scale * np.minimum(values[shown], top) ** 2
            ax.scatter(pos[shown, 0], pos[shown, 1], s=size, c="#0072B2", alpha=0.75,
                       edgecolors="white", linewidths=0.3, zorder=3)
            corr = _corr_label(model, label)
            ax.set_title(f"{label}: {corr}")
            ax.set_aspect("equal")
            ax.set_axis_off()
            reach = float(np.hypot(pos[:, 0], pos[:, 1]).max()) + 0.3
            ax.set_xlim(-reach, reach)
            ax.set_ylim(-reach, reach)
        handles = [Line2D([], [], **{**formal_style, "linewidth": 2},
                          label="reporting line"),
                   Line2D([], [], **{**EDGE_STYLE["platform"], "linewidth": 2},
                          label="tie made on the platform"),
                   Line2D([], [], marker="o", ls="", color="#0072B2",
                          label="person (size = informal influence)")]
        fig.legend(handles=handles, loc="outside lower center", ncols=3, frameon=False)
        sub = "" if shown.size == n else f" (sample of {shown.size:,} of {n:,} people)"
        fig.suptitle(f"{title}{sub}\ncentre = top of the hierarchy, sectors = departments")
        save_figure(fig, path)


def _corr_label(model: Any, label: str) -> str:
    """'seniority-influence r = ...' from the time series for week 0 or now."""
    df = model.timeseries()
    row = df.iloc[0] if label == "week 0" else df.iloc[-1]
    return f"seniority-influence correlation {row['rank_influence_corr']:.2f}"


def plot_maturity_radar(series: pd.DataFrame | Runs, path: str | Path, title: str,
                        weeks: Sequence[int] = (13, 52, 156)) -> None:
    """Radar charts of the four maturity scores, one per chosen week, one polygon per scenario.

    Args:
        series: ``{scenario: frame}`` or ``{scenario: [frames]}`` (replicates are averaged).
        path: where the PNG goes.
        title: figure title.
        weeks: weeks to show (clipped to the runs' horizon).

    """
    runs = _as_runs(series)
    cols = [c for c, _ in MATURITY]
    angles = np.linspace(0, 2 * np.pi, len(cols), endpoint=False)
    closed = np.r_[angles, angles[:1]]
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(4.6 * len(weeks) + 1, 5.4), dpi=150, layout="constrained")
        axes = fig.subplots(1, len(weeks), subplot_kw={"projection": "polar"}, squeeze=False)[0]
        for ax, week in zip(axes, weeks, strict=True):
            for (name, reps), colour in zip(runs.items(), SCENARIO_COLOURS, strict=False):
                rows = [r.iloc[min(int(week), len(r) - 1)] for r in reps]
                vals = np.mean([[float(row[c]) for c in cols] for row in rows], axis=0)
                ring = np.r_[vals, vals[:1]]
                ax.plot(closed, ring, color=colour, lw=2, label=name or None)
                ax.fill(closed, ring, color=colour, alpha=0.12)
            ax.set_xticks(angles, [label for _, label in MATURITY])
            ax.set_ylim(0, 100)
            ax.set_yticks([25, 50, 75, 100], ["25", "50", "75", "100"], fontsize=9)
            ax.set_rlabel_position(45)  # between the axes, clear of the labels
            ax.tick_params(axis="x", pad=14)
            ax.set_title(f"week {week}", pad=18)
        handles, labels = axes[0].get_legend_handles_labels()
        if labels:
            fig.legend(handles, labels, loc="outside lower center", ncols=len(labels),
                       frameon=False)
        fig.suptitle(title)
        save_figure(fig, path)
