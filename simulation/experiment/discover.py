"""Scenario discovery: which lever ranges make an outcome likely (PRIM).

A sweep answers "what happens at each combination of levers". A client asks
the reverse: "under which conditions does the community make it?". Scenario
discovery (Bryant & Lempert 2010, doi:10.1016/j.techfore.2009.08.002) turns
the sweep's runs into a yes/no outcome (``--metric M --above T``) and looks
for a *box* — a range for a few levers — in which most runs are a yes.
PRIM (Friedman & Fisher 1999), as implemented in the EMA Workbench
(Kwakkel 2017, doi:10.1016/j.envsoft.2017.06.054), peels the lever space a
slice at a time; each step trades:

* **coverage**: the share of all yes-runs that lie inside the box (how much
  of the success the box explains), against
* **density**: the share of runs inside the box that are a yes (how likely
  success is under those conditions).

Every run of the sweep is one case (replicates included), so density is the
chance that a run with those lever settings succeeds. Of the peeling
trajectory, the box reported is the one with the highest coverage whose
density reaches ``density`` (default 0.8); when no box reaches it, the
densest box. A limit PRIM drew whose quasi-p value (a one-sided binomial
test of whether the limit raises the density; Bryant & Lempert 2010) is
above ``significance`` (default 0.05) is then dropped, and coverage and
density are counted again on the box that remains: with a few hundred noisy
runs PRIM also trims a lever's edge by chance, and a slide should not show
that as a finding. ``boxes`` > 1 asks PRIM for further boxes among the runs
the earlier boxes leave out.

This module is the analysis (a frame of runs in, a :class:`Discovery` out);
:mod:`simulation.experiment.discover_run` reads a sweep folder and writes
the result folder, :mod:`simulation.experiment.discover_plots` draws it.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from simulation.errors import InputError, did_you_mean

DEFAULT_DENSITY = 0.8


@dataclass
class Limit:
    """The range (or the set of values) one lever is restricted to in a box."""

    factor: str
    low: float | None = None
    high: float | None = None
    values: list[str] | None = None
    sweep_low: float | None = None
    sweep_high: float | None = None
    sweep_values: list[str] | None = None
    qp_low: float = float("nan")
    qp_high: float = float("nan")

    def text(self) -> str:
        """The restriction as a person reads it: ``at least 0.21``, ``side_job or full_time``."""
        if self.values is not None:
            return " or ".join(self.values)
        if self.high == self.sweep_high:
            return f"at least {_num(self.low)}"
        if self.low == self.sweep_low:
            return f"at most {_num(self.high)}"
        return f"{_num(self.low)} to {_num(self.high)}"

    def inside(self, x: pd.Series) -> np.ndarray:
        """Which runs meet this restriction."""
        if self.values is not None:
            return x.astype(str).isin(self.values).to_numpy()
        return ((x >= self.low) & (x <= self.high)).to_numpy()


@dataclass
class Box:
    """One box: lever limits and how well it captures the outcome."""

    number: int
    coverage: float
    density: float
    mass: float
    runs: int
    cases: int
    step: int
    limits: list[Limit] = field(default_factory=list)
    reached: bool = True
    dropped: list[Limit] = field(default_factory=list)
    prim_coverage: float = float("nan")
    prim_density: float = float("nan")


@dataclass
class Discovery:
    """What ``discover`` found, ready to write or to read in a notebook."""

    metric: str
    direction: str
    threshold: float
    runs: int
    cases: int
    boxes: list[Box]
    trajectory: pd.DataFrame
    density_target: float

    @property
    def base_rate(self) -> float:
        """Share of all runs that reach the outcome (the density of no box at all)."""
        return self.cases / self.runs if self.runs else float("nan")

    def outcome(self) -> str:
        """``sustained_active above 0.1``."""
        return f"{self.metric} {self.direction} {_num(self.threshold)}"

    def table(self) -> pd.DataFrame:
        """``boxes.csv``: one row per restricted lever per box."""
        from simulation.experiment.plots import label

        rows = []
        for box in self.boxes:
            for lim in box.limits or [Limit(factor="")]:
                rows.append({
                    "box": box.number, "factor": lim.factor,
                    "factor_label": label(lim.factor) if lim.factor else "(no restriction)",
                    "low": lim.low, "high": lim.high,
                    "values": None if lim.values is None else " | ".join(lim.values),
                    "sweep_low": lim.sweep_low, "sweep_high": lim.sweep_high,
                    "sweep_values": (None if lim.sweep_values is None
                                     else " | ".join(lim.sweep_values)),
                    "qp_low": lim.qp_low, "qp_high": lim.qp_high,
                    "coverage": box.coverage, "density": box.density,
                    "mass": box.mass, "runs_in_box": box.runs, "cases_in_box": box.cases,
                    "base_rate": self.base_rate, "metric": self.metric,
                    "direction": self.direction, "threshold": self.threshold})
        return pd.DataFrame(rows)

    def markdown(self) -> str:
        """The boxes as a Markdown table (``boxes.md``)."""
        lines = [f"Outcome: `{self.outcome()}` in {self.cases} of {self.runs} runs "
                 f"({self.base_rate:.0%}).", "",
                 "| box | lever | range in the box | range in the sweep | quasi-p | coverage |"
                 " density | runs in box |", "|---|---|---|---|---|---|---|---|"]
        for box in self.boxes:
            first = True
            for lim in box.limits or [Limit(factor="(no restriction)")]:
                sweep = (" or ".join(lim.sweep_values) if lim.sweep_values is not None
                         else f"{_num(lim.sweep_low)} to {_num(lim.sweep_high)}"
                         if lim.sweep_low is not None else "")
                stats = (f"{box.coverage:.0%} | {box.density:.0%} | {box.runs}" if first
                         else " | | ")
                lines.append(f"| {box.number if first else ''} | `{lim.factor}` | "
                             f"{lim.text() if lim.sweep_low is not None or lim.values else ''}"
                             f" | {sweep} | {_qp(lim)} | {stats} |")
                first = False
        note = []
        for b in self.boxes:
            if b.dropped:
                gone = "; ".join(f"`{d.factor}` {d.text()} (quasi-p {_qp(d)})"
                                 for d in b.dropped)
                note.append(f"\nBox {b.number}: PRIM's box (coverage {b.prim_coverage:.0%}, "
                            f"density {b.prim_density:.0%}) also restricted {gone}; those "
                            "limits are not significant and are dropped.")
            if not b.reached:
                note.append(f"\nBox {b.number} does not reach the target density "
                            f"{self.density_target:.0%}; it is the densest box PRIM found.")
        return "\n".join(lines + note) + "\n"


def _qp(lim: Limit) -> str:
    """The quasi-p values of a limit's restricted sides, e.g. ``0.01`` or ``0.01 / 0.5``."""
    qps = [q for q in (lim.qp_low, lim.qp_high) if q == q]
    return " / ".join(f"{q:.2g}" for q in qps) if qps else ""


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:.3g}" if isinstance(x, float) and not float(x).is_integer() else f"{x:g}"


