"""Figures of a sweep or a sensitivity analysis, made to be pasted into a slide.

* two list factors: a heatmap per metric (mean, with the 95 % CI in each cell);
* one list factor: each metric against the factor, mean line and CI band;
* a factorial design: contributing + embedded over time per design point,
  mean line and 95 % band;
* ranges (Latin hypercube): each metric against each factor, one dot per run;
* sensitivity: a tornado / bar chart of the indices with their CIs.

Colours: viridis for heatmaps, Okabe & Ito for lines (colour-blind-safe).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator, PercentFormatter  # noqa: E402

from simulation.experiment.design import Plan  # noqa: E402
from simulation.experiment.spec import Experiment  # noqa: E402
from simulation.experiment.store import read_runs, read_timeseries  # noqa: E402
from simulation.experiment.summary import mean_ci  # noqa: E402
from simulation.figures.run import STYLE, save_figure  # noqa: E402
from simulation.measures.catalogue import CATALOGUE, is_share  # noqa: E402

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
             "#000000"]
def label(name: str) -> str:
    """A human label for a metric or a factor (``section.key`` -> ``key (section)``)."""
    if name in CATALOGUE:
        return CATALOGUE[name].label
    section, _, key = name.rpartition(".")
    text = key.replace("_", " ")
    return f"{text} ({section.replace('_', ' ')})" if section else text


def fmt(name: str, value: float) -> str:
    """A value as it should be read: shares in %, the rest with few digits."""
    if not np.isfinite(value):
        return "–"
    return f"{value:.0%}" if is_share(name) else f"{value:.3g}"


def show(value: Any) -> str:
    """A factor value on an axis."""
    if value is None:
        return "none"
    return f"{value:g}" if isinstance(value, float) else str(value).replace("_", " ")


def heatmap(table: pd.DataFrame, f1: str, f2: str, metric: str, path: Path, title: str) -> None:
    """Mean of ``metric`` over a two-factor grid, CI written in each cell."""
    rows = list(dict.fromkeys(table[f1].map(show)))
    cols = list(dict.fromkeys(table[f2].map(show)))
    grid = np.full((len(rows), len(cols)), np.nan)
    text = [["" for _ in cols] for _ in rows]
    for _, r in table.iterrows():
        i, j = rows.index(show(r[f1])), cols.index(show(r[f2]))
        grid[i, j] = r[f"{metric}_mean"]
        text[i][j] = (f"{fmt(metric, r[f'{metric}_mean'])}\n"
                      f"[{fmt(metric, r[f'{metric}_ci_low'])}, "
                      f"{fmt(metric, r[f'{metric}_ci_high'])}]")
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(2.2 + 1.9 * len(cols), 1.6 + 1.05 * len(rows)), dpi=150,
                     layout="constrained")
        ax = fig.add_subplot()
        im = ax.imshow(grid, cmap="viridis", aspect="auto", origin="lower")
        lo, hi = np.nanmin(grid), np.nanmax(grid)
        for i in range(len(rows)):
            for j in range(len(cols)):
                dark = np.isfinite(grid[i, j]) and grid[i, j] < lo + 0.6 * (hi - lo)
                ax.text(j, i, text[i][j], ha="center", va="center", fontsize=10,
                        color="white" if dark else "black")
        ax.set_xticks(range(len(cols)), cols)
        ax.set_yticks(range(len(rows)), rows)
        ax.set_xlabel(label(f2))
        ax.set_ylabel(label(f1))
        bar = fig.colorbar(im, ax=ax, shrink=0.9)
        if is_share(metric):
            bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_title(f"{title}: {label(metric)}\nmean [95 % CI] over replicates", fontsize=11)
        save_figure(fig, path)


def factor_lines(table: pd.DataFrame, f1: str, metric: str, path: Path, title: str) -> None:
    """Mean of ``metric`` against one factor, with the 95 % CI as a band."""
    values = table[f1].tolist()
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
    x = np.asarray(values, float) if numeric else np.arange(len(values))
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(7, 4.5), dpi=150, layout="constrained")
        ax = fig.add_subplot()
        ax.fill_between(x, table[f"{metric}_ci_low"], table[f"{metric}_ci_high"],
                        color=OKABE_ITO[0], alpha=0.25, linewidth=0, label="95 % CI")
        ax.plot(x, table[f"{metric}_mean"], marker="o", color=OKABE_ITO[0], label="mean")
        if not numeric:
            ax.set_xticks(x, [show(v) for v in values])
        ax.set_xlabel(label(f1))
        ax.set_ylabel(textwrap.fill(label(metric), 28))
        if is_share(metric):
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_title(f"{title}: {label(metric)}", fontsize=12)
        ax.legend(frameon=False)
        save_figure(fig, path)


def active_over_time(out: Path, plan: Plan, path: Path, title: str) -> None:
    """Contributing + embedded over the weeks, one line and 95 % band per design point.

    Two factors: one panel per value of the first factor, one colour per value
    of the second. One factor: one panel, one colour per value.
    """
    ts = read_timeseries(out, columns=["run_id", "week", "contributing", "embedded"])
    runs = read_runs(out, columns=["run_id", "point_id", "status"])
    ts = ts.merge(runs[runs["status"] == "ok"], on="run_id")
    ts["active"] = ts["contributing"] + ts["embedded"]
    wide = ts.pivot_table(index="week", columns=["point_id", "run_id"], values="active")
    f1 = plan.factors[0]
    f2 = plan.factors[1] if len(plan.factors) > 1 else None
    panels = list(dict.fromkeys(show(p[f1]) for p in plan.points)) if f2 else [""]
    colours = list(dict.fromkeys(show(p[f2 or f1]) for p in plan.points))
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(min(max(5 * len(panels), 7.5), 16), 4.6), dpi=150,
                     layout="constrained")
        axes = fig.subplots(1, len(panels), sharey=True, squeeze=False)[0]
        weeks = wide.index.to_numpy()
        for pid, point in enumerate(plan.points):
            if pid not in wide.columns.get_level_values(0):
                continue
            block = wide[pid].to_numpy()
            stats = np.array([mean_ci(row) for row in block])
            ax = axes[panels.index(show(point[f1])) if f2 else 0]
            c = OKABE_ITO[colours.index(show(point[f2 or f1])) % len(OKABE_ITO)]
            ax.fill_between(weeks, stats[:, 1], stats[:, 2], color=c, alpha=0.25, linewidth=0)
            ax.plot(weeks, stats[:, 0], color=c, linewidth=1.8, label=show(point[f2 or f1]))
        for ax, name in zip(axes, panels, strict=True):
            ax.set_xlabel("week")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            if f2:
                ax.set_title(f"{label(f1)} = {name}", fontsize=12)
        axes[0].set_ylabel("contributing + embedded")
        axes[-1].legend(title=label(f2 or f1), frameon=False, fontsize=10, title_fontsize=10)
        fig.suptitle(f"{title}: mean and 95 % band over replicates")
        save_figure(fig, path)


def scatter(runs: pd.DataFrame, factors: list[str], metric: str, path: Path, title: str) -> None:
    """Each run's ``metric`` against each factor (designs over ranges)."""
    ok = runs[runs["status"] == "ok"]
    cols = min(4, len(factors))
    nrows = -(-len(factors) // cols)
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(3.6 * cols, 3.0 * nrows + 0.6), dpi=150, layout="constrained")
        axes = fig.subplots(nrows, cols, sharey=True, squeeze=False).ravel()
        for ax, f in zip(axes, factors, strict=False):
            ax.scatter(ok[f], ok[metric], s=6, alpha=0.5, color=OKABE_ITO[0], linewidths=0)
            ax.set_xlabel(label(f), fontsize=10)
            if is_share(metric):
                ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        for ax in axes[len(factors):]:
            ax.set_visible(False)
        fig.suptitle(f"{title}: {label(metric)} per run")
        save_figure(fig, path)


