"""The time layer on small files checked by hand, and property tests against brute force.

DESIGN.md §1 ("Time questions") and §2 are the contract: a stance is in force on day ``d``
when ``start.first <= d <= end.last``; a window ``a..b`` holds every stance in force on at
least one of its days; every bound is an inclusive day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import textwrap
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import relgraph
from relgraph import QueryError, Timeline
from relgraph.model import Relations
from relgraph.timeline import STEPS, Filters, Period, read_timeline

D = dt.date


def parse(text: str) -> Relations:
    return relgraph.parse_relations(textwrap.dedent(text))


def timeline(text: str, **filters: Any) -> Timeline:
    return Timeline(parse(text), **filters)


def keys(graph: nx.MultiDiGraph) -> set[str]:
    return {key for _, _, key in graph.edges(keys=True)}


def edge(graph: nx.MultiDiGraph, key: str) -> dict[str, object]:
    (data,) = [d for _, _, k, d in graph.edges(keys=True, data=True) if k == key]
    return data


AB = """\
actors:
  - {id: A, name: Alpha, kind: state}
  - {id: B, name: Beta, kind: state}
stances:
"""


def ab(*stances: str) -> Timeline:
    """A timeline of actors A and B with these flow-style stances."""
    return Timeline(relgraph.parse_relations(AB + "".join(f"  - {s}\n" for s in stances)))


# -- bounds: partial dates cover their period, qualifiers do not move them -----------------


def test_partial_start_is_in_force_from_the_first_day_of_its_month() -> None:
    tl = ab("{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2023-12}")
    assert keys(tl.at("2023-11-30")) == set()
    assert keys(tl.at("2023-12-01")) == {"s"}


def test_partial_end_is_in_force_through_the_last_day_of_its_month() -> None:
    tl = ab(
        "{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2023-01-05,"
        " end: 2023-12}"
    )
    assert keys(tl.at("2023-12-31")) == {"s"}
    assert keys(tl.at("2024-01-01")) == set()


def test_year_bounds_cover_the_whole_year() -> None:
    tl = ab("{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2023, end: 2023}")
    assert keys(tl.at("2022-12-31")) == set()
    assert keys(tl.at("2023-01-01")) == {"s"}
    assert keys(tl.at("2023-12-31")) == {"s"}
    assert keys(tl.at("2024-01-01")) == set()


def test_a_partial_february_end_runs_through_the_leap_day() -> None:
    tl = ab(
        "{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-01, end: 2024-02}"
    )
    assert keys(tl.at("2024-02-29")) == {"s"}
    assert keys(tl.at("2024-03-01")) == set()


def test_an_end_month_may_hold_the_start_day() -> None:
    # end 2024-05 lasts through 31 May, so it is not before a start of 10 May
    tl = ab(
        "{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-05-10,"
        " end: 2024-05}"
    )
    assert keys(tl.at("2024-05-09")) == set()
    assert keys(tl.at("2024-05-10")) == {"s"}
    assert keys(tl.at("2024-05-31")) == {"s"}


@pytest.mark.parametrize(
    ("start", "end", "approximate", "uncertain"),
    [
        ("2023-12~", "2024-01", True, False),
        ("2023-12?", "2024-01", False, True),
        ("2023-12%", "2024-01", True, True),
        ("2023-12", "2024-01~", True, False),
        ("2023-12", "2024-01?", False, True),
        ("2023-12", "2024-01", False, False),
    ],
)
def test_qualifiers_set_flags_and_keep_the_bounds(
    start: str, end: str, approximate: bool, uncertain: bool
) -> None:
    tl = ab(
        f"{{id: s, actor: A, target: B, kind: conflict, valence: -1, start: {start}, end: {end}}}"
    )
    assert keys(tl.at("2023-11-30")) == set()
    assert keys(tl.at("2024-02-01")) == set()
    data = edge(tl.at("2023-12-01"), "s")
    assert keys(tl.at("2024-01-31")) == {"s"}
    assert data["start"] == start
    assert data["end"] == end
    assert data["start_day"] == D(2023, 12, 1)
    assert data["end_day"] == D(2024, 1, 31)
    assert data["approximate"] is approximate
    assert data["uncertain"] is uncertain


# -- windows: both ends inclusive ---------------------------------------------------------

WINDOWED = (
    "{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-03-10, end: 2024-03-20}"  # noqa: E501
)


@pytest.mark.parametrize(
    ("start", "end", "found"),
    [
        ("2024-03-21", "2024-03-31", False),  # the stance ended the day before
        ("2024-03-01", "2024-03-09", False),  # it starts the day after
        ("2024-03-20", "2024-03-31", True),  # touches its last day
        ("2024-03-01", "2024-03-10", True),  # touches its first day
        ("2024-03-12", "2024-03-15", True),  # inside it
        ("2024-03-01", "2024-03-31", True),  # around it
        ("2024-03-20", "2024-03-20", True),
        ("2024-03-10", "2024-03-10", True),
        ("2024-03", "2024-03", True),  # partial bounds: the whole month
        ("2024-02", "2024-02", False),
        ("2024", "2024", True),
    ],
)
def test_window_ends_are_inclusive(start: str, end: str, found: bool) -> None:
    assert keys(ab(WINDOWED).window(start, end)) == ({"s"} if found else set())


def test_a_one_day_event_is_in_windows_that_touch_it() -> None:
    tl = ab(
        "{id: e, actor: A, target: B, kind: conflict, valence: -1, start: 2024-03-10,"
        " end: 2024-03-10}"
    )
    assert keys(tl.at("2024-03-10")) == {"e"}
    assert keys(tl.at("2024-03-09")) == set()
    assert keys(tl.at("2024-03-11")) == set()
    assert keys(tl.window("2024-03-01", "2024-03-10")) == {"e"}
    assert keys(tl.window("2024-03-10", "2024-03-31")) == {"e"}
    assert keys(tl.window("2024-03-11", "2024-03-31")) == set()


def test_partial_window_bounds_start_on_the_first_and_end_on_the_last_day() -> None:
    tl = ab(
        "{id: early, actor: A, target: B, kind: conflict, valence: -1, start: 2024-04-30,"
        " end: 2024-04-30}",
        "{id: late, actor: A, target: B, kind: conflict, valence: -1, start: 2024-06-30,"
        " end: 2024-06-30}",
    )
    assert keys(tl.window("2024-05", "2024-06")) == {"late"}
    assert keys(tl.window("2024-04", "2024-05")) == {"early"}
    assert tl.window("2024-05", "2024-06").graph["slice"] == {
        "start": "2024-05-01",
        "end": "2024-06-30",
    }


def test_window_defaults_to_the_span_of_the_file() -> None:
    tl = ab(
        "{id: old, actor: A, target: B, kind: conflict, valence: -1, start: 1990, end: 1991}",
        "{id: new, actor: B, target: A, kind: conflict, valence: -1, start: 2024-05-14,"
        " reported: 2024-06-02}",
    )
    assert tl.span == (D(1990, 1, 1), D(2024, 6, 2))
    assert keys(tl.window()) == {"old", "new"}
    assert tl.window().graph["slice"] == {"start": "1990-01-01", "end": "2024-06-02"}


def test_window_refuses_an_end_before_its_start() -> None:
    with pytest.raises(QueryError, match=r"ends \(2024-04-30\) before it starts \(2024-05-01\)"):
        ab(WINDOWED).window("2024-05", "2024-04")


def test_a_file_without_stances_has_no_span() -> None:
    tl = Timeline(relgraph.parse_relations("actors: [{id: A, name: A, kind: state}]"))
    with pytest.raises(QueryError, match="has no stances"):
        tl.window()
    assert keys(tl.window("2024-01-01", "2024-12-31")) == set()
    assert list(tl.at("2024-01-01").nodes) == ["A"]


def test_an_open_end_never_ends() -> None:
    tl = ab("{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-05-14}")
    assert keys(tl.at("2024-05-13")) == set()
    assert keys(tl.at("2024-05-14")) == {"s"}
    assert keys(tl.at("9999-12-31")) == {"s"}
    data = edge(tl.at("2100-01-01"), "s")
    assert "end" not in data
    assert data["end_day"] is None


def test_in_force_lists_keys_in_file_order() -> None:
    tl = ab(
        "{id: z, actor: A, target: B, kind: conflict, valence: -1, start: 2024-05-14}",
        "{id: a, actor: B, target: A, kind: conflict, valence: -1, start: 2020}",
        "{id: m, actor: B, target: A, kind: conflict, valence: -1, start: 2020, end: 2020}",
    )
    assert tl.in_force("2024-05-14") == ["z", "a"]
    assert tl.in_force("2020-06") == ["a", "m"]  # a partial date is its whole period
    assert tl.in_force("2020-12-31", "2024-05-14") == ["z", "a", "m"]
    with pytest.raises(QueryError, match=r"ends \(2020-12-31\) before it starts \(2021-01-01\)"):
        tl.in_force("2021", "2020")


# -- keys: lists, derived keys, mutual stances --------------------------------------------

THREE = """\
actors:
  - {id: A, name: Alpha, kind: state}
  - {id: B, name: Beta, kind: state}
  - {id: C, name: Gamma, kind: state}
