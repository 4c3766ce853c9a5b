"""From quickscan answers to maturity scores and to scenario parameters.

Two documented, monotone mappings (docs/quickscan.md prints both tables):

**Maturity scores** (0-100 per condition, Evolve's four conditions)::

    score(condition) = 100 * (mean of the condition's item scores - 1) / 4

so all 1s give 0 and all 5s give 100; every item of a condition weighs the
same (usage: the six adoption factors and attention value).

**Scenario parameters.** Each item sets one or two parameters through a table
of five values, one per score, with a score of 3 at the model's default
wherever the default describes a typical organisation. Every table runs in the
*helpful* direction declared in :data:`HELPFUL` (more of a good thing, less of
a bad one), so raising one answer never makes the forecast worse on its own
condition; tests check the tables (hypothesis) and the simulated forecast
(common random numbers). Items that only act together (goals and KPIs decide
the kind of KPIs; roles and spread decide formal roles) use the minimum or a
threshold, which keeps each of them monotone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from simulation.quickscan.answers import CONDITIONS, ITEMS

# Parameter -> +1 (higher helps), -1 (lower helps) or the ordered levels (worst first).
HELPFUL: dict[str, int | tuple[Any, ...]] = {
    "dynamics.bias": +1,
    "dynamics.base_effort": -1,
    "dynamics.w_reputation": +1,
    "launch.core_group_size": +1,
    "sponsorship.champion_share": +1,
    "sponsorship.sceptic_share": -1,
    "dynamics.norms": +1,
    "attention.channels": +1,
    "attention.campaign_boost": +1,
    "governance.kpis": ("none", "usage", "impact"),
    "governance.reporting_every": -1,
    "governance.formal_roles": ("none", "one_department", "distributed"),
    "launch.core_group_cross_department": (False, True),
    "community_manager.fte": +1,
    "community_manager.experience": ("junior", "experienced"),
    "integration.level": +1,
}

# One table per (item, parameter): the value at scores 1, 2, 3, 4, 5.
TABLES: dict[str, dict[str, tuple[Any, ...]]] = {
    # Baseline utility: w_performance (1.2) x 0.25 utility per point away from 3.
    "expected_performance": {"dynamics.bias": (-4.4, -4.1, -3.8, -3.5, -3.2)},
    "expected_effort": {"dynamics.base_effort": (0.8, 0.65, 0.5, 0.35, 0.2)},
    "reputation": {"dynamics.w_reputation": (0.1, 0.3, 0.5, 0.7, 0.9)},
    # Visible users today become the core of contributors at week 0 (share of headcount).
    "colleagues_use": {"launch.core_group_size": (0.004, 0.007, 0.01, 0.02, 0.035)},
    "executives_use": {"sponsorship.champion_share": (0.03, 0.08, 0.15, 0.25, 0.35),
                       "sponsorship.sceptic_share": (0.35, 0.28, 0.2, 0.15, 0.1)},
    "collaboration_norms": {"dynamics.norms": (0.05, 0.175, 0.3, 0.425, 0.55)},
    "attention_value": {"attention.channels": (0.005, 0.0125, 0.02, 0.03, 0.04),
                        "attention.campaign_boost": (0.1, 0.175, 0.25, 0.3, 0.35)},
    "reporting": {"governance.reporting_every": (52, 26, 13, 8, 4)},
    "departments": {"launch.core_group_cross_department": (False, False, True, True, True)},
    "cm_capacity": {"community_manager.fte": (0.0, 0.1, 0.2, 0.5, 1.0),
                    "community_manager.experience": ("junior", "junior", "junior",
                                                     "experienced", "experienced")},
    "process_integration": {"integration.level": (0.0, 0.1, 0.25, 0.45, 0.7)},  # from week 0
}

KPI_BY_MIN = ("none", "none", "usage", "impact", "impact")  # by min(goals, kpis)


def _kpis(s: Mapping[str, int]) -> str:
    """Impact KPIs need both goals and KPIs: the weaker of the two decides."""
    return KPI_BY_MIN[min(s["goals"], s["kpis"]) - 1]


def _roles(s: Mapping[str, int]) -> str:
    """Formal roles need someone responsible (roles >= 3); spread decides how wide."""
    if s["roles"] <= 2:
        return "none"
    return "distributed" if s["departments"] >= 4 else "one_department"


# Parameters that combine items: (items they read, the rule).
COMBINED: dict[str, tuple[tuple[str, ...], Callable[[Mapping[str, int]], Any]]] = {
    "governance.kpis": (("goals", "kpis"), _kpis),
    "governance.formal_roles": (("roles", "departments"), _roles),
}


def maturity_scores(scores: Mapping[str, int]) -> dict[str, float]:
    """Score 0-100 per condition: the mean item score rescaled from 1-5."""
    out = {}
    for cond in CONDITIONS:
        vals = [scores[i.key] for i in ITEMS if i.condition == cond]
        out[cond] = round(100.0 * (sum(vals) / len(vals) - 1.0) / 4.0, 1)
    return out


def maturity_level(score: float) -> str:
    """A word for a score: initial (<25), developing (<50), established (<75), mature."""
    return ("initial" if score < 25 else "developing" if score < 50
            else "established" if score < 75 else "mature")


def parameters(scores: Mapping[str, int], headcount: int = 1000) -> dict[str, Any]:
    """Each mapped parameter's value for these answers (``integration.level`` is 0-1).

    Args:
        scores: a score 1-5 for every item.
        headcount: people in the organisation, to turn the core group's
            share into a number of people.
    """
    out: dict[str, Any] = {}
    for item, table in TABLES.items():
        for key, values in table.items():
            out[key] = values[scores[item] - 1]
    for key, (_, rule) in COMBINED.items():
        out[key] = rule(scores)
    out["launch.core_group_size"] = max(1, round(out["launch.core_group_size"] * headcount))
    return out


def overrides(scores: Mapping[str, int], headcount: int = 1000) -> dict[str, Any]:
    """The answers as dotted scenario overrides (what ``load_scenario`` accepts)."""
    params = parameters(scores, headcount)
    level = params.pop("integration.level")
    params["integration.schedule"] = [[0, level]]
    return params


def items_of(parameter: str) -> tuple[str, ...]:
    """The item(s) that set a parameter."""
    if parameter in COMBINED:
        return COMBINED[parameter][0]
    return tuple(item for item, table in TABLES.items() if parameter in table)


def helpful_rank(parameter: str, value: Any) -> float:
    """Position of a value on the parameter's helpful scale (higher = more helpful)."""
    direction = HELPFUL[parameter]
    if isinstance(direction, tuple):
        return float(direction.index(value))
    return float(value) * direction


def markdown_tables() -> str:
    """The mapping as Markdown tables (docs/quickscan.md includes this text verbatim)."""
    lines = ["| item | parameter | 1 | 2 | 3 | 4 | 5 | helps when |",
             "|---|---|---|---|---|---|---|---|"]
    for item, table in TABLES.items():
        for key, values in table.items():
            direction = HELPFUL[key]
            helps = ("higher" if direction == 1 else "lower" if direction == -1
                     else " < ".join(str(v) for v in direction))
            unit = " (share of headcount)" if key == "launch.core_group_size" else ""
            lines.append(f"| `{item}` | `{key}`{unit} | "
                         + " | ".join(str(v) for v in values) + f" | {helps} |")
    lines += ["", "| parameter | items | rule |", "|---|---|---|",
              "| `governance.kpis` | `goals`, `kpis` | by min(goals, kpis): 1-2 none, 3 usage, "
              "4-5 impact |",
              "| `governance.formal_roles` | `roles`, `departments` | roles 1-2: none; roles >= 3: "
              "distributed if departments >= 4, else one_department |"]
    return "\n".join(lines) + "\n"
