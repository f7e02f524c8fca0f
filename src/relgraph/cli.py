"""The ``relgraph`` command: each command parses, makes one library call, and prints.

Only :class:`relgraph.RelgraphError` is caught (printed as ``Error: ...``, exit 1); anything
else is a bug and keeps its traceback. Heavy libraries (networkx, pyvis, matplotlib) are
imported inside the commands that need them, so ``relgraph --help`` stays fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from relgraph import __version__
from relgraph.errors import LoadError, RelgraphError

if TYPE_CHECKING:
    from relgraph.timeline import Timeline

app = typer.Typer(
    name="relgraph",
    help="Record who stands where toward whom, and when - and see it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

FileArg = Annotated[
    Path,
    typer.Argument(
        help="The relations file (YAML).", dir_okay=False, show_default=False, metavar="FILE"
    ),
]


_AtOpt = Annotated[
    str | None, typer.Option("--at", metavar="DAY", help="One whole day, YYYY-MM-DD.")
]
_FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from", metavar="DATE", help="First day, inclusive (a partial date is its first day)."
    ),
]
_ToOpt = Annotated[
    str | None,
    typer.Option(
        "--to", metavar="DATE", help="Last day, inclusive (a partial date is its last day)."
    ),
]
_StepOpt = Annotated[
    str,
    typer.Option(
        "--step", metavar="STEP", help="Calendar step: day, week, month, quarter or year."
    ),
]
_WidthOpt = Annotated[
    str | None,
    typer.Option(
        "--width",
        metavar="WIDTH",
        help="A rolling window per step instead: days (90) or 12w, 3m, 1y.",
    ),
]
_WeightOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--weight",
        metavar="MODALITY=NUMBER",
        help="How much a modality counts towards a pair's sign (defaults: actual=1, "
        "considered=0, threatened=0). Repeatable.",
    ),
]
_RollupOpt = Annotated[
    bool, typer.Option("--rollup", help="Fold persons into the actor they speak for.")
]
_TableFormatOpt = Annotated[
    str, typer.Option("--format", metavar="FORMAT", help="table, json or csv.")
]

_KindOpt = Annotated[
    list[str] | None,
    typer.Option("--kind", metavar="KIND", help="Show only stances of this kind. Repeatable."),
]
_ModalityOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--modality",
        metavar="MODALITY",
        help="Show only actual, considered or threatened. Repeatable.",
    ),
]
_ActorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--actor", metavar="ACTOR", help="Show only these actors and the stances among them."
    ),
]
_EgoOpt = Annotated[
    str | None, typer.Option("--ego", metavar="ACTOR", help="Show only the stances of this actor.")
]
_MinConfidenceOpt = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        metavar="NUMBER",
        help="Leave out stances below this confidence (0..1).",
    ),
]


@contextmanager
def reported() -> Iterator[None]:
    """Turn relgraph's own errors into ``Error: ...`` on stderr and exit code 1."""
    try:
        yield
    except RelgraphError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(1) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"relgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Record who stands where toward whom, and when - and see it."""