stances:
"""


def test_a_list_expands_to_one_edge_per_pair_keyed_id_actor_target() -> None:
    tl = Timeline(
        relgraph.parse_relations(
            THREE + "  - {id: s, actor: [A, B], target: C,"
            " kind: conflict, valence: -1, start: 2024}\n"
        )
    )
    graph = tl.at("2024-06-01")
    assert sorted(graph.edges(keys=True)) == [("A", "C", "s#A>C"), ("B", "C", "s#B>C")]
    assert edge(graph, "s#A>C")["stance"] == "s"


def test_a_cross_product_of_lists() -> None:
    tl = Timeline(
        relgraph.parse_relations(
            THREE + "  - {id: s, actor: [A, B], target: [C],"
            " kind: conflict, valence: -1, start: 2024}\n"
            "  - {id: t, actor: [A], target: [B, C], kind: conflict, valence: -1,"
            " start: 2024}\n"
        )
    )
    assert [e.key for e in tl.edges] == ["s#A>C", "s#B>C", "t#A>B", "t#A>C"]


def test_stances_without_an_id_get_derived_keys_with_a_counter_on_a_clash() -> None:
    tl = Timeline(
        relgraph.parse_relations(
            THREE
            + "  - {actor: A, target: B, kind: conflict, valence: -1, start: 2024-05~}\n"
            + "  - {actor: A, target: B, kind: conflict, valence: -0.5, start: 2024-05~}\n"
            + "  - {actor: A, target: B, kind: conflict, valence: -0.2, start: 2024-05~}\n"
            + "  - {actor: A, target: B, kind: military, valence: -1, start: 2024-05~}\n"
            + "  - {actor: [A, B], target: C, kind: conflict, valence: -1, start: 2024}\n"
        )
    )
    assert [e.key for e in tl.edges] == [
        "A>B:conflict:2024-05~",
        "A>B:conflict:2024-05~#2",
        "A>B:conflict:2024-05~#3",
        "A>B:military:2024-05~",
        "A+B>C:conflict:2024#A>C",
        "A+B>C:conflict:2024#B>C",
    ]
    graph = tl.at("2024-05-14")
    assert keys(graph) == {e.key for e in tl.edges}
    assert edge(graph, "A>B:conflict:2024-05~#2")["valence"] == -0.5
    assert edge(graph, "A+B>C:conflict:2024#B>C")["stance"] == "A+B>C:conflict:2024"


def test_a_mutual_stance_is_one_edge_marked_mutual() -> None:
    tl = ab(
        "{id: war, actor: A, target: B, kind: conflict, valence: -1, mutual: true, start: 2024}"
    )
    graph = tl.at("2024-05-14")
    assert list(graph.edges(keys=True)) == [("A", "B", "war")]
    assert edge(graph, "war")["mutual"] is True
    assert not graph.has_edge("B", "A")


# -- graph shape (DESIGN.md §2) -----------------------------------------------------------

SHAPE = """\
title: Shape
sources:
  - {id: src, title: A report, publisher: Paper, published: 2024-05-14}
actors:
  - {id: EGY, name: Egypt, kind: state, aliases: [Cairo], codes: {iso3: EGY, cow: 651},
     attrs: {region: MENA}}
  - {id: ISR, name: Israel, kind: state}
  - {id: sisi, name: Abdel Fattah el-Sisi, kind: person, affiliation: EGY}
  - {id: NOR, name: Norway, kind: state}
stances:
  - id: downgrade
    actor: EGY
    target: ISR
    kind: diplomatic
    label: weighs downgrading ties
    valence: -0.5
    modality: considered
    start: 2024-05-14
    end: 2024-06~
    reported: 2024-05-15
    confidence: 0.5
    cameo: "014"
    evidence:
      - {source: src, quote: "Cairo could pull its ambassador.", attribution: officials}
    attrs: {note: x}
  - {id: talk, actor: sisi, target: ISR, kind: statement, valence: 0, start: 2024}
