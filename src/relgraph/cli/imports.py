"""``relgraph import gdelt|icews|polecat|plover`` and ``relgraph convert``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from relgraph.cli._app import reported
from relgraph.errors import LoadError

if TYPE_CHECKING:
    from relgraph.dataset import Dataset

import_app = typer.Typer(
    name="import",
    help="Bring data in as relations: event data (GDELT, ICEWS, POLECAT, PLOVER) and "
    "dyad-year tables (ATOP, COW-MID, any pair-year or spell table).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

FilesArg = Annotated[
    list[Path],
    typer.Argument(
        help="Event files (globs allowed; .gz and .zip too).",
        show_default=False,
        metavar="FILES...",
    ),
]
OutputOpt = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        metavar="OUT",
        help="A dataset directory, or a .yaml file for a small result you want to edit.",
        show_default=False,
    ),
]
PeriodOpt = Annotated[
    str,
    typer.Option(
        "--period",
        metavar="PERIOD",
        help="One stance per pair and day, week, month, quarter or year (not a series' --step).",
    ),
]
MinEventsOpt = Annotated[
    int,
    typer.Option("--min-events", metavar="N", min=1, help="Leave out pairs with fewer events."),
]
FromOpt = Annotated[
    str | None,
    typer.Option("--from", metavar="DATE", help="First event day kept (periods stay whole)."),
]
ToOpt = Annotated[
    str | None,
    typer.Option("--to", metavar="DATE", help="Last event day kept (periods stay whole)."),
]
QuadOpt = Annotated[
    str,
    typer.Option(
        "--quad-scheme", metavar="SCHEME", help="Quad classes from CAMEO roots: gdelt or icews."
    ),
]
TitleOpt = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Dataset title.")]
ScoredMeasureOpt = Annotated[
    str,
    typer.Option(
        "--measure",
        metavar="MEASURE",
        help="goldstein (mean score / 10) or netcoop ((q1 + q2 - q3 - q4) / n).",
    ),
]

_PERIODS = ("day", "week", "month", "quarter", "year")


def _choice(value: str, choices: tuple[str, ...], option: str) -> str:
    if value not in choices:
        raise typer.BadParameter(
            f"{value!r} is not one of {', '.join(choices)}", param_hint=f"'{option}'"
        )
    return value


def _run(files: list[Path], output: Path, **options: object) -> None:
    """Import, print the report on stderr, write the dataset (or YAML)."""
    from relgraph.events import read_events

    _choice(str(options["period"]), _PERIODS, "--period")
    _choice(str(options["quad_scheme"]), ("gdelt", "icews"), "--quad-scheme")
    from relgraph._io import check_target, run_checks

    with reported(*files):
        # before the work: never the input, never a bad place (a dataset is a directory)
        if output.suffix.lower() in (".yaml", ".yml"):
            check_target(output)
        else:
            run_checks(output)
        try:
            dataset, report = read_events(files, **options)  # type: ignore[arg-type]
        except LoadError as error:
            # a file that is not what its name says: FILE: message, one line each
            for problem in error.problems:
                typer.echo(str(problem), err=True)
            raise typer.Exit(1) from None
        for line in report.lines():
            typer.echo(line, err=True)
        _write(dataset, output)
    typer.echo(
        f"Wrote {output}: {dataset.stances.num_rows:,} stances, {dataset.actors.num_rows:,} actors"
    )


def _write(dataset: Dataset, output: Path) -> None:
    from relgraph._io import atomic_write_text
    from relgraph.dataset import dataset_to_yaml, write_dataset

    if output.suffix.lower() in (".yaml", ".yml"):
        atomic_write_text(output, dataset_to_yaml(dataset))
    else:
        write_dataset(
            output,
            actors=dataset.actors,
            stances=dataset.stances,
            sources=dataset.sources,
            title=dataset.title,
            provenance=dataset.provenance,
        )


@import_app.command("gdelt")
def import_gdelt(
    files: FilesArg,
    output: OutputOpt,
    period: PeriodOpt = "month",
    measure: ScoredMeasureOpt = "goldstein",
    min_events: MinEventsOpt = 1,
    root_only: Annotated[
        bool, typer.Option("--root-only", help="Keep only root events (IsRootEvent = 1).")
    ] = False,
    start: FromOpt = None,
    end: ToOpt = None,
    actors: Annotated[
        str,
        typer.Option(
            "--actors",
            metavar="WHICH",
            help="country (Actor1/2CountryCode) or code (the full Actor1/2Code).",
        ),
    ] = "country",
    quad_scheme: QuadOpt = "gdelt",
    title: TitleOpt = None,
) -> None:
    """GDELT 1.0 (57 or 58 columns) or 2.0 (61) events, detected per file; no header."""
    _choice(measure, ("goldstein", "netcoop"), "--measure")
    _choice(actors, ("country", "code"), "--actors")
    _run(
        files, output, source="gdelt", period=period, measure=measure, min_events=min_events,
        root_only=root_only, start=start, end=end, actors=actors, quad_scheme=quad_scheme,
        title=title,
    )  # fmt: skip


@import_app.command("icews")
def import_icews(
    files: FilesArg,
    output: OutputOpt,
    period: PeriodOpt = "month",
    measure: ScoredMeasureOpt = "goldstein",
    min_events: MinEventsOpt = 1,
    start: FromOpt = None,
    end: ToOpt = None,
    quad_scheme: QuadOpt = "gdelt",
    title: TitleOpt = None,
) -> None:
    """ICEWS coded events (the Dataverse .tab: 20 named columns, NA as missing)."""
    _choice(measure, ("goldstein", "netcoop"), "--measure")
    _run(
        files, output, source="icews", period=period, measure=measure, min_events=min_events,
        start=start, end=end, quad_scheme=quad_scheme, title=title,
    )  # fmt: skip


@import_app.command("polecat")
def import_polecat(
    files: FilesArg,
    output: OutputOpt,
    period: PeriodOpt = "month",
    measure: ScoredMeasureOpt = "goldstein",
    min_events: MinEventsOpt = 1,
    start: FromOpt = None,
    end: ToOpt = None,
    quad_scheme: QuadOpt = "gdelt",
    title: TitleOpt = None,
) -> None:
    """POLECAT events (tab-separated, the release's header; quad code as 1-4 or words)."""
    _choice(measure, ("goldstein", "netcoop"), "--measure")
    _run(
        files, output, source="polecat", period=period, measure=measure,
        min_events=min_events, start=start, end=end, quad_scheme=quad_scheme, title=title,
    )  # fmt: skip


@import_app.command("plover")
def import_plover(
    files: FilesArg,
    output: OutputOpt,
    period: PeriodOpt = "month",
    measure: Annotated[
        str,
        typer.Option("--measure", metavar="MEASURE", help="netcoop only: PLOVER has no score."),
    ] = "netcoop",
    min_events: MinEventsOpt = 1,
    start: FromOpt = None,
    end: ToOpt = None,
    quad_scheme: QuadOpt = "gdelt",
    title: TitleOpt = None,
) -> None:
    """PLOVER events, JSON or JSONL (actor/recipient, or the older source/target)."""
    _choice(measure, ("netcoop",), "--measure")
    _run(
        files, output, source="plover", period=period, measure=measure, min_events=min_events,
        start=start, end=end, quad_scheme=quad_scheme, title=title,
    )  # fmt: skip


def convert(
    source: Annotated[
        Path,
        typer.Argument(
            help="A relations YAML file or a dataset directory.", metavar="IN", show_default=False
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT",
            help="A .yaml file, or a dataset directory (any other name).",
            show_default=False,
        ),
    ],
) -> None:
    """Turn a YAML file into a dataset directory, or a dataset into curated YAML.

    \b
    Example:
      relgraph convert data/relations.yaml -o relations-dataset
    """
    from relgraph.dataset import dataset_from_relations, is_dataset, read_dataset
    from relgraph.load import read_relations

    with reported(source):
        if is_dataset(source):
            dataset = read_dataset(source)
        else:
            relations = read_relations(source)
            dataset = dataset_from_relations(relations)
        _write(dataset, output)
    typer.echo(
        f"Wrote {output}: {dataset.stances.num_rows:,} stances, {dataset.actors.num_rows:,} actors"
    )
