"""Flat records of actors, stances, diffs, histories, panels and provenance, for every output.

One place turns graphs and stances into rows of plain values, so that ``show``, ``diff`` and
``history``, the exports and the pages agree on names and values:

- :func:`flatten` is the one flattener: dates become ISO text, NaN and infinities None; lists
  and mappings stay native (``nested="native"``: node-link JSON, Parquet, pages) or become
  JSON text (``nested="json"``: CSV, GraphML, GEXF) — DESIGN §2.
- :func:`actor_records`, :func:`stance_records`, :func:`edge_record` (a model ``Edge``, as
  :meth:`~relgraph.Timeline.diff` and :meth:`~relgraph.Timeline.history` return them),
  :func:`diff_records`, :func:`history_records` and :func:`panel_records` make the rows;
  :func:`csv_text` writes any of them as CSV, the one CSV writer.
- :func:`provenance` is the record every export and page carries.

Examples
--------
>>> import datetime as dt
>>> flatten({"day": dt.date(2024, 5, 14), "xs": [1.5, float("nan")]})
{'day': '2024-05-14', 'xs': [1.5, None]}
>>> flatten(["Cairo"], nested="json")
'["Cairo"]'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from relgraph._version import __version__
from relgraph.errors import QueryError
from relgraph.model import MODALITIES, Edge

if TYPE_CHECKING:
    from relgraph.timeline import Diff, StanceGraph, Timeline

__all__ = [
    "ACTOR_COLUMNS",
    "DEFAULT_WEIGHTS",
    "DIFF_COLUMNS",
    "HISTORY_COLUMNS",
    "PANEL_COLUMNS",
    "PROVENANCE_KEYS",
    "SHOW_COLUMNS",
    "STANCE_COLUMNS",
    "actor_records",
    "csv_text",
    "diff_records",
    "edge_record",
    "flatten",
    "history_records",
    "json_text",
    "modality_weights",
    "panel_records",
    "provenance",
    "spreadsheet_formula",
    "stance_records",
    "weights_text",
]

ACTOR_COLUMNS = ("id", "name", "kind", "aliases", "affiliation", "codes", "attrs")
"""The columns of :func:`actor_records`."""
STANCE_COLUMNS = (
    "key",
    "stance",
    "actor",
    "target",
    "kind",
    "label",
    "valence",
    "sign",
    "modality",
    "mutual",
    "confidence",
    "cameo",
    "start",
    "end",
    "reported",
    "start_day",
    "end_day",
    "approximate",
    "uncertain",
    "certain",
    "evidence",
    "attrs",
)
"""The columns of :func:`stance_records` (every edge attribute of a slice)."""
SHOW_COLUMNS = (
    "key",
    "actor",
    "target",
    "kind",
    "modality",
    "valence",
    "start",
    "end",
    "label",
    "mutual",
    "confidence",
)
"""The columns ``show`` prints: the short form of a stance."""
HISTORY_COLUMNS = SHOW_COLUMNS
"""The columns of :func:`history_records`."""
DIFF_COLUMNS = ("change", *SHOW_COLUMNS)
"""The columns of :func:`diff_records`."""
PANEL_COLUMNS = (
    "period",
    "start",
    "end",
    "window_start",
    "actor",
    "target",
    "count",
    "mean_valence",
    "weights",
    *MODALITIES,
)
"""The columns of :func:`panel_records`."""
PROVENANCE_KEYS = ("title", "source", "sha256", "slice", "filters", "dropped", "merged")
"""The keys of a slice's ``graph.graph`` that :func:`provenance` carries."""

DEFAULT_WEIGHTS: Mapping[str, float] = {"actual": 1.0, "considered": 0.0, "threatened": 0.0}
"""How much each modality counts towards a pair's sign or mean unless told otherwise."""


# -- values -----------------------------------------------------------------------------------


