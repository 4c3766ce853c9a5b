"""Figures made to be pasted into a slide: adoption over time and the network.

Every figure is titled, labelled, legible at half size and drawn in the
Okabe-Ito colour-blind-safe palette, with one fixed colour per stage so that
all adoptsim figures (CLI, comparisons, dashboard) read the same way. Figures
are built on :class:`matplotlib.figure.Figure` directly (the Agg canvas, no
pyplot state), so they are safe in worker processes and on headless machines,
and saved through a temporary file so a crash never leaves a truncated PNG.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # headless; must precede any pyplot import elsewhere

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

# Okabe & Ito (2008); grey for "not yet touched".
STAGE_COLOURS: dict[str, str] = {
    "unaware": "#C8C8C8",
    "aware": "#56B4E9",
    "lurking": "#F0E442",
    "contributing": "#009E73",
    "embedded": "#0072B2",
    "lapsed": "#D55E00",
}
# Bottom to top: the committed core at the base, the untouched crowd on top.
STACK_ORDER = ("embedded", "contributing", "lurking", "aware", "lapsed", "unaware")
EDGE_STYLE: dict[str, dict[str, Any]] = {
    "formal": {"color": "#B0B0B0", "linewidth": 0.5, "alpha": 0.9, "zorder": 1},
    "platform": {"color": "#CC79A7", "linewidth": 0.6, "alpha": 0.55, "zorder": 2},
}
MAX_NODES = 3000  # above this, a seeded random sample is drawn
STYLE = {"font.size": 12, "axes.titlesize": 14, "axes.labelsize": 13, "legend.fontsize": 11}


def time_axis(ax: Any, weeks: float) -> None:
    """Time on the x axis in months (up to 3 years) or years, the data staying in weeks.

    A manager reads "month 18" or "year 2", not "week 78"; ticks fall on
    whole months or years, at most about eight of them.
    """
    months = weeks / (52 / 12)
    if months <= 36:
        step = next(k for k in (1, 3, 6, 12) if months / k <= 8)
        ticks = np.arange(0, months + 1e-9, step)
        ax.set_xticks(ticks * 52 / 12, [f"{t:.0f}" for t in ticks])
        ax.set_xlabel("months from the start")
    else:
        years = weeks / 52
        step = next(k for k in (0.5, 1, 2, 5) if years / k <= 8)
        ticks = np.arange(0, years + 1e-9, step)
        ax.set_xticks(ticks * 52, [f"{t:g}" for t in ticks])
        ax.set_xlabel("years from the start")


def save_figure(fig: Figure, path: str | Path) -> None:
    """Write ``fig`` as PNG via a temporary file and an atomic rename."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fig.savefig(tmp, format="png")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def plot_adoption(df: pd.DataFrame, path: str | Path, title: str) -> None:
    """Stacked shares of headcount per stage over the weeks, plus ever-adopted.

    The stack puts embedded and contributing members at the base, so the
    honeymoon peak and the sustained level after it are read off one edge.

    Args:
        df: Time series with a ``week`` column and one share column per stage.
        path: Where the PNG goes.
        title: Figure title, usually the scenario name and seed.

    """
    missing = [c for c in STACK_ORDER if c not in df.columns]
    if missing:
        raise ValueError(f"time series lacks stage columns {missing}")
    weeks = df["week"].to_numpy() if "week" in df.columns else np.arange(len(df))
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(9, 5), dpi=150, layout="constrained")
        ax = fig.add_subplot()
        ax.stackplot(weeks, [df[c].to_numpy(float) for c in STACK_ORDER],
                     colors=[STAGE_COLOURS[c] for c in STACK_ORDER],
                     labels=list(STACK_ORDER), linewidth=0)
        if "adopted_ever" in df.columns:
            ax.plot(weeks, df["adopted_ever"], color="black", linestyle="--", linewidth=1.5,
                    label="ever adopted")
        ax.set_xlim(weeks.min(), max(weeks.max(), weeks.min() + 1))
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlabel("week")
        ax.set_ylabel("share of headcount")
        ax.set_title(title)
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], labels[::-1], loc="center left", bbox_to_anchor=(1.01, 0.5),
                  frameon=False)
        save_figure(fig, path)