@app.command()
def validate(
    files: Annotated[
        list[Path], typer.Argument(help="Relations files to check.", show_default=False)
    ],
) -> None:
    """Check relations files; print a summary of each, or every problem (exit 1)."""
    from relgraph.summary import summarize

    failed = False
    for file in files:
        try:
            typer.echo(summarize(file))
        except LoadError as error:
            typer.echo(str(error), err=True)
            failed = True
    if failed:
        raise typer.Exit(1)


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Write to this file instead of printing."
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the relations file (for editors such as VS Code)."""
    from relgraph.schema import json_schema, write_schema

    with reported():
        if output is None:
            typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        else:
            write_schema(output)
            typer.echo(f"Wrote {output}")


# -- time commands --


def _filters(
    kind: list[str] | None,
    modality: list[str] | None,
    actor: list[str] | None,
    ego: str | None,
    min_confidence: float | None,
    rollup: bool,
) -> dict[str, object]:
    return {
        "kinds": kind,
        "modalities": modality,
        "actors": actor,
        "ego": ego,
        "min_confidence": min_confidence,
        "rollup": rollup or None,
    }


@app.command("show")
def show_command(
    file: FileArg,
    at: _AtOpt = None,
    start: _FromOpt = None,
    end: _ToOpt = None,
    kind: _KindOpt = None,
    modality: _ModalityOpt = None,
    actor: _ActorOpt = None,
    ego: _EgoOpt = None,
    min_confidence: _MinConfidenceOpt = None,
    rollup: _RollupOpt = False,
    fmt: _TableFormatOpt = "table",
) -> None:
    """List the stances in force on a day (--at) or in a period (--from/--to)."""
    from relgraph.export import slice_of
    from relgraph.rows import COLUMNS, edge_rows
    from relgraph.tables import check_format

    with reported():
        check_format(fmt)
        filters = _filters(kind, modality, actor, ego, min_confidence, rollup)
        graph = slice_of(_timeline(file, filters), at, start, end)
        rows = edge_rows(graph, full=fmt == "json")
        _echo_rows(rows, fmt, COLUMNS, f"No stances in force {_slice_text(graph.graph['slice'])}.")


def _timeline(file: Path, filters: dict[str, object]) -> Timeline:
    """Read the file's timeline; say on stderr what a roll-up left out."""
    from relgraph.timeline import read_timeline

    timeline = read_timeline(file, **filters)
    if timeline.dropped:
        count = timeline.dropped
        typer.echo(
            f"Note: the roll-up left out {count} stance{'s' if count != 1 else ''} that would "
            "fold into a self-loop.",
            err=True,
        )
    return timeline


def _slice_text(slice_: dict[str, str]) -> str:
    if "at" in slice_:
        return f"on {slice_['at']}"
    return f"from {slice_['start']} to {slice_['end']}"


def _echo_rows(
    rows: list[dict[str, object]], fmt: str, columns: tuple[str, ...], empty: str
) -> None:
    """Print rows; an empty table says so in words, an empty CSV is its header alone."""
    from relgraph.tables import format_csv, format_rows

    if fmt == "csv":
        typer.echo(format_csv(rows, columns), nl=False)
    elif rows or fmt != "table":
        typer.echo(format_rows(rows, fmt))
    else:
        typer.echo(empty)


@app.command("diff")
def diff_command(
    file: FileArg,
    a: Annotated[str, typer.Argument(help="The earlier day, YYYY-MM-DD.", show_default=False)],
    b: Annotated[str, typer.Argument(help="The later day, YYYY-MM-DD.", show_default=False)],
    kind: _KindOpt = None,
    modality: _ModalityOpt = None,
    actor: _ActorOpt = None,
    ego: _EgoOpt = None,
    min_confidence: _MinConfidenceOpt = None,
    rollup: _RollupOpt = False,
    fmt: _TableFormatOpt = "table",
) -> None:
    """What began, ended, changed or came and went between day A and day B."""
    from relgraph.rows import DIFF_COLUMNS, diff_rows
    from relgraph.tables import check_format

    with reported():
        check_format(fmt)
        filters = _filters(kind, modality, actor, ego, min_confidence, rollup)
        rows = diff_rows(_timeline(file, filters).diff(a, b))
        _echo_rows(rows, fmt, DIFF_COLUMNS, f"No change between {a} and {b}.")


@app.command("history")
def history_command(
    file: FileArg,
    actor: Annotated[str, typer.Argument(help="An actor id, name or alias.", show_default=False)],
    target: Annotated[str, typer.Argument(help="The other actor.", show_default=False)],
    kind: _KindOpt = None,
    modality: _ModalityOpt = None,
    min_confidence: _MinConfidenceOpt = None,
    rollup: _RollupOpt = False,
    fmt: _TableFormatOpt = "table",
) -> None:
    """Every stance between two actors, both directions, ordered by start."""
    from relgraph.rows import HISTORY_COLUMNS, history_rows
    from relgraph.tables import check_format

    with reported():
        check_format(fmt)
        timeline = _timeline(file, _filters(kind, modality, None, None, min_confidence, rollup))
        rows = history_rows(timeline.history(actor, target))
        _echo_rows(rows, fmt, HISTORY_COLUMNS, f"No stances between {actor} and {target}.")


