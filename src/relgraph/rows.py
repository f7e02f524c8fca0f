"""Slices, differences and histories as rows: what ``show``, ``diff`` and ``history`` print.

Rows are flat mappings of plain values (dates as ISO text), ready for
:func:`relgraph.tables.format_rows` or ``pandas.DataFrame``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from relgraph.model import Edge
from relgraph.timeline import Diff

if TYPE_CHECKING:
    from relgraph.timeline import StanceGraph

__all__ = ["COLUMNS", "DIFF_COLUMNS", "HISTORY_COLUMNS", "diff_rows", "edge_rows", "history_rows"]

COLUMNS = ("key", "actor", "target", "kind", "modality", "valence", "start", "end", "label")
"""The columns of :func:`edge_rows` (unless ``full``)."""
HISTORY_COLUMNS = (*COLUMNS, "mutual", "confidence")
"""The columns of :func:`history_rows`."""
DIFF_COLUMNS = ("change", *HISTORY_COLUMNS)
"""The columns of :func:`diff_rows`."""


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _edge_row(edge: Edge) -> dict[str, Any]:
    stance = edge.stance
    return {
        "key": edge.key,
        "actor": edge.actor,
        "target": edge.target,
        "kind": stance.kind,
        "modality": stance.modality,
        "valence": stance.valence,
        "start": stance.start.text,
        "end": None if stance.end is None else stance.end.text,
        "label": stance.label,
        "mutual": stance.mutual,
        "confidence": stance.confidence,
    }


def edge_rows(graph: StanceGraph, *, full: bool = False) -> list[dict[str, Any]]:
    """One row per edge of a slice, ordered by start day, then key.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice from :class:`relgraph.Timeline`.
    full : bool
        Every edge attribute (evidence, attrs, day bounds...) instead of :data:`COLUMNS`.

    Returns
    -------
    list of dict

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
    ... stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024}]
    ... ''')
    >>> edge_rows(relgraph.Timeline(rel).at("2024-05-14"))
    [{'key': 's', 'actor': 'A', 'target': 'B', 'kind': 'conflict', 'modality': 'actual', \
'valence': -1.0, 'start': '2024', 'end': None, 'label': None}]
    """
    rows = []
    for actor, target, key, data in graph.edges(keys=True, data=True):
        row: dict[str, Any] = {"key": key, "actor": actor, "target": target}
        if full:
            row.update({name: _plain(value) for name, value in data.items()})
        else:
            row.update({name: data.get(name) for name in COLUMNS[3:]})
        rows.append((data["start_day"], key, row))
    return [row for *_, row in sorted(rows, key=lambda item: (item[0], item[1]))]


def diff_rows(diff: Diff) -> list[dict[str, Any]]:
    """A :class:`~relgraph.timeline.Diff` as rows with a ``change`` column.

    ``change`` is ``began``, ``ended``, ``passed`` or ``changed``; a change is two rows, the
    old stance (``changed from``) and the new one (``changed to``).

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
    ... stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-03}]
    ... ''')
    >>> [(r["change"], r["key"]) for r in diff_rows(relgraph.Timeline(rel).diff("2024-01-01",
    ...                                                                       "2024-05-01"))]
    [('began', 's')]
    """
    rows: list[dict[str, Any]] = []
    for change, edges in (("began", diff.began), ("ended", diff.ended), ("passed", diff.passed)):
        rows.extend({"change": change, **_edge_row(edge)} for edge in edges)
    for old, new in diff.changed:
        rows.append({"change": "changed from", **_edge_row(old)})
        rows.append({"change": "changed to", **_edge_row(new)})
    return rows


def history_rows(edges: Iterable[Edge]) -> list[dict[str, Any]]:
    """A pair's history (:meth:`relgraph.Timeline.history`) as rows.

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
    ... stances: [{id: s, actor: B, target: A, kind: conflict, valence: -1, start: 2024-03}]
    ... ''')
    >>> [(r["actor"], r["target"], r["start"]) for r in
    ...  history_rows(relgraph.Timeline(rel).history("A", "B"))]
    [('B', 'A', '2024-03')]
    """
    return [_edge_row(edge) for edge in edges]
