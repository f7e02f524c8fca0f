"""What every relgraph figure shares: the Figure class, saving, text as written, date axes.

This module imports matplotlib at its top, so the rest of :mod:`relgraph.plot` imports it only
inside the functions that draw.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib
import matplotlib.dates as mdates
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Polygon
from matplotlib.path import Path

from relgraph.style import UNCERTAIN_OPACITY

#: What each figure is drawn and saved with: text stays text in SVG, PDF embeds TrueType
#: fonts (Type 42), ids in SVG are stable, and no text is read as math markup.
RC: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "relgraph",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
}


class RelgraphFigure(Figure):
    """A matplotlib Figure that shows itself inline in Jupyter as a PNG."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        with matplotlib.rc_context(RC):
            self.savefig(buffer, format="png", dpi=min(float(self.dpi), 150.0))
        return buffer.getvalue()


@contextmanager
def drawing() -> Iterator[None]:
    """The rc settings under which relgraph creates and saves its artists."""
    with matplotlib.rc_context(RC):
        yield


def new_figure(size: tuple[float, float], dpi: float = 150.0) -> RelgraphFigure:
    """A figure with the Agg canvas attached, so its text can be measured before saving."""
    figure = RelgraphFigure(figsize=size, dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def day_number(day: dt.date) -> float:
    """matplotlib's date number of the start of ``day``, for every date in 1..9999."""
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def end_number(day: dt.date) -> float:
    """The date number of the end of ``day`` (bounds are whole days), but no later than
    9999-12-31 23:59, the last moment matplotlib can name."""
    return day_number(day) + 1 - (1 / 1440 if day == dt.date.max else 0)


def date_axis(ax: Any, first: dt.date, last: dt.date) -> None:
    """Ticks that always name their year: ``2024``, ``Mar 2024`` or ``14 Mar 2024``."""
    if (last - first).days < 10:
        # dates name whole days: a short span gets a tick a day, never hours
        locator: Any = mdates.DayLocator()  # type: ignore[no-untyped-call]
    else:
        locator = mdates.AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
    formats = ["%Y", "%b %Y", "%d %b %Y", "%d %b %Y", "%d %b %Y", "%d %b %Y"]
    formatter = mdates.ConciseDateFormatter(  # type: ignore[no-untyped-call]
        locator, formats=formats, zero_formats=formats, show_offset=False
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)


class Key:
    """A legend handle that draws itself: ``draw(x0, x1, y, height, colour)`` gives the artists."""

    def __init__(self, colour: str, draw: Callable[..., list[Any]]) -> None:
        self.colour = colour
        self.draw = draw


class KeyHandler(HandlerBase):
    """Draws a :class:`Key` in its box of the legend."""

    def create_artists(
        self,
        legend: Any,
        orig_handle: Any,
        xdescent: float,
        ydescent: float,
        width: float,
        height: float,
        fontsize: float,
        trans: Any,
    ) -> list[Any]:
        x0, x1, y = -xdescent, width - xdescent, height / 2 - ydescent
        artists: list[Any] = orig_handle.draw(x0, x1, y, height, orig_handle.colour)
        for artist in artists:
            artist.set_transform(trans)
        return artists


def arrow_key(x0: float, x1: float, y: float, height: float, colour: str) -> list[Any]:
    """A line ending in the arrowhead a directed tie ends in."""
    head = min(height * 0.9, 7.0)
    line = Line2D([x0, x1 - head * 0.8], [y, y], color=colour, lw=1.5)
    arrow = Polygon([(x1 - head, y - head / 2), (x1, y), (x1 - head, y + head / 2)],
                    closed=True, facecolor=colour, edgecolor="none")  # fmt: skip
    return [line, arrow]


def curves_key(x0: float, x1: float, y: float, height: float, colour: str) -> list[Any]:
    """Two stances between one pair, bent apart."""
    codes = [Path.MOVETO, Path.CURVE3, Path.CURVE3]
    paths = [
        Path([(x0, y), ((x0 + x1) / 2, y + bend), (x1, y)], codes)
        for bend in (height * 0.9, -height * 0.9)
    ]
    return [PathPatch(path, facecolor="none", edgecolor=colour, lw=1.2) for path in paths]


def dot_key(x0: float, x1: float, y: float, height: float, colour: str) -> list[Any]:
    """A tie drawn lighter, with a dot at its middle (uncertain in this slice)."""
    line = Line2D([x0, x1], [y, y], color=colour, lw=1.5, alpha=UNCERTAIN_OPACITY)
    dot = Line2D([(x0 + x1) / 2], [y], marker="o", markersize=4.5, color=colour,
                 markerfacecolor=colour, markeredgecolor=colour, linestyle="none")  # fmt: skip
    return [line, dot]