"""


def test_edge_attributes_are_those_of_the_file() -> None:
    graph = Timeline(relgraph.parse_relations(SHAPE)).at("2024-05-20")
    assert edge(graph, "downgrade") == {
        "certain": True,
        "stance": "downgrade",
        "kind": "diplomatic",
        "label": "weighs downgrading ties",
        "valence": -0.5,
        "sign": -1,
        "modality": "considered",
        "mutual": False,
        "confidence": 0.5,
        "cameo": "014",
        "evidence": [
            {
                "source": "src",
                "quote": "Cairo could pull its ambassador.",
                "attribution": "officials",
            }
        ],
        "attrs": {"note": "x"},
        "start": "2024-05-14",
        "end": "2024-06~",
        "reported": "2024-05-15",
        "start_day": D(2024, 5, 14),
        "end_day": D(2024, 6, 30),
        "approximate": True,
        "uncertain": False,
    }
    talk = edge(graph, "talk")
    assert talk["sign"] == 0
    assert "label" not in talk
    assert "confidence" not in talk
    assert "cameo" not in talk
    assert "end" not in talk


def test_every_actor_is_a_node_with_its_attributes() -> None:
    graph = Timeline(relgraph.parse_relations(SHAPE)).at("1900-01-01")
    assert graph.number_of_edges() == 0
    assert list(graph.nodes) == ["EGY", "ISR", "sisi", "NOR"]
    assert graph.nodes["EGY"] == {
        "name": "Egypt",
        "kind": "state",
        "aliases": ["Cairo"],
        "codes": {"iso3": "EGY", "cow": "651"},
        "attrs": {"region": "MENA"},
    }
    assert graph.nodes["sisi"]["affiliation"] == "EGY"
    assert "affiliation" not in graph.nodes["NOR"]


def test_graphs_carry_their_provenance(tmp_path: Path) -> None:
    path = tmp_path / "shape.yaml"
    path.write_text(SHAPE, encoding="utf-8")
    tl = read_timeline(path, kinds=["diplomatic"], rollup=True, ego=None)
    graph = tl.at("2024-05-20")
    assert graph.graph == {
        "title": "Shape",
        "source": str(path),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "relgraph_version": relgraph.__version__,
        "slice": {"at": "2024-05-20"},
        "period": Period(D(2024, 5, 20), D(2024, 5, 20), D(2024, 5, 20), "2024-05-20", "day"),
        "filters": {"kinds": ["diplomatic"], "rollup": True},
        "dropped": 0,
        "merged": 0,
        "sources": {
            "src": {
                "id": "src",
                "title": "A report",
                "publisher": "Paper",
                "published": "2024-05-14",
            }
        },
    }


def test_parsed_text_has_no_source_path() -> None:
    graph = Timeline(relgraph.parse_relations(SHAPE)).at("2024-05-20")
    assert graph.graph["source"] is None
    assert graph.graph["sha256"] is None
    assert graph.graph["filters"] == {}


def test_graphs_are_independent() -> None:
    tl = Timeline(relgraph.parse_relations(SHAPE))
    first = tl.at("2024-05-20")
    first.nodes["EGY"]["name"] = "changed"
    first.edges["EGY", "ISR", "downgrade"]["valence"] = 1.0
    second = tl.at("2024-05-20")
    assert second.nodes["EGY"]["name"] == "Egypt"
    assert second.edges["EGY", "ISR", "downgrade"]["valence"] == -0.5


@pytest.mark.parametrize(("day", "span"), [("2024-05", "month"), ("2024", "year")])
def test_at_refuses_a_partial_date_and_points_to_window(day: str, span: str) -> None:
    tl = Timeline(relgraph.parse_relations(SHAPE))
    with pytest.raises(QueryError) as caught:
        tl.at(day)
    assert str(caught.value) == (
        f"day {day!r} is a whole {span}, not a day: give YYYY-MM-DD, or ask for the period "
        f"with window({day!r}, {day!r}) (--from/--to on the command line)"
    )


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2024-02-30", "day: 2024-02-30 is not a day of the calendar (February 2024 has 29 days)"),
        ("yesterday", "day: 'yesterday' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_at_refuses_what_is_not_a_day(day: str, message: str) -> None:
    with pytest.raises(QueryError, match=f"^{re.escape(message)}"):
        Timeline(relgraph.parse_relations(SHAPE)).at(day)


def test_at_takes_a_date() -> None:
    tl = Timeline(relgraph.parse_relations(SHAPE))
    assert keys(tl.at(D(2024, 5, 14))) == keys(tl.at("2024-05-14")) == {"downgrade", "talk"}


# -- filters ------------------------------------------------------------------------------

FILTERED = """\
actors:
  - {id: EGY, name: Egypt, kind: state, aliases: [Cairo]}
  - {id: ISR, name: Israel, kind: state}
  - {id: USA, name: United States, kind: state}
  - {id: QAT, name: Qatar, kind: state}
  - {id: biden, name: Joe Biden, kind: person, affiliation: USA}
  - {id: aide, name: An aide, kind: person, affiliation: biden}
stances:
  - {id: downgrade, actor: EGY, target: ISR, kind: diplomatic, valence: -0.5,
     modality: considered, start: 2024-05, confidence: 0.4}
  - {id: arms, actor: USA, target: ISR, kind: military, valence: -0.3, start: 2024-05,
     confidence: 0.9}
  - {id: warn, actor: QAT, target: USA, kind: statement, valence: -0.2,
     modality: threatened, start: 2024-05}
  - {id: doubt, actor: biden, target: ISR, kind: statement, valence: -0.4, start: 2024-05,
     confidence: 0.5}
  - {id: praise, actor: biden, target: USA, kind: statement, valence: 0.8, start: 2024-05}
  - {id: brief, actor: aide, target: [biden, EGY], kind: statement, valence: 0.2,
     start: 2024-05}
