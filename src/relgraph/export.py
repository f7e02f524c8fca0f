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
    node-link JSON (``nodes`` and ``edges``), as ``networkx.node_link_graph`` or d3 read it,
    with lists and mappings (``aliases``, ``codes``, ``evidence``, ``attrs``) as native JSON.
``csv``
    A directory with ``actors.csv`` and ``stances.csv`` (one row per stance, a mutual stance
    once with ``mutual`` true).
``panel``
    One CSV: a directed dyad x period panel (``period, start, end, window_start, actor,
    target, count, mean_valence, weights, actual, considered, threatened``) — the usual input
    for R or Stata models. A mutual stance counts for both directions of its pair;
    ``mean_valence`` weighs modalities as balance does, and ``weights`` says how.

Values are flattened by :func:`relgraph.records.flatten`: dates as ISO text, absent values
omitted (an empty CSV cell); lists and mappings as JSON text where the format has no lists
(GEXF, GraphML, CSV) and native in node-link JSON (DESIGN §2).

Each format has its verb, as networkx spells them: :func:`write_gexf`, :func:`write_graphml`,
:func:`write_node_link`, :func:`write_csv` and :func:`write_panel` write files;
:func:`generate_gexf`, :func:`generate_graphml` and :func:`generate_node_link` return them in
memory. :func:`write_export` is the dispatcher the command line uses.

Provenance
----------
Every export says where it came from (:func:`relgraph.records.provenance`): the relgraph
version, the input's SHA-256, its path and title, the slice, the filters and what a roll-up
dropped or merged, and the format. GEXF carries it as JSON text in ``<meta><description>``;
GraphML as the graph attribute ``provenance`` (JSON text); JSON as the object
``graph.provenance``. CSV files have no room for it that ``read.csv`` or ``pandas.read_csv``
would not trip over (a ``#`` comment line breaks both), so a sidecar JSON file goes with them:
``provenance.json`` in the CSV directory, ``<name>.provenance.json`` beside a panel file.

Every file is written whole or not at all (a temporary file beside it, then a rename).
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from xml.etree.ElementTree import SubElement

import networkx as nx

from relgraph._io import atomic_directory, write_all
from relgraph._version import __version__
from relgraph.errors import QueryError
from relgraph.records import (
    ACTOR_COLUMNS,
    PANEL_COLUMNS,
    STANCE_COLUMNS,
    actor_records,
    csv_text,
    flatten,
    json_text,
    panel_records,
    provenance,
    stance_records,
)

if TYPE_CHECKING:
    import datetime as dt

    from relgraph.timeline import StanceGraph, Timeline

__all__ = [
    "FORMATS",
    "generate_gexf",
    "generate_graphml",
    "generate_node_link",
    "write_csv",
    "write_export",
    "write_gexf",
    "write_graphml",
    "write_node_link",
    "write_panel",
]

FORMATS: tuple[str, ...] = ("gexf", "graphml", "json", "csv", "panel")


def _flat_data(data: Mapping[str, Any], nested: Literal["native", "json"]) -> dict[str, Any]:
    flat = {str(k): flatten(v, nested=nested) for k, v in data.items()}
    return {k: v for k, v in flat.items() if v is not None}


def _export_graph(graph: StanceGraph, nested: Literal["native", "json"]) -> StanceGraph:
    out: StanceGraph = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        out.add_node(node, **_flat_data(data, nested))
    for u, v, key, data in graph.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **_flat_data(data, nested))
    return out


# -- graph formats -------------------------------------------------------------------------