def tree_layout(g: nx.Graph) -> np.ndarray:
    """Radial layout of the reporting tree: levels as rings, departments as sectors.

    Deterministic and linear in the number of people (no force simulation):
    leaves of the formal tree get equal angular slots in depth-first order,
    children sorted by department then id, and each manager sits at the middle
    of the slots of everyone below them. People outside any reporting line end
    up on the outer ring, so reduced-form networks still draw as a circle.

    Returns:
        An ``(n, 2)`` array of positions indexed by node id (ids are 0..n-1).

    """
    n = g.number_of_nodes()
    level = np.array([g.nodes[i].get("level", 0) for i in range(n)], dtype=np.int64)
    dept = [str(g.nodes[i].get("department", "")) for i in range(n)]
    parent = np.full(n, -1, dtype=np.int64)
    children: list[list[int]] = [[] for _ in range(n)]
    for u, v, kind in g.edges(data="kind"):
        if kind != "formal" or level[u] == level[v]:
            continue
        boss, sub = (u, v) if level[u] < level[v] else (v, u)
        if parent[sub] < 0:
            parent[sub] = boss
            children[boss].append(sub)
    roots = sorted(np.flatnonzero(parent < 0).tolist(), key=lambda i: (level[i], dept[i], i))
    slot = np.zeros(n)
    n_leaves = 0
    stack = roots[::-1]
    while stack:  # depth-first: leaves numbered left to right
        u = stack.pop()
        if children[u]:
            stack.extend(sorted(children[u], key=lambda i: (dept[i], i), reverse=True))
        else:
            slot[u] = n_leaves
            n_leaves += 1
    is_leaf = np.array([not c for c in children], dtype=bool)
    lo, hi = np.where(is_leaf, slot, np.inf), np.where(is_leaf, slot, -np.inf)
    for u in np.argsort(-level, kind="stable"):  # children before their managers
        p = parent[u]
        if p >= 0:
            lo[p], hi[p] = min(lo[p], lo[u]), max(hi[p], hi[u])
    angle = 2 * np.pi * ((lo + hi) / 2 + 0.5) / max(n_leaves, 1)
    depth = (level - level.min()).astype(float)
    radius = depth + (0.0 if len(roots) == 1 else 1.0)
    if n_leaves > 300:  # stagger crowded leaf rings so neighbours do not overlap
        radius = radius + np.where(is_leaf, 0.35 * (slot % 2), 0.0)
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])


def _sample(n: int, keep: np.ndarray) -> np.ndarray:
    """Node ids to draw: everyone, or a seeded sample plus the ``keep`` nodes."""
    if n <= MAX_NODES:
        return np.arange(n)
    rng = np.random.default_rng(20240601)  # fixed: the same picture for the same run
    picked = rng.choice(n, size=MAX_NODES, replace=False)
    return np.union1d(picked, np.flatnonzero(keep))


def _edges(g: nx.Graph, shown: np.ndarray, pos: np.ndarray) -> dict[str, np.ndarray]:
    """Segments per edge kind, for edges with at least one drawn end."""
    mask = np.zeros(len(pos), dtype=bool)
    mask[shown] = True
    out: dict[str, list[tuple[int, int]]] = {k: [] for k in EDGE_STYLE}
    for u, v, kind in g.edges(data="kind"):
        if kind in out and (mask[u] or mask[v]):
            out[kind].append((u, v))
    return {k: pos[np.array(e, dtype=np.int64).reshape(-1, 2)] for k, e in out.items()}