"""
ALL = {"downgrade", "arms", "warn", "doubt", "praise", "brief#aide>biden", "brief#aide>EGY"}


def in_may(**filters: Any) -> nx.MultiDiGraph:
    return timeline(FILTERED, **filters).at("2024-05-14")


def test_no_filter_keeps_everything() -> None:
    graph = in_may()
    assert keys(graph) == ALL
    assert list(graph.nodes) == ["EGY", "ISR", "USA", "QAT", "biden", "aide"]


def test_kinds_filter() -> None:
    graph = in_may(kinds=["statement", "military"])
    assert keys(graph) == ALL - {"downgrade"}
    assert graph.graph["filters"] == {"kinds": ["military", "statement"]}
    assert graph.number_of_nodes() == 6  # every actor stays


def test_a_single_kind_may_be_a_string() -> None:
    assert keys(in_may(kinds="military")) == {"arms"}


def test_modalities_filter() -> None:
    assert keys(in_may(modalities=["considered", "threatened"])) == {"downgrade", "warn"}
    assert keys(in_may(modalities=["actual"])) == ALL - {"downgrade", "warn"}


def test_actors_filter_keeps_the_stances_among_them() -> None:
    graph = in_may(actors=["Egypt", "ISR", "united states"])
    assert keys(graph) == {"downgrade", "arms"}
    assert list(graph.nodes) == ["EGY", "ISR", "USA"]
    assert graph.graph["filters"] == {"actors": ["EGY", "ISR", "USA"]}


def test_ego_keeps_the_stances_of_one_actor_and_those_it_reaches() -> None:
    graph = in_may(ego="Cairo")
    assert keys(graph) == {"downgrade", "brief#aide>EGY"}
    assert list(graph.nodes) == ["EGY", "ISR", "aide"]
    assert graph.graph["filters"] == {"ego": "EGY"}


def test_ego_without_stances_is_a_lone_node() -> None:
    graph = timeline(FILTERED, ego="QAT", kinds=["military"]).at("2024-05-14")
    assert list(graph.nodes) == ["QAT"]
    assert graph.number_of_edges() == 0


def test_min_confidence_keeps_stances_without_a_confidence() -> None:
    assert keys(in_may(min_confidence=0.5)) == ALL - {"downgrade"}
    assert keys(in_may(min_confidence=0.9)) == ALL - {"downgrade", "doubt"}
    assert keys(in_may(min_confidence=1.0)) == ALL - {"downgrade", "doubt", "arms"}
    assert keys(in_may(min_confidence=0.0)) == ALL


def test_filters_compose() -> None:
    graph = in_may(kinds=["statement"], ego="USA", min_confidence=0.5)
    assert keys(graph) == {"warn", "praise"}
    assert list(graph.nodes) == ["USA", "QAT", "biden"]


def test_filter_adds_to_the_current_filters() -> None:
    tl = timeline(FILTERED, kinds=["statement"])
    narrower = tl.filter(modalities=["actual"])
    assert keys(narrower.at("2024-05-14")) == {
        "doubt",
        "praise",
        "brief#aide>biden",
        "brief#aide>EGY",
    }
    assert narrower.filters == {"kinds": ["statement"], "modalities": ["actual"]}
    assert tl.filters == {"kinds": ["statement"]}
    assert keys(tl.filter(kinds=["military"]).at("2024-05-14")) == {"arms"}


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        (
            {"kinds": ["diplomatc"]},
            "unknown kind 'diplomatc': use diplomatic, military, "
            "economic, humanitarian, statement, mediation, conflict, alliance, other; "
            "did you mean 'diplomatic'?",
        ),
        (
            {"modalities": ["consdered"]},
            "unknown modality 'consdered': use actual, "
            "considered, threatened; did you mean 'considered'?",
        ),
        ({"actors": ["Isreal"]}, "unknown actor 'Isreal'; did you mean 'ISR' (Israel)?"),
        ({"ego": "Egpyt"}, "unknown actor 'Egpyt'; did you mean 'EGY' (Egypt)?"),
        ({"ego": "Atlantis"}, "unknown actor 'Atlantis'"),
        ({"min_confidence": 1.5}, "min_confidence must be between 0 and 1 (got 1.5)"),
        ({"min_confidence": -0.1}, "min_confidence must be between 0 and 1 (got -0.1)"),
    ],
)
def test_unknown_filter_values_are_errors(filters: dict[str, Any], message: str) -> None:
    with pytest.raises(QueryError) as caught:
        timeline(FILTERED, **filters)
    assert str(caught.value) == message


# -- roll-up ------------------------------------------------------------------------------


def test_rollup_folds_persons_into_their_affiliation() -> None:
    tl = timeline(FILTERED, rollup=True)
    graph = tl.at("2024-05-14")
    assert list(graph.nodes) == ["EGY", "ISR", "USA", "QAT"]
    # the aide speaks for biden, who speaks for the USA; biden's praise of the USA and the
    # aide's brief to biden would be USA>USA
    assert sorted(graph.edges(keys=True)) == [
        ("EGY", "ISR", "downgrade"),
        ("QAT", "USA", "warn"),
        ("USA", "EGY", "brief#aide>EGY"),
        ("USA", "ISR", "arms"),
        ("USA", "ISR", "doubt"),
    ]
    assert tl.dropped == 2
    assert graph.graph["dropped"] == 2
    assert graph.graph["filters"] == {"rollup": True}
    assert edge(graph, "doubt")["stance"] == "doubt"


def test_rollup_counts_drops_after_the_other_filters() -> None:
    tl = timeline(FILTERED, rollup=True, modalities=["threatened"])
    assert tl.dropped == 0
    assert keys(tl.at("2024-05-14")) == {"warn"}


def test_rollup_with_an_ego_or_actors_naming_a_person_means_its_actor() -> None:
    by_person = timeline(FILTERED, rollup=True, ego="Joe Biden")
    by_state = timeline(FILTERED, rollup=True, ego="USA")
    assert by_person.filters == by_state.filters == {"ego": "USA", "rollup": True}
    assert keys(by_person.at("2024-05-14")) == {"arms", "doubt", "warn", "brief#aide>EGY"}
    assert list(by_person.at("2024-05-14").nodes) == ["EGY", "ISR", "USA", "QAT"]
    graph = timeline(FILTERED, rollup=True, actors=["aide", "ISR"]).at("2024-05-14")
    assert list(graph.nodes) == ["ISR", "USA"]
    assert keys(graph) == {"arms", "doubt"}


# -- periods ------------------------------------------------------------------------------

EMPTY = Timeline(relgraph.parse_relations("actors: []"))


def spans(periods: list[Period]) -> list[tuple[str, str, str, str]]:
    return [
        (p.label, p.start.isoformat(), p.end.isoformat(), p.window_start.isoformat())
        for p in periods
    ]


def test_daily_periods() -> None:
    assert spans(EMPTY.periods("2024-02-28", "2024-03-01", "day")) == [
        ("2024-02-28", "2024-02-28", "2024-02-28", "2024-02-28"),
        ("2024-02-29", "2024-02-29", "2024-02-29", "2024-02-29"),
        ("2024-03-01", "2024-03-01", "2024-03-01", "2024-03-01"),
    ]


def test_iso_weeks_start_on_monday_across_a_year_boundary() -> None:
    # 2024-12-28 is a Saturday; 2024-12-30 a Monday that opens ISO week 1 of 2025
    assert spans(EMPTY.periods("2024-12-28", "2025-01-10", "week")) == [
        ("2024-W52", "2024-12-28", "2024-12-29", "2024-12-28"),
        ("2025-W01", "2024-12-30", "2025-01-05", "2024-12-30"),
        ("2025-W02", "2025-01-06", "2025-01-10", "2025-01-06"),
    ]


def test_a_year_with_53_iso_weeks() -> None:
    periods = EMPTY.periods("2020-12-20", "2021-01-04", "week")
    assert [p.label for p in periods] == ["2020-W51", "2020-W52", "2020-W53", "2021-W01"]
    assert periods[2].start == D(2020, 12, 28)
    assert periods[2].end == D(2021, 1, 3)


def test_months_clip_to_the_range_and_know_leap_years() -> None:
    assert spans(EMPTY.periods("2024-01-15", "2024-03-10", "month")) == [
        ("2024-01", "2024-01-15", "2024-01-31", "2024-01-15"),
        ("2024-02", "2024-02-01", "2024-02-29", "2024-02-01"),
        ("2024-03", "2024-03-01", "2024-03-10", "2024-03-01"),
    ]
    assert EMPTY.periods("2023-02", "2023-02", "month")[0].end == D(2023, 2, 28)
    assert EMPTY.periods("1900-02", "1900-02", "month")[0].end == D(1900, 2, 28)
    assert EMPTY.periods("2000-02", "2000-02", "month")[0].end == D(2000, 2, 29)


def test_quarters_and_years() -> None:
    assert spans(EMPTY.periods("2023-11", "2024-04-02", "quarter")) == [
        ("2023-Q4", "2023-11-01", "2023-12-31", "2023-11-01"),
        ("2024-Q1", "2024-01-01", "2024-03-31", "2024-01-01"),
        ("2024-Q2", "2024-04-01", "2024-04-02", "2024-04-01"),
    ]
    assert spans(EMPTY.periods("2023-07-01", "2024", "year")) == [
        ("2023", "2023-07-01", "2023-12-31", "2023-07-01"),
        ("2024", "2024-01-01", "2024-12-31", "2024-01-01"),
    ]


def test_periods_default_to_the_span_of_the_file() -> None:
    tl = ab(
        "{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-01-20,"
        " end: 2024-03-02}"
    )
    assert spans(tl.periods(step="month")) == [
        ("2024-01", "2024-01-20", "2024-01-31", "2024-01-20"),
        ("2024-02", "2024-02-01", "2024-02-29", "2024-02-01"),
        ("2024-03", "2024-03-01", "2024-03-02", "2024-03-01"),
    ]


def test_without_a_step_the_finest_step_with_at_most_100_periods_is_taken() -> None:
    tl = ab(
        "{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-01-20,"
        " end: 2024-03-02}"
    )
    days = tl.periods()
    assert (len(days), {p.step for p in days}) == (43, {"day"})
    assert [p.label for p in EMPTY.periods("2023-10", "2024-05")][:2] == ["2023-W39", "2023-W40"]
    assert len(EMPTY.periods("2023-10", "2024-05")) == 36
    assert [p.label for p in EMPTY.periods("1979-03-26", "2024-05-14")][:2] == ["1979", "1980"]
    decades = EMPTY.periods("1816", "2014")
    assert [p.label for p in decades][:2] == ["1810s", "1820s"]
    assert (decades[0].start, decades[-1].end) == (D(1816, 1, 1), D(2014, 12, 31))


@pytest.mark.parametrize(
    ("start", "end", "step"),
    [("1995", "2000", "year"), ("1995-03", "2000-11", "month"), ("1995-03-02", "1996", "week")],
)
def test_the_automatic_step_is_no_finer_than_the_dates_tell_apart(
    start: str, end: str, step: str
) -> None:
    # six years: 72 months fit in 100 periods, but dates that name years cannot show a month;
    # a timeline built from columns (a dataset) takes the same step
    text = (
        f"{{id: s, actor: A, target: B, kind: alliance, valence: 1, start: {start}, end: {end}}}"
    )
    tl = ab(text)
    from relgraph.columnar import ColumnarRelations
    from relgraph.dataset import dataset_from_relations

    columns = Timeline(ColumnarRelations(dataset_from_relations(tl.relations)))
    assert {p.step for p in tl.periods()} == {p.step for p in columns.periods()} == {step}
    assert {p.step for p in tl.periods(step="month")} == {"month"}  # asked for, it is taken


@pytest.mark.parametrize(
    ("step", "first", "last", "title"),
    [
        ("day", "2024-05-14", "2024-05-14", "14 May 2024"),
        ("week", "2023-10-02", "2023-10-08", "week of Mon 2 Oct 2023"),
        (
            "week",
            "2023-09-28",
            "2023-10-01",
            "week of Mon 25 Sep 2023 (Thu 28 Sep – Sun 1 Oct only)",
        ),
        ("week", "2023-10-01", "2023-10-01", "week of Mon 25 Sep 2023 (Sun 1 Oct only)"),
        ("month", "2023-10-01", "2023-10-31", "Oct 2023"),
        ("quarter", "2023-10-01", "2023-12-31", "2023 Q4"),
        ("year", "2023-01-01", "2023-12-31", "2023"),
        ("decade", "1990-01-01", "1999-12-31", "1990s"),
        ("month", "0800-02-01", "0800-02-29", "Feb 0800"),
    ],
)
def test_periods_have_a_title_as_people_write_dates(
    step: str, first: str, last: str, title: str
) -> None:
    (period,) = EMPTY.periods(first, last, step)
    assert period.title == title


def test_labels_keep_four_digit_years_below_1000() -> None:
    labels = {s: EMPTY.periods("0800-02-10", "0800-02-10", s)[0].label for s in STEPS}
    assert labels == {
        "day": "0800-02-10",
        "week": "0800-W06",
        "month": "0800-02",
        "quarter": "0800-Q1",
        "year": "0800",
        "decade": "0800s",
    }


def test_a_rolling_width_in_days_ends_on_the_last_day_of_each_period() -> None:
    assert spans(EMPTY.periods("2024-03-01", "2024-03-02", "day", width=7)) == [
        ("2024-03-01", "2024-03-01", "2024-03-01", "2024-02-24"),
        ("2024-03-02", "2024-03-02", "2024-03-02", "2024-02-25"),
    ]
    assert EMPTY.periods("2024-03-01", "2024-03-01", "day", width="1")[0].window_start == D(
        2024, 3, 1
    )
    assert EMPTY.periods("2024-03", "2024-03", "month", width="90 days")[0].window_start == D(
        2024, 1, 2
    )
    assert EMPTY.periods("2024-03", "2024-03", "month", width="2w")[0].window_start == D(
        2024, 3, 18
    )


@pytest.mark.parametrize(
    ("end", "width", "window_start"),
    [
        ("2024-05-31", "3m", "2024-03-01"),
        ("2024-03-31", "3m", "2024-01-01"),
        ("2024-03-31", "1m", "2024-03-01"),
        ("2024-02-29", "1m", "2024-02-01"),  # the last day of a month: whole months
        ("2024-04-30", "1m", "2024-04-01"),
        ("2024-02-28", "1m", "2024-01-29"),
        ("2024-03-30", "1m", "2024-03-01"),
        ("2024-03-28", "1m", "2024-02-29"),
        ("2024-06-30", "1q", "2024-04-01"),
        ("2024-12-31", "1y", "2024-01-01"),
        ("2024-02-29", "1y", "2023-03-01"),
        ("2025-02-28", "1y", "2024-03-01"),
        ("2024-08-15", "6m", "2024-02-16"),
        ("2024-01-31", "2 months", "2023-12-01"),
    ],
)
def test_a_rolling_width_in_calendar_units(end: str, width: str, window_start: str) -> None:
    (period,) = EMPTY.periods(end, end, "day", width=width)
    assert period.window_start == D.fromisoformat(window_start)


def test_monthly_steps_with_a_three_month_width() -> None:
    assert spans(EMPTY.periods("2024-01", "2024-04", "month", width="3m")) == [
        ("2024-01", "2024-01-01", "2024-01-31", "2023-11-01"),
        ("2024-02", "2024-02-01", "2024-02-29", "2023-12-01"),
        ("2024-03", "2024-03-01", "2024-03-31", "2024-01-01"),
        ("2024-04", "2024-04-01", "2024-04-30", "2024-02-01"),
    ]


@pytest.mark.parametrize("width", ["0", "3x", "m", "-1", "1.5m", 0])
def test_a_width_that_is_not_a_duration_is_an_error(width: object) -> None:
    with pytest.raises(QueryError, match="width"):
        EMPTY.periods("2024-01", "2024-03", "month", width=width)  # type: ignore[arg-type]


def test_an_unknown_step_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(QueryError) as caught:
        EMPTY.periods("2024-01", "2024-03", "wek")
    assert str(caught.value) == (
        "unknown step 'wek': use one of day, week, month, quarter, year, decade, auto; "
        "did you mean 'week'?"
    )


# -- snapshots and walk -------------------------------------------------------------------

STEPPED = """\
actors:
  - {id: A, name: A, kind: state}
  - {id: B, name: B, kind: state}
  - {id: C, name: C, kind: state}
