"""The README's set-up steps: the CI runs exactly its test command; the steps are all there."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, flags=re.S)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tests = [b.strip() for b in _blocks(readme) if "pytest" in b]
    assert tests == ['python3 -m pip install -e ".[test]" && python3 -m pytest -q -rs -n 2']
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == tests[0]


def test_readme_says_how_to_set_up_and_what_to_expect() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up")[1].split("\n## ")[0]
    blocks = [b.strip() for b in _blocks(setup)]
    assert blocks[0] == "python3 -m venv .venv && . .venv/bin/activate"
    assert blocks[1] == "python3 -m pip install -e . && adoptsim run scenarios/baseline.toml"
    assert "No\nmatching distribution found" in setup and "silently" not in setup
    assert "about 10 minutes" in setup and "`-rs`" in setup
