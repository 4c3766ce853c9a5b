"""Bad input from every reader: one clear line, exit 2, no content echoed, no hang.

Each test here reproduces a case from a fault-injection pass (issue 12): an
error that printed another file's content, a special file read until memory
ran out or forever, a malformed org chart that silently lost people, a loose
type conversion, a traceback, an unclear message or an unchecked value.
Command-line cases run in a fresh process with a memory limit and a timeout,
so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from simulation.engine.model import CommunityModel
from simulation.errors import InputError, ScenarioError
from simulation.experiment.spec import ExperimentError, load_experiment
from simulation.org.chart import read_chart
from simulation.quickscan.answers import AnswersError, load_answers
from simulation.scenario.files import load_scenario

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"
SECRET = "s3cr3t-t0ken"  # lower case: chart headers are lower-cased
# Looks like /etc/shadow: one colon-separated column, a secret in every line.
SHADOW = "".join(f"user{i}:$6${SECRET}{i}:20228:0:99999:7:::\n" for i in range(5))
CHART = "id,manager_id,department\n1,,IT\n2,1,IT\n3,1,IT\n4,2,IT\n5,2,IT\n"
MEMORY_LIMIT = 2 * 1024**3  # a reader that reads /dev/zero hits this, not the machine


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def adoptsim(*args: str | Path, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh process with a memory cap; a hang fails after ``timeout`` s."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    try:
        return subprocess.run([sys.executable, "-m", "simulation", *map(str, args)], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout, env=env,
                              preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"adoptsim {' '.join(map(str, args))[:200]} hung for {timeout} s")


def one_line(res: subprocess.CompletedProcess, *words: str, code: int = 2) -> str:
    """The single error line of a failed command, checked for exit code and words."""
    assert "Traceback" not in res.stdout + res.stderr, res.stderr[-2000:]
    assert res.returncode == code, (res.returncode, res.stdout[-500:], res.stderr[-2000:])
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr[-2000:]
    for word in words:
        assert word in lines[0], f"{word!r} not in {lines[0]!r}"
    return lines[0]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def scenario_error(path: Path, overrides: dict | None = None) -> str:
    """The one-line message of a scenario that must not load."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, overrides)
    msg = str(info.value)
    assert "\n" not in msg
    return msg


# -- 2. errors never print another file's content -------------------------------------


def test_org_chart_that_is_a_secret_file_is_not_echoed(tmp_path: Path) -> None:
    secret = write(tmp_path / "shadow", SHADOW)
    write(tmp_path / "s.toml", f'[population]\norg_chart = "{secret}"\n')
    for args in (["s.toml"], [BASELINE, "--set", f"population.org_chart={secret}"]):
        line = one_line(adoptsim("run", *args, "--weeks", "2", cwd=tmp_path), str(secret),
                        "id, manager_id, department", "found 1 column")
        assert SECRET not in line and "user0" not in line


def test_ties_file_that_is_a_secret_file_is_not_echoed(tmp_path: Path) -> None:
    chart = write(tmp_path / "chart.csv", CHART)
    secret = write(tmp_path / "shadow", SHADOW)
    res = adoptsim("run", BASELINE, "--weeks", "2", "--set", f"population.org_chart={chart}",
                   "--set", "launch.hosting_department=IT",
                   "--set", f"population.ties_file={secret}", cwd=tmp_path)
    line = one_line(res, str(secret), "source, target")
    assert SECRET not in line and "user0" not in line


@pytest.mark.parametrize("text", [
    SHADOW,
    "name,secret\n" + f"a,{SECRET}\n",  # a CSV, but not an org chart
    f"{SECRET},x\n1,2,3\n",  # first line decides the width; the next has more fields
])
def test_chart_errors_before_the_header_is_recognised_echo_nothing(tmp_path: Path,
                                                                   text: str) -> None:
    path = write(tmp_path / "c.csv", text)
    with pytest.raises(InputError) as info:
        read_chart(path)
    assert SECRET not in str(info.value) and "missing column" in str(info.value)


@pytest.mark.parametrize("text", [
    f"[{SECRET}]\n[{SECRET}]\n",  # tomllib: "Cannot declare ('...',) twice"
    f"a = {{{SECRET} = 1, {SECRET} = 2}}\n",  # "Duplicate inline table key '...'"
    f"x = 1\n{SECRET}\x01 = 2\n",  # "Found invalid character ..."
    SHADOW,
])
def test_toml_syntax_errors_do_not_quote_the_file(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "s.toml", text)
    assert SECRET not in scenario_error(path)
    child = write(tmp_path / "child.toml", 'extends = "s.toml"\n')
    assert SECRET not in scenario_error(child)
    with pytest.raises(AnswersError) as info:
        load_answers(path)
    assert SECRET not in str(info.value)
    exp = write(tmp_path / "e.toml", text)
    with pytest.raises(ExperimentError) as info:
        load_experiment(exp)
    assert SECRET not in str(info.value)


