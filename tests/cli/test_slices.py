"""``relgraph show``, ``diff`` and ``history`` in-process: exact output and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.records import DIFF_COLUMNS, HISTORY_COLUMNS
from relgraph.records import SHOW_COLUMNS as COLUMNS

runner = CliRunner()

TINY = """\
actors:
  - {id: EGY, name: Egypt, kind: state, aliases: [Cairo]}
  - {id: ISR, name: Israel, kind: state}
  - {id: USA, name: United States, kind: state}
  - {id: biden, name: Joe Biden, kind: person, affiliation: USA}
stances:
  - {id: treaty, actor: EGY, target: ISR, kind: diplomatic, valence: 0.6, mutual: true,
     start: 1979-03-26}
  - {id: downgrade, actor: EGY, target: ISR, kind: diplomatic, label: weighs downgrading ties,
     valence: -0.5, modality: considered, start: 2024-05-14, end: 2024-06~, confidence: 0.5}
  - {id: arms, actor: USA, target: [ISR], kind: military, valence: -0.3, start: 2024-05}
  - {id: doubt, actor: biden, target: ISR, kind: statement, valence: -0.4, start: 2024-05-10,
     end: 2024-05-10}
  - {id: cool, actor: EGY, target: ISR, kind: diplomatic, valence: -0.8, start: 2024-07}
