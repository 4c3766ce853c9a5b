"""The result folder of ``adoptsim calibrate``, written atomically with its manifest.

posterior.csv: one row per draw, one column per fitted key, and ``weight``.
summary.json: per key the median and 90 % credible interval, the data file's
    hash, budget, seed, version, and how the fit went.
fit.png: the data over the posterior predictive band.
forecast.csv: ``week, metric, median, low, high`` up to the scenario's horizon.
calibrated.toml: the scenario with the posterior medians (``extends`` it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from simulation.calibration.smc import Fitted, weighted_quantiles

OUTPUT_FILES = ("posterior.csv", "summary.json", "fit.png", "forecast.csv", "calibrated.toml")


def intervals(fitted: Fitted) -> dict[str, dict[str, float]]:
    """Per fitted key: the posterior median and the 90 % credible interval."""
    d = fitted.draws
    out = {}
    for key in [c for c in d.columns if c != "weight"]:
        low, median, high = weighted_quantiles(d[key].to_numpy(), d["weight"].to_numpy(),
                                               (0.05, 0.5, 0.95))
        out[key] = {"median": float(median), "low": float(low), "high": float(high)}
    return out


def calibrated_toml(scenario: Path, out: Path, name: str,
                    medians: dict[str, float]) -> str:
    """A scenario file that extends ``scenario`` with the posterior medians."""
    rel = os.path.relpath(Path(scenario).resolve(), Path(out).resolve())
    lines = ["# Written by adoptsim calibrate: the scenario with the posterior medians.",
             "# The spread around them is in posterior.csv; use --posterior on run, compare",
             "# and quickscan to carry it into forecasts.",
             f"extends = {json.dumps(Path(rel).as_posix())}",
             f"name = {json.dumps(name + ' (calibrated)')}", ""]
    sections: dict[str, list[str]] = {}
    for key, value in medians.items():
        section, _, field = key.rpartition(".")
        sections.setdefault(section, []).append(f"{field} = {value:.6g}")
    for section, rows in sections.items():
        lines += [f"[{section}]", *rows, ""]
    return "\n".join(lines)


def write(tmp: Path, fitted: Fitted, summary: dict[str, Any], forecast: pd.DataFrame,
          toml_text: str) -> None:
    """Write the files (but the figure) into the staged folder ``tmp``."""
    fitted.draws.to_csv(tmp / "posterior.csv", index=False)
    forecast.to_csv(tmp / "forecast.csv", index=False)
    (tmp / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (tmp / "calibrated.toml").write_text(toml_text, encoding="utf-8")
