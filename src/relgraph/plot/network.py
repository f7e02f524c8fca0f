"""Figures of the network on a day or over a period, alone or as small multiples.

A figure speaks the page's language (:mod:`relgraph.style`): colour by valence, width by
``|valence|``, dashed considered and dotted threatened stances, an arrowhead for a direction
and none for a mutual stance, node shape by kind and size by the ties shown, parallel stances
between one pair as distinct curves, and a stance in force in the slice only under some readings
of its partial dates (``certain`` false, DESIGN §2) lighter and with a dot at its middle. Positions
come from :func:`relgraph.layout.layout`, so a figure of a step matches the page there.

The geometry is exact: data units are inches of the axes, so node sizes and arrowheads are
placed in the same units the labels are measured in (with matplotlib's own renderer), and
each label is put where it overlaps no other label and stays inside the picture.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import textwrap
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from relgraph.errors import OutputError, QueryError
from relgraph.layout import layout
from relgraph.style import (
    CURVES_LEGEND,
    DASHES,
    DIRECTION_LEGEND,
    FIGURE_SCALE,
    KIND_LEGEND,
    MARKERS,
    MERGE_AUTO,
    MERGED_LEGEND,
    MIN_NODE_SIZE,
    MODALITY_LEGEND,
    NODE_COLOUR,
    SIZE_LEGEND,
    UNCERTAIN_LEGEND,
    UNCERTAIN_OPACITY,
    VALENCE_LEGEND,
    edge_width,
    merged_width,
    node_size,
    parallel_offsets,
    valence_colour,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from relgraph.timeline import StanceGraph, Timeline

__all__ = [
    "LABEL_ALL_UP_TO",
    "MAX_FIGURE_EDGES",
    "MAX_PANELS",
    "figure",
    "figure_series",
    "panel_step",
]

Labels = Literal["all", "auto", "none"]
Positions = Mapping[Any, tuple[float, float]]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in inches

#: ``labels="auto"`` names every actor of a slice up to this many actors; above it, only the
#: most connected, as many as the picture has room for (about two per square inch).
LABEL_ALL_UP_TO = 40
#: Panels of a series unless more are asked for: past this, each is too small to read.
MAX_PANELS = 24
#: Stances one figure may draw (all its panels together), as many as a page may hold: a
#: 5,000-tie figure takes about two seconds, and merged pairs keep it legible.
MAX_FIGURE_EDGES = 200_000

_NAME_FONT = 8.0
_PANEL_NAME_FONT = 6.5
_LEGEND_FONT = 7.5
_GAP = 1.5 / 72  # inches between a node and its label
_PAD = 1.5 / 72  # inches kept clear around each label (its white backing takes 1.2 points)
_MARGIN = 0.08  # inches at the edges of the figure
_MAX_INCHES = 200.0  # a side of a figure: a wall poster, and already minutes to draw


@dataclass
class _Fit:
    """Page pixels (y down) to inches inside a frame of ``width`` x ``height`` (y up)."""

    scale: float
    cx: float
    cy: float
    width: float
    height: float

    def __call__(self, point: tuple[float, float]) -> tuple[float, float]:
        return (
            self.width / 2 + (point[0] - self.cx) * self.scale,
            self.height / 2 - (point[1] - self.cy) * self.scale,
        )


@dataclass
class _Seen:
    """The encodings a drawing used, so the legend explains exactly those."""

    valences: list[float] = field(default_factory=list)
    modalities: set[str] = field(default_factory=set)
    directed: bool = False
    mutual: bool = False
    uncertain: bool = False
    curves: bool = False
    kinds: set[str] = field(default_factory=set)
    sizes: set[float] = field(default_factory=set)
    merged: set[int] = field(default_factory=set)  # stances per merged line
    omitted: int = 0  # labels asked for that found no room

    def update(self, other: _Seen) -> None:
        self.valences += other.valences
        self.modalities |= other.modalities
        self.directed |= other.directed
        self.mutual |= other.mutual
        self.uncertain |= other.uncertain
        self.curves |= other.curves
        self.kinds |= other.kinds
        self.sizes |= other.sizes
        self.merged |= other.merged
        self.omitted += other.omitted


def figure(
    graph: StanceGraph,
    *,
    ax: Axes | None = None,
    positions: Positions | None = None,
    legend: bool = True,
    labels: Labels = "auto",
    title: str | None = None,
    size: tuple[float, float] = (7.0, 5.0),
    caption: bool = False,
    merge_pairs: bool | None = None,
    max_edges: int = MAX_FIGURE_EDGES,
) -> Figure:
    """Draw a slice as a static figure for a paper: the page's visual language, a legend.

    Every node and edge of ``graph`` is drawn; see the module docstring for the encodings.
    The legend shows, in words, each encoding that appears. Labels never overlap one another
    or leave the picture: with ``labels="all"`` an actor whose name finds no free spot is left
    unnamed (``figure.relgraph_omitted_labels`` counts them). Save with
    :func:`relgraph.save_figure`; in Jupyter the figure shows inline.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice, e.g. ``Timeline.at(day)`` or ``Timeline.window(start, end)``.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes (of your own figure) instead of a new figure; the legend goes
        to their right and the title above them.
    positions : mapping, optional
        ``{node: (x, y)}`` in page pixels (y down), as :func:`relgraph.layout.layout` returns;
        default: that layout of ``graph``, the same as the page of ``graph``. To match one
        step of a timeline page, pass the layout of the page's whole window,
        ``layout(timeline.window(start, end))``, as :func:`figure_series` does.
    legend : bool
        Draw the legend.
    labels : {"auto", "all", "none"}
        Which actors are named: ``auto`` names all up to :data:`LABEL_ALL_UP_TO` actors and
        otherwise the most connected ones the picture has room for.
    title : str, optional
        The title; default: the file's title and the slice's dates; ``""`` for none.
    size : (float, float)
        Width and height in inches of a new figure.
    caption : bool
        Write the provenance line (relgraph version, input file and SHA-256, slice, filters)
        under the picture.
    merge_pairs : bool, optional
        Draw the stances from one actor to another as one line (colour from their mean
        valence, width from their number, dashed or dotted only if all are considered or
        threatened, uncertain only if all are, without arrowhead only if all are mutual), as
        the page does; default: merge when there are more than
        :data:`relgraph.style.MERGE_AUTO` ties.
    max_edges : int
        Refuse a graph of more stances than this (default :data:`MAX_FIGURE_EDGES`).

    Returns
    -------
    matplotlib.figure.Figure
        A new figure, or the figure of ``ax``; its ``relgraph_omitted_labels`` counts the
        names left out.

    Raises
    ------
    QueryError
        When ``labels`` is not one of the three, ``positions`` misses a node, or the figure
        is too small for its legend.
    OutputError
        When the graph has more than ``max_edges`` stances.

    Examples
    --------
    >>> import relgraph
    >>> tl = relgraph.Timeline(relgraph.parse_relations('''
    ... actors: [{id: EGY, name: Egypt, kind: state}, {id: ISR, name: Israel, kind: state}]
    ... stances: [{actor: EGY, target: ISR, kind: diplomatic, valence: -0.5, start: 2024-05~}]
    ... '''))
    >>> sorted(t.get_text() for t in figure(tl.at("2024-05-20")).axes[0].texts)
    ['Egypt', 'Israel']
    """
    from relgraph.plot._mpl import drawing

    _check_labels(labels)
    _check_edges(graph.number_of_edges(), max_edges)
    with drawing():
        if positions is None:
            positions = layout(graph)
        missing = [node for node in graph.nodes if node not in positions]
        if missing:
            shown = ", ".join(map(str, missing[:5])) + (" ..." if len(missing) > 5 else "")
            raise QueryError(f"positions lack {len(missing)} actor(s) of the graph: {shown}")
        if ax is not None:
            return _into_axes(graph, ax, positions, legend, labels, title, merge_pairs)
        return _compose(
            [(None, graph)], positions, size=size, cols=1, legend=legend, labels=labels,
            title=_title(title, graph.graph), caption=_caption(graph) if caption else None,
            merge_pairs=merge_pairs,
        )  # fmt: skip


def figure_series(
    timeline: Timeline,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    step: str = "auto",
    cols: int | None = None,
    *,
    width: int | str | None = None,
    max_panels: int = MAX_PANELS,
    legend: bool = True,
    labels: Labels = "auto",
    title: str | None = None,
    size: tuple[float, float] | None = None,
    caption: bool = False,
    merge_pairs: bool | None = None,
    max_edges: int = MAX_FIGURE_EDGES,
) -> Figure:
    """Small multiples: one panel per step of a timeline, shared positions, one legend.

    Panel ``i`` shows ``timeline.window(period.window_start, period.end)`` for the ``i``-th
    of ``timeline.periods(start, end, step, width)`` (inclusive days), titled with the
    period. Every panel places each actor where the timeline page does.

    Parameters
    ----------
    timeline : relgraph.Timeline
        The (possibly filtered) timeline.
    start, end : datetime.date or str, optional
        The first and last day (inclusive; partial dates cover their period); default: the
        timeline's span.
    step : str
        The calendar step, as :meth:`Timeline.periods` takes it; ``auto`` (the default) is
        the finest step that gives at most ``max_panels`` panels.
    cols : int, optional
        Panels per row; default: up to four.
    width : int or str, optional
        A rolling window per step, as :meth:`Timeline.periods` takes it.
    max_panels : int
        Refuse more panels than this (default :data:`MAX_PANELS`).
    legend, labels, title, caption, merge_pairs
        As :func:`figure`; labels and merging are judged panel by panel.
    max_edges : int
        Refuse to draw more stances than this in all panels together.
    size : (float, float), optional
        Width and height in inches; default: about 2.4 inches a panel, plus the legend.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per period, one legend; ``relgraph_omitted_labels`` as in :func:`figure`.

    Raises
    ------
    QueryError
        When the dates or step are not valid, there is no period, there would be more than
        ``max_panels`` panels, ``cols`` is below 1, or the figure is too small.
    OutputError
        When the panels would draw more than ``max_edges`` stances.

    Examples
    --------
    >>> import relgraph
    >>> tl = relgraph.Timeline(relgraph.parse_relations('''
    ... actors: [{id: EGY, name: Egypt, kind: state}, {id: ISR, name: Israel, kind: state}]
    ... stances: [{actor: EGY, target: ISR, kind: diplomatic, valence: -0.5, start: 2024-02}]
    ... '''))
    >>> fig = figure_series(tl, "2024-01", "2024-03", step="month")
    >>> [t.get_text() for t in fig.texts if t.get_gid() and t.get_gid().startswith("panel")]
    ['Jan 2024', 'Feb 2024', 'Mar 2024']
    """
    from relgraph.plot._mpl import drawing

    _check_labels(labels)
    if cols is not None and cols < 1:
        raise QueryError(f"cols must be 1 or more (got {cols})")
    if step == "auto":
        step = panel_step(timeline, start, end, width, max_panels)
    first, last = _range(timeline, start, end)
    periods = _periods(timeline, first, last, step, width, max_panels)
    if periods is None or len(periods) > max_panels:
        count = f"more than {max_panels}" if periods is None else str(len(periods))
        raise QueryError(
            f"{count} panels from {first} to {last} by {step}: at most {max_panels} are drawn; "
            "choose a coarser step or a shorter period, or allow more panels (max_panels, "
            "--max-panels)"
        )
    _check_grid(len(periods), cols or min(len(periods), 4), size)
    with drawing():
        # every stance of the union is in at least one panel: refuse before the layout
        union = timeline.window(min(p.window_start for p in periods), last)
        _check_edges(union.number_of_edges(), max_edges)
        positions = layout(union)
        panels = []
        drawn = 0
        for period, graph in timeline.snapshots(first, last, step, width):
            drawn += graph.number_of_edges()
            _check_edges(drawn, max_edges)
            panels.append((_period_title(period), graph))
        return _compose(
            panels, positions, size=size, cols=cols or min(len(panels), 4), legend=legend,
            labels=labels, title=_title(title, union.graph), merge_pairs=merge_pairs,
            caption=_caption(union, step=step) if caption else None,
        )  # fmt: skip


def panel_step(
    timeline: Timeline,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    width: int | str | None = None,
    max_panels: int = MAX_PANELS,
) -> str:
    """The finest calendar step that draws ``start..end`` in at most ``max_panels`` panels.

    Examples
    --------
    >>> import relgraph
    >>> tl = relgraph.Timeline(relgraph.parse_relations("actors: []"))
    >>> panel_step(tl, "2023-10", "2024-05"), panel_step(tl, "2001", "2024")
    ('month', 'year')
    """
    from relgraph.timeline import STEPS

    first, last = _range(timeline, start, end)
    for step in STEPS:
        periods = _periods(timeline, first, last, step, width, max_panels)
        if periods is not None and len(periods) <= max_panels:
            return step
    return STEPS[-1]


#: The longest period of each step, in days.
_LONGEST = {"day": 1, "week": 7, "month": 31, "quarter": 92, "year": 366, "decade": 3653}


def _range(
    timeline: Timeline, start: dt.date | str | None, end: dt.date | str | None
) -> tuple[dt.date, dt.date]:
    # the timeline's own bounds (its defaults, partial dates), from its decades: at most 1,000
    decades = timeline.periods(start, end, "decade")
    if not decades:
        raise QueryError("no period to draw: the timeline is empty over the requested dates")
    return decades[0].start, decades[-1].end


def _periods(
    timeline: Timeline,
    first: dt.date,
    last: dt.date,
    step: str,
    width: int | str | None,
    max_panels: int,
) -> list[Any] | None:
    """The periods of ``step``, or None when there are surely more than ``max_panels``.

    A long range (past :data:`relgraph.timeline.MAX_PERIODS` days) with more than
    ``max_panels`` of the step's longest periods is refused without listing them, so that
    ``--step day`` over ten thousand years answers at once; a shorter one is listed, to say
    how many panels it would take.
    """
    from relgraph.timeline import MAX_PERIODS

    longest = _LONGEST.get(step)
    days = (last - first).days + 1
    if longest is not None and days > max(max_panels * longest, MAX_PERIODS):
        return None
    return list(timeline.periods(first, last, step, width, max_periods=max(max_panels, days)))


def _check_grid(count: int, cols: int, size: tuple[float, float] | None) -> None:
    # before any panel is sliced: the figure's own checks come again once its legend is known
    cols = min(cols, count)
    rows = math.ceil(count / cols)
    width, height = size or (cols * 2.4, rows * 2.4)
    _check_inches(count, cols, width, height)
    if width / cols < 0.6 or height / rows < 0.8:
        raise QueryError(
            f"the figure ({width:g}x{height:g} inches) is too small for {count} panel(s): "
            "make it larger (size, --size), use fewer panels or leave the legend out"
        )


def _check_inches(count: int, cols: int, width: float, height: float) -> None:
    if max(width, height) > _MAX_INCHES:
        raise QueryError(
            f"{count} panel(s) in {cols} column(s) would need a figure of {width:.0f}x"
            f"{height:.0f} inches, more than {_MAX_INCHES:g} a side: draw fewer panels (a "
            "coarser step or a shorter period) or more columns"
        )


def _check_edges(count: int, limit: int) -> None:
    if count > limit:
        raise OutputError(
            f"the figure would draw {count:,} stances or more, more than the limit of {limit:,} "
            "(max_edges; --max-edges on the command line): narrow the dates or filter the "
            "stances, or raise the limit"
        )


def _check_labels(labels: str) -> None:
    if labels not in ("all", "auto", "none"):
        raise QueryError(f"labels must be all, auto or none (got {labels!r})")


# -- composing a figure ------------------------------------------------------------------------


def _compose(
    panels: Sequence[tuple[str | None, StanceGraph]],
    positions: Positions,
    *,
    size: tuple[float, float] | None,
    cols: int,
    legend: bool,
    labels: Labels,
    title: str,
    caption: str | None,
    merge_pairs: bool | None,
) -> Figure:
    from relgraph.plot._mpl import new_figure

    count = len(panels)
    cols = min(cols, count)
    rows = math.ceil(count / cols)
    single = count == 1 and panels[0][0] is None
    panel_title = 0.0 if single else 0.2
    figure = new_figure(size or (7.0, 5.0))
    renderer = _renderer(figure)

    # The legend needs every panel's encodings; a first pass finds them without drawing.
    seen = _Seen()
    for _, graph in panels:
        seen.update(_encodings(graph, _merging(graph, merge_pairs)))
    handles = _legend_handles(seen) if legend else ([], [])
    artist = _legend(figure, handles)
    legend_width, legend_height = _extent(figure, renderer, artist)
    if size is None and not single:
        size = (cols * 2.4 + legend_width + 0.3, rows * (2.2 + panel_title) + 0.5)
        figure.set_size_inches(size)
    width, height = figure.get_size_inches()
    _check_inches(count, cols, width, height)

    top = _MARGIN
    if title:
        room = width - 2 * _MARGIN
        corner = (_MARGIN, height - _MARGIN)
        top += _fit_text(figure, renderer, title, 11.0, room, corner, gid="title") + 0.08
    bottom = _MARGIN
    if caption:
        bottom += _caption_text(figure, renderer, caption, width - 2 * _MARGIN) + 0.05
    if artist is not None:
        if legend_height > height - top - bottom:  # a tall legend goes in two columns
            artist.remove()
            artist = _legend(figure, handles, ncols=2)
            legend_width, legend_height = _extent(figure, renderer, artist)
        if legend_height > height - top - bottom:
            raise QueryError(
                f"the figure ({width:g}x{height:g} inches) is too small for its legend: "
                "make it larger (size, --size) or leave the legend out (--no-legend)"
            )
        assert artist is not None
        artist.set_bbox_to_anchor(
            (1 - _MARGIN / width, 1 - top / height), transform=figure.transFigure
        )
    area_width = width - 2 * _MARGIN - (legend_width + 0.15 if artist is not None else 0.0)
    area_height = height - top - bottom
    cell_width, cell_height = area_width / cols, area_height / rows
    frame_width, frame_height = cell_width - 0.06, cell_height - panel_title - 0.06
    if frame_width < 0.5 or frame_height < 0.5:
        raise QueryError(
            f"the figure ({width:g}x{height:g} inches) is too small for {count} panel(s)"
            + (" and its legend" if artist is not None else "")
            + ": make it larger (size, --size), use fewer panels or leave the legend out"
        )
    fit = _fit(positions, [g for _, g in panels], frame_width, frame_height)
    drawn = _Seen()
    for index, (name, graph) in enumerate(panels):
        row, col = divmod(index, cols)
        left = _MARGIN + col * cell_width + 0.03
        top_edge = height - top - row * cell_height
        ax = figure.add_axes(
            (left / width, (top_edge - panel_title - 0.03 - frame_height) / height,
             frame_width / width, frame_height / height)
        )  # fmt: skip
        if name is not None:
            _fit_text(figure, renderer, name, 8.5, cell_width - 0.06, (left, top_edge - 0.02),
                      gid=f"panel-{index + 1}", bold=False)  # fmt: skip
        prefix = "" if single else f"{index + 1}-"
        merged = _merging(graph, merge_pairs)
        drawn.update(_draw(ax, graph, positions, fit, labels, renderer, prefix, merged))
    figure.relgraph_omitted_labels = drawn.omitted  # type: ignore[attr-defined]
    return figure


def _legend(owner: Figure | Axes, handles: tuple[list[Any], list[str]], *, ncols: int = 1) -> Any:
    """The legend of ``handles``: at the top right of a figure, or to the right of axes."""
    from matplotlib.axes import Axes

    from relgraph.plot._mpl import Key, KeyHandler

    if not handles[0]:
        return None
    if isinstance(owner, Axes):
        placing: dict[str, Any] = {"loc": "upper left", "bbox_to_anchor": (1.0, 1.0)}
    else:
        placing = {"loc": "upper right", "borderaxespad": 0.0}
    artist = owner.legend(*handles, frameon=False, fontsize=_LEGEND_FONT, handlelength=2.6,
                          handler_map={Key: KeyHandler()}, ncols=ncols, **placing)  # fmt: skip
    artist.set_gid("legend")
    _bold_headings(artist)
    return artist


def _extent(figure: Figure, renderer: Any, artist: Any) -> tuple[float, float]:
    if artist is None:
        return 0.0, 0.0
    box = artist.get_window_extent(renderer)
    return float(box.width / figure.dpi), float(box.height / figure.dpi)


def _into_axes(
    graph: StanceGraph, ax: Axes, positions: Positions, legend: bool, labels: Labels,
    title: str | None, merge_pairs: bool | None,
) -> Figure:  # fmt: skip
    figure = ax.get_figure(root=True)
    assert figure is not None  # axes always belong to a figure
    renderer = _renderer(figure)
    box = ax.get_position()
    width, height = figure.get_size_inches()
    fit = _fit(positions, [graph], box.width * width, box.height * height)
    merged = _merging(graph, merge_pairs)
    seen = _draw(ax, graph, positions, fit, labels, renderer, "", merged)
    if legend:
        _legend(ax, _legend_handles(seen))
    heading = _title(title, graph.graph)
    if heading:
        ax.set_title(heading, loc="left", fontsize=10)
    figure.relgraph_omitted_labels = seen.omitted  # type: ignore[attr-defined]
    return figure


def _renderer(figure: Figure) -> Any:
    canvas = figure.canvas
    if hasattr(canvas, "get_renderer"):
        return canvas.get_renderer()
    from matplotlib.backends.backend_agg import RendererAgg

    width, height = figure.get_size_inches() * figure.dpi
    return RendererAgg(int(width), int(height), figure.dpi)  # type: ignore[no-untyped-call]


def _fit(positions: Positions, graphs: Sequence[StanceGraph], width: float, height: float) -> _Fit:
    nodes = {node for graph in graphs for node in graph.nodes}
    points = [positions[node] for node in nodes]
    if not points:
        return _Fit(1.0, 0.0, 0.0, width, height)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    margin = _max_radius(len(nodes), width, height) + 0.04
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    scales = [(width - 2 * margin) / span_x if span_x > 0 else math.inf,
              (height - 2 * margin) / span_y if span_y > 0 else math.inf]  # fmt: skip
    scale = min(scales)
    if not math.isfinite(scale) or scale <= 0:
        scale = 1 / 72
    return _Fit(scale, (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2, width, height)


def _crowding(count: int, width: float, height: float, largest: float = MIN_NODE_SIZE) -> float:
    # node sizes shrink (never grow) so that the largest actor takes at most about a fifth of
    # an actor's share of the room, and the smallest at most a third
    spacing = math.sqrt(width * height / max(count, 1)) * 72
    return min(
        1.0,
        0.33 * spacing / (MIN_NODE_SIZE * FIGURE_SCALE),
        0.2 * spacing / (largest * FIGURE_SCALE),
    )


def _max_radius(count: int, width: float, height: float) -> float:
    return node_size(10**6) * FIGURE_SCALE * _crowding(count, width, height) / 72


# -- drawing one slice -------------------------------------------------------------------------


def _merging(graph: StanceGraph, merge_pairs: bool | None) -> StanceGraph | None:
    """The graph of merged lines, one per ordered pair, when the picture merges its pairs."""
    import networkx as nx

    if merge_pairs is False or (merge_pairs is None and graph.number_of_edges() <= MERGE_AUTO):
        return None
    members: dict[tuple[Any, Any], list[tuple[Any, dict[str, Any]]]] = defaultdict(list)
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        members[(u, v)].append((key, attrs))
    merged: StanceGraph = nx.MultiDiGraph()
    merged.add_nodes_from(graph.nodes)
    for (u, v), items in members.items():
        modalities = {str(a.get("modality") or "actual") for _, a in items}
        merged.add_edge(
            u, v, key=f"{u}>{v}",
            valence=sum(float(a.get("valence") or 0.0) for _, a in items) / len(items),
            modality=modalities.pop() if len(modalities) == 1 else "actual",
            mutual=all(bool(a.get("mutual")) for _, a in items),
            certain=not all(a.get("certain") is False for _, a in items),
            count=len(items), members=[key for key, _ in items],
        )  # fmt: skip
    return merged


def _encodings(graph: StanceGraph, merged: StanceGraph | None = None) -> _Seen:
    seen = _Seen()
    lines = graph if merged is None else merged
    for _, _, attrs in lines.edges(data=True):
        if "count" in attrs:
            seen.merged.add(int(attrs["count"]))
        seen.valences.append(float(attrs.get("valence") or 0.0))
        seen.modalities.add(str(attrs.get("modality") or "actual"))
        if attrs.get("mutual"):
            seen.mutual = True
        else:
            seen.directed = True
        if attrs.get("certain") is False:
            seen.uncertain = True
    offsets = parallel_offsets(lines.edges(keys=True))
    seen.curves = any(offset != 0 for offset in offsets.values())
    seen.kinds = {str(attrs.get("kind") or "other") for _, attrs in graph.nodes(data=True)}
    seen.sizes = {node_size(graph.degree(node)) for node in graph.nodes}
    return seen


@dataclass
class _Scene:
    """A slice drawn into its axes: where each actor stands and its radius, in inches;
    ``prefix`` starts the SVG ids of a panel's artists (``2-ties``), empty in a single picture."""

    ax: Axes
    graph: StanceGraph
    where: dict[Any, tuple[float, float]]
    radius: dict[Any, float]
    prefix: str


