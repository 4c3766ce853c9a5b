"""Figures for ``adoptsim compare``: each scenario's mean with its uncertainty.

Every figure shows, per scenario, the mean over replicates (line), the 95 %
confidence interval of that mean (dark band: where the *average* lies) and
the 5-95 % envelope of the replicates (light band: where one organisation's
path may go). Colours are fixed per scenario in the order given on the
command line (Okabe-Ito, colour-blind-safe), so a scenario has the same colour
in every figure; legend names are the scenario files' ``name``.

Written by :func:`plot_all`: ``contributing_embedded.png`` (the main figure),
``active.png``, ``lapsed.png``, ``relapses.png`` (cumulative relapses per
person), and ``metrics/<metric>.png`` for every metric.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from simulation.figures.run import STYLE, save_figure, time_axis
from simulation.measures.catalogue import is_share, label, unit
from simulation.measures.summary import ID_COLUMNS, metric_columns, t_half_width

# Okabe & Ito (2008), most distinguishable first; yellow last (weak on white).
# The two oranges (vermillion #D55E00, orange #E69F00) are kept apart: next to
# each other they read as one colour on a projector.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#56B4E9", "#E69F00",
           "#F0E442")
LINESTYLES = ("-", "--", ":", "-.")
# The four main figures; titles and units come from the metrics catalogue.
MAIN = ("contributing_embedded", "active", "lapsed", "relapses_per_head")
FILES = {"relapses_per_head": "relapses"}


def colour_of(i: int) -> tuple[str, str]:
    """Colour and line style of the i-th scenario (styles change after 8 colours)."""
    return PALETTE[i % len(PALETTE)], LINESTYLES[(i // len(PALETTE)) % len(LINESTYLES)]


def band(one: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Per week: mean, 95 % CI of the mean (t), and the 5 % and 95 % quantiles."""
    wide = one.pivot(index="week", columns="replicate", values=metric).astype(float)
    n = wide.shape[1]
    mean = wide.mean(axis=1)
    if n > 1:
        half = t_half_width(wide.std(axis=1, ddof=1), n)
    else:
        half = pd.Series(0.0, index=wide.index)
    return pd.DataFrame({"mean": mean, "ci_low": mean - half, "ci_high": mean + half,
                         "p05": wide.quantile(0.05, axis=1), "p95": wide.quantile(0.95, axis=1)})


def plot_metric(runs: pd.DataFrame, labels: Sequence[str], metric: str, path: Path,
                title: str, ylabel: str, replicates: int, covers: str | None = None) -> None:
    """One figure: each scenario's mean, CI band and 5-95 % envelope for ``metric``.

    ``covers`` says what the runs' spread includes (``"chance only"``, or parameter
    uncertainty too); it is added to the subtitle so a slide cannot overstate it.
    """
    import matplotlib

    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(10, 5.6), dpi=110, layout="constrained")
        ax = fig.add_subplot()
        for i, label in enumerate(labels):
            one = runs[runs["name"] == label]
            if one.empty:
                continue
            b = band(one, metric)
            colour, style = colour_of(i)
            weeks = b.index.to_numpy()
            ax.fill_between(weeks, b["p05"], b["p95"], color=colour, alpha=0.12, linewidth=0)
            ax.fill_between(weeks, b["ci_low"], b["ci_high"], color=colour, alpha=0.35,
                            linewidth=0)
            ax.plot(weeks, b["mean"], color=colour, linestyle=style, linewidth=2.2, label=label)
        spread = f"\nthe futures differ in: {covers}" if covers else ""
        ax.set_title(f"{finding(runs, labels, metric, title)}\nlines: average of {replicates} "
                     "simulated futures; dark band: where the average lies (95 %); light band: "
                     f"5-95 % of futures{spread}", fontsize=12)
        time_axis(ax, float(runs["week"].max()))
        ax.set_ylabel(ylabel.replace("share of headcount", "% of staff"))
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        if is_share(metric):
            ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.grid(alpha=0.3)
        ax.legend(loc="best", frameon=False)
        save_figure(fig, path)


def finding(runs: pd.DataFrame, labels: Sequence[str], metric: str, title: str) -> str:
    """A title that states the finding: which scenario ends highest, and at what level."""
    last = runs[runs["week"] == runs["week"].max()].groupby("name")[metric].mean()
    last = last[[n for n in labels if n in last.index]]
    if last.empty or not np.isfinite(last.to_numpy(float)).any():
        return title
    top = str(last.idxmax())
    value = float(last.max())
    shown = f"{100 * value:.0f} %" if is_share(metric) else f"{value:.3g}"
    if len(last) == 1:
        return f"{title}: {shown} at the end"
    return f"{title}: {top} ends highest ({shown})"


def plot_all(runs: pd.DataFrame, labels: Sequence[str], folder: Path, replicates: int,
             covers: str | None = None) -> None:
    """The main figures plus one figure per metric (``metrics/<metric>.png``).

    ``covers``: what the futures' spread includes, for the subtitles (see :func:`plot_metric`).
    """
    folder = Path(folder)
    for metric in MAIN:
        name = FILES.get(metric, metric)
        plot_metric(runs, labels, metric, folder / f"{name}.png", label(metric).capitalize(),
                    unit(metric), replicates, covers)
    (folder / "metrics").mkdir(exist_ok=True)
    for metric in metric_columns(runs):
        if metric in ID_COLUMNS:
            continue
        ylabel = unit(metric) or metric.replace("_", " ")
        plot_metric(runs, labels, metric, folder / "metrics" / f"{metric}.png",
                    label(metric).capitalize(), ylabel, replicates, covers)