# -- 3. special files: regular files only, bounded reads ------------------------------


@pytest.mark.parametrize(("name", "text"), [
    ("extends", 'extends = "{path}"\n'),
    ("org chart", '[population]\norg_chart = "{path}"\n'),
    ("ties file", '[population]\norg_chart = "chart.csv"\nties_file = "{path}"\n'
                  '[launch]\nhosting_department = "IT"\n'),
])
@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_special_files_are_refused_at_once(tmp_path: Path, name: str, text: str,
                                           special: str) -> None:
    write(tmp_path / "chart.csv", CHART)
    if special == "fifo":
        os.mkfifo(tmp_path / "fifo")
        special = str(tmp_path / "fifo")
    write(tmp_path / "s.toml", text.format(path=special))
    res = adoptsim("run", "s.toml", "--weeks", "2", "--out", "out", cwd=tmp_path, timeout=30)
    one_line(res, special, "not a regular file")
    assert not (tmp_path / "out").exists()


def test_special_files_as_scenario_answers_and_experiment(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    for args in (["run", "fifo"], ["run", "/dev/zero"], ["quickscan", "fifo"],
                 ["quickscan", "/dev/zero"], ["sweep", "fifo"], ["sweep", "/dev/zero"],
                 ["quickscan", ROOT / "examples" / "quickscan_answers.toml",
                  "--org-chart", "fifo"]):
        one_line(adoptsim(*args, cwd=tmp_path, timeout=30), "not a regular file")


def test_oversized_files_are_refused_without_reading_them(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with open(big, "wb") as fh:  # sparse: costs no disk
        fh.truncate(1024**3)
    assert "too large" in scenario_error(big)
    with pytest.raises(AnswersError, match="too large"):
        load_answers(big)


# -- 4. an unclosed quote in an org chart ---------------------------------------------


@pytest.mark.parametrize(("text", "line"), [
    ('id,manager_id,department\n1,,IT\n2,1,"IT\n3,1,IT\n4,1,IT\n5,1,IT\n', 3),
    ('id,manager_id,department\n1,,IT\n2,1,IT\n3,1,"IT\n4,1,IT"\n5,1,IT\n', 4),
])
def test_unclosed_quote_is_an_error_with_its_line(tmp_path: Path, text: str, line: int) -> None:
    path = write(tmp_path / "c.csv", text)
    with pytest.raises(InputError, match=f"{path}: line {line}: .*quote"):
        read_chart(path)


def test_unclosed_quote_through_the_cli(tmp_path: Path) -> None:
    write(tmp_path / "c.csv", 'id,manager_id,department\n1,,IT\n2,1,"IT\n3,1,IT\n4,1,IT\n'
                              '5,1,IT\n')
    res = adoptsim("run", BASELINE, "--weeks", "2", "--set", "population.org_chart=c.csv",
                   "--set", "launch.hosting_department=IT", "--out", "out", cwd=tmp_path)
    one_line(res, "c.csv", "line 3")
    assert not (tmp_path / "out").exists()


# -- 10. strict types in files and on the command line --------------------------------


@pytest.mark.parametrize(("text", "key"), [
    ('[population]\nheadcount = "300"\n', "population.headcount"),
    ('[sponsorship]\ncampaign = "yes"\n', "sponsorship.campaign"),
    ("[sponsorship]\ncampaign = 1\n", "sponsorship.campaign"),
    ("weeks = true\n", "weeks"),
    ("[shocks]\ncm_leaves_week = 5.0\n", "shocks.cm_leaves_week"),
    ("[launch]\ncore_group_size = 5.0\n", "launch.core_group_size"),
    ("[integration]\nschedule = [[1.5, 0.5]]\n", "integration.schedule"),
    ('[population]\ndepartments = ["IT", 3]\n', "population.departments"),
])
def test_loose_types_in_a_file_are_refused(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path / "s.toml", text)
    assert f"key '{key}" in scenario_error(path)


def test_integers_for_numbers_are_fine_and_give_the_same_scenario(tmp_path: Path) -> None:
    a = load_scenario(write(tmp_path / "a.toml", "[dynamics]\nbias = -3\n[integration]\n"
                                                  "schedule = [[0, 1]]\n"))
    b = load_scenario(write(tmp_path / "b.toml", "[dynamics]\nbias = -3.0\n[integration]\n"
                                                  "schedule = [[0, 1.0]]\n"))
    assert a.dynamics == b.dynamics and a.integration == b.integration
    assert isinstance(a.dynamics.bias, float)


@pytest.mark.parametrize(("key", "value"), [
    ("sponsorship.campaign", "yes"), ("sponsorship.campaign", "1"),
    ("sponsorship.campaign", "True"), ("weeks", "5.0"), ("weeks", "true"),
    ("population.headcount", '"300"'), ("shocks.cm_leaves_week", "5.0"),
])
def test_loose_values_with_set_are_refused(key: str, value: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(BASELINE, {key: value})
    assert f"--set {key}" in str(info.value)


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("sponsorship.campaign", "false", False), ("sponsorship.campaign", "true", True),
    ("population.headcount", "300", 300), ("dynamics.bias", "-3", -3.0),
    ("launch.hosting_department", "IT", "IT"),
])
def test_documented_spellings_with_set_work(key: str, value: str, expected: object) -> None:
    sc = load_scenario(BASELINE, {key: value})
    section, field = key.split(".")
    got = getattr(getattr(sc, section), field)
    assert got == expected and type(got) is type(expected)


def test_experiment_factor_of_yes_no_is_not_read_as_booleans(tmp_path: Path) -> None:
    write(tmp_path / "base.toml", "[population]\nheadcount = 50\n")
    exp = write(tmp_path / "e.toml", 'scenario = "base.toml"\nreplicates = 1\nweeks = 2\n'
                                     '[factors]\n"sponsorship.campaign" = ["yes", "no"]\n')
    with pytest.raises(ExperimentError, match="sponsorship.campaign"):
        load_experiment(exp)
    exp = write(tmp_path / "e2.toml", 'scenario = "base.toml"\nreplicates = "1"\n'
                                      '[factors]\n"sponsorship.campaign" = [true, false]\n')
    with pytest.raises(ExperimentError, match="replicates"):
        load_experiment(exp)


# -- 11. one line instead of a traceback ----------------------------------------------


def test_a_long_extends_chain_is_one_line(tmp_path: Path) -> None:
    n = 1500
    for i in range(n):
        write(tmp_path / f"s{i}.toml", f'extends = "s{i + 1}.toml"\n' if i < n - 1 else "")
    msg = scenario_error(tmp_path / "s0.toml")
    assert "extends" in msg and "s0.toml" in msg
    one_line(adoptsim("run", "s0.toml", cwd=tmp_path), "extends")


def test_a_moderate_extends_chain_still_works(tmp_path: Path) -> None:
    for i in range(20):
        write(tmp_path / f"s{i}.toml", f'extends = "s{i + 1}.toml"\n')
    write(tmp_path / "s20.toml", "[population]\nheadcount = 77\n")
    assert load_scenario(tmp_path / "s0.toml").population.headcount == 77


def test_deeply_nested_toml_is_one_line(tmp_path: Path) -> None:
    write(tmp_path / "deep.toml", "x = " + "[" * 3000 + "]" * 3000 + "\n")
    write(tmp_path / "deep2.toml", "[population]\nx." + ".".join(["a"] * 3000) + " = 1\n")
    write(tmp_path / "child.toml", 'extends = "deep2.toml"\n[population]\nx.a.a.a = 2\n')
    for name in ("deep.toml", "deep2.toml", "child.toml"):
        one_line(adoptsim("run", name, cwd=tmp_path), name)


def test_a_very_long_file_name_is_one_line(tmp_path: Path) -> None:
    long = "a" * 5000
    one_line(adoptsim("run", long + ".toml", cwd=tmp_path), "too long")
    one_line(adoptsim("run", BASELINE, "--set", f"population.org_chart={long}.csv",
                      cwd=tmp_path), "too long")
    one_line(adoptsim("run", BASELINE, "--weeks", "2", "--set", "population.headcount=50",
                      "--out", long, cwd=tmp_path), "too long")
    one_line(adoptsim("quickscan", long + ".toml", cwd=tmp_path), "too long")


def test_animate_into_a_folder_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "film.gif").mkdir()
    res = adoptsim("animate", BASELINE, "--out", "film.gif", "--weeks", "2",
                   "--set", "population.headcount=50", cwd=tmp_path)
    one_line(res, "film.gif", "folder")
    assert list((tmp_path / "film.gif").iterdir()) == []


