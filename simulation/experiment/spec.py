"""Experiment files: what to vary, how often, and what to keep.

An experiment file (TOML, in ``experiments/``) names a base scenario, the
factors to vary (dotted scenario keys with a list of values, or a range
``{low, high}``), the number of replicates, the horizon, the metrics to keep
and the design. It is validated as strictly as a scenario: every mistake ends
in one line naming the file, the key, what was expected, what was found and
the nearest valid name. Factor keys are checked against the scenario schema
and every listed value (and both ends of every range) is validated by
building the scenario it makes, so a sweep never starts with a run that
cannot be built.
"""

from __future__ import annotations

import hashlib
import json
import math
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from simulation.errors import InputError, ScenarioError, did_you_mean, shown_value
from simulation.inputs import MAX_TOML_BYTES, decode_text, parse_toml, read_bytes, stat_regular
from simulation.scenario.schema import Scenario

# Derived from the whole time series (see ``worker.summary_metrics``).
DERIVED_METRICS = {
    "sustained_monthly_active": "mean share of staff who used it in the last 4 weeks, over the "
                                "last 13 weeks",
    "sustained_monthly_posters": "mean share of staff who posted in the last 4 weeks, over the "
                                 "last 13 weeks",
    "final_active": "contributing + embedded share at the horizon",
    "sustained_active": "mean contributing + embedded share over the last 13 weeks",
    "peak_active": "highest contributing + embedded share",
    "peak_active_week": "week of that peak",
    "weeks_to_half_adopted": "first week with half the headcount ever adopted (NaN if never)",
}
CORE_METRICS = ["sustained_monthly_active", "sustained_monthly_posters", "final_active",
                "sustained_active", "peak_active", "peak_active_week",
                "adopted_ever", "relapses"]
# Kept by default when the model reports them (they come with other levers).
OPTIONAL_METRICS = ["impact_per_100_month", "impact", "rank_influence_corr",
                    "cross_department_ties", "cross_level_ties", "top1_share", "top10_share"]
DEFAULT_TIMESERIES = ["monthly_active", "monthly_posters", "aware", "lurking", "contributing",
                      "embedded", "lapsed",
                      "adopted_ever", "relapses", "posts"]


class ExperimentError(InputError):
    """An experiment file is invalid."""