def _draw(
    ax: Axes,
    graph: StanceGraph,
    positions: Positions,
    fit: _Fit,
    labels: Labels,
    renderer: Any,
    prefix: str,
    merged: StanceGraph | None = None,
) -> _Seen:
    ax.set_xlim(0, fit.width)
    ax.set_ylim(0, fit.height)
    ax.set_axis_off()
    seen = _encodings(graph, merged)
    largest = max((node_size(d) for _, d in graph.degree()), default=MIN_NODE_SIZE)
    crowding = _crowding(graph.number_of_nodes(), fit.width, fit.height, largest)
    scale = FIGURE_SCALE * crowding / 72
    scene = _Scene(
        ax, graph, {node: fit(positions[node]) for node in graph.nodes},
        {node: node_size(graph.degree(node)) * scale for node in graph.nodes}, prefix,
    )  # fmt: skip
    _draw_ties(scene, graph if merged is None else merged, max(0.4, crowding))
    _draw_actors(scene)
    seen.omitted = _draw_labels(scene, fit, labels, renderer)
    return seen


def _draw_ties(scene: _Scene, lines: StanceGraph, thinning: float) -> None:
    """Each stance (or merged pair) in ``lines`` as a straight or bent line with its head."""
    import numpy as np
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_rgba
    from matplotlib.path import Path

    ax, where, radius, prefix = scene.ax, scene.where, scene.radius, scene.prefix
    edges = list(lines.edges(keys=True, data=True))
    if not edges:
        return
    offsets = parallel_offsets((u, v, k) for u, v, k, _ in edges)
    count = len(edges)
    source = np.array([where[u] for u, _, _, _ in edges], dtype=float)
    target = np.array([where[v] for _, v, _, _ in edges], dtype=float)
    bend = np.array([offsets[(u, v, k)] for u, v, k, _ in edges], dtype=float)
    valence = np.array([float(a.get("valence") or 0.0) for *_, a in edges], dtype=float)
    mutual = np.array([bool(a.get("mutual")) for *_, a in edges], dtype=bool)
    uncertain = np.array([a.get("certain") is False for *_, a in edges], dtype=bool)
    r_source = np.array([radius[u] for u, _, _, _ in edges], dtype=float)
    r_target = np.array([radius[v] for _, v, _, _ in edges], dtype=float)
    widths = [
        merged_width(int(a["count"])) if "count" in a else edge_width(v)
        for v, (*_, a) in zip(valence, edges, strict=True)
    ]
    width_pt = np.array(widths) * FIGURE_SCALE * thinning

    delta = target - source
    length = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-9)
    # the right of each tie's own direction, as the page's clockwise curves bend
    normal = np.stack([delta[:, 1], -delta[:, 0]], axis=1) / length[:, None]
    control = (source + target) / 2 + normal * (bend * length)[:, None]
    out = _unit(control - source)
    into = _unit(target - control)
    start = source + out * r_source[:, None]
    tip = target - into * r_target[:, None]
    head = (2.0 + 1.8 * width_pt) / 72
    end = np.where(mutual[:, None], tip, tip - into * (head * 0.8)[:, None])
    middle = 0.25 * start + 0.5 * control + 0.25 * end

    paths = []
    for i, (u, v, _, _) in enumerate(edges):
        if u == v:  # a self-loop (the data forbids them; a hand-made graph may have one)
            x, y = where[u]
            paths.append(Path.circle((x, y + radius[u] * 1.6), radius[u] * 0.9))
            middle[i] = (x, y + radius[u] * 2.5)
        elif bend[i] == 0:
            paths.append(Path([start[i], end[i]], [Path.MOVETO, Path.LINETO]))
        else:
            paths.append(
                Path([start[i], control[i], end[i]], [Path.MOVETO, Path.CURVE3, Path.CURVE3])
            )
    colours = [
        to_rgba(valence_colour(v), UNCERTAIN_OPACITY if weak else 1.0)
        for v, weak in zip(valence, uncertain, strict=True)
    ]
    styles: list[Any] = []
    for (*_, attrs), lw in zip(edges, width_pt, strict=True):
        dash = DASHES.get(str(attrs.get("modality") or "actual"))
        # dash lengths in points (matplotlib multiplies them by the line width)
        styles.append("solid" if dash is None else (0, [d * FIGURE_SCALE / lw for d in dash]))
    ties = PathCollection(
        paths, facecolors="none", edgecolors=colours, linewidths=width_pt, linestyles=styles,
        capstyle="butt", zorder=1, clip_on=False,
    )  # fmt: skip
    ties.set_gid(f"{prefix}ties")
    ax.add_collection(ties, autolim=False)

    directed = [i for i in range(count) if not mutual[i] and edges[i][0] != edges[i][1]]
    if directed:
        heads = []
        for i in directed:
            base = tip[i] - into[i] * head[i]
            side = np.array([into[i][1], -into[i][0]]) * head[i] * 0.45
            heads.append(Path([tip[i], base + side, base - side, tip[i]], closed=True))
        arrows = PathCollection(
            heads, facecolors=[colours[i] for i in directed], edgecolors="none", zorder=2,
            clip_on=False,
        )  # fmt: skip
        arrows.set_gid(f"{prefix}arrowheads")
        ax.add_collection(arrows, autolim=False)
    weak = [i for i in range(count) if uncertain[i]]
    if weak:
        dots = ax.scatter(
            middle[weak, 0], middle[weak, 1], s=[(2.0 + 1.2 * w) ** 2 for w in width_pt[weak]],
            c=[valence_colour(valence[i]) for i in weak], linewidths=0, zorder=2,
            clip_on=False,
        )  # fmt: skip
        dots.set_gid(f"{prefix}uncertain")


