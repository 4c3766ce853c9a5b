"""adoptsim compare: files, common random numbers, identical results for any --workers."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulation.cli import main
from simulation.engine.model import CommunityModel
from simulation.runs.compare import compare, mean_ci, replicate_seeds
from simulation.scenario.files import load_scenario

LIBRARY = Path(__file__).resolve().parents[1] / "scenarios"
PAIR = [str(LIBRARY / "no_cm.toml"), str(LIBRARY / "full_time_cm.toml")]
SMALL = {"population.headcount": 150}


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory):
    out = tmp_path_factory.mktemp("cmp") / "w1"
    return compare(PAIR, replicates=3, seed=5, weeks=20, workers=1, out=out,
                   overrides=SMALL, progress=False)


def test_compare_writes_every_file(one_worker):
    out = one_worker["out"]
    for name in ("comparison.csv", "runs.parquet", "runs.csv", "contributing_embedded.png",
                 "active.png", "lapsed.png", "relapses.png", "metrics/cm_fte.png"):
        assert (out / name).is_file(), name
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temp left
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 2 * 3 * 21
    assert runs.equals(pd.read_csv(out / "runs.csv").astype(runs.dtypes.to_dict()))
    table = pd.read_csv(out / "comparison.csv")
    assert set(table["name"]) == {"No community manager", "Full-time CM"}
    row = table[(table["scenario"] == "no_cm") & (table["metric"] == "contributing_embedded")]
    last = runs[(runs["scenario"] == "no_cm") & (runs["week"] == 20)]["contributing_embedded"]
    mean, sd, lo, hi = mean_ci(last.to_numpy())
    assert row["mean"].item() == pytest.approx(last.mean())
    assert (row["ci_low"].item(), row["ci_high"].item()) == pytest.approx((lo, hi))
    assert lo <= mean <= hi
    assert "weeks_to_50pct_adopted_ever" in set(table["metric"])
    diff = pd.read_csv(out / "differences.csv")
    d = diff[(diff["scenario"] == "full_time_cm") & (diff["metric"] == "contributing_embedded")]
    ft = runs[(runs["scenario"] == "full_time_cm") & (runs["week"] == 20)]
    paired = ft["contributing_embedded"].to_numpy() - last.to_numpy()
    assert d["reference"].item() == "no_cm" and d["n"].item() == 3
    assert d["mean"].item() == pytest.approx(paired.mean())
    assert d["ci_low"].item() == pytest.approx(mean_ci(paired)[2])


def test_mean_ci_uses_the_t_distribution():
    mean, sd, lo, hi = mean_ci(np.array([1.0, 2.0, 3.0]))
    # t(0.975, 2) = 4.303; sd = 1; half-width 4.303 / sqrt(3)
    assert (mean, sd) == (2.0, 1.0)
    assert hi - mean == pytest.approx(4.302653 / np.sqrt(3), rel=1e-5)


def test_results_identical_with_two_workers(one_worker, tmp_path):
    two = compare(PAIR, replicates=3, seed=5, weeks=20, workers=2, out=tmp_path / "w2",
                  overrides=SMALL, progress=False)
    pd.testing.assert_frame_equal(one_worker["runs"], two["runs"])
    pd.testing.assert_frame_equal(one_worker["table"], two["table"])


def test_common_random_numbers_across_scenarios(one_worker):
    runs = one_worker["runs"]
    seeds = replicate_seeds(5, 3)
    assert len(set(seeds)) == 3
    for r, seed in enumerate(seeds):
        assert set(runs.loc[runs["replicate"] == r, "seed"]) == {seed}
    # Replicate i's organisation and people at week 0 are the same in both scenarios.
    a, b = (CommunityModel(load_scenario(p, {**SMALL, "weeks": 20}), seed=seeds[1],
                           agents=False) for p in PAIR)
    assert (a.org.parent == b.org.parent).all()
    assert (a.adjacency != b.adjacency).nnz == 0
    for name in ("innovativeness", "taste", "habit_alpha", "old_habit", "propensity",
                 "threshold"):
        assert np.array_equal(getattr(a.people, name), getattr(b.people, name)), name


def test_seeds_derive_from_the_root_seed():
    assert replicate_seeds(5, 4)[:3] == replicate_seeds(5, 3)
    assert replicate_seeds(5, 3) != replicate_seeds(6, 3)


def test_cli_compare_and_its_errors(tmp_path, capsys):
    out = tmp_path / "cli"
    with pytest.raises(SystemExit) as exc:
        main(["compare", *PAIR, "--replicates", "2", "--weeks", "5", "--workers", "1",
              "--set", "population.headcount=100", "--out", str(out)])
    assert exc.value.code == 0
    assert (out / "comparison.csv").is_file()
    with pytest.raises(SystemExit) as exc:
        main(["compare", str(LIBRARY / "nope.toml"), "--out", str(tmp_path / "x")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "nope.toml" in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(SystemExit) as exc:
        main(["compare", PAIR[0], "--replicates", "1", "--weeks", "2",
              "--out", str(tmp_path / "mine")])
    assert exc.value.code == 2
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_compare_and_sweep_share_one_seed_derivation():
    """Replicate i gets one seed in compare and in a sweep: SeedSequence(root).spawn(n)[i]."""
    from simulation.experiment.design import replicate_seed

    children = np.random.SeedSequence(11).spawn(5)
    expected = [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]
    assert replicate_seeds(11, 5) == expected == [replicate_seed(11, i) for i in range(5)]
