"""Golden time series: a restructure of the code must leave every result bit-identical.

Each case runs a scenario small and short (about 300 people) and compares the
weekly time series, written with 17 significant digits (every float64 exact),
byte for byte with a file recorded before the restructure. Regenerate only on
a deliberate change of the model: ``ADOPTSIM_REGOLDEN=1 python3 -m pytest
tests/test_golden.py``, and say why in the commit.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulation import CommunityModel, load_scenario

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"

# name: (scenario file, overrides, seed). Horizons reach the shocks they test.
CASES: dict[str, tuple[str, dict, int]] = {
    "baseline": ("scenarios/baseline.toml", {"population.headcount": 300, "weeks": 52}, 1),
    "best_practice": ("scenarios/best_practice.toml",
                      {"population.headcount": 300, "weeks": 52}, 2),
    "all_mechanisms": ("benchmarks/all_mechanisms.toml",
                       {"population.headcount": 300, "weeks": 120}, 3),
    "cm_leaves_successor": ("scenarios/cm_leaves_successor.toml",
                            {"population.headcount": 300, "weeks": 104}, 4),
    "reorganisation": ("scenarios/reorganisation.toml",
                       {"population.headcount": 300, "weeks": 104}, 5),
    "kpis_budget_review": ("scenarios/kpis_budget_review.toml",
                           {"population.headcount": 300, "weeks": 104}, 6),
    "distributed_governance": ("scenarios/distributed_governance.toml",
                               {"population.headcount": 300, "weeks": 52}, 7),
    "reduced_bass": ("scenarios/reduced/bass.toml",
                     {"population.headcount": 300, "weeks": 30, "reduced.substeps": 4}, 8),
    "reduced_threshold": ("scenarios/reduced/threshold.toml",
                          {"population.headcount": 300, "weeks": 40,
                           "reduced.threshold_draw": "random"}, 9),
    "reduced_threshold_ring": ("scenarios/reduced/threshold.toml",
                               {"population.headcount": 300, "weeks": 40,
                                "network.structure": "watts_strogatz",
                                "network.rewiring": 0.1,
                                "reduced.threshold_kind": "absolute",
                                "reduced.threshold_draw": "fixed",
                                "reduced.threshold_mean": 2, "reduced.noise": 0.01}, 10),
}


def series_csv(case: str) -> str:
    """The case's weekly time series as CSV text, every float exact."""
    path, overrides, seed = CASES[case]
    sc = load_scenario(ROOT / path, overrides)
    df = CommunityModel(sc, seed=seed).run()
    return df.to_csv(index=False, float_format="%.17g", lineterminator="\n")


@pytest.mark.parametrize("case", sorted(CASES))
def test_time_series_is_bit_identical(case: str) -> None:
    """The weekly series equals the recorded one byte for byte."""
    text = series_csv(case)
    golden = GOLDEN / f"{case}.csv"
    if os.environ.get("ADOPTSIM_REGOLDEN"):
        golden.write_text(text, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        got, want = text.splitlines(), expected.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
                     min(len(got), len(want)))
        pytest.fail(f"{case}: time series differs from tests/golden/{case}.csv first at "
                    f"line {first + 1}\n got: {got[first] if first < len(got) else '<end>'}\n"
                    f"want: {want[first] if first < len(want) else '<end>'}")


def test_every_recorded_column_is_in_the_catalogue() -> None:
    """Adding a metric touches one file: a column the catalogue does not declare fails here."""
    from simulation.measures.catalogue import CATALOGUE

    columns = {c for f in GOLDEN.glob("*.csv")
               for c in f.read_text(encoding="utf-8").splitlines()[0].split(",")}
    assert columns - set(CATALOGUE) == set()
