"""Exports round-trip through networkx's readers (and csv) and keep their provenance."""

from __future__ import annotations

import csv
import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from relgraph import __version__, export, parse_relations
from relgraph.errors import OutputError, QueryError
from relgraph.records import PANEL_COLUMNS, STANCE_COLUMNS, panel_records
from relgraph.timeline import Timeline, read_timeline


def write_export(source: Any, fmt: str, path: Path, **options: Any) -> list[Path]:
    """A graph through its format's verb, a timeline through the CLI's dispatcher."""
    if isinstance(source, nx.Graph):
        if fmt == "csv":
            return export.write_csv(source, path)
        verb = {
            "gexf": export.write_gexf,
            "graphml": export.write_graphml,
            "json": export.write_node_link,
        }[fmt]
        return [verb(source, path)]
    return export.write_export(source, fmt, path, **options)


def panel_rows(timeline: Timeline, *args: Any, **options: Any) -> list[dict[str, Any]]:
    return panel_records(timeline, *args, **{"step": "month", **options})


GEXF_NS = {"g": "http://www.gexf.net/1.2draft"}

# A small file with every kind of value an export flattens: a mutual open-ended treaty, an
# approximate considered stance with evidence and a text cameo, nested attrs, markup in text.
SEED = """\
title: Gaza war diplomacy, May 2024
sources:
  - id: telegraph-2024-05-14
    title: "Israel's total victory over Hamas not possible, says Biden official"
    published: 2024-05-14
actors:
  - {id: EGY, name: Egypt, kind: state, aliases: [Cairo], codes: {iso3: EGY, cow: 651}}
  - {id: ISR, name: Israel, kind: state, codes: {iso3: ISR},
     attrs: {note: "a <b>bold</b> & note"}}
  - {id: USA, name: United States, kind: state}
stances:
  - id: egy-isr-treaty
    actor: EGY
    target: ISR
    kind: alliance
    label: peace treaty
    valence: 0.5
    mutual: true
    start: 1979-03-26
  - id: egy-isr-downgrade
    actor: EGY
    target: ISR
    kind: diplomatic
    label: weighs downgrading ties
    valence: -0.5
    modality: considered
    start: 2024-05~
    end: 2024-05-31
    confidence: 0.5
    cameo: 014
    evidence:
      - source: telegraph-2024-05-14
        quote: Cairo could pull its ambassador to Tel Aviv.
        attribution: unnamed Egyptian officials
  - id: usa-isr-arms
    actor: USA
    target: ISR
    kind: military
    label: pauses <bombs> & shells
    valence: -0.3
    start: 2024-05-01
    end: 2024-05
    attrs: {weapons: [2000 lb bombs], count: 1800}
"""
EVIDENCE = [
    {
        "source": "telegraph-2024-05-14",
        "quote": "Cairo could pull its ambassador to Tel Aviv.",
        "attribution": "unnamed Egyptian officials",
    }
]


def seed_timeline() -> Timeline:
    return Timeline(parse_relations(SEED))


def seed_graph() -> Any:
    """The whole history of SEED (1979-03-26..2024-05-31): all three stances."""
    return seed_timeline().window()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob("*") if p.name.startswith("."))


# -- GEXF ----------------------------------------------------------------------------------


def test_gexf_round_trip_with_time_spells(tmp_path: Path) -> None:
    path = tmp_path / "seed.gexf"
    assert write_export(seed_graph(), "gexf", path) == [path]
    read = nx.read_gexf(path)
    assert read.graph["mode"] == "dynamic"
    assert (read.graph["start"], read.graph["end"]) == ("1979-03-26", "2024-05-31")
    edges = {k: (u, v, d) for u, v, k, d in read.edges(keys=True, data=True)}
    assert sorted(edges) == ["egy-isr-downgrade", "egy-isr-treaty", "usa-isr-arms"]

    u, v, treaty = edges["egy-isr-treaty"]
    assert (u, v) == ("EGY", "ISR")
    assert treaty["start"] == "1979-03-26"
    assert "end" not in treaty  # open: still in force
    assert treaty["mutual"] is True
    assert treaty["start_text"] == "1979-03-26"
    assert "confidence" not in treaty

    _, _, downgrade = edges["egy-isr-downgrade"]
    assert (downgrade["start"], downgrade["end"]) == ("2024-05-01", "2024-05-31")
    assert (downgrade["start_text"], downgrade["end_text"]) == ("2024-05~", "2024-05-31")
    assert downgrade["approximate"] is True
    assert downgrade["valence"] == -0.5
    assert downgrade["sign"] == -1
    assert downgrade["cameo"] == "014"
    assert downgrade["modality"] == "considered"
    assert json.loads(downgrade["evidence"]) == EVIDENCE
    assert edges["usa-isr-arms"][2]["label"] == "pauses <bombs> & shells"
    assert read.nodes["EGY"]["label"] == "Egypt"
    assert json.loads(read.nodes["EGY"]["codes"]) == {"iso3": "EGY", "cow": "651"}
    assert json.loads(read.nodes["ISR"]["attrs"]) == {"note": "a <b>bold</b> & note"}


