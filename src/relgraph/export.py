"""Export slices for the tools researchers already use: Gephi, R, Stata, pandas, d3.

Formats
-------
``gexf``
    Dynamic GEXF 1.2: each stance is an edge whose ``start``/``end`` spell is its first and
    last day (ISO dates, ``timeformat="date"``; an open stance has no ``end``, i.e. it is still
    in force), and the ``<graph>`` element carries the slice's first and last day, so Gephi's
    timeline plays the whole history. Because ``start``/``end`` are the spell, the dates as
    written (``2024-05~``) travel as the attributes ``start_text`` and ``end_text``.
``graphml``
    GraphML with one edge per stance (edge id = stance key).
``json``
    node-link JSON (``nodes`` and ``edges``), as ``networkx.node_link_graph`` or d3 read it.
    Values are flattened as in the other formats (``aliases``, ``codes``, ``evidence`` and
    ``attrs`` are JSON text: ``json.loads`` them); numbers and booleans stay JSON scalars.
``csv``
    A directory with ``actors.csv`` and ``stances.csv`` (one row per stance, a mutual stance
    once with ``mutual`` true).
``panel``
    One CSV: a directed dyad x period panel (``period, start, end, actor, target, count,
    mean_valence, actual, considered, threatened``) — the usual input for R or Stata models.
    A mutual stance counts for both directions of its pair.

Values are flattened one way in every format: dates as ISO text, lists and
mappings as JSON text, absent values omitted (an empty CSV cell).

Provenance
----------
Every export says where it came from: the relgraph version, the input's SHA-256, its path
and title, the slice and the filters, and the format. GEXF carries it as JSON text in
``<meta><description>``; GraphML as the graph attribute ``provenance`` (JSON text); JSON as
the object ``graph.provenance``. CSV files have no room for it that ``read.csv`` or
``pandas.read_csv`` would not trip over (a ``#`` comment line breaks both), so a sidecar
JSON file goes with them: ``provenance.json`` in the CSV directory, ``<name>.provenance.json``
beside a panel file.

Every file is written whole or not at all (a temporary file beside it, then a rename).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal
from xml.etree.ElementTree import SubElement

import networkx as nx

from relgraph._io import atomic_directory, atomic_write, atomic_write_text, write_all
from relgraph.errors import QueryError
from relgraph.tables import finite

__all__ = [
    "ACTOR_COLUMNS",
    "FORMATS",
    "PANEL_COLUMNS",
    "STANCE_COLUMNS",
    "panel_rows",
    "provenance",
    "slice_of",
    "write_export",
]

Format = Literal["gexf", "graphml", "json", "csv", "panel"]
FORMATS: tuple[str, ...] = ("gexf", "graphml", "json", "csv", "panel")

ACTOR_COLUMNS = ("id", "name", "kind", "aliases", "affiliation", "codes", "attrs")
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
    "evidence",
    "attrs",
)
PANEL_COLUMNS = (
    "period",
    "start",
    "end",
    "window_start",
    "actor",
    "target",
    "count",
    "mean_valence",
    "actual",
    "considered",
    "threatened",
)
_MODALITIES = ("actual", "considered", "threatened")
_PROVENANCE_KEYS = ("title", "source", "sha256", "slice", "filters", "dropped", "merged")


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _json_text(value: Any) -> str:
    return json.dumps(finite(value), ensure_ascii=False, default=_json_default, allow_nan=False)


def _flat(value: Any) -> Any:
    """One value as an export stores it; None means omit."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return _json_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _flat_data(data: Mapping[str, Any]) -> dict[str, Any]:
    flat = {str(k): _flat(v) for k, v in data.items()}
    return {k: v for k, v in flat.items() if v is not None}


def provenance(graph: Any, fmt: str | None = None, **extra: Any) -> dict[str, Any]:
    """The provenance record of a slice, as every export carries it.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice; its ``graph.graph`` holds the timeline's provenance.
    fmt : str, optional
        The export format, recorded as ``format``.
    **extra
        Further keys (they override the slice's).

    Returns
    -------
    dict
        ``relgraph_version``, ``title``, ``source``, ``sha256``, ``slice``, ``filters``,
        ``dropped`` (None where the slice does not say), ``format`` and ``extra``.

    Examples
    --------
    >>> import networkx as nx
    >>> p = provenance(nx.MultiDiGraph(sha256="ab12", slice={"at": "2024-05-14"}), "gexf")
    >>> p["sha256"], p["slice"], p["format"]
    ('ab12', {'at': '2024-05-14'}, 'gexf')
    """
    from relgraph._version import __version__

    record: dict[str, Any] = {"relgraph_version": graph.graph.get("relgraph_version", __version__)}
    for key in _PROVENANCE_KEYS:
        record[key] = graph.graph.get(key)
    record["format"] = fmt
    record.update(extra)
    return json.loads(_json_text(record))  # type: ignore[no-any-return]


