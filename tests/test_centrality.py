"""Signed degree, PN centrality, ego networks and the per-actor table."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from conftest import stance_graph
from relgraph.analysis.centrality import ego_network, pn_centrality, signed_degree, stats
from relgraph.errors import QueryError


def test_mutual_stance_counts_both_ways() -> None:
    graph = stance_graph(("ISR", "HAM", -1.0, "actual", True))
    assert signed_degree(graph) == {
        "ISR": {"out_pos": 0, "out_neg": 1, "in_pos": 0, "in_neg": 1},
        "HAM": {"out_pos": 0, "out_neg": 1, "in_pos": 0, "in_neg": 1},
    }


def test_degree_splits_by_sign_and_skips_zero_valence() -> None:
    graph = stance_graph(
        ("USA", "ISR", 0.5),
        ("USA", "ISR", -0.3),
        ("QAT", "ISR", -0.4, "threatened"),
        ("EGY", "ISR", 0.0),
    )
    degree = signed_degree(graph)
    assert degree["ISR"] == {"out_pos": 0, "out_neg": 0, "in_pos": 1, "in_neg": 2}
    assert degree["USA"] == {"out_pos": 1, "out_neg": 1, "in_pos": 0, "in_neg": 0}
    assert degree["EGY"] == {"out_pos": 0, "out_neg": 0, "in_pos": 0, "in_neg": 0}
    assert signed_degree(graph, modalities=["actual"])["ISR"]["in_neg"] == 1


def test_unknown_modality() -> None:
    with pytest.raises(QueryError, match="unknown modality 'hoped'"):
        signed_degree(nx.MultiDiGraph(), modalities=["hoped"])


def test_pn_of_a_positive_pair() -> None:
    # n = 2, beta = 1/2: x - y/2 = 1 and y - x/2 = 1 give x = y = 2.
    assert pn_centrality(stance_graph(("EGY", "ISR", 0.5))) == {"EGY": 2.0, "ISR": 2.0}


def test_pn_of_three_mutual_enemies() -> None:
    # A = -2(J - I), beta = 1/4: (I + (J - I)/2) x = 1 gives x = 1/2 each.
    graph = stance_graph(("A", "B", -1.0), ("B", "C", -1.0), ("A", "C", -1.0))
    assert pn_centrality(graph) == pytest.approx({"A": 0.5, "B": 0.5, "C": 0.5})


def test_pn_of_allies_against_a_common_enemy() -> None:
    # x_A = x_B = a, x_C = c: 3a/4 + c/2 = 1 and c + a = 1 give a = 2, c = -1.
    graph = stance_graph(("A", "B", 0.5), ("A", "C", -1.0), ("B", "C", -1.0), nodes=[])
    assert pn_centrality(graph) == pytest.approx({"A": 2.0, "B": 2.0, "C": -1.0})


def test_pn_matches_the_walk_series() -> None:
    # (I - beta A)^-1 1 = sum_k beta^k A^k 1; the series converges for this graph.
    graph = stance_graph(
        ("A", "B", 1.0),
        ("B", "C", -1.0),
        ("C", "D", 0.5),
        ("D", "A", 0.2),
        ("B", "D", -0.1),
        nodes=["E"],
    )
    nodes = list(graph.nodes)
    n = len(nodes)
    a = np.zeros((n, n))
    for u, v, val in graph.edges(data="valence"):
        a[nodes.index(u), nodes.index(v)] = a[nodes.index(v), nodes.index(u)] = (
            1.0 if val > 0 else -2.0
        )
    term, total = np.ones(n), np.zeros(n)
    for _ in range(400):
        total += term
        term = a @ term / (2 * n - 2)
    assert list(pn_centrality(graph).values()) == pytest.approx(list(total))
    assert pn_centrality(graph)["E"] == pytest.approx(1.0)


def test_pn_follows_the_projection_rule() -> None:
    graph = stance_graph(("A", "B", 0.5), ("A", "B", -1.0, "considered"))
    assert pn_centrality(graph)["A"] == pytest.approx(2.0)
    assert pn_centrality(graph, weights={"considered": 1.0}) == {"A": None, "B": None}


def test_pn_of_tiny_graphs() -> None:
    assert pn_centrality(nx.MultiDiGraph()) == {}
    assert pn_centrality(stance_graph(nodes=["EGY"])) == {"EGY": 1.0}


def test_ego_network_reaches_both_directions() -> None:
    graph = stance_graph(
        ("EGY", "ISR", -0.5), ("HAM", "ISR", -1.0), ("USA", "QAT", 0.3), ("QAT", "HAM", 0.4)
    )
    ego = ego_network(graph, "ISR")
    assert sorted(ego) == ["EGY", "HAM", "ISR"]
    assert sorted(ego.edges(keys=True)) == [("EGY", "ISR", "s0"), ("HAM", "ISR", "s1")]
    assert ego.graph["ego"] == "ISR"
    assert ego.graph["slice"] == graph.graph["slice"] == {"at": "2024-01-15"}
    assert ego.nodes["EGY"]["name"] == "Egypt"
    assert sorted(ego_network(graph, "ISR", radius=2)) == ["EGY", "HAM", "ISR", "QAT"]
    ego.add_node("extra")
    assert "extra" not in graph


def test_ego_of_unknown_actor_suggests() -> None:
    graph = stance_graph(("EGY", "ISR", -0.5))
    with pytest.raises(QueryError, match=r"^unknown actor 'EGYPT'; did you mean 'EGY'\?$"):
        ego_network(graph, "EGYPT")
    with pytest.raises(QueryError, match=r"^unknown actor 'ZZZ'$"):
        ego_network(graph, "ZZZ")


def test_stats_rows() -> None:
    graph = stance_graph(
        ("EGY", "ISR", 0.6, "actual", True), ("EGY", "ISR", -0.5, "considered"), nodes=["EGY"]
    )
    assert stats(graph) == [
        {"actor": "EGY", "name": "Egypt", "kind": "state", "out_pos": 1, "out_neg": 1,
         "in_pos": 1, "in_neg": 0, "pn": 2.0},
        {"actor": "ISR", "name": "Israel", "kind": "state", "out_pos": 1, "out_neg": 0,
         "in_pos": 1, "in_neg": 1, "pn": 2.0},
    ]  # fmt: skip