def test_gexf_declares_a_dated_dynamic_graph_and_its_provenance(tmp_path: Path) -> None:
    # read from a file, so that the record has the input's path and SHA-256 to carry
    source = tmp_path / "relations.yaml"
    source.write_text(SEED, encoding="utf-8")
    path = tmp_path / "seed.gexf"
    write_export(read_timeline(source).at("2024-05-14"), "gexf", path)
    root = ET.parse(path).getroot()
    graph = root.find("g:graph", GEXF_NS)
    assert graph is not None
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    assert (graph.get("start"), graph.get("end")) == ("2024-05-14", "2024-05-14")
    creator = root.findtext("g:meta/g:creator", "", namespaces=GEXF_NS)
    assert creator.startswith(f"relgraph {__version__} ")
    record = json.loads(root.findtext("g:meta/g:description", "", namespaces=GEXF_NS))
    assert record == {
        "relgraph_version": __version__,
        "title": "Gaza war diplomacy, May 2024",
        "source": str(source),
        "sha256": hashlib.sha256(SEED.encode("utf-8")).hexdigest(),
        "slice": {"at": "2024-05-14"},
        "filters": {},
        "dropped": 0,
        "merged": 0,
        "format": "gexf",
    }


def test_gexf_of_a_graph_without_stances_is_still_dynamic(tmp_path: Path) -> None:
    rel = parse_relations("actors: [{id: EGY, name: Egypt, kind: state}]")
    write_export(Timeline(rel).at("2024-05-14"), "gexf", tmp_path / "empty.gexf")
    read = nx.read_gexf(tmp_path / "empty.gexf")
    assert read.graph["mode"] == "dynamic"
    assert list(read.nodes) == ["EGY"]


# -- GraphML and JSON ----------------------------------------------------------------------


def test_graphml_round_trip(tmp_path: Path) -> None:
    source = seed_graph()
    path = tmp_path / "seed.graphml"
    write_export(source, "graphml", path)
    read = nx.read_graphml(path, force_multigraph=True)
    assert sorted(read.edges(keys=True)) == sorted(source.edges(keys=True))
    downgrade = read.edges["EGY", "ISR", "egy-isr-downgrade"]
    assert downgrade == {
        "stance": "egy-isr-downgrade",
        "kind": "diplomatic",
        "label": "weighs downgrading ties",
        "modality": "considered",
        "mutual": False,
        "confidence": 0.5,
        "cameo": "014",
        "evidence": json.dumps(EVIDENCE),
        "attrs": "{}",
        "start": "2024-05~",
        "end": "2024-05-31",
        "start_day": "2024-05-01",
        "end_day": "2024-05-31",
        "approximate": True,
        "uncertain": False,
        "certain": True,
        "valence": -0.5,
        "sign": -1,
    }
    treaty = read.edges["EGY", "ISR", "egy-isr-treaty"]
    assert "end" not in treaty
    assert "end_day" not in treaty
    assert read.nodes["USA"] == {
        "name": "United States", "kind": "state", "aliases": "[]", "codes": "{}", "attrs": "{}"
    }  # fmt: skip
    record = json.loads(read.graph["provenance"])
    assert (record["title"], record["format"]) == ("Gaza war diplomacy, May 2024", "graphml")
    assert record["slice"] == {"start": "1979-03-26", "end": "2024-05-31"}


