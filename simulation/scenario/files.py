"""Reading scenario files: TOML, `extends`, dotted overrides, clear errors.

A scenario file is the unit a consultant shares. It may ``extends`` another
file (relative to itself), and any key may be overridden from the command line
with ``--set section.key=value``. Whatever goes wrong, the user gets one line
naming the file, the key path, what was expected and what was found.
"""

from __future__ import annotations

import copy
import math
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from simulation.errors import ScenarioError, did_you_mean, shown_value
from simulation.inputs import read_toml, shown
from simulation.scenario.schema import RENAMED, Scenario


def parse_override(text: str) -> tuple[str, Any]:
    """Parse ``KEY=VALUE`` from the command line into a dotted key and a value.

    The value is read as a TOML value when it is one (``2000``, ``0.5``,
    ``true``, ``[1, 2]``, ``"x"``) and as a plain string otherwise.

    Raises:
        ScenarioError: when there is no ``=`` or the key is empty.
    """
    if "=" not in text:
        raise ScenarioError(f'--set "{text}": expected KEY=VALUE, e.g. population.headcount=2000')
    key, raw = text.split("=", 1)
    key = key.strip()
    if not key or any(not part for part in key.split(".")):
        raise ScenarioError(f'--set "{text}": the key before "=" is empty or malformed')
    return key, parse_value(raw.strip())


def parse_value(raw: str) -> Any:
    """Read one value as TOML when possible, else as a string.

    So the documented spellings are ``true``/``false`` for a switch, digits
    for a count, ``0.5`` or ``5`` for a number, ``[1, 2]`` for a list and
    plain text (or ``"quoted"``) for a name; anything else stays text, which a
    switch or a count then refuses.
    """
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except (tomllib.TOMLDecodeError, ValueError, RecursionError, KeyError):
        return raw


MAX_EXTENDS = 50  # files in one extends chain; a real one has two or three