stances:
  - {id: long, actor: A, target: B, kind: conflict, valence: -1, start: 2023-11, end: 2024-02-10}
  - {id: open, actor: B, target: C, kind: diplomatic, valence: 0.5, start: 2024-01-31}
  - {id: blip, actor: C, target: A, kind: statement, valence: 0.1, start: 2024-02-29,
     end: 2024-02-29}
  - {id: march, actor: [A, C], target: B, kind: economic, valence: 0.3, start: 2024-03~,
     end: 2024-03}
  - {id: week, actor: B, target: A, kind: statement, valence: -0.1, start: 2024-02-05,
     end: 2024-02-11}
"""
STEP_CASES = [
    ("day", None),
    ("week", None),
    ("month", None),
    ("quarter", None),
    ("year", None),
    ("day", 10),
    ("week", "3w"),
    ("month", "2m"),
    ("month", 5),  # narrower than the step
]


@pytest.mark.parametrize(("step", "width"), STEP_CASES)
def test_snapshots_are_the_window_of_each_period(step: str, width: int | str | None) -> None:
    tl = timeline(STEPPED)
    snapshots = list(tl.snapshots("2023-12-15", "2024-04-10", step, width))
    assert [p for p, _ in snapshots] == tl.periods("2023-12-15", "2024-04-10", step, width)
    for period, graph in snapshots:
        expected = tl.window(period.window_start, period.end)
        assert keys(graph) == keys(expected), period
        assert list(graph.nodes) == ["A", "B", "C"]
        assert graph.graph["slice"] == {
            "start": period.window_start.isoformat(),
            "end": period.end.isoformat(),
            "period": period.label,
        }


def test_monthly_snapshots_by_hand() -> None:
    tl = timeline(STEPPED)
    assert [
        (p.label, sorted(keys(g))) for p, g in tl.snapshots("2024-01", "2024-04", "month")
    ] == [
        ("2024-01", ["long", "open"]),
        ("2024-02", ["blip", "long", "open", "week"]),
        ("2024-03", ["march#A>B", "march#C>B", "open"]),
        ("2024-04", ["open"]),
    ]


@pytest.mark.parametrize(("step", "width"), STEP_CASES)
def test_walk_keys_are_the_snapshot_keys_at_every_step(step: str, width: int | str | None) -> None:
    tl = timeline(STEPPED)
    previous: set[str] = set()
    walked = zip(
        tl.walk("2023-12-15", "2024-04-10", step, width),
        tl.snapshots("2023-12-15", "2024-04-10", step, width),
        strict=True,
    )
    for step_, (period, graph) in walked:
        current = set(step_.keys)
        assert step_.period == period
        assert current == keys(graph), period
        assert set(step_.began) == current - previous, period
        assert set(step_.ended) == previous - current, period
        assert len(step_.began) == len(set(step_.began))
        assert len(step_.ended) == len(set(step_.ended))
        previous = current


def test_daily_walk_by_hand() -> None:
    tl = timeline(STEPPED)
    steps = [
        (w.period.label, sorted(w.keys), sorted(w.began), sorted(w.ended))
        for w in tl.walk("2024-02-09", "2024-02-13", "day")
    ]
    assert steps == [
        ("2024-02-09", ["long", "open", "week"], ["long", "open", "week"], []),
        ("2024-02-10", ["long", "open", "week"], [], []),
        ("2024-02-11", ["open", "week"], [], ["long"]),
        ("2024-02-12", ["open"], [], ["week"]),
        ("2024-02-13", ["open"], [], []),
    ]


def test_a_walk_with_a_filter() -> None:
    tl = timeline(STEPPED, kinds=["statement"])
    assert [(w.period.label, sorted(w.keys)) for w in tl.walk("2024-01", "2024-03", "month")] == [
        ("2024-01", []),
        ("2024-02", ["blip", "week"]),
        ("2024-03", []),
    ]


# -- diff ---------------------------------------------------------------------------------

DIFFED = """\
actors:
  - {id: A, name: A, kind: state}
  - {id: B, name: B, kind: state}
  - {id: C, name: C, kind: state}
