"""The metrics catalogue: a human label, a unit and a kind for every measure a run reports.

Reports, workbooks and figures take their words from here, so a column called
``contributing_embedded`` reads "contributing or working through it" everywhere a
person sees it. ``kind`` says how a value is shown: ``share`` (of staff,
shown as % or per 100 employees, bounded to 0-1), ``count``, ``score`` or
``other``.
"""

from __future__ import annotations

from typing import NamedTuple


class Measure(NamedTuple):
    """How a measure is named and shown."""

    label: str
    unit: str
    kind: str  # share | count | score | other


_S = "% of staff"
CATALOGUE: dict[str, Measure] = {
    "unaware": Measure("not yet heard of it", _S, "share"),
    "aware": Measure("heard of it, not using it", _S, "share"),
    "lurking": Measure("reading only", _S, "share"),
    "contributing": Measure("contributing", _S, "share"),
    "embedded": Measure("working through it daily", _S, "share"),
    "lapsed": Measure("fell back into old habits", _S, "share"),
    "adopted_ever": Measure("ever tried it", _S, "share"),
    "active": Measure("using it (reading, contributing or working through it)", _S, "share"),
    "contributing_embedded": Measure("contributing or working through it", _S, "share"),
    "relapses": Measure("relapses so far", "people falling back, cumulative", "count"),
    "relapses_per_head": Measure("relapses so far per person", "relapses per person", "other"),
    "new_relapses": Measure("relapses this week", "people per week", "count"),
    "posts": Measure("posts this week", "posts per week", "count"),
    "content_value": Measure("value of the content", "0-1 score", "score"),
    "novelty": Measure("novelty of the platform", "relative level", "other"),
    "disruption": Measure("disruption", "relative level", "other"),
    "attention": Measure("attention for the platform", "0-1 score", "score"),
    "integration": Measure("work running through the platform", "0-1 score", "score"),
    "trained": Measure("trained", _S, "share"),
    "review_cuts": Measure("budget cuts after reviews", "count", "count"),
    "champions": Measure("managers championing it", "% of managers", "share"),
    "sceptics": Measure("sceptical managers", "% of managers", "share"),
    "cm_fte": Measure("community manager time", "full-time equivalents", "other"),
    "role_fte": Measure("time in formal community roles", "full-time equivalents", "other"),
    "change_agents": Measure("change agents", _S, "share"),
    "threatened_managers": Measure("managers who feel threatened", "% of managers", "share"),
    "power_sceptics": Measure("managers resisting for power reasons", "% of managers", "share"),
    "platform_ties": Measure("ties made on the platform", "ties", "count"),
    "rank_influence_corr": Measure("how much rank still decides influence",
                                   "-1 to 1 (1: only rank counts)", "other"),
    "cross_level_ties": Measure("ties across hierarchy levels", "% of ties", "share"),
    "cross_department_ties": Measure("ties across departments", "% of ties", "share"),
    "global_reaching_centrality": Measure("how much a few people dominate the network",
                                          "0-1 (1: one person reaches all)", "score"),
    "top1_share": Measure("posts by the top 1 % of posters", "% of posts this week", "share"),
    "top10_share": Measure("posts by the top 10 % of posters", "% of posts this week", "share"),
    "top1_share_cum": Measure("posts by the top 1 % so far", "% of all posts", "share"),
    "top10_share_cum": Measure("posts by the top 10 % so far", "% of all posts", "share"),
    "never_posted": Measure("never posted", "% of those who tried it", "share"),
    "cross_dept_exchange": Measure("picked up something from another department", _S, "share"),
    "impact": Measure("useful exchange across departments",
                      "% of staff a week", "share"),
    "impact_cumulative": Measure("useful exchange so far", "staff-weeks per person", "other"),
    "maturity_usage": Measure("maturity: usage", "0-100", "score"),
    "maturity_goals": Measure("maturity: goals", "0-100", "score"),
    "maturity_organisation": Measure("maturity: organisation", "0-100", "score"),
    "maturity_integration": Measure("maturity: work processes", "0-100", "score"),
    "final_active": Measure("contributing or working through it at the end", _S, "share"),
    "sustained_active": Measure("lasting use: contributing or working through it, last 3 months",
                                _S, "share"),
    "peak_active": Measure("highest share contributing or working through it", _S, "share"),
    "peak_active_week": Measure("week of the highest use", "week", "other"),
    "weeks_to_half_adopted": Measure("weeks until half the staff tried it", "weeks", "other"),
    "weeks_to_50pct_adopted_ever": Measure("weeks until half the staff tried it", "weeks",
                                           "other"),
}


def measure(name: str) -> Measure:
    """The catalogue entry of ``name``; unknown names get a readable fallback."""
    if name in CATALOGUE:
        return CATALOGUE[name]
    section, _, key = name.rpartition(".")
    text = key.replace("_", " ")
    return Measure(f"{text} ({section.replace('_', ' ')})" if section else text, "", "other")


def label(name: str) -> str:
    """The human label of a measure or a scenario key."""
    return measure(name).label


def is_share(name: str) -> bool:
    """Whether the measure is a share (0-1), so its intervals are bounded to [0, 1]."""
    return measure(name).kind == "share"
