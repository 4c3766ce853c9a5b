"""Figures of scenario discovery, made to be pasted into a slide.

* ``tradeoff.png``: PRIM's peeling trajectory, coverage against density,
  one dot per candidate box, coloured by how many levers it restricts; the
  box reported is ringed, the share of all runs that succeed is a dashed line.
* ``boxes.png``: each restricted lever's range in the sweep (grey) and in the
  box (colour), with the numbers written at the ends.

The title of each states the finding. Colours: Okabe & Ito and viridis
(colour-blind-safe).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from simulation.experiment.discover import Discovery, _num  # noqa: E402
from simulation.experiment.plots import OKABE_ITO, label  # noqa: E402
from simulation.figures.run import STYLE, save_figure  # noqa: E402
from simulation.measures.catalogue import is_share  # noqa: E402


def threshold_text(result: Discovery) -> str:
    """``'used it in the last 4 weeks (mean of the last 13 weeks)' above 15%``.

    The catalogue's labels are phrases with units of their own, so the label
    is quoted: it reads as the measure's name, not as part of the sentence.
    """
    value = (f"{result.threshold:.0%}" if is_share(result.metric)
             else _num(result.threshold))
    return f"'{label(result.metric)}' {result.direction} {value}"


def finding(result: Discovery) -> str:
    """One sentence: the first box, its density against the base rate, its coverage."""
    if not result.boxes:
        return f"No lever range makes {threshold_text(result)} more likely"
    box = result.boxes[0]
    if not box.limits:
        return (f"{threshold_text(result)}: no lever range does better than all runs "
                f"({result.base_rate:.0%})")
    conds = " and ".join(f"{label(lim.factor)} {lim.text()}" for lim in box.limits[:3])
    more = f" (+{len(box.limits) - 3} more)" if len(box.limits) > 3 else ""
    return (f"With {conds}{more}, {box.density:.0%} of runs reach {threshold_text(result)} "
            f"(all runs: {result.base_rate:.0%}); the box holds {box.coverage:.0%} of "
            "the runs that do")


def tradeoff_figure(result: Discovery, path: Path) -> None:
    """Coverage against density along the peeling trajectory of every box."""
    traj = result.trajectory
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(8, 6), dpi=150, layout="constrained")
        ax = fig.add_subplot()
        most = int(traj["restricted_levers"].max()) if len(traj) else 0
        cmap = matplotlib.colormaps["viridis"]
        markers = ["o", "s", "^", "D"]
        for number, part in traj.groupby("box"):
            colours = [cmap(k / max(most, 1)) for k in part["restricted_levers"]]
            ax.scatter(part["coverage"], part["density"], c=colours, s=28,
                       marker=markers[(int(number) - 1) % 4], edgecolors="none", zorder=3,
                       label=f"box {number} (peeling steps)" if len(result.boxes) > 1
                       else None)
            chosen = part[part["chosen"]]
            ax.scatter(chosen["coverage"], chosen["density"], s=200, facecolors="none",
                       edgecolors="0.4", linewidths=1.2, zorder=4)
        for box in result.boxes:
            ax.scatter([box.coverage], [box.density], s=260, marker="*", color="black",
                       zorder=5)
            what = "PRIM's box, less its non-significant limits" if box.dropped else "PRIM's box"
            ax.annotate(f"box {box.number}: coverage {box.coverage:.0%}, density "
                        f"{box.density:.0%}\n({what})", (box.coverage, box.density),
                        xytext=(-14, -14), textcoords="offset points", ha="right", va="top",
                        fontsize=10, zorder=6,
                        bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "0.7",
                              "alpha": 0.9})
        ax.axhline(result.base_rate, color="0.35", linestyle="--", linewidth=1)
        ax.text(0.01, result.base_rate, f" all runs: {result.base_rate:.0%}", va="bottom",
                ha="left", fontsize=10, color="0.25", transform=ax.get_yaxis_transform())
        ax.axhline(result.density_target, color="0.6", linestyle=":", linewidth=1)
        ax.text(0.01, result.density_target, f" target density {result.density_target:.0%}",
                va="bottom", ha="left", fontsize=10, color="0.4",
                transform=ax.get_yaxis_transform())
        ax.set_xlim(0, 1.04)
        ax.set_ylim(0, 1.04)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_xlabel("coverage: share of the successful runs inside the box")
        ax.set_ylabel("density: share of runs inside the box that succeed")
        sm = matplotlib.cm.ScalarMappable(cmap=cmap,
                                          norm=matplotlib.colors.Normalize(0, max(most, 1)))
        bar = fig.colorbar(sm, ax=ax, shrink=0.8)
        bar.set_label("levers restricted")
        bar.locator = matplotlib.ticker.MaxNLocator(integer=True)
        bar.update_ticks()
        if len(result.boxes) > 1:
            ax.legend(frameon=False, loc="lower left")
        fig.suptitle(textwrap.fill(finding(result), 80), fontsize=11, x=0.02, ha="left")
        save_figure(fig, path)


def boxes_figure(result: Discovery, path: Path) -> None:
    """Each restricted lever: the sweep's range in grey, the box's range in colour."""
    rows = [(box, lim) for box in result.boxes for lim in box.limits]
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(9, 1.8 + 0.95 * max(len(rows), 1)), dpi=150,
                     layout="constrained")
        ax = fig.add_subplot()
        names = []
        for i, (box, lim) in enumerate(reversed(rows)):
            colour = OKABE_ITO[(box.number - 1) % len(OKABE_ITO)]
            ax.barh(i, 1.0, left=0, height=0.55, color="0.88", zorder=1)
            if lim.values is not None:  # a choice: the chosen values written on the bar
                ax.barh(i, 1.0, left=0, height=0.55, color=colour, alpha=0.85, zorder=2)
                ax.text(0.5, i, f"{' or '.join(lim.values)}  (of {', '.join(lim.sweep_values)})",
                        ha="center", va="center", fontsize=10, color="white", zorder=3)
            else:
                span = (lim.sweep_high - lim.sweep_low) or 1.0
                a, b = (lim.low - lim.sweep_low) / span, (lim.high - lim.sweep_low) / span
                ax.barh(i, b - a, left=a, height=0.55, color=colour, zorder=2)
                # at the sweep's edge a centred number would run off the axes
                ax.text(a, i + 0.36, _num(lim.low), ha="left" if a < 0.05 else "center",
                        va="bottom", fontsize=10)
                ax.text(b, i + 0.36, _num(lim.high), ha="right" if b > 0.95 else "center",
                        va="bottom", fontsize=10)
                ax.text(0, i - 0.34, _num(lim.sweep_low), ha="left", va="top", fontsize=9,
                        color="0.4")
                ax.text(1, i - 0.34, _num(lim.sweep_high), ha="right", va="top", fontsize=9,
                        color="0.4")
            tag = f"box {box.number}: " if len(result.boxes) > 1 else ""
            names.append(tag + textwrap.fill(label(lim.factor), 34))
        ax.set_yticks(np.arange(len(rows)), names)
        ax.set_ylim(-0.75, max(len(rows), 1) - 0.2)
        ax.set_xlim(-0.03, 1.03)
        ax.set_xticks([])
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("grey: the range swept; colour: the range in the box")
        if not rows:
            ax.text(0.5, 0, "no lever is restricted", ha="center", va="center")
        fig.suptitle(textwrap.fill(finding(result), 90), fontsize=11, x=0.02, ha="left")
        save_figure(fig, path)