# -- 12. clear messages ---------------------------------------------------------------


def test_reduced_errors_name_the_file(tmp_path: Path) -> None:
    cases = {
        "initial_adopters": "reduced.initial_adopters = [500]\n",
        "initial_adopter_count": "reduced.initial_adopter_count = 500\n",
        "thresholds": "reduced.thresholds = [1, 2]\n",
    }
    for key, line in cases.items():
        path = write(tmp_path / f"{key}.toml", 'weeks = 2\n[population]\nheadcount = 100\n'
                     '[network]\nstructure = "complete"\n'
                     f'[reduced]\nmode = "threshold"\n{line.removeprefix("reduced.")}')
        res = adoptsim("run", path, cwd=tmp_path)
        one_line(res, str(path), f"reduced.{key}")


def test_reduced_errors_with_an_org_chart_name_the_file(tmp_path: Path) -> None:
    write(tmp_path / "chart.csv", CHART)
    path = write(tmp_path / "r.toml", '[population]\norg_chart = "chart.csv"\n'
                 '[launch]\nhosting_department = "IT"\n'
                 '[reduced]\nmode = "threshold"\ninitial_adopters = [7]\n')
    with pytest.raises(InputError) as info:
        CommunityModel(load_scenario(path), seed=1)
    assert str(path) in str(info.value) and "reduced.initial_adopters" in str(info.value)


