"""Structural balance: the projection rule, triangles and the frustration index."""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import stance_graph
from relgraph import parse_relations
from relgraph.analysis.balance import (
    BalanceSeries,
    balance,
    balance_series,
    signed_projection,
)
from relgraph.errors import QueryError
from relgraph.timeline import Timeline


def signed_graph(n: int, ties: dict[tuple[int, int], int]) -> Any:
    return stance_graph(
        *((f"n{i}", f"n{j}", float(sign)) for (i, j), sign in ties.items()),
        nodes=[f"n{i}" for i in range(n)],
    )


def brute_force_frustration(n: int, ties: dict[tuple[int, int], int]) -> int:
    best = len(ties)
    for camps in itertools.product((0, 1), repeat=n):
        broken = sum(1 for (i, j), sign in ties.items() if (camps[i] != camps[j]) == (sign > 0))
        best = min(best, broken)
    return best


# -- the projection rule -------------------------------------------------------------------


def test_mutual_stance_counts_once_per_pair() -> None:
    # Counted twice, the mutual +0.5 would outweigh the -0.6 and the pair would be positive.
    graph = stance_graph(("EGY", "ISR", 0.5, "actual", True), ("ISR", "EGY", -0.6))
    tie = signed_projection(graph).edges["EGY", "ISR"]
    assert tie["sign"] == -1
    assert tie["weight"] == pytest.approx(-0.1)
    assert tie["stances"] == ["s0", "s1"]


def test_both_directions_sum_into_one_undirected_tie() -> None:
    graph = stance_graph(("EGY", "ISR", -0.5), ("ISR", "EGY", -0.25))
    signed = signed_projection(graph)
    assert list(signed.edges(data="weight")) == [("EGY", "ISR", -0.75)]


def test_considered_and_threatened_do_not_count_by_default() -> None:
    graph = stance_graph(
        ("EGY", "ISR", 0.4), ("EGY", "ISR", -0.9, "considered"), ("USA", "ISR", -1.0, "threatened")
    )
    signed = signed_projection(graph)
    assert signed.edges["EGY", "ISR"]["sign"] == 1
    assert signed.edges["EGY", "ISR"]["stances"] == ["s0"]
    assert not signed.has_edge("USA", "ISR")
    assert set(signed.nodes) == {"EGY", "ISR", "USA"}


def test_weights_let_intentions_count() -> None:
    graph = stance_graph(("EGY", "ISR", 0.4), ("EGY", "ISR", -0.9, "considered"))
    assert signed_projection(graph, weights={"considered": 0.5}).edges["EGY", "ISR"]["sign"] == -1
    assert signed_projection(graph, weights={"considered": 0.4}).edges["EGY", "ISR"]["sign"] == 1


def test_cancelling_stances_leave_no_tie() -> None:
    graph = stance_graph(("EGY", "ISR", 0.1), ("ISR", "EGY", 0.2), ("EGY", "ISR", -0.3))
    assert signed_projection(graph).number_of_edges() == 0


