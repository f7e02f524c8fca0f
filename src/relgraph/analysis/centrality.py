"""Sign-aware structure of a slice: signed degree, PN centrality and ego networks."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, TypedDict

import networkx as nx
import numpy as np

from relgraph.analysis.balance import signed_projection
from relgraph.errors import QueryError
from relgraph.model import MODALITIES

if TYPE_CHECKING:
    from relgraph.timeline import StanceGraph

__all__ = ["StatsRow", "ego_network", "pn_centrality", "signed_degree", "stats"]


class StatsRow(TypedDict):
    """One actor's line in :func:`stats`."""

    actor: str
    name: str
    kind: str
    out_pos: int
    out_neg: int
    in_pos: int
    in_neg: int
    pn: float | None


def signed_degree(
    graph: StanceGraph, *, modalities: Collection[str] = MODALITIES
) -> dict[str, dict[str, int]]:
    """Count each actor's stances sent and received, split by sign.

    A mutual stance holds both ways, so it counts as sent and received by both
    of its actors. Stances of valence 0 have no sign and are not counted.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice in the graph shape of :mod:`relgraph.timeline`.
    modalities : collection of str, default all three
        The modalities counted; ``("actual",)`` counts only what was done.

    Returns
    -------
    dict
        ``{actor: {"out_pos", "out_neg", "in_pos", "in_neg"}}`` for every actor of the slice.

    Raises
    ------
    QueryError
        When ``modalities`` names an unknown modality.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("EGY", "ISR", key="t", valence=0.6, modality="actual", mutual=True)
    't'
    >>> g.add_edge("EGY", "ISR", key="r", valence=-0.8, modality="considered")
    'r'
    >>> signed_degree(g)["ISR"]
    {'out_pos': 1, 'out_neg': 0, 'in_pos': 1, 'in_neg': 1}
    >>> signed_degree(g, modalities=["actual"])["EGY"]
    {'out_pos': 1, 'out_neg': 0, 'in_pos': 1, 'in_neg': 0}
    """
    unknown = sorted(set(modalities) - set(MODALITIES))
    if unknown:
        raise QueryError(f"unknown modality {unknown[0]!r} (known: {', '.join(MODALITIES)})")
    counts = {node: {"out_pos": 0, "out_neg": 0, "in_pos": 0, "in_neg": 0} for node in graph}
    for u, v, data in graph.edges(data=True):
        if data.get("modality", "actual") not in modalities:
            continue
        valence = float(data.get("valence", 0.0))
        if valence == 0.0:
            continue
        sign = "pos" if valence > 0 else "neg"
        directions = [(u, v), (v, u)] if data.get("mutual") else [(u, v)]
        for source, target in directions:
            counts[source][f"out_{sign}"] += 1
            counts[target][f"in_{sign}"] += 1
    return counts


def pn_centrality(
    graph: StanceGraph, *, weights: Mapping[str, float] | None = None
) -> dict[str, float | None]:
    """PN centrality of every actor, on the signed projection of the slice.

    Everett and Borgatti's measure for networks with negative ties counts the walks that
    reach an actor, positive ties adding and negative ties subtracting twice as much:
    ``PN = (I - beta * A)^-1 1`` with ``A = P - 2N`` (P and N the adjacency matrices of the
    positive and negative ties) and ``beta = 1 / (2n - 2)`` for ``n`` actors. An actor with no
    ties scores 1; friends of friends raise the score, enemies lower it.

    The ties are those of :func:`relgraph.analysis.balance.signed_projection` (undirected, one
    per pair; by default only ``actual`` stances count), so PN centrality and balance read the
    same signed graph.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice in the graph shape of :mod:`relgraph.timeline`.
    weights : mapping, optional
        Modality weights of the projection, as for :func:`relgraph.balance`.

    Returns
    -------
    dict
        ``{actor: score}``. The system is singular only for two actors with a negative tie
        between them; both then get None.

    References
    ----------
    M. G. Everett and S. P. Borgatti (2014), "Networks containing negative ties",
    *Social Networks* 38, 111-120. https://doi.org/10.1016/j.socnet.2014.03.005

    Examples
    --------
    Two allies and a common enemy: the allies score alike, the enemy below zero.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for u, v, val in [("A", "B", 0.5), ("A", "C", -1.0), ("B", "C", -1.0)]:
    ...     _ = g.add_edge(u, v, valence=val, modality="actual")
    >>> {k: round(v, 4) for k, v in pn_centrality(g).items()}
    {'A': 2.0, 'B': 2.0, 'C': -1.0}
    """
    signed = signed_projection(graph, weights=weights)
    nodes = list(signed.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: 1.0}
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = np.zeros((n, n))
    sign: int
    for u, v, sign in signed.edges(data="sign"):
        adjacency[index[u], index[v]] = adjacency[index[v], index[u]] = 1.0 if sign > 0 else -2.0
    system = np.eye(n) - adjacency / (2 * n - 2)
    try:
        scores = np.linalg.solve(system, np.ones(n))
    except np.linalg.LinAlgError:
        return dict.fromkeys(nodes)
    return {node: float(score) for node, score in zip(nodes, scores, strict=True)}