stances:
  - {id: warm, actor: A, target: B, kind: diplomatic, valence: 0.5, start: 2024-01-01,
     end: 2024-03-31}
  - {id: cool, actor: A, target: B, kind: diplomatic, valence: -0.5, start: 2024-04-01}
  - {id: visit, actor: B, target: A, kind: diplomatic, valence: 0.8, start: 2024-02-14,
     end: 2024-02-14}
  - {id: steady, actor: B, target: C, kind: economic, valence: 0.3, start: 2023}
  - {id: war, actor: C, target: A, kind: conflict, valence: -1, start: 2024-01-15,
     end: 2024-01-15}
  - {id: talks, actor: C, target: B, kind: mediation, valence: 0.4, start: 2024-05-01}
  - {id: threat, actor: C, target: A, kind: military, valence: -0.7, start: 2024-01,
     end: 2024-04-30}
  - {id: strike, actor: C, target: A, kind: military, valence: -0.7, modality: threatened,
     start: 2024-05-01}
  - {id: same, actor: B, target: C, kind: diplomatic, valence: 0.2, start: 2024-01,
     end: 2024-02}
  - {id: same2, actor: B, target: C, kind: diplomatic, valence: 0.2, start: 2024-03}
"""


def diff_keys(d: relgraph.Diff) -> dict[str, object]:
    return {
        "began": [e.key for e in d.began],
        "ended": [e.key for e in d.ended],
        "changed": [(old.key, new.key) for old, new in d.changed],
        "passed": [e.key for e in d.passed],
    }


def test_diff_began_ended_changed_and_passed() -> None:
    d = timeline(DIFFED).diff("2024-01-15", "2024-05-01")
    assert (d.a, d.b) == (D(2024, 1, 15), D(2024, 5, 1))
    assert diff_keys(d) == {
        # same pair and kind, same valence and modality: not a change, a new stance
        "began": ["talks", "same2"],
        "ended": ["war", "same"],
        # valence (warm > cool) and modality (threat > strike) changes
        "changed": [("warm", "cool"), ("threat", "strike")],
        # the one-day visit strictly between a and b is not lost
        "passed": ["visit"],
    }
    assert d


def test_diff_of_neighbouring_days_has_nothing_between() -> None:
    d = timeline(DIFFED).diff("2024-02-13", "2024-02-14")
    assert diff_keys(d) == {"began": ["visit"], "ended": [], "changed": [], "passed": []}
    d = timeline(DIFFED).diff("2024-02-13", "2024-02-15")
    assert diff_keys(d) == {"began": [], "ended": [], "changed": [], "passed": ["visit"]}


def test_diff_of_one_day_with_itself_is_empty() -> None:
    d = timeline(DIFFED).diff("2024-02-14", D(2024, 2, 14))
    assert diff_keys(d) == {"began": [], "ended": [], "changed": [], "passed": []}
    assert not d


def test_diff_refuses_a_later_a_and_partial_days() -> None:
    tl = timeline(DIFFED)
    with pytest.raises(QueryError, match=r"^b \(2024-01-01\) is before a \(2024-02-01\)$"):
        tl.diff("2024-02-01", "2024-01-01")
    with pytest.raises(
        QueryError, match=r"^day a '2024-02' is a whole month, not a day: give YYYY-MM-DD$"
    ):
        tl.diff("2024-02", "2024-03-01")
    with pytest.raises(QueryError, match=r"^day b '2024' is a whole year, not a day"):
        tl.diff("2024-02-01", "2024")


def test_diff_follows_the_filters() -> None:
    d = timeline(DIFFED, kinds=["military"]).diff("2024-01-15", "2024-05-01")
    assert diff_keys(d) == {
        "began": [],
        "ended": [],
        "changed": [("threat", "strike")],
        "passed": [],
    }


# -- history ------------------------------------------------------------------------------

HISTORY = """\
actors:
  - {id: EGY, name: Egypt, kind: state, aliases: [Cairo]}
  - {id: ISR, name: Israel, kind: state}
  - {id: USA, name: United States, kind: state}
  - {id: sisi, name: Sisi, kind: person, affiliation: EGY}
stances:
  - {id: open-b, actor: ISR, target: EGY, kind: diplomatic, valence: 0.1, start: 2024-05}
  - {id: closed-b, actor: EGY, target: ISR, kind: diplomatic, valence: 0.2, start: 2024-05,
     end: 2024-06}
  - {id: closed-a, actor: EGY, target: ISR, kind: conflict, valence: -1, start: 2024-05,
     end: 2024-06}
  - {id: treaty, actor: EGY, target: ISR, kind: diplomatic, valence: 0.6, mutual: true,
     start: 1979-03-26}
  - {id: other, actor: USA, target: ISR, kind: military, valence: -0.3, start: 2024-05}
  - {id: early, actor: ISR, target: EGY, kind: statement, valence: -0.2, start: 2024-05-01,
     end: 2024-05-01}
  - {id: said, actor: sisi, target: ISR, kind: statement, valence: -0.4, start: 2024-05-20}