def flatten(value: Any, *, nested: Literal["native", "json"] = "native") -> Any:
    """One value as outputs store it: the one flattener.

    Parameters
    ----------
    value : Any
        A graph or record value.
    nested : {"native", "json"}
        Keep lists and mappings (flattened inside), or write them as JSON text.

    Returns
    -------
    Any
        Dates as ISO text, non-finite floats as None, other scalars as they are.

    Examples
    --------
    >>> flatten(float("inf")) is None, flatten({"a": [dt.date(2024, 1, 1)]}, nested="json")
    (True, '{"a": ["2024-01-01"]}')
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        native: Any = {str(k): flatten(v) for k, v in value.items()}
    elif isinstance(value, list | tuple | set | frozenset):
        native = [flatten(v) for v in value]
    else:
        return str(value)
    return json_text(native) if nested == "json" else native


def json_text(value: Any) -> str:
    """Compact JSON text of a value (flattened first; non-ASCII kept as written)."""
    return json.dumps(flatten(value), ensure_ascii=False, allow_nan=False)


def _flat_items(data: Mapping[str, Any], columns: Iterable[str]) -> dict[str, Any]:
    return {column: data.get(column) for column in columns}


# -- actors and stances -----------------------------------------------------------------------


def actor_records(graph: StanceGraph) -> list[dict[str, Any]]:
    """One record per actor of a slice, with the keys of :data:`ACTOR_COLUMNS`.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("EGY", name="Egypt", kind="state", aliases=["Cairo"])
    >>> actor_records(g)[0]["aliases"]
    ['Cairo']
    """
    return [
        {"id": node, **_flat_items(data, ACTOR_COLUMNS[1:])}
        for node, data in graph.nodes(data=True)
    ]


def stance_records(
    graph: StanceGraph, columns: Iterable[str] = STANCE_COLUMNS, *, by_start: bool = True
) -> list[dict[str, Any]]:
    """One record per edge of a slice, ordered by start day, then key (or in graph order).

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice of :class:`relgraph.Timeline`.
    columns : iterable of str
        The fields of each record (default :data:`STANCE_COLUMNS`, every attribute);
        ``key``, ``actor`` and ``target`` come from the edge itself.
    by_start : bool
        Order by start day, then key; else keep the graph's (the file's) order.

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
    ... stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024}]
    ... ''')
    >>> stance_records(relgraph.Timeline(rel).at("2024-05-14"), SHOW_COLUMNS)
    [{'key': 's', 'actor': 'A', 'target': 'B', 'kind': 'conflict', 'modality': 'actual', \
'valence': -1.0, 'start': '2024', 'end': None, 'label': None, 'mutual': False, \
'confidence': None}]
    """
    names = tuple(columns)
    rows = []
    for actor, target, key, data in graph.edges(keys=True, data=True):
        row = _flat_items(data, names)
        row.update(
            {n: v for n, v in (("key", key), ("actor", actor), ("target", target)) if n in row}
        )
        rows.append((data.get("start_day") or dt.date.min, str(key), row))
    if by_start:
        rows.sort(key=lambda item: (item[0], item[1]))
    return [row for *_, row in rows]


def edge_record(edge: Edge) -> dict[str, Any]:
    """A model :class:`~relgraph.model.Edge` in the short form of :data:`SHOW_COLUMNS`."""
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


def diff_records(diff: Diff) -> list[dict[str, Any]]:
    """A :class:`~relgraph.timeline.Diff` as records with a ``change`` column.

    ``change`` is ``began``, ``ended``, ``passed`` or ``changed``; a change is two records,
    the old stance (``changed from``) and the new one (``changed to``).

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
    ... stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-03}]
    ... ''')
    >>> d = relgraph.Timeline(rel).diff("2024-01-01", "2024-05-01")
    >>> [(r["change"], r["key"]) for r in diff_records(d)]
    [('began', 's')]
    """
    rows: list[dict[str, Any]] = []
    for change, edges in (("began", diff.began), ("ended", diff.ended), ("passed", diff.passed)):
        rows.extend({"change": change, **edge_record(edge)} for edge in edges)
    for old, new in diff.changed:
        rows.append({"change": "changed from", **edge_record(old)})
        rows.append({"change": "changed to", **edge_record(new)})
    return rows


def history_records(edges: Iterable[Edge]) -> list[dict[str, Any]]:
    """A pair's history (:meth:`relgraph.Timeline.history`) as records.

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
    ... stances: [{id: s, actor: B, target: A, kind: conflict, valence: -1, start: 2024-03}]
    ... ''')
    >>> [(r["actor"], r["target"], r["start"]) for r in
    ...  history_records(relgraph.Timeline(rel).history("A", "B"))]
    [('B', 'A', '2024-03')]
    """
    return [edge_record(edge) for edge in edges]


# -- weights and panels -----------------------------------------------------------------------


def modality_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """``weights`` merged over :data:`DEFAULT_WEIGHTS`, checked.

    Raises
    ------
    QueryError
        When a modality is unknown or a weight is not a finite number.

    Examples
    --------
    >>> modality_weights({"considered": 1})
    {'actual': 1.0, 'considered': 1.0, 'threatened': 0.0}
    """
    merged = dict(DEFAULT_WEIGHTS)
    for modality, weight in (weights or {}).items():
        if modality not in DEFAULT_WEIGHTS:
            known = ", ".join(DEFAULT_WEIGHTS)
            raise QueryError(f"unknown modality {modality!r} in weights (known: {known})")
        if not isinstance(weight, int | float) or not math.isfinite(weight):
            raise QueryError(f"weight of {modality!r} must be a finite number (got {weight!r})")
        merged[modality] = float(weight)
    return merged


def weights_text(weights: Mapping[str, float]) -> str:
    """Weights as the command line writes them: ``actual=1 considered=0 threatened=0``."""
    return " ".join(f"{m}={weights[m]:g}" for m in MODALITIES)


def panel_records(
    timeline: Timeline,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    step: str = "auto",
    width: int | str | None = None,
    *,
    dyads: Literal["active", "all"] = "active",
    weights: Mapping[str, float] | None = None,
    max_periods: int | None = None,
) -> list[dict[str, Any]]:
    """A directed dyad x period panel of a timeline, from ``start`` to ``end`` inclusive.

    Each period's stances are those of ``timeline.snapshots`` (every stance in force on at
    least one day of the period, or of the trailing ``width``). For each ordered pair and
    period: ``count`` of stances and of each modality, and ``mean_valence``, the mean of
    their valences weighted by modality as balance weighs them (by default only actual
    stances count; None when the weights of the pair's stances add up to 0), with the
    weighting in ``weights``. A mutual stance counts for both directions.

    Parameters
    ----------
    timeline : relgraph.Timeline
        The timeline to slice.
    start, end : datetime.date or str, optional
        First and last day (inclusive); default the timeline's span.
    step : str, default "auto"
        The calendar period of each row (see :meth:`relgraph.Timeline.periods`).
    width : int or str, optional
        A rolling window, as for ``Timeline.snapshots``.
    dyads : {"active", "all"}, default "active"
        ``"active"``: every ordered pair with at least one stance in the range, in every
        period (zero counts included); ``"all"``: every ordered pair of actors.
    weights : mapping, optional
        Weight per modality, merged over :data:`DEFAULT_WEIGHTS`.
    max_periods : int, optional
        Refuse more periods than this (default: :meth:`relgraph.Timeline.periods`'s).

    Returns
    -------
    list of dict
        Records with the keys of :data:`PANEL_COLUMNS`, sorted by actor, target, period.

    Raises
    ------
    QueryError
        When the period, step, weights or ``dyads`` are not valid.

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations('''
    ... actors: [{id: EGY, name: Egypt, kind: state}, {id: ISR, name: Israel, kind: state}]
    ... stances: [{actor: EGY, target: ISR, kind: diplomatic, valence: -0.5,
    ...            modality: considered, start: 2024-05-14}]
    ... ''')
    >>> tl = relgraph.Timeline(rel)
    >>> [(r["period"], r["count"], r["mean_valence"])
    ...  for r in panel_records(tl, "2024-04", "2024-05", "month")]
    [('2024-04', 0, None), ('2024-05', 1, None)]
    >>> [r["mean_valence"] for r in panel_records(tl, "2024-05", "2024-05", "month",
    ...                                           weights={"considered": 1})]
    [-0.5]
    """
    if dyads not in ("active", "all"):
        raise QueryError(f"dyads must be 'active' or 'all' (got {dyads!r})")
    weighting = modality_weights(weights)
    label = weights_text(weighting)
    periods = []
    cells: dict[tuple[str, str, int], list[tuple[float, str]]] = {}
    nodes: dict[str, None] = {}
    limit = {} if max_periods is None else {"max_periods": max_periods}
    for index, (period, graph) in enumerate(timeline.snapshots(start, end, step, width, **limit)):
        periods.append(period)
        nodes.update(dict.fromkeys(graph))
        for u, v, data in graph.edges(data=True):
            item = (float(data["valence"]), str(data["modality"]))
            for a, b in [(u, v), (v, u)] if data.get("mutual") else [(u, v)]:
                cells.setdefault((a, b, index), []).append(item)
    if dyads == "all":
        pairs = sorted((a, b) for a in nodes for b in nodes if a != b)
    else:
        pairs = sorted({(a, b) for a, b, _ in cells})
    rows = []
    for a, b in pairs:
        for index, period in enumerate(periods):
            items = cells.get((a, b, index), [])
            total = sum(weighting[m] for _, m in items)
            mean = round(sum(v * weighting[m] for v, m in items) / total, 6) if total else None
            rows.append(
                {
                    "period": period.label,
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "window_start": period.window_start.isoformat(),
                    "actor": a,
                    "target": b,
                    "count": len(items),
                    "mean_valence": mean,
                    "weights": label,
                    **{m: sum(1 for _, mm in items if mm == m) for m in MODALITIES},
                }
            )
    return rows


# -- CSV and provenance -----------------------------------------------------------------------


def _cell(value: Any) -> Any:
    flat = flatten(value, nested="json")
    if flat is None:
        return ""
    if isinstance(flat, bool):
        # R's read.csv and pandas both read lower-case true/false as logical
        return "true" if flat else "false"
    return flat


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_formula(text: str) -> bool:
    """Whether a spreadsheet (Excel, LibreOffice) would run this CSV cell as a formula.

    A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return does,
    unless it is a plain number such as ``-0.5``.

    Examples
    --------
    >>> [spreadsheet_formula(t) for t in ("=HYPERLINK(1)", "-0.5", "@SUM(A1)", "Egypt")]
    [True, False, True, False]
    """
    return text.startswith(_FORMULA_START) and _NUMBER.fullmatch(text) is None


def csv_text(
    columns: Iterable[str],
    rows: Iterable[Mapping[str, Any]],
    *,
    spreadsheet_safe: bool = False,
) -> str:
    """Records as CSV text with a header: the one CSV writer of every output.

    Lists and mappings are JSON text, booleans ``true``/``false``, None an empty cell. Text
    is written exactly, unless ``spreadsheet_safe``: then a cell a spreadsheet would run as
    a formula (:func:`spreadsheet_formula`) gets a leading ``'``, which spreadsheets show as
    text (and R or pandas read as part of the value).

    Examples
    --------
    >>> print(csv_text(["id", "aliases", "mutual"], [{"id": "EGY", "aliases": ["Cairo"],
    ...                                               "mutual": True}]), end="")
    id,aliases,mutual
    EGY,"[""Cairo""]",true
    >>> print(csv_text(["name", "valence"], [{"name": "=1+1", "valence": -0.5}],
    ...                spreadsheet_safe=True), end="")
    name,valence
    '=1+1,-0.5
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        cells = {k: _cell(v) for k, v in row.items()}
        if spreadsheet_safe:
            cells = {
                k: f"'{v}" if isinstance(v, str) and spreadsheet_formula(v) else v
                for k, v in cells.items()
            }
        writer.writerow(cells)
    return buffer.getvalue()


def provenance(graph: StanceGraph, fmt: str | None = None, **extra: Any) -> dict[str, Any]:
    """The provenance record of a slice, as every export and page carries it.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice; its ``graph.graph`` holds the timeline's provenance.
    fmt : str, optional
        The output format, recorded as ``format``.
    **extra
        Further keys (they override the slice's).

    Returns
    -------
    dict
        ``relgraph_version`` and :data:`PROVENANCE_KEYS` (None where the slice does not
        say), ``format`` and ``extra``, as plain JSON values.

    Examples
    --------
    >>> import networkx as nx
    >>> p = provenance(nx.MultiDiGraph(sha256="ab12", slice={"at": "2024-05-14"}), "gexf")
    >>> p["sha256"], p["slice"], p["format"], p["merged"]
    ('ab12', {'at': '2024-05-14'}, 'gexf', None)
    """
    record: dict[str, Any] = {"relgraph_version": graph.graph.get("relgraph_version", __version__)}
    for key in PROVENANCE_KEYS:
        record[key] = graph.graph.get(key)
    record["format"] = fmt
    record.update(extra)
    result: dict[str, Any] = flatten(record)
    return result