def sweep_plots(out: Path, plan: Plan, exp: Experiment, table: pd.DataFrame) -> list[Path]:
    """Write the plots that fit the design into ``out/plots``; return their paths."""
    folder = Path(out) / "plots"
    folder.mkdir(exist_ok=True)
    made: list[Path] = []
    title = exp.name.replace("_", " ")
    plot_metrics = [m for m in exp.metrics if table[f"{m}_mean"].notna().any()]
    if exp.design == "full_factorial" and len(plan.factors) == 2:
        for m in plot_metrics:
            made.append(folder / f"heatmap_{m}.png")
            heatmap(table, plan.factors[0], plan.factors[1], m, made[-1], title)
    elif exp.design == "full_factorial" and len(plan.factors) == 1:
        for m in plot_metrics:
            made.append(folder / f"lines_{m}.png")
            factor_lines(table, plan.factors[0], m, made[-1], title)
    if exp.design == "full_factorial" and len(plan.factors) <= 2 and len(plan.points) <= 40:
        made.append(folder / "active_over_time.png")
        active_over_time(out, plan, made[-1], title)
    if exp.design != "full_factorial" or len(plan.factors) > 2:
        runs = read_runs(out, columns=["run_id", "status", *plan.factors, *plot_metrics])
        for m in plot_metrics:
            made.append(folder / f"scatter_{m}.png")
            scatter(runs, plan.factors, m, made[-1], title)
    return made


def tornado(table: pd.DataFrame, method: str, path: Path, title: str) -> None:
    """Indices per factor with CIs, one panel per outcome, largest on top.

    Sobol: total (ST) and first-order (S1) bars. Morris: mu* bars with its CI
    and sigma beside it.
    """
    outcomes = list(dict.fromkeys(table["metric"]))
    big, small = (("ST", "S1") if method == "sobol" else ("mu_star", "sigma"))
    names = {"ST": "total (ST)", "S1": "first-order (S1)", "mu_star": "μ*", "sigma": "σ"}
    with matplotlib.rc_context(STYLE):
        cols = min(3, len(outcomes))
        rows = -(-len(outcomes) // cols)
        fig = Figure(figsize=(6.2 * cols, (0.8 + 0.42 * table["factor"].nunique()) * rows + 0.6),
                     dpi=150, layout="constrained")
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for ax in axes[len(outcomes):]:
            ax.set_visible(False)
        for ax, metric in zip(axes, outcomes, strict=False):
            t = table[table["metric"] == metric].sort_values(big)
            y = np.arange(len(t))
            ax.barh(y + 0.2, t[big], height=0.4, color=OKABE_ITO[0], label=names[big],
                    xerr=t[f"{big}_conf"], error_kw={"elinewidth": 1, "capsize": 2})
            err = t[f"{small}_conf"] if f"{small}_conf" in t else None
            ax.barh(y - 0.2, t[small], height=0.4, color=OKABE_ITO[4], label=names[small],
                    xerr=err, error_kw={"elinewidth": 1, "capsize": 2})
            ax.set_yticks(y, [label(f) for f in t["factor"]], fontsize=10)
            ax.axvline(0, color="black", linewidth=0.6)
            ax.set_title(label(metric), fontsize=11)
            ax.legend(frameon=False, fontsize=9, loc="lower right")
        fig.suptitle(f"{title} — {method} indices, 95 % CI")
        save_figure(fig, path)