def lever_frame(runs: pd.DataFrame, factors: list[str]) -> pd.DataFrame:
    """The levers as PRIM reads them: numbers stay numbers, anything else a category.

    Levers that take one value only in the sweep are dropped: they cannot
    bound a box.
    """
    x = {}
    for name in factors:
        col = runs[name]
        if col.nunique(dropna=False) < 2:
            continue
        if pd.api.types.is_bool_dtype(col) or not pd.api.types.is_numeric_dtype(col):
            x[name] = col.map(lambda v: "none" if v is None or v != v else str(v).lower()
                              if isinstance(v, bool) else str(v)).astype("category")
        elif pd.api.types.is_integer_dtype(col):
            x[name] = col.astype("int64")
        else:
            x[name] = col.astype(float)
    return pd.DataFrame(x)


# -- PRIM -------------------------------------------------------------------------------


def discover(runs: pd.DataFrame, factors: list[str], metric: str, *,
             above: float | None = None, below: float | None = None,
             density: float = DEFAULT_DENSITY, boxes: int = 1, mass_min: float = 0.05,
             peel_alpha: float = 0.05, significance: float = 0.05) -> Discovery:
    """Find the lever ranges in which ``metric`` is above (or below) a threshold.

    Args:
        runs: one row per run, with a column per factor and per metric.
        factors: the lever columns to search over.
        metric: the outcome column.
        above: a run is a case of interest when ``metric > above``...
        below: ...or when ``metric < below`` (give exactly one).
        density: the target density of the box reported (0-1).
        boxes: how many boxes to look for (each among the runs the earlier leave out).
        mass_min: the smallest share of runs a box may hold (PRIM's ``mass_min``).
        peel_alpha: the share of runs peeled off in one step.
        significance: a side of a restriction whose quasi-p value (PRIM's
            one-sided binomial test, Bryant & Lempert 2010) exceeds this is
            dropped from the box reported, and coverage and density are
            recomputed; 1 keeps every limit PRIM found.

    Returns:
        The :class:`Discovery`.

    Raises:
        InputError: for a missing metric, no threshold or two, no lever that
            varies, or an outcome that every run (or no run) reaches.
    """
    if (above is None) == (below is None):
        raise InputError("discover: give exactly one of --above T or --below T")
    if metric not in runs.columns:
        choices = [c for c in runs.columns if c not in factors and pd.api.types
                   .is_numeric_dtype(runs[c]) and c not in ("run_id", "point_id", "replicate",
                                                             "seed", "elapsed_s")]
        raise InputError(f"--metric {metric}: not a metric of this sweep; expected one of "
                         f"{', '.join(choices)}{did_you_mean(metric, choices)}")
    y_all = pd.to_numeric(runs[metric], errors="coerce")
    keep = y_all.notna()
    runs, y_all = runs[keep].reset_index(drop=True), y_all[keep].to_numpy(float)
    threshold = float(above if above is not None else below)
    direction = "above" if above is not None else "below"
    y = y_all > threshold if above is not None else y_all < threshold
    lo, hi = (float(y_all.min()), float(y_all.max())) if y_all.size else (np.nan, np.nan)
    opt = f"--{direction} {_num(threshold)}"
    span = f"{metric} runs from {_num(lo)} to {_num(hi)} in this sweep"
    if not y.any():
        raise InputError(f"{opt}: no run has {metric} {direction} {_num(threshold)} ({span}); "
                         "choose a threshold inside that range")
    if y.all():
        raise InputError(f"{opt}: every run has {metric} {direction} {_num(threshold)} "
                         f"({span}); there is nothing to tell apart, choose a threshold "
                         "inside that range")
    x = lever_frame(runs, factors)
    if x.empty:
        raise InputError("discover: no lever takes more than one value in this sweep, so "
                         "there is no range to find")
    if not 0 < density <= 1:
        raise InputError(f"--density {density}: expected a share above 0 and at most 1")
    prim = _prim(x, y, mass_min, peel_alpha)
    found: list[Box] = []
    rows = []
    for number in range(1, boxes + 1):
        with _Quiet():
            pbox = prim.find_box()
        if pbox is None:
            break
        traj = pbox.peeling_trajectory
        ok = traj.index[traj["density"] >= density - 1e-12]
        step = (int(traj.loc[ok, "coverage"].idxmax()) if len(ok)
                else int(traj["density"].idxmax()))
        if number > 1 and float(traj.loc[step, "density"]) <= float(traj.loc[0, "density"]):
            break  # nothing denser than what is left over: no further box
        pbox.select(step)
        found.append(_box(number, pbox, step, x, y, reached=bool(len(ok)),
                          significance=significance, remaining=prim.yi_remaining))
        for i, r in traj.iterrows():
            rows.append({"box": number, "step": int(i), "coverage": float(r["coverage"]),
                         "density": float(r["density"]), "mass": float(r["mass"]),
                         "restricted_levers": int(r["res_dim"]), "chosen": int(i) == step})
    return Discovery(metric=metric, direction=direction, threshold=threshold, runs=len(y),
                     cases=int(y.sum()), boxes=found, trajectory=pd.DataFrame(rows),
                     density_target=density)