def generate_gexf(graph: StanceGraph) -> bytes:
    """A slice as dynamic GEXF 1.2 (see the module docstring), in memory.

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
    ... stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-05}]
    ... ''')
    >>> gexf = generate_gexf(relgraph.Timeline(rel).at("2024-05-14"))
    >>> b'mode="dynamic"' in gexf, b'start="2024-05-14"' in gexf
    (True, True)
    """
    record = provenance(graph, "gexf")
    out: StanceGraph = nx.MultiDiGraph(mode="dynamic")
    for node, data in graph.nodes(data=True):
        out.add_node(node, label=str(data.get("name") or node), **_flat_data(data, "json"))
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat = _flat_data(data, "json")
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
    SubElement(meta, "description").text = json_text(record)
    element = writer.graph_element
    element.set("mode", "dynamic")
    element.set("timeformat", "date")
    period = graph.graph.get("period")
    if period is not None:
        element.set("start", period.window_start.isoformat())
        element.set("end", period.end.isoformat())
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def generate_graphml(graph: StanceGraph) -> bytes:
    """A slice as GraphML (one edge per stance, provenance as a graph attribute), in memory.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(sha256="ab12")
    >>> g.add_node("EGY", name="Egypt", aliases=["Cairo"])
    >>> read = nx.read_graphml(io.BytesIO(generate_graphml(g)))
    >>> read.nodes["EGY"]["aliases"], json.loads(read.graph["provenance"])["sha256"]
    ('["Cairo"]', 'ab12')
    """
    out = _export_graph(graph, "json")
    out.graph["provenance"] = json_text(provenance(graph, "graphml"))
    buffer = io.BytesIO()
    nx.write_graphml(out, buffer, encoding="utf-8", prettyprint=True, infer_numeric_types=True)
    return buffer.getvalue()


