"""Plausible ranges of the model's least-known coefficients, for a client with no data yet.

``--prior-uncertainty`` draws each simulated future's coefficients uniformly
from these ranges, so a forecast's band shows how much the answer depends on
numbers nobody has measured for this organisation. Each range says where it
comes from; "judgement" marks a range that is the modeller's judgement, not
a measurement (docs/calibration.md lists them).
"""

from __future__ import annotations

from typing import NamedTuple


class Plausible(NamedTuple):
    """A plausible range of one parameter and where it comes from."""

    key: str
    low: float
    high: float
    source: str


PLAUSIBLE: tuple[Plausible, ...] = (
    Plausible("dynamics.bias", -4.6, -3.0,
              "judgement: the default -3.8 plus or minus 0.8 utility units; the enterprise "
              "benchmarks of docs/validation.md (monthly active of tens of %, posters a "
              "minority) hold roughly across this range, not beyond it"),
    Plausible("dynamics.novelty", 2.5, 7.5,
              "judgement: half to 1.5 times the default honeymoon (Foote et al. 2024 show "
              "early peaks but give no size in utility units)"),
    Plausible("dynamics.w_old_habit", 0.8, 2.4,
              "judgement: half to 1.5 times the default pull of old habits"),
    Plausible("dynamics.taste_sd", 1.8, 3.2,
              "judgement: the default 2.5 plus or minus about a quarter; how much people differ "
              "in liking the platform has not been measured in utility units"),
    Plausible("dynamics.habit_alpha_median", 0.15, 0.45,
              "Lally et al. 2010 (Eur J Soc Psychol 40:998): median 66 days to automaticity, "
              "most people 18-254 days; the range is the weekly rate for roughly 5 to 15 "
              "weeks (judgement on where the middle of that spread lies)"),
)
