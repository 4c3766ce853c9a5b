"""The model in Mesa's own SolaraViz, for people who know Mesa's visualisation.

adoptsim's teaching dashboard (``adoptsim dashboard``) is made for a class
room; this page is the standard Mesa one, so that a Mesa user finds the
controls they know (Reset, Step, Play, model parameters on the left) and can
add their own components. The levers are flat keyword parameters of
:class:`~simulation.engine.model.CommunityModel` (see docs/mesa.md), which is what
lets Reset rebuild the model from the page's values.

Run it with Solara::

    solara run simulation/dashboard/mesa_page.py

or show ``page`` in a Jupyter notebook.
"""

from __future__ import annotations

from typing import Any

import solara
from mesa.visualization import SolaraViz, make_plot_component

from simulation.engine.model import CommunityModel

MODEL_PARAMS: dict[str, Any] = {
    "headcount": {"type": "SliderInt", "value": 300, "label": "People", "min": 50,
                  "max": 2000, "step": 50},
    "weeks": {"type": "SliderInt", "value": 156, "label": "Weeks (horizon)", "min": 13,
              "max": 260, "step": 13},
    "cm_capacity": {"type": "Select", "value": "side_job", "label": "Community manager",
                    "values": ["none", "side_job", "full_time"]},
    "champion_share": {"type": "SliderFloat", "value": 0.15,
                       "label": "Share of managers who champion it", "min": 0.0, "max": 0.6,
                       "step": 0.05},
    "formal_roles": {"type": "Select", "value": "none", "label": "Formal community roles",
                     "values": ["none", "one_department", "distributed"]},
    "campaign": {"type": "Checkbox", "value": True, "label": "Launch campaign"},
}


@solara.component
def Headline(model: CommunityModel) -> None:  # noqa: N802 - a Solara component
    """The week and the numbers a client asks about first."""
    row = model.recorder.rows[-1]
    solara.Markdown(
        f"**Week {model.week} of {model.params.weeks}** · contributing + embedded "
        f"{row['contributing'] + row['embedded']:.1%} · ever adopted "
        f"{row['adopted_ever']:.1%} · lapsed {row['lapsed']:.1%}"
        + ("" if model.running else " · *horizon reached*"))


def make_page(model: CommunityModel | None = None) -> Any:
    """A SolaraViz page for ``model`` (default: the page's initial values)."""
    if model is None:
        model = CommunityModel(**{k: v["value"] for k, v in MODEL_PARAMS.items()})
    stages = make_plot_component(
        {"contributing": "#0072B2", "embedded": "#009E73", "lurking": "#56B4E9",
         "lapsed": "#D55E00"}, backend="matplotlib")
    return SolaraViz(model, components=[Headline, stages], model_params=MODEL_PARAMS,
                     name="adoptsim: an online community in an organisation")


page = make_page()
