"""``relgraph import`` and ``relgraph convert``: exit codes, messages, outputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from relgraph.dataset import is_dataset, read_dataset
from relgraph.load import read_relations

DATA = Path(__file__).resolve().parents[1] / "data" / "events"
GDELT2 = DATA / "gdelt2_sample.export.CSV"
SEED = Path(__file__).resolve().parents[2] / "data" / "relations.yaml"

Cli = Callable[..., tuple[int, str, str]]


def test_import_writes_a_dataset_and_reports_on_stderr(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "gdelt"
    code, stdout, stderr = cli("import", "gdelt", GDELT2, "-o", out, "--title", "Aug 2024")
    assert code == 0, stderr
    dataset = read_dataset(out)
    assert stdout == (
        f"Wrote {out}: {dataset.stances.num_rows:,} stances, {dataset.actors.num_rows:,} actors\n"
    )
    lines = stderr.splitlines()
    assert lines[0].startswith("read 300 events from 1 file(s); ")
    assert any(
        line.startswith("left out ") and "no actor or target (e.g. " in line for line in lines
    )
    assert dataset.title == "Aug 2024"
    head = json.loads((out / "dataset.json").read_text())
    assert head["provenance"]["inputs"][0]["format"] == "GDELT 2.0"
    assert head["provenance"]["left_out"]["no actor or target"]["count"] > 0


def test_import_to_yaml_writes_a_file_that_validates(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "gdelt.yaml"
    code, _, stderr = cli("import", "gdelt", GDELT2, "-o", out, "--period", "week")
    assert code == 0, stderr
    relations = read_relations(out)
    assert all(s.id is not None and s.id.startswith("ev-") for s in relations.stances)
    assert relations.sources


@pytest.mark.parametrize(
    "args",
    [
        ["import", "icews", "--root-only", "x.tab", "-o", "out"],
        ["import", "icews", "--actors", "code", "x.tab", "-o", "out"],
        ["import", "plover", "--measure", "goldstein", "x.json", "-o", "out"],
        ["import", "gdelt", "--period", "decade", "x.CSV", "-o", "out"],
        ["import", "gdelt", "--min-events", "0", "x.CSV", "-o", "out"],
        ["import", "gdelt", "--quad-scheme", "cameo", "x.CSV", "-o", "out"],
        ["import", "gdelt", "x.CSV"],
    ],
)
def test_options_that_do_not_fit_are_usage_errors(cli: Cli, args: list[str]) -> None:
    code, _, stderr = cli(*args)
    assert code == 2
    assert "Usage: relgraph import" in stderr


def test_a_file_that_is_not_what_its_name_says_is_an_error_as_in_every_command(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "events.tab"
    path.write_text("just\ttext\n")
    code, stdout, stderr = cli("import", "icews", path, "-o", tmp_path / "out")
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"Error: 1 problem in {path}\n"
        f"{path}: not an ICEWS events file: its first line is not the header it needs "
        "('Event ID', 'Event Date', 'Source Name', ...)\n"
    )
    assert not (tmp_path / "out").exists()


def test_import_refuses_to_replace_its_input(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "e.export.CSV"
    path.write_bytes(GDELT2.read_bytes())
    code, _, stderr = cli("import", "gdelt", path, "-o", path)
    assert code == 1
    assert stderr.startswith("Error: ")
    assert path.read_bytes() == GDELT2.read_bytes()


def test_convert_both_ways(cli: Cli, tmp_path: Path) -> None:
    ds = tmp_path / "seed"
    code, stdout, _ = cli("convert", SEED, "-o", ds)
    assert code == 0
    assert stdout.startswith(f"Wrote {ds}: ")
    assert is_dataset(ds)
    back = tmp_path / "seed.yaml"
    assert cli("convert", ds, "-o", back)[0] == 0
    assert read_relations(back).model_dump() == read_relations(SEED).model_dump()
    code, _, stderr = cli("convert", tmp_path / "missing.yaml", "-o", tmp_path / "x")
    assert code == 1
    assert "missing.yaml" in stderr
