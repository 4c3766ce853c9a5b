"""``adoptsim animate``: a GIF with one frame per week, clear errors otherwise."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from simulation.cli import main
from simulation.figures.animate import animate


def small_scenario(tmp_path):
    path = tmp_path / "small.toml"
    path.write_text('name = "Small"\nweeks = 40\n[population]\nheadcount = 150\n')
    return path


def test_gif_has_one_frame_per_week(tmp_path):
    out = tmp_path / "film.gif"
    frames = animate(small_scenario(tmp_path), out, weeks=6, fps=4, seed=3)
    assert frames == 7  # week 0 and six simulated weeks
    with Image.open(out) as im:
        assert im.n_frames == 7
        assert im.info["duration"] == 250  # 4 frames per second
        assert im.size[0] > im.size[1] > 300  # network and curve side by side
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_cli_writes_gif(tmp_path, capsys):
    out = tmp_path / "cli.gif"
    with pytest.raises(SystemExit) as exit_:
        main(["animate", str(small_scenario(tmp_path)), "--out", str(out), "--weeks", "3",
              "--fps", "2", "--set", "population.headcount=120"])
    assert exit_.value.code == 0
    with Image.open(out) as im:
        assert im.n_frames == 4
    assert "4 frames" in capsys.readouterr().out


def test_mp4_without_ffmpeg_is_one_line_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty PATH: no ffmpeg on it
    assert shutil.which("ffmpeg") is None
    out = tmp_path / "film.mp4"
    with pytest.raises(SystemExit) as exit_:
        main(["animate", str(small_scenario(tmp_path)), "--out", str(out)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "ffmpeg" in err and "not on PATH" in err and ".gif" in err
    assert not out.exists()


@pytest.mark.parametrize("args, message", [
    (["--out", "{tmp}/film.avi"], "expected a file ending in .gif or .mp4"),
    (["--out", "{tmp}/missing/film.gif"], "does not exist"),
    (["--out", "{tmp}/film.gif", "--fps", "0"], "expected 1 to 60"),
    (["--out", "{tmp}/film.gif", "--seed", "-2"], "non-negative integer"),
])
def test_bad_input_is_one_line_exit_2(tmp_path, capsys, args, message):
    args = [a.format(tmp=tmp_path) for a in args]
    with pytest.raises(SystemExit) as exit_:
        main(["animate", str(small_scenario(tmp_path)), *args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip()
    assert message in err and err.count("\n") == 0


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_mp4_when_ffmpeg_is_present(tmp_path):
    out = tmp_path / "film.mp4"
    assert animate(small_scenario(tmp_path), out, weeks=3) == 4
    assert out.stat().st_size > 1000


def test_gif_keeps_true_colours_in_every_frame(tmp_path):
    """One fixed palette: the legend's stage and tie colours are exact in frame 0 and the last."""
    import numpy as np
    from matplotlib.colors import to_rgb

    from simulation.dashboard.style import PLATFORM_TIE, STAGE_COLOURS

    out = tmp_path / "colours.gif"
    animate(small_scenario(tmp_path), out, weeks=2)
    wanted = {tuple(np.rint(np.array(to_rgb(c)) * 255).astype(int))
              for c in [*STAGE_COLOURS.values(), PLATFORM_TIE]}
    with Image.open(out) as im:
        for i in (0, im.n_frames - 1):
            im.seek(i)
            pixels = {tuple(p) for p in np.asarray(im.convert("RGB")).reshape(-1, 3).tolist()}
            assert wanted <= pixels, wanted - pixels


def test_overwrites_its_own_film_but_never_a_users_file(tmp_path):
    out = tmp_path / "film.gif"
    animate(small_scenario(tmp_path), out, weeks=2, fps=4, seed=3)
    animate(small_scenario(tmp_path), out, weeks=3, fps=4, seed=3)  # its own: replaced
    with Image.open(out) as im:
        assert im.n_frames == 4
    mine = tmp_path / "mine.gif"
    Image.new("RGB", (8, 8)).save(mine)
    before = mine.read_bytes()
    with pytest.raises(SystemExit) as exit_:
        main(["animate", str(small_scenario(tmp_path)), "--out", str(mine), "--weeks", "2"])
    assert exit_.value.code == 2
    assert mine.read_bytes() == before


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
def test_mp4_carries_the_signature(tmp_path):
    from simulation.figures.animate import ours

    out = tmp_path / "film.mp4"
    animate(small_scenario(tmp_path), out, weeks=2, fps=4, seed=3)
    assert ours(out)
    (tmp_path / "other.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100)
    assert not ours(tmp_path / "other.mp4")