def test_json_round_trip_keeps_native_lists_and_mappings(tmp_path: Path) -> None:
    source = seed_graph()
    path = tmp_path / "seed.json"
    write_export(source, "json", path)
    data = json.loads(path.read_text(encoding="utf-8"))
    read = nx.node_link_graph(data, edges="edges")
    assert read.is_directed()
    assert read.is_multigraph()
    assert sorted(read.edges(keys=True)) == sorted(source.edges(keys=True))
    arms = read.edges["USA", "ISR", "usa-isr-arms"]
    assert arms["attrs"] == {"weapons": ["2000 lb bombs"], "count": 1800}
    assert arms["evidence"] == []
    assert (arms["start_day"], arms["end_day"], arms["end"]) == (
        "2024-05-01",
        "2024-05-31",
        "2024-05",
    )
    assert (arms["valence"], arms["sign"], arms["mutual"]) == (-0.3, -1, False)
    assert "confidence" not in arms
    downgrade = read.edges["EGY", "ISR", "egy-isr-downgrade"]
    assert downgrade["evidence"] == EVIDENCE
    assert read.nodes["EGY"]["aliases"] == ["Cairo"]
    assert read.nodes["EGY"]["codes"] == {"iso3": "EGY", "cow": "651"}
    assert "affiliation" not in read.nodes["EGY"]
    # the provenance record is not a graph value: it stays an object
    assert read.graph["provenance"]["slice"] == {"start": "1979-03-26", "end": "2024-05-31"}
    assert read.graph["provenance"]["format"] == "json"


# -- CSV -----------------------------------------------------------------------------------


def test_csv_directory(tmp_path: Path) -> None:
    out = tmp_path / "csv"
    written = write_export(seed_graph(), "csv", out)
    assert written == [out / "actors.csv", out / "stances.csv", out / "provenance.json"]
    actors = read_csv(out / "actors.csv")
    assert actors[0] == {
        "id": "EGY",
        "name": "Egypt",
        "kind": "state",
        "aliases": '["Cairo"]',
        "affiliation": "",
        "codes": '{"iso3": "EGY", "cow": "651"}',
        "attrs": "{}",
    }
    stances = read_csv(out / "stances.csv")
    assert list(stances[0]) == list(STANCE_COLUMNS)
    by_key = {row["key"]: row for row in stances}
    assert by_key["egy-isr-treaty"]["mutual"] == "true"
    assert by_key["egy-isr-treaty"]["end"] == ""
    assert by_key["egy-isr-treaty"]["end_day"] == ""
    assert by_key["egy-isr-downgrade"]["start"] == "2024-05~"
    assert by_key["egy-isr-downgrade"]["start_day"] == "2024-05-01"
    assert by_key["egy-isr-downgrade"]["cameo"] == "014"
    assert by_key["usa-isr-arms"]["label"] == "pauses <bombs> & shells"
    assert json.loads(by_key["usa-isr-arms"]["attrs"])["weapons"] == ["2000 lb bombs"]
    record = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert (record["title"], record["format"]) == ("Gaza war diplomacy, May 2024", "csv")
    assert leftovers(tmp_path) == []


def test_csv_into_an_existing_directory_keeps_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "actors.csv").write_text("old")
    write_export(seed_graph(), "csv", tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "actors.csv").read_text().startswith("id,name,kind")
    assert leftovers(tmp_path) == []


# -- slicing a timeline --------------------------------------------------------------------


def test_timeline_is_sliced_at_a_day(tmp_path: Path) -> None:
    write_export(seed_timeline(), "json", tmp_path / "at.json", at="2024-04-30")
    data = json.loads((tmp_path / "at.json").read_text(encoding="utf-8"))
    assert [e["key"] for e in data["edges"]] == ["egy-isr-treaty"]
    assert data["graph"]["provenance"]["slice"] == {"at": "2024-04-30"}


def test_timeline_whole_span_by_default(tmp_path: Path) -> None:
    write_export(seed_timeline(), "gexf", tmp_path / "all.gexf")
    read = nx.read_gexf(tmp_path / "all.gexf")
    assert read.number_of_edges() == 3
    assert (read.graph["start"], read.graph["end"]) == ("1979-03-26", "2024-05-31")


def test_timeline_window(tmp_path: Path) -> None:
    write_export(seed_timeline(), "csv", tmp_path, start="2024-05-20", end="2024-06-30")
    keys = [row["key"] for row in read_csv(tmp_path / "stances.csv")]
    assert keys == ["egy-isr-treaty", "egy-isr-downgrade", "usa-isr-arms"]


# -- panel ---------------------------------------------------------------------------------


