"""A dataset directory read as columns gives the same timeline as the same relations in YAML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from conftest import SEED
from relgraph.dataset import dataset_from_relations, write_dataset
from relgraph.load import parse_relations, read_relations
from relgraph.timeline import Filters, StanceGraph, Timeline, read_timeline

LISTED = """\
actors:
  - {id: USA, name: United States, kind: state}
  - {id: ISR, name: Israel, kind: state}
  - {id: EGY, name: Egypt, kind: state, aliases: [Cairo], codes: {iso3: EGY}}
  - {id: IDF, name: Israel Defense Forces, kind: armed_group, affiliation: ISR}
  - {id: BID, name: Joe Biden, kind: person, affiliation: USA}
stances:
  - {id: both, actor: [USA, BID], target: ISR, kind: military, valence: -0.3, start: 2024-05}
  - {actor: IDF, target: USA, kind: statement, valence: -0.1, start: 2024-05~, end: 2024-06,
     confidence: 0.4}
  - {actor: IDF, target: USA, kind: statement, valence: -0.1, start: 2024-05~}
  - {id: inner, actor: IDF, target: ISR, kind: statement, valence: 0.1, start: 2024}
  - {id: talks, actor: EGY, target: [ISR, USA], kind: mediation, valence: 0.6, mutual: true,
     modality: considered, start: 2024-04-20, end: 2024-05-20, reported: 2024-06-02,
     label: hosts <b>talks</b>, cameo: "046", attrs: {note: [1, 2]},
     evidence: [{quote: "talks in Cairo", attribution: officials}]}
"""


def both_ways(text_or_path: str | Path, tmp_path: Path) -> tuple[Any, Path]:
    relations = (
        read_relations(text_or_path)
        if isinstance(text_or_path, Path)
        else parse_relations(text_or_path)
    )
    dataset = dataset_from_relations(relations)
    out = tmp_path / "ds"
    write_dataset(
        out,
        actors=dataset.actors,
        stances=dataset.stances,
        sources=dataset.sources,
        title=dataset.title,
        provenance={},
    )
    return relations, out


def edges(graph: StanceGraph) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {k: (u, v, d) for u, v, k, d in graph.edges(keys=True, data=True)}


FILTERS = [
    Filters(),
    Filters(rollup=True),
    Filters(kinds=("statement",), rollup=True),
    Filters(min_confidence=0.5),
    Filters(ego="ISR"),
    Filters(actors=("USA", "ISR"), modalities=("actual",)),
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: repr(f.as_kwargs()))
@pytest.mark.parametrize("source", ["listed", "seed"])
def test_columns_and_yaml_give_the_same_timeline(
    source: str, filters: Filters, tmp_path: Path
) -> None:
    relations, directory = both_ways(LISTED if source == "listed" else SEED, tmp_path)
    if source == "seed" and filters.ego == "ISR":
        filters = Filters(ego="ISR", rollup=True)
    yaml_tl, column_tl = Timeline(relations, filters), read_timeline(directory, filters)
    assert column_tl.span == yaml_tl.span
    assert (column_tl.dropped, column_tl.merged) == (yaml_tl.dropped, yaml_tl.merged)
    assert column_tl.nodes == yaml_tl.nodes
    assert column_tl.filters == yaml_tl.filters
    days = [dt.date(2023, 10, 7), dt.date(2024, 5, 1), dt.date(2024, 5, 14), dt.date(2024, 6, 1)]
    for day in days:
        assert edges(column_tl.at(day)) == edges(yaml_tl.at(day))
        assert column_tl.at(day).nodes(data=True) == yaml_tl.at(day).nodes(data=True)
    assert edges(column_tl.window("2024-05", "2024-05")) == edges(
        yaml_tl.window("2024-05", "2024-05")
    )
    for (p1, g1), (p2, g2) in zip(
        column_tl.snapshots(step="month"), yaml_tl.snapshots(step="month"), strict=True
    ):
        assert p1 == p2
        assert edges(g1) == edges(g2)
    a, b = column_tl.diff("2024-04-01", "2024-06-30"), yaml_tl.diff("2024-04-01", "2024-06-30")
    assert [e.key for e in a.began + a.ended + a.passed] == [
        e.key for e in b.began + b.ended + b.passed
    ]
    for pair in (("USA", "ISR"), ("EGY", "ISR")):
        if all(name in yaml_tl.nodes for name in pair):
            assert [(e.key, e.actor, e.target) for e in column_tl.history(*pair)] == [
                (e.key, e.actor, e.target) for e in yaml_tl.history(*pair)
            ]


def test_a_dataset_timeline_keeps_its_stances_in_columns(tmp_path: Path) -> None:
    _, directory = both_ways(LISTED, tmp_path)
    timeline = read_timeline(directory)
    assert timeline.relations.__class__.__name__ == "ColumnarRelations"
    # a stance becomes a model object only when a query returns it: no list of edges is kept
    assert not isinstance(timeline.edges, list)
    assert timeline.edges[0].key == "both#USA>ISR"
    assert timeline.at("2024-05-14").graph["sha256"] == timeline.relations.sha256
    assert len(timeline.relations.sha256) == 64


def test_derived_keys_and_their_counters_are_those_of_yaml() -> None:
    text = (
        "actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state},\n"
        "         {id: C, name: C, kind: state}]\n"
        "stances:\n"
        "  - {actor: A, target: B, kind: conflict, valence: -1, start: 2024-05~}\n"
        "  - {actor: A, target: B, kind: military, valence: -1, start: 2024-05~}\n"
        "  - {id: named, actor: A, target: C, kind: conflict, valence: -1, start: 2024}\n"
        "  - {actor: A, target: B, kind: conflict, valence: -0.5, start: 2024-05~}\n"
        "  - {actor: [A, B], target: C, kind: conflict, valence: -1, start: 2024}\n"
        "  - {actor: A, target: B, kind: conflict, valence: -0.2, start: 2024-05~}\n"
    )
    from relgraph.columnar import ColumnarRelations

    yaml_keys = [e.key for e in Timeline(parse_relations(text)).edges]
    columns = ColumnarRelations(dataset_from_relations(parse_relations(text)))
    assert columns.keys.tolist() == yaml_keys
    assert yaml_keys[3] == "A>B:conflict:2024-05~#2"
    assert yaml_keys[-1] == "A>B:conflict:2024-05~#3"
