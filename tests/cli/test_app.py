"""The app as a whole: registration, help, version, the input guard, the README's CLI parts."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import relgraph
from relgraph.analysis.balance import EXACT_LIMIT
from relgraph.cli import COMMANDS, GROUPS, app
from relgraph.schema import write_schema

ROOT = Path(__file__).parents[2]
SEED = ROOT / "data" / "relations.yaml"
runner = CliRunner()
NAMES = [name for name, _ in COMMANDS]
SUBCOMMANDS = [
    [group, command.name or ""] for group, app_ in GROUPS for command in app_.registered_commands
]


def help_of(*command: str) -> str:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.output) == (0, f"relgraph {relgraph.__version__}\n")


def test_python_dash_m_and_console_script_agree() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "relgraph", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout == f"relgraph {relgraph.__version__}\n"


def test_help_lists_the_commands_in_the_registered_order() -> None:
    listed = re.findall(r"^  (\S+)  ", help_of().split("Commands:\n", 1)[1], re.M)
    assert listed == NAMES + [name for name, _ in GROUPS]
    assert NAMES[:3] == ["validate", "schema", "show"]


def test_validate_help_exactly() -> None:
    assert help_of("validate") == (
        "Usage: relgraph validate [OPTIONS] FILE...\n"
        "\n"
        "  Check relations files; print a summary of each, or every problem (exit 1).\n"
        "\n"
        "  Several files are then checked as one merge, as every other command would\n"
        "  merge them.\n"
        "\n"
        "  Example:\n"
        "    relgraph validate data/relations.yaml\n"
        "\n"
        "Arguments:\n"
        "  FILE...  Relations files to check.  [required]\n"
        "\n"
        "Options:\n"
        "  --help  Show this message and exit.\n"
    )


@pytest.mark.parametrize("name", [[name] for name in NAMES] + SUBCOMMANDS, ids=" ".join)
def test_help_reads_as_words(name: list[str]) -> None:
    text = help_of(*name)
    usage = text.splitlines()[0]
    assert "{" not in usage
    assert re.search(r"<[a-z\[\]]+>", text) is None, text  # no <str>, <list[Path]>, <file>
    # every option that takes a value names it in capitals: FILE, DAY, TEXT, NUMBER...
    for line in text.split("Options:\n", 1)[1].splitlines():
        option = re.match(r"\s+(?:-\w, )?(--[\w-]+)(?: (\S+))?", line)
        if option and option.group(2):
            assert option.group(2).upper() == option.group(2), line


@pytest.mark.parametrize("name", NAMES)
def test_repeatable_options_say_so(name: str) -> None:
    command = next(c for n, c in COMMANDS if n == name)
    import typer.main

    from relgraph.cli._app import _Command

    click_command = typer.main.get_command_from_info(
        typer.models.CommandInfo(name=name, callback=command, cls=_Command),
        pretty_exceptions_short=True,
        rich_markup_mode=None,
    )
    for param in click_command.params:
        if getattr(param, "multiple", False):
            assert "Repeatable." in (param.help or ""), param.name


@pytest.mark.parametrize("name", NAMES)
def test_every_command_has_an_example_that_runs(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Path
) -> None:
    examples = re.findall(r"^  Example:\n    (relgraph .+)$", help_of(name), re.M)
    assert len(examples) == 1
    monkeypatch.setattr("webbrowser.open", lambda url: True)  # --open: no real browser
    monkeypatch.chdir(tmp_path)
    case.rename(tmp_path / "more.yaml")  # merge's second input
    args = shlex.split(examples[0])[1:]
    args = [str(ROOT / arg) if arg.startswith("data/") else arg for arg in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "name", [["import", "gdelt"], ["import", "atop"], ["import", "cow-mid"], ["import", "dyadic"]]
)
def test_importers_with_bundled_data_have_an_example_that_runs(
    name: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = re.findall(r"^  Example:\n    (relgraph (?:.+\\\n)*.+)$", help_of(*name), re.M)
    assert len(found) == 1
    monkeypatch.chdir(tmp_path)
    args = shlex.split(found[0].replace("\\\n", " "))[1:]
    args = [str(ROOT / a) if a.startswith(("data/", "tests/")) else a for a in args]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote ")


def test_plot_states_its_default_window() -> None:
    assert "Without --from/--to the plot runs from six months before the pair's latest" in (
        help_of("plot")
    )


def test_balance_help_quotes_the_exact_limit() -> None:
    assert (
        f"The frustration index is exact for a component of up to {EXACT_LIMIT} actors"
        in help_of("balance")
    )


def test_rollup_help_says_what_it_does() -> None:
    assert "Fold every actor with an affiliation (persons, and organs such as an army) into" in (
        " ".join(help_of("show").split())
    )


def test_no_output_replaces_the_input_file(tmp_path: Path) -> None:
    data = tmp_path / "relations.yaml"
    original = SEED.read_text(encoding="utf-8")
    data.write_text(original, encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(data)
    for args in (
        ["render", str(data), "--at", "2024-05-14", "-o", str(data)],
        ["timeline", str(data), "-o", str(data)],
        ["export", str(data), "--format", "gexf", "-o", str(data)],
        ["export", str(data), "--format", "panel", "-o", str(data)],
        ["plot", str(data), "EGY", "ISR", "-o", str(data)],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, args
        assert result.stderr == (
            f"Error: cannot write {data}: that would overwrite the input file {data}; "
            "choose another output path\n"
        )
    # through a symbolic link too: the link is followed to the input
    result = runner.invoke(app, ["render", str(data), "--at", "2024-05-14", "-o", str(link)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: cannot write {data}: that would overwrite the input file {data}; "
        "choose another output path\n",
    )
    assert data.read_text(encoding="utf-8") == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.html", "relations.yaml"]


def test_the_guard_belongs_to_the_command_not_the_process(tmp_path: Path) -> None:
    data = tmp_path / "relations.yaml"
    data.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert runner.invoke(app, ["validate", str(data)]).exit_code == 0
    relgraph.read_relations(data)
    # reading a file (in a notebook, or a command before) does not forbid writing it later
    relgraph.render_graph(relgraph.Timeline(relgraph.read_relations(data)).at("2024-05-14"))
    write_schema(data)
    assert data.read_text(encoding="utf-8").startswith("{")


# -- the README's command-line parts ---------------------------------------------------------


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    assert [name for name in NAMES if f"relgraph {name}" not in readme()] == []


def test_readme_quotes_the_exact_frustration_limit() -> None:
    numbers = re.findall(r"exact[^.]*?up\s+to\s+(\d+)\s+actors", readme())
    assert numbers
    assert set(numbers) == {str(EXACT_LIMIT)}


def test_readme_file_example_is_valid() -> None:
    example = re.search(r"```yaml\n(.*?)```", readme(), re.S)
    assert example is not None
    rel = relgraph.parse_relations(example.group(1), name="README.md")
    assert rel.stances[0].modality == "considered"


def test_readme_console_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(r"```console\n(.*?)```", readme(), re.S)
    assert block is not None
    monkeypatch.setattr("webbrowser.open", lambda url: True)
    monkeypatch.chdir(tmp_path)
    commands = [line[2:] for line in block.group(1).splitlines() if line.startswith("$ ")]
    assert len(commands) >= 5
    for command in commands:
        args = [str(SEED) if a == "data/relations.yaml" else a for a in shlex.split(command)[1:]]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (command, result.output)