class Range(BaseModel):
    """A continuous factor: sampled between ``low`` and ``high`` (LHS, Sobol, Morris)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=True)
    low: float
    high: float


class ExperimentSpec(BaseModel):
    """The raw experiment file after type checks (before scenario checks)."""

    # Strict like a scenario: "10" is not a number of replicates (ints pass for reals).
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, populate_by_name=True,
                              strict=True)
    name: str = ""
    description: str = ""
    scenario: str = Field(description="base scenario file, relative to the experiment file")
    replicates: int = Field(10, ge=1, le=1_000_000)
    weeks: int | None = Field(None, ge=1, le=5200)
    seed: int = Field(1, ge=0, le=2**32 - 1)  # the model's streams take 32 bits
    design: Literal["full_factorial", "latin_hypercube"] = "full_factorial"
    samples: int | None = Field(None, ge=1, le=10_000_000)
    metrics: list[str] | None = None
    timeseries: list[str] = Field(default_factory=lambda: list(DEFAULT_TIMESERIES))
    fixed: dict[str, Any] = Field(default_factory=dict, alias="set")
    factors: dict[str, list[Any] | Range]

    @field_validator("factors")
    @classmethod
    def _some_factors(cls, v: dict[str, Any]) -> dict[str, Any]:
        if not v:
            raise ValueError("at least one factor is needed")
        for key, values in v.items():
            if isinstance(values, list) and not values:
                raise ValueError(f"factor '{key}' has an empty list of values")
            if isinstance(values, Range) and not values.low < values.high:
                raise ValueError(f"factor '{key}': range needs low < high")
        return v


@dataclass
class Factor:
    """One factor, resolved against the scenario schema."""

    key: str
    values: list[Any] | None = None  # a list factor
    low: float | None = None  # a range factor
    high: float | None = None
    integer: bool = False  # the parameter is an int: sampled values are rounded

    @property
    def is_range(self) -> bool:
        """True for ``{low, high}`` factors."""
        return self.values is None

    def scale(self, u: float) -> Any:
        """Map ``u`` in [0, 1] onto the range (rounded for integer parameters)."""
        assert self.low is not None and self.high is not None
        x = self.low + float(u) * (self.high - self.low)
        return int(round(x)) if self.integer else x


@dataclass
class Experiment:
    """A validated experiment, ready to be turned into runs."""

    path: Path
    name: str
    description: str
    base: dict[str, Any]  # the base scenario after ``[set]``, as plain data
    factors: list[Factor]
    replicates: int
    root_seed: int
    design: str
    samples: int | None
    metrics: list[str]
    timeseries: list[str]
    file_hash: str
    available: list[str] = field(default_factory=list)

    def point_scenario(self, point: dict[str, Any]) -> dict[str, Any]:
        """The scenario data for one design point (base plus factor values)."""
        return apply(self.base, point)

    def inputs(self) -> dict[str, str]:
        """SHA-256 of the content of every input, keyed by what it is.

        The experiment file's bytes; the base scenario after ``extends`` and
        ``[set]`` (every resolved value, so an edit anywhere in the chain
        shows); and every data file a run reads (org chart, ties file), from
        the base scenario and from factor values. Contents, not paths: an org
        chart edited in place changes the fingerprint, so ``--resume`` never
        mixes runs of two organisations.
        """
        base = json.dumps(self.base, sort_keys=True, default=str).encode()
        found = {f"experiment file {self.path}": self.file_hash,
                 "base scenario (after extends and [set])": hashlib.sha256(base).hexdigest()}
        paths: set[str] = set()
        for key in DATA_KEYS:
            node: Any = self.base
            for part in key.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, str):
                paths.add(node)
            for f in self.factors:
                if f.key == key:
                    paths.update(v for v in f.values or [] if isinstance(v, str))
        for name in sorted(paths):
            found[f"data file {name}"] = file_digest(Path(name))
        return found

    def fingerprint(self, extra: dict[str, Any] | None = None) -> str:
        """Hash of :meth:`inputs` and ``extra`` (e.g. the sensitivity method)."""
        blob = json.dumps({"inputs": self.inputs(), "extra": extra or {}},
                          sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


DATA_KEYS = ("population.org_chart", "population.ties_file")  # scenario keys naming files


def file_digest(path: Path) -> str:
    """SHA-256 of a regular file's bytes; a word for anything else (it fails the run)."""
    if not path.is_file():
        return "missing" if not path.exists() else "not a regular file"
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Turn nested TOML tables into dotted keys; ``{low, high}`` tables stay whole.

    So ``community_manager.capacity = [...]`` (unquoted, a nested table in
    TOML) and ``"community_manager.capacity" = [...]`` mean the same.
    """
    out: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and not ({"low", "high"} & set(value)):
            out.update(flatten(value, dotted + "."))
        else:
            out[dotted] = value
    return out


def schema_field(key: str, source: str) -> Any:
    """The annotation of a dotted scenario key; a clear error when there is none."""
    parts = key.split(".")
    model: type[BaseModel] = Scenario
    for depth, part in enumerate(parts):
        fields = model.model_fields
        if part not in fields:
            where = ".".join(parts[:depth]) or "the top level"
            raise ExperimentError(
                f"{source}: unknown scenario key '{key}': no '{part}' in {where}"
                f"{did_you_mean(part, fields)}")
        ann = fields[part].annotation
        is_section = isinstance(ann, type) and issubclass(ann, BaseModel)
        if depth == len(parts) - 1:
            if is_section:
                raise ExperimentError(
                    f"{source}: '{key}' is a section; expected a parameter such as "
                    f"'{key}.{next(iter(ann.model_fields))}'")
            return ann
        if not is_section:
            raise ExperimentError(f"{source}: key '{key}': '{part}' is a value, not a section")
        model = ann
    raise AssertionError("unreachable")


def _members(ann: Any) -> tuple[Any, ...]:
    if typing.get_origin(ann) in (typing.Union, types.UnionType):
        return typing.get_args(ann)
    return (ann,)


def apply(base: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Copy ``base`` and set dotted keys (the keys were checked by ``schema_field``)."""
    data = json.loads(json.dumps(base))
    for key, value in values.items():
        *sections, last = key.split(".")
        node = data
        for part in sections:
            node = node.setdefault(part, {})
        node[last] = value
    return data