def generate_node_link(graph: StanceGraph) -> str:
    """A slice as node-link JSON text (lists and mappings native), in memory.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("EGY", codes={"cow": "651"})
    >>> json.loads(generate_node_link(g))["nodes"][0]["codes"]
    {'cow': '651'}
    """
    out = _export_graph(graph, "native")
    out.graph["provenance"] = provenance(graph, "json")
    data = nx.node_link_data(out, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def write_gexf(graph: StanceGraph, path: str | Path) -> Path:
    """Write a slice as GEXF, whole or not at all; see :func:`generate_gexf`.

    Returns the path written; raises :class:`~relgraph.OutputError` when it cannot be written.

    Examples
    --------
    >>> import networkx as nx, pathlib, tempfile
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("EGY", "ISR", key="s", valence=-0.5)
    >>> path = write_gexf(g, pathlib.Path(tempfile.mkdtemp()) / "day.gexf")
    >>> list(nx.read_gexf(path).edges(data="valence"))
    [('EGY', 'ISR', -0.5)]
    """
    write_all({path: generate_gexf(graph)})
    return Path(path)


def write_graphml(graph: StanceGraph, path: str | Path) -> Path:
    """Write a slice as GraphML, whole or not at all; see :func:`generate_graphml`.

    Returns the path written; raises :class:`~relgraph.OutputError` when it cannot be written
    (a missing directory, no permission, a full disk), leaving any old file in place.

    Examples
    --------
    >>> import networkx as nx, pathlib, tempfile
    >>> out = write_graphml(nx.MultiDiGraph(), pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> sorted(json.loads(nx.read_graphml(out).graph["provenance"]))[:2]
    ['dropped', 'filters']
    """
    write_all({path: generate_graphml(graph)})
    return Path(path)


def write_node_link(graph: StanceGraph, path: str | Path) -> Path:
    """Write a slice as node-link JSON, whole or not at all; see :func:`generate_node_link`.

    The file reads back with ``networkx.node_link_graph(json.load(f), edges="edges")``;
    :class:`~relgraph.OutputError` when it cannot be written.

    Examples
    --------
    >>> import networkx as nx, pathlib, tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("EGY", name="Egypt")
    >>> out = write_node_link(g, pathlib.Path(tempfile.mkdtemp()) / "g.json")
    >>> nx.node_link_graph(json.loads(out.read_text()), edges="edges").nodes["EGY"]["name"]
    'Egypt'
    """
    write_all({path: generate_node_link(graph)})
    return Path(path)


def write_csv(
    graph: StanceGraph, path: str | Path, *, spreadsheet_safe: bool = False
) -> list[Path]:
    """Write a slice as a directory of ``actors.csv``, ``stances.csv`` and ``provenance.json``.

    The three are written as one set. ``spreadsheet_safe``: see
    :func:`relgraph.records.csv_text`.

    Returns
    -------
    list of pathlib.Path
        The three files.

    Raises
    ------
    OutputError
        When the directory cannot be written.

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.MultiDiGraph(sha256="ab12")
    >>> g.add_node("EGY", name="Egypt", kind="state", aliases=["Cairo"])
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "csv"
    >>> [p.name for p in write_csv(g, out)]
    ['actors.csv', 'stances.csv', 'provenance.json']
    >>> print((out / "actors.csv").read_text(), end="")
    id,name,kind,aliases,affiliation,codes,attrs
    EGY,Egypt,state,"[""Cairo""]",,,
    """
    target = Path(path)
    record = provenance(graph, "csv")
    files = {
        "actors.csv": csv_text(
            ACTOR_COLUMNS, actor_records(graph), spreadsheet_safe=spreadsheet_safe
        ),
        "stances.csv": csv_text(
            STANCE_COLUMNS,
            stance_records(graph, by_start=False),
            spreadsheet_safe=spreadsheet_safe,
        ),
        "provenance.json": json.dumps(record, ensure_ascii=False, indent=2) + "\n",
    }
    with atomic_directory(target) as staging:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
    return [target / name for name in files]


def write_panel(
    timeline: Timeline,
    path: str | Path,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    step: str = "auto",
    width: int | str | None = None,
    *,
    dyads: Literal["active", "all"] = "active",
    weights: Mapping[str, float] | None = None,
    spreadsheet_safe: bool = False,
    max_periods: int | None = None,
) -> list[Path]:
    """Write the dyad x period panel (:func:`relgraph.records.panel_records`) as CSV.

    A provenance sidecar ``<name>.provenance.json`` goes beside it; the two are written as one
    set. ``spreadsheet_safe``: see :func:`relgraph.records.csv_text`.

    Returns
    -------
    list of pathlib.Path
        The panel and its sidecar.

    Raises
    ------
    QueryError
        When the period, step or weights are not valid.
    OutputError
        When a file cannot be written.

    Examples
    --------
    >>> import relgraph, tempfile, pathlib
    >>> rel = relgraph.parse_relations('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
    ... stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-05}]
    ... ''')
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "panel.csv"
    >>> [p.name for p in write_panel(relgraph.Timeline(rel), out, "2024-05", "2024-06")]
    ['panel.csv', 'panel.provenance.json']
    """
    target = Path(path)
    rows = panel_records(
        timeline, start, end, step, width, dyads=dyads, weights=weights, max_periods=max_periods
    )
    whole = timeline.window(start, end)
    panel_slice = dict(whole.graph.get("slice") or {}, step=step, width=width, dyads=dyads)
    record = provenance(whole, "panel", slice=panel_slice, weights=weights or {})
    sidecar = target.parent / f"{target.stem}.provenance.json"
    sidecar_text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    panel = csv_text(PANEL_COLUMNS, rows, spreadsheet_safe=spreadsheet_safe)
    write_all({target: panel, sidecar: sidecar_text})
    return [target, sidecar]


# -- the command line's dispatcher -----------------------------------------------------------


def write_export(
    timeline: Timeline,
    fmt: str,
    path: str | Path,
    *,
    at: dt.date | str | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    step: str = "auto",
    width: int | str | None = None,
    dyads: Literal["active", "all"] = "active",
    weights: Mapping[str, float] | None = None,
    spreadsheet_safe: bool = False,
    max_periods: int | None = None,
) -> list[Path]:
    """Write a timeline's slice (or, for ``panel``, its periods) in one of :data:`FORMATS`.

    The dispatcher of ``relgraph export``: slices with :meth:`relgraph.Timeline.slice` and
    calls the format's ``write_*`` verb.

    Returns
    -------
    list of pathlib.Path
        The files written, provenance sidecars included.

    Raises
    ------
    QueryError
        On an unknown format, a date or period that is not valid, or a day given for the
        panel.
    OutputError
        When the output cannot be written.

    Examples
    --------
    >>> import relgraph, tempfile, pathlib
    >>> rel = relgraph.parse_relations("actors: [{id: A, name: A, kind: state}]")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> write_export(relgraph.Timeline(rel), "xml", out)
    Traceback (most recent call last):
    ...
    relgraph.errors.QueryError: unknown export format ...
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    if fmt == "panel":
        if at is not None:
            raise QueryError("the panel spans a period: give start and end, not a day")
        return write_panel(
            timeline, path, start, end, step, width, dyads=dyads, weights=weights,
            spreadsheet_safe=spreadsheet_safe, max_periods=max_periods,
        )  # fmt: skip
    graph = timeline.slice(at, start=start, end=end)
    if fmt == "gexf":
        return [write_gexf(graph, path)]
    if fmt == "graphml":
        return [write_graphml(graph, path)]
    if fmt == "json":
        return [write_node_link(graph, path)]
    return write_csv(graph, path, spreadsheet_safe=spreadsheet_safe)
