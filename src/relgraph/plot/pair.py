"""A pair's stances over time: one panel per direction, each stance a segment at its valence.

Colour is never the only cue: valence is the height of a segment (and its colour, from the
palette pages and figures share, :mod:`relgraph.style`), modality is the line style (solid
actual, dashed considered, dotted threatened), an approximate or uncertain date is a hollow end
marker, and a stance still in force ends in an arrow head. Stances at the same valence at the
same time are moved apart in lanes that never leave their valence's neighbourhood, so a
cooperative stance is never drawn in the hostile half.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from relgraph.dates import parse_period
from relgraph.errors import QueryError
from relgraph.style import DASHES, FIGURE_SCALE, MODALITY_LEGEND, valence_colour

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from relgraph.model import Edge
    from relgraph.timeline import Timeline

__all__ = ["plot_pair"]

_DEFAULT_MONTHS = 6
_FONT = 8.5
_LINE = 2.5
_LABEL_HEIGHT = 0.14  # valence units: one 8.5 pt line on a panel about 2.3 inches tall
_AXES_INCHES = 8.3  # about the width of a panel, to estimate label widths
_MAX_LABELS = 60  # per panel: past this, labels would bury the lines they name
_BUCKET = 0.05  # stances within one bucket of valence share lanes
_BAND = 0.1  # how far lanes may move a stance from its valence
_LANE = 0.04  # the gap between lanes while the band allows it
_GREY = "#4d4d4d"


def linestyle(modality: str) -> Any:
    """The matplotlib line style of a modality, from the page's dashes in points."""
    dash = DASHES.get(modality)
    if dash is None:
        return "-"
    return (0, tuple(d * FIGURE_SCALE * 2 / _LINE for d in dash))


@dataclass
class _Segment:
    edge: Edge
    x0: float  # matplotlib date numbers; x1 is the end of the last day
    x1: float
    y: float = 0.0


def plot_pair(
    timeline: Timeline,
    actor: str,
    target: str,
    *,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
) -> Figure:
    """Draw every stance between two actors over time, one panel per direction.

    Each stance is a horizontal segment at its valence from its first to its last day; one
    still in force runs to ``end`` and ends in an arrow head, one that began before ``start``
    enters from the left edge with its start date in its label. A mutual stance appears in
    both panels. Save the figure with :func:`relgraph.save_figure`.

    Parameters
    ----------
    timeline : relgraph.Timeline
        The timeline (its filters apply).
    actor, target : str
        The two actors (ids, names or aliases).
    start, end : datetime.date or str, optional
        The days shown (inclusive; partial dates cover their period). Default: from six
        months before the pair's latest stance began to the last day of the data.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels, one per direction: ``actor`` to ``target`` first.

    Raises
    ------
    QueryError
        When an actor is unknown, both are the same, or the period is not valid.

    Examples
    --------
    >>> import relgraph
    >>> tl = relgraph.Timeline(relgraph.parse_relations('''
    ... actors: [{id: EGY, name: Egypt, kind: state}, {id: ISR, name: Israel, kind: state}]
    ... stances: [{actor: EGY, target: ISR, kind: alliance, valence: 1, mutual: true, start: 2024}]
    ... '''))
    >>> [ax.get_title(loc="left") for ax in plot_pair(tl, "Egypt", "ISR").axes]
    ['Egypt → Israel', 'Israel → Egypt']
    """
    from relgraph.plot._mpl import drawing

    with drawing():
        return _plot_pair(timeline, actor, target, start, end)