def _read(path: Path) -> tuple[dict[str, Any], bytes]:
    """The experiment file as data, and its bytes (hashed to recognise it on resume)."""
    what = "experiment file"
    raw = read_bytes(path, what, MAX_TOML_BYTES, ExperimentError)
    return parse_toml(decode_text(raw, path, ExperimentError), path, what, ExperimentError), raw


def _explain(exc: ValidationError, source: Path) -> ExperimentError:
    err = exc.errors()[0]
    loc = [str(p) for p in err["loc"]]
    # list[...] | Range unions report the branch in the location; drop it.
    loc = [p for p in loc if p not in ("list[any]", "Range") and not p.isdigit()]
    key = ".".join(loc) or "top level"
    found = err.get("input")
    if err["type"] == "extra_forbidden":
        names = (list(Range.model_fields) if len(loc) > 1 and loc[0] == "factors"
                 else [f.alias or n for n, f in ExperimentSpec.model_fields.items()])
        return ExperimentError(f"{source}: unknown key '{key}'{did_you_mean(loc[-1], names)}")
    if err["type"] == "missing":
        return ExperimentError(f"{source}: key '{key}' is required but missing")
    detail = err["msg"]
    if err["type"] == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        choices = [s.strip(" '") for part in expected.split(",") for s in part.split(" or ")]
        detail = f"expected one of {expected}{did_you_mean(str(found), choices)}"
    elif loc and loc[0] == "factors" and len(loc) == 2:
        detail = "expected a list of values or a range {low = ..., high = ...}"
    return ExperimentError(f"{source}: key '{key}': {detail}, found {shown_value(found)}")


def _factor(key: str, raw: list[Any] | Range, source: Path) -> Factor:
    ann = schema_field(key, f"{source}: factor")
    members = _members(ann)
    nullable = type(None) in members
    if isinstance(raw, Range):
        numeric = [m for m in members if m in (int, float)]
        if not numeric:
            raise ExperimentError(
                f"{source}: factor '{key}': a range {{low, high}} needs a numeric parameter, "
                f"but '{key}' is {_show(ann)}; give a list of values instead")
        return Factor(key, low=raw.low, high=raw.high, integer=numeric == [int])
    literals = {a for m in members if typing.get_origin(m) is Literal for a in typing.get_args(m)}
    # TOML has no null: "none" unsets an optional parameter (e.g. the CM never leaves).
    values = [None if (v == "none" and nullable and "none" not in literals) else v for v in raw]
    for v in values:
        if isinstance(v, float) and not math.isfinite(v):
            raise ExperimentError(f"{source}: factor '{key}': expected finite numbers, found {v}")
    if len({json.dumps(v, sort_keys=True) for v in values}) != len(values):
        raise ExperimentError(f"{source}: factor '{key}': values repeat in {raw!r}")
    return Factor(key, values=values)


def _show(ann: Any) -> str:
    if typing.get_origin(ann) is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(ann))
    return getattr(ann, "__name__", str(ann))


def _check_values(exp: Experiment) -> None:
    """Build the scenario for every listed value and both ends of every range."""
    from simulation.scenario.files import build_scenario

    for f in exp.factors:
        probes = f.values if not f.is_range else [f.scale(0.0), f.scale(1.0)]
        for v in probes or []:
            source = f"{exp.path} (factor '{f.key}' = {v!r})"
            try:
                build_scenario(exp.point_scenario({f.key: v}), source)
            except ScenarioError as exc:
                raise ExperimentError(str(exc)) from None


