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

from simulation.errors import ScenarioError, did_you_mean
from simulation.params import Scenario


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
    """Read one value as TOML when possible, else as a string."""
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise ScenarioError(f"{path}: scenario file not found")
    if path.is_dir():
        raise ScenarioError(f"{path}: is a directory, expected a scenario .toml file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: TOML syntax error: {exc}") from exc


def deep_merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``top`` over ``base``, recursing into tables."""
    out = copy.deepcopy(dict(base))
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _resolve(path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    """Read a file and everything it extends, child over parent."""
    path = path.resolve() if path.exists() else path
    if path in chain:
        cycle = " -> ".join(p.name for p in (*chain, path))
        raise ScenarioError(f"{chain[-1]}: key 'extends': cycle of scenario files ({cycle})")
    data = _read_toml(path)
    pop = data.get("population")
    if isinstance(pop, dict):  # data files are relative to the file that names them
        for k in ("org_chart", "ties_file"):
            if isinstance(pop.get(k), str) and not Path(pop[k]).is_absolute():
                pop[k] = str(path.parent / pop[k])
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ScenarioError(
            f"{path}: key 'extends': expected a file name (string), found {parent!r}"
        )
    parent_path = (path.parent / parent)
    if not parent_path.exists():
        raise ScenarioError(f"{path}: key 'extends': file '{parent}' not found next to it")
    return deep_merge(_resolve(parent_path, (*chain, path)), data)


def _set_dotted(data: dict[str, Any], key: str, value: Any, source: str) -> None:
    parts = key.split(".")
    node: Any = data
    model: type[BaseModel] | None = Scenario
    for depth, part in enumerate(parts):
        fields = model.model_fields if model is not None else {}
        if model is not None and part not in fields:
            where = ".".join(parts[:depth]) or "top level"
            raise ScenarioError(
                f"{source}: unknown key '{key}': no '{part}' in {where}"
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


def _explain(exc: ValidationError, source: str) -> ScenarioError:
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    key = ".".join(str(p) for p in loc) or "top level"
    found = err.get("input")
    kind = err["type"]
    if kind == "extra_forbidden":
        hint = did_you_mean(str(loc[-1]), _field_names_at(loc))
        msg = f"unknown key '{key}'{hint}"
    elif isinstance(found, float) and math.isnan(found) or kind == "finite_number":
        msg = f"key '{key}': expected a finite number, found {found!r}"
    else:
        detail = err["msg"]
        if kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            detail = f"expected one of {expected}"
            hint = did_you_mean(str(found), [s.strip(" '") for s in expected.split(",")
                                             for s in s.split(" or ")])
            detail += hint
        msg = f"key '{key}': {detail}, found {found!r}"
    extra = f" (and {len(exc.errors()) - 1} more problem(s))" if len(exc.errors()) > 1 else ""
    return ScenarioError(f"{source}: {msg}{extra}")


def build_scenario(data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a plain dict into a :class:`Scenario`, with a one-line error."""
    try:
        scenario = Scenario.model_validate(dict(data))
    except ValidationError as exc:
        raise _explain(exc, source) from None
    if scenario.population.ties_file and not scenario.population.org_chart:
        raise ScenarioError(f"{source}: key 'population.ties_file': a known informal network "
                            "needs the org chart it refers to (set population.org_chart)")
    depts = scenario.population.departments
    host = scenario.launch.hosting_department
    if host not in depts and scenario.population.org_chart is None:
        raise ScenarioError(
            f"{source}: key 'launch.hosting_department': expected one of the departments, "
            f"found {host!r}{did_you_mean(host, depts)}"
        )
    return scenario


def load_scenario(
    path: str | Path | None = None, overrides: Mapping[str, Any] | None = None
) -> Scenario:
    """Load a scenario file (following ``extends``) and apply dotted overrides.

    Args:
        path: A TOML file; ``None`` gives the all-defaults scenario.
        overrides: ``{"population.headcount": 2000, ...}``; string values from
            the command line are read as TOML values first.

    Returns:
        The validated scenario. Its ``name`` defaults to the file's stem.

    Raises:
        ScenarioError: on any bad input, with file and key in the message.
    """
    source = str(path) if path is not None else "<defaults>"
    data: dict[str, Any] = {}
    if path is not None:
        p = Path(path)
        data = _resolve(p, ())
        data.setdefault("name", p.stem)
    for key, value in (overrides or {}).items():
        if isinstance(value, str):
            value = parse_value(value)
        _set_dotted(data, key, value, f"{source} (--set {key})")
    try:
        return build_scenario(data, source)
    except ScenarioError as exc:
        # Say where a bad value came from when it was typed with --set.
        bad = next((k for k in (overrides or {}) if f"key '{k}'" in str(exc)), None)
        if bad is None:
            raise
        raise ScenarioError(str(exc).replace(f"{source}:", f"{source} (--set {bad}):", 1)) from None