def _plot_pair(
    timeline: Timeline,
    actor: str,
    target: str,
    start: dt.date | str | None,
    end: dt.date | str | None,
) -> Figure:
    from matplotlib.lines import Line2D

    from relgraph.plot._mpl import date_axis, new_figure

    first_id, second_id = timeline.resolve_actor(actor), timeline.resolve_actor(target)
    if first_id == second_id:
        raise QueryError(f"actor and target are the same ({first_id}); name two actors")
    edges = timeline.history(first_id, second_id)
    names = {a.id: a.name for a in timeline.relations.actors}
    last = parse_period(end, what="end")[1] if end is not None else timeline.span[1]
    if start is not None:
        first = parse_period(start, what="start")[0]
    elif edges:
        latest = max(e.start_day for e in edges)
        first = max(min(e.start_day for e in edges), _months_before(latest, _DEFAULT_MONTHS))
    else:
        first = _months_before(last, _DEFAULT_MONTHS)
    if last < first:
        raise QueryError(f"the period ends ({last}) before it starts ({first})")

    figure = new_figure((9.5, 7.0))
    figure.set_layout_engine("constrained")
    axes = figure.subplots(2, 1, sharex=True)
    directions = [(first_id, second_id), (second_id, first_id)]
    for ax, (source, sink) in zip(axes, directions, strict=True):
        shown = [
            e
            for e in edges
            if (e.actor, e.target) == (source, sink) or (e.stance.mutual and e.target == source)
        ]
        _draw_direction(ax, shown, first, last)
        ax.set_title(f"{names[source]} \u2192 {names[sink]}", loc="left", fontsize=11)
    date_axis(axes[-1], first, last)
    figure.suptitle(f"{names[first_id]} \u2013 {names[second_id]}: stances over time",
                    fontsize=13, x=0.01, ha="left")  # fmt: skip
    black = "#000000"
    handles = [
        Line2D([], [], color=black, linestyle=linestyle(m), lw=_LINE, label=MODALITY_LEGEND[m])
        for m in MODALITY_LEGEND
    ] + [
        Line2D([], [], color=valence_colour(1.0), lw=6, label="cooperative (> 0)"),
        Line2D([], [], color=valence_colour(-1.0), lw=6, label="hostile (< 0)"),
        Line2D([], [], color=black, marker="o", linestyle="", label="exact date"),
        Line2D([], [], color=black, marker="o", markerfacecolor="white", linestyle="",
               label="approximate / uncertain date"),
        Line2D([], [], color=black, marker=">", linestyle="", label="still in force"),
    ]  # fmt: skip
    figure.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=8.5,
                  frameon=False)  # fmt: skip
    return figure


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    if index < 12:  # before year 1: start at the calendar's first day
        return dt.date.min
    return dt.date(index // 12, index % 12 + 1, 1)


def _overlaps(edge: Edge, first: dt.date, last: dt.date) -> bool:
    return edge.start_day <= last and (edge.end_day is None or edge.end_day >= first)


def _lanes(segments: Sequence[_Segment]) -> None:
    """Move segments that overlap in time at about the same valence apart, in O(n log n).

    Each group of segments within one bucket of valence is split into lanes (interval
    partitioning: a lane is reused once its last segment has ended); lanes step toward zero
    from the valence, at most ``_BAND`` away and never across zero.
    """
    groups: dict[int, list[_Segment]] = defaultdict(list)
    for segment in segments:
        groups[round(segment.edge.stance.valence / _BUCKET)].append(segment)
    for group in groups.values():
        group.sort(key=lambda s: (s.x0, s.x1))
        busy: list[tuple[float, int]] = []  # (x1, lane) of the lanes in use
        free: list[int] = []
        lane_of: list[int] = []
        for segment in group:
            while busy and busy[0][0] <= segment.x0:
                heapq.heappush(free, heapq.heappop(busy)[1])
            lane = heapq.heappop(free) if free else len(busy)
            heapq.heappush(busy, (segment.x1, lane))
            lane_of.append(lane)
        count = max(lane_of) + 1
        for segment, lane in zip(group, lane_of, strict=True):
            valence = segment.edge.stance.valence
            if count == 1:
                segment.y = valence
            elif valence == 0:
                step = min(_LANE, _BAND / (count - 1))
                segment.y = (lane - (count - 1) / 2) * step
            else:
                band = min(_BAND, abs(valence) * 0.8)
                step = min(_LANE, band / (count - 1))
                segment.y = valence - math.copysign(lane * step, valence)


def _draw_direction(ax: Any, edges: Sequence[Edge], first: dt.date, last: dt.date) -> None:
    from matplotlib.collections import LineCollection

    from relgraph.plot._mpl import day_number, end_number

    ax.axhline(0, color="#bbbbbb", lw=0.8, zorder=0)
    ax.set_ylim(-1.15, 1.15)
    ax.set_yticks([-1, -0.5, 0, 0.5, 1])
    ax.set_ylabel("valence")
    ax.grid(axis="x", color="#eeeeee", lw=0.8)
    x_first, x_last = day_number(first), end_number(last)
    ax.set_xlim(x_first, x_last)
    segments = [
        _Segment(e, day_number(max(e.start_day, first)), end_number(min(e.end_day or last, last)))
        for e in edges
        if _overlaps(e, first, last)
    ]
    if not segments:
        ax.text(0.5, 0.5, "no stance in this period", transform=ax.transAxes,
                ha="center", va="center", color=_GREY, fontsize=10)  # fmt: skip
        return
    _lanes(segments)
    colours = [valence_colour(s.edge.stance.valence) for s in segments]
    lines = LineCollection(
        [[(s.x0, s.y), (s.x1, s.y)] for s in segments],
        colors=colours,
        linewidths=_LINE,
        linestyles=[linestyle(s.edge.stance.modality) for s in segments],
        capstyle="butt",
    )
    ax.add_collection(lines)
    # end markers, one scatter per marker and fill, in the segments' colours
    marks: dict[tuple[str, bool], list[tuple[float, float, str]]] = defaultdict(list)
    for segment, colour in zip(segments, colours, strict=True):
        edge, stance = segment.edge, segment.edge.stance
        hollow = stance.start.approximate or stance.start.uncertain
        start_marker = "<" if edge.start_day < first else "o"
        marks[(start_marker, hollow)].append((segment.x0, segment.y, colour))
        if edge.end_day is None or edge.end_day > last:
            marks[(">", False)].append((segment.x1, segment.y, colour))
        else:
            end_date = stance.end
            end_hollow = end_date is not None and (end_date.approximate or end_date.uncertain)
            marks[("o", end_hollow)].append((segment.x1, segment.y, colour))
    for (marker, hollow), points in marks.items():
        ax.scatter(
            [p[0] for p in points], [p[1] for p in points], marker=marker, s=49,
            edgecolors=[p[2] for p in points],
            facecolors="white" if hollow else [p[2] for p in points],
            linewidths=1.5, zorder=3, clip_on=False,
        )  # fmt: skip
    if len(segments) > _MAX_LABELS:
        ax.text(0.01, 0.02, f"{len(segments)} stances: too many to label here "
                "(relgraph history lists them)", transform=ax.transAxes, fontsize=_FONT,
                color=_GREY)  # fmt: skip
        return
    _label(ax, segments, x_first, x_last)


def _label(ax: Any, segments: Sequence[_Segment], x_first: float, x_last: float) -> None:
    """Write each stance's label beside its segment where it overlaps no line or label."""
    from relgraph.plot._mpl import day_number

    span = x_last - x_first
    lines = [((s.x0 - x_first) / span, (s.x1 - x_first) / span, s.y) for s in segments]
    boxes: list[tuple[float, float, float, float]] = []  # x0, x1, y0, y1
    for segment in segments:
        edge, stance = segment.edge, segment.edge.stance
        y = segment.y
        text = stance.label or stance.kind
        if stance.mutual:
            text += " (mutual)"
        if segment.x0 > day_number(edge.start_day):
            text += f" (since {stance.start.text})"
        width = len(text) * 0.52 * _FONT / 72 / _AXES_INCHES
        start_x = (segment.x0 - x_first) / span
        end_x = (segment.x1 - x_first) / span
        # Late segments are labelled leftwards from their end, so the text stays inside.
        leftwards = start_x + width > 1.0
        x0, x1 = (end_x - width, end_x) if leftwards else (start_x, start_x + width)
        slots = [y + 0.05, y - 0.05 - _LABEL_HEIGHT]
        slots += [y + 0.05 + k * _LABEL_HEIGHT for k in (1, 2)]
        slots += [y - 0.05 - (k + 1) * _LABEL_HEIGHT for k in (1, 2)]
        chosen = slots[0]
        for bottom in slots:
            top = bottom + _LABEL_HEIGHT
            if bottom < -1.15 or top > 1.15:
                continue
            hits_line = any(a < x1 and x0 < b and bottom < ly < top for a, b, ly in lines)
            hits_box = any(a < x1 and x0 < b and c < top and bottom < d for a, b, c, d in boxes)
            if not hits_line and not hits_box:
                chosen = bottom
                break
        boxes.append((x0, x1, chosen, chosen + _LABEL_HEIGHT))
        anchor = segment.x1 if leftwards else segment.x0
        if chosen not in slots[:2]:
            # Far from its line: a hairline shows which segment the label names.
            tip = chosen if chosen > y else chosen + _LABEL_HEIGHT
            ax.plot([anchor, anchor], [y, tip], color="#999999", lw=0.6, zorder=1)
        ax.text(anchor, chosen + 0.02, text, fontsize=_FONT, color="#222222", va="bottom",
                ha="right" if leftwards else "left", clip_on=True)  # fmt: skip
