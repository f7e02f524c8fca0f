"""Static figures: the network of a day or a period, small multiples, a pair's stances over
time, a balance series.

Every function returns a matplotlib :class:`~matplotlib.figure.Figure` drawn on matplotlib's
object API (no pyplot state, no GUI backend); :func:`save_figure` writes it as SVG, PDF or PNG,
whole or not at all. In Jupyter a figure shows inline. matplotlib is imported only inside the
functions that draw, never at ``import relgraph``. Colours, widths, dashes, shapes and legend
wording come from :mod:`relgraph.style`, as the pages' do. Text from the file is drawn as
written: matplotlib's math markup (``$...$``) is off, so "aid of $1bn" keeps its dollar signs.
"""

from __future__ import annotations

from relgraph.plot.balance import plot_balance
from relgraph.plot.network import LABEL_ALL_UP_TO, MAX_PANELS, figure, figure_series
from relgraph.plot.pair import plot_pair
from relgraph.plot.save import FORMATS, save_figure

__all__ = [
    "FORMATS",
    "LABEL_ALL_UP_TO",
    "MAX_PANELS",
    "figure",
    "figure_series",
    "plot_balance",
    "plot_pair",
    "save_figure",
]
