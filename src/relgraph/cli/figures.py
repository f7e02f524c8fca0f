"""``relgraph figure``: a static figure of a day, a period, or one panel per step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from relgraph.cli._app import reported
from relgraph.cli.inputs import slice_of, timeline_of
from relgraph.cli.options import AtOpt, FromOpt, RelationsArg, ToOpt, WidthOpt, filtered
from relgraph.cli.output import note
from relgraph.errors import plural

if TYPE_CHECKING:
    from relgraph.timeline import Filters

_LABELS: dict[str, Literal["all", "auto", "none"]] = {"all": "all", "auto": "auto", "none": "none"}


def _size(text: str) -> tuple[float, float]:
    width, _, height = text.lower().partition("x")
    try:
        size = (float(width), float(height))
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not WIDTHxHEIGHT in inches, e.g. 7x5") from None
    if not all(0.5 <= side <= 100 for side in size):
        raise typer.BadParameter(f"{text!r}: each side must be from 0.5 to 100 inches")
    return size


@filtered()
def figure_command(
    files: RelationsArg,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="PATH", help="The figure: .svg, .pdf or .png (by suffix)."
        ),
    ],
    at: AtOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    step: Annotated[
        str | None,
        typer.Option(
            "--step",
            metavar="STEP",
            help="One panel per calendar step from --from to --to: day, week, month, quarter, "
            "year, decade, or auto (the finest that fits --max-panels).",
        ),
    ] = None,
    width: WidthOpt = None,
    *,
    filters: Filters,
    size: Annotated[
        str | None,
        typer.Option(
            "--size",
            metavar="SIZE",
            help="WIDTHxHEIGHT in inches (default 7x5; panels: about 2.4 inches each).",
        ),
    ] = None,
    dpi: Annotated[
        float, typer.Option("--dpi", metavar="NUMBER", help="Pixels per inch of a PNG.")
    ] = 150.0,
    cols: Annotated[
        int | None, typer.Option("--cols", metavar="N", help="Panels per row (default: 4).")
    ] = None,
    max_panels: Annotated[
        int, typer.Option("--max-panels", metavar="N", help="Refuse more panels than this.")
    ] = 24,
    max_edges: Annotated[
        int,
        typer.Option("--max-edges", metavar="N", help="Refuse to draw more stances than this."),
    ] = 200_000,
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="The title (default: file title and dates)."),
    ] = None,
    no_legend: Annotated[bool, typer.Option("--no-legend", help="Leave the legend out.")] = False,
    labels: Annotated[
        str,
        typer.Option(
            "--labels",
            metavar="WHICH",
            help="Name all actors, none, or auto: all up to 40, else the most connected.",
        ),
    ] = "auto",
    merge_pairs: Annotated[
        bool | None,
        typer.Option(
            "--merge-pairs/--no-merge-pairs",
            help="One line for the stances from one actor to another (default: when more "
            "than 300 ties).",
            show_default=False,
        ),
    ] = None,
    caption: Annotated[
        bool,
        typer.Option(
            "--caption", help="Write the provenance line (version, input, SHA-256, slice)."
        ),
    ] = False,
) -> None:
    """Draw a figure for a paper: a day (--at), a period (--from/--to), or panels (--step).

    \b
    Example:
      relgraph figure data/relations.yaml --at 2024-05-14 -o day.svg
    """
    from relgraph.errors import QueryError
    from relgraph.plot import figure, figure_series, save_figure
    from relgraph.plot.network import panel_step

    inches = _size(size) if size is not None else None
    with reported(*files):
        timeline = timeline_of(files, filters)
        which = _LABELS.get(labels)
        if which is None:
            raise QueryError(f"--labels must be all, auto or none (got {labels!r})")
        if step is None and (width is not None or cols is not None):
            raise QueryError("--width and --cols draw panels: give --step too")
        if step is not None:
            if at is not None:
                raise QueryError("--step draws panels from --from to --to; --at is one day")
            if step == "auto":
                step = panel_step(timeline, start, end, width, max_panels)
                note(f"one panel per {step} (--step auto).")
            drawn = figure_series(
                timeline, start, end, step, cols, width=width, max_panels=max_panels,
                legend=not no_legend, labels=which, title=title, size=inches, caption=caption,
                merge_pairs=merge_pairs, max_edges=max_edges,
            )  # fmt: skip
        else:
            drawn = figure(
                slice_of(timeline, at, start, end), legend=not no_legend, labels=which,
                title=title, size=inches or (7.0, 5.0), caption=caption, merge_pairs=merge_pairs,
                max_edges=max_edges,
            )  # fmt: skip
        path = save_figure(drawn, output, dpi=dpi)
        omitted = getattr(drawn, "relgraph_omitted_labels", 0)
        if omitted:
            were = "were" if omitted != 1 else "was"
            note(f"{plural(omitted, 'actor name')} found no free spot and {were} left out.")
        typer.echo(f"Wrote {path}")
