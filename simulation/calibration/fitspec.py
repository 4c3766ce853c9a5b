"""What a calibration fits: ``--fit KEY=LOW:HIGH`` ranges, and putting values into a scenario.

A fitted key is any numeric scenario parameter (``adoptsim params`` lists
them). Its range is the uniform prior of the calibration; both ends must be
values the scenario schema accepts, so every draw is a valid scenario.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulation.errors import InputError, ScenarioError, did_you_mean, shown_value
from simulation.scenario.schema import Scenario, iter_parameters

# Without --fit: three coefficients nobody measures for a client and the platform measures
# respond to, each shaping a different part of the curve (docs/calibration.md, section 2, has
# the one-at-a-time check on the client scenario): the baseline reluctance (the level
# throughout), the launch novelty (the size of the honeymoon) and the pull of old habits (the
# decline after it). The colleagues' weight and the habit decay, which the old model's
# sensitivity study ranked high, move the reworked model's measures by a point or two only.
DEFAULT_FIT: tuple[tuple[str, float, float], ...] = (
    ("dynamics.bias", -5.0, -2.0),
    ("dynamics.novelty", 2.0, 9.0),
    ("dynamics.w_old_habit", 0.8, 2.4),
)
MAX_FIT = 8  # ABC-SMC needs many more runs per extra dimension


class FitError(InputError):
    """A ``--fit`` range is invalid."""


@dataclass(frozen=True)
class FitParam:
    """One fitted parameter: its dotted key and its uniform prior range."""

    key: str
    low: float
    high: float


def numeric_keys() -> dict[str, Any]:
    """Every numeric scenario parameter (dotted key -> default)."""
    return {key: default for key, default, _, _ in iter_parameters()
            if isinstance(default, int | float) and not isinstance(default, bool)}


def parse_fit(items: Sequence[str] | None, base: Scenario) -> list[FitParam]:
    """Read ``--fit KEY=LOW:HIGH`` options; none gives :data:`DEFAULT_FIT`.

    Raises:
        FitError: a malformed option, an unknown or non-numeric key, a key
            given twice, an empty or reversed range, or an end the scenario
            schema refuses (the schema's own message, with the option named).
    """
    if not items:
        pairs = [(k, lo, hi) for k, lo, hi in DEFAULT_FIT]
    else:
        pairs = [_parse_one(item) for item in items]
    if len(pairs) > MAX_FIT:
        raise FitError(f"--fit: {len(pairs)} parameters; expected at most {MAX_FIT} (every "
                       "extra parameter needs many more runs)")
    keys = numeric_keys()
    seen: set[str] = set()
    out: list[FitParam] = []
    for key, low, high in pairs:
        opt = f"--fit {key}={low:g}:{high:g}"
        if key not in keys:
            raise FitError(f"--fit {shown_value(key)}: not a numeric scenario parameter"
                           f"{did_you_mean(key, keys)}; 'adoptsim params' lists them")
        if key in seen:
            raise FitError(f"{opt}: '{key}' is fitted twice; give each key once")
        seen.add(key)
        if not low < high:
            raise FitError(f"{opt}: expected LOW < HIGH, found {low:g} and {high:g}")
        if isinstance(keys[key], int):
            raise FitError(f"{opt}: '{key}' is a whole number (a count); only continuous "
                           "parameters can be fitted")
        for end in (low, high):
            try:
                with_values(base, {key: end}, check=True)
            except ScenarioError as exc:
                reason = str(exc).split(": ", 1)[-1]
                raise FitError(f"{opt}: {end:g} is not a valid value: {reason}") from None
        out.append(FitParam(key, float(low), float(high)))
    return out


def _parse_one(item: str) -> tuple[str, float, float]:
    text = str(item).strip()
    key, eq, rng = text.partition("=")
    low, colon, high = rng.partition(":")
    if not eq or not colon or not key.strip():
        raise FitError(f"--fit {shown_value(text)}: expected KEY=LOW:HIGH, e.g. "
                       "--fit dynamics.w_old_habit=0.8:2.4")
    ends = []
    for end in (low, high):
        try:
            value = float(end)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise FitError(f"--fit {shown_value(text)}: expected two numbers LOW:HIGH, found "
                           f"{shown_value(end.strip())}")
        ends.append(value)
    return key.strip(), ends[0], ends[1]


def with_values(base: Scenario, values: Mapping[str, float], check: bool = False) -> Scenario:
    """``base`` with dotted keys set to ``values`` (a copy; ``base`` is unchanged).

    Args:
        base: the scenario.
        values: ``{"dynamics.w_old_habit": 1.3, ...}``.
        check: validate the result against the schema (slower; the fit ranges
            are checked once, so draws inside them need not be).

    Raises:
        ScenarioError: with ``check``, a value the schema refuses.
    """
    sc = base
    for key, value in values.items():
        sc = _set(sc, key.split("."), float(value))
    if check:
        import warnings

        from simulation.scenario.files import build_scenario

        with warnings.catch_warnings():  # pydantic warns that pairs are dumped as lists
            warnings.simplefilter("ignore", UserWarning)
            data = sc.model_dump()
        build_scenario(data, "--fit")
    return sc


def _set(model: Any, path: list[str], value: float) -> Any:
    if len(path) == 1:
        return model.model_copy(update={path[0]: value})
    child = getattr(model, path[0])
    return model.model_copy(update={path[0]: _set(child, path[1:], value)})
