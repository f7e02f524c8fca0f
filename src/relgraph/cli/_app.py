"""The Typer app, the options the commands share, and the helpers they print with."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from relgraph._version import __version__
from relgraph.errors import OutputError, RelgraphError

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


AtOpt = Annotated[
    str | None, typer.Option("--at", metavar="DAY", help="One whole day, YYYY-MM-DD.")
]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from", metavar="DATE", help="First day, inclusive (a partial date is its first day)."
    ),
]
ToOpt = Annotated[
    str | None,
    typer.Option(
        "--to", metavar="DATE", help="Last day, inclusive (a partial date is its last day)."
    ),
]
StepOpt = Annotated[
    str,
    typer.Option(
        "--step", metavar="STEP", help="Calendar step: day, week, month, quarter or year."
    ),
]
WidthOpt = Annotated[
    str | None,
    typer.Option(
        "--width",
        metavar="WIDTH",
        help="A rolling window per step instead: days (90) or 12w, 3m, 1y.",
    ),
]
WeightOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--weight",
        metavar="MODALITY=NUMBER",
        help="How much a modality counts towards a pair's sign (defaults: actual=1, "
        "considered=0, threatened=0). Repeatable.",
    ),
]
RollupOpt = Annotated[
    bool, typer.Option("--rollup", help="Fold persons into the actor they speak for.")
]
TableFormatOpt = Annotated[
    str, typer.Option("--format", metavar="FORMAT", help="table, json or csv.")
]

KindOpt = Annotated[
    list[str] | None,
    typer.Option("--kind", metavar="KIND", help="Show only stances of this kind. Repeatable."),
]
ModalityOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--modality",
        metavar="MODALITY",
        help="Show only actual, considered or threatened. Repeatable.",
    ),
]
ActorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--actor", metavar="ACTOR", help="Show only these actors and the stances among them."
    ),
]
EgoOpt = Annotated[
    str | None, typer.Option("--ego", metavar="ACTOR", help="Show only the stances of this actor.")
]
MinConfidenceOpt = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        metavar="NUMBER",
        help="Leave out stances below this confidence (0..1).",
    ),
]


@contextmanager
def reported(*inputs: Path) -> Iterator[None]:
    """Turn relgraph's own errors into ``Error: ...`` on stderr and exit code 1.

    No output written inside the block may replace one of ``inputs``: the command never
    overwrites the file it read (``render data.yaml -o data.yaml``), whatever the name of the
    output that would (a panel's provenance sidecar included).
    """
    from relgraph._io import checking_targets

    def never_an_input(target: Path) -> None:
        for path in inputs:
            if _same_file(target, path):
                raise OutputError(
                    f"cannot write {target}: that would overwrite the input file {path}; "
                    "choose another output path"
                )

    try:
        with checking_targets(never_an_input):
            yield
    except RelgraphError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(1) from None


def _same_file(target: Path, path: Path) -> bool:
    try:
        return os.path.samefile(target, path)
    except OSError:  # one of them does not exist (yet)
        return os.path.abspath(target) == os.path.abspath(path)


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


def timeline_of(
    file: Path,
    kind: list[str] | None,
    modality: list[str] | None,
    actor: list[str] | None,
    ego: str | None,
    min_confidence: float | None,
    rollup: bool,
) -> Timeline:
    """Read the file's timeline with the shared filters; say on stderr what a roll-up left out."""
    from relgraph.timeline import read_timeline

    timeline = read_timeline(
        file, kinds=kind, modalities=modality, actors=actor, ego=ego,
        min_confidence=min_confidence, rollup=rollup or None,
    )  # fmt: skip
    if timeline.dropped:
        count = timeline.dropped
        typer.echo(
            f"Note: the roll-up left out {count} stance{'s' if count != 1 else ''} that would "
            "fold into a self-loop.",
            err=True,
        )
    if timeline.merged:
        count = timeline.merged
        typer.echo(
            f"Note: the roll-up merged {count} edge{'s' if count != 1 else ''} of listed "
            "stances that fold onto a pair the same stance already ties.",
            err=True,
        )
    return timeline


def slice_text(slice_: dict[str, str]) -> str:
    if "at" in slice_:
        return f"on {slice_['at']}"
    return f"from {slice_['start']} to {slice_['end']}"


def echo_rows(
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
