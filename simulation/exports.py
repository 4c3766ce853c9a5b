"""Exports for other tools: long-form time series, the column catalogue, GraphML.

Spreadsheets and plotting libraries (Excel pivot tables, ggplot, seaborn,
Tableau, Power BI) want time series in *long* form, one value per row::

    week, metric, value            (one run)
    scenario, replicate, week, metric, value   (a comparison)
    run_id, point_id, replicate, week, metric, value   (a sweep)

Every command that writes a wide time series therefore also writes its long
form, as CSV and (when pyarrow is installed) Parquet. What every column
means and in which unit is declared once, in
:data:`simulation.measures.catalogue.COLUMNS` (the measures and the
identifier columns); ``docs/exports.md`` prints it (``python3 -m
simulation.exports`` regenerates the table), and a test checks that every
column a run, a comparison or a sweep writes is there.

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

from simulation.measures.catalogue import COLUMNS

if TYPE_CHECKING:
    from simulation.engine.model import CommunityModel

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

    from simulation.engine.people import STAGES

    g = model.graph()
    people = model.people
    stage = [STAGES[int(s)] for s in np.asarray(people.stage).tolist()]
    nx.set_node_attributes(g, dict(enumerate(stage)), "stage")
    nx.set_node_attributes(g, dict(enumerate(np.asarray(people.n_posts).tolist())), "posts")
    nx.set_node_attributes(g, dict(enumerate(np.asarray(people.influence, float).tolist())),
                           "influence")
    nx.write_graphml(g, path)


def markdown_table() -> str:
    """The metrics catalogue as a Markdown table (for docs/exports.md)."""
    lines = ["| column | label | unit | definition |", "|---|---|---|---|"]
    lines += [f"| `{m.name}` | {m.label} | {m.unit} | {m.definition} |"
              for m in COLUMNS.values()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
