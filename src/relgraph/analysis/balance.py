"""Structural balance of a slice: the signed projection, its triangles and frustration index.

The rule that turns stances into signed ties
--------------------------------------------
Balance theory speaks of undirected ties that are either friendly or hostile, while a slice
holds directed stances of many kinds. :func:`signed_projection` bridges the two with one
stated rule:

* every stance between two actors counts once for the pair, whichever its direction; a
  mutual stance is one stance and counts once too, never twice;
* a stance contributes ``weight[modality] * valence``; by default ``actual`` weighs 1 and
  ``considered`` and ``threatened`` weigh 0, so only what was done sets the sign — pass
  ``weights={"considered": 0.5}`` (for example) to let intentions count at half strength;
* the pair's sign is the sign of the sum; a sum of zero (no weighted stance, or stances that
  cancel out) leaves the pair without a signed tie.

Frustration index
-----------------
The frustration index is the least number of signed ties whose removal (equivalently, whose
sign flip) makes the graph balanced: the least number of ties that break any split of the
actors into two camps (friends inside, enemies across). It is computed per connected
component of the signed projection and summed.

A component of at most ``exact_limit`` actors (20 by default) is solved exactly by
vectorised enumeration: the first actor's camp is fixed (a split and its mirror image cost the
same), the other ``n - 1`` camps run through all ``2**(n-1)`` bit patterns in numpy chunks,
and the ties each pattern breaks are counted with one XOR per tie. That is at most 524,288
patterns — a fraction of a second — with no solver to install and no tolerance to trust,
and the brute-force check in the tests compares it with plain enumeration. A larger
component is searched heuristically: greedy single-actor moves (always the move that breaks
the fewest ties) from ``restarts`` random splits drawn from a seeded generator; the best
split found gives an upper bound, and the result says so (``exact=False``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from relgraph.errors import QueryError
from relgraph.records import DEFAULT_WEIGHTS, modality_weights
from relgraph.timeline import MAX_PERIODS

if TYPE_CHECKING:
    from relgraph.timeline import StanceGraph

    SignedGraph = nx.Graph[str]
    from relgraph.timeline import Period, Timeline

__all__ = [
    "DEFAULT_WEIGHTS",
    "EXACT_LIMIT",
    "BalanceResult",
    "BalanceSeries",
    "Triangle",
    "balance",
    "balance_series",
    "signed_projection",
]

EXACT_LIMIT = 20
"""The largest connected component whose frustration index is found by exact enumeration."""

_CHUNK = 1 << 16


def _name(graph: StanceGraph | SignedGraph, node: str) -> str:
    return str(graph.nodes[node].get("name") or node)


def signed_projection(
    graph: StanceGraph, *, weights: Mapping[str, float] | None = None
) -> SignedGraph:
    """Fold a slice into the undirected signed graph that balance theory works on.

    Every stance between two actors counts once for the pair, in either direction (a mutual
    stance is one stance, counted once); it contributes ``weights[modality] * valence``. The
    pair gets a tie whose ``sign`` is the sign of the sum; a zero sum gives no tie.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice in the graph shape of :mod:`relgraph.timeline` (edges carry ``valence``
        and ``modality``).
    weights : mapping, optional
        Weight per modality, merged over :data:`DEFAULT_WEIGHTS` (``actual`` 1,
        ``considered`` 0, ``threatened`` 0).

    Returns
    -------
    networkx.Graph
        Every actor of the slice as a node (with its ``name``); one edge per signed pair with
        ``sign`` (+1 or -1), ``weight`` (the weighted sum) and ``stances`` (the sorted edge
        keys that contributed a non-zero amount).

    Raises
    ------
    QueryError
        When ``weights`` names an unknown modality or a weight is not a finite number.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("EGY", "ISR", key="treaty", valence=0.6, modality="actual", mutual=True)
    'treaty'
    >>> g.add_edge("EGY", "ISR", key="recall", valence=-0.8, modality="considered")
    'recall'
    >>> s = signed_projection(g)
    >>> s.edges["EGY", "ISR"]["sign"], s.edges["EGY", "ISR"]["stances"]
    (1, ['treaty'])
    >>> signed_projection(g, weights={"considered": 1.0}).edges["EGY", "ISR"]["sign"]
    -1
    """
    weight_of = modality_weights(weights)
    totals: dict[tuple[str, str], float] = {}
    keys: dict[tuple[str, str], list[str]] = {}
    for u, v, key, data in graph.edges(keys=True, data=True):
        if u == v:
            continue
        pair = (u, v) if str(u) <= str(v) else (v, u)
        amount = weight_of.get(str(data.get("modality", "actual")), 0.0) * float(
            data.get("valence", 0.0)
        )
        totals[pair] = totals.get(pair, 0.0) + amount
        if amount != 0.0:
            keys.setdefault(pair, []).append(str(key))
    signed: nx.Graph[str] = nx.Graph()
    for node in graph.nodes:
        signed.add_node(node, name=_name(graph, node))
    for (u, v), total in sorted(totals.items()):
        # Rounding keeps float noise (0.1 + 0.2 - 0.3) from inventing a sign.
        total = round(total, 9)
        if total != 0.0:
            signed.add_edge(
                u, v, sign=1 if total > 0 else -1, weight=total, stances=sorted(keys[(u, v)])
            )
    return signed


@dataclass(frozen=True)
class Triangle:
    """Three actors with signed ties all round; balanced when the product of signs is +1.

    ``actors`` are the three ids in sorted order, ``names`` their names in the same order and
    ``signs`` the signs of the ties (first, second), (second, third), (first, third).
    """

    actors: tuple[str, str, str]
    names: tuple[str, str, str]
    signs: tuple[int, int, int]

    @property
    def balanced(self) -> bool:
        """True when an even number of the three ties is negative."""
        return self.signs[0] * self.signs[1] * self.signs[2] > 0

    def __str__(self) -> str:
        marks = " ".join("+" if s > 0 else "-" for s in self.signs)
        return f"{', '.join(self.names)} ({marks})"


@dataclass(frozen=True)
class BalanceResult:
    """The structural balance of one slice under a stated projection rule.

    Attributes
    ----------
    actors : int
        Nodes of the slice (isolated actors included).
    positive, negative : int
        Signed ties of each sign in the projection.
    balanced, unbalanced : tuple of Triangle
        Closed triads, each with its actors named.
    share_balanced : float or None
        ``len(balanced) / (len(balanced) + len(unbalanced))``; None when there is no triangle.
    frustration : int
        The frustration index: the fewest ties that must flip for the graph to be balanced.
        Exact when ``exact`` is True, otherwise an upper bound from the heuristic.
    exact : bool
        Whether ``frustration`` is proven minimal.
    method : str
        How ``frustration`` was found, in words.
    frustrated : tuple of (str, str)
        The actor ids of the ties broken by the best split found.
    camps : tuple of tuple of str
        That split: for each connected component with ties, the ids of the first camp and
        of the second, listed camp by camp (sorted inside).
    weights : dict
        The modality weights of the projection rule.
    names : dict
        Actor id to name, for every actor of the slice.
    """

    actors: int
    positive: int
    negative: int
    balanced: tuple[Triangle, ...]
    unbalanced: tuple[Triangle, ...]
    share_balanced: float | None
    frustration: int
    exact: bool
    method: str
    frustrated: tuple[tuple[str, str], ...]
    camps: tuple[tuple[str, ...], ...]
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    names: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def ties(self) -> int:
        """Signed ties in the projection."""
        return self.positive + self.negative

    @property
    def triangles(self) -> int:
        """Closed triads, balanced or not."""
        return len(self.balanced) + len(self.unbalanced)

    def to_row(self) -> dict[str, Any]:
        """The headline numbers as one flat row (for tables, CSV and data frames)."""
        return {
            "actors": self.actors,
            "ties": self.ties,
            "positive": self.positive,
            "negative": self.negative,
            "triangles": self.triangles,
            "balanced": len(self.balanced),
            "unbalanced": len(self.unbalanced),
            "share_balanced": self.share_balanced,
            "frustration": self.frustration,
            "exact": self.exact,
        }

    def to_text(self) -> str:
        """A short report: counts, the rule, and every triangle and frustrated tie by name.

        Examples
        --------
        >>> import networkx as nx
        >>> g = nx.MultiDiGraph()
        >>> g.add_node("EGY", name="Egypt")
        >>> g.add_node("ISR", name="Israel")
        >>> _ = g.add_edge("EGY", "ISR", valence=0.5, modality="actual")
        >>> print(balance(g).to_text())
        actors: 2
        signed ties: 1 (1 positive, 0 negative)
        triangles: 0 (0 balanced, 0 unbalanced; share balanced -)
        frustration index: 0 (exact: enumeration of all splits of each component (<= 20 actors))
        rule: actual x1, considered x0, threatened x0
        """
        share = "-" if self.share_balanced is None else f"{self.share_balanced:.3f}"
        rule = ", ".join(f"{k} x{v:g}" for k, v in self.weights.items())
        lines = [
            f"actors: {self.actors}",
            f"signed ties: {self.ties} ({self.positive} positive, {self.negative} negative)",
            f"triangles: {self.triangles} ({len(self.balanced)} balanced, "
            f"{len(self.unbalanced)} unbalanced; share balanced {share})",
            f"frustration index: {self.frustration} ({self.method})",
            f"rule: {rule}",
        ]
        for title, triangles in (("balanced", self.balanced), ("unbalanced", self.unbalanced)):
            if triangles:
                lines.append(f"{title} triangles:")
                lines.extend(f"  {t}" for t in triangles)
        if self.frustrated:
            lines.append("frustrated ties:")
            named = self.names
            lines.extend(f"  {named.get(u, u)} - {named.get(v, v)}" for u, v in self.frustrated)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Everything, as plain JSON-ready values (triangles by ids, names and signs)."""

        def triangle(t: Triangle) -> dict[str, Any]:
            return {"actors": list(t.actors), "names": list(t.names), "signs": list(t.signs)}

        return {
            **self.to_row(),
            "method": self.method,
            "weights": dict(self.weights),
            "balanced_triangles": [triangle(t) for t in self.balanced],
            "unbalanced_triangles": [triangle(t) for t in self.unbalanced],
            "frustrated": [list(pair) for pair in self.frustrated],
            "camps": [list(camp) for camp in self.camps],
        }