def _check_actor(graph: StanceGraph, actor: str) -> None:
    if actor in graph:
        return
    close = difflib.get_close_matches(actor, [str(n) for n in graph], n=1)
    tip = f"; did you mean {close[0]!r}?" if close else ""
    raise QueryError(f"unknown actor {actor!r}{tip}")


def ego_network(graph: StanceGraph, actor: str, *, radius: int = 1) -> StanceGraph:
    """The actors within ``radius`` ties of ``actor`` (either direction) and all their stances.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice in the graph shape of :mod:`relgraph.timeline`.
    actor : str
        The ego's actor id.
    radius : int, default 1
        How many ties away an alter may be.

    Returns
    -------
    networkx.MultiDiGraph
        A copy induced on ego and alters, with the slice's attributes and provenance, plus
        ``graph.graph["ego"]`` and ``graph.graph["radius"]``.

    Raises
    ------
    QueryError
        When ``actor`` is not in the slice (with the closest id as a suggestion).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("EGY", "ISR"), ("ISR", "HAM"), ("USA", "QAT")])
    >>> sorted(ego_network(g, "ISR"))
    ['EGY', 'HAM', 'ISR']
    >>> ego_network(g, "ISRR")
    Traceback (most recent call last):
    ...
    relgraph.errors.QueryError: unknown actor 'ISRR'; did you mean 'ISR'?
    """
    _check_actor(graph, actor)
    ego: StanceGraph = nx.ego_graph(graph, actor, radius=radius, undirected=True).copy()
    ego.graph.update(ego=actor, radius=radius)
    return ego


def stats(
    graph: StanceGraph,
    *,
    modalities: Collection[str] = MODALITIES,
    weights: Mapping[str, float] | None = None,
) -> list[StatsRow]:
    """One row per actor: signed degree in and out, and PN centrality.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice in the graph shape of :mod:`relgraph.timeline`, e.g. ``Timeline.at(day)``.
    modalities : collection of str, default all three
        The modalities the degree counts (see :func:`signed_degree`).
    weights : mapping, optional
        Modality weights of the signed projection behind PN (see :func:`pn_centrality`).

    Returns
    -------
    list of dict
        In the slice's node order, with keys ``actor``, ``name``, ``kind``, ``out_pos``,
        ``out_neg``, ``in_pos``, ``in_neg`` and ``pn`` — ready for ``pandas.DataFrame``.

    Raises
    ------
    QueryError
        When a modality or weight is not valid.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("EGY", name="Egypt", kind="state")
    >>> g.add_node("ISR", name="Israel", kind="state")
    >>> g.add_edge("EGY", "ISR", valence=-0.5, modality="considered")
    0
    >>> stats(g)[0]
    {'actor': 'EGY', 'name': 'Egypt', 'kind': 'state', 'out_pos': 0, 'out_neg': 1, 'in_pos': 0, 'in_neg': 0, 'pn': 1.0}
    """  # noqa: E501
    degree = signed_degree(graph, modalities=modalities)
    pn = pn_centrality(graph, weights=weights)
    rows: list[StatsRow] = []
    for node, data in graph.nodes(data=True):
        counts = degree[node]
        rows.append(
            StatsRow(
                actor=str(node),
                name=str(data.get("name") or node),
                kind=str(data.get("kind") or ""),
                out_pos=counts["out_pos"],
                out_neg=counts["out_neg"],
                in_pos=counts["in_pos"],
                in_neg=counts["in_neg"],
                pn=pn[node],
            )
        )
    return rows
