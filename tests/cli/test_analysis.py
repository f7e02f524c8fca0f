"""The analysis commands, in-process: exact output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relgraph.cli import app

runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


# -- balance -------------------------------------------------------------------------------

AT_MAY_14 = """\
actors: 4
signed ties: 5 (2 positive, 3 negative)
triangles: 2 (0 balanced, 2 unbalanced; share balanced 0.000)
frustration index: 1 (exact: enumeration of all splits of each component (<= 20 actors))
rule: actual x1, considered x0, threatened x0
unbalanced triangles:
  Egypt, Hamas, Israel (+ - +)
  Hamas, Israel, United States (- - -)
frustrated ties:
  Hamas - Israel
"""


def test_balance_at_a_day(case: Path) -> None:
    # Egypt-Israel: the treaty (+0.5) counts, the considered downgrade does not: +.
    # US-Israel: arms +0.6 and the pause -0.8 sum to -0.2: -. Flipping Hamas-Israel
    # balances both triangles, so the frustration index is 1.
    assert run("balance", case, "--at", "2024-05-14") == (0, AT_MAY_14, "")


def test_balance_weighting_the_considered_downgrade(case: Path) -> None:
    code, out, _ = run("balance", case, "--at", "2024-05-14", "--weight", "considered=1")
    assert code == 0
    assert "rule: actual x1, considered x1, threatened x0\n" in out
    assert "balanced triangles:\n  Egypt, Hamas, Israel (+ - -)\n" in out
    assert "unbalanced triangles:\n  Hamas, Israel, United States (- - -)\n" in out


def test_balance_at_a_day_as_json(case: Path) -> None:
    code, out, _ = run("balance", case, "--at", "2024-05-14", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["at"] == "2024-05-14"
    assert (data["share_balanced"], data["frustration"], data["exact"]) == (0.0, 1, True)
    assert data["frustrated"] == [["HAM", "ISR"]]
    assert data["unbalanced_triangles"][0] == {
        "actors": ["EGY", "HAM", "ISR"],
        "names": ["Egypt", "Hamas", "Israel"],
        "signs": [1, -1, 1],
    }


def test_balance_at_a_day_as_csv(case: Path) -> None:
    assert run("balance", case, "--at", "2024-05-14", "--format", "csv") == (
        0,
        "at,actors,ties,positive,negative,triangles,balanced,unbalanced,share_balanced,"
        "frustration,exact\n2024-05-14,4,5,2,3,2,0,2,0.0,1,true\n",
        "",
    )


def test_balance_series_as_csv(case: Path) -> None:
    code, out, err = run(
        "balance", case, "--from", "2024-03", "--to", "2024-06", "--step", "month",
        "--format", "csv",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == (
        "period,start,end,window_start,actors,ties,positive,negative,triangles,balanced,"
        "unbalanced,share_balanced,frustration,exact\n"
        "2024-03,2024-03-01,2024-03-31,2024-03-01,4,5,3,2,2,1,1,0.5,1,true\n"
        "2024-04,2024-04-01,2024-04-30,2024-04-01,4,5,3,2,2,1,1,0.5,1,true\n"
        "2024-05,2024-05-01,2024-05-31,2024-05-01,4,5,2,3,2,0,2,0.0,1,true\n"
        "2024-06,2024-06-01,2024-06-30,2024-06-01,4,4,2,2,1,0,1,0.0,1,true\n"
    )


def test_balance_series_with_a_rolling_width_names_its_window(case: Path) -> None:
    code, out, _ = run(
        "balance", case, "--from", "2024-05", "--to", "2024-06", "--step", "month",
        "--width", "3m", "--format", "csv",
    )  # fmt: skip
    assert code == 0
    assert [line.split(",")[:4] for line in out.splitlines()[1:]] == [
        ["2024-05", "2024-05-01", "2024-05-31", "2024-03-01"],
        ["2024-06", "2024-06-01", "2024-06-30", "2024-04-01"],
    ]


def test_balance_series_as_table(case: Path) -> None:
    code, out, _ = run("balance", case, "--from", "2024-05", "--to", "2024-06", "--step", "month")
    assert code == 0
    assert out.splitlines() == [
        "period   start       end         window_start  actors  ties  positive  negative"
        "  triangles  balanced  unbalanced  share_balanced  frustration  exact",
        "2024-05  2024-05-01  2024-05-31  2024-05-01         4     5         2         3"
        "          2         0           2           0.000            1  yes",
        "2024-06  2024-06-01  2024-06-30  2024-06-01         4     4         2         2"
        "          1         0           1           0.000            1  yes",
    ]


def test_balance_series_as_json(case: Path) -> None:
    code, out, _ = run("balance", case, "--from", "2024-06", "--to", "2024-06", "--format", "json")
    assert code == 0
    # without --step, the finest step that gives at most 100 periods: days over one month
    assert [row["period"] for row in json.loads(out)][:2] == ["2024-06-01", "2024-06-02"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--at", "2024-05-14", "--from", "2024-01"],
         "Error: give either a day (--at) or a period (--from/--to), not both\n"),
        (["--format", "xml"], "Error: --format xml: unknown format (known: table, json, csv)\n"),
        (["--weight", "considered"],
         "Error: --weight considered: write MODALITY=NUMBER, e.g. considered=0.5\n"),
        (["--weight", "hoped=1"],
         "Error: --weight hoped=1: unknown modality 'hoped' (known: actual, considered, "
         "threatened)\n"),
        (["--weight", "considered=lots"], "Error: --weight considered=lots: 'lots' is not a "
         "number\n"),
        (["--weight", "considered=nan"], "Error: --weight considered=nan: a weight is a finite "
         "number\n"),
    ],
)  # fmt: skip
def test_balance_errors(case: Path, args: list[str], message: str) -> None:
    assert run("balance", case, *args) == (1, "", message)


def test_a_step_on_one_day_is_a_usage_error(case: Path) -> None:
    for option in (["--step", "week"], ["--width", "3m"]):
        code, out, err = run("balance", case, "--at", "2024-05-14", *option)
        assert (code, out) == (2, "")
        assert err.endswith(
            f"Error: Invalid value for {option[0]}: a step is taken over a series "
            "(--from/--to), not on one day (--at)\n"
        )


def test_balance_partial_day_is_an_error(case: Path) -> None:
    code, out, err = run("balance", case, "--at", "2024-05")
    assert (code, out) == (1, "")
    assert err.startswith("Error: ")
    assert "Traceback" not in err


def test_balance_of_a_missing_file(tmp_path: Path) -> None:
    code, out, err = run("balance", tmp_path / "nope.yaml", "--at", "2024-05-14")
    assert (code, out) == (1, "")
    assert err.startswith("Error: ")
    assert "nope.yaml" in err


# -- stats ---------------------------------------------------------------------------------


def test_stats_at_a_day(case: Path) -> None:
    code, out, _ = run("stats", case, "--at", "2024-05-14", "--format", "json")
    assert code == 0
    rows = {row["actor"]: row for row in json.loads(out)}
    degree = {a: (r["out_pos"], r["out_neg"], r["in_pos"], r["in_neg"]) for a, r in rows.items()}
    # Mutual treaty and war count both ways; the considered downgrade counts as sent/received.
    assert degree == {
        "EGY": (2, 1, 1, 0),
        "ISR": (1, 1, 2, 3),
        "USA": (1, 2, 0, 0),
        "HAM": (0, 1, 1, 2),
    }
    assert rows["HAM"]["name"] == "Hamas"
    assert rows["EGY"]["pn"] > rows["ISR"]["pn"]


def test_stats_table(case: Path) -> None:
    code, out, _ = run("stats", case, "--at", "2024-05-14")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "actor  name           kind         out_pos  out_neg  in_pos  in_neg     pn"
    assert lines[1].startswith(
        "EGY    Egypt          state              2        1       1       0"
    )
    assert len(lines) == 5


# -- plots ---------------------------------------------------------------------------------


def test_plot_pair(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "pair.png"
    assert run("plot", case, "Cairo", "ISR", "-o", out) == (0, f"Wrote {out}\n", "")
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_plot_unknown_actor(case: Path, tmp_path: Path) -> None:
    code, out, err = run("plot", case, "EGY", "ISRL", "-o", tmp_path / "pair.png")
    assert (code, out) == (1, "")
    assert err.startswith("Error: unknown actor 'ISRL'")
    assert not (tmp_path / "pair.png").exists()


def test_plot_balance(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "balance.png"
    code, stdout, _ = run("plot-balance", case, "--from", "2024-01", "--to", "2024-06", "-o", out)
    assert (code, stdout) == (0, f"Wrote {out}\n")
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_commands_have_help() -> None:
    for command in ("balance", "stats", "export", "plot", "plot-balance"):
        code, out, _ = run(command, "--help")
        assert code == 0
        assert "Usage: relgraph" in out or "Usage: root" in out


def test_analysis_commands_take_the_shared_filters(case: Path, tmp_path: Path) -> None:
    code, out, err = run("stats", case, "--at", "2024-05-14", "--ego", "Egypt", "--format", "csv")
    assert (code, err) == (0, "")
    everyone, _ = run("stats", case, "--at", "2024-05-14", "--format", "csv")[1:]
    assert 1 < len(out.splitlines()) < len(everyone.splitlines())
    code, out, err = run(
        "export", case, "--format", "json", "--modality", "considered", "-o", tmp_path / "c.json"
    )
    assert (code, err) == (0, "")
    data = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert data["edges"]
    assert {edge["modality"] for edge in data["edges"]} == {"considered"}
    assert data["graph"]["provenance"]["filters"] == {"modalities": ["considered"]}


def test_plot_of_a_pair_without_stances_is_an_error(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "pair.png"
    assert run("plot", case, "Hamas", "United States", "--kind", "alliance", "-o", out) == (
        1,
        "",
        "Error: no stances between Hamas and United States: nothing to plot\n",
    )
    assert not out.exists()


def test_plot_of_one_actor_with_itself_is_an_error(case: Path, tmp_path: Path) -> None:
    assert run("plot", case, "Egypt", "Cairo", "-o", tmp_path / "pair.png") == (
        1,
        "",
        "Error: Egypt and Cairo are the same actor (EGY); name two actors\n",
    )


def test_a_series_longer_than_the_limit_is_refused_and_the_option_raises_it(
    case: Path, tmp_path: Path
) -> None:
    months = ("--from", "2024-01", "--to", "2024-06", "--step", "month")
    message = (
        "Error: 2024-01-01..2024-06-30 by month is 6 periods, more than the limit of 5 "
        "(max_periods; --max-periods on the command line): choose a coarser step or a shorter "
        "range, or raise the limit\n"
    )
    assert run("balance", case, *months, "--max-periods", "5") == (1, "", message)
    out = tmp_path / "b.png"
    assert run("plot-balance", case, *months, "--max-periods", "5", "-o", out) == (1, "", message)
    assert not out.exists()
    code, stdout, _ = run("balance", case, *months, "--max-periods", "6", "--format", "csv")
    assert (code, len(stdout.splitlines())) == (0, 7)
    # day steps from year 1 to 9999: refused before any work, by the default limit
    code, _, err = run("balance", case, "--from", "0001", "--to", "9999", "--step", "day")
    assert code == 1
    assert "more than the limit of 20,000 (max_periods; --max-periods" in err