def deep_merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``top`` over ``base``, recursing into tables."""
    out = copy.deepcopy(dict(base))
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _canonical(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # unreadable names are reported by the reader
        return path


def _resolve(path: Path) -> dict[str, Any]:
    """Read a file and everything it extends, child over parent.

    A loop over the chain, not recursion: the depth is capped at
    :data:`MAX_EXTENDS` with a message rather than by Python's stack.
    """
    layers: list[dict[str, Any]] = []
    chain: list[Path] = []  # canonical paths, to find cycles
    current, child = path, None  # the top file as typed, so messages show it as typed
    while True:
        here = _canonical(current)
        if here in chain:
            cycle = " -> ".join(p.name for p in (*chain, here))
            raise ScenarioError(f"{chain[-1]}: key 'extends': cycle of scenario files ({cycle})")
        if len(chain) == MAX_EXTENDS:
            raise ScenarioError(
                f"{shown(path)}: key 'extends': more than {MAX_EXTENDS} scenario files extend "
                f"one another ({chain[0].name} -> {chain[1].name} -> ... -> {chain[-1].name}); "
                "merge some of them")
        try:
            data = read_toml(current, "scenario file", ScenarioError)
        except ScenarioError as exc:
            if child is None:
                raise
            raise ScenarioError(f"{child}: key 'extends': {exc}") from None
        pop = data.get("population")
        if isinstance(pop, dict):  # data files are relative to the file that names them
            for k in ("org_chart", "ties_file"):
                if isinstance(pop.get(k), str) and pop[k] and not Path(pop[k]).is_absolute():
                    pop[k] = str(here.parent / pop[k])
        parent = data.pop("extends", None)
        layers.append(data)
        chain.append(here)
        if parent is None:
            break
        if not isinstance(parent, str):
            raise ScenarioError(f"{current}: key 'extends': expected a file name (string), "
                                f"found {shown_value(parent)}")
        if not parent.strip():
            raise ScenarioError(f"{current}: key 'extends': the file name is empty; expected "
                                "a scenario file (relative to this one), or no 'extends'")
        child, current = current, here.parent / parent
    merged: dict[str, Any] = {}
    for layer in reversed(layers):
        merged = deep_merge(merged, layer)
    return merged


def renamed(key: str) -> str:
    """The message for a key that was renamed: where its new name is."""
    return f"key '{shown(key)}' was renamed: write '{RENAMED[key]}' instead"


def _set_dotted(data: dict[str, Any], key: str, value: Any, source: str) -> None:
    if key in RENAMED:
        raise ScenarioError(f"{source}: {renamed(key)}")
    parts = key.split(".")
    node: Any = data
    model: type[BaseModel] | None = Scenario
    for depth, part in enumerate(parts):
        fields = model.model_fields if model is not None else {}
        if model is not None and part not in fields:
            where = ".".join(parts[:depth]) or "top level"
            raise ScenarioError(
                f"{source}: unknown key '{shown(key)}': no '{shown(part)}' in {where}"
                f"{did_you_mean(part, fields)}"
            )
        ann = fields[part].annotation if model is not None else None
        last = depth == len(parts) - 1
        if last:
            node[part] = value
            return
        if not (isinstance(ann, type) and issubclass(ann, BaseModel)):
            raise ScenarioError(f"{source}: key '{key}': '{part}' is a value, not a section")
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise ScenarioError(f"{source}: key '{key}': '{part}' must be a table")
        model = ann


def _field_names_at(loc: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = Scenario
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        ann = field.annotation if field else None
        if not (isinstance(ann, type) and issubclass(ann, BaseModel)):
            return []
        model = ann
    return list(model.model_fields)


# What a strict type check expected, in the words of a scenario file.
_EXPECTED = {
    "int_type": "expected a whole number",
    "bool_type": "expected true or false",
    "float_type": "expected a number",
    "string_type": 'expected text in quotes ("...")',
    "list_type": "expected a list [...]",
    "tuple_type": "expected a pair [week, level]",
    "model_type": "expected a table",
    "dict_type": "expected a table",
}
_BOUNDS = {"greater_than_equal": ("ge", "at least"), "less_than_equal": ("le", "at most"),
           "greater_than": ("gt", "more than"), "less_than": ("lt", "less than")}


def key_path(loc: tuple[Any, ...]) -> str:
    """A pydantic location as a scenario key: ``integration.schedule[0][1]``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else str(part)
    return out or "top level"


def _explain(exc: ValidationError, source: str) -> ScenarioError:
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    key = shown(key_path(loc))  # a key from a file may hold an escape sequence
    found = err.get("input")
    kind = err["type"]
    if kind == "extra_forbidden" and key_path(loc) in RENAMED:
        msg = renamed(key_path(loc))
    elif kind == "extra_forbidden":
        hint = did_you_mean(str(loc[-1]), _field_names_at(loc))
        msg = f"unknown key '{key}'{hint}"
    elif isinstance(found, float) and math.isnan(found) or kind == "finite_number":
        msg = f"key '{key}': expected a finite number, found {shown_value(found)}"
    else:
        detail = _EXPECTED.get(kind) or str(err["msg"]).removeprefix("Value error, ")
        if kind in _BOUNDS:
            name, words = _BOUNDS[kind]
            bound = err.get("ctx", {}).get(name)
            if isinstance(bound, float) and bound.is_integer():
                bound = int(bound)  # "at most 1", as a person writes it, not "1.0"
            detail = f"expected {words} {bound}"
        if kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            detail = f"expected one of {expected}"
            hint = did_you_mean(str(found), [s.strip(" '") for s in expected.split(",")
                                             for s in s.split(" or ")])
            detail += hint
        msg = f"key '{key}': {detail}, found {shown_value(found)}"
    extra = f" (and {len(exc.errors()) - 1} more problem(s))" if len(exc.errors()) > 1 else ""
    return ScenarioError(f"{source}: {msg}{extra}")


