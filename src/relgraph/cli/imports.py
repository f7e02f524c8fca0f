"""``relgraph import gdelt|icews|polecat|plover`` and ``relgraph convert``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from relgraph.cli._app import reported
from relgraph.errors import plural

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
_OUTPUT = typer.Option(
    "--output",
    "-o",
    metavar="OUT",
    help="A dataset directory, or a .yaml file for a small result you want to edit.",
    show_default=False,
)
OutputOpt = Annotated[Path, _OUTPUT]
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
PloverMeasureOpt = Annotated[
    str, typer.Option("--measure", metavar="MEASURE", help="netcoop only: PLOVER has no score.")
]

_PERIODS = ("day", "week", "month", "quarter", "year")
_SCORED = ("goldstein", "netcoop")  # the measures of a source with scores


def _choice(value: str, choices: tuple[str, ...], option: str) -> str:
    if value not in choices:
        raise typer.BadParameter(
            f"{value!r} is not one of {', '.join(choices)}", param_hint=f"'{option}'"
        )
    return value


def _check_events(options: dict[str, Any]) -> None:
    _choice(str(options["period"]), _PERIODS, "--period")
    _choice(str(options["quad_scheme"]), ("gdelt", "icews"), "--quad-scheme")


@contextmanager
def importing(inputs: list[Path], output: Path) -> Iterator[None]:
    """Check ``output`` before the work (never an input, never a bad place: a dataset is a
    directory); a file that is not what its name says is an error as in every command."""
    from relgraph._io import check_target, run_checks

    with reported(*inputs):
        if output.suffix.lower() in (".yaml", ".yml"):
            check_target(output)
        else:
            run_checks(output)
        yield


def _wrote(output: Path, stances: int, actors: int) -> None:
    typer.echo(f"Wrote {output}: {plural(stances, 'stance')}, {plural(actors, 'actor')}")


def _run(files: list[Path], output: Path, **options: Any) -> None:
    """Import, print the report on stderr, write the dataset (or YAML)."""
    from relgraph.events import read_events
    from relgraph.merge import write_relations

    _check_events(options)
    with importing(files, output):
        dataset, report = read_events(files, **options)  # type: ignore[arg-type]
        for line in report.lines():
            typer.echo(line, err=True)
        write_relations(dataset, output)
    _wrote(output, dataset.stances.num_rows, dataset.actors.num_rows)


GdeltFilesArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="GDELT files (globs allowed; .gz and .zip too); with --engine spark also "
        "gs://, s3a:// or hdfs:// paths. None with --engine bigquery.",
        show_default=False,
        metavar="FILES...",
    ),
]
EngineOpt = Annotated[
    str,
    typer.Option(
        "--engine",
        metavar="ENGINE",
        help="duckdb (embedded, default), spark (a local session, a cluster or Spark "
        "Connect) or bigquery (GDELT's public tables).",
    ),
]


@import_app.command("gdelt")
def import_gdelt(
    files: GdeltFilesArg = None,
    output: Annotated[Path | None, _OUTPUT] = None,
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
    engine: EngineOpt = "duckdb",
    spark_master: Annotated[
        str | None,
        typer.Option(
            "--spark-master",
            metavar="URL",
            help="--engine spark: a cluster (spark://HOST:7077, yarn, k8s://...); "
            "default local[*].",
        ),
    ] = None,
    spark_remote: Annotated[
        str | None,
        typer.Option(
            "--spark-remote",
            metavar="URL",
            help="--engine spark: Spark Connect at sc://HOST:PORT (or set SPARK_REMOTE).",
        ),
    ] = None,
    sql: Annotated[
        bool,
        typer.Option("--sql", help="--engine bigquery: print the query instead of running it."),
    ] = False,
    gdelt_version: Annotated[
        int,
        typer.Option(
            "--gdelt-version",
            metavar="N",
            help="--engine bigquery: 2 (gdelt-bq.gdeltv2, default) or 1 (gdelt-bq.full).",
        ),
    ] = 2,
) -> None:
    """GDELT 1.0 (57 or 58 columns) or 2.0 (61) events, detected per file; no header.

    \b
    Example:
      relgraph import gdelt tests/data/events/gdelt2_sample.export.CSV -o gdelt-aug-2024

    \b
    Past one machine (README "When one machine is not enough"):
      relgraph import gdelt 'gs://bucket/2024*.export.CSV' -o gdelt-2024 --engine spark \\
          --spark-remote sc://spark-host:15002
      relgraph import gdelt --engine bigquery --sql --from 2024-01-01 --to 2024-12-31
    """
    _choice(measure, _SCORED, "--measure")
    _choice(actors, ("country", "code"), "--actors")
    _choice(engine, ("duckdb", "spark", "bigquery"), "--engine")
    options: dict[str, Any] = {
        "period": period, "measure": measure, "min_events": min_events,
        "root_only": root_only, "start": start, "end": end, "actors": actors,
        "quad_scheme": quad_scheme,
    }  # fmt: skip
    if engine != "spark" and (spark_master or spark_remote):
        raise typer.BadParameter(
            "--spark-master and --spark-remote are for --engine spark",
            param_hint="'--engine'",
        )
    if engine != "bigquery" and (sql or gdelt_version != 2):
        raise typer.BadParameter(
            "--sql and --gdelt-version are for --engine bigquery", param_hint="'--engine'"
        )
    if engine == "bigquery":
        _run_bigquery(files, output, sql, gdelt_version, title, **options)
        return
    if not files:
        raise typer.BadParameter("give one or more GDELT files", param_hint="'FILES...'")
    if output is None:
        raise typer.BadParameter("give the output: -o OUT", param_hint="'--output'")
    if engine == "spark":
        _run_spark(files, output, spark_master, spark_remote, title, **options)
        return
    _run([Path(f) for f in files], output, source="gdelt", title=title, **options)


def _run_spark(
    files: list[str],
    output: Path,
    master: str | None,
    remote: str | None,
    title: str | None,
    **options: Any,
) -> None:
    """The import on Spark: Spark writes the dataset; the report comes back."""
    from relgraph.events.engines import import_events_spark, is_remote

    _check_events(options)
    if output.suffix.lower() in (".yaml", ".yml"):
        raise typer.BadParameter(
            "--engine spark writes a dataset directory (then `relgraph convert` makes YAML)",
            param_hint="'--output'",
        )
    with importing([Path(f) for f in files if not is_remote(f)], output):
        report = import_events_spark(
            files, output, source="gdelt", master=master, remote=remote, title=title, **options
        )
        for line in report.lines():
            typer.echo(line, err=True)
    _wrote(output, report.stances, report.actors)


def _run_bigquery(
    files: list[str] | None,
    output: Path | None,
    sql: bool,
    version: int,
    title: str | None,
    **options: object,
) -> None:
    """Print the BigQuery query (--sql) or run it and write its stances."""
    from relgraph.errors import QueryError
    from relgraph.events.engines import bigquery_sql, read_stances, run_bigquery
    from relgraph.merge import write_relations

    if files:
        raise typer.BadParameter(
            "--engine bigquery reads GDELT's public tables, not files", param_hint="'FILES...'"
        )
    _choice(str(version), ("1", "2"), "--gdelt-version")
    if options["start"] is None or options["end"] is None:
        raise typer.BadParameter(
            "--engine bigquery needs --from and --to: the query reads only those days (a "
            "query over all of GDELT scans, and bills, the whole table)",
            param_hint="'--from'",
        )
    try:
        query = bigquery_sql(gdelt_version=version, **options)
    except QueryError as error:
        raise typer.BadParameter(str(error), param_hint="'--engine'") from None
    if sql:
        typer.echo(query, nl=False)
        return
    if output is None:
        raise typer.BadParameter("give the output: -o OUT (or --sql)", param_hint="'--output'")
    with reported():  # pragma: no cover - needs Google credentials
        rows = run_bigquery(query)
        dataset = read_stances([], rows=rows, title=title)
        write_relations(dataset, output)
        typer.echo(f"Wrote {output}: {dataset.stances.num_rows:,} stances")


@import_app.command("stances")
def import_stances(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Flat stance rows: CSV with a header, or Parquet (globs allowed).",
            show_default=False,
            metavar="FILES...",
        ),
    ],
    output: OutputOpt,
    title: TitleOpt = None,
) -> None:
    """Flat stance rows (actor, target, start, end, kind, valence, n_events, q1..q4,
    score_mean, url_1..url_3), as `import gdelt --engine bigquery` gives them."""
    from relgraph.events.engines import read_stances
    from relgraph.merge import write_relations

    with importing(files, output):
        dataset = read_stances(files, title=title)
        write_relations(dataset, output)
    _wrote(output, dataset.stances.num_rows, dataset.actors.num_rows)


def _events_command(
    source: str, measure_option: Any, measures: tuple[str, ...]
) -> Callable[..., None]:
    """The command importing one source's event files: every source takes the same options
    but ``--measure``, whose help and choices are the source's own."""

    def command(
        files: FilesArg,
        output: OutputOpt,
        period: PeriodOpt = "month",
        measure: str = measures[0],
        min_events: MinEventsOpt = 1,
        start: FromOpt = None,
        end: ToOpt = None,
        quad_scheme: QuadOpt = "gdelt",
        title: TitleOpt = None,
    ) -> None:
        _choice(measure, measures, "--measure")
        _run(
            files, output, source=source, period=period, measure=measure, min_events=min_events,
            start=start, end=end, quad_scheme=quad_scheme, title=title,
        )  # fmt: skip

    command.__annotations__["measure"] = measure_option
    return command


import_app.command(
    "icews", help="ICEWS coded events (the Dataverse .tab: 20 named columns, NA as missing)."
)(_events_command("icews", ScoredMeasureOpt, _SCORED))
import_app.command(
    "polecat",
    help="POLECAT events (tab-separated, the release's header; quad code as 1-4 or words).",
)(_events_command("polecat", ScoredMeasureOpt, _SCORED))
import_app.command(
    "plover", help="PLOVER events, JSON or JSONL (actor/recipient, or the older source/target)."
)(_events_command("plover", PloverMeasureOpt, ("netcoop",)))


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
    from relgraph.merge import write_relations

    with reported(source):
        if is_dataset(source):
            dataset = read_dataset(source)
        else:
            relations = read_relations(source)
            dataset = dataset_from_relations(relations)
        write_relations(dataset, output)
    _wrote(output, dataset.stances.num_rows, dataset.actors.num_rows)
