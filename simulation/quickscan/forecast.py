"""The quickscan's simulations: a forecast with bands, and each next step against it.

Common random numbers: replicate *i* uses seed ``seed + i`` in every arm, and
the model draws each purpose from its own stream, so the paired difference
"step minus no change" for one replicate is mostly the step's effect, not
noise. Gains are reported as the mean paired difference with a 95 %
t-interval over replicates.

Outcomes per run (docs/quickscan.md):
    * sustained usage: contributing + embedded share, mean of the last 13 weeks
      (usage after the honeymoon, not the peak);
    * impact at the horizon: the ``impact`` column's mean over the last 13 weeks,
      as useful cross-department exchanges per 100 employees per month (the
      unit of ``impact_per_100_month``), when the model reports one; otherwise
      steps are ranked by usage alone and the report says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulation.measures.catalogue import ACTIVE, SUSTAINED_WEEKS
from simulation.measures.impact import per_100_a_month
from simulation.measures.summary import mean_interval
from simulation.quickscan import mapping
from simulation.quickscan.answers import Answers, AnswersError
from simulation.quickscan.steps import STEPS
from simulation.scenario.files import load_scenario
from simulation.scenario.schema import DEFAULT_DEPARTMENTS

TAIL = SUSTAINED_WEEKS  # "sustained" is the mean over the last quarter


@dataclass
class Arm:
    """The runs of one arm (no change, or one step): per-replicate outcomes and series."""

    key: str
    usage: np.ndarray
    impact: np.ndarray | None
    active: np.ndarray  # replicates x weeks+1
    peak: np.ndarray
    extra: dict[str, Any] = field(default_factory=dict)


def paired_ci(diff: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean of paired differences and its t-interval (zero width for one replicate).

    The interval is :func:`simulation.measures.summary.mean_interval`.
    """
    mean, _, lo, hi = mean_interval(diff, level)
    return (mean, lo, hi) if np.isfinite(lo) else (mean, mean, mean)


def setting(answers: Answers, org_chart: str | Path | None) -> dict[str, Any]:
    """Headcount, departments and hosting department of the client."""
    client = answers.client
    if org_chart is not None:
        from simulation.org.chart import read_chart

        chart = read_chart(org_chart)
        depts = chart.departments
        headcount = int(chart.ids.size)
        sizes = np.bincount(chart.dept, minlength=len(depts))
        host = client.get("hosting_department")
        if host is None:
            host = ("Communications" if "Communications" in depts
                    else depts[int(np.argmax(sizes))])
        note = "counted from your org chart"
        if "headcount" in client and client["headcount"] != headcount:
            note += f" (not the {client['headcount']} given in the answers)"
    else:
        depts = list(DEFAULT_DEPARTMENTS)
        headcount = int(client.get("headcount", 1000))
        host = client.get("hosting_department", "Communications")
        note = "a typical organisation of this size; no org chart was given"
    if host not in depts:
        from simulation.errors import did_you_mean

        raise AnswersError(f"{answers.source}: key 'client.hosting_department': '{host}' is not "
                           f"a department{did_you_mean(host, depts)}; expected one of "
                           f"{', '.join(depts)}")
    return {"headcount": headcount, "departments": depts, "hosting_department": host,
            "org_chart": str(org_chart) if org_chart else None, "note": note}


def base_overrides(answers: Answers, where: Mapping[str, Any], weeks: int) -> dict[str, Any]:
    """The client's scenario now, as overrides of the model's defaults."""
    over = mapping.overrides(answers.scores, where["headcount"])
    over["weeks"] = weeks
    over["launch.hosting_department"] = where["hosting_department"]
    if where["org_chart"]:
        over["population.org_chart"] = str(Path(where["org_chart"]).resolve())
    else:
        over["population.headcount"] = where["headcount"]
    return over


def run_arm(key: str, over: Mapping[str, Any], seeds: list[int],
            on_run: Callable[[], None] | None = None, uncertainty: Any = None) -> Arm:
    """Simulate one arm for every seed and keep the outcomes.

    With ``uncertainty`` (parameter draws), future *i* also takes draw *i*, in every arm.
    """
    from simulation.engine.model import CommunityModel

    sc = load_scenario(None, dict(over))
    usage, impact, peak, active = [], [], [], []
    has_impact = True
    for i, seed in enumerate(seeds):
        if uncertainty is not None and uncertainty.draws:
            sc = load_scenario(None, {**over, **uncertainty.overrides(i)})
        df: pd.DataFrame = CommunityModel(sc, seed=seed, agents=False).run()
        act = df[list(ACTIVE)].sum(axis=1).to_numpy()
        active.append(act)
        usage.append(act[-TAIL:].mean())
        peak.append(act.max())
        if "impact" in df.columns:
            # in a manager's unit: useful exchanges per 100 employees per month
            impact.append(per_100_a_month(float(df["impact"].tail(TAIL).mean())))
        else:
            has_impact = False
        if on_run is not None:
            on_run()
    return Arm(key=key, usage=np.array(usage), impact=np.array(impact) if has_impact else None,
               active=np.vstack(active), peak=np.array(peak))