@pytest.mark.parametrize(("text", "words"), [
    ('extends = ""\n', ["extends", "empty"]),
    ('extends = "sub"\n', ["extends", "sub", "directory"]),
    ('extends = "empty.toml"\n', []),  # an empty parent is a valid (all-defaults) scenario
])
def test_extends_messages_name_the_child_and_the_key(tmp_path: Path, text: str,
                                                     words: list[str]) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path / "empty.toml", "")
    child = write(tmp_path / "child.toml", text)
    if not words:
        assert load_scenario(child).population.headcount == 1000
        return
    msg = scenario_error(child)
    assert msg.startswith(f"{child}: key 'extends'")
    for word in words:
        assert word in msg


@pytest.mark.parametrize("command", ["run", "compare", "change", "animate"])
def test_weeks_0_names_the_weeks_option(tmp_path: Path, command: str) -> None:
    extra = ["--out", "x.gif"] if command == "animate" else []
    line = one_line(adoptsim(command, BASELINE, "--weeks", "0", *extra, cwd=tmp_path),
                    "--weeks")
    assert "--set" not in line


def test_a_byte_order_mark_is_accepted_everywhere(tmp_path: Path) -> None:
    bom = "\ufeff"
    parent = write(tmp_path / "p.toml", bom + "[population]\nheadcount = 60\n")
    child = write(tmp_path / "c.toml", bom + 'extends = "p.toml"\nweeks = 3\n')
    sc = load_scenario(child)
    assert (sc.population.headcount, sc.weeks) == (60, 3)
    assert load_scenario(parent).population.headcount == 60
    answers = (ROOT / "examples" / "quickscan_answers.toml").read_text(encoding="utf-8")
    ans = load_answers(write(tmp_path / "a.toml", bom + answers))
    assert ans.scores == load_answers(ROOT / "examples" / "quickscan_answers.toml").scores
    write(tmp_path / "base.toml", "[population]\nheadcount = 50\n")
    exp = write(tmp_path / "e.toml", bom + 'scenario = "base.toml"\nreplicates = 1\nweeks = 2\n'
                                           '[factors]\n"sponsorship.campaign" = [true, false]\n')
    assert load_experiment(exp).replicates == 1
    chart = read_chart(write(tmp_path / "chart.csv", bom + CHART))
    assert chart.ids.tolist() == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize(("text", "override", "hint"), [
    ("[population]\nHEADCOUNT = 5\n", None, 'did you mean "headcount"'),
    ("[Population]\nheadcount = 5\n", None, 'did you mean "population"'),
    ("", {"population.HEADCOUNT": "5"}, 'did you mean "headcount"'),
    ("", {"POPULATION.headcount": "5"}, 'did you mean "population"'),
    ('[community_manager]\ncapacity = "FULL_TIME"\n', None, 'did you mean "full_time"'),
])
def test_suggestions_ignore_case(tmp_path: Path, text: str, override: dict | None,
                                 hint: str) -> None:
    assert hint in scenario_error(write(tmp_path / "s.toml", text), override)


