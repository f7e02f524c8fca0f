"""``relgraph figure``, in-process: exact output, exit codes, files whole or absent."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relgraph.cli import app

CASE = """\
title: A small test case
actors:
  - {id: EGY, name: Egypt, kind: state}
  - {id: ISR, name: Israel, kind: state}
  - {id: HAM, name: Hamas, kind: armed_group}
  - {id: NET, name: Benjamin Netanyahu, kind: person, affiliation: ISR}
stances:
  - {id: treaty, actor: EGY, target: ISR, kind: alliance, valence: 0.5, mutual: true,
     start: 1979-03}
  - {id: downgrade, actor: EGY, target: ISR, kind: diplomatic, valence: -0.5,
     modality: considered, start: 2024-05~}
  - {id: war, actor: ISR, target: HAM, kind: conflict, valence: -1, start: 2023-10-07}
  - {id: defeat, actor: NET, target: HAM, kind: statement, valence: -1, start: 2023-10-08}
"""
SVG = "{http://www.w3.org/2000/svg}"

runner = CliRunner()


@pytest.fixture
def case(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    return path


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def tie_count(path: Path, gid: str = "ties") -> int:
    found = ET.parse(path).getroot().find(f".//{SVG}g[@id='{gid}']")
    return 0 if found is None else len(list(found.iter(f"{SVG}path")))


def test_a_day(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "day.svg"
    assert run("figure", case, "--at", "2024-05-14", "-o", out) == (0, f"Wrote {out}\n", "")
    assert tie_count(out) == 4


def test_a_period_with_the_shared_filters(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "war.svg"
    code, stdout, stderr = run(
        "figure", case, "--from", "2023-10", "--to", "2023-12", "--kind", "conflict",
        "--title", "War only", "--caption", "-o", out,
    )  # fmt: skip
    assert (code, stdout, stderr) == (0, f"Wrote {out}\n", "")
    assert tie_count(out) == 1
    text = out.read_text(encoding="utf-8")
    assert "War only" in text
    assert "kinds=conflict" in text


def test_the_rollup_says_what_it_folded(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "rolled.svg"
    code, _, _ = run("figure", case, "--at", "2024-05-14", "--rollup", "-o", out)
    assert code == 0
    assert "Benjamin Netanyahu" not in out.read_text(encoding="utf-8")


def test_panels(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "panels.pdf"
    code, stdout, stderr = run(
        "figure", case, "--from", "2023-10", "--to", "2024-05", "--step", "month", "--cols", "4",
        "--size", "10x6", "--labels", "all", "-o", out,
    )  # fmt: skip
    assert (code, stdout, stderr) == (0, f"Wrote {out}\n", "")
    assert out.read_bytes()[:4] == b"%PDF"


def test_step_auto_says_its_step(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "panels.svg"
    code, stdout, stderr = run(
        "figure", case, "--from", "2023-10", "--to", "2024-05", "--step", "auto", "-o", out
    )
    assert (code, stdout, stderr) == (
        0,
        f"Wrote {out}\n",
        "Note: one panel per month (--step auto).\n",
    )
    assert [tie_count(out, f"{i}-ties") for i in range(1, 9)] == [3, 3, 3, 3, 3, 3, 3, 4]


def test_png_at_a_dpi(case: Path, tmp_path: Path) -> None:
    import struct

    out = tmp_path / "day.png"
    code, _, _ = run("figure", case, "--at", "2024-05-14", "--size", "4x3", "--dpi", "50",
                     "--no-legend", "--labels", "none", "-o", out)  # fmt: skip
    assert code == 0
    width, height = struct.unpack(">II", out.read_bytes()[16:24])
    assert (width, height) == (200, 150)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "2024-05-14", "-o", "{tmp}/x.pgf"],
         "Error: cannot write {tmp}/x.pgf: .pgf is not a figure format; use .svg, .pdf or .png\n"),
        (["--at", "2024-05-14", "--labels", "some", "-o", "{tmp}/x.svg"],
         "Error: --labels must be all, auto or none (got 'some')\n"),
        (["--at", "2024-05-14", "--step", "month", "-o", "{tmp}/x.svg"],
         "Error: --step draws panels from --from to --to; --at is one day\n"),
        (["--at", "2024-05-14", "--cols", "2", "-o", "{tmp}/x.svg"],
         "Error: --width and --cols draw panels: give --step too\n"),
        (["--at", "2024-05-14", "--from", "2024-01", "-o", "{tmp}/x.svg"],
         "Error: give either a day (--at) or a period (--from/--to), not both\n"),
        (["--from", "2020", "--to", "2024", "--step", "month", "-o", "{tmp}/x.svg"],
         "Error: 60 panels from 2020-01-01 to 2024-12-31 by month: at most 24 are drawn; choose "
         "a coarser step or a shorter period, or allow more panels (max_panels, --max-panels)\n"),
        (["--at", "2024-05-14", "--size", "1x1", "-o", "{tmp}/x.svg"],
         "Error: the figure (1x1 inches) is too small for its legend: make it larger (size, "
         "--size) or leave the legend out (--no-legend)\n"),
        (["--at", "2024-05-14", "--max-edges", "3", "-o", "{tmp}/x.svg"],
         "Error: the figure would draw 4 stances or more, more than the limit of 3 (max_edges; "
         "--max-edges on the command line): narrow the dates or filter the stances, or raise "
         "the limit\n"),
        (["--at", "2024-05-14", "--dpi", "5000", "-o", "{tmp}/x.png"],
         "Error: cannot write {tmp}/x.png: dpi must be above 0 and at most 2400\n"),
        (["--at", "2024-05-14", "-o", "{tmp}/none/x.svg"],
         "Error: cannot write {tmp}/none/x.svg: the directory {tmp}/none does not exist\n"),
    ],
)  # fmt: skip
def test_errors_write_nothing(case: Path, tmp_path: Path, args: list[str], message: str) -> None:
    code, stdout, stderr = run("figure", case, *[a.format(tmp=tmp_path) for a in args])
    assert (code, stdout, stderr) == (1, "", message.format(tmp=tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]


@pytest.mark.parametrize("size", ["7y5", "x5", "0.1x5", "7x500"])
def test_a_bad_size_is_a_usage_error(case: Path, tmp_path: Path, size: str) -> None:
    code, stdout, stderr = run("figure", case, "--at", "2024-05-14", "--size", size,
                               "-o", tmp_path / "x.svg")  # fmt: skip
    assert (code, stdout) == (2, "")
    assert "--size" in stderr or "WIDTHxHEIGHT" in stderr or "inches" in stderr


def test_never_replaces_its_input(case: Path) -> None:
    before = case.read_bytes()
    code, stdout, stderr = run("figure", case, "--at", "2024-05-14", "-o", case)
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"Error: cannot write {case}: that would overwrite the input file {case}; "
        "choose another output path\n"
    )
    assert case.read_bytes() == before


def test_help_lists_the_options() -> None:
    code, stdout, _ = run("figure", "--help")
    assert code == 0
    options = "--at --from --to --step --size --dpi --cols --title --no-legend --labels --caption"
    for option in [*options.split(), "--max-panels", "--kind", "--rollup"]:
        assert option in stdout


EDGES_OF_TIME = """\
actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
stances:
  - {id: first, actor: A, target: B, kind: economic, valence: 0.5, start: 0001-01-01,
     end: 0001-01-01}
  - {id: last, actor: B, target: A, kind: conflict, valence: -0.5, start: 9999-12-31}
"""


@pytest.mark.parametrize(
    "args",
    [
        ["plot", "A", "B", "-o", "p.png"],
        ["plot", "A", "B", "--from", "0001", "--to", "0001-03", "-o", "p.svg"],
        ["plot-balance", "--from", "9999-06", "--to", "9999-12", "-o", "b.pdf"],
        ["plot-balance", "--from", "0001", "--to", "0001-06", "-o", "b.png"],
        ["figure", "--at", "9999-12-31", "-o", "f.svg"],
        ["figure", "--from", "0001", "--to", "0002", "--step", "quarter", "-o", "f.png"],
    ],
)
def test_pictures_at_the_ends_of_the_calendar(tmp_path: Path, args: list[str]) -> None:
    data = tmp_path / "edges.yaml"
    data.write_text(EDGES_OF_TIME, encoding="utf-8")
    command, *rest = args
    out = tmp_path / rest[-1]
    code, stdout, stderr = run(command, data, *rest[:-1], out)
    assert (code, stdout) == (0, f"Wrote {out}\n")
    if command == "plot-balance":  # a series without --step says which step it took
        assert stderr.startswith("Note: one step per week, ")
        assert stderr.count("\n") == 1
    else:
        assert stderr == ""
    assert out.stat().st_size > 1000
