"""``relgraph balance``, ``stats``, ``export``, ``plot`` and ``plot-balance``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relgraph.cli._app import (
    ActorOpt,
    AtOpt,
    EgoOpt,
    FileArg,
    FromOpt,
    KindOpt,
    MinConfidenceOpt,
    ModalityOpt,
    RollupOpt,
    StepOpt,
    TableFormatOpt,
    ToOpt,
    WeightOpt,
    WidthOpt,
    app,
    reported,
    timeline_of,
)


@app.command("balance")
def balance_command(
    file: FileArg,
    at: AtOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    step: StepOpt = "month",
    width: WidthOpt = None,
    weight: WeightOpt = None,
    kind: KindOpt = None,
    modality: ModalityOpt = None,
    actor: ActorOpt = None,
    ego: EgoOpt = None,
    min_confidence: MinConfidenceOpt = None,
    rollup: RollupOpt = False,
    fmt: TableFormatOpt = "table",
) -> None:
    """Structural balance on a day (--at), or step by step over a period (--from/--to)."""
    from relgraph.analysis.balance import balance, balance_series, parse_weights
    from relgraph.tables import check_format, format_csv, format_json, format_rows

    with reported(file):
        check_format(fmt)
        timeline = timeline_of(file, kind, modality, actor, ego, min_confidence, rollup)
        weights = parse_weights(weight)
        if at is None:
            series = balance_series(timeline, start, end, step=step, width=width, weights=weights)
            typer.echo(format_rows(series.to_rows(), fmt))
            return
        result = balance(timeline.slice(at, start=start, end=end), weights=weights)
        if fmt == "json":
            typer.echo(format_json({"at": at, **result.to_dict()}))
        elif fmt == "csv":
            typer.echo(format_csv([{"at": at, **result.to_row()}]), nl=False)
        else:
            typer.echo(result.to_text())


@app.command("stats")
def stats_command(
    file: FileArg,
    at: AtOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    weight: WeightOpt = None,
    kind: KindOpt = None,
    modality: ModalityOpt = None,
    actor: ActorOpt = None,
    ego: EgoOpt = None,
    min_confidence: MinConfidenceOpt = None,
    rollup: RollupOpt = False,
    fmt: TableFormatOpt = "table",
) -> None:
    """Per actor: stances sent and received by sign, and PN centrality (a day or a window)."""
    from relgraph.analysis.balance import parse_weights
    from relgraph.analysis.centrality import stats
    from relgraph.tables import check_format, format_rows

    with reported(file):
        check_format(fmt)
        timeline = timeline_of(file, kind, modality, actor, ego, min_confidence, rollup)
        rows = stats(timeline.slice(at, start=start, end=end), weights=parse_weights(weight))
        typer.echo(format_rows([dict(row) for row in rows], fmt))


@app.command("export")
def export_command(
    file: FileArg,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="gexf (with time spells), graphml, json (node-link), csv (a directory), "
            "panel (a dyad x period CSV).",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="PATH", help="The file, or the directory for csv."),
    ],
    at: AtOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    step: StepOpt = "month",
    width: WidthOpt = None,
    all_dyads: Annotated[
        bool, typer.Option("--all-dyads", help="Panel: every ordered pair, not only active.")
    ] = False,
    kind: KindOpt = None,
    modality: ModalityOpt = None,
    actor: ActorOpt = None,
    ego: EgoOpt = None,
    min_confidence: MinConfidenceOpt = None,
    rollup: RollupOpt = False,
) -> None:
    """Export a day, a window or the whole history for Gephi, R, Stata or pandas."""
    from relgraph.export import write_export

    with reported(file):
        timeline = timeline_of(file, kind, modality, actor, ego, min_confidence, rollup)
        written = write_export(
            timeline, fmt, output, at=at, start=start, end=end, step=step, width=width,
            dyads="all" if all_dyads else "active",
        )  # fmt: skip
        for path in written:
            typer.echo(f"Wrote {path}")


@app.command("plot")
def plot_command(
    file: FileArg,
    actor: Annotated[str, typer.Argument(help="One actor (id, name or alias).")],
    target: Annotated[str, typer.Argument(help="The other actor.")],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="PATH", help="The image (.png, .svg or .pdf)."),
    ],
    start: FromOpt = None,
    end: ToOpt = None,
    kind: KindOpt = None,
    modality: ModalityOpt = None,
    min_confidence: MinConfidenceOpt = None,
    rollup: RollupOpt = False,
) -> None:
    """Plot a pair's stances over time in both directions, modality and dates marked."""
    from relgraph.plot import plot_pair, save_figure

    with reported(file):
        timeline = timeline_of(file, kind, modality, None, None, min_confidence, rollup)
        path = save_figure(plot_pair(timeline, actor, target, start=start, end=end), output)
        typer.echo(f"Wrote {path}")


@app.command("plot-balance")
def plot_balance_command(
    file: FileArg,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="PATH", help="The image (.png, .svg or .pdf)."),
    ],
    start: FromOpt = None,
    end: ToOpt = None,
    step: StepOpt = "month",
    width: WidthOpt = None,
    weight: WeightOpt = None,
    kind: KindOpt = None,
    modality: ModalityOpt = None,
    actor: ActorOpt = None,
    ego: EgoOpt = None,
    min_confidence: MinConfidenceOpt = None,
    rollup: RollupOpt = False,
) -> None:
    """Plot structural balance step by step over a period (--from/--to)."""
    from relgraph.analysis.balance import balance_series, parse_weights
    from relgraph.plot import plot_balance, save_figure

    with reported(file):
        timeline = timeline_of(file, kind, modality, actor, ego, min_confidence, rollup)
        series = balance_series(
            timeline, start, end, step=step, width=width, weights=parse_weights(weight)
        )
        typer.echo(f"Wrote {save_figure(plot_balance(series), output)}")
