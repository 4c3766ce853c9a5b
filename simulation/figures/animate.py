"""``adoptsim animate``: the network and the stage curve, week by week, for slides.

A trainer who cannot run the dashboard in the room (no laptop on the
projector, a slide deck sent in advance) still wants to show the community
taking root. This writes one frame per week — the organisation coloured by
stage on the left, the stage shares growing on the right — as a GIF (through
Pillow, always available) or an MP4 (through ffmpeg, when it is installed).

It reuses the dashboard's drawing (``simulation.dashboard.network_view`` and
``charts``), so the animation and the live page look the same. The file is
written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib.animation import FFMpegWriter, FuncAnimation, PillowWriter  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from simulation.errors import InputError  # noqa: E402

FORMATS = (".gif", ".mp4")
MAX_WEEKS = 5200  # the longest horizon a scenario may have (params.py: weeks)
# Stored in every file adoptsim writes (a GIF comment, an MP4 comment tag): an
# existing file is overwritten only when it carries it, so a user's own film is safe.
SIGNATURE = "written by adoptsim animate"


def ours(path: Path) -> bool:
    """True when ``path`` is a film written by adoptsim (it holds :data:`SIGNATURE`)."""
    mark = SIGNATURE.encode()
    tail = b""
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            if mark in tail + block:
                return True
            tail = block[-len(mark):]
    return False


def fixed_palette() -> Image.Image:
    """A GIF palette that holds every adoptsim colour, each blended with white.

    GIF frames have 256 colours. Pillow's default picks them per frame from
    what covers most pixels, so a colour seen on a few pixels (one platform
    tie, a rare stage) drifts to grey and colours flicker between frames.
    One palette for all frames — the stage and tie colours at 16 strengths
    for anti-aliasing, plus 32 greys for lines and text — keeps every colour
    true in every frame.
    """
    from simulation.dashboard.style import FORMAL_TIE, PLATFORM_TIE, STAGE_COLOURS

    colours = [*STAGE_COLOURS.values(), PLATFORM_TIE, FORMAL_TIE]
    entries: list[tuple[int, int, int]] = []
    for c in colours:
        rgb = np.array(to_rgb(c)) * 255
        for t in np.linspace(1.0, 0.12, 16):
            entries.append(tuple(np.rint(rgb * t + 255 * (1 - t)).astype(int)))
    entries += [(g, g, g) for g in np.linspace(0, 255, 256 - len(entries)).astype(int)]
    pal = Image.new("P", (1, 1))
    pal.putpalette([v for e in entries[:256] for v in e])
    return pal


class PaletteGifWriter(PillowWriter):
    """Matplotlib's Pillow GIF writer, with one fixed palette for all frames."""

    def finish(self) -> None:
        """Quantise every frame to :func:`fixed_palette` and write the GIF."""
        pal = fixed_palette()
        frames = [f.convert("RGB").quantize(palette=pal, dither=Image.Dither.NONE)
                  for f in self._frames]
        frames[0].save(self.outfile, save_all=True, append_images=frames[1:],
                       duration=int(1000 / self.fps), loop=0, comment=SIGNATURE)


def check_output(out: Path) -> str:
    """The output format from the file name; one clear error when it cannot be written.

    Raises:
        InputError: unknown suffix, a folder of that name, a missing folder,
            an existing file adoptsim did not write, or MP4 without ffmpeg.
    """
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"--out {out}: expected a file ending in .gif or .mp4, "
                         f"found {suffix or 'no suffix'!r}")
    if not out.parent.is_dir():
        raise InputError(f"--out {out}: folder {out.parent} does not exist")
    if out.is_dir():
        raise InputError(f"--out {out}: is a folder; expected a file name ending in .gif or .mp4,"
                         f" e.g. {out / ('film' + suffix)}")
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_file():
            raise InputError(f"--out {out}: exists and is not a regular file; "
                             "choose another --out")
        if not ours(out):
            raise InputError(f"--out {out}: the file exists and was not written by adoptsim "
                             "animate; adoptsim overwrites only its own films; move it away "
                             "or choose another --out")
    if suffix == ".mp4" and shutil.which("ffmpeg") is None:
        raise InputError(f"--out {out}: writing MP4 needs ffmpeg, which is not on PATH; "
                         "install ffmpeg or write a .gif instead")
    return suffix[1:]


def animate(scenario: str | Path | None, out: str | Path, *, weeks: int | None = None,
            fps: int = 8, seed: int = 1, overrides: dict[str, Any] | None = None,
            dpi: int = 90) -> int:
    """Write the animation of one run; return the number of frames (weeks + 1).

    Args:
        scenario: scenario file (``None`` for all defaults).
        out: ``.gif`` or ``.mp4`` file to write.
        weeks: weeks to show (default: the scenario's horizon); frame 0 is the start.
        fps: frames (weeks) per second.
        seed: the seed of the run.
        overrides: dotted-key overrides, as ``--set`` on the command line.
        dpi: resolution of the frames.
    """
    from simulation.dashboard.charts import StageChart
    from simulation.dashboard.network_view import NetworkView, legend_handles
    from simulation.engine.model import CommunityModel
    from simulation.scenario.files import load_scenario

    out = Path(out)
    fmt = check_output(out)
    if fps < 1 or fps > 60:
        raise InputError(f"--fps {fps}: expected 1 to 60 frames per second")
    sc = load_scenario(scenario, overrides=overrides)
    n_weeks = sc.weeks if weeks is None else int(weeks)
    if n_weeks < 1:
        raise InputError(f"--weeks {n_weeks}: expected at least 1 week")
    if n_weeks > MAX_WEEKS:
        raise InputError(f"--weeks {n_weeks}: expected at most {MAX_WEEKS} weeks (100 years)")
    if n_weeks > sc.weeks:
        sc = sc.model_copy(update={"weeks": n_weeks})
    from simulation.runs.limits import check_gif, headcount, run_estimate

    what = f"this animation ({n_weeks + 1:,} frames of {headcount(sc):,} people)"
    if fmt == "gif":
        check_gif(n_weeks + 1, dpi, headcount(sc), what)
    else:
        run_estimate(headcount(sc), n_weeks, agents=False, what=what).check(
            "lower population.headcount").announce()
    model = CommunityModel(sc, seed=seed, agents=False)

    fig = Figure(figsize=(12.8, 5.6), dpi=dpi)
    FigureCanvasAgg(fig)
    view = NetworkView(fig.add_axes((0.0, 0.0, 0.46, 0.92)), model)
    chart = StageChart(fig.add_axes((0.52, 0.12, 0.3, 0.74)), n_weeks, reference=False)
    fig.legend(handles=legend_handles(), loc="center right", fontsize=9, frameon=False)
    fig.suptitle(f"{sc.name or 'adoptsim'} — {sc.population.headcount:,} people, seed {seed}",
                 x=0.01, ha="left", fontsize=13, fontweight="bold")

    def frame(i: int) -> list:
        if i > 0:
            model.step()
        view.update()
        chart.update(model.timeseries())
        return [*view.artists, *chart.artists]

    frames = n_weeks + 1
    anim = FuncAnimation(fig, frame, frames=frames, interval=1000 / fps, repeat=False,
                         cache_frame_data=False)
    writer = PaletteGifWriter(fps=fps) if fmt == "gif" else FFMpegWriter(
        fps=fps, bitrate=2400, metadata={"comment": SIGNATURE})
    tmp = out.with_name(f".{out.stem}.{os.getpid()}.tmp{out.suffix}")
    try:
        anim.save(tmp, writer=writer, dpi=dpi)
        check_output(out)  # again: nothing of the user's appeared there meanwhile
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return frames
