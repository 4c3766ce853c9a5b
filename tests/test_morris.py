"""Morris screening on SALib's public API: below and above the number of factors.

The bootstrap interval of sigma is computed from elementary effects derived
here from the trajectories; they must agree exactly with what SALib's public
``morris.analyze`` summarises (mu, mu*, sigma), whatever the number of
trajectories relative to the number of factors (a shape slip once gave
intervals for the wrong factors, or an IndexError).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from SALib.analyze import morris as morris_analyze
from SALib.sample import morris as morris_sample

from simulation.errors import InputError
from simulation.experiment.sensitivity import (
    MORRIS_LEVELS,
    elementary_effects,
    run_sensitivity,
    sigma_conf,
)

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"


def problem(d: int) -> dict:
    return {"num_vars": d, "names": [f"x{i}" for i in range(d)],
            "bounds": [[0.0, 1.0 + i] for i in range(d)]}


def model(x: np.ndarray) -> np.ndarray:
    return 3 * x[:, 0] + x[:, 1] ** 2 + x[:, 0] * x[:, -1]


@pytest.mark.parametrize("d,trajectories", [(5, 2), (5, 3), (3, 8), (8, 20)])
def test_effects_agree_with_salib_below_and_above_the_factor_count(d: int,
                                                                   trajectories: int) -> None:
    prob = problem(d)
    x = morris_sample.sample(prob, trajectories, num_levels=MORRIS_LEVELS, seed=3)
    y = model(x)
    ee = elementary_effects(x, y, prob["bounds"])
    assert ee.shape == (trajectories, d)
    res = morris_analyze.analyze(prob, x, y, num_levels=MORRIS_LEVELS, seed=3)
    np.testing.assert_allclose(ee.mean(axis=0), res["mu"], atol=1e-9)
    np.testing.assert_allclose(np.abs(ee).mean(axis=0), res["mu_star"], atol=1e-9)
    np.testing.assert_allclose(ee.std(axis=0, ddof=1), res["sigma"], atol=1e-9)
    conf = sigma_conf(x, y, prob["bounds"], seed=1)
    assert conf.shape == (d,)
    # A factor with constant effect (x2..x(d-2) do nothing) has sigma 0 and interval 0.
    assert np.all(conf[2:-1] == 0) and np.all(np.isfinite(conf)) and np.all(conf >= 0)


def test_broken_trajectories_are_refused() -> None:
    prob = problem(3)
    x = morris_sample.sample(prob, 2, num_levels=MORRIS_LEVELS, seed=1)
    with pytest.raises(ValueError, match="whole Morris trajectories"):
        elementary_effects(x[:-1], model(x[:-1]), prob["bounds"])


def _experiment(tmp: Path, factors: int) -> Path:
    keys = ['"community_manager.fte" = { low = 0.0, high = 1.0 }',
            '"shocks.budget_cut_fraction" = { low = 0.0, high = 1.0 }',
            '"sponsorship.champion_share" = { low = 0.0, high = 0.5 }'][:factors]
    path = tmp / "exp.toml"
    path.write_text(f'scenario = "{BASELINE}"\nreplicates = 1\nweeks = 15\nseed = 5\n'
                    'design = "latin_hypercube"\nsamples = 4\n'
                    'metrics = ["sustained_active"]\n[set]\n"population.headcount" = 150\n\n'
                    "[factors]\n" + "\n".join(keys) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("samples", [2, 5])  # below and above 3 factors
def test_morris_runs_below_and_above_the_factor_count(tmp_path: Path, samples: int) -> None:
    path = _experiment(tmp_path, 3)
    _, csv = run_sensitivity(path, "morris", samples, tmp_path / "m", workers=0, plots=False)
    table = pd.read_csv(csv).set_index(["metric", "factor"])
    assert len(table) == 3 and table["sigma_conf"].notna().all()
    assert table.loc[("sustained_active", "shocks.budget_cut_fraction"), "mu_star"] == 0
    assert table.loc[("sustained_active", "shocks.budget_cut_fraction"), "sigma_conf"] == 0
    assert (tmp_path / "m" / "results.xlsx").stat().st_size > 0


def test_one_trajectory_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = _experiment(tmp_path, 2)
    with pytest.raises(InputError, match="at least 2 trajectories"):
        run_sensitivity(path, "morris", 1, tmp_path / "m", workers=0, plots=False)
    assert not (tmp_path / "m").exists()