def _triangles(signed: SignedGraph) -> tuple[list[Triangle], list[Triangle]]:
    balanced: list[Triangle] = []
    unbalanced: list[Triangle] = []
    order = sorted(signed.nodes, key=str)
    rank = {node: i for i, node in enumerate(order)}
    for a in order:
        later = sorted((n for n in signed[a] if rank[n] > rank[a]), key=rank.__getitem__)
        for b, c in itertools.combinations(later, 2):
            if not signed.has_edge(b, c):
                continue
            t = Triangle(
                actors=(a, b, c),
                names=(_name(signed, a), _name(signed, b), _name(signed, c)),
                signs=(signed[a][b]["sign"], signed[b][c]["sign"], signed[a][c]["sign"]),
            )
            (balanced if t.balanced else unbalanced).append(t)
    return balanced, unbalanced


def _exact_split(n: int, edges: np.ndarray) -> tuple[int, np.ndarray]:
    """Least broken ties over all splits of ``n`` nodes; ``edges`` rows are (i, j, negative)."""
    if n == 1 or len(edges) == 0:
        return 0, np.zeros(n, dtype=np.int8)
    shifts = np.arange(n - 1, dtype=np.uint32)
    best, best_mask = len(edges) + 1, 0
    total = 1 << (n - 1)
    for begin in range(0, total, _CHUNK):
        masks = np.arange(begin, min(begin + _CHUNK, total), dtype=np.uint32)
        # Row 0 is node 0, always in camp 0; row k is node k's camp under each mask.
        bits = np.zeros((n, len(masks)), dtype=np.uint8)
        bits[1:] = (masks[None, :] >> shifts[:, None]) & 1
        broken = np.zeros(len(masks), dtype=np.uint16)
        for i, j, negative in edges:
            # A positive tie breaks across camps, a negative one inside a camp.
            broken += bits[i] ^ bits[j] ^ np.uint8(negative)
        at = int(np.argmin(broken))
        if int(broken[at]) < best:
            best, best_mask = int(broken[at]), int(masks[at])
    camps = np.array([0] + [(best_mask >> k) & 1 for k in range(n - 1)], dtype=np.int8)
    return best, camps


