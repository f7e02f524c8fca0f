"""ICEWS, POLECAT and PLOVER imports, on rows written for these tests in each format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relgraph.errors import LoadError, QueryError
from relgraph.events import read_events
from relgraph.events.read import ICEWS_COLUMNS, POLECAT_NEEDED

POLECAT_HEADER = (  # noqa: SIM905  (as the data README lists them)
    "Event ID, Event Date, Event Type, Event Mode, Intensity, Quad Code, Contexts, Actor Name, "
    "Actor Country, Actor COW, Primary Actor Sector, Actor Sectors, Actor Title, Actor Name Raw, "
    "Wikipedia Actor ID, Recipient Name, Recipient Country, Recipient COW, Primary Recipient "
    "Sector, Recipient Sectors, Recipient Title, Recipient Name Raw, Wikipedia Recipient ID, "
    "Placename, City, District, Province, Country, Latitude, Longitude, GeoNames ID, Raw "
    "Placename, Feature Type, Source, Publication Date, Story People, Story Organizations, "
    "Story Locations, Language, Version"
).split(", ")


def icews_file(tmp_path: Path, rows: list[dict[str, str]], extra: str = "") -> Path:
    lines = ["\t".join(ICEWS_COLUMNS)]
    for row in rows:
        lines.append("\t".join(row.get(c, "NA") for c in ICEWS_COLUMNS))
    path = tmp_path / "events.tab"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def icews_row(
    event: str, day: str, source: str, target: str, cameo: str, score: str
) -> dict[str, str]:
    return {
        "Event ID": event, "Event Date": day, "Source Country": source,
        "Target Country": target, "CAMEO Code": cameo, "Intensity": score,
        "Source Name": "someone", "Event Text": "text",
    }  # fmt: skip


RUS, PSE = "Russian Federation", "Occupied Palestinian Territory"


def test_icews_names_countries_in_words_and_na_is_missing(tmp_path: Path) -> None:
    path = icews_file(
        tmp_path,
        [
            icews_row("1", "2018-06-01", RUS, PSE, "0231", "3"),
            icews_row("2", "2018-06-02", RUS, PSE, "190", "-10"),
            icews_row("3", "2018-06-03", RUS, PSE, "042", "NA"),
            icews_row("4", "2018-06-03", "Holy See", "NA", "042", "1"),
            icews_row("5", "2018-06-03", "Holy See", "Hong Kong", "042", "1"),
            icews_row("6", "2018-02-30", "Holy See", "Italy", "042", "1"),
        ],
        extra="7\t2018-06-03\tshort line\n",
    )  # fmt: skip
    dataset, report = read_events([path], source="icews")
    rows = {r["id"]: r for r in dataset.stances.to_pylist()}
    assert set(rows) == {"ev-RUS-PSE-2018-06", "ev-VAT-Hong_Kong-2018-06"}
    rus = rows["ev-RUS-PSE-2018-06"]
    assert rus["valence"] == pytest.approx((3 - 10) / 2 / 10)
    assert rus["kind"] == "statement"  # 02 and 19 once each: the lower root wins
    attrs = json.loads(rus["attrs"])
    assert (attrs["q1"], attrs["q4"], attrs["n_events"]) == (1, 1, 2)
    assert attrs["source_format"] == "ICEWS"
    assert {k: v["count"] for k, v in report.left_out.items()} == {
        "short line": 1, "bad date": 1, "no actor or target": 1, "no score": 1,
    }  # fmt: skip
    assert report.left_out["short line"]["examples"] == [f"{path}:8"]
    assert report.unknown_codes == {"events": 1, "codes": {"Hong_Kong": 1}}
    names = {r["id"]: r["name"] for r in dataset.actors.to_pylist()}
    assert names["PSE"] == "Palestine"
    assert names["VAT"] == "Holy See"
    assert names["Hong_Kong"] == "Hong Kong"


def test_icews_quad_scheme_moves_roots_between_classes(tmp_path: Path) -> None:
    path = icews_file(
        tmp_path,
        [icews_row("1", "2018-06-01", "Canada", "Mexico", "090", "-2"),
         icews_row("2", "2018-06-01", "Canada", "Mexico", "140", "-6")],
    )  # fmt: skip
    for scheme, quads in (("gdelt", [0, 1, 1, 0]), ("icews", [0, 0, 1, 1])):
        dataset, _ = read_events([path], source="icews", quad_scheme=scheme, measure="netcoop")
        attrs = json.loads(dataset.stances.column("attrs")[0].as_py())
        assert [attrs[f"q{q}"] for q in (1, 2, 3, 4)] == quads
        assert attrs["quad_scheme"] == scheme


def polecat_file(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    lines = ["\t".join(POLECAT_HEADER)]
    for row in rows:
        lines.append("\t".join(row.get(c, "") for c in POLECAT_HEADER))
    path = tmp_path / "polecat.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_polecat_takes_quad_codes_as_numbers_or_words(tmp_path: Path) -> None:
    def row(event: str, kind: str, quad: str, score: str) -> dict[str, str]:
        return {
            "Event ID": event, "Event Date": "2023-10-09", "Event Type": kind,
            "Quad Code": quad, "Intensity": score, "Actor Country": "USA",
            "Recipient Country": "ISR",
        }  # fmt: skip

    path = polecat_file(
        tmp_path,
        [row("a", "consult", "1", "1"), row("b", "AID", "Material Cooperation", "7"),
         row("c", "accuse", "VERBAL_CONFLICT", "-2"), row("d", "dance", "2", "1")],
    )  # fmt: skip
    dataset, report = read_events([path], source="polecat", period="day", measure="netcoop")
    stance = dataset.stances.to_pylist()[0]
    assert stance["id"] == "ev-USA-ISR-2023-10-09"
    attrs = json.loads(stance["attrs"])
    assert [attrs[f"q{q}"] for q in (1, 2, 3, 4)] == [1, 1, 1, 0]
    assert stance["valence"] == pytest.approx(1 / 3)
    assert attrs["score_mean"] == pytest.approx(2.0)
    assert stance["kind"] == "statement"  # ACCUSE, AID, CONSULT once each: ACCUSE first
    assert stance["cameo"] is None
    assert report.left_out == {"unknown event code": {"count": 1, "examples": ["d"]}}


def test_polecat_without_its_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.tsv"
    path.write_text("\t".join(POLECAT_NEEDED[:3]) + "\n")
    with pytest.raises(LoadError, match="not a POLECAT events file"):
        read_events([path], source="polecat")


def test_plover_old_and_new_schemas_lists_and_non_codes(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(
        json.dumps(
            [
                {"id": "o1", "date": "2000-01-01", "event": "DEMAND",
                 "source": [{"actorText": "Hungarian", "code": "HUN"},
                            {"actorText": "Romanian", "code": "ROU"}],
                 "target": [{"actorText": "Austria", "code": "AUT"}]},
                {"id": "o2", "date": "2000-01-02", "event": "FIGHT",
                 "source": [{"code": "HUN"}, {"actorText": "nobody"}], "target": "diplomatic"},
                {"id": "o3", "date": "2000-01-03", "event": "INVESTIGATE",
                 "source": [{"code": "HUN"}], "target": [{"code": "AUT"}]},
            ]
        )
    )  # fmt: skip
    new = tmp_path / "new.jsonl"
    new.write_text(
        json.dumps({"id": "n1", "date": "2000-01-05", "event": "AGREE", "actor": ["HUN"],
                    "recipient": ["AUT", ""], "url": "https://example.org/a"}) + "\n"
    )  # fmt: skip
    dataset, report = read_events([old, new], source="plover")
    rows = {r["id"]: r for r in dataset.stances.to_pylist()}
    assert set(rows) == {"ev-HUN-AUT-2000-01", "ev-ROU-AUT-2000-01"}
    hun = json.loads(rows["ev-HUN-AUT-2000-01"]["attrs"])
    # DEMAND -> REQUEST (3), INVESTIGATE (2 under gdelt), AGREE (1)
    assert [hun[f"q{q}"] for q in (1, 2, 3, 4)] == [1, 1, 1, 0]
    assert rows["ev-HUN-AUT-2000-01"]["valence"] == pytest.approx(1 / 3)
    assert "score_mean" not in hun
    assert report.left_out["no actor or target"]["examples"] == ["o2"]
    assert report.non_code_entries == {"count": 3, "examples": ["n1", "o2"]}
    assert [i["format"] for i in report.inputs] == ["PLOVER JSON", "PLOVER JSONL"]


def test_options_that_do_not_fit_are_query_errors(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text("")
    with pytest.raises(QueryError, match="PLOVER has no score"):
        read_events([path], source="plover", measure="goldstein")
    with pytest.raises(QueryError, match="--root-only is for GDELT"):
        read_events([path], source="icews", root_only=True)
    with pytest.raises(QueryError, match="--period must be one of"):
        read_events([path], source="plover", period="decade")
    with pytest.raises(QueryError, match="--to 2020-12-31 is before --from 2021-01-01"):
        read_events([path], source="plover", start="2021", end="2020")
    with pytest.raises(LoadError, match="no file matches this pattern"):
        read_events([str(tmp_path / "nothing-*.json")], source="plover")