"""


def test_history_is_ordered_by_start_then_end_then_key_in_both_directions() -> None:
    tl = timeline(HISTORY)
    expected = ["treaty", "early", "closed-a", "closed-b", "open-b"]
    assert [e.key for e in tl.history("EGY", "ISR")] == expected
    assert [e.key for e in tl.history("Israel", "cairo")] == expected
    assert [(e.actor, e.target) for e in tl.history("ISR", "EGY")][-1] == ("ISR", "EGY")


def test_history_follows_filters_and_the_rollup() -> None:
    assert [e.key for e in timeline(HISTORY, kinds=["statement"]).history("EGY", "ISR")] == [
        "early"
    ]
    rolled = timeline(HISTORY, rollup=True)
    assert [e.key for e in rolled.history("EGY", "ISR")][-1] == "said"
    assert [e.key for e in rolled.history("sisi", "ISR")] == [
        e.key for e in rolled.history("EGY", "ISR")
    ]
    assert [e.key for e in timeline(HISTORY).history("sisi", "ISR")] == ["said"]


def test_history_of_a_pair_without_stances_is_empty() -> None:
    assert timeline(HISTORY).history("USA", "EGY") == []


def test_history_of_an_unknown_actor_suggests_one() -> None:
    with pytest.raises(
        QueryError, match=r"^unknown actor 'Isreal'; did you mean 'ISR' \(Israel\)"
    ):
        timeline(HISTORY).history("EGY", "Isreal")


# -- property tests: the index equals brute force -----------------------------------------

FIRST = D(2023, 1, 1)
SPAN_DAYS = 3 * 366


@st.composite
def partial_dates(draw: st.DrawFn, *, after: D | None = None) -> tuple[str, D, D]:
    """A date as written (any precision, any qualifier), with the first and last day it
    covers; with ``after``, one whose last day is not before that day."""
    low = 0 if after is None else (after - FIRST).days
    day = FIRST + dt.timedelta(days=draw(st.integers(low, SPAN_DAYS)))
    precision = draw(st.sampled_from(["day", "day", "month", "year"]))
    qualifier = draw(st.sampled_from(["", "", "", "~", "?", "%"]))
    if precision == "day":
        text, first, last = day.isoformat(), day, day
    elif precision == "month":
        first = day.replace(day=1)
        following = D(day.year + day.month // 12, day.month % 12 + 1, 1)
        text, last = f"{day:%Y-%m}", following - dt.timedelta(days=1)
    else:
        text, first, last = f"{day:%Y}", D(day.year, 1, 1), D(day.year, 12, 31)
    return text + qualifier, first, last


@st.composite
def relation_files(draw: st.DrawFn) -> str:
    """A small relations file: 2-5 actors, 0-12 stances with random bounds and lists."""
    actors = [f"X{i}" for i in range(draw(st.integers(2, 5)))]
    lines = ["actors:"]
    lines += [f"  - {{id: {a}, name: Actor {a}, kind: state}}" for a in actors]
    count = draw(st.integers(0, 12))
    lines.append("stances:" if count else "stances: []")
    for index in range(count):
        sources = draw(st.lists(st.sampled_from(actors), min_size=1, max_size=2, unique=True))
        rest = [a for a in actors if a not in sources]
        if not rest:
            sources = sources[:1]
            rest = [a for a in actors if a not in sources]
        targets = draw(st.lists(st.sampled_from(rest), min_size=1, max_size=2, unique=True))
        actor = sources[0] if len(sources) == 1 and draw(st.booleans()) else sources
        target = targets[0] if len(targets) == 1 and draw(st.booleans()) else targets
        start, first, _ = draw(partial_dates())
        fields = [
            f"actor: {_flow(actor)}",
            f"target: {_flow(target)}",
            "kind: conflict",
            "valence: -1",
            f"start: {start}",
        ]
        if draw(st.booleans()):
            fields.insert(0, f"id: s{index}")
        if draw(st.integers(0, 3)):  # three in four closed
            end, _, _ = draw(partial_dates(after=first))
            fields.append(f"end: {end}")
        lines.append(f"  - {{{', '.join(fields)}}}")
    return "\n".join(lines) + "\n"


def _flow(ids: str | list[str]) -> str:
    return ids if isinstance(ids, str) else f"[{', '.join(ids)}]"


def brute_force(relations: Relations, first: D, last: D) -> set[str]:
    return {
        e.key
        for e in relations.edges
        if e.stance.start.first <= last and (e.stance.end is None or e.stance.end.last >= first)
    }


days = st.integers(-40, SPAN_DAYS + 40).map(lambda n: FIRST + dt.timedelta(days=n))


@settings(deadline=None, max_examples=150)
@given(relation_files(), st.lists(days, min_size=1, max_size=8))
def test_at_equals_brute_force(text: str, when: list[D]) -> None:
    relations = relgraph.parse_relations(text)
    tl = Timeline(relations)
    for day in when:
        expected = {
            e.key
            for e in relations.edges
            if e.stance.start.first <= day and (e.stance.end is None or day <= e.stance.end.last)
        }
        graph = tl.at(day)
        assert keys(graph) == expected
        assert graph.number_of_edges() == len(expected)
        assert set(tl.in_force(day)) == expected
        assert graph.number_of_nodes() == len(relations.actors)


@settings(deadline=None, max_examples=150)
@given(relation_files(), st.lists(st.tuples(days, days), min_size=1, max_size=8))
def test_window_equals_brute_force(text: str, windows: list[tuple[D, D]]) -> None:
    relations = relgraph.parse_relations(text)
    tl = Timeline(relations)
    for one, other in windows:
        first, last = min(one, other), max(one, other)
        expected = brute_force(relations, first, last)
        assert keys(tl.window(first, last)) == expected
        assert set(tl.in_force(first, last)) == expected


@settings(deadline=None, max_examples=100)
@given(
    relation_files(),
    days,
    st.integers(0, 400),
    st.sampled_from(["day", "week", "month", "quarter", "year"]),
    st.one_of(st.none(), st.integers(1, 120), st.sampled_from(["2w", "1m", "3m", "1q", "1y"])),
)
def test_walk_equals_the_window_of_each_period(
    text: str, first: D, length: int, step: str, width: int | str | None
) -> None:
    tl = Timeline(relgraph.parse_relations(text))
    last = first + dt.timedelta(days=length)
    previous: set[str] = set()
    for walked in tl.walk(first, last, step, width):
        period = walked.period
        current = set(walked.keys)
        assert current == set(tl.in_force(period.window_start, period.end))
        assert set(walked.began) == current - previous
        assert set(walked.ended) == previous - current
        previous = current


@settings(deadline=None, max_examples=100)
@given(relation_files(), days, days)
def test_diff_equals_brute_force(text: str, one: D, other: D) -> None:
    relations = relgraph.parse_relations(text)
    a, b = min(one, other), max(one, other)
    d = Timeline(relations).diff(a, b)
    on_a, on_b = brute_force(relations, a, a), brute_force(relations, b, b)
    between = (
        brute_force(relations, a + dt.timedelta(days=1), b - dt.timedelta(days=1))
        if (b - a).days > 1
        else set()
    )
    changed_old = {old.key for old, _ in d.changed}
    changed_new = {new.key for _, new in d.changed}
    assert {e.key for e in d.began} | changed_new == on_b - on_a
    assert {e.key for e in d.ended} | changed_old == on_a - on_b
    assert {e.key for e in d.passed} == between - on_a - on_b


def test_index_on_a_larger_file_equals_brute_force_in_file_order() -> None:
    # enough edges for both ways the index orders what it finds (sorting a few, marking many)
    rng = random.Random(7)
    lines = [AB.rstrip("\n")]
    for index in range(400):
        start = FIRST + dt.timedelta(days=rng.randrange(3 * 365))
        days = rng.choice([0, 0, 1, 6, 30, 200, None])
        end = "" if days is None else f", end: {start + dt.timedelta(days=days)}"
        actor, target = rng.sample(["A", "B"], 2)
        lines.append(
            f"  - {{id: s{index}, actor: {actor}, target: {target}, kind: conflict, "
            f"valence: -1, start: {start}{end}}}"
        )
    relations = relgraph.parse_relations("\n".join(lines) + "\n")
    tl = Timeline(relations)
    order = {e.key: i for i, e in enumerate(relations.edges)}
    for _ in range(200):
        first = FIRST + dt.timedelta(days=rng.randrange(-30, 3 * 365 + 30))
        last = first + dt.timedelta(days=rng.choice([0, 0, 3, 40, 400]))
        found = tl.in_force(first, last)
        assert found == sorted(brute_force(relations, first, last), key=order.__getitem__)
        assert keys(tl.window(first, last)) == set(found)


def test_walk_steps_can_be_collected() -> None:
    tl = timeline(STEPPED)
    steps = list(tl.walk("2023-12-15", "2024-04-10", "month"))
    assert [s.keys for s in steps] == [
        keys(graph) for _, graph in tl.snapshots("2023-12-15", "2024-04-10", "month")
    ]


def test_far_future_dates_and_huge_widths_stay_in_the_calendar() -> None:
    tl = timeline(
        "actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]\n"
        "stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1,"
        " start: 9998-06, end: 9999}]\n"
    )
    for step in ("day", "week", "month", "quarter", "year"):
        periods = tl.periods("9999-12-20", None, step)
        assert periods[-1].end == dt.date(9999, 12, 31)
    assert [p.label for p in tl.periods(step="year")] == ["9998", "9999"]
    assert tl.periods("9999-12", "9999-12", "month", width=10**9)[0].window_start == dt.date.min
    assert tl.periods("2024-01", "2024-01", "month", width="100000y")[0].window_start == (
        dt.date.min
    )


def test_an_open_bound_stretches_to_hold_the_given_one() -> None:
    tl = timeline(
        "actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]\n"
        "stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-05}]\n"
    )
    assert keys(tl.window("2030-01-01")) == {"s"}
    assert keys(tl.window(None, "2020-01-01")) == set()


def test_roll_up_keeps_one_tie_per_stance_and_pair() -> None:
    tl = timeline(
        "actors:\n"
        "  - {id: USA, name: United States, kind: state}\n"
        "  - {id: ISR, name: Israel, kind: state}\n"
        "  - {id: NETANYAHU, name: Benjamin Netanyahu, kind: person, affiliation: ISR}\n"
        "  - {id: CAMPBELL, name: Kurt Campbell, kind: person, affiliation: USA}\n"
        "stances:\n"
        "  - {id: doubt, actor: CAMPBELL, target: [ISR, NETANYAHU], kind: statement,\n"
        "     valence: -0.3, start: 2024-05-14}\n",
        rollup=True,
    )
    graph = tl.at("2024-05-14")
    assert list(graph.edges(keys=True)) == [("USA", "ISR", "doubt#CAMPBELL>ISR")]
    assert (tl.merged, graph.graph["merged"], graph.graph["dropped"]) == (1, 1, 0)


# -- certain (DESIGN.md §2), the roll-up of every affiliated actor, Filters, slice -------------

_PARTIAL = st.builds(
    lambda year, month, day, kind: (
        f"{year}"
        if kind == 0
        else f"{year}-{month:02d}"
        if kind == 1
        else f"{year}-{month:02d}-{day:02d}"
    ),
    st.sampled_from([2023, 2024]),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 2),
)


@settings(max_examples=150, deadline=None)
@given(
    start=_PARTIAL,
    end=st.one_of(st.none(), _PARTIAL),
    a=st.dates(dt.date(2022, 12, 1), dt.date(2025, 1, 31)),
    length=st.integers(0, 70),
)
def test_certain_is_in_force_under_every_reading_of_the_dates(
    start: str, end: str | None, a: dt.date, length: int
) -> None:
    from relgraph.dates import PartialDate

    s, e = PartialDate.parse(start), None if end is None else PartialDate.parse(end)
    if e is not None and e.last < s.first:
        return
    b = a + dt.timedelta(days=length)
    rel = relgraph.parse_relations(
        "actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]\n"
        f"stances: [{{id: s, actor: A, target: B, kind: conflict, valence: -1, start: {start}"
        + ("" if end is None else f", end: {end}")
        + "}]\n"
    )
    graph = Timeline(rel).slice(start=a, end=b)
    if not graph.number_of_edges():
        return
    # brute force: every reading (a start day and an end day, the end not before the start)
    starts = [s.first + dt.timedelta(days=i) for i in range((s.last - s.first).days + 1)]
    ends: list[dt.date | None] = (
        [None]
        if e is None
        else [e.first + dt.timedelta(days=i) for i in range((e.last - e.first).days + 1)]
    )
    always = all(
        day <= b and (last is None or last >= a)
        for day in starts
        for last in ends
        if last is None or last >= day
    )
    assert graph.edges["A", "B", "s"]["certain"] is always


def test_a_month_long_event_is_certain_in_its_month_but_not_on_a_day_of_it() -> None:
    tl = ab(
        "{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-05, end: 2024-05}"
    )
    assert edge(tl.window("2024-05", "2024-05"), "s")["certain"] is True
    assert edge(tl.at("2024-05-14"), "s")["certain"] is False
    open_ = ab("{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2023-10}")
    assert edge(open_.at("2023-11-01"), "s")["certain"] is True
    assert edge(open_.at("2023-10-15"), "s")["certain"] is False


ORGANS = """\
actors:
  - {id: USA, name: United States, kind: state}
  - {id: ISR, name: Israel, kind: state}
  - {id: IDF, name: Israel Defense Forces, kind: armed_group, affiliation: ISR}
  - {id: UNIT, name: A brigade, kind: armed_group, affiliation: IDF}
  - {id: BID, name: Joe Biden, kind: person, affiliation: USA}