def _unit(vectors: Any) -> Any:
    import numpy as np

    length = np.maximum(np.hypot(vectors[:, 0], vectors[:, 1]), 1e-12)
    return vectors / length[:, None]


def _draw_actors(scene: _Scene) -> None:
    ax, graph, where, radius = scene.ax, scene.graph, scene.where, scene.radius
    by_kind: dict[str, list[Any]] = defaultdict(list)
    for node, attrs in graph.nodes(data=True):
        by_kind[str(attrs.get("kind") or "other")].append(node)
    for kind in sorted(by_kind, key=lambda k: list(MARKERS).index(k) if k in MARKERS else 99):
        nodes = by_kind[kind]
        marker = MARKERS.get(kind, "h")
        # a marker's size is its area in points²; stars and triangles look smaller: enlarge
        grow = 1.5 if marker in ("*", "^") else 1.0
        actors = ax.scatter(
            [where[n][0] for n in nodes], [where[n][1] for n in nodes],
            s=[(2 * radius[n] * 72) ** 2 * grow for n in nodes], marker=marker,
            facecolors=NODE_COLOUR["background"], edgecolors=NODE_COLOUR["border"],
            linewidths=0.8, zorder=3, clip_on=False,
        )  # fmt: skip
        actors.set_gid(f"{scene.prefix}actors-{kind}")


