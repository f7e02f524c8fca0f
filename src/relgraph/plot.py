"""Static plots: a pair's stances over time, and a balance series.

matplotlib is imported inside the functions (never at ``import relgraph``), and figures are
drawn on matplotlib's object API with the Agg canvas, so no GUI backend or pyplot state is
involved. Files are written whole or not at all; the format follows the file's suffix
(``.png``, ``.svg``, ``.pdf``).

Colour is never the only cue: valence is the height of a line (and its colour, blue for
cooperative and red for hostile, from ColorBrewer's colour-blind-safe RdBu), modality is the
line style (solid actual, dashed considered, dotted threatened), an approximate or uncertain
date is a hollow end marker, and a stance still in force ends in an arrow head.

Text from the file is drawn as written: matplotlib's math markup (``$...$``) is off, so a
label such as "aid of $1bn" keeps its dollar signs.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from relgraph._io import atomic_write
from relgraph.dates import parse_period
from relgraph.errors import OutputError, QueryError

if TYPE_CHECKING:
    from relgraph.analysis.balance import BalanceResult
    from relgraph.model import Edge
    from relgraph.timeline import Period, Timeline

__all__ = ["plot_balance", "plot_pair"]

POSITIVE = "#2166ac"
NEGATIVE = "#b2182b"
NEUTRAL = "#4d4d4d"
LINESTYLES: dict[str, Any] = {"actual": "-", "considered": (0, (5, 3)), "threatened": (0, (1, 2))}
_DEFAULT_MONTHS = 6


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _text_as_written(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run a plotting function with matplotlib's math markup off, for every text it draws."""

    @functools.wraps(function)
    def plot(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        import matplotlib

        with matplotlib.rc_context({"text.parse_math": False}):
            return function(*args, **kwargs)

    return plot


def _colour(valence: float) -> str:
    return POSITIVE if valence > 0 else NEGATIVE if valence < 0 else NEUTRAL


def _save(figure: Any, path: str | Path) -> Path:
    target = Path(path)
    fmt = target.suffix.lstrip(".").lower() or "png"
    with atomic_write(target) as tmp:
        if fmt not in figure.canvas.get_supported_filetypes():
            raise OutputError(
                f"cannot write {target}: .{fmt} is not an image format matplotlib writes; use "
                ".png, .svg or .pdf"
            )
        figure.savefig(tmp, format=fmt, dpi=150, metadata=_metadata(fmt))
    return target


def _metadata(fmt: str) -> dict[str, Any] | None:
    from relgraph._version import __version__

    # PNG/SVG/PDF record the creator; no timestamps, so a plot can be reproduced byte for byte.
    if fmt == "png":
        return {"Software": f"relgraph {__version__}"}
    if fmt == "svg":
        return {"Creator": f"relgraph {__version__}", "Date": None}
    if fmt == "pdf":
        return {"Creator": f"relgraph {__version__}", "CreationDate": None}
    return None


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


@_text_as_written
def plot_pair(
    timeline: Timeline,
    actor: str,
    target: str,
    path: str | Path,
    *,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
) -> Path:
    """Plot every stance between two actors over time, one panel per direction.

    Each stance is a horizontal segment at its valence from its first to its last day; one
    still in force runs to ``end`` and ends in an arrow head, one that began before ``start``
    enters from the left edge with its start date in its label. A mutual stance appears in
    both panels.

    Parameters
    ----------
    timeline : relgraph.Timeline
        The timeline (its filters apply).
    actor, target : str
        The two actors (ids, names or aliases).
    path : str or pathlib.Path
        The image file; its suffix picks the format (``.png``, ``.svg``, ``.pdf``).
    start, end : datetime.date or str, optional
        The days shown (inclusive; partial dates cover their period). Default: from six
        months before the pair's latest stance began to the last day of the data.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    QueryError
        When an actor is unknown, both are the same, or the period is not valid.
    OutputError
        When the file cannot be written.

    Examples
    --------
    >>> import relgraph, tempfile, pathlib
    >>> from relgraph.timeline import Timeline
    >>> tl = Timeline(relgraph.parse_relations('''
    ... actors: [{id: EGY, name: Egypt, kind: state}, {id: ISR, name: Israel, kind: state}]
    ... stances:
    ...   - {actor: EGY, target: ISR, kind: diplomatic, valence: -0.5,
    ...      modality: considered, start: 2024-05~}
    ... '''))
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "pair.png"
    >>> plot_pair(tl, "Egypt", "ISR", out).stat().st_size > 10_000
    True
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

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

    figure = Figure(figsize=(9.5, 7.0), layout="constrained")
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
        if not any(_overlaps(e, first, last) for e in shown):
            ax.text(0.5, 0.5, "no stance in this period", transform=ax.transAxes,
                    ha="center", va="center", color=NEUTRAL, fontsize=10)  # fmt: skip
    _date_axis(axes[-1], first, last)
    figure.suptitle(f"{names[first_id]} \u2013 {names[second_id]}: stances over time",
                    fontsize=13, x=0.01, ha="left")  # fmt: skip
    black = "#000000"
    handles = [
        Line2D([], [], color=black, linestyle=LINESTYLES["actual"], lw=2.5, label="actual"),
        Line2D([], [], color=black, linestyle=LINESTYLES["considered"], lw=2.5,
               label="considered"),
        Line2D([], [], color=black, linestyle=LINESTYLES["threatened"], lw=2.5,
               label="threatened"),
        Line2D([], [], color=POSITIVE, lw=6, label="cooperative (> 0)"),
        Line2D([], [], color=NEGATIVE, lw=6, label="hostile (< 0)"),
        Line2D([], [], color=black, marker="o", linestyle="", label="exact date"),
        Line2D([], [], color=black, marker="o", markerfacecolor="white", linestyle="",
               label="approximate / uncertain date"),
        Line2D([], [], color=black, marker=">", linestyle="", label="still in force"),
    ]  # fmt: skip
    figure.legend(handles=handles, loc="outside lower center", ncols=4, fontsize=8.5,
                  frameon=False)  # fmt: skip
    return _save(figure, path)


def _overlaps(edge: Edge, first: dt.date, last: dt.date) -> bool:
    return edge.start_day <= last and (edge.end_day is None or edge.end_day >= first)


_FONT = 8.5
_LABEL_HEIGHT = 0.14  # valence units: one 8.5 pt line on a panel about 2.3 inches tall
_AXES_INCHES = 8.3  # about the width of a panel, to estimate label widths


def _draw_direction(ax: Any, edges: Sequence[Edge], first: dt.date, last: dt.date) -> None:
    ax.axhline(0, color="#bbbbbb", lw=0.8, zorder=0)
    ax.set_ylim(-1.15, 1.15)
    ax.set_yticks([-1, -0.5, 0, 0.5, 1])
    ax.set_ylabel("valence")
    ax.grid(axis="x", color="#eeeeee", lw=0.8)
    ax.set_xlim(first, last + dt.timedelta(days=1))
    total_days = (last - first).days + 1
    shown = [e for e in edges if _overlaps(e, first, last)]
    lines: list[tuple[float, float, float]] = []  # (x0, x1, y) in axis fraction / valence
    drawn: list[tuple[Edge, dt.date, dt.date, float]] = []
    for edge in shown:
        stance = edge.stance
        colour = _colour(stance.valence)
        left = max(edge.start_day, first)
        # Bounds are whole days: a stance ending on day d is drawn to the end of d.
        right = min(edge.end_day or last, last) + dt.timedelta(days=1)
        # Stances at the same valence at the same time are dodged apart to stay visible.
        y = stance.valence
        x0 = (left - first).days / total_days
        x1 = (right - first).days / total_days
        while any(a < x1 and x0 < b and abs(ly - y) < 0.03 for a, b, ly in lines):
            y -= 0.04
        ax.plot([left, right], [y, y], color=colour, lw=2.5,
                linestyle=LINESTYLES.get(stance.modality, "-"), solid_capstyle="butt")  # fmt: skip
        start_hollow = stance.start.approximate or stance.start.uncertain
        clipped_left = edge.start_day < first
        ax.plot([left], [y], marker="<" if clipped_left else "o", markersize=7, color=colour,
                markerfacecolor="white" if start_hollow else colour, linestyle="")  # fmt: skip
        if edge.end_day is None or edge.end_day > last:
            ax.plot([right], [y], marker=">", markersize=8, color=colour, linestyle="")
        else:
            end_date = stance.end
            end_hollow = end_date is not None and (end_date.approximate or end_date.uncertain)
            ax.plot([right], [y], marker="o", markersize=7, color=colour,
                    markerfacecolor="white" if end_hollow else colour, linestyle="")  # fmt: skip
        lines.append((x0, x1, y))
        drawn.append((edge, left, right, y))
    _label(ax, drawn, lines, first, total_days)


def _label(
    ax: Any,
    drawn: Sequence[tuple[Edge, dt.date, dt.date, float]],
    lines: Sequence[tuple[float, float, float]],
    first: dt.date,
    total_days: int,
) -> None:
    """Write each stance's label beside its segment where it overlaps no line or label."""
    boxes: list[tuple[float, float, float, float]] = []  # x0, x1, y0, y1
    for edge, left, right, y in drawn:
        stance = edge.stance
        text = stance.label or stance.kind
        if stance.mutual:
            text += " (mutual)"
        if edge.start_day < first:
            text += f" (since {stance.start.text})"
        width = len(text) * 0.52 * _FONT / 72 / _AXES_INCHES
        start_x = (left - first).days / total_days
        end_x = (right - first).days / total_days
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
        anchor = right if leftwards else left
        if chosen not in slots[:2]:
            # Far from its line: a hairline shows which segment the label names.
            tip = chosen if chosen > y else chosen + _LABEL_HEIGHT
            ax.plot([anchor, anchor], [y, tip], color="#999999", lw=0.6, zorder=1)
        ax.text(anchor, chosen + 0.02, text, fontsize=_FONT, color="#222222", va="bottom",
                ha="right" if leftwards else "left", clip_on=True)  # fmt: skip


def _date_axis(ax: Any, first: dt.date, last: dt.date) -> None:
    import matplotlib.dates as mdates

    if (last - first).days < 10:
        # dates name whole days: a short span gets a tick a day, never hours
        ax.xaxis.set_major_locator(mdates.DayLocator())  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b %Y"))  # type: ignore[no-untyped-call]
        return
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(formatter)


@_text_as_written
def plot_balance(series: Sequence[tuple[Period, BalanceResult]], path: str | Path) -> Path:
    """Plot a balance series: share of balanced triangles above, ties and frustration below.

    Parameters
    ----------
    series : sequence of (Period, BalanceResult)
        As :func:`relgraph.balance_series` returns it.
    path : str or pathlib.Path
        The image file; its suffix picks the format.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    QueryError
        When the series is empty.
    OutputError
        When the file cannot be written.

    Examples
    --------
    >>> import relgraph, tempfile, pathlib
    >>> from relgraph.timeline import Timeline
    >>> from relgraph.analysis.balance import balance_series
    >>> tl = Timeline(relgraph.parse_relations('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state},
    ...          {id: C, name: C, kind: state}]
    ... stances:
    ...   - {actor: A, target: [B, C], kind: conflict, valence: -1, start: 2024-02}
    ...   - {actor: B, target: C, kind: alliance, valence: 0.5, start: 2024-03}
    ... '''))
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "balance.png"
    >>> plot_balance(balance_series(tl, "2024-01", "2024-06"), out).exists()
    True
    """
    from matplotlib.figure import Figure

    if not series:
        raise QueryError("the balance series is empty: no period to plot")
    middles = [p.start + (p.end - p.start) / 2 for p, _ in series]
    shares = [r.share_balanced for _, r in series]
    figure = Figure(figsize=(9.5, 6.2), layout="constrained")
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=[1, 1.1])

    known = [(x, s) for x, s in zip(middles, shares, strict=True) if s is not None]
    if known:
        top.plot([x for x, _ in known], [s for _, s in known], color=NEUTRAL, lw=2,
                 marker="o", label="share of triangles balanced")  # fmt: skip
    empty = [x for x, s in zip(middles, shares, strict=True) if s is None]
    if empty:
        top.plot(empty, [-0.08] * len(empty), linestyle="", marker="x", color="#888888",
                 label="no closed triangle")  # fmt: skip
    top.set_ylim(-0.13, 1.05)
    top.set_yticks([0, 0.25, 0.5, 0.75, 1])
    top.set_ylabel("share balanced")
    rule = ", ".join(f"{k} \u00d7{v:g}" for k, v in series[0][1].weights.items())
    top.set_title(f"Structural balance over time (ties from stances: {rule})", loc="left",
                  fontsize=12)  # fmt: skip
    top.legend(loc="upper left", fontsize=8.5, frameon=False)
    top.grid(axis="y", color="#eeeeee")

    positive = [r.positive for _, r in series]
    negative = [r.negative for _, r in series]
    bottom.plot(middles, positive, color=POSITIVE, lw=2, marker="^", label="positive ties")
    bottom.plot(middles, negative, color=NEGATIVE, lw=2, linestyle=(0, (5, 3)), marker="v",
                label="negative ties")  # fmt: skip
    exact = [(x, r.frustration) for x, (_, r) in zip(middles, series, strict=True) if r.exact]
    bound = [(x, r.frustration) for x, (_, r) in zip(middles, series, strict=True) if not r.exact]
    if exact:
        bottom.plot([x for x, _ in exact], [f for _, f in exact], linestyle="", marker="s",
                    color="#000000", label="frustration index")  # fmt: skip
    if bound:
        bottom.plot([x for x, _ in bound], [f for _, f in bound], linestyle="", marker="s",
                    color="#000000", markerfacecolor="white",
                    label="frustration index (upper bound)")  # fmt: skip
    bottom.set_ylabel("ties")
    bottom.set_ylim(bottom=0)
    bottom.yaxis.get_major_locator().set_params(integer=True)
    bottom.grid(axis="y", color="#eeeeee")
    bottom.legend(loc="upper left", fontsize=8.5, frameon=False)
    first, last = series[0][0].start, series[-1][0].end
    top.set_xlim(first, last + dt.timedelta(days=1))
    _date_axis(bottom, first, last)
    return _save(figure, path)