# -- render commands --

_PageOpt = Annotated[
    Path, typer.Option("--output", "-o", metavar="PATH", help="The page to write (.html).")
]
_TitleOpt = Annotated[str | None, typer.Option("--title", help="The page title.")]
_OpenOpt = Annotated[bool, typer.Option("--open", help="Open the page in a browser.")]


@app.command("render")
def render_command(
    file: FileArg,
    output: _PageOpt,
    at: _AtOpt = None,
    start: _FromOpt = None,
    end: _ToOpt = None,
    kind: _KindOpt = None,
    modality: _ModalityOpt = None,
    actor: _ActorOpt = None,
    ego: _EgoOpt = None,
    min_confidence: _MinConfidenceOpt = None,
    rollup: _RollupOpt = False,
    title: _TitleOpt = None,
    open_page: _OpenOpt = False,
) -> None:
    """Write an interactive page of a day (--at) or a period (--from/--to)."""
    from relgraph.export import slice_of
    from relgraph.render import render_graph

    with reported():
        filters = _filters(kind, modality, actor, ego, min_confidence, rollup)
        timeline = _timeline(file, filters)
        page = render_graph(slice_of(timeline, at, start, end), title=title)
        typer.echo(f"Wrote {page.open(output) if open_page else page.write(output)}")


@app.command("timeline")
def timeline_command(
    file: FileArg,
    output: _PageOpt,
    start: _FromOpt = None,
    end: _ToOpt = None,
    step: _StepOpt = "month",
    width: _WidthOpt = None,
    kind: _KindOpt = None,
    modality: _ModalityOpt = None,
    actor: _ActorOpt = None,
    ego: _EgoOpt = None,
    min_confidence: _MinConfidenceOpt = None,
    rollup: _RollupOpt = False,
    title: _TitleOpt = None,
    open_page: _OpenOpt = False,
) -> None:
    """Write one page with a time slider over the steps from --from to --to."""
    from relgraph.render import render_timeline

    with reported():
        filters = _filters(kind, modality, actor, ego, min_confidence, rollup)
        timeline = _timeline(file, filters)
        page = render_timeline(timeline, start, end, step, width, title=title)
        typer.echo(f"Wrote {page.open(output) if open_page else page.write(output)}")


# -- analysis commands --


@app.command("balance")
def balance_command(
    file: FileArg,
    at: _AtOpt = None,
    start: _FromOpt = None,
    end: _ToOpt = None,
    step: _StepOpt = "month",
    width: _WidthOpt = None,
    weight: _WeightOpt = None,
    kind: _KindOpt = None,
    modality: _ModalityOpt = None,
    actor: _ActorOpt = None,
    ego: _EgoOpt = None,
    min_confidence: _MinConfidenceOpt = None,
    rollup: _RollupOpt = False,
    fmt: _TableFormatOpt = "table",
) -> None:
    """Structural balance on a day (--at), or step by step over a period (--from/--to)."""
    from relgraph.analysis.balance import balance, balance_series, parse_weights
    from relgraph.export import slice_of
    from relgraph.tables import check_format, format_csv, format_json, format_rows

    with reported():
        check_format(fmt)
        timeline = _timeline(file, _filters(kind, modality, actor, ego, min_confidence, rollup))
        weights = parse_weights(weight)
        if at is None:
            series = balance_series(timeline, start, end, step=step, width=width, weights=weights)
            typer.echo(format_rows(series.to_rows(), fmt))
            return
        result = balance(slice_of(timeline, at, start, end), weights=weights)
        if fmt == "json":
            typer.echo(format_json({"at": at, **result.to_dict()}))
        elif fmt == "csv":
            typer.echo(format_csv([{"at": at, **result.to_row()}]), nl=False)
        else:
            typer.echo(result.to_text())


