"""``relgraph show``, ``diff`` and ``history``: what is in force, what changed, a pair's story."""

from __future__ import annotations

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
    TableFormatOpt,
    ToOpt,
    app,
    echo_rows,
    reported,
    slice_text,
    timeline_of,
)


@app.command("show")
def show_command(
    file: FileArg,
    at: AtOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    kind: KindOpt = None,
    modality: ModalityOpt = None,
    actor: ActorOpt = None,
    ego: EgoOpt = None,
    min_confidence: MinConfidenceOpt = None,
    rollup: RollupOpt = False,
    fmt: TableFormatOpt = "table",
) -> None:
    """List the stances in force on a day (--at) or in a period (--from/--to)."""
    from relgraph.records import SHOW_COLUMNS, STANCE_COLUMNS, flatten, stance_records
    from relgraph.tables import check_format

    with reported(file):
        check_format(fmt)
        timeline = timeline_of(file, kind, modality, actor, ego, min_confidence, rollup)
        graph = timeline.slice(at, start=start, end=end)
        rows = flatten(stance_records(graph, STANCE_COLUMNS if fmt == "json" else SHOW_COLUMNS))
        echo_rows(
            rows, fmt, SHOW_COLUMNS, f"No stances in force {slice_text(graph.graph['slice'])}."
        )


@app.command("diff")
def diff_command(
    file: FileArg,
    a: Annotated[str, typer.Argument(help="The earlier day, YYYY-MM-DD.", show_default=False)],
    b: Annotated[str, typer.Argument(help="The later day, YYYY-MM-DD.", show_default=False)],
    kind: KindOpt = None,
    modality: ModalityOpt = None,
    actor: ActorOpt = None,
    ego: EgoOpt = None,
    min_confidence: MinConfidenceOpt = None,
    rollup: RollupOpt = False,
    fmt: TableFormatOpt = "table",
) -> None:
    """What began, ended, changed or came and went between day A and day B."""
    from relgraph.records import DIFF_COLUMNS, diff_records
    from relgraph.tables import check_format

    with reported(file):
        check_format(fmt)
        timeline = timeline_of(file, kind, modality, actor, ego, min_confidence, rollup)
        rows = diff_records(timeline.diff(a, b))
        echo_rows(rows, fmt, DIFF_COLUMNS, f"No change between {a} and {b}.")


@app.command("history")
def history_command(
    file: FileArg,
    actor: Annotated[str, typer.Argument(help="An actor id, name or alias.", show_default=False)],
    target: Annotated[str, typer.Argument(help="The other actor.", show_default=False)],
    kind: KindOpt = None,
    modality: ModalityOpt = None,
    min_confidence: MinConfidenceOpt = None,
    rollup: RollupOpt = False,
    fmt: TableFormatOpt = "table",
) -> None:
    """Every stance between two actors, both directions, ordered by start."""
    from relgraph.records import HISTORY_COLUMNS, history_records
    from relgraph.tables import check_format

    with reported(file):
        check_format(fmt)
        timeline = timeline_of(file, kind, modality, None, None, min_confidence, rollup)
        rows = history_records(timeline.history(actor, target))
        echo_rows(rows, fmt, HISTORY_COLUMNS, f"No stances between {actor} and {target}.")
