"""The teaching dashboard page (Solara): levers on the left, the run on the right.

Started by ``adoptsim dashboard`` (``simulation.dashboard.server``), which
passes the scenario folder, the first scenario, the ``--set`` overrides
(JSON) and the seed in the environment variables ``ADOPTSIM_SCENARIOS_DIR``,
``ADOPTSIM_SCENARIO``, ``ADOPTSIM_OVERRIDES`` and ``ADOPTSIM_SEED``.

Moving a lever restarts the run at week 0 with the new setting and keeps the
previous run's "using it" curve as a dashed line, so a class compares "before"
and "after" on one chart. Play runs in a background thread at the chosen
speed and redraws the network and the charts every week, or every few weeks
when the machine cannot draw that fast (the counter keeps the pace).
"""

from __future__ import annotations

import base64
import html
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import ipyvuetify as v
import solara
import traitlets

from simulation.dashboard.controls import CONTROLS, Control, scenario_files
from simulation.dashboard.session import Session
from simulation.dashboard.teaching import NOTICE, TRY, monitors
from simulation.errors import InputError

SCENARIOS_DIR = Path(os.environ.get("ADOPTSIM_SCENARIOS_DIR", "scenarios")).resolve()
FIRST = os.environ.get("ADOPTSIM_SCENARIO", "")
# A class reads a picture of a few hundred people; 1,000 is a tangle by month 14.
# Under the user's --set, so ``--set population.headcount=1000`` still wins.
CLASSROOM_HEADCOUNT = 300
BASE = {"population.headcount": CLASSROOM_HEADCOUNT,
        **json.loads(os.environ.get("ADOPTSIM_OVERRIDES", "{}"))}  # adoptsim dashboard --set
SEED = int(os.environ.get("ADOPTSIM_SEED", "1"))
CATCH_UP = 3  # at most this many weeks per redraw when redrawing falls behind


class ClickImage(v.VuetifyTemplate):
    """An image that reports where it was clicked, as fractions of its shown size.

    The browser divides the click's offset by the image's shown width and
    height, so the point is right at any zoom or window size.
    """

    template = traitlets.Unicode("""
<template>
  <img :src="src" class="adoptsim-network" alt="the organisation as a network; click a person"
       style="width:100%;cursor:pointer;display:block"
       @click="clicked = [$event.offsetX / $event.target.clientWidth,
                          $event.offsetY / $event.target.clientHeight, Date.now()]"/>
</template>""").tag(sync=True)
    src = traitlets.Unicode("").tag(sync=True)
    clicked = traitlets.List([]).tag(sync=True)


def _choices() -> list[str]:
    files = scenario_files(SCENARIOS_DIR)
    if FIRST and FIRST not in files:
        files.insert(0, FIRST)
    return files or ["(defaults)"]


def _path(choice: str) -> Path | None:
    if choice == "(defaults)":
        return None
    p = Path(choice)
    return p if p.is_absolute() else SCENARIOS_DIR / p


def _first_choice() -> str:
    if FIRST:
        return FIRST
    files = _choices()
    return "baseline.toml" if "baseline.toml" in files else files[0]


@solara.component
def Heading(text: str) -> None:  # noqa: N802 (Solara components are CamelCase)
    """A small section heading (plain HTML: Markdown would load KaTeX from a CDN)."""
    solara.HTML(tag="h3", unsafe_innerHTML=html.escape(text), style={"margin": "12px 0 4px"})


@solara.component
def LeverWidget(control: Control, value: Any, on_value: Any) -> None:  # noqa: N802 (Solara components are CamelCase)
    """One lever as a slider, switch or choice."""
    if control.kind == "float":
        solara.SliderFloat(f"{control.label}: {float(value):.2f}", value=float(value),
                           min=control.low, max=control.high, step=control.step, on_value=on_value)
    elif control.kind == "int":
        solara.SliderInt(f"{control.label}: {int(value)}", value=int(value),
                         min=int(control.low), max=int(control.high), step=int(control.step),
                         on_value=on_value)
    elif control.kind == "bool":
        solara.Switch(label=control.label, value=bool(value), on_value=on_value)
    else:  # the options in words; the scenario's value goes back
        solara.Select(control.label, values=[control.shown(c) for c in control.choices],
                      value=control.shown(value),
                      on_value=lambda shown: on_value(control.chosen(shown)))