def quickscan(answers: Answers, org_chart: str | Path | None = None, *, replicates: int = 10,
              weeks: int = 156, seed: int = 1,
              on_run: Callable[[], None] | None = None,
              uncertainty: Any = None) -> dict[str, Any]:
    """Score the answers, forecast "no change", and rank the next steps.

    Args:
        answers: validated quickscan answers.
        org_chart: the client's org chart CSV, or ``None`` for a generated
            organisation of ``client.headcount`` people.
        replicates: runs per arm; replicate *i* uses seed ``seed + i`` in every arm.
        weeks: forecast horizon.
        seed: first seed.
        on_run: called after every simulated run (progress).
        uncertainty: parameter draws per future (``--posterior``,
            ``--prior-uncertainty``); default chance only.

    Returns:
        A plain dict with ``maturity``, ``parameters``, ``forecast``, ``steps``
        (ranked) and everything the report needs.
    """
    where = setting(answers, org_chart)
    seeds = [seed + i for i in range(replicates)]
    base = base_overrides(answers, where, weeks)
    params = mapping.parameters(answers.scores, where["headcount"])
    from simulation.calibration.uncertainty import Uncertainty

    unc = uncertainty if uncertainty is not None else Uncertainty()
    now = run_arm("no_change", base, seeds, on_run, unc)
    impact_ok = now.impact is not None
    rows, arms = [], {"no_change": now}
    for step in STEPS:
        change = step.change(params)
        row: dict[str, Any] = {"key": step.key, "title": step.title, "what": step.what,
                               "why": step.why, "in_place": change is None}
        if change is not None:
            arm = run_arm(step.key, {**base, **change}, seeds, on_run, unc)
            arms[step.key] = arm
            row["change"] = change
            row["usage_gain"], row["usage_lo"], row["usage_hi"] = paired_ci(arm.usage - now.usage)
            row["usage"] = float(arm.usage.mean())
            if impact_ok and arm.impact is not None:
                gain = paired_ci(arm.impact - now.impact)
                row["impact_gain"], row["impact_lo"], row["impact_hi"] = gain
        rows.append(row)
    ranked = rank_steps(rows, impact_ok)
    weeks_axis = np.arange(now.active.shape[1])
    top = next((r["key"] for r in ranked if not r["in_place"]), None)
    forecast = {"week": weeks_axis.tolist(), **band(now.active, "now")}
    if top is not None:
        forecast.update(band(arms[top].active, "top"))
    imp = paired_ci(now.impact) if impact_ok else None
    return {
        "client": answers.client.get("name", "the organisation"),
        "date": answers.client.get("date"),
        "answers_file": answers.source, "scores": dict(answers.scores),
        "maturity": mapping.maturity_scores(answers.scores),
        "parameters": params, "setting": where, "weeks": weeks,
        "replicates": replicates, "seed": seed, "impact_available": impact_ok,
        "now": {"usage": paired_ci(now.usage), "peak": paired_ci(now.peak),
                "usage_range": np.percentile(now.usage, [5, 95]).tolist(),
                "peak_week": int(np.median(now.active.argmax(axis=1))),
                "impact": imp},
        "forecast": forecast, "steps": ranked, "top": top,
        "uncertainty": unc.describe(),
    }


def band(active: np.ndarray, name: str) -> dict[str, list[float]]:
    """Median and the 5-95 % range of the replicates, week by week."""
    lo, mid, hi = np.percentile(active, [5, 50, 95], axis=0)
    return {f"{name}_median": mid.tolist(), f"{name}_lo": lo.tolist(),
            f"{name}_hi": hi.tolist()}


def rank_steps(rows: list[dict[str, Any]], impact_ok: bool) -> list[dict[str, Any]]:
    """Order the simulated steps: by usage gain, or by the sum of usage and impact ranks.

    With impact available, a step's rank is the sum of its rank on usage gain
    and its rank on impact gain (ties broken by usage gain), so a step must do
    well on both to come first. Steps already in place go last.
    """
    sim = [r for r in rows if not r["in_place"]]
    by_usage = sorted(sim, key=lambda r: -r["usage_gain"])
    if impact_ok:
        u_rank = {r["key"]: i for i, r in enumerate(by_usage)}
        i_rank = {r["key"]: i for i, r in enumerate(sorted(sim, key=lambda r: -r["impact_gain"]))}
        sim = sorted(sim, key=lambda r: (u_rank[r["key"]] + i_rank[r["key"]], -r["usage_gain"]))
        for r in sim:  # the report shows both places, so the order can be checked by eye
            r["usage_place"], r["impact_place"] = u_rank[r["key"]] + 1, i_rank[r["key"]] + 1
    else:
        sim = by_usage
    for i, r in enumerate(sim, 1):
        r["rank"] = i
        r["clear"] = r["usage_lo"] > 0 or (impact_ok and r.get("impact_lo", 0) > 0)
    return sim + [r for r in rows if r["in_place"]]