# -- slicing -------------------------------------------------------------------------------


def _is_graph(source: Any) -> bool:
    return isinstance(source, nx.Graph)


def slice_of(source: Any, at: Any = None, start: Any = None, end: Any = None) -> Any:
    """The graph an export or analysis works on: a day, a window, or the whole history.

    Parameters
    ----------
    source : relgraph.Timeline or networkx.MultiDiGraph
        A timeline to slice, or a slice already made (returned as is).
    at : datetime.date or str, optional
        One whole day: ``source.at(at)``.
    start, end : datetime.date or str, optional
        A window, inclusive (partial dates cover their period): ``source.window(start, end)``;
        a missing bound is the edge of the file's span.

    Returns
    -------
    networkx.MultiDiGraph

    Raises
    ------
    QueryError
        When both a day and a window are given, slicing options come with a graph, or a
        date is not valid.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> slice_of(g) is g
    True
    >>> slice_of(g, at="2024-05-14")
    Traceback (most recent call last):
    ...
    relgraph.errors.QueryError: a graph is already a slice; pass a Timeline to slice by date
    """
    if _is_graph(source):
        if at is not None or start is not None or end is not None:
            raise QueryError("a graph is already a slice; pass a Timeline to slice by date")
        return source
    if at is not None:
        if start is not None or end is not None:
            raise QueryError("give either a day (at) or a period (start/end), not both")
        return source.at(at)
    return source.window(start, end)


# -- graph formats -------------------------------------------------------------------------


def _export_graph(graph: Any) -> Any:
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        out.add_node(node, **_flat_data(data))
    for u, v, key, data in graph.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **_flat_data(data))
    return out


def _gexf_bytes(graph: Any, record: dict[str, Any]) -> bytes:
    from relgraph._version import __version__

    out: nx.MultiDiGraph[str] = nx.MultiDiGraph(mode="dynamic")
    for node, data in graph.nodes(data=True):
        flat = _flat_data(data)
        out.add_node(node, label=str(data.get("name") or node), **flat)
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat = _flat_data(data)
        for bound in ("start", "end"):
            if bound in flat:
                flat[f"{bound}_text"] = flat.pop(bound)
        start_day, end_day = flat.pop("start_day", None), flat.pop("end_day", None)
        flat.pop("key", None)
        spell = {"start": start_day} if start_day is not None else {}
        if end_day is not None:
            spell["end"] = end_day
        out.add_edge(u, v, key=key, id=str(key), **spell, **flat)
    writer = nx.readwrite.gexf.GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(out)
    meta = writer.xml.find("meta")
    creator = meta.find("creator")
    creator.text = f"relgraph {__version__} (NetworkX {nx.__version__})"
    SubElement(meta, "description").text = _json_text(record)
    element = writer.graph_element
    element.set("mode", "dynamic")
    element.set("timeformat", "date")
    bounds = _slice_bounds(record.get("slice"))
    if bounds is not None:
        element.set("start", bounds[0])
        element.set("end", bounds[1])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _slice_bounds(spec: Any) -> tuple[str, str] | None:
    if not isinstance(spec, dict):
        return None
    if spec.get("at"):
        return str(spec["at"]), str(spec["at"])
    if spec.get("start") and spec.get("end"):
        return str(spec["start"]), str(spec["end"])
    return None


def _graphml_bytes(graph: Any, record: dict[str, Any]) -> bytes:
    out = _export_graph(graph)
    out.graph["provenance"] = _json_text(record)
    buffer = io.BytesIO()
    nx.write_graphml(out, buffer, encoding="utf-8", prettyprint=True, infer_numeric_types=True)
    return buffer.getvalue()


