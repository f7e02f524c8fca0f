"""``relgraph show``, ``diff`` and ``history``: what is in force, what changed, a pair's story."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from relgraph.cli._app import reported
from relgraph.cli.inputs import pair_of, slice_of, slice_text, timeline_of, whole_day
from relgraph.cli.options import (
    AtOpt,
    FileArg,
    FromOpt,
    RelationsArg,
    SpreadsheetSafeOpt,
    TableFormatOpt,
    ToOpt,
    filtered,
)
from relgraph.cli.output import check_format, echo_rows
from relgraph.errors import QueryError

if TYPE_CHECKING:
    from relgraph.timeline import Filters

__all__ = ["diff", "history", "show"]

ActorArg = Annotated[
    str, typer.Argument(help="An actor id, name or alias.", show_default=False, metavar="ACTOR")
]
TargetArg = Annotated[
    str, typer.Argument(help="The other actor.", show_default=False, metavar="TARGET")
]


@filtered()
def show(
    files: RelationsArg,
    at: AtOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    *,
    filters: Filters,
    fmt: TableFormatOpt = "table",
    spreadsheet_safe: SpreadsheetSafeOpt = False,
) -> None:
    """List the stances in force on a day (--at) or in a period (--from/--to).

    \b
    Example:
      relgraph show data/relations.yaml --at 2024-05-14 --modality considered
    """
    from relgraph.records import SHOW_COLUMNS, STANCE_COLUMNS, flatten, stance_records

    with reported(*files):
        check_format(fmt)
        graph = slice_of(timeline_of(files, filters), at, start, end)
        rows = flatten(stance_records(graph, STANCE_COLUMNS if fmt == "json" else SHOW_COLUMNS))
        echo_rows(
            rows,
            fmt,
            SHOW_COLUMNS,
            f"No stances in force {slice_text(graph)}.",
            spreadsheet_safe=spreadsheet_safe,
        )


@filtered()
def diff(
    file: FileArg,
    a: Annotated[
        str, typer.Argument(help="The earlier day, YYYY-MM-DD.", show_default=False, metavar="A")
    ],
    b: Annotated[
        str, typer.Argument(help="The later day, YYYY-MM-DD.", show_default=False, metavar="B")
    ],
    *,
    filters: Filters,
    fmt: TableFormatOpt = "table",
    spreadsheet_safe: SpreadsheetSafeOpt = False,
) -> None:
    """What began, ended, changed or came and went between day A and day B.

    \b
    Example:
      relgraph diff data/relations.yaml 2024-01-01 2024-05-14
    """
    from relgraph.records import DIFF_COLUMNS, diff_records

    with reported(file):
        check_format(fmt)
        first, second = whole_day(a, "day A"), whole_day(b, "day B")
        if second < first:
            raise QueryError(f"day B ({b}) is before day A ({a}); give the earlier day first")
        timeline = timeline_of(file, filters)
        rows = diff_records(timeline.diff(first, second))
        echo_rows(
            rows,
            fmt,
            DIFF_COLUMNS,
            f"No change between {a} and {b}.",
            spreadsheet_safe=spreadsheet_safe,
        )


@filtered(pair=True)
def history(
    file: FileArg,
    actor: ActorArg,
    target: TargetArg,
    *,
    filters: Filters,
    fmt: TableFormatOpt = "table",
    spreadsheet_safe: SpreadsheetSafeOpt = False,
) -> None:
    """Every stance between two actors, both directions, ordered by start.

    \b
    Example:
      relgraph history data/relations.yaml Egypt Israel
    """
    from relgraph.records import HISTORY_COLUMNS, history_records

    with reported(file):
        check_format(fmt)
        timeline = timeline_of(file, filters)
        pair_of(timeline, actor, target)
        rows = history_records(timeline.history(actor, target))
        echo_rows(
            rows,
            fmt,
            HISTORY_COLUMNS,
            f"No stances between {actor} and {target}.",
            spreadsheet_safe=spreadsheet_safe,
        )
