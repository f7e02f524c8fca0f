"""``relgraph export`` in-process: the files, their names, and what is refused."""

from __future__ import annotations

import csv
import hashlib
import json
import os
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from relgraph.cli import app

runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_export_gexf_of_the_whole_history(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "case.gexf"
    assert run("export", case, "--format", "gexf", "-o", out) == (0, f"Wrote {out}\n", "")
    read = nx.read_gexf(out)
    assert read.number_of_edges() == 7
    assert (read.graph["start"], read.graph["end"]) == ("1979-03-01", "2024-05-31")
    sha = hashlib.sha256(case.read_bytes()).hexdigest()
    assert sha in out.read_text(encoding="utf-8")


def test_export_csv_directory_at_a_day(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    code, stdout, _ = run("export", case, "--format", "csv", "--at", "2023-12-01", "-o", out)
    assert code == 0
    assert stdout == (
        f"Wrote {out / 'actors.csv'}\nWrote {out / 'stances.csv'}\n"
        f"Wrote {out / 'provenance.json'}\n"
    )
    with (out / "stances.csv").open(newline="", encoding="utf-8") as handle:
        keys = [row["key"] for row in csv.DictReader(handle)]
    assert keys == ["treaty", "war", "arms", "sanctions"]
    record = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert record["slice"] == {"at": "2023-12-01"}
    assert record["sha256"] == hashlib.sha256(case.read_bytes()).hexdigest()


def test_export_panel(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "panel.csv"
    code, stdout, _ = run(
        "export", case, "--format", "panel", "--from", "2024-04", "--to", "2024-05",
        "--step", "month", "-o", out,
    )  # fmt: skip
    assert code == 0
    assert stdout == f"Wrote {out}\nWrote {tmp_path / 'panel.provenance.json'}\n"
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    usa_isr = [r for r in rows if (r["actor"], r["target"]) == ("USA", "ISR")]
    assert [(r["period"], r["count"], r["mean_valence"]) for r in usa_isr] == [
        ("2024-04", "1", "0.6"),
        ("2024-05", "2", "-0.1"),
    ]


def test_export_unknown_format(case: Path, tmp_path: Path) -> None:
    assert run("export", case, "--format", "xlsx", "-o", tmp_path / "x") == (
        1,
        "",
        "Error: --format xlsx: unknown format (known: gexf, graphml, json, csv, panel)\n",
    )


def panel_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_panel_weighs_modalities_as_balance_does(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "panel.csv"
    period = ("--from", "2024-05", "--to", "2024-05", "--step", "month")

    def egypt_israel(*weights: str) -> tuple[str, str]:
        code, _, err = run("export", case, "--format", "panel", *period, *weights, "-o", out)
        assert (code, err) == (0, "")
        row = next(r for r in panel_rows(out) if (r["actor"], r["target"]) == ("EGY", "ISR"))
        return row["mean_valence"], row["weights"]

    # the treaty (+0.5, actual) and the downgrade (-0.8, considered)
    assert egypt_israel() == ("0.5", "actual=1 considered=0 threatened=0")
    assert egypt_israel("--weight", "considered=1") == (
        "-0.15",
        "actual=1 considered=1 threatened=0",
    )
    # every weight 0: no mean, not a zero
    assert egypt_israel("--weight", "actual=0") == ("", "actual=0 considered=0 threatened=0")
    sidecar = json.loads((tmp_path / "panel.provenance.json").read_text(encoding="utf-8"))
    assert sidecar["weights"] == {"actual": 0.0}


@pytest.mark.parametrize(
    ("fmt", "name", "message"),
    [
        ("gexf", "x.json",
         "--format gexf writes .gexf files, and x.json ends in .json (that is --format json); "
         "name it x.gexf"),
        ("json", "x.GraphML",
         "--format json writes .json files, and x.GraphML ends in .GraphML (that is --format "
         "graphml); name it x.json"),
        ("panel", "x.xlsx", "--format panel writes .csv files, and x.xlsx ends in .xlsx; name it "
         "x.csv"),
        ("csv", "x.csv",
         "--format csv writes a directory (actors.csv, stances.csv, provenance.json), not a .csv "
         "file; give a directory name, or --format panel for one CSV file"),
    ],
)  # fmt: skip
def test_a_suffix_that_contradicts_the_format_is_an_error(
    case: Path, tmp_path: Path, fmt: str, name: str, message: str
) -> None:
    out = tmp_path / name
    assert run("export", case, "--format", fmt, "-o", out) == (
        1,
        "",
        f"Error: cannot write {out}: {message}\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]


def test_a_file_without_a_suffix_is_written(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph"
    assert run("export", case, "--format", "gexf", "-o", out) == (0, f"Wrote {out}\n", "")


@pytest.mark.parametrize(
    "option", [["--step", "week"], ["--width", "3m"], ["--weight", "considered=1"],
               ["--all-dyads"], ["--max-periods", "10"]]
)  # fmt: skip
def test_panel_options_on_another_format_are_a_usage_error(
    case: Path, tmp_path: Path, option: list[str]
) -> None:
    code, out, err = run("export", case, "--format", "json", *option, "-o", tmp_path / "x.json")
    assert (code, out) == (2, "")
    assert err.endswith(
        f"Error: Invalid value for {option[0]}: used by --format panel only, not by --format "
        "json\n"
    )


def test_the_panel_takes_a_period_not_a_day(case: Path, tmp_path: Path) -> None:
    assert run(
        "export", case, "--format", "panel", "--at", "2024-05-14", "-o", tmp_path / "p.csv"
    ) == (1, "", "Error: the panel spans a period: give --from and --to, not --at\n")


# -- hostile outputs (issue 15: classes 1, 2 and 10) ------------------------------------------


@pytest.mark.parametrize("target", [".", "/", "panel/.."])
def test_a_directory_for_the_panel_is_a_clear_error(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "panel").mkdir()
    assert run("export", case, "--format", "panel", "-o", target) == (
        1,
        "",
        f"Error: cannot write {os.path.normpath(target) if target != 'panel/..' else target}: "
        "that is a directory, not a file name\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml", "panel"]


def test_an_existing_directory_named_as_a_file_is_refused(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.mkdir()
    assert run("export", case, "--format", "json", "-o", out) == (
        1,
        "",
        f"Error: cannot write {out}: it is a directory, which relgraph does not replace; "
        "give a file name inside it\n",
    )


def test_a_name_too_long_for_the_file_system_is_a_clear_error(case: Path, tmp_path: Path) -> None:
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    for fmt, suffix in (("json", ".json"), ("panel", ".csv")):
        out = tmp_path / ("x" * 300 + suffix)
        code, stdout, err = run("export", case, "--format", fmt, "-o", out)
        assert (code, stdout) == (1, "")
        assert err == (
            f"Error: cannot write {out}: the file name is {300 + len(suffix)} bytes long; this "
            f"file system allows at most {limit}\n"
        )
    # a panel whose name fits but whose sidecar's does not: neither file is written
    out = tmp_path / ("x" * (limit - 4) + ".csv")
    code, _, err = run("export", case, "--format", "panel", "-o", out)
    assert code == 1
    assert err.endswith(f"this file system allows at most {limit}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]


def test_a_fifo_is_refused_before_any_work(case: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.gexf"
    os.mkfifo(fifo)
    assert run("export", case, "--format", "gexf", "-o", fifo) == (
        1,
        "",
        f"Error: cannot write {fifo}: it is a FIFO (named pipe), which relgraph does not "
        "replace\n",
    )


def test_a_panel_whose_sidecar_is_the_input_writes_nothing(case: Path, tmp_path: Path) -> None:
    # the sidecar of data.csv is data.provenance.json: name the input so
    text = case.read_text(encoding="utf-8")
    case.unlink()
    data = tmp_path / "data.provenance.json"
    data.write_text(text, encoding="utf-8")
    out = tmp_path / "data.csv"
    assert run("export", data, "--format", "panel", "-o", out) == (
        1,
        "",
        f"Error: cannot write {data}: that would overwrite the input file {data}; choose "
        "another output path\n",
    )
    assert data.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.provenance.json"]


def test_a_blocked_csv_file_leaves_the_directory_as_it_was(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    out.mkdir()
    (out / "actors.csv").write_text("old actors\n")
    (out / "stances.csv").mkdir()  # blocks one file of the set
    code, _, err = run("export", case, "--format", "csv", "-o", out)
    assert code == 1
    assert err == (
        f"Error: cannot write {out / 'stances.csv'}: it is a directory, which relgraph does "
        "not replace; give a file name inside it\n"
    )
    assert (out / "actors.csv").read_text() == "old actors\n"
    assert sorted(p.name for p in out.iterdir()) == ["actors.csv", "stances.csv"]


def test_a_private_output_stays_private(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "panel.csv"
    out.write_text("old")
    out.chmod(0o600)
    assert run("export", case, "--format", "panel", "-o", out)[0] == 0
    assert (out.stat().st_mode & 0o777, out.read_text() != "old") == (0o600, True)


def test_a_csv_directory_is_never_the_input_dataset(case: Path, tmp_path: Path) -> None:
    dataset = tmp_path / "dataset"
    assert run("convert", case, "-o", dataset)[0] == 0
    before = sorted(p.name for p in dataset.iterdir())
    assert run("export", dataset, "--format", "csv", "-o", dataset) == (
        1,
        "",
        f"Error: cannot write {dataset}: that would overwrite the input file {dataset}; choose "
        "another output path\n",
    )
    assert sorted(p.name for p in dataset.iterdir()) == before


def test_a_panel_longer_than_the_limit_writes_nothing(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "panel.csv"
    code, _, err = run(
        "export", case, "--format", "panel", "--from", "2024-01", "--to", "2024-06",
        "--step", "month", "--max-periods", "5", "-o", out,
    )  # fmt: skip
    assert code == 1
    assert "is 6 periods, more than the limit of 5 (max_periods; --max-periods" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]
