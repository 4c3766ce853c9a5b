"""``CommunityModel(measures=...)``: a batch run measures only what it keeps, same numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from simulation import CommunityModel, load_scenario
from simulation.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def test_recorded_columns_equal_a_full_run_exactly() -> None:
    """Skipping the unread measures changes no recorded number (nothing reads them)."""
    sc = load_scenario(ROOT / "benchmarks" / "all_mechanisms.toml",
                       {"population.headcount": 700, "weeks": 40})
    full = CommunityModel(sc, seed=4, agents=False).run()
    part = CommunityModel(sc, seed=4, agents=False,
                          measures=["impact", "rank_influence_corr"]).run()
    assert "global_reaching_centrality" not in part.columns
    assert "maturity_usage" not in part.columns
    assert {"impact", "rank_influence_corr", "contributing", "leavers"} <= set(part.columns)
    pd.testing.assert_frame_equal(full[part.columns], part, check_exact=True)


def test_unknown_measure_is_refused_with_the_nearest_name() -> None:
    with pytest.raises(InputError, match="nearest valid name: 'impact'"):
        CommunityModel(None, seed=1, agents=False, measures=["impactt"])
