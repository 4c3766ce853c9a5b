"""Candidate next steps: the interventions the two source documents recommend.

Each step is applied on top of the client's mapped scenario (what the answers
say is in place now). A step that is already in place (a full-time,
experienced CM when there is one) is reported as such and not simulated.
The ``why`` of each step is the source's argument, in a manager's words, with
the source named as a reader can look it up (embedding guide, four-conditions
article).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Params = dict[str, Any]


@dataclass(frozen=True)
class Step:
    """One candidate next step."""

    key: str
    title: str
    what: str
    why: str
    change: Callable[[Params], Params | None]


def _cm(p: Params) -> Params | None:
    if p["community_manager.fte"] >= 1.0 and p["community_manager.experience"] == "experienced":
        return None
    return {"community_manager.fte": max(1.0, p["community_manager.fte"]),
            "community_manager.experience": "experienced"}


def _sponsors(p: Params) -> Params | None:
    return {"sponsorship.champion_share": max(0.3, p["sponsorship.champion_share"]),
            "sponsorship.campaign": True, "sponsorship.feature_sponsors": True,
            "attention.campaign_bursts": [26]}


def _roles(p: Params) -> Params | None:
    if p["governance.formal_roles"] == "distributed":
        return None
    return {"governance.formal_roles": "distributed"}


def _process(p: Params) -> Params | None:
    level = p["integration.level"]
    if level >= 0.9:
        return None
    return {"integration.schedule": [[0, level], [13, min(1.0, level + 0.3)]]}


def _kpis(p: Params) -> Params | None:
    if p["governance.kpis"] == "impact" and p["governance.reporting_every"] <= 13:
        return None
    return {"governance.kpis": "impact",
            "governance.reporting_every": min(13, p["governance.reporting_every"])}


def _pilot(p: Params) -> Params | None:
    return {"launch.pilot_weeks": 12, "launch.pilot_group": "hosting_department"}


def _training(p: Params) -> Params | None:
    return {"governance.train_employees": True, "governance.train_managers": True}


STEPS: tuple[Step, ...] = (
    Step("full_time_cm", "Appoint a full-time, experienced community manager",
         "Make community management a formal, full-time job for someone experienced, "
         "instead of a side job.",
         "No community succeeds without an experienced community manager who organises "
         "mandate at board level and on the floor; for an average community it is a full-time "
         "job (embedding guide).", _cm),
    Step("sponsors_campaign", "Recruit sponsors and feature them in a campaign",
         "Find the managers with a warm heart for it (about a third), make them sponsors and "
         "put them in the adoption campaign (posters, videos, personal stories), with a second "
         "burst after six months.",
         "People look at their managers; sponsors who tie their reputation to the community "
         "set the example and keep using it (embedding guide).", _sponsors),
    Step("distributed_roles", "Distribute formal roles over the departments",
         "Give every department formal responsibility for the community (roles in job "
         "descriptions, a steering group), not one department alone.",
         "The more people and departments formally hold responsibility, the more the community "
         "survives the loss of one person, one department's preference or a budget shift "
         "(four-conditions article: organisation).", _roles),
    Step("integrate_process", "Run a work process through the platform",
         "Move one or two real work processes onto the platform within a quarter "
         "(e.g. questions to a helpdesk, handovers, project coordination), so that about a "
         "third more of the daily work runs through it.",
         "Integration in work processes is the strongest predictor of lasting activity: people "
         "use the platform because their work runs through it "
         "(four-conditions article).", _process),
    Step("impact_kpis", "Set impact KPIs and report on them quarterly",
         "Translate goals into impact KPIs with targets (time saved, questions solved) and "
         "review them every quarter to steer the effort to where it lags.",
         "You cannot steer a community toward success without defining success; periodic "
         "reporting shows its value and where to adjust "
         "(four-conditions article: goal-orientation).",
         _kpis),
    Step("internal_pilot", "Start with an internal pilot",
         "Run a closed 12-week pilot in the hosting department before opening the platform "
         "to everyone.",
         "Practise internally first: staff learn that sharing makes them stronger and that "
         "transparency speeds learning (embedding guide).", _pilot),
    Step("training", "Train employees and managers",
         "Train employees in working in online networks, and managers once they have adopted "
         "it.",
         "Training lowers the effort people expect and is one of the formal structures that "
         "are easy to influence (embedding guide: governance).", _training),
)