@app.command("stats")
def stats_command(
    file: FileArg,
    at: _AtOpt = None,
    start: _FromOpt = None,
    end: _ToOpt = None,
    weight: _WeightOpt = None,
    kind: _KindOpt = None,
    modality: _ModalityOpt = None,
    actor: _ActorOpt = None,
    ego: _EgoOpt = None,
    min_confidence: _MinConfidenceOpt = None,
    rollup: _RollupOpt = False,
    fmt: _TableFormatOpt = "table",
) -> None:
    """Per actor: stances sent and received by sign, and PN centrality (a day or a window)."""
    from relgraph.analysis.balance import parse_weights
    from relgraph.analysis.centrality import stats
    from relgraph.export import slice_of
    from relgraph.tables import check_format, format_rows

    with reported():
        check_format(fmt)
        timeline = _timeline(file, _filters(kind, modality, actor, ego, min_confidence, rollup))
        rows = stats(slice_of(timeline, at, start, end), weights=parse_weights(weight))
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
    at: _AtOpt = None,
    start: _FromOpt = None,
    end: _ToOpt = None,
    step: _StepOpt = "month",
    width: _WidthOpt = None,
    all_dyads: Annotated[
        bool, typer.Option("--all-dyads", help="Panel: every ordered pair, not only active.")
    ] = False,
    kind: _KindOpt = None,
    modality: _ModalityOpt = None,
    actor: _ActorOpt = None,
    ego: _EgoOpt = None,
    min_confidence: _MinConfidenceOpt = None,
    rollup: _RollupOpt = False,
) -> None:
    """Export a day, a window or the whole history for Gephi, R, Stata or pandas."""
    from relgraph.export import write_export

    with reported():
        timeline = _timeline(file, _filters(kind, modality, actor, ego, min_confidence, rollup))
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
    start: _FromOpt = None,
    end: _ToOpt = None,
    kind: _KindOpt = None,
    modality: _ModalityOpt = None,
    min_confidence: _MinConfidenceOpt = None,
    rollup: _RollupOpt = False,
) -> None:
    """Plot a pair's stances over time in both directions, modality and dates marked."""
    from relgraph.plot import plot_pair

    with reported():
        timeline = _timeline(file, _filters(kind, modality, None, None, min_confidence, rollup))
        path = plot_pair(timeline, actor, target, output, start=start, end=end)
        typer.echo(f"Wrote {path}")


@app.command("plot-balance")
def plot_balance_command(
    file: FileArg,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="PATH", help="The image (.png, .svg or .pdf)."),
    ],
    start: _FromOpt = None,
    end: _ToOpt = None,
    step: _StepOpt = "month",
    width: _WidthOpt = None,
    weight: _WeightOpt = None,
    kind: _KindOpt = None,
    modality: _ModalityOpt = None,
    actor: _ActorOpt = None,
    ego: _EgoOpt = None,
    min_confidence: _MinConfidenceOpt = None,
    rollup: _RollupOpt = False,
) -> None:
    """Plot structural balance step by step over a period (--from/--to)."""
    from relgraph.analysis.balance import balance_series, parse_weights
    from relgraph.plot import plot_balance

    with reported():
        timeline = _timeline(file, _filters(kind, modality, actor, ego, min_confidence, rollup))
        series = balance_series(
            timeline, start, end, step=step, width=width, weights=parse_weights(weight)
        )
        typer.echo(f"Wrote {plot_balance(series, output)}")


def main() -> None:
    """Run the command line (the ``relgraph`` console script)."""
    app(prog_name="relgraph")


if __name__ == "__main__":  # pragma: no cover
    main()