def _check_people(scenario: Scenario, source: str) -> None:
    """Values that must fit the headcount of a generated organisation.

    With an org chart the chart decides the headcount, so the same checks run
    when it is read (``simulation.org.chart.load_org_chart``).
    """
    pop, la, r = scenario.population, scenario.launch, scenario.reduced
    if pop.org_chart is not None:
        return
    n = pop.headcount
    if "core_group_size" in la.model_fields_set and la.core_group_size > n:
        raise ScenarioError(f"{source}: key 'launch.core_group_size': expected at most the "
                            f"headcount ({n} people), found {la.core_group_size}")
    if r.mode == "full":
        return
    if r.mode == "threshold" and r.thresholds and len(r.thresholds) != n:
        raise ScenarioError(f"{source}: key 'reduced.thresholds': expected one threshold per "
                            f"person ({n} = population.headcount), found {len(r.thresholds)}")
    bad = [i for i in r.initial_adopters if not 0 <= i < n]
    if bad:
        raise ScenarioError(f"{source}: key 'reduced.initial_adopters': expected person ids "
                            f"from 0 to {n - 1} (population.headcount {n}), found {bad[0]}")
    if not r.initial_adopters and r.initial_adopter_count > n:
        raise ScenarioError(f"{source}: key 'reduced.initial_adopter_count': expected at most "
                            f"{n} (population.headcount), found {r.initial_adopter_count}")


def build_scenario(data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a plain dict into a :class:`Scenario`, with a one-line error.

    Validation is strict (see :class:`simulation.scenario.schema.Section`): a file or
    an override must give each parameter a value of its type.
    """
    try:
        scenario = Scenario.model_validate(dict(data))
    except ValidationError as exc:
        raise _explain(exc, source) from None
    pop = scenario.population
    for key in ("org_chart", "ties_file"):
        if getattr(pop, key) is not None and not getattr(pop, key).strip():
            raise ScenarioError(f"{source}: key 'population.{key}': the file name is empty; "
                                "expected a CSV file (relative to the scenario file)")
    if pop.ties_file and not pop.org_chart:
        raise ScenarioError(f"{source}: key 'population.ties_file': a known informal network "
                            "needs the org chart it refers to (set population.org_chart)")
    depts = pop.departments
    host = scenario.launch.hosting_department
    if host not in depts and pop.org_chart is None:
        raise ScenarioError(
            f"{source}: key 'launch.hosting_department': expected one of the departments, "
            f"found {shown_value(host)}{did_you_mean(host, depts)}"
        )
    _check_people(scenario, source)
    scenario._source = source
    return scenario


def load_scenario(
    path: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    origins: Mapping[str, str] | None = None,
) -> Scenario:
    """Load a scenario file (following ``extends``) and apply dotted overrides.

    Args:
        path: A TOML file; ``None`` gives the all-defaults scenario.
        overrides: ``{"population.headcount": 2000, ...}``; string values from
            the command line are read as TOML values first.
        origins: What to call an override in messages when it did not come
            from ``--set``, e.g. ``{"weeks": "--weeks"}``; default
            ``--set KEY``.

    Returns:
        The validated scenario. Its ``name`` defaults to the file's stem.

    Raises:
        ScenarioError: on any bad input, with file and key in the message.
    """
    source = shown(path) if path is not None else "<defaults>"

    def origin(key: str) -> str:
        return (origins or {}).get(key, f"--set {key}")

    data: dict[str, Any] = {}
    if path is not None:
        p = Path(path)
        data = _resolve(p)
        data.setdefault("name", p.stem)
    for key, value in (overrides or {}).items():
        if isinstance(value, str):
            value = parse_value(value)
        _set_dotted(data, key, value, f"{source} ({origin(key)})")
    try:
        return build_scenario(data, source)
    except ScenarioError as exc:
        # Say where a bad value came from when it was typed on the command line.
        said = str(exc)
        bad = next((k for k in (overrides or {})
                    if f"key '{k}'" in said or f"key '{k}[" in said), None)
        if bad is None:
            raise
        raise ScenarioError(str(exc).replace(f"{source}:", f"{source} ({origin(bad)}):", 1)) \
            from None