@solara.component
def Player(session: Session, epoch: int, playing: bool, set_playing: Any,  # noqa: N802
           speed: int) -> None:
    """Buttons, week counter and the two pictures.

    A component of its own so that a new week re-renders only this part of
    the page, not the sidebar full of sliders: that is what keeps play smooth.
    """
    def frame() -> tuple[Any, ...]:
        with session.lock:  # week, pictures, numbers and the chosen person: one week
            return (session.week, *session.render(), monitors(session.model),
                    session.person())

    first = solara.use_memo(frame, [])
    pictures, set_pictures = solara.use_state(first)

    def show() -> None:
        set_pictures(frame())

    solara.use_effect(show, [epoch])  # settings changed: show week 0 of the new run

    def loop(cancel: threading.Event) -> None:
        # Runs in a thread while playing; stops at the horizon or on pause.
        # Keeps the chosen pace: when a redraw takes longer than a week's
        # share of a second, the next frame catches up by up to CATCH_UP weeks.
        start, done = time.perf_counter(), 0
        while playing and not session.finished and not cancel.is_set():
            due = int((time.perf_counter() - start) * speed) + 1 - done
            weeks = max(1, min(due, CATCH_UP))
            session.step(weeks)
            done += weeks
            show()
            cancel.wait(max(0.0, start + done / speed - time.perf_counter()))
        if playing and session.finished:
            set_playing(False)

    solara.use_thread(loop, dependencies=[playing, speed, epoch], intrusive_cancel=False)

    def step_once() -> None:
        session.step()
        show()

    def reset() -> None:
        set_playing(False)
        session.reset()
        show()

    def click(point: list[float]) -> None:
        if len(point) >= 2:
            session.select_at(float(point[0]), float(point[1]))
            show()

    sc = session.scenario
    week, net_img, chart_img, numbers, person = pictures
    with solara.Row(style={"align-items": "center", "gap": "12px"}):
        solara.Button("Pause" if playing else "Play",
                      icon_name="mdi-pause" if playing else "mdi-play",
                      color="primary", on_click=lambda: set_playing(not playing),
                      disabled=session.finished and not playing, classes=["adoptsim-play"])
        solara.Button("Step", icon_name="mdi-step-forward", on_click=step_once,
                      disabled=playing or session.finished, classes=["adoptsim-step"])
        solara.Button("Reset", icon_name="mdi-restore", on_click=reset,
                      classes=["adoptsim-reset"])
        solara.Text(f"Week {week} of {sc.weeks}", classes=["adoptsim-week"],
                    style={"font-size": "1.6em", "font-weight": "bold"})
        solara.Text(f"{sc.name or 'scenario'} · {sc.population.headcount} people · "
                    f"seed {session.seed}", style={"color": "#555"})
    with solara.Row(classes=["adoptsim-monitors"], style={"gap": "10px", "flex-wrap": "wrap"}):
        for label, value in numbers:
            solara.HTML(tag="div", classes=["adoptsim-monitor"], unsafe_innerHTML=(
                f'<div style="font-size:2.2em;font-weight:bold;line-height:1.1">'
                f"{html.escape(value)}</div><div style=\"font-size:1.05em\">"
                f"{html.escape(label)}</div>"),
                style="border:2px solid #0072B2;border-radius:8px;padding:4px 14px;"
                      "min-width:120px;text-align:center")
    with solara.Columns([1, 1]):
        with solara.Column(gap="6px"):
            src = "data:image/jpeg;base64," + base64.b64encode(net_img).decode("ascii")
            ClickImage.element(src=src, on_clicked=click)
            PersonCard(person)
        solara.Image(chart_img, format="jpeg", width="100%", classes=["adoptsim-charts"])


@solara.component
def PersonCard(person: list[tuple[str, str]]) -> None:  # noqa: N802 (Solara components are CamelCase)
    """The clicked person's state this week, or how to pick someone."""
    if not person:
        body = "Click a person in the network to see their state."
    else:
        body = "".join(f"<div><b>{html.escape(k)}:</b> {html.escape(v)}</div>"
                       for k, v in person)
    solara.HTML(tag="div", classes=["adoptsim-person"], unsafe_innerHTML=body,
                style="font-size:1.15em;border-left:4px solid #0072B2;"
                      "padding:2px 10px")


@solara.component
def Page() -> None:  # noqa: N802 (Solara components are CamelCase)
    """The whole dashboard: levers in the sidebar, the run in the main area."""
    choice, set_choice = solara.use_state(_first_choice())
    error, set_error = solara.use_state("")
    session = solara.use_memo(lambda: Session(_path(choice), seed=SEED, base=BASE), [])
    playing, set_playing = solara.use_state(False)
    speed, set_speed = solara.use_state(10)
    epoch, set_epoch = solara.use_state(0)

    def configure(**kwargs: Any) -> bool:
        try:
            session.configure(**kwargs)
        except InputError as exc:  # one clear line in the sidebar; the run carries on
            set_error(str(exc))
            return False
        set_error("")
        set_epoch(lambda e: e + 1)
        return True

    def set_lever(control: Control, value: Any) -> None:
        overrides = dict(session.overrides)
        overrides[control.key] = control.write(value)
        configure(overrides=overrides)

    def pick(new: str) -> None:
        if configure(scenario=_path(new), overrides={}):
            set_choice(new)

    sc = session.scenario
    solara.Title("adoptsim · teaching dashboard")
    with solara.Sidebar():
        Heading("Scenario")
        solara.Select("Scenario file", values=_choices(), value=choice, on_value=pick)
        solara.Text(sc.description, style={"font-style": "italic", "font-size": "0.9em"})
        Heading("Levers")
        for control in CONTROLS:
            LeverWidget(control, control.value(sc),
                        lambda v, c=control: set_lever(c, v))
        solara.InputInt("Seed", value=session.seed, on_value=lambda s: configure(seed=s))
        solara.SliderInt(f"Speed: {speed} weeks per second", value=speed, min=1, max=30,
                         on_value=set_speed)
        if error:
            solara.Error(error)
    Player(session, epoch, playing, set_playing, speed)
    solara.Text(
        "Colour = stage. Circle = employee, square = manager (triangle up = sponsor, "
        "down = sceptic), star = community manager, pink = ties made on the platform. "
        "Click a person to see their state (a black ring marks them). "
        "Moving a lever restarts at week 0; the dashed line is the previous run.")
    items = "".join(f"<li>{html.escape(t)}</li>" for t in NOTICE)
    tries = "".join(f"<li>{html.escape(t)}</li>" for t in TRY)
    with solara.Details("What to notice / Things to try", expand=True):
        solara.HTML(tag="div", classes=["adoptsim-info"], unsafe_innerHTML=(
            f"<h4>What to notice</h4><ul>{items}</ul><h4>Things to try</h4><ul>{tries}</ul>"),
            style="font-size:1.1em")