def model_columns(base: dict[str, Any]) -> list[str]:
    """The time-series columns a model of this scenario reports (from its week 0 row)."""
    from simulation.engine.model import CommunityModel
    from simulation.scenario.files import build_scenario

    model = CommunityModel(build_scenario(base), seed=0, agents=False)
    return [c for c in model.timeseries().columns if c != "week"]


def _select(wanted: list[str], available: list[str], what: str, source: Path) -> list[str]:
    """Keep the requested names; ``name?`` is optional (dropped when not reported)."""
    kept: list[str] = []
    for name in wanted:
        optional = name.endswith("?")
        name = name.rstrip("?")
        if name in available:
            if name not in kept:
                kept.append(name)
        elif not optional:
            raise ExperimentError(
                f"{source}: key '{what}': unknown metric '{name}'{did_you_mean(name, available)};"
                f" available: {', '.join(available)}")
    if not kept:
        raise ExperimentError(f"{source}: key '{what}': no metric left to keep")
    return kept


def load_experiment(path: str | Path) -> Experiment:
    """Read and validate an experiment file.

    Raises:
        ExperimentError: one line naming the file, key, expectation and finding.
    """
    from simulation.scenario.files import load_scenario

    path = Path(path)
    data, raw = _read(path)
    for table in ("factors", "set"):
        if isinstance(data.get(table), dict):
            data[table] = flatten(data[table])
    try:
        spec = ExperimentSpec.model_validate(data)
    except ValidationError as exc:
        raise _explain(exc, path) from None
    scenario_path = path.parent / spec.scenario
    try:
        stat_regular(scenario_path, "scenario file", MAX_TOML_BYTES, ExperimentError)
    except ExperimentError as exc:
        raise ExperimentError(f"{path}: key 'scenario' (relative to {path.parent}): {exc}") \
            from None
    fixed = dict(spec.fixed)
    for key in fixed:
        schema_field(key, f"{path}: key 'set'")
    if spec.weeks is not None:
        fixed["weeks"] = spec.weeks
    try:
        sc = load_scenario(scenario_path, fixed)
    except ScenarioError as exc:
        raise ExperimentError(f"{path}: base scenario: {exc}") from None
    factors = [_factor(k, v, path) for k, v in spec.factors.items()]
    for f in factors:
        if f.key in spec.fixed:
            raise ExperimentError(f"{path}: '{f.key}' is both a factor and in [set]")
    ranges = [f.key for f in factors if f.is_range]
    lists = [f.key for f in factors if not f.is_range]
    if spec.design == "full_factorial" and ranges:
        raise ExperimentError(
            f"{path}: key 'factors.{ranges[0]}': design 'full_factorial' needs a list of values,"
            " found a range; list the values or set design = \"latin_hypercube\"")
    if spec.design == "latin_hypercube":
        if lists:
            raise ExperimentError(
                f"{path}: key 'factors.{lists[0]}': design 'latin_hypercube' needs a range "
                "{low = ..., high = ...}, found a list")
        if spec.samples is None:
            raise ExperimentError(f"{path}: key 'samples': design 'latin_hypercube' needs "
                                  "'samples' (number of design points)")
    exp = Experiment(
        path=path, name=spec.name or path.stem, description=spec.description,
        base=sc.model_dump(mode="json", warnings=False), factors=factors,
        replicates=spec.replicates,
        root_seed=spec.seed, design=spec.design, samples=spec.samples, metrics=[],
        timeseries=[], file_hash=hashlib.sha256(raw).hexdigest())
    _check_values(exp)
    columns = model_columns(exp.base)
    exp.available = [*DERIVED_METRICS, *columns]
    wanted = spec.metrics if spec.metrics is not None else \
        [*CORE_METRICS, *(m + "?" for m in OPTIONAL_METRICS)]
    exp.metrics = _select(wanted, exp.available, "metrics", path)
    exp.timeseries = _select(spec.timeseries, ["active", *columns], "timeseries", path)
    return exp