class _Quiet:
    """Silence the EMA Workbench's log lines and warnings while PRIM runs."""

    def __enter__(self) -> None:
        self.warn = warnings.catch_warnings()
        self.warn.__enter__()
        warnings.simplefilter("ignore")
        self.level = logging.root.manager.disable
        logging.disable(logging.WARNING)

    def __exit__(self, *exc: object) -> None:
        logging.disable(self.level)
        self.warn.__exit__(*exc)


def _prim(x: pd.DataFrame, y: np.ndarray, mass_min: float, peel_alpha: float) -> Any:
    from simulation.extras import need

    need("adoptsim discover", "ema_workbench")
    with _Quiet():
        from ema_workbench.analysis import prim

        return prim.Prim(x, y.astype(int), mass_min=mass_min, peel_alpha=peel_alpha)


def _box(number: int, pbox: Any, step: int, x: pd.DataFrame, y: np.ndarray, *,
         reached: bool, significance: float, remaining: np.ndarray) -> Box:
    """PRIM's box at ``step``, less the limits that are not significant."""
    lims, init = pbox.box_lims[step], pbox.box_lims[0]
    qps = pbox.p_values[step]
    limits, dropped = [], []
    for name in x.columns:
        now, full = lims[name], init[name]
        qp = [float(q) if q is not None and q >= 0 else float("nan")
              for q in qps.get(name, [-1, -1])]
        if isinstance(x[name].dtype, pd.CategoricalDtype):
            have, every = sorted(map(str, now.iloc[0])), sorted(map(str, full.iloc[0]))
            if have == every:
                continue
            lim = Limit(name, values=have, sweep_values=every, qp_low=qp[0])
            (dropped if qp[0] > significance else limits).append(lim)
            continue
        low, high = float(now.iloc[0]), float(now.iloc[1])
        lo0, hi0 = float(full.iloc[0]), float(full.iloc[1])
        if (low, high) == (lo0, hi0):
            continue
        lim = Limit(name, low=low, high=high, sweep_low=lo0, sweep_high=hi0,
                    qp_low=qp[0] if low != lo0 else float("nan"),
                    qp_high=qp[1] if high != hi0 else float("nan"))
        keep_low = low != lo0 and not lim.qp_low > significance
        keep_high = high != hi0 and not lim.qp_high > significance
        if keep_low or keep_high:
            limits.append(Limit(name, low=low if keep_low else lo0,
                                high=high if keep_high else hi0, sweep_low=lo0,
                                sweep_high=hi0, qp_low=lim.qp_low if keep_low else float("nan"),
                                qp_high=lim.qp_high if keep_high else float("nan")))
        if (low != lo0 and not keep_low) or (high != hi0 and not keep_high):
            dropped.append(Limit(name, low=low if not keep_low else lo0,
                                 high=high if not keep_high else hi0, sweep_low=lo0,
                                 sweep_high=hi0,
                                 qp_low=lim.qp_low if not keep_low else float("nan"),
                                 qp_high=lim.qp_high if not keep_high else float("nan")))
    pool = np.zeros(len(y), dtype=bool)
    pool[remaining] = True  # a later box holds only runs the earlier boxes leave out
    inside = pool.copy()
    for lim in limits:
        inside &= lim.inside(x[lim.factor])
    stats = pbox.peeling_trajectory.loc[step]
    cases = int(y[inside].sum())
    return Box(number=number, coverage=cases / max(int(y.sum()), 1),
               density=cases / max(int(inside.sum()), 1), mass=float(inside.mean()),
               runs=int(inside.sum()), cases=cases, step=step, limits=limits,
               reached=reached, dropped=dropped, prim_coverage=float(stats["coverage"]),
               prim_density=float(stats["density"]))