def _json_text_of(graph: Any, record: dict[str, Any]) -> str:
    out = _export_graph(graph)
    out.graph["provenance"] = record  # the record is not a graph value: it stays an object
    data = nx.node_link_data(out, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"


# -- CSV -----------------------------------------------------------------------------------


def _csv_text(columns: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    flat = _flat(value)
    if flat is None:
        return ""
    if isinstance(flat, bool):
        # R's read.csv and pandas both read lower-case true/false as logical.
        return "true" if flat else "false"
    return flat


def _actor_rows(graph: Any) -> list[dict[str, Any]]:
    return [
        {"id": node, **{c: data.get(c) for c in ACTOR_COLUMNS[1:]}}
        for node, data in graph.nodes(data=True)
    ]


def _stance_rows(graph: Any) -> list[dict[str, Any]]:
    rows = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        row = {c: data.get(c) for c in STANCE_COLUMNS}
        row.update(key=key, actor=u, target=v)
        rows.append(row)
    return rows


def panel_rows(
    timeline: Any,
    start: Any = None,
    end: Any = None,
    step: str = "month",
    width: int | str | None = None,
    *,
    dyads: Literal["active", "all"] = "active",
) -> list[dict[str, Any]]:
    """A directed dyad x period panel of a timeline, from ``start`` to ``end`` inclusive.

    Each period's stances are those of ``timeline.snapshots`` (every stance in force on at
    least one day of the period, or of the trailing ``width``). For each ordered pair and
    period: ``count`` of stances, their ``mean_valence`` (None when there are none) and the
    count of each modality. A mutual stance counts for both directions.

    Parameters
    ----------
    timeline : relgraph.Timeline
        The timeline to slice.
    start, end : datetime.date or str, optional
        First and last day (inclusive); default the timeline's span.
    step : {"day", "week", "month", "quarter", "year"}, default "month"
        The calendar period of each row.
    width : int or str, optional
        A rolling window (days, or a count with a unit such as ``3m``), as for
        ``Timeline.snapshots``.
    dyads : {"active", "all"}, default "active"
        ``"active"``: every ordered pair with at least one stance in the range, in every
        period (a balanced panel, zero counts included); ``"all"``: every ordered pair of
        actors.

    Returns
    -------
    list of dict
        Rows with the keys of :data:`PANEL_COLUMNS`, sorted by actor, target, then period.

    Raises
    ------
    QueryError
        When the period or step is not valid, or ``dyads`` is unknown.

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations('''
    ... actors: [{id: EGY, name: Egypt, kind: state}, {id: ISR, name: Israel, kind: state}]
    ... stances: [{actor: EGY, target: ISR, kind: diplomatic, valence: -0.5,
    ...            modality: considered, start: 2024-05-14}]
    ... ''')
    >>> [(r["period"], r["actor"], r["target"], r["count"], r["mean_valence"])
    ...  for r in panel_rows(relgraph.Timeline(rel), "2024-04", "2024-05")]
    [('2024-04', 'EGY', 'ISR', 0, None), ('2024-05', 'EGY', 'ISR', 1, -0.5)]
    """
    if dyads not in ("active", "all"):
        raise QueryError(f"dyads must be 'active' or 'all' (got {dyads!r})")
    periods: list[Any] = []
    cells: dict[tuple[str, str, int], list[tuple[float, str]]] = {}
    nodes: list[str] = []
    for index, (period, graph) in enumerate(
        timeline.snapshots(start, end, step=step, width=width)
    ):
        periods.append(period)
        for node in graph:
            if node not in nodes:
                nodes.append(node)
        for u, v, data in graph.edges(data=True):
            item = (float(data.get("valence", 0.0)), str(data.get("modality", "actual")))
            pairs = [(u, v), (v, u)] if data.get("mutual") else [(u, v)]
            for a, b in pairs:
                cells.setdefault((a, b, index), []).append(item)
    if dyads == "all":
        pairs = sorted((a, b) for a in nodes for b in nodes if a != b)
    else:
        pairs = sorted({(a, b) for a, b, _ in cells})
    rows = []
    for a, b in pairs:
        for index, period in enumerate(periods):
            items = cells.get((a, b, index), [])
            mean = round(sum(v for v, _ in items) / len(items), 6) if items else None
            rows.append(
                {
                    "period": str(period.label),
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "window_start": period.window_start.isoformat(),
                    "actor": a,
                    "target": b,
                    "count": len(items),
                    "mean_valence": mean,
                    **{m: sum(1 for _, mm in items if mm == m) for m in _MODALITIES},
                }
            )
    return rows


# -- the one entry point -------------------------------------------------------------------


def write_export(
    source: Any,
    fmt: str,
    path: str | Path,
    *,
    at: Any = None,
    start: Any = None,
    end: Any = None,
    step: str = "month",
    width: int | str | None = None,
    dyads: Literal["active", "all"] = "active",
) -> list[Path]:
    """Write a timeline or a slice in one of :data:`FORMATS`, whole or not at all.

    Parameters
    ----------
    source : relgraph.Timeline or networkx.MultiDiGraph
        A timeline (sliced here: ``at`` a day, or the window ``start..end``, inclusive; by
        default its whole span) or a slice already made.
    fmt : {"gexf", "graphml", "json", "csv", "panel"}
        The format; see the module docstring.
    path : str or pathlib.Path
        The output file; for ``csv`` a directory (created if needed) that receives
        ``actors.csv``, ``stances.csv`` and ``provenance.json``.
    at : datetime.date or str, optional
        One whole day (timeline only).
    start, end : datetime.date or str, optional
        First and last day of a window (timeline only; inclusive; partial dates allowed).
    step, width : optional
        The panel's calendar step and rolling width (``panel`` only).
    dyads : {"active", "all"}, default "active"
        Which ordered pairs the panel lists (see :func:`panel_rows`).

    Returns
    -------
    list of pathlib.Path
        The files written, provenance sidecars included.

    Raises
    ------
    QueryError
        On an unknown format, a date or period that is not valid, or slicing options given
        with a graph (or a panel asked of a graph).
    OutputError
        When the output cannot be written.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.MultiDiGraph(sha256="ab12", slice={"at": "2024-05-14"})
    >>> g.add_node("EGY", name="Egypt", kind="state", aliases=["Cairo"])
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in write_export(g, "csv", out / "csv")]
    ['actors.csv', 'stances.csv', 'provenance.json']
    >>> print((out / "csv" / "actors.csv").read_text(), end="")
    id,name,kind,aliases,affiliation,codes,attrs
    EGY,Egypt,state,"[""Cairo""]",,,
    >>> read = nx.read_graphml(write_export(g, "graphml", out / "g.graphml")[0])
    >>> json.loads(read.graph["provenance"])["sha256"]
    'ab12'
    >>> data = json.loads(write_export(g, "json", out / "g.json")[0].read_text())
    >>> data["nodes"][0]["aliases"], data["graph"]["provenance"]["sha256"]
    ('["Cairo"]', 'ab12')
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    target = Path(path)
    if fmt == "panel":
        return _write_panel(source, target, at, start, end, step, width, dyads)
    graph = slice_of(source, at, start, end)
    record = provenance(graph, fmt)
    if fmt == "gexf":
        data = _gexf_bytes(graph, record)
        with atomic_write(target) as tmp:
            tmp.write_bytes(data)
        return [target]
    if fmt == "graphml":
        data = _graphml_bytes(graph, record)
        with atomic_write(target) as tmp:
            tmp.write_bytes(data)
        return [target]
    if fmt == "json":
        atomic_write_text(target, _json_text_of(graph, record))
        return [target]
    files = {
        "actors.csv": _csv_text(ACTOR_COLUMNS, _actor_rows(graph)),
        "stances.csv": _csv_text(STANCE_COLUMNS, _stance_rows(graph)),
        "provenance.json": json.dumps(record, ensure_ascii=False, indent=2) + "\n",
    }
    with atomic_directory(target) as staging:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
    return [target / name for name in files]


def _write_panel(
    source: Any,
    target: Path,
    at: Any,
    start: Any,
    end: Any,
    step: str,
    width: int | str | None,
    dyads: Literal["active", "all"],
) -> list[Path]:
    if _is_graph(source):
        raise QueryError("the panel needs a Timeline (its periods), not a single slice")
    if at is not None:
        raise QueryError("the panel spans a period: give start and end, not a day")
    rows = panel_rows(source, start, end, step, width, dyads=dyads)
    first, last = source.span
    whole = source.window(first if start is None else start, last if end is None else end)
    panel_slice = dict(whole.graph.get("slice") or {}, step=step, width=width, dyads=dyads)
    record = provenance(whole, "panel", slice=panel_slice)
    sidecar = target.parent / f"{target.stem}.provenance.json"
    text = _csv_text(PANEL_COLUMNS, rows)
    write_all({target: text, sidecar: json.dumps(record, ensure_ascii=False, indent=2) + "\n"})
    return [target, sidecar]
