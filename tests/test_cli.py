"""The core commands in-process: exact output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

import relgraph
from relgraph.cli import app

ROOT = Path(__file__).parents[1]
runner = CliRunner()

VALID = """\
actors:
  - {id: EGY, name: Egypt, kind: state}
  - {id: ISR, name: Israel, kind: state}
sources:
  - {id: t, title: A report}
stances:
  - {actor: EGY, target: ISR, kind: diplomatic, valence: -0.5, start: 2024-05-14}
  - {actor: [EGY, ISR], target: [ISR, EGY], kind: conflict, valence: -1, start: 1979-03~,
     end: 2024-01, mutual: true}
"""


def test_validate_prints_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("actors: []\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert result.output == f"{path}: 0 actors, 0 stances (0 edges), 0 sources; no dates\n"


def test_validate_counts_expanded_edges(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(VALID.replace("[ISR, EGY]", "ISR").replace("[EGY, ISR]", "[EGY]"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{path}: 2 actors, 2 stances (2 edges), 1 source; 1979-03-01 .. 2024-05-14\n"
    )


def test_validate_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text("actors: []\n")
    bad.write_text(VALID)  # the second stance has EGY>EGY and ISR>ISR self-loops
    result = runner.invoke(app, ["validate", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.stdout == f"{good}: 0 actors, 0 stances (0 edges), 0 sources; no dates\n"
    assert result.stderr == (
        f"1 problem in {bad}\n"
        f"{bad}:8:33: stances[1].target: a stance from an actor to itself: EGY, ISR is both "
        "actor and target\n"
    )


def test_schema_command_prints_the_committed_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    committed = json.loads((ROOT / "schema" / "relations.schema.json").read_text())
    assert json.loads(result.output) == committed == relgraph.json_schema()


def test_seed_data_points_editors_at_the_schema() -> None:
    first = (ROOT / "data" / "relations.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/relations.schema.json"


def test_seed_data_passes_the_json_schema() -> None:
    import jsonschema
    import yaml

    schema = json.loads((ROOT / "schema" / "relations.schema.json").read_text())
    # editors read YAML 1.2: dates stay text, numbers are numbers
    data = yaml.load((ROOT / "data" / "relations.yaml").read_text(), Loader=yaml.BaseLoader)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    # BaseLoader reads every scalar as text, which the schema allows for text fields; the
    # numeric fields are the only ones it may flag
    assert {e.path[-1] for e in errors} <= {"valence", "confidence", "version", "mutual"}


def test_schema_output_file(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["schema", "-o", str(out)])
    assert (result.exit_code, result.output) == (0, f"Wrote {out}\n")
    assert json.loads(out.read_text()) == relgraph.json_schema()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.output) == (0, f"relgraph {relgraph.__version__}\n")


def test_every_command_has_help() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    for name in commands:
        assert name is not None
        assert name in result.output
        sub = runner.invoke(app, [name, "--help"])
        assert sub.exit_code == 0
        assert "Usage:" in sub.output
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in commands if f"relgraph {name}" not in readme]
    assert missing == [], f"commands not in the README: {missing}"


def test_python_dash_m_and_console_script_agree() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "relgraph", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout == f"relgraph {relgraph.__version__}\n"


def test_no_output_replaces_the_input_file(tmp_path: Path) -> None:
    data = tmp_path / "relations.yaml"
    original = (ROOT / "data" / "relations.yaml").read_text(encoding="utf-8")
    data.write_text(original, encoding="utf-8")
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
    assert data.read_text(encoding="utf-8") == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["relations.yaml"]


def test_readme_file_example_is_valid() -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", readme, re.S)
    assert example is not None
    rel = relgraph.parse_relations(example.group(1), name="README.md")
    assert rel.stances[0].modality == "considered"
