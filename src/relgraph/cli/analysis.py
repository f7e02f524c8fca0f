"""``relgraph balance``, ``stats``, ``plot`` and ``plot-balance``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from relgraph.cli._app import reported
from relgraph.cli.inputs import pair_of, period, slice_of, timeline_of
from relgraph.cli.options import (
    AtOpt,
    FileArg,
    FromOpt,
    MaxPeriodsOpt,
    RelationsArg,
    SpreadsheetSafeOpt,
    StepOpt,
    TableFormatOpt,
    ToOpt,
    WeightOpt,
    WidthOpt,
    filtered,
    parse_weights,
)
from relgraph.cli.output import (
    AUTO_STEP,
    check_format,
    echo_csv,
    format_csv,
    format_json,
    format_rows,
    note,
)
from relgraph.errors import QueryError, plural

if TYPE_CHECKING:
    from relgraph.analysis.balance import BalanceSeries
    from relgraph.timeline import Filters, Timeline

__all__ = ["balance", "plot", "plot_balance", "stats"]

ImageOpt = Annotated[
    Path,
    typer.Option("--output", "-o", metavar="FILE", help="The image (.png, .svg or .pdf)."),
]


def _series_only(
    at: str | None, step: str | None, width: str | None, max_periods: int | None
) -> None:
    given = [
        name
        for name, value in (("--step", step), ("--width", width), ("--max-periods", max_periods))
        if value is not None
    ]
    if at is not None and given:
        raise typer.BadParameter(
            "a step is taken over a series (--from/--to), not on one day (--at)",
            param_hint=" and ".join(given),
        )


def _series(
    timeline: Timeline, days: tuple[Any, Any], step: str | None, width: str | None,
    weights: dict[str, float] | None, max_periods: int | None,
) -> BalanceSeries:  # fmt: skip
    from relgraph.analysis.balance import balance_series
    from relgraph.timeline import MAX_PERIODS

    series = balance_series(
        timeline, *days, step=step or "auto", width=width, weights=weights,
        max_periods=MAX_PERIODS if max_periods is None else max_periods,
    )  # fmt: skip
    if step is None and series:
        note(f"one step per {series[0][0].step}, {plural(len(series), 'step')} ({AUTO_STEP}).")
    return series


@filtered()
def balance(
    files: RelationsArg,
    at: AtOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    step: StepOpt = None,
    width: WidthOpt = None,
    weight: WeightOpt = None,
    *,
    filters: Filters,
    fmt: TableFormatOpt = "table",
    max_periods: MaxPeriodsOpt = None,
) -> None:
    """Structural balance on a day (--at), or step by step over a period (--from/--to).

    The frustration index is exact for a component of up to {exact_limit} actors, an upper
    bound (seeded local search) above that.

    \b
    Example:
      relgraph balance data/relations.yaml --from 2024-01 --to 2024-05 --step month
    """
    from relgraph.analysis.balance import balance as balance_of

    _series_only(at, step, width, max_periods)
    with reported(*files):
        check_format(fmt)
        weights = parse_weights(weight)
        timeline = timeline_of(files, filters)
        if at is None:
            series = _series(timeline, period(start, end), step, width, weights, max_periods)
            typer.echo(format_rows(series.to_rows(), fmt))
            return
        result = balance_of(slice_of(timeline, at, start, end), weights=weights)
        if fmt == "json":
            typer.echo(format_json({"at": at, **result.to_dict()}))
        elif fmt == "csv":
            typer.echo(format_csv([{"at": at, **result.to_row()}]), nl=False)
        else:
            typer.echo(result.to_text())


@filtered()
def stats(
    files: RelationsArg,
    at: AtOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    weight: WeightOpt = None,
    *,
    filters: Filters,
    fmt: TableFormatOpt = "table",
    spreadsheet_safe: SpreadsheetSafeOpt = False,
) -> None:
    """Per actor: stances sent and received by sign, and PN centrality (a day or a window).

    \b
    Example:
      relgraph stats data/relations.yaml --at 2024-05-14
    """
    from relgraph.analysis.centrality import stats as stats_of

    with reported(*files):
        check_format(fmt)
        weights = parse_weights(weight)
        graph = slice_of(timeline_of(files, filters), at, start, end)
        rows = [dict(row) for row in stats_of(graph, weights=weights)]
        if fmt == "csv":
            echo_csv(rows, spreadsheet_safe=spreadsheet_safe)
        else:
            typer.echo(format_rows(rows, fmt))


@filtered(pair=True)
def plot(
    file: FileArg,
    actor: Annotated[str, typer.Argument(help="One actor (id, name or alias).", metavar="ACTOR")],
    target: Annotated[str, typer.Argument(help="The other actor.", metavar="TARGET")],
    output: ImageOpt,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DATE",
            help="First day shown (default: six months before the pair's latest stance began).",
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="DATE", help="Last day shown (default: the last day of the data)."
        ),
    ] = None,
    *,
    filters: Filters,
) -> None:
    """Plot a pair's stances over time in both directions, modality and dates marked.

    Without --from/--to the plot runs from six months before the pair's latest stance began
    to the last day of the data.

    \b
    Example:
      relgraph plot data/relations.yaml Egypt Israel -o egypt-israel.png
    """
    from relgraph.plot import plot_pair, save_figure

    with reported(file):
        first, last = period(start, end)
        timeline = timeline_of(file, filters)
        pair_of(timeline, actor, target)
        if not timeline.history(actor, target):
            raise QueryError(f"no stances between {actor} and {target}: nothing to plot")
        figure = plot_pair(timeline, actor, target, start=first, end=last)
        typer.echo(f"Wrote {save_figure(figure, output)}")


@filtered()
def plot_balance(
    files: RelationsArg,
    output: ImageOpt,
    start: FromOpt = None,
    end: ToOpt = None,
    step: StepOpt = None,
    width: WidthOpt = None,
    weight: WeightOpt = None,
    *,
    filters: Filters,
    max_periods: MaxPeriodsOpt = None,
) -> None:
    """Plot structural balance step by step over a period (--from/--to).

    \b
    Example:
      relgraph plot-balance data/relations.yaml --from 2023-10 --to 2024-05 -o balance.png
    """
    from relgraph.plot import plot_balance as plot_series
    from relgraph.plot import save_figure

    with reported(*files):
        weights = parse_weights(weight)
        days = period(start, end)
        series = _series(timeline_of(files, filters), days, step, width, weights, max_periods)
        typer.echo(f"Wrote {save_figure(plot_series(series), output)}")