def test_zero_valence_gives_no_tie() -> None:
    assert signed_projection(stance_graph(("EGY", "ISR", 0.0))).number_of_edges() == 0


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"considred": 1.0}, "unknown modality 'considred' in weights"),
        ({"considered": float("nan")}, "weight of 'considered' must be a finite number"),
    ],
)
def test_bad_weights_are_query_errors(weights: dict[str, float], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        balance(stance_graph(("EGY", "ISR", 0.1)), weights=weights)


# -- triangles and the frustration index ---------------------------------------------------


@pytest.mark.parametrize(
    ("signs", "balanced", "frustration"),
    [
        ((1, 1, 1), True, 0),
        ((1, -1, -1), True, 0),
        ((1, 1, -1), False, 1),
        ((-1, -1, -1), False, 1),
    ],
)
def test_single_triangle(signs: tuple[int, int, int], balanced: bool, frustration: int) -> None:
    graph = stance_graph(
        ("EGY", "ISR", signs[0] * 0.5), ("ISR", "USA", signs[1] * 0.5), ("EGY", "USA", signs[2])
    )
    result = balance(graph)
    triangles = result.balanced if balanced else result.unbalanced
    assert [(t.actors, t.names, t.signs) for t in triangles] == [
        (("EGY", "ISR", "USA"), ("Egypt", "Israel", "United States"), signs)
    ]
    assert result.triangles == 1
    assert result.share_balanced == (1.0 if balanced else 0.0)
    assert result.frustration == frustration
    assert len(result.frustrated) == frustration
    assert result.exact is True


def test_triangle_prints_names_and_signs() -> None:
    result = balance(stance_graph(("EGY", "ISR", 0.5), ("ISR", "HAM", -1), ("EGY", "HAM", -0.2)))
    assert [str(t) for t in result.balanced] == ["Egypt, Hamas, Israel (- - +)"]


def test_no_triangle_means_share_is_none() -> None:
    result = balance(stance_graph(("EGY", "ISR", 0.5), ("ISR", "HAM", -1.0), nodes=["QAT"]))
    assert result.share_balanced is None
    assert (result.actors, result.positive, result.negative) == (4, 1, 1)
    assert result.frustration == 0


def test_empty_graph() -> None:
    result = balance(nx.MultiDiGraph())
    assert result.to_row() == {
        "actors": 0,
        "ties": 0,
        "positive": 0,
        "negative": 0,
        "triangles": 0,
        "balanced": 0,
        "unbalanced": 0,
        "share_balanced": None,
        "frustration": 0,
        "exact": True,
    }


def test_all_negative_k4_needs_two_flips() -> None:
    # Two camps of two leave one enemy pair inside each camp; no split does better.
    ties = dict.fromkeys(itertools.combinations(range(4), 2), -1)
    result = balance(signed_graph(4, ties))
    assert (len(result.balanced), len(result.unbalanced)) == (0, 4)
    assert result.frustration == 2
    assert sorted(len(c) for c in result.camps) == [2, 2]


def test_frustration_sums_over_components() -> None:
    ties = {(0, 1): 1, (1, 2): 1, (0, 2): -1, (3, 4): -1, (4, 5): -1, (3, 5): -1}
    assert balance(signed_graph(6, ties)).frustration == 2


def test_frustrated_ties_and_camps_agree() -> None:
    ties = {(0, 1): 1, (1, 2): 1, (0, 2): -1, (2, 3): -1}
    result = balance(signed_graph(4, ties))
    (first, second) = result.camps
    camp = {node: side for side, members in enumerate((first, second)) for node in members}
    broken = sorted(
        (f"n{i}", f"n{j}")
        for (i, j), s in ties.items()
        if (camp[f"n{i}"] != camp[f"n{j}"]) == (s > 0)
    )
    assert list(result.frustrated) == broken
    assert len(broken) == result.frustration == 1


def signed_graphs(max_nodes: int) -> st.SearchStrategy[tuple[int, dict[tuple[int, int], int]]]:
    @st.composite
    def build(draw: st.DrawFn) -> tuple[int, dict[tuple[int, int], int]]:
        n = draw(st.integers(min_value=1, max_value=max_nodes))
        pairs = list(itertools.combinations(range(n), 2))
        chosen = draw(st.lists(st.sampled_from(pairs), unique=True) if pairs else st.just([]))
        signs = draw(
            st.lists(st.sampled_from((-1, 1)), min_size=len(chosen), max_size=len(chosen))
        )
        return n, dict(zip(chosen, signs, strict=True))

    return build()


@settings(max_examples=150, deadline=None)
@given(signed_graphs(8))
def test_exact_matches_brute_force(case: tuple[int, dict[tuple[int, int], int]]) -> None:
    n, ties = case
    result = balance(signed_graph(n, ties))
    assert result.exact
    assert result.frustration == brute_force_frustration(n, ties)
    assert len(result.frustrated) == result.frustration


@settings(max_examples=60, deadline=None)
@given(signed_graphs(8))
def test_heuristic_is_an_upper_bound(case: tuple[int, dict[tuple[int, int], int]]) -> None:
    n, ties = case
    result = balance(signed_graph(n, ties), exact_limit=1, restarts=5)
    assert result.frustration >= brute_force_frustration(n, ties)
    assert len(result.frustrated) == result.frustration
    assert result.exact is (n == 1 or not ties)


def two_camps(size: int, flipped: int) -> tuple[int, dict[tuple[int, int], int]]:
    ties = {
        (i, j): 1 if (i < size // 2) == (j < size // 2) else -1
        for i, j in itertools.combinations(range(size), 2)
    }
    for pair in list(ties)[:flipped]:
        ties[pair] = -ties[pair]
    return size, ties


@pytest.mark.parametrize("flipped", [0, 1, 3])
def test_heuristic_above_the_limit_finds_planted_camps(flipped: int) -> None:
    n, ties = two_camps(30, flipped)
    result = balance(signed_graph(n, ties))
    assert result.exact is False
    assert result.frustration == flipped
    assert result.method.startswith("upper bound: greedy local search, 200 restarts, seed 0")


def test_exact_at_the_limit() -> None:
    n, ties = two_camps(20, 2)
    result = balance(signed_graph(n, ties))
    assert (result.exact, result.frustration) == (True, 2)
    assert result.method == "exact: enumeration of all splits of each component (<= 20 actors)"


def test_heuristic_is_reproducible_with_its_seed() -> None:
    n, ties = two_camps(26, 40)
    one = balance(signed_graph(n, ties), seed=7, restarts=3)
    two = balance(signed_graph(n, ties), seed=7, restarts=3)
    assert one == two


@pytest.mark.parametrize("limit", [0, 25])
def test_exact_limit_is_checked(limit: int) -> None:
    with pytest.raises(QueryError, match="exact_limit must be between 1 and 24"):
        balance(nx.MultiDiGraph(), exact_limit=limit)


def test_to_dict_lists_triangles_by_name() -> None:
    result = balance(stance_graph(("EGY", "ISR", 0.5), ("ISR", "USA", 0.5), ("EGY", "USA", -1)))
    data = result.to_dict()
    assert data["unbalanced_triangles"] == [
        {
            "actors": ["EGY", "ISR", "USA"],
            "names": ["Egypt", "Israel", "United States"],
            "signs": [1, 1, -1],
        }
    ]
    assert data["weights"] == {"actual": 1.0, "considered": 0.0, "threatened": 0.0}
    assert data["method"].startswith("exact")


# -- series --------------------------------------------------------------------------------


# balanced in May; in June Egypt cools towards Israel and the triangle is unbalanced
SERIES = """\
actors:
  - {id: EGY, name: Egypt, kind: state}
  - {id: ISR, name: Israel, kind: state}
  - {id: USA, name: United States, kind: state}
stances:
  - {id: egy-isr-warm, actor: EGY, target: ISR, kind: diplomatic, valence: 0.5,
     start: 2024-05, end: 2024-05}
  - {id: egy-isr-cool, actor: EGY, target: ISR, kind: diplomatic, valence: -0.5,
     start: 2024-06, end: 2024-07}
  - {id: isr-usa, actor: ISR, target: USA, kind: diplomatic, valence: 0.5, start: 2024-04}
  - {id: egy-usa, actor: EGY, target: USA, kind: diplomatic, valence: 1, start: 2024-05}
"""


def test_series_over_snapshots() -> None:
    timeline = Timeline(parse_relations(SERIES))
    series = balance_series(timeline, "2024-05", "2024-06", step="month")
    assert isinstance(series, BalanceSeries)
    # the file spans 2024-04..2024-07: the series keeps to the period and step asked for
    assert [period for period, _ in series] == timeline.periods("2024-05", "2024-06", "month")
    assert [(p.label, r.share_balanced, r.frustration) for p, r in series] == [
        ("2024-05", 1.0, 0),
        ("2024-06", 0.0, 1),
    ]
    rows = series.to_rows()
    assert rows[1] == {
        "period": "2024-06",
        "start": "2024-06-01",
        "end": "2024-06-30",
        "window_start": "2024-06-01",
        "actors": 3,
        "ties": 3,
        "positive": 2,
        "negative": 1,
        "triangles": 1,
        "balanced": 0,
        "unbalanced": 1,
        "share_balanced": 0.0,
        "frustration": 1,
        "exact": True,
    }


def test_series_defaults_to_the_whole_span() -> None:
    series = balance_series(Timeline(parse_relations(SERIES)), step="month")
    assert [period.label for period, _ in series] == ["2024-04", "2024-05", "2024-06", "2024-07"]
