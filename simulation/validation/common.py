"""What every validation module shares: the check record, run settings, helpers.

A :class:`Check` is one line of the report's table: the published finding's
source, what was expected, what the engine produced and whether it passed.
``status`` is ``"pass"``, ``"fail"`` or ``"cannot"`` (the model cannot express
the target; ``note`` says why). A target is never dropped silently.

Tolerances come from Monte Carlo noise: where a published tolerance exists
(e.g. Bass: 0.02 for the mean of seeds), it is used unless the seeds' own
spread says the run is too small to resolve it, in which case the tolerance
is widened to :data:`N_SE` standard errors and the note says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

N_SE = 4.0  # standard errors: a correct model fails a 4-SE check about 1 time in 16,000
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
             "#000000")
FIG_STYLE = {"font.size": 11, "axes.titlesize": 12, "axes.labelsize": 11, "legend.fontsize": 9}


@dataclass
class Check:
    """One validation target and its outcome.

    Attributes:
        target: section of docs/validation.md, e.g. "§1".
        name: short name of the check.
        source: the publication the expectation comes from.
        expected: the expectation in words and numbers.
        measured: what the engine produced.
        status: "pass", "fail", "cannot" (not expressible; note says why) or
            "info" (a published figure shown beside the model's, not a target).
        note: how the tolerance was derived, or why the target cannot hold.
    """

    target: str
    name: str
    source: str
    expected: str
    measured: str
    status: str
    note: str = ""

    @property
    def passed(self) -> bool:
        """True when the check passed."""
        return self.status == "pass"


@dataclass
class Section:
    """The result of one target family: checks, figures and a paragraph."""

    target: str
    title: str
    checks: list[Check] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)  # (file name, caption)
    text: str = ""
    seconds: float = 0.0

    def add(self, name: str, source: str, expected: str, measured: str, ok: bool | None,
            note: str = "") -> Check:
        """Record a check; ``ok=None`` marks a target the model cannot express."""
        status = "cannot" if ok is None else ("pass" if ok else "fail")
        check = Check(self.target, name, source, expected, measured, status, note)
        self.checks.append(check)
        return check

    def info(self, name: str, source: str, expected: str, measured: str, note: str) -> Check:
        """Record a published figure shown for comparison, not a pass/fail target."""
        check = Check(self.target, name, source, expected, measured, "info", note)
        self.checks.append(check)
        return check


@dataclass
class Settings:
    """How big the validation runs are (``quick`` for the test suite).

    Attributes:
        quick: smaller populations and fewer seeds.
        figdir: where figures are written.
    """

    quick: bool
    figdir: Path

    def pick(self, quick: Any, full: Any) -> Any:
        """The quick or the full value."""
        return quick if self.quick else full


def scenario(overrides: dict[str, Any]) -> Any:
    """A validated Scenario from defaults plus dotted overrides (same path as --set)."""
    from simulation.scenario.files import load_scenario

    return load_scenario(None, overrides)


def reduced_run(overrides: dict[str, Any], seed: int, weeks: int) -> Any:
    """Run a reduced form for ``weeks`` and return the model."""
    from simulation.engine.model import CommunityModel

    sc = scenario({**overrides, "weeks": weeks})
    model = CommunityModel(sc, seed=seed, agents=False)
    model.run()
    return model


def pct(x: float, digits: int = 1) -> str:
    """Format a share as a percentage."""
    return f"{100 * x:.{digits}f} %"


def new_figure(ncols: int = 1, width: float = 6.4, height: float = 4.2) -> tuple[Any, Any]:
    """A headless figure with the report's style (no pyplot state)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(FIG_STYLE)
    fig = Figure(figsize=(width, height), dpi=120, layout="constrained")
    axes = fig.subplots(1, ncols)
    return fig, axes


def save(fig: Any, settings: Settings, name: str) -> str:
    """Save a figure atomically into the figure folder; return its file name."""
    from simulation.figures.run import save_figure

    settings.figdir.mkdir(parents=True, exist_ok=True)
    save_figure(fig, settings.figdir / name)
    return name


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman rank correlation (ties averaged)."""
    from scipy.stats import spearmanr

    return float(spearmanr(a, b).statistic)


def cascade(overrides: dict[str, Any], seed: int = 0, max_weeks: int = 2000) -> Any:
    """Run a threshold reduced form until nobody new acts (or ``max_weeks``).

    A deterministic threshold cascade without ``noise`` is absorbing: once a
    week passes without a new adopter, none will follow. Returns the model;
    ``model.week`` is then the week after the last adoption.
    """
    from simulation.engine.model import CommunityModel

    sc = scenario({"reduced.mode": "threshold", **overrides, "weeks": max_weeks})
    model = CommunityModel(sc, seed=seed, agents=False)
    adopted = int(model.reduced.adopted.sum())
    noisy = sc.reduced.noise > 0
    while model.week < max_weeks:
        model.step()
        now = int(model.reduced.adopted.sum())
        if (now == adopted and not noisy) or now == model.people.n:
            break
        adopted = now
    return model


def share_adopted(model: Any) -> float:
    """Share of people who have adopted."""
    return float(model.reduced.adopted.mean())


def weeks_to(model: Any, share: float) -> float:
    """First week at which the adopted share reached ``share`` (inf if never)."""
    t = np.sort(model.reduced.t_adopt[np.isfinite(model.reduced.t_adopt)])
    k = int(np.ceil(share * model.people.n))
    return float(t[k - 1]) if 0 < k <= t.size else float("inf")