def test_panel_rows_count_mean_and_modality_mix() -> None:
    rows = panel_rows(seed_timeline(), "2024-04", "2024-06")
    table = [(r["period"], r["actor"], r["target"], r["count"], r["mean_valence"],
              r["actual"], r["considered"], r["threatened"]) for r in rows]  # fmt: skip
    assert table == [
        ("2024-04", "EGY", "ISR", 1, 0.5, 1, 0, 0),
        # the considered downgrade is counted, but weighs 0 in the mean by default
        ("2024-05", "EGY", "ISR", 2, 0.5, 1, 1, 0),
        ("2024-06", "EGY", "ISR", 1, 0.5, 1, 0, 0),
        # the mutual treaty counts for Israel towards Egypt too
        ("2024-04", "ISR", "EGY", 1, 0.5, 1, 0, 0),
        ("2024-05", "ISR", "EGY", 1, 0.5, 1, 0, 0),
        ("2024-06", "ISR", "EGY", 1, 0.5, 1, 0, 0),
        ("2024-04", "USA", "ISR", 0, None, 0, 0, 0),
        ("2024-05", "USA", "ISR", 1, -0.3, 1, 0, 0),
        ("2024-06", "USA", "ISR", 0, None, 0, 0, 0),
    ]


def test_panel_mean_honours_the_modality_weights() -> None:
    rows = panel_rows(seed_timeline(), "2024-05", "2024-05", weights={"considered": 1})
    means = {(r["actor"], r["target"]): r["mean_valence"] for r in rows}
    assert means[("EGY", "ISR")] == 0.0
    assert {r["weights"] for r in rows} == {"actual=1 considered=1 threatened=0"}
    nothing = panel_rows(seed_timeline(), "2024-05", "2024-05", weights={"actual": 0})
    assert {r["mean_valence"] for r in nothing} == {None}


def test_panel_with_all_dyads() -> None:
    rows = panel_rows(seed_timeline(), "2024-04", "2024-06", dyads="all")
    assert len(rows) == 3 * 2 * 3  # ordered pairs of three actors x three months
    with pytest.raises(QueryError, match="dyads must be 'active' or 'all'"):
        panel_rows(seed_timeline(), dyads="some")  # type: ignore[arg-type]


def test_panel_file_and_sidecar(tmp_path: Path) -> None:
    path = tmp_path / "panel.csv"
    written = write_export(
        seed_timeline(), "panel", path, start="2024-04-01", end="2024-06-30", step="month"
    )
    assert written == [path, tmp_path / "panel.provenance.json"]
    rows = read_csv(path)
    assert list(rows[0]) == list(PANEL_COLUMNS)
    assert rows[6] == {
        "period": "2024-04",
        "start": "2024-04-01",
        "end": "2024-04-30",
        "window_start": "2024-04-01",
        "actor": "USA",
        "target": "ISR",
        "count": "0",
        "mean_valence": "",
        "weights": "actual=1 considered=0 threatened=0",
        "actual": "0",
        "considered": "0",
        "threatened": "0",
    }
    record = json.loads((tmp_path / "panel.provenance.json").read_text(encoding="utf-8"))
    assert record["slice"] == {
        "start": "2024-04-01",
        "end": "2024-06-30",
        "step": "month",
        "width": None,
        "dyads": "active",
    }
    assert record["format"] == "panel"


# -- errors and atomicity ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "fmt", "options", "message"),
    [
        ("timeline", "xlsx", {}, r"unknown export format 'xlsx' \(known: gexf, graphml,"),
        ("timeline", "panel", {"at": "2024-05-14"}, "the panel spans a period"),
        ("timeline", "json", {"at": "2024-05-14", "end": "2024-06"}, "either a day"),
    ],
)  # fmt: skip
def test_bad_requests(
    tmp_path: Path, source: str, fmt: str, options: dict[str, Any], message: str
) -> None:
    src = seed_graph() if source == "graph" else seed_timeline()
    with pytest.raises(QueryError, match=message):
        write_export(src, fmt, tmp_path / "out", **options)
    assert list(tmp_path.iterdir()) == []


def test_missing_directory_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_export(seed_graph(), "gexf", tmp_path / "nowhere" / "seed.gexf")


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "seed.json"
    path.write_text("previous")

    def broken(*args: Any, **kwargs: Any) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("relgraph.export.json.dumps", broken)
    with pytest.raises(OSError, match="No space left"):
        write_export(seed_graph(), "json", path)
    assert path.read_text() == "previous"
    assert leftovers(tmp_path) == []