# -- labels ------------------------------------------------------------------------------------

# Places around an actor, in order of preference: right, left, above, below, the diagonals.
_PLACES = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))


class _Grid:
    """Boxes (x0, y0, x1, y1) in a uniform grid, so a collision check looks only nearby."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = defaultdict(list)

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        c = self.cell
        return [
            (i, j)
            for i in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1)
            for j in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1)
        ]

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells[key].append(box)

    def hits(self, box: Box) -> bool:
        return any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
            for key in self._keys(box)
            for other in self.cells.get(key, ())
        )


def _draw_labels(scene: _Scene, fit: _Fit, labels: Labels, renderer: Any) -> int:
    ax, graph, where, radius, prefix = (
        scene.ax, scene.graph, scene.where, scene.radius, scene.prefix
    )  # fmt: skip
    panel = bool(prefix)  # a panel of small multiples, not a single picture
    font = _PANEL_NAME_FONT if panel else _NAME_FONT
    if labels == "none" or graph.number_of_nodes() == 0:
        return 0
    ranked = sorted(
        graph.nodes,
        key=lambda n: (-graph.degree(n), str(graph.nodes[n].get("name") or n), str(n)),
    )
    if labels == "auto" and panel:
        # a small panel names the actors with ties in its step; the others stay where the
        # neighbouring panels name them
        ranked = [n for n in ranked if graph.degree(n) > 0]
    every = labels == "all" or len(ranked) <= LABEL_ALL_UP_TO
    if not every:
        room = max(10, int(fit.width * fit.height * 2))
        ranked = [n for n in ranked[:room] if graph.degree(n) > 0]
    dpi = ax.figure.dpi
    placed = _Grid(0.25)
    actors = _Grid(0.25)
    for node in graph.nodes:
        x, y = where[node]
        r = radius[node]
        actors.add((x - r, y - r, x + r, y + r))
    omitted = 0
    for index, node in enumerate(ranked):
        name = str(graph.nodes[node].get("name") or node)
        text = ax.text(0, 0, name, fontsize=font, ha="center", va="center", color="#1f2328",
                       zorder=4, parse_math=False, gid=f"{prefix}label-{index}",
                       bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "alpha": 0.75,
                             "edgecolor": "none"})  # fmt: skip
        box = None
        # a long name that finds no spot on one line is tried again on two
        for shown in (name, _two_lines(name)):
            if shown is None:
                continue
            text.set_text(shown)
            extent = text.get_window_extent(renderer)
            w, h = extent.width / dpi + 2 * _PAD, extent.height / dpi + 2 * _PAD
            box = _place(where[node], radius[node], w, h, fit, placed, actors)
            if box is not None:
                break
        if box is None:
            text.remove()
            omitted += 1
            continue
        placed.add(box)
        text.set_position(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2))
        _leader(ax, where[node], radius[node], box)
    return omitted if every else 0


def _leader(ax: Axes, point: tuple[float, float], r: float, box: Box) -> None:
    # a label set apart from its actor gets a hairline from the actor's edge to the label
    x, y = point
    nearest = (min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3]))
    dx, dy = nearest[0] - x, nearest[1] - y
    gap = math.hypot(dx, dy)
    if gap <= r + 2 * _GAP + _PAD:
        return
    start = (x + dx / gap * r, y + dy / gap * r)
    ax.plot([start[0], nearest[0]], [start[1], nearest[1]], color="#8c8c8c", lw=0.5,
            zorder=3.5, solid_capstyle="butt")  # fmt: skip


def _two_lines(name: str) -> str | None:
    # break at the space nearest the middle; None when there is none
    spaces = [i for i, c in enumerate(name) if c == " "]
    if len(name) < 12 or not spaces:
        return None
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return name[:cut] + "\n" + name[cut + 1 :]


def _place(
    point: tuple[float, float],
    r: float,
    w: float,
    h: float,
    fit: _Fit,
    placed: _Grid,
    actors: _Grid,
) -> Box | None:
    x, y = point
    candidates = []
    for ring in (0.0, h, 2 * h):
        for dx, dy in _PLACES:
            reach = r + _GAP + ring
            if dx and dy:
                reach *= 0.75
            cx = x + dx * (reach + w / 2)
            cy = y + dy * (reach + h / 2)
            shifts = (0.0, w / 2 - r, r - w / 2) if dx == 0 else (0.0,)
            for shift in shifts:  # above and below: centred, or running right or left
                left = cx + shift - w / 2
                candidates.append((left, cy - h / 2, left + w, cy + h / 2))
    inside = [
        box
        for box in candidates
        if box[0] >= 0 and box[1] >= 0 and box[2] <= fit.width and box[3] <= fit.height
    ]
    # first a spot clear of other actors too, then any spot clear of other labels
    for box in inside:
        if not placed.hits(box) and not actors.hits(box):
            return box
    for box in inside:
        if not placed.hits(box):
            return box
    return None


# -- legend ------------------------------------------------------------------------------------


def _legend_handles(seen: _Seen) -> tuple[list[Any], list[str]]:
    from matplotlib.lines import Line2D

    from relgraph.plot._mpl import Key, arrow_key, curves_key, dot_key

    handles: list[Any] = []
    texts: list[str] = []

    def heading(text: str) -> None:
        handles.append(Line2D([], [], linestyle="none"))
        texts.append(text)

    neutral = NODE_COLOUR["border"]
    if seen.valences:
        low, high = min(seen.valences), max(seen.valences)
        heading("Valence: colour and width" if not seen.merged else "Valence: colour (mean)")
        for value, text in VALENCE_LEGEND:
            if low - 0.25 <= value <= high + 0.25:
                width = edge_width(value) * FIGURE_SCALE if not seen.merged else 1.5
                handles.append(Line2D([], [], color=valence_colour(value), lw=width))
                texts.append(text)
    if seen.merged:
        heading("Merged pairs")
        handles.append(Line2D([], [], linestyle="none"))
        texts.append(MERGED_LEGEND)
        most = max(seen.merged)
        counts = sorted({c for c in (1, 3, 10) if c <= most} | {min(most, 10)})
        for count in counts:
            width = merged_width(count) * FIGURE_SCALE
            handles.append(Line2D([], [], color=neutral, lw=width))
            plus = "+" if count == 10 and most > 10 else ""
            texts.append(f"{count}{plus} stance{'s' if count > 1 else ''}")
    if seen.modalities:
        heading("Line style: modality")
        for modality, text in MODALITY_LEGEND.items():
            if modality in seen.modalities:
                dash = DASHES.get(modality)
                style: Any = "solid" if dash is None else (0, [d * FIGURE_SCALE for d in dash])
                handles.append(Line2D([], [], color=neutral, lw=1.0, linestyle=style))
                texts.append(text)
    if seen.directed or seen.mutual or seen.uncertain or seen.curves:
        heading("Ties")
    if seen.directed:
        handles.append(Key(neutral, arrow_key))
        texts.append(DIRECTION_LEGEND["directed"])
    if seen.mutual:
        handles.append(Line2D([], [], color=neutral, lw=1.5))
        texts.append(DIRECTION_LEGEND["mutual"])
    if seen.uncertain:
        handles.append(Key(neutral, dot_key))
        texts.append(UNCERTAIN_LEGEND)
    if seen.curves:
        handles.append(Key(neutral, curves_key))
        texts.append(CURVES_LEGEND)
    kinds = [k for k in MARKERS if k in seen.kinds] + sorted(seen.kinds - set(MARKERS))
    if kinds:
        heading("Actors: shape by kind")
        for kind in kinds:
            handles.append(Line2D([], [], linestyle="none", marker=MARKERS.get(kind, "h"),
                                  markersize=7, markerfacecolor=NODE_COLOUR["background"],
                                  markeredgecolor=NODE_COLOUR["border"]))  # fmt: skip
            texts.append(KIND_LEGEND.get(kind, kind.replace("_", " ")))
        if len(seen.sizes) > 1:
            handles.append(Line2D([], [], linestyle="none"))
            texts.append(SIZE_LEGEND)
    return handles, [textwrap.fill(text, 34) for text in texts]


def _bold_headings(artist: Any) -> None:
    for handle, text in zip(artist.legend_handles, artist.get_texts(), strict=True):
        blank = getattr(handle, "get_linestyle", lambda: "")() in ("none", "None") and (
            getattr(handle, "get_marker", lambda: "")() in ("None", "none", None, "")
        )
        if blank and text.get_text() not in (SIZE_LEGEND, textwrap.fill(MERGED_LEGEND, 34)):
            text.set_fontweight("bold")


# -- words -------------------------------------------------------------------------------------


def _period_title(period: Any) -> str:
    title = getattr(period, "title", None)
    return str(title) if title else str(period.label)


def _title(title: str | None, meta: Mapping[str, Any]) -> str:
    # the title given, or by default the file's title and the slice's dates
    if title is not None:
        return title
    parts = [str(meta["title"])] if meta.get("title") else []
    period = meta.get("period")
    if period is not None:
        parts.append(_period_title(period))
    return " \u00b7 ".join(parts)


def _caption(graph: StanceGraph, **extra: Any) -> str:
    """The provenance line, from the record every export and page carries."""
    from relgraph.records import provenance

    record = provenance(graph, **extra)
    parts = [f"relgraph {record['relgraph_version']}"]
    if record.get("source"):
        parts.append(os.path.basename(str(record["source"])))
    if record.get("sha256"):
        parts.append(f"SHA-256 {str(record['sha256'])[:16]}")
    slice_ = record.get("slice")
    if isinstance(slice_, Mapping) and slice_:
        parts.append(", ".join(f"{k} {v}" for k, v in slice_.items()))
    if record.get("step"):
        parts.append(f"one panel per {record['step']}")
    filters = record.get("filters")
    if isinstance(filters, Mapping):
        shown = {k: v for k, v in filters.items() if v not in (None, False, [], ())}
        if shown:
            parts.append("filters: " + "; ".join(f"{k}={_plain(v)}" for k, v in shown.items()))
    for key in ("dropped", "merged"):
        if record.get(key):
            parts.append(f"roll-up {key} {record[key]}")
    return " \u00b7 ".join(parts)


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(map(str, value))
    return str(value)


def _fit_text(
    figure: Figure,
    renderer: Any,
    text: str,
    size: float,
    room: float,
    at: tuple[float, float],
    *,
    gid: str,
    bold: bool = True,
) -> float:
    """A one-line text at the top left, shrunk (then cut with an ellipsis) to fit ``room``."""
    width, height = figure.get_size_inches()
    artist = figure.text(at[0] / width, at[1] / height, text, ha="left", va="top",
                         fontsize=size, fontweight="bold" if bold else "normal", gid=gid,
                         parse_math=False)  # fmt: skip
    extent = artist.get_window_extent(renderer)
    while extent.width / figure.dpi > room and float(artist.get_fontsize()) > min(7, size):
        artist.set_fontsize(float(artist.get_fontsize()) - 0.5)
        extent = artist.get_window_extent(renderer)
    shown = text
    while extent.width / figure.dpi > room and len(shown) > 1:
        shown = shown[: max(1, int(len(shown) * room * figure.dpi / extent.width) - 1)]
        artist.set_text(shown + "\u2026")
        extent = artist.get_window_extent(renderer)
    return float(extent.height / figure.dpi)


def _caption_text(figure: Figure, renderer: Any, text: str, room: float) -> float:
    """The provenance line at the bottom left, wrapped at its separators to fit ``room``."""
    width, height = figure.get_size_inches()
    artist = figure.text(_MARGIN / width, _MARGIN / height, text, ha="left", va="bottom",
                         fontsize=6.5, color="#555555", gid="caption",
                         parse_math=False)  # fmt: skip
    parts = text.split(" \u00b7 ")
    lines: list[str] = []
    for part in parts:
        candidate = f"{lines[-1]} \u00b7 {part}" if lines else part
        artist.set_text(candidate)
        if lines and artist.get_window_extent(renderer).width / figure.dpi > room:
            lines.append(part)
        elif lines:
            lines[-1] = candidate
        else:
            lines.append(part)
    # a part longer than the room is cut, so nothing leaves the canvas
    fitted = []
    for line in lines:
        artist.set_text(line)
        while artist.get_window_extent(renderer).width / figure.dpi > room and len(line) > 1:
            line = line[:-2]
            artist.set_text(line + "\u2026")
        fitted.append(artist.get_text())
    artist.set_text("\n".join(fitted))
    return float(artist.get_window_extent(renderer).height / figure.dpi)