stances:
  - {id: both, actor: [USA, BID], target: ISR, kind: military, valence: -0.3, start: 2024-05}
  - {id: strike, actor: UNIT, target: USA, kind: statement, valence: -0.1, start: 2024-05}
  - {id: inner, actor: IDF, target: ISR, kind: statement, valence: 0.1, start: 2024-05}
"""


def test_the_rollup_folds_every_affiliated_actor_along_chains() -> None:
    tl = Timeline(relgraph.parse_relations(ORGANS), rollup=True)
    graph = tl.at("2024-05-14")
    assert sorted(graph.nodes) == ["ISR", "USA"]
    assert sorted((u, v, k) for u, v, k in graph.edges(keys=True)) == [
        ("ISR", "USA", "strike"),
        ("USA", "ISR", "both#USA>ISR"),
    ]
    assert (tl.dropped, tl.merged) == (1, 1)
    assert (graph.graph["dropped"], graph.graph["merged"]) == (1, 1)


def test_filters_as_one_value_equal_the_keyword_arguments() -> None:
    rel = relgraph.parse_relations(ORGANS)
    by_value = Timeline(rel, Filters(kinds=("military",), rollup=True))
    by_keywords = Timeline(rel, kinds=["military"], rollup=True)
    assert by_value.filters == by_keywords.filters == {"kinds": ["military"], "rollup": True}
    assert [e.key for e in by_value.edges] == [e.key for e in by_keywords.edges]


def test_a_slice_takes_a_day_or_a_period_not_both() -> None:
    tl = Timeline(relgraph.parse_relations(ORGANS))
    with pytest.raises(QueryError, match=r"either a day \(at\) or a period"):
        tl.slice("2024-05-14", start="2024-05-01")
    period = tl.slice(start="2024-05", end="2024-06").graph["period"]
    assert (period.start, period.end, period.window_start) == (
        D(2024, 5, 1),
        D(2024, 6, 30),
        D(2024, 5, 1),
    )


def test_a_name_two_actors_share_is_ambiguous() -> None:
    rel = relgraph.parse_relations(
        "actors: [{id: GEO, name: Georgia, kind: state},"
        " {id: US-GA, name: Georgia, kind: other}, {id: ISR, name: Israel, kind: state}]"
    )
    tl = Timeline(rel)
    with pytest.raises(QueryError) as caught:
        tl.resolve_actor("georgia")
    assert str(caught.value) == (
        "'georgia' is ambiguous: it names 'GEO' (Georgia), 'US-GA' (Georgia); give an id"
    )
    assert tl.resolve_actor("US-GA") == "US-GA"
    with pytest.raises(
        QueryError, match=r"unknown actor 'Israle'; did you mean 'ISR' \(Israel\)\?"
    ):
        tl.resolve_actor("Israle")


def test_a_series_past_the_periods_limit_is_refused_up_front() -> None:
    with pytest.raises(QueryError) as caught:
        EMPTY.periods("0001", "9999", "day")
    assert str(caught.value) == (
        "0001-01-01..9999-12-31 by day is 3,652,059 periods, more than the limit of 20,000 "
        "(max_periods; --max-periods on the command line): choose a coarser step or a "
        "shorter range, or raise the limit"
    )
    assert len(EMPTY.periods("2000", "2001", "day", max_periods=731)) == 731
    with pytest.raises(QueryError, match="more than the limit of 3"):
        next(iter(EMPTY.snapshots("2024-01", "2024-04", "month", max_periods=3)))
