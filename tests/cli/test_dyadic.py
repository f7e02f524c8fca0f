"""``relgraph import atop|cow-mid|dyadic`` and ``relgraph merge`` in-process: outputs, messages,
exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.dataset import read_dataset
from relgraph.load import read_relations

DATA = Path(__file__).resolve().parents[2] / "data" / "dyadic"
ATOP = DATA / "atop_major_powers.csv"
MID = DATA / "cow_mid_major_powers.csv"
runner = CliRunner()


def test_import_atop_writes_a_dataset(tmp_path: Path) -> None:
    out = tmp_path / "alliances"
    result = runner.invoke(app, ["import", "atop", str(ATOP), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == ["  left out: 81 rows: no obligation"]
    assert result.stdout == f"Wrote {out}: 343 stances, 9 actors from 3,628 rows (81 left out)\n"
    dataset = read_dataset(out)
    assert dataset.stances.num_rows == 343
    assert dataset.provenance["importer"] == "atop"
    assert dataset.provenance["left_out"] == {"no obligation": 81}
    assert sorted(dataset.actors.column("id").to_pylist()) == [
        "CHN", "DEU", "FRA", "GBR", "ITA", "JPN", "RUS", "USA", "cow:AUH",
    ]  # fmt: skip


def test_import_cow_mid_to_yaml_with_years(tmp_path: Path) -> None:
    out = tmp_path / "disputes.yaml"
    args = ["import", "cow-mid", str(MID), "-o", str(out), "--from", "1816", "--to", "1913"]
    result = runner.invoke(app, [*args, "--title", "Major-power disputes before 1914"])
    assert result.exit_code == 0, result.output
    relations = read_relations(out)
    assert relations.title == "Major-power disputes before 1914"
    assert all(int(s.start.text) <= 1913 for s in relations.stances)
    assert {s.kind for s in relations.stances} == {"conflict"}
    assert "rows: after --to" in result.stderr


def test_import_dyadic_names_every_bad_number(tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("a,b,year\n2,255,1990\nUSA,255,1991\n2,255,1992.5\n", encoding="utf-8")
    args = ["import", "dyadic", str(table), "-o", str(tmp_path / "out")]
    args += ["--actor-col", "a", "--target-col", "b", "--year-col", "year", "--valence", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: 2 problems in {table}",
        f"{table}:3:1: a: not a COW country number (got 'USA')",
        f"{table}:4:3: year: not a whole number (got '1992.5')",
    ]
    assert not (tmp_path / "out").exists()


def test_import_dyadic_options_that_do_not_fit_are_usage_errors(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("a,b,year\n2,255,1990\n", encoding="utf-8")
    base = ["import", "dyadic", str(table), "-o", str(tmp_path / "o"), "--actor-col", "a"]
    base += ["--target-col", "b", "--year-col", "year"]
    result = runner.invoke(app, base)
    assert result.exit_code == 2
    assert result.stderr == "Error: give --valence NUMBER or --valence-col COLUMN\n"
    result = runner.invoke(app, [*base, "--valence", "1", "--codes", "iso"])
    assert result.exit_code == 2
    assert result.stderr == "Error: --codes must be cow or none (got 'iso')\n"


def test_import_dyadic_mutual_spells(tmp_path: Path) -> None:
    table = tmp_path / "rivals.csv"
    table.write_text("a,b,y\n2,365,1947\n365,2,1947\n2,365,1948\n", encoding="utf-8")
    out = tmp_path / "rivals.yaml"
    args = ["import", "dyadic", str(table), "-o", str(out), "--actor-col", "a"]
    args += ["--target-col", "b", "--year-col", "y", "--kind", "conflict", "--valence", "-0.7"]
    result = runner.invoke(app, [*args, "--mutual", "--label", "Cold War rivalry"])
    assert result.exit_code == 0, result.output
    [stance] = read_relations(out).stances
    assert (stance.id, stance.mutual, stance.start.text, stance.end.text) == (
        "dy-USA-RUS-1947", True, "1947", "1948",
    )  # fmt: skip
    assert stance.label == "Cold War rivalry"


def test_import_refuses_to_replace_its_input(tmp_path: Path) -> None:
    table = tmp_path / "a.yaml"
    table.write_text((ATOP).read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["import", "atop", str(table), "-o", str(table)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert table.read_text(encoding="utf-8") == ATOP.read_text(encoding="utf-8")


def test_merge_command(tmp_path: Path) -> None:
    alliances, disputes, out = tmp_path / "alliances", tmp_path / "disputes", tmp_path / "all"
    assert runner.invoke(app, ["import", "atop", str(ATOP), "-o", str(alliances)]).exit_code == 0
    assert runner.invoke(app, ["import", "cow-mid", str(MID), "-o", str(disputes)]).exit_code == 0
    result = runner.invoke(app, ["merge", str(alliances), str(disputes), "-o", str(out)])
    assert result.exit_code == 0, result.output
    merged = read_dataset(out)
    assert merged.stances.num_rows == 343 + read_dataset(disputes).stances.num_rows
    assert (
        result.stdout
        == f"Wrote {out}: {merged.stances.num_rows:,} stances, 9 actors from 2 inputs\n"
    )
    first = json.loads(merged.stances.column("attrs")[0].as_py())
    assert first["relgraph_input"] == str(alliances)
    assert [m["path"] for m in merged.provenance["merged"]] == [str(alliances), str(disputes)]


def test_merge_conflicts_and_prefer(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("actors:\n  - {id: USA, name: United States, kind: state}\n", encoding="utf-8")
    b.write_text("actors:\n  - {id: USA, name: America, kind: state}\n", encoding="utf-8")
    out = tmp_path / "m.yaml"
    result = runner.invoke(app, ["merge", str(a), str(b), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: 1 problem in {b}",
        f"{b}: actor USA: name 'America' here but 'United States' in {a}; "
        "give --prefer first or --prefer last to keep one",
    ]
    assert not out.exists()
    result = runner.invoke(app, ["merge", str(a), str(b), "-o", str(out), "--prefer", "last"])
    assert result.exit_code == 0
    assert read_relations(out).actors[0].name == "America"
    result = runner.invoke(app, ["merge", str(a), str(b), "-o", str(out), "--prefer", "both"])
    assert result.exit_code == 2
