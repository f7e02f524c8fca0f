"""Every command that reads relations takes several inputs and merges them as `merge` does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, SEED

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def inputs(cli: Run, tmp_path: Path) -> tuple[Path, Path]:
    alliances, disputes = tmp_path / "alliances", tmp_path / "disputes"
    assert (
        cli("import", "atop", ROOT / "data/dyadic/atop_major_powers.csv", "-o", alliances)[0] == 0
    )
    assert (
        cli("import", "cow-mid", ROOT / "data/dyadic/cow_mid_major_powers.csv", "-o", disputes)[0]
        == 0
    )
    return alliances, disputes


def test_balance_of_two_inputs_equals_balance_of_their_merge(
    cli: Run, inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    merged = tmp_path / "system"
    assert cli("merge", *inputs, "-o", merged)[0] == 0
    args = ("--from", "1816", "--to", "2014", "--step", "decade", "--format", "csv")
    code, together, _ = cli("balance", *inputs, *args)
    assert code == 0
    assert together == cli("balance", merged, *args)[1]
    assert len(together.splitlines()) == 1 + 21  # the header and 21 decades


def test_validate_checks_each_input_then_their_merge(cli: Run, inputs: tuple[Path, Path]) -> None:
    code, out, _ = cli("validate", *inputs)
    assert code == 0
    assert out.splitlines()[-1].startswith("merged: 9 actors, 1,327 stances (1,327 edges)")
    code, _, err = cli("validate", SEED, SEED)
    assert code == 1
    assert "id also used in" in err


def test_a_merged_stance_records_its_input_as_a_column_and_in_yaml_attrs(
    cli: Run, inputs: tuple[Path, Path], tmp_path: Path
) -> None:
    import pyarrow.compute as pc

    from relgraph.dataset import read_dataset

    merged = tmp_path / "system"
    assert cli("merge", *inputs, "-o", merged)[0] == 0
    stances = read_dataset(merged).stances
    counts = pc.value_counts(stances.column("relgraph_input")).to_pylist()
    assert sorted((c["values"], c["counts"]) for c in counts) == [
        (str(inputs[0]), 343),
        (str(inputs[1]), 984),
    ]
    assert cli("convert", merged, "-o", tmp_path / "system.yaml")[0] == 0
    text = (tmp_path / "system.yaml").read_text(encoding="utf-8")
    assert f'"relgraph_input": "{inputs[1]}"' in text  # inside attrs: YAML's form of the column
    assert "\n    relgraph_input:" not in text  # never a stance field of its own