def _label_sectors(ax: Any, g: nx.Graph, pos: np.ndarray) -> None:
    """Name each department at the rim of its sector (up to 12 departments)."""
    dept = np.array([str(g.nodes[i].get("department", "")) for i in range(len(pos))])
    names = [d for d in dict.fromkeys(dept.tolist()) if d]
    if not 1 < len(names) <= 12:
        return
    rim = float(np.hypot(pos[:, 0], pos[:, 1]).max()) + 0.5
    for name in names:
        unit = pos[dept == name] / np.maximum(np.hypot(*pos[dept == name].T), 1e-9)[:, None]
        x, y = unit.mean(axis=0)
        if np.hypot(x, y) < 0.3:  # spread all round: no sector to label
            continue
        theta = np.arctan2(y, x)
        ax.text(rim * np.cos(theta), rim * np.sin(theta), name, fontsize=11,
                ha="left" if np.cos(theta) >= 0 else "right", va="center", color="#333333")


def plot_network(model: Any, path: str | Path, title: str) -> None:
    """Draw the organisation at the end of the run, each person coloured by stage.

    Rings are hierarchy levels (the top at the centre), sectors departments;
    grey lines are reporting lines, purple lines ties made on the platform,
    which is where the informal network cuts across the hierarchy. Managers
    are squares and the community manager a large star. Informal ties are
    not drawn: there are too many to read.

    Args:
        model: A run ``CommunityModel`` (``graph()``, ``people.stage``, ``week``).
        path: Where the PNG goes.
        title: Figure title, usually the scenario name and seed.

    """
    from simulation.engine.people import STAGES

    g = model.graph()
    n = g.number_of_nodes()
    stage = np.asarray(model.people.stage, dtype=np.int64)
    role = np.array([str(g.nodes[i].get("role", "employee")) for i in range(n)])
    level = np.array([g.nodes[i].get("level", 0) for i in range(n)])
    pos = tree_layout(g)
    shown = _sample(n, (role == "community_manager") | (level <= level.min() + 1))
    colours = np.array([STAGE_COLOURS[s] for s in STAGES])
    size = float(np.clip(12000 / len(shown), 3, 50))
    week = getattr(model, "week", None)
    subtitle = f"stage at week {week}" if week is not None else "stage at the end"
    if len(shown) < n:
        subtitle += f", random sample of {len(shown):,} of {n:,} people"
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(12.5, 7.5), dpi=150, layout="constrained")
        ax = fig.add_subplot()
        fade = 1.0 if len(shown) <= 1500 else 0.5  # dense pictures need lighter lines
        for kind, segs in _edges(g, shown, pos).items():
            if len(segs):
                style = EDGE_STYLE[kind]
                ax.add_collection(LineCollection(segs, **{**style, "alpha": style["alpha"] * fade}))
        marks = (("employee", "o", 1.0), ("manager", "s", 2.5), ("community_manager", "*", 0))
        for name, marker, scale in marks:
            ids = shown[role[shown] == name]
            if len(ids):
                big = name == "community_manager"
                ax.scatter(pos[ids, 0], pos[ids, 1], c=colours[stage[ids]], marker=marker,
                           s=400 if big else size * scale, edgecolors="black",
                           linewidths=1.2 if big else 0.2, zorder=5 if big else 3)
        counts = np.bincount(stage, minlength=len(STAGES)) / max(n, 1)
        handles = [Patch(color=STAGE_COLOURS[s], label=f"{s} ({counts[i]:.0%})")
                   for i, s in enumerate(STAGES)]
        handles += [
            Line2D([], [], marker="o", ls="", color="grey", label="employee"),
            Line2D([], [], marker="s", ls="", color="grey", label="manager"),
            Line2D([], [], marker="*", ls="", color="grey", markersize=14,
                   markeredgecolor="black", label="community manager"),
            Line2D([], [], **{**EDGE_STYLE["formal"], "linewidth": 2}, label="reporting line"),
            Line2D([], [], **{**EDGE_STYLE["platform"], "linewidth": 2},
                   label="tie made on platform"),
        ]
        ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
        _label_sectors(ax, g, pos)
        ax.set_title(f"{title}\n{subtitle}")
        ax.set_aspect("equal")
        reach = float(np.hypot(pos[:, 0], pos[:, 1]).max()) + 0.5  # labels sit on this rim
        ax.set_xlim(-reach * 1.45, reach * 1.45)  # room for the labels' text
        ax.set_ylim(-reach * 1.08, reach * 1.08)
        ax.set_axis_off()
        save_figure(fig, path)
