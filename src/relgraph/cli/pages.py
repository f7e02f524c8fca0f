"""``relgraph render`` and ``relgraph timeline``: interactive pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from relgraph.cli._app import reported
from relgraph.cli.inputs import period, slice_of, timeline_of
from relgraph.cli.options import (
    AtOpt,
    FromOpt,
    RelationsArg,
    StepOpt,
    ToOpt,
    WidthOpt,
    filtered,
)
from relgraph.cli.output import AUTO_STEP, note
from relgraph.errors import OutputError

if TYPE_CHECKING:
    from relgraph.render import Page
    from relgraph.timeline import Filters

__all__ = ["render", "timeline"]

PAGE_SUFFIXES = (".html", ".htm")

PageOpt = Annotated[
    Path,
    typer.Option("--output", "-o", metavar="FILE", help="The page to write (.html)."),
]
TitleOpt = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="The page title.")]
OpenOpt = Annotated[bool, typer.Option("--open", help="Open the page in a browser.")]
MergeOpt = Annotated[
    bool | None,
    typer.Option(
        "--merge-pairs/--no-merge-pairs",
        help="Draw the stances of each ordered pair as one line (default: when a step shows "
        "more than 300); the reader can switch on the page.",
    ),
]
MaxEdgesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-edges", metavar="NUMBER", help="Refuse a page of more stances (default 200,000)."
    ),
]
MaxPageMbOpt = Annotated[
    float | None,
    typer.Option(
        "--max-page-mb", metavar="NUMBER", help="Refuse a page larger than this (default 150 MB)."
    ),
]
MaxStepsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-steps", metavar="NUMBER", help="Refuse more slider steps (default 10,000)."
    ),
]


def _check_suffix(output: Path) -> None:
    from relgraph._io import check_target

    check_target(output)  # first: an output that would replace the input is refused as such
    if output.suffix.lower() not in PAGE_SUFFIXES:
        shown = f"the suffix {output.suffix}" if output.suffix else "no suffix"
        raise OutputError(
            f"cannot write {output}: a page is HTML, and {shown} says otherwise; name it "
            f"{output.with_suffix('.html').name}"
        )


def _write(page: Page, output: Path, open_page: bool) -> None:
    import webbrowser

    written = page.write(output)
    typer.echo(f"Wrote {written}")
    if open_page and not webbrowser.open(written.resolve().as_uri()):
        note(f"no web browser could be found to open the page; open {written} yourself.")


@filtered()
def render(
    files: RelationsArg,
    output: PageOpt,
    at: AtOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    *,
    filters: Filters,
    title: TitleOpt = None,
    open_page: OpenOpt = False,
    merge_pairs: MergeOpt = None,
    max_edges: MaxEdgesOpt = None,
    max_page_mb: MaxPageMbOpt = None,
) -> None:
    """Write an interactive page of a day (--at) or a period (--from/--to).

    \b
    Example:
      relgraph render data/relations.yaml --at 2024-05-14 -o day.html --open
    """
    from relgraph.render import render_graph
    from relgraph.render.html import MAX_PAGE_BYTES, MAX_PAGE_EDGES

    with reported(*files):
        _check_suffix(output)
        graph = slice_of(timeline_of(files, filters), at, start, end)
        page = render_graph(
            graph, title=title, merge_pairs=merge_pairs,
            max_edges=MAX_PAGE_EDGES if max_edges is None else max_edges,
            max_bytes=MAX_PAGE_BYTES if max_page_mb is None else int(max_page_mb * 1e6),
        )  # fmt: skip
        _write(page, output, open_page)


@filtered()
def timeline(
    files: RelationsArg,
    output: PageOpt,
    start: FromOpt = None,
    end: ToOpt = None,
    step: StepOpt = None,
    width: WidthOpt = None,
    *,
    filters: Filters,
    title: TitleOpt = None,
    open_page: OpenOpt = False,
    merge_pairs: MergeOpt = None,
    max_edges: MaxEdgesOpt = None,
    max_steps: MaxStepsOpt = None,
    max_page_mb: MaxPageMbOpt = None,
) -> None:
    """Write one page with a time slider over the steps from --from to --to.

    \b
    Example:
      relgraph timeline data/relations.yaml --from 2023-10 --to 2024-05 -o timeline.html
    """
    from relgraph.render import render_timeline
    from relgraph.render.html import MAX_PAGE_BYTES, MAX_PAGE_EDGES, MAX_PAGE_STEPS

    with reported(*files):
        _check_suffix(output)
        first, last = period(start, end)
        page = render_timeline(
            timeline_of(files, filters), first, last, step or "auto", width, title=title,
            merge_pairs=merge_pairs,
            max_edges=MAX_PAGE_EDGES if max_edges is None else max_edges,
            max_steps=MAX_PAGE_STEPS if max_steps is None else max_steps,
            max_bytes=MAX_PAGE_BYTES if max_page_mb is None else int(max_page_mb * 1e6),
        )  # fmt: skip
        if step is None:
            note(f"one step per {page.step}, {page.steps} steps over {page.span} ({AUTO_STEP}).")
        _write(page, output, open_page)