"""


@pytest.fixture
def tiny(tmp_path: Path) -> str:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- show ---------------------------------------------------------------------------------


def test_show_at_prints_a_table_that_fits_100_columns(tiny: str) -> None:
    # 115 columns wide as it stands: one space between columns, the label shortened first,
    # then the other text columns (ids, then words; the dates stay whole)
    table = (
        "key        actor target kind     modality valence start      end      label        "
        "mutual confidence\n"
        "treaty     EGY   ISR    diploma… actual     0.600 1979-03-26 -        -            "
        "yes             -\n"
        "arms#USA>… USA   ISR    military actual    -0.300 2024-05    -        -            "
        "no              -\n"
        "downgrade  EGY   ISR    diploma… conside…  -0.500 2024-05-14 2024-06~ weighs down… "
        "no          0.500\n"
    )
    assert run("show", tiny, "--at", "2024-05-14") == (0, table, "")
    assert {len(line) for line in table.splitlines()} == {100}


def test_a_table_that_fits_keeps_its_wide_gaps(tiny: str) -> None:
    assert run("show", tiny, "--at", "2024-05-14", "--kind", "military") == (
        0,
        "key           actor  target  kind      modality  valence  start    end  label  mutual"
        "  confidence\n"
        "arms#USA>ISR  USA    ISR     military  actual     -0.300  2024-05  -    -      no    "
        "  -\n",
        "",
    )


def test_show_csv_parses_back(tiny: str) -> None:
    code, out, _ = run("show", tiny, "--from", "2024-05", "--to", "2024-05", "--format", "csv")
    assert code == 0
    reader = csv.DictReader(io.StringIO(out))
    rows = list(reader)
    assert reader.fieldnames == list(COLUMNS)
    assert [row["key"] for row in rows] == ["treaty", "arms#USA>ISR", "doubt", "downgrade"]
    assert rows[3] == {
        "key": "downgrade",
        "actor": "EGY",
        "target": "ISR",
        "kind": "diplomatic",
        "modality": "considered",
        "valence": "-0.5",
        "start": "2024-05-14",
        "end": "2024-06~",
        "label": "weighs downgrading ties",
        "mutual": "false",
        "confidence": "0.5",
    }
    assert rows[0]["end"] == ""
    assert rows[0]["label"] == ""


def test_show_json_parses_back_with_every_attribute(tiny: str) -> None:
    code, out, _ = run("show", tiny, "--at", "2024-05-14", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [row["key"] for row in rows] == ["treaty", "arms#USA>ISR", "downgrade"]
    assert rows[0] == {
        "key": "treaty",
        "actor": "EGY",
        "target": "ISR",
        "stance": "treaty",
        "kind": "diplomatic",
        "valence": 0.6,
        "sign": 1,
        "modality": "actual",
        "mutual": True,
        "evidence": [],
        "attrs": {},
        "start": "1979-03-26",
        "start_day": "1979-03-26",
        "end_day": None,
        "approximate": False,
        "uncertain": False,
        "certain": True,
        # every column, the absent ones as null
        "label": None,
        "confidence": None,
        "cameo": None,
        "end": None,
        "reported": None,
    }
    assert rows[1]["stance"] == "arms"
    assert rows[2]["end"] == "2024-06~"
    assert rows[2]["end_day"] == "2024-06-30"
    assert rows[2]["approximate"] is True
    assert rows[2]["confidence"] == 0.5
    assert rows[2]["label"] == "weighs downgrading ties"


def test_show_a_window(tiny: str) -> None:
    code, out, _ = run("show", tiny, "--from", "2024-07", "--to", "2024-07-01", "--format", "csv")
    assert code == 0
    assert [row["key"] for row in csv.DictReader(io.StringIO(out))] == [
        "treaty",
        "arms#USA>ISR",
        "cool",
    ]


def test_show_takes_the_filters(tiny: str) -> None:
    def shown(*options: str) -> list[str]:
        code, out, err = run("show", tiny, "--at", "2024-05-10", "--format", "csv", *options)
        assert (code, err) == (0, "")
        return [f"{r['actor']}>{r['target']}:{r['key']}" for r in csv.DictReader(io.StringIO(out))]

    assert shown() == ["EGY>ISR:treaty", "USA>ISR:arms#USA>ISR", "biden>ISR:doubt"]
    assert shown("--kind", "military", "--kind", "statement") == [
        "USA>ISR:arms#USA>ISR",
        "biden>ISR:doubt",
    ]
    assert shown("--modality", "considered") == []
    assert shown("--actor", "Egypt", "--actor", "ISR") == ["EGY>ISR:treaty"]
    assert shown("--ego", "biden") == ["biden>ISR:doubt"]
    assert shown("--rollup") == ["EGY>ISR:treaty", "USA>ISR:arms#USA>ISR", "USA>ISR:doubt"]
    assert shown("--rollup", "--ego", "Joe Biden") == ["USA>ISR:arms#USA>ISR", "USA>ISR:doubt"]


def test_show_min_confidence_keeps_stances_without_one(tiny: str) -> None:
    code, out, _ = run(
        "show", tiny, "--at", "2024-05-14", "--min-confidence", "0.6", "--format", "csv"
    )
    assert code == 0
    assert [r["key"] for r in csv.DictReader(io.StringIO(out))] == ["treaty", "arms#USA>ISR"]


def test_show_says_when_nothing_is_in_force(tiny: str) -> None:
    assert run("show", tiny, "--at", "1970-01-01") == (
        0,
        "No stances in force on 1970-01-01.\n",
        "",
    )
    assert run("show", tiny, "--from", "1970", "--to", "1971") == (
        0,
        "No stances in force from 1970-01-01 to 1971-12-31.\n",
        "",
    )


def test_empty_json_and_csv_stay_machine_readable(tiny: str) -> None:
    assert run("show", tiny, "--at", "1970-01-01", "--format", "json") == (0, "[]\n", "")
    assert run("show", tiny, "--at", "1970-01-01", "--format", "csv") == (
        0,
        ",".join(COLUMNS) + "\n",
        "",
    )
    assert run("diff", tiny, "1970-01-01", "1970-01-02", "--format", "csv") == (
        0,
        ",".join(DIFF_COLUMNS) + "\n",
        "",
    )
    assert run("history", tiny, "USA", "EGY", "--format", "csv") == (
        0,
        ",".join(HISTORY_COLUMNS) + "\n",
        "",
    )


def test_show_without_dates_shows_the_whole_span(tiny: str) -> None:
    code, out, _ = run("show", tiny, "--format", "csv")
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 5


# -- diff and history ---------------------------------------------------------------------


def test_diff_prints_what_began_and_passed(tiny: str) -> None:
    assert run("diff", tiny, "2024-05-01", "2024-05-20") == (
        0,
        "change key      actor target kind     modality valence start      end        label "
        "mutual confidence\n"
        "began  downgra… EGY   ISR    diploma… conside…  -0.500 2024-05-14 2024-06~   weig… "
        "no          0.500\n"
        "passed doubt    biden ISR    stateme… actual    -0.400 2024-05-10 2024-05-10 -     "
        "no              -\n",
        "",
    )


def test_diff_json_shows_a_change_as_two_rows(tiny: str) -> None:
    code, out, _ = run("diff", tiny, "2024-06-15", "2024-07-15", "--format", "json")
    assert code == 0
    assert [(row["change"], row["key"], row["valence"]) for row in json.loads(out)] == [
        ("changed from", "downgrade", -0.5),
        ("changed to", "cool", -0.8),
    ]


def test_diff_says_when_nothing_changed(tiny: str) -> None:
    assert run("diff", tiny, "2024-05-20", "2024-05-21") == (
        0,
        "No change between 2024-05-20 and 2024-05-21.\n",
        "",
    )


def test_history_prints_both_directions_in_order(tiny: str) -> None:
    assert run("history", tiny, "Israel", "Cairo") == (
        0,
        "key       actor target kind     modality valence start      end      label         "
        "mutual confidence\n"
        "treaty    EGY   ISR    diploma… actual     0.600 1979-03-26 -        -             "
        "yes             -\n"
        "downgrade EGY   ISR    diploma… conside…  -0.500 2024-05-14 2024-06~ weighs downg… "
        "no          0.500\n"
        "cool      EGY   ISR    diploma… actual    -0.800 2024-07    -        -             "
        "no              -\n",
        "",
    )


def test_history_with_the_rollup_folds_a_person(tiny: str) -> None:
    code, out, _ = run("history", tiny, "biden", "ISR", "--rollup", "--format", "csv")
    assert code == 0
    assert [(r["key"], r["actor"]) for r in csv.DictReader(io.StringIO(out))] == [
        ("arms#USA>ISR", "USA"),
        ("doubt", "USA"),
    ]


def test_history_says_when_a_pair_has_no_stances(tiny: str) -> None:
    assert run("history", tiny, "USA", "EGY") == (0, "No stances between USA and EGY.\n", "")


def test_history_of_one_actor_with_itself_is_an_error(tiny: str) -> None:
    assert run("history", tiny, "Egypt", "EGY") == (
        1,
        "",
        "Error: Egypt and EGY are the same actor (EGY); name two actors\n",
    )


# -- errors -------------------------------------------------------------------------------

UNKNOWN_ACTOR = "Error: unknown actor 'Isreal'; did you mean 'ISR' (Israel)?\n"


@pytest.mark.parametrize(
    "args",
    [
        ("show", "--at", "2024-05-14", "--ego", "Isreal"),
        ("show", "--at", "2024-05-14", "--actor", "EGY", "--actor", "Isreal"),
        ("diff", "2024-01-01", "2024-05-14", "--ego", "Isreal"),
        ("history", "EGY", "Isreal"),
    ],
)
def test_an_unknown_actor_is_an_error_with_a_suggestion(tiny: str, args: tuple[str, ...]) -> None:
    command, *rest = args
    assert run(command, tiny, *rest) == (1, "", UNKNOWN_ACTOR)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "--at", "2024-13-01"), "--at: 2024-13-01: month must be 01 to 12 (got 13)"),
        (("show", "--from", "2024-13"), "--from: 2024-13: month must be 01 to 12 (got 13)"),
        (
            ("show", "--at", "14/05/2024"),
            "--at: '14/05/2024' is not a date: write YYYY, "
            "YYYY-MM or YYYY-MM-DD, optionally followed by ~ (approximate), ? (uncertain) or % "
            "(both)",
        ),
        (
            ("show", "--from", "2024-05", "--to", "2023"),
            "--to 2023 is before --from 2024-05",
        ),
        (
            ("diff", "2024-02-30", "2024-03-01"),
            "day A: 2024-02-30 is not a day of the calendar (February 2024 has 29 days)",
        ),
        (
            ("diff", "2024-03-01", "2024-02-01"),
            "day B (2024-02-01) is before day A (2024-03-01); give the earlier day first",
        ),
        (
            ("show", "--at", "2024-05-14", "--from", "2024-05"),
            "give either a day (--at) or a period (--from/--to), not both",
        ),
        (
            ("show", "--at", "2024-05-14", "--kind", "diplomatc"),
            "unknown kind 'diplomatc': use diplomatic, military, economic, humanitarian, "
            "statement, mediation, conflict, alliance, other; did you mean 'diplomatic'?",
        ),
        (
            ("show", "--at", "2024-05-14", "--format", "xml"),
            "--format xml: unknown format (known: table, json, csv)",
        ),
    ],
)
def test_bad_requests_are_errors(tiny: str, args: tuple[str, ...], message: str) -> None:
    command, *rest = args
    assert run(command, tiny, *rest) == (1, "", f"Error: {message}\n")


def test_a_partial_at_points_to_from_and_to(tiny: str) -> None:
    assert run("show", tiny, "--at", "2024-05") == (
        1,
        "",
        "Error: --at 2024-05 is a whole month, not a day: give YYYY-MM-DD, or ask for the "
        "period with --from 2024-05 --to 2024-05\n",
    )


def test_a_confidence_outside_0_1_is_a_usage_error(tiny: str) -> None:
    code, out, err = run("show", tiny, "--at", "2024-05-14", "--min-confidence", "2")
    assert (code, out) == (2, "")
    assert err.endswith(
        "Error: Invalid value for '--min-confidence': Input should be less than or equal to 1\n"
    )


def test_a_day_after_the_last_date_written_gets_a_note(tiny: str) -> None:
    code, out, err = run("show", tiny, "--at", "2025-01-01", "--format", "csv")
    assert (code, len(out.splitlines())) == (0, 4)
    assert err == (
        "Note: 2025-01-01 is after the last date the file names (2024-07-31); 3 stances "
        "without an end are assumed to continue past it.\n"
    )
    assert run("show", tiny, "--at", "2024-07-31", "--format", "csv")[2] == ""


def test_a_partial_day_in_diff_is_an_error(tiny: str) -> None:
    code, out, err = run("diff", tiny, "2024", "2024-05-14")
    assert (code, out) == (1, "")
    assert err == "Error: day A 2024 is a whole year, not a day: give YYYY-MM-DD\n"


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    assert run("show", str(missing), "--at", "2024-05-14") == (
        1,
        "",
        f"Error: 1 problem in {missing}\n{missing}: cannot read the file: No such file or "
        "directory\n",
    )


def test_roll_up_says_what_it_left_out(tmp_path: Path) -> None:
    path = tmp_path / "roll.yaml"
    path.write_text(
        "actors:\n"
        "  - {id: USA, name: United States, kind: state}\n"
        "  - {id: ISR, name: Israel, kind: state}\n"
        "  - {id: BIDEN, name: Joe Biden, kind: person, affiliation: USA}\n"
        "stances:\n"
        "  - {actor: BIDEN, target: USA, kind: statement, valence: 0.5, start: 2024-05-14}\n"
        "  - {actor: BIDEN, target: ISR, kind: statement, valence: -0.2, start: 2024-05-14}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["show", str(path), "--at", "2024-05-14", "--rollup", "--format", "csv"]
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith("BIDEN>ISR:statement:2024-05-14,USA,ISR,")
    assert result.stderr == (
        "Note: the roll-up left out 1 stance that would fold into a self-loop.\n"
    )


def test_json_output_is_valid_json_when_the_file_holds_nan(tmp_path: Path) -> None:
    path = tmp_path / "nan.yaml"
    path.write_text(
        "actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]\n"
        "stances: [{id: s, actor: A, target: B, kind: economic, valence: 0.5,"
        " start: 2024-06-01, attrs: {ratio: .nan}}]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["show", str(path), "--at", "2024-06-01", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["attrs"] == {"ratio": None}
