"""A balance series: share of balanced triangles above, ties and frustration below."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from relgraph.errors import QueryError
from relgraph.style import valence_colour

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from relgraph.analysis.balance import BalanceResult
    from relgraph.timeline import Period

__all__ = ["plot_balance"]

_GREY = "#4d4d4d"


def plot_balance(series: Sequence[tuple[Period, BalanceResult]]) -> Figure:
    """Draw a balance series: share of balanced triangles above, ties and frustration below.

    Each step is drawn at the middle of its period. Positive and negative ties take the
    colours of cooperative and hostile stances in pages and figures, and differ by line style
    and marker as well. Save the figure with :func:`relgraph.save_figure`.

    Parameters
    ----------
    series : sequence of (Period, BalanceResult)
        As :func:`relgraph.balance_series` returns it.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes over one time axis: the share balanced, then ties and frustration.

    Raises
    ------
    QueryError
        When the series is empty.

    Examples
    --------
    >>> import relgraph
    >>> tl = relgraph.Timeline(relgraph.parse_relations('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state},
    ...          {id: C, name: C, kind: state}]
    ... stances:
    ...   - {actor: A, target: [B, C], kind: conflict, valence: -1, start: 2024-02}
    ...   - {actor: B, target: C, kind: alliance, valence: 0.5, start: 2024-03}
    ... '''))
    >>> figure = plot_balance(relgraph.balance_series(tl, "2024-01", "2024-06"))
    >>> [ax.get_ylabel() for ax in figure.axes]
    ['share balanced', 'ties']
    """
    from relgraph.plot._mpl import drawing

    if not series:
        raise QueryError("the balance series is empty: no period to plot")
    with drawing():
        return _plot_balance(series)


def _plot_balance(series: Sequence[tuple[Period, BalanceResult]]) -> Figure:
    from relgraph.plot._mpl import date_axis, day_number, end_number, new_figure

    # the middle of each period, in matplotlib's date numbers (no date arithmetic that could
    # step past year 9999)
    middles = [(day_number(p.start) + day_number(p.end) + 1) / 2 for p, _ in series]
    shares = [r.share_balanced for _, r in series]
    figure = new_figure((9.5, 6.2))
    figure.set_layout_engine("constrained")
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=[1, 1.1])

    known = [(m, s) for m, s in zip(middles, shares, strict=True) if s is not None]
    if known:
        top.plot([m for m, _ in known], [s for _, s in known], color=_GREY, lw=2,
                 marker="o", label="share of triangles balanced")  # fmt: skip
    empty = [m for m, s in zip(middles, shares, strict=True) if s is None]
    if empty:
        top.plot(empty, [-0.08] * len(empty), linestyle="", marker="x", color="#888888",
                 label="no closed triangle")  # fmt: skip
    top.set_ylim(-0.13, 1.05)
    top.set_yticks([0, 0.25, 0.5, 0.75, 1])
    top.set_ylabel("share balanced")
    rule = ", ".join(f"{k} \u00d7{v:g}" for k, v in series[0][1].weights.items())
    top.set_title(f"Structural balance over time (ties from stances: {rule})", loc="left",
                  fontsize=12)  # fmt: skip
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8.5, frameon=False)
    top.grid(axis="y", color="#eeeeee")

    positive = [r.positive for _, r in series]
    negative = [r.negative for _, r in series]
    bottom.plot(middles, positive, color=valence_colour(1.0), lw=2, marker="^",
                label="positive ties")  # fmt: skip
    bottom.plot(middles, negative, color=valence_colour(-1.0), lw=2, linestyle=(0, (5, 3)),
                marker="v", label="negative ties")  # fmt: skip
    exact = [(m, r.frustration) for m, (_, r) in zip(middles, series, strict=True) if r.exact]
    bound = [(m, r.frustration) for m, (_, r) in zip(middles, series, strict=True) if not r.exact]
    if exact:
        bottom.plot([m for m, _ in exact], [f for _, f in exact], linestyle="", marker="s",
                    color="#000000", label="frustration index")  # fmt: skip
    if bound:
        bottom.plot([m for m, _ in bound], [f for _, f in bound], linestyle="", marker="s",
                    color="#000000", markerfacecolor="white",
                    label="frustration index (upper bound)")  # fmt: skip
    bottom.set_ylabel("ties")
    bottom.set_ylim(bottom=0)
    bottom.yaxis.get_major_locator().set_params(integer=True)
    bottom.grid(axis="y", color="#eeeeee")
    bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8.5, frameon=False)
    first, last = series[0][0].start, series[-1][0].end
    top.set_xlim(day_number(first), end_number(last))
    date_axis(bottom, first, last)
    return figure
