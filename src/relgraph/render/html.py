"""Self-contained interactive pages of relation graphs (vis-network, built with pyvis).

A page is one HTML file with everything inlined: our template (``page.html``, ``page.css``,
``page.js`` beside this module), vis-network's script as shipped inside the pyvis package, and
the graph as JSON in a ``<script type="application/json">`` block. Text from the relations file
reaches the page only inside that JSON (with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped) and
the DOM only through ``textContent``; the page carries a Content-Security-Policy that forbids
every network request.

A timeline page embeds each stance once, with its first and last day, and the list of periods;
its script shows at each slider position the stances in force on at least one day of that
period's window (``window_start <= day <= end``, inclusive, an open end being in force), which
is exactly ``Timeline.window(period.window_start, period.end)``. A stance whose dates are
partial also carries the first and last day each bound may be (``start_last``, ``end_first``),
so that the page decides per step whether it is in force under every reading of its dates
(DESIGN §2 ``certain``) and draws it lighter, with a marker, when it is not.

Ids from the file never become keys of the page's JavaScript objects: the script gives each
actor and stance an index-based id of its own (``n0``, ``e0``...), so ids such as
``__proto__`` or ``constructor`` are drawn like any other. The Content-Security-Policy allows
only the page's own scripts and style, by their SHA-256 hashes (no ``'unsafe-inline'``).

A page refuses up front what a browser could not show: more than :data:`MAX_PAGE_EDGES`
stances, more than :data:`MAX_PAGE_STEPS` slider steps, or more than :data:`MAX_PAGE_BYTES`
bytes; each limit is a keyword argument (and a command-line option) that raises it.

pyvis is imported inside the functions that need it, so importing this module stays cheap.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import os
import re
import tempfile
import webbrowser
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relgraph._io import atomic_write_text
from relgraph.dates import parse_date
from relgraph.errors import OutputError, QueryError
from relgraph.layout import layout
from relgraph.records import flatten, provenance
from relgraph.style import (
    CURVES_LEGEND,
    DASHES,
    DIRECTION_LEGEND,
    KIND_LEGEND,
    MAX_NODE_SIZE,
    MERGE_AUTO,
    MERGED_LEGEND,
    MIN_NODE_SIZE,
    MODALITY_LEGEND,
    NODE_COLOUR,
    SHAPES,
    SIZE_LEGEND,
    UNCERTAIN_LEGEND,
    UNCERTAIN_OPACITY,
    VALENCE_LEGEND,
    VALENCE_STOPS,
    edge_width,
    parallel_offsets,
    valence_colour,
)

if TYPE_CHECKING:
    from relgraph.timeline import Period, StanceGraph, Timeline

__all__ = [
    "MAX_PAGE_BYTES",
    "MAX_PAGE_EDGES",
    "MAX_PAGE_STEPS",
    "Page",
    "page_data",
    "render_graph",
    "render_timeline",
]

#: Stances one page may embed. A browser draws a step of a few thousand ties, and filters one
#: of 200,000 stances in about 20 ms; beyond that the page takes gigabytes to build and to load.
MAX_PAGE_EDGES = 200_000
#: Slider steps one page may have: a slider of more positions than a screen has pixels cannot
#: be moved one step at a time, and the steps' own data would outweigh the stances'.
MAX_PAGE_STEPS = 10_000
#: Bytes of one page: 200,000 stances with labels and evidence take about 100 MB.
MAX_PAGE_BYTES = 150_000_000

_PLACEHOLDER = re.compile(r"/\*@(\w+)@\*/")
_JSON_ESCAPES = (
    ("&", "\\u0026"),
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


@dataclass(frozen=True)
class Page:
    """A rendered, self-contained HTML page.

    Attributes
    ----------
    html : str
        The whole page.
    title : str
        Its title, as plain text.
    mode : {"graph", "timeline"}
        One slice, or a slider over periods.
    span : str
        What it shows: the slice (``2024-05-14``) or the first and last period's labels
        (``2023-10..2024-05``).
    steps : int
        The slider's positions (1 for a single slice).
    step : str or None
        The timeline's calendar step (``week``...), as chosen when ``auto``.
    stances : int
        The stances embedded.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_node("EGY", name="Egypt", kind="state")
    >>> page = render_graph(graph, title="Egypt alone")
    >>> page.html.startswith("<!DOCTYPE html>")
    True
    >>> page._repr_html_().startswith("<iframe")
    True
    >>> repr(page).startswith("<Page graph all dates, 0 stances, ")
    True
    """

    html: str
    title: str
    mode: str = "graph"
    span: str = ""
    steps: int = 1
    step: str | None = None
    stances: int = 0

    def __repr__(self) -> str:
        size = len(self.html.encode("utf-8"))
        amount = f"{size / 1e6:.1f} MB" if size >= 10_000_000 else f"{round(size / 1e3)} kB"
        what = (
            f"{self.steps} step{'s' * (self.steps != 1)}"
            if self.mode == "timeline"
            else f"{self.stances} stance{'s' * (self.stances != 1)}"
        )
        return f"<Page {self.mode} {self.span or self.title}, {what}, {amount}>"

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the page to ``path``, whole or not at all.

        The page goes to a temporary file in the same directory, which then replaces ``path``,
        so a reader never sees half a page and a failed write leaves any old file in place.

        Parameters
        ----------
        path : str or os.PathLike
            Where to write; the directory must exist.

        Returns
        -------
        pathlib.Path
            ``path``, now holding a page that opens offline in any browser.

        Raises
        ------
        OutputError
            When the file cannot be written (missing directory, no permission, disk full).

        Examples
        --------
        >>> import networkx as nx, tempfile, pathlib
        >>> graph = nx.MultiDiGraph()
        >>> graph.add_node("EGY", name="Egypt", kind="state")
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     out = render_graph(graph).write(pathlib.Path(tmp) / "graph.html")
        ...     out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        True
        """
        target = Path(path)
        atomic_write_text(target, self.html)
        return target

    def open(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the page (to a temporary file unless ``path`` is given) and open a browser.

        Parameters
        ----------
        path : str or os.PathLike, optional
            Where to write the page first; a new temporary file when omitted.

        Returns
        -------
        pathlib.Path
            The file the browser was pointed at.

        Raises
        ------
        OutputError
            When the file cannot be written.
        """
        if path is None:
            fd, name = tempfile.mkstemp(prefix="relgraph-", suffix=".html")
            os.close(fd)
            path = name
        target = self.write(path).resolve()
        webbrowser.open(target.as_uri())
        return target

    def _repr_html_(self) -> str:
        # An iframe keeps the page's script and styles away from the notebook's own, and
        # srcdoc needs no file or server (JupyterLab and VS Code both display it).
        return (
            '<iframe class="relgraph-page" title="'
            + html.escape(self.title, quote=True)
            + '" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"'
            + ' style="width:100%;height:680px;border:1px solid #ccc" srcdoc="'
            + html.escape(self.html, quote=True)
            + '"></iframe>'
        )


def render_graph(
    graph: StanceGraph,
    *,
    title: str | None = None,
    merge_pairs: bool | None = None,
    max_edges: int = MAX_PAGE_EDGES,
    max_bytes: int = MAX_PAGE_BYTES,
) -> Page:
    """Render one graph (a day or a period) as an interactive page.

    Every node and edge of ``graph`` is drawn; the slice named in ``graph.graph["slice"]`` is
    shown as the page's date.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice in the graph shape of :mod:`relgraph.timeline`, e.g. ``Timeline.at(day)`` or
        ``Timeline.window(start, end)``. ``graph.graph`` may carry ``title``, ``sources``
        (``{id: {"title": ..., "url": ...}}``, for the evidence in tooltips) and the provenance
        keys ``source``, ``sha256``, ``slice``, ``filters``.
    title : str, optional
        The page title; defaults to ``graph.graph["title"]``.
    merge_pairs : bool, optional
        Draw the stances between each ordered pair of actors as one line (``True``), each
        stance as its own line (``False``), or merge when more than :data:`MERGE_AUTO` are
        shown (None, the default). The reader can switch on the page.
    max_edges, max_bytes : int
        Refuse a page of more stances or bytes than this (:data:`MAX_PAGE_EDGES`,
        :data:`MAX_PAGE_BYTES`).

    Returns
    -------
    Page

    Raises
    ------
    OutputError
        When the page would exceed ``max_edges`` or ``max_bytes``.

    Examples
    --------
    >>> import datetime as dt, networkx as nx
    >>> from relgraph.timeline import Period
    >>> day = dt.date(2024, 5, 14)
    >>> graph = nx.MultiDiGraph(period=Period(day, day, day, "2024-05-14", "day"))
    >>> graph.add_node("EGY", name="Egypt", kind="state")
    >>> graph.add_node("ISR", name="Israel", kind="state")
    >>> graph.add_edge("EGY", "ISR", key="egy-isr", kind="diplomatic", valence=-0.5,
    ...                modality="considered", mutual=False, start="2024-05-14",
    ...                start_day=dt.date(2024, 5, 14), end_day=None)
    'egy-isr'
    >>> page = render_graph(graph)
    >>> [edge["id"] for edge in page_data(page.html)["edges"]]
    ['egy-isr']
    >>> page_data(page.html)["periods"][0]["title"]
    '14 May 2024'
    """
    limits = _Limits(max_edges, MAX_PAGE_STEPS, max_bytes)
    limits.check_edges(graph.number_of_edges())
    period = _slice_period(graph.graph.get("period"))
    return _render(
        graph, [period], mode="graph", title=title, merge_pairs=merge_pairs, limits=limits
    )


def render_timeline(
    timeline: Timeline,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    step: str = "auto",
    width: int | str | None = None,
    *,
    title: str | None = None,
    merge_pairs: bool | None = None,
    max_edges: int = MAX_PAGE_EDGES,
    max_steps: int = MAX_PAGE_STEPS,
    max_bytes: int = MAX_PAGE_BYTES,
) -> Page:
    """Render a timeline as one page with a slider over its periods.

    The slider's positions are exactly ``timeline.periods(start, end, step, width)``; at each
    position the page shows the stances of ``timeline.window(period.window_start,
    period.end)`` (inclusive days). Each stance is embedded once, with its bounds, and the
    node positions are computed once, so they stay put as the slider moves.

    Parameters
    ----------
    timeline : relgraph.Timeline
        The (possibly filtered) timeline to show.
    start, end : datetime.date or str, optional
        The first and last day (inclusive; partial dates such as ``2024-05`` allowed);
        default to the timeline's span.
    step : {"auto", "day", "week", "month", "quarter", "year", "decade"}
        The calendar step of the slider; ``auto`` (the default) takes the finest step that
        gives at most 100 periods (:meth:`Timeline.auto_step`), and ``Page.step`` says which.
    width : int or str, optional
        A rolling window ending on each period's last day: days as an int (``90``) or a
        count with a unit (``12w``, ``3m``), as in :meth:`Timeline.periods`.
    title : str, optional
        The page title; defaults to the file's title.
    merge_pairs : bool, optional
        As in :func:`render_graph`: merged, not merged, or merged in the steps that show more
        than :data:`MERGE_AUTO` stances (None, the default).
    max_edges, max_steps, max_bytes : int
        Refuse a page of more stances, slider steps or bytes than this
        (:data:`MAX_PAGE_EDGES`, :data:`MAX_PAGE_STEPS`, :data:`MAX_PAGE_BYTES`).

    Returns
    -------
    Page

    Raises
    ------
    QueryError
        When the dates, step or width are not valid, or there is no period to show.
    OutputError
        When the page would exceed ``max_edges``, ``max_steps`` or ``max_bytes``.

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations('''
    ... actors:
    ...   - {id: EGY, name: Egypt, kind: state}
    ...   - {id: ISR, name: Israel, kind: state}
    ... stances:
    ...   - {id: talks, actor: EGY, target: ISR, kind: mediation, valence: 0.5,
    ...      start: 2024-03, end: 2024-04}
    ... ''')
    >>> page = render_timeline(relgraph.Timeline(rel), "2024-01", "2024-06", "month")
    >>> [p["label"] for p in page_data(page.html)["periods"]]
    ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06']
    >>> page
    <Page timeline 2024-01..2024-06, 6 steps, ... kB>
    """
    limits = _Limits(max_edges, max_steps, max_bytes)
    periods = list(timeline.periods(start, end, step, width))
    if not periods:
        raise QueryError("no period to show: the timeline is empty over the requested dates")
    chosen = periods[0].step or step
    limits.check_steps(len(periods), chosen)
    first = min(period.window_start for period in periods)
    last = max(period.end for period in periods)
    graph = timeline.window(first, last)
    limits.check_edges(graph.number_of_edges())
    slice_: dict[str, Any] = {
        "start": first.isoformat(),
        "end": last.isoformat(),
        "step": chosen,
    }
    if width is not None:
        slice_["width"] = width
    graph.graph["slice"] = slice_
    entries = [
        {
            "window_start": period.window_start.isoformat(),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": period.label,
            "title": period.title,
        }
        for period in periods
    ]
    span = periods[0].label
    if len(periods) > 1:
        span += ".." + periods[-1].label
    return _render(
        graph,
        entries,
        mode="timeline",
        title=title,
        merge_pairs=merge_pairs,
        limits=limits,
        span=span,
        step=chosen,
    )


def page_data(page_html: str) -> dict[str, Any]:
    """Read back the data embedded in a page (for tests and tools).

    Parameters
    ----------
    page_html : str
        A page made by :func:`render_graph` or :func:`render_timeline`.

    Returns
    -------
    dict
        The JSON data: ``nodes``, ``edges``, ``periods``, ``sources``, ``provenance``...

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_node("EGY", name="Egypt", kind="state")
    >>> page_data(render_graph(graph).html)["nodes"][0]["label"]
    'Egypt'
    """
    match = re.search(
        r'<script type="application/json" id="relgraph-data">(.*?)</script>', page_html, re.S
    )
    if match is None:
        raise ValueError("not a relgraph page: no relgraph-data block")
    data: dict[str, Any] = json.loads(match.group(1))
    return data


# -- building the page ------------------------------------------------------------------------


def _render(
    graph: StanceGraph,
    periods: list[dict[str, Any]],
    *,
    mode: str,
    title: str | None,
    merge_pairs: bool | None,
    limits: _Limits,
    span: str | None = None,
    step: str | None = None,
) -> Page:
    from pyvis.node import Node

    from relgraph._version import __version__

    meta = graph.graph
    page_title = title or _text(meta.get("title")) or "relgraph"
    positions = layout(graph)
    smooth = _curves(graph)

    # pyvis's Node makes each node's options; Network.add_node/add_edge would check every id
    # against a list of all ids, which is quadratic in the size of the graph.
    nodes: list[dict[str, Any]] = []
    for node, attrs in graph.nodes(data=True):
        x, y = positions[node]
        kind = _text(attrs.get("kind")) or "other"
        name = _text(attrs.get("name")) or str(node)
        extra: dict[str, Any] = {"kind": kind}
        for name_ in ("aliases", "codes"):
            if attrs.get(name_):
                extra[name_] = flatten(attrs[name_])
        if attrs.get("affiliation"):
            extra["affiliation"] = str(attrs["affiliation"])
        options = Node(str(node), SHAPES.get(kind, "dot"), name, x=x, y=y, **extra).options
        nodes.append(options)
    edges = [
        {
            "from": str(u),
            "to": str(v),
            **_edge_options(key, attrs, smooth.get((str(u), str(v), str(key)))),
        }
        for u, v, key, attrs in graph.edges(keys=True, data=True)
    ]

    kinds = sorted({e["kind"] for e in edges})
    data = {
        "mode": mode,
        "title": page_title,
        "periods": periods,
        "nodes": nodes,
        "edges": edges,
        "sources": _sources(meta.get("sources")),
        "kinds": kinds,
        "actor_kinds": [k for k in SHAPES if any(n["kind"] == k for n in nodes)],
        "options": _options(len(edges)),
        "style": {
            "stops": VALENCE_STOPS,
            "dashes": DASHES,
            "node": NODE_COLOUR,
            "uncertain_opacity": UNCERTAIN_OPACITY,
            "node_size": [MIN_NODE_SIZE, MAX_NODE_SIZE],
        },
        "merge": {"pairs": merge_pairs, "auto": MERGE_AUTO},
        "provenance": {"generator": f"relgraph {__version__}", **provenance(graph, "html")},
    }
    data_json = _script_json(data)
    limits.check_bytes(len(data_json.encode("utf-8")) + len(_vis_js()) + 60_000)
    css, vis, script = _asset("page.css"), _vis_js(), _asset("page.js")
    parts = {
        "CSP": _csp(css, vis, script),
        "TITLE": html.escape(page_title),
        "VERSION": html.escape(__version__),
        "LEGEND": _legend_html(),
        "CSS": css,
        "DATA": data_json,
        "VIS": vis,
        "JS": script,
    }
    page = _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _asset("page.html"))
    return Page(
        html=page,
        title=page_title,
        mode=mode,
        span=span or periods[0]["label"],
        steps=len(periods),
        step=step,
        stances=len(edges),
    )


@dataclass(frozen=True)
class _Limits:
    edges: int
    steps: int
    bytes: int

    def check_edges(self, count: int) -> None:
        if count > self.edges:
            raise OutputError(
                f"the page would hold {count:,} stances, more than the limit of "
                f"{self.edges:,} a page may hold (max_edges; --max-edges on the command "
                "line): narrow the dates or filter the stances, or raise the limit"
            )

    def check_steps(self, count: int, step: str) -> None:
        if count > self.steps:
            raise OutputError(
                f"the page would have {count:,} {step} steps, more than the limit of "
                f"{self.steps:,} slider steps (max_steps; --max-steps on the command line): "
                "choose a coarser step or fewer dates, or raise the limit"
            )

    def check_bytes(self, count: int) -> None:
        if count > self.bytes:
            raise OutputError(
                f"the page would take {count / 1e6:,.0f} MB, more than the limit of "
                f"{self.bytes / 1e6:,.0f} MB (max_bytes; --max-page-mb on the command "
                "line): narrow the dates or filter the stances, or raise the limit"
            )


def _csp(*scripts_and_style: str) -> str:
    css, *scripts = scripts_and_style
    style = _hash(css)
    script = " ".join(_hash(text) for text in scripts)
    return (
        f"default-src 'none'; script-src {script}; style-src {style}; img-src data:; "
        "form-action 'none'; base-uri 'none'"
    )


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _edge_options(key: str, attrs: Mapping[str, Any], curve: Any) -> dict[str, Any]:
    valence = float(attrs.get("valence") or 0.0)
    modality = _text(attrs.get("modality")) or "actual"
    mutual = bool(attrs.get("mutual"))
    colour, width = _valence_style(valence)
    options: dict[str, Any] = {
        "id": str(key),
        "color": colour,
        "width": width,
        "kind": _text(attrs.get("kind")) or "other",
        "modality": modality,
        "valence": valence,
    }
    if modality in DASHES:
        options["dashes"] = DASHES[modality]
    if curve is not None:
        options["smooth"] = curve
    if mutual:
        options["mutual"] = True
    stance = attrs.get("stance")
    if stance is not None and str(stance) != str(key):
        options["stance"] = str(stance)
    for name in ("label", "start", "end", "cameo"):
        value = attrs.get(name)
        if value is not None:
            options[name] = str(value)
    for name in ("start_day", "end_day"):
        value = attrs.get(name)
        if value is not None:
            options[name] = value.isoformat()
    options.update(_partial_bounds(attrs))
    for name in ("approximate", "uncertain"):
        if attrs.get(name):
            options[name] = True
    if attrs.get("confidence") is not None:
        options["confidence"] = float(attrs["confidence"])
    evidence = [_evidence(item) for item in attrs.get("evidence") or ()]
    if evidence:
        options["evidence"] = evidence
    return options


@lru_cache(maxsize=4096)
def _valence_style(valence: float) -> tuple[str, float]:
    return valence_colour(valence), edge_width(valence)


def _partial_bounds(attrs: Mapping[str, Any]) -> dict[str, str]:
    # The other ends of a partial date's bounds: start_day and end_day are the first day of
    # the start and the last day of the end; a start written as a month may begin as late as
    # its last day, an end written as a month may end as early as its first.
    bounds: dict[str, str] = {}
    for name, other, pick in (("start", "start_last", 1), ("end", "end_first", 0)):
        text = attrs.get(name)
        if text is not None:
            bounds.update(_other_bound(str(text), name, other, pick))
    return bounds


@lru_cache(maxsize=16384)
def _other_bound(text: str, name: str, other: str, pick: int) -> tuple[tuple[str, str], ...]:
    try:
        date = parse_date(text)
    except ValueError:
        return ()  # a hand-made graph with a date of its own: its day bounds stand
    if date.first == date.last:
        return ()
    return (
        (other, (date.first, date.last)[pick].isoformat()),
        (name + "_precision", date.precision),
    )


def _evidence(item: Any) -> dict[str, str]:
    if hasattr(item, "model_dump"):
        item = item.model_dump()
    return {
        field: str(item[field])
        for field in ("source", "quote", "attribution")
        if item.get(field) is not None
    }


def _sources(value: Any) -> dict[str, dict[str, str]]:
    if not value:
        return {}
    items: Iterable[tuple[Any, Any]]
    if isinstance(value, Mapping):
        items = value.items()
    else:
        items = ((getattr(source, "id", None), source) for source in value)
    sources: dict[str, dict[str, str]] = {}
    for source_id, source in items:
        fields = source if isinstance(source, Mapping) else vars(source)
        entry = {
            field: _text(fields.get(field))
            for field in ("title", "url", "publisher", "published")
            if fields.get(field) is not None
        }
        sources[str(source_id)] = {k: v for k, v in entry.items() if v}
    return sources


def _slice_period(period: Period | None) -> dict[str, Any]:
    # The dates a single-graph page shows (its edges are drawn whatever their bounds): the
    # slice's typed period, never its text parsed again.
    if period is None:  # a graph made by hand, not by a Timeline
        return {
            "window_start": None,
            "start": None,
            "end": None,
            "label": "all dates",
            "title": "all dates",
        }
    first, last = period.window_start, period.end
    label = first.isoformat() if first == last else f"{first} – {last}"
    return {
        "window_start": first.isoformat(),
        "start": first.isoformat(),
        "end": last.isoformat(),
        "label": label,
        "title": period.title,
    }


def _options(n_edges: int) -> dict[str, Any]:
    big = n_edges > 2000
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": True,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "size": 13,
            "borderWidth": 1.5,
            "font": {
                "size": 16,
                "face": "system-ui, sans-serif",
                "color": "#1f2328",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "smooth": False,
            "arrowStrikethrough": False,
            "selectionWidth": 2,
            "hoverWidth": 1.5,
            "font": {
                "size": 11,
                "face": "system-ui, sans-serif",
                "color": "#333333",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "horizontal",
            },
        },
    }


def _legend_html() -> str:
    # Constants only (no data), so plain string building is safe here; the wording is
    # style's, shared with figures.
    line = '<svg width="46" height="12" aria-hidden="true"><line x1="2" y1="6" x2="44" y2="6"'
    rows: list[str] = ['<h2>Legend</h2><h3>Valence: colour and width</h3><ul class="rg-lg">']
    for value, text in VALENCE_LEGEND:
        rows.append(
            f'<li>{line} stroke="{valence_colour(value)}" stroke-width="{edge_width(value)}"/>'
            f"</svg>{html.escape(text)}</li>"
        )
    rows.append('</ul><h3>Line style: modality</h3><ul class="rg-lg">')
    for modality, text in MODALITY_LEGEND.items():
        dash = DASHES.get(modality)
        dash_attr = f' stroke-dasharray="{",".join(map(str, dash))}"' if dash else ""
        rows.append(
            f'<li>{line} stroke="#39505f" stroke-width="2.5"{dash_attr}/></svg>'
            f"{html.escape(text)}</li>"
        )
    rows.append(
        '</ul><h3>Direction</h3><ul class="rg-lg">'
        '<li><svg width="46" height="12" aria-hidden="true"><line x1="2" y1="6" x2="36" y2="6"'
        ' stroke="#39505f" stroke-width="2.5"/><path d="M34 1 L44 6 L34 11 Z" fill="#39505f"/>'
        f"</svg>{html.escape(DIRECTION_LEGEND['directed'])}</li>"
        f'<li>{line} stroke="#39505f" stroke-width="2.5"/></svg>'
        f"{html.escape(DIRECTION_LEGEND['mutual'])}</li>"
        f'<li><svg width="46" height="14" aria-hidden="true"><path d="M2 12 Q23 -4 44 12"'
        f' stroke="#39505f" stroke-width="2" fill="none"/></svg>{html.escape(CURVES_LEGEND)}</li>'
        '</ul><h3>Actors: shape by kind</h3><ul class="rg-lg rg-shapes">'
    )
    icons = {
        "state": '<circle cx="8" cy="8" r="6"/>',
        "igo": '<path d="M8 1 L15 8 L8 15 L1 8 Z"/>',
        "organization": '<rect x="2" y="2" width="12" height="12"/>',
        "armed_group": '<path d="M8 1 L15 14 L1 14 Z"/>',
        "person": '<path d="M8 1 L10 6 L15 6 L11 9.5 L12.5 15 L8 11.5 L3.5 15 L5 9.5 L1 6'
        ' L6 6Z"/>',
        "other": '<path d="M4.5 2 L11.5 2 L15 8 L11.5 14 L4.5 14 L1 8 Z"/>',
    }
    for kind, text in KIND_LEGEND.items():
        rows.append(
            '<li><svg width="16" height="16" aria-hidden="true" fill="#dfe6ec" stroke="#39505f"'
            f' stroke-width="1.5">{icons.get(kind, icons["other"])}</svg>{html.escape(text)}</li>'
        )
    rows.append(
        f'</ul><p class="rg-muted">{html.escape(SIZE_LEGEND)}; names of the most connected'
        " actors always, of the others where there is room (zoom in for more).</p>"
        '<h3>Dates</h3><ul class="rg-lg">'
        '<li><svg width="46" height="12" aria-hidden="true"><g opacity="'
        f'{UNCERTAIN_OPACITY}"><line x1="2" y1="6" x2="44" y2="6" stroke="#39505f"'
        ' stroke-width="2.5"/></g><circle cx="23" cy="6" r="4" fill="#39505f"/></svg>'
        f"<span>{html.escape(UNCERTAIN_LEGEND)} (a start or end given only as a month or"
        " year; the tooltip says which)</span></li></ul>"
        "<p>In tooltips, <b>~</b> marks an approximate date and <b>?</b> an"
        " uncertain one (<b>%</b>: both), as written in the file.</p>"
        '<div id="rg-legend-merged" hidden><h3>Merged pairs</h3><p>'
        f"{html.escape(MERGED_LEGEND)}"
        ' (<svg width="70" height="12" aria-hidden="true">'
        '<line x1="2" y1="6" x2="14" y2="6" stroke="#39505f" stroke-width="1.5"/>'
        '<line x1="24" y1="6" x2="40" y2="6" stroke="#39505f" stroke-width="4"/>'
        '<line x1="50" y1="6" x2="68" y2="6" stroke="#39505f" stroke-width="8"/></svg>'
        " 1, 3, 10+); colour from their mean valence; dashed only if all are considered,"
        " dotted only if all are threatened, with a dot only if all are uncertain, without"
        " arrow only if all are mutual.</p></div>"
    )
    return "".join(rows)


def _curves(graph: StanceGraph) -> dict[tuple[str, str, str], Any]:
    # Parallel stances between one pair of actors fan out as in figures (style's offsets); a
    # lone edge stays straight (cheapest to draw).
    curves: dict[tuple[str, str, str], Any] = {}
    for (u, v, key), offset in parallel_offsets(graph.edges(keys=True)).items():
        if offset == 0.0:
            continue
        curves[(str(u), str(v), str(key))] = {
            "enabled": True,
            "type": "curvedCW" if offset > 0 else "curvedCCW",
            "roundness": round(abs(offset), 3),
        }
    return curves


# -- text and assets --------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _script_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in _JSON_ESCAPES:
        text = text.replace(raw, escaped)
    return text


@cache
def _asset(name: str) -> str:
    return resources.files("relgraph.render").joinpath(name).read_text(encoding="utf-8")


@cache
def _vis_js() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    script = path.read_text(encoding="utf-8")
    # Inside <script>, only these sequences could end or confuse the element.
    if re.search(r"</script|<!--", script, re.I):
        raise RuntimeError(f"{path} cannot be inlined safely")
    return script