def _search_split(
    n: int, edges: np.ndarray, restarts: int, rng: np.random.Generator
) -> tuple[int, np.ndarray]:
    """Greedy local search from random splits; returns the best (broken ties, camps) found."""
    matrix = np.zeros((n, n), dtype=np.int64)
    for i, j, negative in edges:
        matrix[i, j] = matrix[j, i] = -1 if negative else 1
    ties = len(edges)
    best, best_spins = ties + 1, np.ones(n, dtype=np.int64)
    for _ in range(max(1, restarts)):
        spins = rng.choice(np.array([-1, 1], dtype=np.int64), size=n)
        field_ = matrix @ spins
        while True:
            # Flipping node v changes the broken count by spins[v] * field_[v].
            change = spins * field_
            v = int(np.argmin(change))
            if change[v] >= 0:
                break
            field_ -= 2 * spins[v] * matrix[:, v]
            spins[v] = -spins[v]
        broken = (ties - int(spins @ matrix @ spins) // 2) // 2
        if broken < best:
            best, best_spins = broken, spins.copy()
    return best, ((1 - best_spins) // 2).astype(np.int8)


def balance(
    graph: StanceGraph,
    *,
    weights: Mapping[str, float] | None = None,
    exact_limit: int = EXACT_LIMIT,
    restarts: int = 200,
    seed: int = 0,
) -> BalanceResult:
    """Measure the structural balance of a slice.

    The slice is folded by :func:`signed_projection` (see the module docstring for the rule),
    then its triangles are classified and its frustration index found: exactly for every
    connected component of at most ``exact_limit`` actors, by seeded local search (an upper
    bound) for larger ones.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice in the graph shape of :mod:`relgraph.timeline`, e.g. ``Timeline.at(day)``.
    weights : mapping, optional
        Weight per modality for the projection, merged over :data:`DEFAULT_WEIGHTS`.
    exact_limit : int, default 20
        The largest component solved exactly (the cost doubles with each actor).
    restarts : int, default 200
        Random starting splits of the local search on larger components.
    seed : int, default 0
        Seed of the local search, so a result can be reproduced.

    Returns
    -------
    BalanceResult

    Raises
    ------
    QueryError
        When ``weights`` names an unknown modality or ``exact_limit`` is out of 1..24.

    Examples
    --------
    Two friends who share an enemy form a balanced triangle; three mutual enemies do not:

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for u, v, val in [("A", "B", 0.5), ("B", "C", -1.0), ("A", "C", -0.4)]:
    ...     _ = g.add_edge(u, v, key=f"{u}{v}", valence=val, modality="actual")
    >>> r = balance(g)
    >>> [str(t) for t in r.balanced], r.share_balanced, r.frustration, r.exact
    (['A, B, C (+ - -)'], 1.0, 0, True)
    >>> g.edges["A", "B", "AB"]["valence"] = -0.5
    >>> r = balance(g)
    >>> [str(t) for t in r.unbalanced], r.frustration
    (['A, B, C (- - -)'], 1)
    """
    if not 1 <= exact_limit <= 24:
        raise QueryError(f"exact_limit must be between 1 and 24 (got {exact_limit})")
    weight_of = modality_weights(weights)
    signed = signed_projection(graph, weights=weight_of)
    balanced, unbalanced = _triangles(signed)
    rng = np.random.default_rng(seed)
    frustration = 0
    exact = True
    frustrated: list[tuple[str, str]] = []
    camps: list[tuple[str, ...]] = []
    components = [sorted(c, key=str) for c in nx.connected_components(signed) if len(c) > 1]
    for nodes in sorted(components, key=lambda c: str(c[0])):
        index = {node: i for i, node in enumerate(nodes)}
        edges = np.array(
            [
                (index[u], index[v], 1 if d["sign"] < 0 else 0)
                for u, v, d in signed.subgraph(nodes).edges(data=True)
            ],
            dtype=np.int64,
        ).reshape(-1, 3)
        if len(nodes) <= exact_limit:
            broken, split = _exact_split(len(nodes), edges)
        else:
            broken, split = _search_split(len(nodes), edges, restarts, rng)
            exact = False
        frustration += broken
        for i, j, negative in edges:
            if bool(split[i] != split[j]) != bool(negative):
                u, v = sorted((nodes[i], nodes[j]), key=str)
                frustrated.append((u, v))
        for side in (0, 1):
            camps.append(tuple(n for n, s in zip(nodes, split, strict=True) if s == side))
    if exact:
        method = f"exact: enumeration of all splits of each component (<= {exact_limit} actors)"
    else:
        method = (
            f"upper bound: greedy local search, {restarts} restarts, seed {seed}, on "
            f"components over {exact_limit} actors (exact enumeration on the rest)"
        )
    triangles = len(balanced) + len(unbalanced)
    signs = [d["sign"] for _, _, d in signed.edges(data=True)]
    return BalanceResult(
        actors=signed.number_of_nodes(),
        positive=sum(1 for s in signs if s > 0),
        negative=sum(1 for s in signs if s < 0),
        balanced=tuple(balanced),
        unbalanced=tuple(unbalanced),
        share_balanced=len(balanced) / triangles if triangles else None,
        frustration=frustration,
        exact=exact,
        method=method,
        frustrated=tuple(sorted(frustrated)),
        camps=tuple(c for c in camps if c),
        weights=weight_of,
        names={str(n): str(d) for n, d in signed.nodes(data="name")},
    )


class BalanceSeries(list[tuple["Period", BalanceResult]]):
    """``(period, result)`` pairs in time order, as :func:`balance_series` returns them."""

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat row per period, then the numbers.

        ``period`` is the step's label, ``start``..``end`` the calendar step and
        ``window_start``..``end`` the days the numbers cover (wider with a rolling width).

        Examples
        --------
        >>> import datetime as dt
        >>> from relgraph.timeline import Period
        >>> p = Period(dt.date(2024, 5, 1), dt.date(2024, 5, 31), dt.date(2024, 3, 1), "2024-05")
        >>> import networkx as nx
        >>> BalanceSeries([(p, balance(nx.MultiDiGraph()))]).to_rows()[0]["period"]
        '2024-05'
        """
        rows = []
        for period, result in self:
            rows.append(
                {
                    "period": str(period.label),
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "window_start": period.window_start.isoformat(),
                    **result.to_row(),
                }
            )
        return rows


def balance_series(
    timeline: Timeline,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    step: str = "auto",
    width: int | str | None = None,
    *,
    weights: Mapping[str, float] | None = None,
    exact_limit: int = EXACT_LIMIT,
    restarts: int = 200,
    seed: int = 0,
    max_periods: int = MAX_PERIODS,
) -> BalanceSeries:
    """Measure balance on every snapshot of a timeline, from ``start`` to ``end`` inclusive.

    Each period's graph is ``timeline.window(period.window_start, period.end)`` — every stance
    in force on at least one day of the period (or of the trailing ``width``) — exactly as
    ``Timeline.snapshots`` yields it.

    Parameters
    ----------
    timeline : relgraph.Timeline
        The timeline to slice.
    start, end : datetime.date or str, optional
        First and last day (inclusive; partial dates allowed); default the timeline's span.
    step : str, default "auto"
        The calendar period of each snapshot (see :meth:`relgraph.Timeline.periods`).
    width : int or str, optional
        A rolling window (days, or a count with a unit such as ``3m``) instead of the period
        itself, as for ``Timeline.snapshots``.
    weights, exact_limit, restarts, seed
        As for :func:`balance`.
    max_periods : int
        Refuse more periods than this, as :meth:`relgraph.Timeline.periods` does.

    Returns
    -------
    BalanceSeries
        A list of ``(period, BalanceResult)`` with :meth:`BalanceSeries.to_rows`.

    Raises
    ------
    QueryError
        When the period, step or weights are not valid.

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state},
    ...          {id: C, name: C, kind: state}]
    ... stances:
    ...   - {actor: A, target: B, kind: alliance, valence: 1, start: 2024-05}
    ...   - {actor: B, target: C, kind: alliance, valence: 1, start: 2024-05}
    ...   - {actor: A, target: C, kind: conflict, valence: -1, start: 2024-06}
    ... ''')
    >>> [(p.label, r.share_balanced)
    ...  for p, r in balance_series(relgraph.Timeline(rel), "2024-05", "2024-06", "month")]
    [('2024-05', None), ('2024-06', 0.0)]
    """
    options: dict[str, Any] = {
        "weights": weights,
        "exact_limit": exact_limit,
        "restarts": restarts,
        "seed": seed,
    }
    snapshots = timeline.snapshots(start, end, step, width, max_periods=max_periods)
    return BalanceSeries((period, balance(graph, **options)) for period, graph in snapshots)
