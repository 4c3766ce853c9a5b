"""Exports for other tools: long-form time series, the column catalogue, GraphML.

Spreadsheets and plotting libraries (Excel pivot tables, ggplot, seaborn,
Tableau, Power BI) want time series in *long* form, one value per row::

    week, metric, value            (one run)
    scenario, replicate, week, metric, value   (a comparison)
    run_id, point_id, replicate, week, metric, value   (a sweep)

Every command that writes a wide time series therefore also writes its long
form, as CSV and (when pyarrow is installed) Parquet. :data:`COLUMNS` says
what every column means and in which unit; ``docs/exports.md`` prints it
(``python3 -m simulation.exports`` regenerates the table), and a test checks
that every column a run writes is in it.

``network.graphml`` is the organisation at the end of a run, readable by
Gephi, yEd, Cytoscape, networkx and igraph: one node per person (level,
department, team, manager or not, role, stage, posts, influence) and one
edge per tie (``kind``: formal, informal or platform).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from simulation.model import CommunityModel

# column -> (unit, meaning). Shares are of headcount unless said otherwise.
COLUMNS: dict[str, tuple[str, str]] = {
    "week": ("weeks", "weeks since launch; week 0 is the state before the first step"),
    "unaware": ("share of staff", "has not heard of the platform"),
    "aware": ("share of staff", "has heard of it, not used it yet"),
    "lurking": ("share of staff", "reads, does not post"),
    "contributing": ("share of staff", "posts"),
    "embedded": ("share of staff", "uses it as part of their work (a habit)"),
    "lapsed": ("share of staff", "used it and stopped (back to e-mail and meetings)"),
    "adopted_ever": ("share of staff", "has used the platform at least once"),
    "relapses": ("people (cumulative count)", "lapses into old habits so far; a person may "
                 "lapse more than once"),
    "new_relapses": ("people", "lapses into old habits this week"),
    "posts": ("posts per week", "posts written this week"),
    "content_value": ("0-1", "usefulness of recent content (the network effect, decaying)"),
    "novelty": ("utility", "the honeymoon's novelty bonus this week"),
    "disruption": ("0 or 1", "1 inside a reorganisation's habit-disruption window"),
    "attention": ("hazard per week", "chance an unaware person hears of it this week from "
                  "channels and campaigns"),
    "integration": ("0-1", "share of work processes that run through the platform"),
    "trained": ("share of staff", "trained so far"),
    "review_cuts": ("count (cumulative)", "KPI reviews so far that cut the community "
                    "manager's budget"),
    "champions": ("share of managers", "managers who champion the platform"),
    "sceptics": ("share of managers", "managers who discourage it"),
    "cm_fte": ("FTE", "the community manager's effective capacity this week"),
    "role_fte": ("FTE", "capacity of formal community roles in the departments"),
    "change_agents": ("share of staff", "change agents (ambassadors) recruited by the CM"),
    "threatened_managers": ("share of managers", "managers whose position the informal "
                            "network threatens now"),
    "power_sceptics": ("share of managers", "managers turned sceptic by that threat so far"),
    "platform_ties": ("ties", "ties made on the platform so far"),
    "rank_influence_corr": ("Spearman rho, -1 to 1", "correlation of hierarchical rank and "
                            "informal influence (PageRank); falling = flattening"),
    "cross_level_ties": ("share of ties", "informal + platform ties across hierarchy levels"),
    "cross_department_ties": ("share of ties", "informal + platform ties across departments"),
    "global_reaching_centrality": ("0-1", "how hierarchical the network is (Mones et al. "
                                   "2012); falling = flattening"),
    "top1_share": ("share of posts", "posts by the top 1 % of members, trailing window"),
    "top10_share": ("share of posts", "posts by the top 10 % of members, trailing window"),
    "top1_share_cum": ("share of posts", "posts by the top 1 % of members, since launch"),
    "top10_share_cum": ("share of posts", "posts by the top 10 % of members, since launch"),
    "never_posted": ("share of members", "members (ever adopted) who never posted"),
    "cross_dept_exchange": ("share of staff", "picked up something from another department "
                            "this week"),
    "impact": ("share of staff", "cross-department exchange that lands in work this week "
               "(weighted by integration and goal alignment)"),
    "impact_cumulative": ("staff-weeks per head", "impact summed since launch"),
    "maturity_usage": ("score 0-100", "maturity on usage"),
    "maturity_goals": ("score 0-100", "maturity on goal orientation"),
    "maturity_organisation": ("score 0-100", "maturity on organisation (roles, CM, sponsors)"),
    "maturity_integration": ("score 0-100", "maturity on process integration"),
    # identifiers and the long form
    "scenario": ("name", "the scenario's name"),
    "replicate": ("index", "replicate number; replicate i has the same seed in every "
                  "scenario (common random numbers)"),
    "seed": ("integer", "the seed that decided the run"),
    "run_id": ("index", "a sweep's run (see runs/)"),
    "point_id": ("index", "a sweep's design point (one combination of factor values)"),
    "active": ("share of staff", "lurking + contributing + embedded (a comparison's runs)"),
    "contributing_embedded": ("share of staff", "contributing + embedded (a comparison's "
                              "runs)"),
    "relapses_per_head": ("relapses per person", "relapses divided by the headcount (a "
                          "comparison's runs)"),
    "name": ("text", "the scenario's display name (a comparison's runs)"),
    "metric": ("name", "the measure, one of the column names above"),
    "value": ("unit of the metric", "the measure's value that week"),
}


def long_form(df: pd.DataFrame, ids: Sequence[str] = ()) -> pd.DataFrame:
    """A wide time series in long form: ``*ids, week, metric, value``.

    Rows come ordered by the ids, the week, then the metric in the order of
    the wide columns, so that the file reads like the wide one, row by row.
    """
    ids = [c for c in ids if c in df.columns]
    keys = [*ids, "week"]
    metrics = [c for c in df.columns if c not in keys]
    long = df.melt(id_vars=keys, value_vars=metrics, var_name="metric", value_name="value")
    long["metric"] = pd.Categorical(long["metric"], categories=metrics)
    long = long.sort_values([*keys, "metric"], kind="stable", ignore_index=True)
    long["metric"] = long["metric"].astype(str)
    long["value"] = long["value"].astype(float)
    return long


def write_long(df: pd.DataFrame, folder: Path, stem: str,
               ids: Sequence[str] = ()) -> list[str]:
    """Write ``<stem>.csv`` and, when pyarrow is installed, ``<stem>.parquet``.

    Returns:
        The names of the files written.
    """
    from simulation.extras import available

    long = long_form(df, ids)
    long.to_csv(Path(folder) / f"{stem}.csv", index=False)
    written = [f"{stem}.csv"]
    if available("pyarrow"):
        long.to_parquet(Path(folder) / f"{stem}.parquet", index=False)
        written.append(f"{stem}.parquet")
    return written


# GraphML is XML through a networkx graph: about 1 KB of memory and 150 bytes
# of file per tie. Above this headcount (some 300,000 ties) a run skips it.
GRAPHML_MAX_PEOPLE = 50_000


def write_graphml(model: CommunityModel, path: Path) -> None:
    """The organisation now as GraphML: people with their state, ties with their kind.

    Built on :meth:`CommunityModel.graph`. Node attributes: ``level`` (0 =
    the top), ``department``, ``team``, ``manager`` (bool), ``role``
    (employee, manager, community_manager, or the org chart's role),
    ``name`` and ``team_name`` (from an org chart), ``stage``, ``posts``
    (since launch), ``influence`` (informal influence, PageRank with mean 1).
    Edge attribute ``kind``: ``formal`` (reports to), ``informal`` or
    ``platform``; a pair tied in more than one way is reported as formal,
    else informal.
    """
    import networkx as nx

    from simulation.people import STAGES

    g = model.graph()
    people = model.people
    stage = [STAGES[int(s)] for s in np.asarray(people.stage).tolist()]
    nx.set_node_attributes(g, dict(enumerate(stage)), "stage")
    nx.set_node_attributes(g, dict(enumerate(np.asarray(people.n_posts).tolist())), "posts")
    nx.set_node_attributes(g, dict(enumerate(np.asarray(people.influence, float).tolist())),
                           "influence")
    nx.write_graphml(g, path)


def markdown_table() -> str:
    """The column catalogue as a Markdown table (for docs/exports.md)."""
    lines = ["| column | unit | meaning |", "|---|---|---|"]
    lines += [f"| `{k}` | {u} | {m} |" for k, (u, m) in COLUMNS.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
