"""``relgraph import atop|cow-mid|dyadic`` (dyad-year tables) and ``relgraph merge``.

The ``import`` group is the event-data importers' (:mod:`relgraph.cli.imports`); this module
adds its three commands to it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from relgraph.cli._app import reported
from relgraph.cli.imports import import_app, importing
from relgraph.errors import QueryError, plural

if TYPE_CHECKING:
    from relgraph.events.dyadic import DyadicImport


TableArg = Annotated[
    Path,
    typer.Argument(
        help="The table: CSV with a header (or Parquet).", show_default=False, metavar="FILE"
    ),
]
OutOpt = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        metavar="OUT",
        help="A dataset directory to write, or a .yaml file for small results.",
    ),
]
FromYear = Annotated[
    str | None, typer.Option("--from", metavar="YEAR", help="First year kept (inclusive).")
]
ToYear = Annotated[
    str | None, typer.Option("--to", metavar="YEAR", help="Last year kept (inclusive).")
]
TitleOpt = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="The title.")]


def _write(result: DyadicImport, output: Path) -> None:
    """The report on stderr, as the event importers give it; then the file, and a line."""
    for reason, count in sorted(result.left_out.items()):
        typer.echo(f"  left out: {plural(count, 'row')}: {reason}", err=True)
    for note in result.notes:
        typer.echo(f"  note: {note}", err=True)
    result.write(output)
    typer.echo(f"Wrote {output}: {result.summary}")


def _run(read: Callable[..., DyadicImport], file: Path, output: Path, **options: Any) -> None:
    with importing([file], output):  # the output is checked before the work
        try:
            result = read(file, **options)
        except QueryError as error:  # options that do not fit together: a usage error
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(2) from None
        _write(result, output)


@import_app.command("atop")
def import_atop(
    file: TableArg,
    output: OutOpt,
    start: FromYear = None,
    end: ToYear = None,
    title: TitleOpt = None,
) -> None:
    """ATOP's directed dyad-year alliance file: one alliance stance per run of years with the
    same obligations (ccode1/ccode2/atop_* or stateA/stateB/defense... columns).

    \b
    Example:
      relgraph import atop data/dyadic/atop_major_powers.csv -o alliances
    """
    from relgraph.events.dyadic import read_atop

    _run(read_atop, file, output, start=start, end=end, title=title)


@import_app.command("cow-mid")
def import_cow_mid(
    file: TableArg,
    output: OutOpt,
    start: FromYear = None,
    end: ToYear = None,
    title: TitleOpt = None,
) -> None:
    """COW-MID's directed dispute-year file: one conflict stance per dispute, directed pair
    and run of years at the same hostility level (valence -hostlev1/5; level 2 threatened).

    \b
    Example:
      relgraph import cow-mid data/dyadic/cow_mid_major_powers.csv -o disputes --from 1900
    """
    from relgraph.events.dyadic import read_cow_mid

    _run(read_cow_mid, file, output, start=start, end=end, title=title)


@import_app.command("dyadic")
def import_dyadic(
    file: TableArg,
    output: OutOpt,
    actor_col: Annotated[
        str, typer.Option("--actor-col", metavar="COL", help="Column of the first side.")
    ],
    target_col: Annotated[
        str, typer.Option("--target-col", metavar="COL", help="Column of the second side.")
    ],
    year_col: Annotated[
        str | None,
        typer.Option("--year-col", metavar="COL", help="Year column: rows are pair-years."),
    ] = None,
    start_col: Annotated[
        str | None,
        typer.Option("--start-col", metavar="COL", help="Start column: rows are spells."),
    ] = None,
    end_col: Annotated[
        str | None, typer.Option("--end-col", metavar="COL", help="End column of spells.")
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", metavar="KIND", help="The stances' kind (default other).")
    ] = "other",
    valence: Annotated[
        float | None,
        typer.Option("--valence", metavar="NUMBER", help="One valence for all, -1..1."),
    ] = None,
    valence_col: Annotated[
        str | None,
        typer.Option("--valence-col", metavar="COL", help="A column already in -1..1."),
    ] = None,
    modality: Annotated[
        str,
        typer.Option("--modality", metavar="MODALITY", help="actual, considered or threatened."),
    ] = "actual",
    mutual: Annotated[
        bool, typer.Option("--mutual", help="The pair holds both ways: A->B and B->A are one.")
    ] = False,
    label: Annotated[
        str | None, typer.Option("--label", metavar="TEXT", help="One label for all.")
    ] = None,
    codes: Annotated[
        str,
        typer.Option(
            "--codes", metavar="SCHEME", help="cow: COW numbers (default); none: ids as written."
        ),
    ] = "cow",
    start: FromYear = None,
    end: ToYear = None,
    title: TitleOpt = None,
) -> None:
    """Any dyad-year (--year-col) or spell (--start-col/--end-col) table: consecutive years
    with the same valence become one stance.

    \b
    Example:
      relgraph import dyadic data/dyadic/atop_major_powers.csv -o ties --actor-col ccode1 \\
          --target-col ccode2 --year-col year --kind alliance --valence-col atop_defense
    """
    from relgraph.events.dyadic import read_dyadic

    _run(
        read_dyadic, file, output, actor_col=actor_col, target_col=target_col,
        year_col=year_col, start_col=start_col, end_col=end_col, kind=kind, valence=valence,
        valence_col=valence_col, modality=modality, mutual=mutual, label=label, codes=codes,
        start=start, end=end, title=title,
    )  # fmt: skip


def merge_command(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Relations to merge: YAML files or dataset directories.",
            show_default=False,
            metavar="INPUTS...",
        ),
    ],
    output: OutOpt,
    prefer: Annotated[
        str | None,
        typer.Option(
            "--prefer",
            metavar="FIRST|LAST",
            help="Which input wins when two give an actor or source different fields.",
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="The title (default: the inputs' titles)."),
    ] = None,
    prefix_ids: Annotated[
        bool,
        typer.Option("--prefix-ids", help="Prefix each input's stance ids with its file stem."),
    ] = False,
) -> None:
    """Merge relations into one dataset (or a .yaml file): one actor per id, unique stance
    ids, each stance's input recorded in attrs.relgraph_input.

    \b
    Example:
      relgraph merge data/relations.yaml more.yaml --prefix-ids -o merged
    """
    from relgraph.merge import merge_relations, write_relations

    if prefer not in (None, "first", "last"):
        typer.echo(f"Error: --prefer must be first or last (got {prefer!r})", err=True)
        raise typer.Exit(2)
    with reported(*inputs):
        merged = merge_relations(inputs, prefer=prefer, prefix_ids=prefix_ids, title=title)
        write_relations(merged, output)
        typer.echo(
            f"Wrote {output}: {plural(merged.stances.num_rows, 'stance')}, "
            f"{plural(merged.actors.num_rows, 'actor')} from {plural(len(inputs), 'input')}"
        )
