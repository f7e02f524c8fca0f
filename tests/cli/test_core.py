"""The core commands in-process: exact output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import relgraph
from relgraph.cli import app

ROOT = Path(__file__).parents[2]
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


def test_schema_output_file(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = runner.invoke(app, ["schema", "-o", str(out)])
    assert (result.exit_code, result.output) == (0, f"Wrote {out}\n")
    assert json.loads(out.read_text()) == relgraph.json_schema()
