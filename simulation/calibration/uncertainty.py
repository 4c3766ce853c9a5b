"""Which uncertainty a forecast's bands include, and the parameter draws that add it.

By default a band is chance only: replicates differ in their random draws,
with the same parameters, which nobody measured. ``--posterior DIR`` (a
calibration's result) and ``--prior-uncertainty`` (documented plausible
ranges) give every replicate its own parameter set, so the band also holds
parameter uncertainty. Replicate *i* gets the same draw in every scenario or
arm, so paired differences stay paired.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulation.errors import InputError
from simulation.inputs import read_text, shown

CHANCE = "chance"
POSTERIOR = "posterior"
PRIOR = "prior"
MAX_POSTERIOR_BYTES = 64 * 1024**2


@dataclass
class Uncertainty:
    """Parameter draws per replicate, and a sentence saying what the bands include.

    Attributes:
        kind: ``chance``, ``posterior`` or ``prior``.
        draws: one ``{dotted key: value}`` per replicate (empty for chance).
        source: the posterior folder, for ``posterior``.
    """

    kind: str = CHANCE
    draws: list[dict[str, float]] = field(default_factory=list)
    source: str | None = None

    def overrides(self, replicate: int) -> dict[str, float]:
        """The parameter values of replicate ``replicate`` (``{}`` for chance only)."""
        return dict(self.draws[replicate]) if self.draws else {}

    @property
    def statement(self) -> str:
        """One plain sentence: what the bands include, for reports and terminals."""
        if self.kind == POSTERIOR:
            return ("The bands include parameter uncertainty and chance: every simulated "
                    "future draws its parameters from the calibration posterior in "
                    f"{self.source} (fitted to the client's usage data).")
        if self.kind == PRIOR:
            keys = ", ".join(sorted(self.draws[0])) if self.draws else ""
            return ("The bands include parameter uncertainty and chance: every simulated "
                    "future draws its coefficients from documented plausible ranges "
                    f"({keys}; docs/calibration.md), not from the client's data.")
        return ("The bands cover chance only (futures that differ in their random draws, "
                "with the same parameters); they leave out uncertainty about the parameters, "
                "which nobody measured for this organisation, so the real uncertainty is wider.")

    @property
    def covers(self) -> str:
        """A few words for a figure's subtitle: what the spread of the runs includes."""
        return {POSTERIOR: "parameters (drawn from the calibration posterior) and chance",
                PRIOR: "parameters (drawn from plausible ranges) and chance"}.get(
                    self.kind, "chance only (parameters fixed)")

    def describe(self) -> dict[str, Any]:
        """For summary files: the kind, the statement and the source."""
        return {"kind": self.kind, "statement": self.statement, "source": self.source}


def choose(posterior: Path | None, prior_uncertainty: bool, replicates: int,
           seed: int) -> Uncertainty:
    """The uncertainty asked for on the command line.

    Raises:
        InputError: both options given, or a posterior folder that is not a
            calibration result.
    """
    if posterior is not None and prior_uncertainty:
        raise InputError("--posterior and --prior-uncertainty: choose one; a posterior "
                         "already replaces the plausible ranges with the client's data")
    rng = np.random.default_rng(np.random.SeedSequence([int(seed) & 0xFFFFFFFF, 0x756E63]))
    if posterior is not None:
        from simulation.calibration.predictive import draw_rows

        draws = read_posterior(posterior)
        return Uncertainty(POSTERIOR, draw_rows(draws, replicates, rng), shown(posterior))
    if prior_uncertainty:
        from simulation.calibration.plausible import PLAUSIBLE

        rows = [{p.key: float(rng.uniform(p.low, p.high)) for p in PLAUSIBLE}
                for _ in range(replicates)]
        return Uncertainty(PRIOR, rows)
    return Uncertainty()


def read_posterior(folder: Path) -> pd.DataFrame:
    """A calibration's ``posterior.csv`` (fitted keys and ``weight``), checked.

    Raises:
        InputError: not a calibration result folder, or a posterior that is
            malformed (one line, as for every input).
    """
    from simulation.calibration.fitspec import numeric_keys
    from simulation.outputs import read_manifest

    name = shown(folder)
    if not Path(folder).is_dir():
        raise InputError(f"--posterior {name}: expected the folder 'adoptsim calibrate' wrote "
                         "(with posterior.csv)")
    manifest = read_manifest(Path(folder))
    if manifest is None or manifest.get("kind") != "calibrate":
        raise InputError(f"--posterior {name}: not a calibration result (no adoptsim "
                         "manifest of kind 'calibrate'); give the --out folder of "
                         "'adoptsim calibrate'")
    path = Path(folder) / "posterior.csv"
    text = read_text(path, "posterior", MAX_POSTERIOR_BYTES)
    import io

    try:
        draws = pd.read_csv(io.StringIO(text))
    except (ValueError, pd.errors.ParserError):
        raise InputError(f"{shown(path)}: not a readable CSV") from None
    keys = [c for c in draws.columns if c != "weight"]
    known = numeric_keys()
    bad = next((k for k in keys if k not in known), None)
    if "weight" not in draws.columns or not keys or bad is not None or draws.empty:
        raise InputError(f"{shown(path)}: expected columns of scenario parameters and "
                         f"'weight'{f', found {bad!r}' if bad else ''}")
    values = draws.to_numpy(dtype=float, na_value=np.nan)
    if not np.isfinite(values).all() or (draws["weight"] < 0).any() \
            or draws["weight"].sum() <= 0:
        raise InputError(f"{shown(path)}: expected finite numbers and non-negative weights")
    return draws


def summary_json(folder: Path) -> dict[str, Any]:
    """A calibration's summary.json (for reports that cite it); ``{}`` when unreadable."""
    try:
        return json.loads(read_text(Path(folder) / "summary.json", "summary", 1 << 20))
    except (InputError, ValueError):
        return {}
