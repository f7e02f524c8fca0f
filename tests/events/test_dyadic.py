"""Dyad-year tables into stances: checked against plain-Python spells on the shipped extracts
of ATOP and COW-MID, and on small tables written here."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest

from relgraph.errors import LoadError, QueryError
from relgraph.events.dyadic import read_atop, read_cow_mid, read_dyadic
from relgraph.events.states import state_for_cow

DATA = Path(__file__).resolve().parents[2] / "data" / "dyadic"
ATOP = DATA / "atop_major_powers.csv"
MID = DATA / "cow_mid_major_powers.csv"
OBLIGATIONS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
NAMES = ("defense", "offense", "neutrality", "non-aggression", "consultation")
ATOP_HEAD = "ccode1,ccode2,year," + ",".join(OBLIGATIONS) + "\n"


def ident(code: str) -> str:
    state = state_for_cow(int(code))
    assert state is not None
    return state.id


def runs(keyed: dict[tuple[object, ...], dict[int, object]]) -> set[tuple[object, ...]]:
    """Maximal runs of consecutive years with equal values, computed the plain way."""
    found = set()
    for key, years in keyed.items():
        ordered = sorted(years)
        first = previous = ordered[0]
        for year in [*ordered[1:], None]:
            if year is None or year != previous + 1 or years[year] != years[previous]:
                found.add((*key, years[previous], first, previous))
                first = year  # type: ignore[assignment]
            previous = year  # type: ignore[assignment]
    return found


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stances(result: object) -> list[dict[str, object]]:
    return result.stances.to_pylist()  # type: ignore[attr-defined, no-any-return]


# -- ATOP on the real extract -----------------------------------------------------------------


def test_atop_spells_equal_plain_python_runs() -> None:
    keyed: dict[tuple[object, ...], dict[int, object]] = defaultdict(dict)
    empty = 0
    with ATOP.open(newline="") as handle:
        for row in csv.DictReader(handle):
            held = tuple(name for name, c in zip(NAMES, OBLIGATIONS, strict=True) if row[c] != "0")
            if not held:
                empty += 1
                continue
            keyed[(ident(row["ccode1"]), ident(row["ccode2"]))][int(row["year"])] = held
    expected = {(a, b, ", ".join(held), str(y1), str(y2)) for a, b, held, y1, y2 in runs(keyed)}

    result = read_atop(ATOP)
    got = {
        (s["actor"][0], s["target"][0], s["label"], s["start"], s["end"]) for s in stances(result)
    }
    assert got == expected
    assert result.stances.num_rows == len(expected)
    assert result.left_out == ({"no obligation": empty} if empty else {})
    assert result.provenance["rows"] == 3628


def test_atop_stances_in_force_equal_pair_years_with_an_obligation() -> None:
    per_year: dict[int, int] = defaultdict(int)
    with ATOP.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if any(row[c] != "0" for c in OBLIGATIONS):
                per_year[int(row["year"])] += 1
    spells = [(int(s["start"]), int(s["end"])) for s in stances(read_atop(ATOP))]
    for year in (1815, 1879, 1882, 1907, 1914, 1939, 1950, 1991, 2018):
        assert sum(a <= year <= b for a, b in spells) == per_year[year], year


def test_atop_fields_ids_and_direction() -> None:
    rows = {s["id"]: s for s in stances(read_atop(ATOP))}
    # the Triple Alliance: Germany -> Austria-Hungary, defensive, from 1879 (Dual Alliance)
    dual = rows["atop-DEU-cow:AUH-1879"]
    assert dual["kind"] == "alliance"
    assert dual["valence"] == 1.0
    assert dual["modality"] == "actual"
    assert dual["mutual"] is False
    assert json.loads(dual["attrs"])["defense"] is True
    assert all(
        s["id"] == f"atop-{s['actor'][0]}-{s['target'][0]}-{s['start']}" for s in rows.values()
    )


def test_atop_release_column_names(tmp_path: Path) -> None:
    text = ATOP.read_text(encoding="utf-8").split("\n", 1)[1]
    head = "stateA,stateB,year,defense,offense,neutral,nonagg,consul\n"
    renamed = write(tmp_path, "atop5_1ddyr.csv", head + text)
    assert stances(read_atop(renamed)) == stances(read_atop(ATOP))
    assert read_atop(renamed).provenance["options"]["column_names"].startswith("ATOP release")


def test_atop_splits_where_obligations_change_and_where_a_year_is_missing(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.csv",
        ATOP_HEAD
        + "2,200,1900,1,0,0,0,0\n2,200,1901,1,0,0,0,0\n"  # defense 1900-1901
        + "2,200,1902,1,0,0,0,1\n"  # + consultation: a new stance
        + "2,200,1904,1,0,0,0,1\n"  # 1903 missing: another
        + "2,200,1905,0,0,0,0,0\n"  # nothing: left out
        + "200,2,1900,0,0,0,1,0\n",  # the other direction: its own stance
    )
    result = read_atop(path)
    got = [(s["id"], s["label"], s["valence"], s["start"], s["end"]) for s in stances(result)]
    assert got == [  # in the order of the COW numbers (2 before 200), then of the years
        ("atop-USA-GBR-1900", "defense", 1.0, "1900", "1901"),
        ("atop-USA-GBR-1902", "defense, consultation", 1.0, "1902", "1902"),
        ("atop-USA-GBR-1904", "defense, consultation", 1.0, "1904", "1904"),
        ("atop-GBR-USA-1900", "non-aggression", 0.4, "1900", "1900"),
    ]
    assert result.left_out == {"no obligation": 1}


def test_atop_a_row_left_out_inside_a_run_splits_it(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "a.csv",
        ATOP_HEAD
        + "2,200,1990,1,0,0,0,0\n"
        + "2,200,1991,1,NA,0,0,0\n"  # an empty obligation: left out, as a missing year
        + "2,200,1992,1,0,0,0,0\n",
    )
    result = read_atop(path)
    got = [(s["id"], s["start"], s["end"]) for s in stances(result)]
    assert got == [("atop-USA-GBR-1990", "1990", "1990"), ("atop-USA-GBR-1992", "1992", "1992")]
    assert result.left_out == {"an obligation column is empty": 1}
    assert result.notes == []
    assert result.provenance["repeated_rows"] == 0


def test_atop_valence_is_the_strongest_obligation(tmp_path: Path) -> None:
    rows = ["2,200,1900,0,1,1,1,1", "2,220,1900,0,0,1,0,1", "2,255,1900,0,0,0,1,1"]
    rows += ["2,365,1900,0,0,0,0,1"]
    path = write(tmp_path, "a.csv", ATOP_HEAD + "\n".join(rows) + "\n")
    got = {s["target"][0]: s["valence"] for s in stances(read_atop(path))}
    assert got == {"GBR": 0.9, "FRA": 0.5, "DEU": 0.4, "RUS": 0.3}


def test_atop_years_kept(tmp_path: Path) -> None:
    rows = [f"2,200,{year},1,0,0,0,0" for year in range(1900, 1910)]
    path = write(tmp_path, "a.csv", ATOP_HEAD + "\n".join(rows) + "\n")
    result = read_atop(path, start=1903, end=1905)
    assert [(s["start"], s["end"]) for s in stances(result)] == [("1903", "1905")]
    assert result.left_out == {"before --from": 3, "after --to": 4}
    with pytest.raises(QueryError, match="--from takes a year"):
        read_atop(path, start="1900s")


def test_atop_runs_stop_at_every_year_bound_and_repeats_are_counted_once(tmp_path: Path) -> None:
    # one run of years 0-12 with 2 and 4 repeated: it crosses year 1, --from 3 and --to 10
    years = [*range(13), 2, 4]
    rows = [f"2,200,{year},1,0,0,0,0" for year in years]
    path = write(tmp_path, "a.csv", ATOP_HEAD + "\n".join(rows) + "\n")
    result = read_atop(path, start=3, end=10)
    assert [(s["start"], s["end"]) for s in stances(result)] == [("0003", "0010")]
    assert result.left_out == {
        "year not between 1 and 9999": 1,
        "before --from": 3,  # 1, 2 and the repeated 2
        "after --to": 2,
    }
    assert result.provenance["repeated_rows"] == 1  # the repeated 4
    assert result.provenance["rows"] == len(years)


def test_a_row_is_counted_under_its_first_reason(tmp_path: Path) -> None:
    rows = [
        ",200,0,0,0,0,0,0",  # no code, a bad year and no obligation: no code
        "2,200,0,0,0,0,0,0",  # a bad year and no obligation: the year
        "2,200,1990,0,0,0,0,0",  # no obligation
        "2,2,1990,1,0,0,0,0",  # actor equal to target
        "2,200,1991,1,0,0,0,0",
    ]
    path = write(tmp_path, "a.csv", ATOP_HEAD + "\n".join(rows) + "\n")
    result = read_atop(path, start=1991)
    assert result.left_out == {
        "no actor or target code": 1,
        "year not between 1 and 9999": 1,
        "no obligation": 1,
        "actor equal to target": 1,
    }
    assert [s["id"] for s in stances(result)] == ["atop-USA-GBR-1991"]
    mutual = read_dyadic(path, actor_col="ccode1", target_col="ccode2", year_col="year",
                         valence=1, mutual=True)  # fmt: skip
    # least() and greatest() would make the row without a code a self-loop 200-200
    assert mutual.left_out == {
        "no actor or target code": 1,
        "year not between 1 and 9999": 1,
        "actor equal to target": 1,
    }


# -- COW-MID on the real extract --------------------------------------------------------------


def test_mid_spells_equal_plain_python_runs() -> None:
    keyed: dict[tuple[object, ...], dict[int, object]] = defaultdict(dict)
    with MID.open(newline="") as handle:
        for row in csv.DictReader(handle):
            key = (int(row["dispnum"]), ident(row["ccode1"]), ident(row["ccode2"]))
            keyed[key][int(row["year"])] = int(row["hostlev1"])
    expected = {
        (f"mid-{d}-{a}-{b}-{y1}", -level / 5, str(y1), str(y2))
        for d, a, b, level, y1, y2 in runs(keyed)
    }
    result = read_cow_mid(MID)
    got = {(s["id"], s["valence"], s["start"], s["end"]) for s in stances(result)}
    assert got == expected
    assert result.left_out == {}


def test_mid_stances_in_force_equal_dispute_rows() -> None:
    per_year: dict[int, int] = defaultdict(int)
    with MID.open(newline="") as handle:
        for row in csv.DictReader(handle):
            per_year[int(row["year"])] += 1
    spells = [(int(s["start"]), int(s["end"])) for s in stances(read_cow_mid(MID))]
    for year in (1840, 1870, 1900, 1914, 1939, 1950, 1962, 1999, 2014):
        assert sum(a <= year <= b for a, b in spells) == per_year[year], year


def test_mid_levels_modality_labels_and_attrs(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mid.csv",
        "dispnum,ccode1,ccode2,year,hostlev1,hostlev2\n"
        "7,2,200,1900,2,1\n7,2,200,1901,2,4\n7,2,200,1902,4,4\n"  # threat, then force
        "7,200,2,1900,1,2\n"  # no militarized action by the UK, kept
        "8,2,200,1901,5,5\n",  # another dispute, same pair: its own stance
    )
    got = {s["id"]: s for s in stances(read_cow_mid(path))}
    assert sorted(got) == [
        "mid-7-GBR-USA-1900",
        "mid-7-USA-GBR-1900",
        "mid-7-USA-GBR-1902",
        "mid-8-USA-GBR-1901",
    ]
    threat = got["mid-7-USA-GBR-1900"]
    assert (threat["modality"], threat["valence"], threat["end"]) == ("threatened", -0.4, "1901")
    assert threat["label"] == "MID 7: threat to use force"
    assert json.loads(threat["attrs"]) == {
        "source_format": "cow-mid", "dispnum": 7, "hostlev1": 2, "hostlev2": 4,
    }  # fmt: skip
    quiet = got["mid-7-GBR-USA-1900"]
    assert (quiet["label"], quiet["modality"], quiet["valence"]) == (
        "MID 7: no militarized action", "actual", -0.2,
    )  # fmt: skip
    assert got["mid-8-USA-GBR-1901"]["label"] == "MID 8: war"


def test_mid_missing_levels(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mid.csv",
        "dispnum,ccode1,ccode2,year,hostlev1,hostlev2\n"
        "20,2,200,1900,3,\n"  # no hostlev2: the attrs say null, and keep the rest
        "14,2,200,1901,NA,3\n",  # no hostlev1: counted as such
    )
    result = read_cow_mid(path)
    (stance,) = stances(result)
    assert json.loads(str(stance["attrs"])) == {
        "source_format": "cow-mid", "dispnum": 20, "hostlev1": 3, "hostlev2": None,
    }  # fmt: skip
    assert result.left_out == {"no hostlev1": 1}


# -- any dyad-year or spell table -------------------------------------------------------------


def test_dyadic_whole_numbers_written_with_a_decimal_point(tmp_path: Path) -> None:
    plain = write(tmp_path, "a.csv", "a,b,year\n2,255,1990\n2,255,1991\n")
    dotted = write(tmp_path, "b.csv", "a,b,year\n2.0,255.0,1990.0\n2,255,1991.0\n")
    options = {"actor_col": "a", "target_col": "b", "year_col": "year", "valence": 0.5}
    assert stances(read_dyadic(plain, **options)) == stances(read_dyadic(dotted, **options))
    assert [s["id"] for s in stances(read_dyadic(dotted, **options))] == ["dy-USA-DEU-1990"]


def test_dyadic_every_non_number_is_named(tmp_path: Path) -> None:
    path = write(
        tmp_path, "bad.csv", "a,b,year\n2,255,1990\nUSA,255,1991\n2,2.5,1992\n2,255,199x\n"
    )
    with pytest.raises(LoadError) as caught:
        read_dyadic(path, actor_col="a", target_col="b", year_col="year", valence=1)
    assert str(caught.value).splitlines() == [
        f"3 problems in {path}",
        f"{path}:3:1: a: not a COW country number (got 'USA')",
        f"{path}:4:2: b: not a COW country number (got '2.5')",
        f"{path}:5:3: year: not a whole number (got '199x')",
    ]


def test_dyadic_unknown_cow_numbers_become_other_and_are_counted(tmp_path: Path) -> None:
    path = write(tmp_path, "u.csv", "a,b,year\n2,999,1990\n2,999,1991\n2,255,1990\n")
    result = read_dyadic(path, actor_col="a", target_col="b", year_col="year", valence=-1)
    actors = {a["id"]: a for a in result.actors.to_pylist()}
    assert actors["cow:999"]["kind"] == "other"
    assert actors["cow:999"]["name"] == "COW 999"
    assert actors["DEU"]["kind"] == "state"
    assert result.provenance["unknown_codes"] == {"999": "kind other"}
    assert result.provenance["unknown_code_rows"] == 2
    assert any("999" in note for note in result.notes)


def test_dyadic_mutual_joins_both_directions(tmp_path: Path) -> None:
    rows = ["2,365,1950", "365,2,1950", "2,365,1951", "365,2,1951", "365,2,1952"]
    path = write(tmp_path, "m.csv", "a,b,year\n" + "\n".join(rows) + "\n")
    options = {"actor_col": "a", "target_col": "b", "year_col": "year", "valence": -0.6}
    directed = stances(read_dyadic(path, **options))
    assert [(s["id"], s["start"], s["end"]) for s in directed] == [
        ("dy-USA-RUS-1950", "1950", "1951"),
        ("dy-RUS-USA-1950", "1950", "1952"),
    ]
    mutual = read_dyadic(path, mutual=True, **options)
    got = [(s["id"], s["actor"], s["target"], s["mutual"], s["start"], s["end"])
           for s in stances(mutual)]  # fmt: skip
    assert got == [("dy-USA-RUS-1950", ["USA"], ["RUS"], True, "1950", "1952")]
    assert mutual.provenance["repeated_rows"] == 2
    assert mutual.notes == [
        "2 rows of a pair also given the other way round (or repeated) counted once, as "
        "--mutual asks"
    ]


def test_dyadic_valence_column_splits_spells(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "v.csv",
        "a,b,year,score\nEGY,ISR,1979,0.5\nEGY,ISR,1980,0.5\nEGY,ISR,1981,-0.2\n",
    )
    result = read_dyadic(
        path, actor_col="a", target_col="b", year_col="year", valence_col="score", codes="none"
    )
    got = [(s["id"], s["valence"], s["start"], s["end"]) for s in stances(result)]
    assert got == [
        ("dy-EGY-ISR-1979", 0.5, "1979", "1980"),
        ("dy-EGY-ISR-1981", -0.2, "1981", "1981"),
    ]
    assert result.actors.column("kind").to_pylist() == ["other", "other"]


def test_dyadic_spell_table(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "s.csv",
        "from_state,to_state,began,ended\n"
        "2,200,1949,\n"  # open
        "2,365,1947.0,1991\n"  # a whole number written with a point
        "200,220,1904-04-08,1914-08~\n"  # dates of the file format
        "220,255,1914,1900\n"  # end before start: counted
        "255,325,1882-02-30,1915\n",  # not a date: counted
    )
    result = read_dyadic(
        path, actor_col="from_state", target_col="to_state", start_col="began", end_col="ended",
        kind="alliance", valence=0.8, label="hand-coded",
    )  # fmt: skip
    got = [(s["id"], s["start"], s["end"], s["label"]) for s in stances(result)]
    assert got == [
        ("dy-USA-GBR-1949", "1949", None, "hand-coded"),
        ("dy-USA-RUS-1947", "1947", "1991", "hand-coded"),
        ("dy-GBR-FRA-1904-04-08", "1904-04-08", "1914-08~", "hand-coded"),
    ]
    assert result.left_out == {
        "end before start": 1,
        "start or end not a date (YYYY, YYYY-MM or YYYY-MM-DD)": 1,
    }


def test_dyadic_options_that_do_not_fit(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "a,b,year\n2,255,1990\n")
    with pytest.raises(QueryError, match="give either --year-col or both"):
        read_dyadic(path, actor_col="a", target_col="b", valence=1)
    with pytest.raises(QueryError, match="--valence must be between -1 and 1"):
        read_dyadic(path, actor_col="a", target_col="b", year_col="year", valence=2)
    with pytest.raises(LoadError, match="--year-col: no column 'yaer'; did you mean 'year'"):
        read_dyadic(path, actor_col="a", target_col="b", year_col="yaer", valence=1)


def test_provenance_names_the_input_with_its_hash() -> None:
    import hashlib

    result = read_cow_mid(MID, title="disputes")
    digest = hashlib.sha256(MID.read_bytes()).hexdigest()
    assert result.provenance["inputs"] == [{"path": str(MID), "sha256": digest}]
    assert result.provenance["importer"] == "cow-mid"
    assert result.provenance["engine"].startswith("duckdb ")
    assert result.title == "disputes"


def test_two_values_for_one_pair_year_give_two_stances(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "c.csv",
        "a,b,year,v\nEGY,ISR,1990,0.5\nEGY,ISR,1990,-0.5\nEGY,ISR,1991,0.5\nEGY,ISR,1991,0.5\n",
    )
    result = read_dyadic(
        path, actor_col="a", target_col="b", year_col="year", valence_col="v", codes="none"
    )
    got = [(s["id"], s["valence"], s["start"], s["end"]) for s in stances(result)]
    assert got == [
        ("dy-EGY-ISR-1990", -0.5, "1990", "1990"),
        ("dy-EGY-ISR-1990-2", 0.5, "1990", "1991"),
    ]
    assert result.provenance["overlapping_stances"] == 1
    assert result.provenance["repeated_rows"] == 1
    assert any("overlap" in note for note in result.notes)


def test_timeline_in_force_counts_equal_pair_years() -> None:
    """Through the dataset, Relations and the Timeline: the stances in force on 1 July of a
    year are exactly the pair-years with an obligation, and the dispute rows, of that year."""
    import datetime as dt

    from relgraph.dataset import dataset_to_relations
    from relgraph.merge import merge_relations
    from relgraph.timeline import Timeline

    alliances, disputes = read_atop(ATOP), read_cow_mid(MID)
    timeline = Timeline(
        dataset_to_relations(merge_relations([alliances.dataset, disputes.dataset]))
    )
    rows: dict[tuple[str, int], int] = defaultdict(int)
    with ATOP.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if any(row[c] != "0" for c in OBLIGATIONS):
                rows[("atop", int(row["year"]))] += 1
    with MID.open(newline="") as handle:
        for row in csv.DictReader(handle):
            rows[("mid", int(row["year"]))] += 1
    for year in (1816, 1850, 1879, 1914, 1917, 1941, 1956, 1979, 2001, 2014):
        keys = timeline.in_force(dt.date(year, 7, 1))
        assert sum(key.startswith("atop-") for key in keys) == rows[("atop", year)], year
        assert sum(key.startswith("mid-") for key in keys) == rows[("mid", year)], year


def test_fractions_where_whole_numbers_belong_are_named(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mid.csv",
        "dispnum,ccode1,ccode2,year,hostlev1,hostlev2\n"
        "7,2,200,1900,3,1\n7,2,200,1900.5,3,1\n7,2,200,1901,3,1\n"  # a fractional year mid-run
        "7,2,200,1902,3,4\n7,2,200,1903,3,2.5\n"  # hostlev2 under a larger one
        "8.5,2,365,1950,4,4\n",  # a fractional dispute number
    )
    with pytest.raises(LoadError) as caught:
        read_cow_mid(path)
    assert str(caught.value).splitlines()[1:] == [
        f"{path}:3:4: year: not a whole number (got '1900.5')",
        f"{path}:6:6: hostlev2: not a whole number (got '2.5')",
        f"{path}:7:1: dispnum: not a whole number (got '8.5')",
    ]


def test_atop_obligations_other_than_0_or_1_are_named(tmp_path: Path) -> None:
    # an obligation is a 0/1 flag: 2.5, -1 or 2 is not "an obligation", it is a broken file
    path = write(
        tmp_path,
        "a.csv",
        ATOP_HEAD + "2,200,1923,2.5,0,0,0,1\n2,200,1924,1,0,0,0,0\n2,200,1925,-1,0,0,0,0\n"
        "2,200,1926,0,NA,0,0,1\n2,200,1927,0,0,2,0,0\n",
    )
    with pytest.raises(LoadError) as caught:
        read_atop(path)
    assert str(caught.value).splitlines()[1:] == [
        f"{path}:2:4: atop_defense: not 0, 1, TRUE or FALSE (got '2.5')",
        f"{path}:4:4: atop_defense: not 0, 1, TRUE or FALSE (got '-1')",
        f"{path}:6:6: atop_neutral: not 0, 1, TRUE or FALSE (got '2')",
    ]


def test_a_hundred_problems_are_named_and_the_rest_counted(tmp_path: Path) -> None:
    rows = "".join(f"2,200,{1800 + i},1,0,0,0,x\n" for i in range(150))
    path = write(tmp_path, "a.csv", ATOP_HEAD + rows)
    with pytest.raises(LoadError) as caught:
        read_atop(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"150 problems in {path}"
    assert len(lines) == 1 + 100 + 1
    assert lines[-1] == f"{path}:101:9: and 50 more like these"


@pytest.mark.parametrize("odd", ["", "2,200,1950,NA,0,0,0,0\n", "2,200,1950,1.0,0,0,0,0\n"])
def test_atop_obligations_written_as_truth_words(tmp_path: Path, odd: str) -> None:
    # R and pandas write logicals as TRUE/FALSE or True/False; a file holding also NA or
    # 1.0 is read by a second, slower path, which must read the words the same way
    rows = "2,200,1948,TRUE,FALSE,0,0,0\n2,200,1949,1,0,false,F,no\n"
    rows += "2,200,1951,yes,0,0,0,0\n2,200,1952,true,True,0,0,0\n2,200,1953,0,0,0,0,0\n"
    path = write(tmp_path, "a.csv", ATOP_HEAD + rows + odd)
    result = read_atop(path)
    got = [(s["label"], s["start"], s["end"]) for s in stances(result)]
    expected = [("defense", "1948", "1949"), ("defense", "1951", "1951")]
    expected += [("defense, offense", "1952", "1952")]
    if odd.endswith("1.0,0,0,0,0\n"):  # 1950 fills the gap
        expected[:2] = [("defense", "1948", "1951")]
    assert got == expected
    assert result.left_out == {
        "no obligation": 1,
        **({"an obligation column is empty": 1} if "NA" in odd else {}),
    }
    broken = write(tmp_path, "b.csv", ATOP_HEAD + rows + odd + "2,200,1960,1,0,0,on,0\n")
    with pytest.raises(LoadError, match=r"b\.csv:\d+:7: atop_nonagg: not 0, 1, TRUE or FALSE"):
        read_atop(broken)


def test_a_table_that_is_not_atop_says_which_columns_it_lacks(tmp_path: Path) -> None:
    path = write(tmp_path, "other.csv", "x,y\n1,2\n")
    with pytest.raises(LoadError) as caught:
        read_atop(path)
    assert str(caught.value).splitlines() == [
        f"1 problem in {path}",
        f"{path}: ATOP: no columns 'ccode1', 'ccode2', 'year', 'atop_defense', "
        "'atop_offense', 'atop_neutral', 'atop_nonagg', 'atop_consul'; the columns are 'x', 'y'",
    ]
