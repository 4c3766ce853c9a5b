"""CommunityModel as Mesa users expect it: ``rng=``, flat keywords, a DataCollector.

Mesa's tools build a model from keyword arguments — ``mesa.batch_run``
passes one value per parameter and ``rng`` (or ``seed``), and SolaraViz's
Reset calls the class again with the page's values — and they read
``model.datacollector`` and stop when ``model.running`` is False. The
scenario schema uses dotted names (``sponsorship.champion_share``), which are
not valid keywords; this module maps flat keywords onto them:

* the common levers by a short name (:data:`LEVER_KEYWORDS`, documented in
  docs/mesa.md), e.g. ``CommunityModel(champion_share=0.4, cm_capacity="full_time")``;
* any parameter by its dotted name with ``__`` for the dot, e.g.
  ``CommunityModel(dynamics__habit_decay=0.1)``.

Values are checked exactly as in a scenario file (one-line
:class:`~simulation.errors.ScenarioError`). ``CommunityModel`` calls the
three functions here; they live apart from ``simulation/engine/model.py`` so that
the engine's module stays about the week, not about Mesa's conventions.
"""

from __future__ import annotations

import operator
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulation.errors import InputError, did_you_mean

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel
    from simulation.scenario.schema import Scenario

# flat keyword -> scenario key. Every one is documented in docs/mesa.md.
LEVER_KEYWORDS: dict[str, str] = {
    "headcount": "population.headcount",
    "weeks": "weeks",
    "cm_capacity": "community_manager.capacity",
    "cm_fte": "community_manager.fte",
    "cm_experience": "community_manager.experience",
    "formal_roles": "governance.formal_roles",
    "kpis": "governance.kpis",
    "budget_review": "governance.budget_review",
    "champion_share": "sponsorship.champion_share",
    "sceptic_share": "sponsorship.sceptic_share",
    "campaign": "sponsorship.campaign",
    "mandate_from_top": "sponsorship.mandate_from_top",
    "core_group_size": "launch.core_group_size",
    "hosting_department": "launch.hosting_department",
    "integration_schedule": "integration.schedule",
    "cm_leaves_week": "shocks.cm_leaves_week",
}


DEFAULT_SEED = 1


def unwrap(scenario: Any, rng: Any) -> tuple[Any, Any]:
    """Accept a Mesa ``Scenario`` where an adoptsim scenario is expected.

    Mesa's SolaraViz resets a model as ``Model(scenario=mesa.Scenario(...),
    **page_values)``. A Mesa scenario holds no adoptsim parameters (they come
    as keywords), so it stands for the defaults; its ``rng``, when set, is
    the seed.
    """
    from mesa.experimental.scenarios import Scenario as MesaScenario

    if isinstance(scenario, MesaScenario):
        mesa_rng = getattr(scenario, "rng", None)
        if rng is None and isinstance(mesa_rng, int):
            rng = mesa_rng
        return None, rng
    return scenario, rng


def resolve_seed(seed: Any, rng: Any) -> int:
    """The one seed of a run, from ``seed=`` (default 1) or Mesa's ``rng=`` (an alias).

    ``rng``, when given, is the seed. ``None`` (``mesa.batch_run(iterations=...)``
    passes ``seed=None``) draws a fresh seed from the operating system, as
    Mesa does; the seed drawn is kept in ``model.seed``, so the run can be
    repeated.

    Raises:
        InputError: both given and different, or not an integer from 0 to 2**32 - 1.
    """
    if rng is not None and seed not in (None, DEFAULT_SEED) and seed != rng:
        raise InputError(f"seed={seed!r} and rng={rng!r}: give one of them (rng is Mesa's "
                         "name for the seed)")
    value = rng if rng is not None else seed
    if value is None:
        return secrets.randbits(32)
    try:
        number = operator.index(value)  # int, numpy integers; not 1.5, "3" or True
    except TypeError:
        number = None
    if isinstance(value, bool) or number is None or not 0 <= number <= 0xFFFFFFFF:
        raise InputError(f"seed {value!r}: expected an integer from 0 to 4294967295 "
                         "(2**32 - 1); the random streams use 32 bits of it")
    return int(number)


def dotted(keyword: str) -> str:
    """The scenario key a flat keyword stands for, or a one-line error."""
    if keyword in LEVER_KEYWORDS:
        return LEVER_KEYWORDS[keyword]
    if "__" in keyword:
        return keyword.replace("__", ".")
    from simulation.scenario.schema import iter_parameters

    keys = [*LEVER_KEYWORDS, *(k.replace(".", "__") for k, *_ in iter_parameters())]
    raise InputError(f"CommunityModel({keyword}=...): not a parameter; expected one of the "
                     f"lever keywords ({', '.join(LEVER_KEYWORDS)}) or a scenario key with "
                     f"'__' for '.', e.g. dynamics__habit_decay{did_you_mean(keyword, keys)}")


def scenario_with(scenario: Scenario | str | Path | None,
                  keywords: Mapping[str, Any]) -> Scenario:
    """The scenario with the flat keyword values applied (validated as a file would be)."""
    from simulation.scenario.files import build_scenario, load_scenario
    from simulation.scenario.schema import Scenario

    overrides = {dotted(k): v for k, v in keywords.items()}
    if not isinstance(scenario, Scenario):
        return load_scenario(scenario, overrides=overrides, origins={
            v: f"CommunityModel({k}=...)" for k, v in
            ((k, dotted(k)) for k in keywords)})
    if not overrides:
        return scenario
    from simulation.scenario.files import _set_dotted

    data = scenario.model_dump()
    source = getattr(scenario, "_source", "<scenario>")
    for key, value in overrides.items():
        _set_dotted(data, key, value, source)
    return build_scenario(data, source)


def attach_datacollector(model: CommunityModel) -> None:
    """Give ``model`` a Mesa DataCollector over every column of its time series.

    One model reporter per column of :meth:`CommunityModel.timeseries` (the
    catalogue in :mod:`simulation.exports`), reading the week's row the model
    has just recorded, so the two never disagree. It collects week 0 here and
    every week after (``collect_week``).
    """
    import mesa

    columns = [c for c in model.recorder.rows[-1] if c != "week"]
    model.datacollector = mesa.DataCollector(model_reporters={
        c: (lambda m, c=c: m.recorder.rows[-1].get(c, float("nan"))) for c in columns})
    collect_week(model)


def collect_week(model: CommunityModel) -> None:
    """Collect this week's row; at the horizon, tell Mesa the run is over."""
    model.datacollector.collect(model)
    if model.week >= model.params.weeks:
        model.running = False