def test_user_text_is_printed_as_typed_not_as_markup(tmp_path: Path) -> None:
    name = ":x: [bold]nope[/bold] [red]x"
    one_line(adoptsim("run", name + ".toml", cwd=tmp_path), name)
    write(tmp_path / "s.toml", 'name = "[bold]Named[/] :x:"\n[population]\nheadcount = 50\n')
    res = adoptsim("run", "s.toml", "--weeks", "2", "--out", "[red]out :x:", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "[bold]Named[/] :x:" in res.stdout and "[red]out :x:" in res.stdout
    assert "❌" not in res.stdout + res.stderr


# -- 13. values that were not checked -------------------------------------------------


@pytest.mark.parametrize(("text", "key"), [
    ("[attention]\ncampaign_bursts = [-5]\n", "attention.campaign_bursts"),
    ("[population]\nheadcount = 100\n[launch]\ncore_group_size = 500\n",
     "launch.core_group_size"),
    ('[population]\ndepartments = ["IT", "Fin\\u0000ance"]\n', "population.departments"),
    ('[population]\ndepartments = ["IT", "Fin\\nance"]\n', "population.departments"),
    ('[launch]\nhosting_department = "IT\\u0007"\n', "launch.hosting_department"),
    ('name = "a\\u0000b"\n', "name"),
])
def test_unchecked_values_are_refused(tmp_path: Path, text: str, key: str) -> None:
    assert f"key '{key}" in scenario_error(write(tmp_path / "s.toml", text))


def test_default_core_group_is_capped_in_a_small_organisation(tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path / "s.toml", "[population]\nheadcount = 5\n"))
    assert sc.launch.core_group_size == 10  # the default: capped at the headcount in the model


def test_core_group_larger_than_the_org_chart(tmp_path: Path) -> None:
    write(tmp_path / "chart.csv", CHART)
    path = write(tmp_path / "s.toml", '[population]\norg_chart = "chart.csv"\n'
                 '[launch]\nhosting_department = "IT"\ncore_group_size = 6\n')
    with pytest.raises(InputError) as info:
        CommunityModel(load_scenario(path), seed=1)
    msg = str(info.value)
    assert str(path) in msg and "launch.core_group_size" in msg and "5 people" in msg


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b[31m", "\x7f"])
def test_control_characters_in_an_org_chart(tmp_path: Path, bad: str) -> None:
    path = write(tmp_path / "c.csv", CHART.replace("4,2,IT", f"4,2,I{bad}T"))
    with pytest.raises(InputError, match=f"{path}: line 5: .*control character"):
        read_chart(path)


def test_control_characters_in_quickscan_client_names(tmp_path: Path) -> None:
    answers = (ROOT / "examples" / "quickscan_answers.toml").read_text(encoding="utf-8")
    bad = answers.replace('hosting_department = "', 'hosting_department = "\\u0000', 1)
    assert bad != answers
    with pytest.raises(AnswersError, match="client.hosting_department.*control character"):
        load_answers(write(tmp_path / "a.toml", bad))


def test_experiment_scenario_that_is_a_special_file(tmp_path: Path) -> None:
    exp = write(tmp_path / "e.toml", 'scenario = "/dev/zero"\nreplicates = 1\n'
                                     '[factors]\n"sponsorship.campaign" = [true, false]\n')
    with pytest.raises(ExperimentError, match="key 'scenario'.*not a regular file"):
        load_experiment(exp)


def test_keys_with_escape_sequences_are_shown_escaped(tmp_path: Path) -> None:
    msg = scenario_error(write(tmp_path / "s.toml", '[population]\n"\\u001b[31mred" = 1\n'))
    assert "\x1b" not in msg and "\\x1b[31mred" in msg
    with pytest.raises(AnswersError) as info:
        load_answers(write(tmp_path / "a.toml", '["\\u001b[2J"]\nx = 1\n'))
    assert "\x1b" not in str(info.value)


@pytest.mark.parametrize(("old", "new"), [("seeds", "initial_adopters"),
                                          ("seed_count", "initial_adopter_count")])
def test_renamed_reduced_keys_point_to_the_new_name(tmp_path: Path, old: str, new: str) -> None:
    """``reduced.seeds`` and ``reduced.seed_count`` are refused, naming the key to write."""
    path = write(tmp_path / "old.toml", f'[reduced]\nmode = "threshold"\n{old} = 0\n')
    res = adoptsim("run", path, cwd=tmp_path)
    one_line(res, str(path), f"'reduced.{old}' was renamed: write 'reduced.{new}' instead")
    res = adoptsim("run", path, "--set", f"reduced.{old}=1", cwd=tmp_path)
    one_line(res, f"--set reduced.{old}", f"write 'reduced.{new}' instead")
