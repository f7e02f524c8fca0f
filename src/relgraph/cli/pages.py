"""``relgraph render`` and ``relgraph timeline``: interactive pages."""

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
    ToOpt,
    WidthOpt,
    app,
    reported,
    timeline_of,
)

PageOpt = Annotated[
    Path, typer.Option("--output", "-o", metavar="PATH", help="The page to write (.html).")
]
TitleOpt = Annotated[str | None, typer.Option("--title", help="The page title.")]
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
    int,
    typer.Option("--max-edges", metavar="NUMBER", help="Refuse a page of more stances."),
]
MaxStepsOpt = Annotated[
    int,
    typer.Option("--max-steps", metavar="NUMBER", help="Refuse a page of more slider steps."),
]
MaxMbOpt = Annotated[
    int,
    typer.Option("--max-page-mb", metavar="MB", help="Refuse a page larger than this."),
]


@app.command("render")
def render_command(
    file: FileArg,
    output: PageOpt,
    at: AtOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    kind: KindOpt = None,
    modality: ModalityOpt = None,
    actor: ActorOpt = None,
    ego: EgoOpt = None,
    min_confidence: MinConfidenceOpt = None,
    rollup: RollupOpt = False,
    title: TitleOpt = None,
    open_page: OpenOpt = False,
    merge_pairs: MergeOpt = None,
    max_edges: MaxEdgesOpt = 200_000,
    max_mb: MaxMbOpt = 150,
) -> None:
    """Write an interactive page of a day (--at) or a period (--from/--to)."""
    from relgraph.render import render_graph

    with reported(file):
        timeline = timeline_of(file, kind, modality, actor, ego, min_confidence, rollup)
        page = render_graph(
            timeline.slice(at, start=start, end=end),
            title=title,
            merge_pairs=merge_pairs,
            max_edges=max_edges,
            max_bytes=max_mb * 1_000_000,
        )
        typer.echo(f"Wrote {page.open(output) if open_page else page.write(output)}")


@app.command("timeline")
def timeline_command(
    file: FileArg,
    output: PageOpt,
    start: FromOpt = None,
    end: ToOpt = None,
    step: StepOpt = "auto",
    width: WidthOpt = None,
    kind: KindOpt = None,
    modality: ModalityOpt = None,
    actor: ActorOpt = None,
    ego: EgoOpt = None,
    min_confidence: MinConfidenceOpt = None,
    rollup: RollupOpt = False,
    title: TitleOpt = None,
    open_page: OpenOpt = False,
    merge_pairs: MergeOpt = None,
    max_edges: MaxEdgesOpt = 200_000,
    max_steps: MaxStepsOpt = 10_000,
    max_mb: MaxMbOpt = 150,
) -> None:
    """Write one page with a time slider over the steps from --from to --to."""
    from relgraph.render import render_timeline

    with reported(file):
        timeline = timeline_of(file, kind, modality, actor, ego, min_confidence, rollup)
        page = render_timeline(
            timeline,
            start,
            end,
            step,
            width,
            title=title,
            merge_pairs=merge_pairs,
            max_edges=max_edges,
            max_steps=max_steps,
            max_bytes=max_mb * 1_000_000,
        )
        if step == "auto":
            typer.echo(
                f"Step: {page.step}, {page.steps} steps over {page.span} "
                "(the finest step giving at most 100; --step to choose)",
                err=True,
            )
        typer.echo(f"Wrote {page.open(output) if open_page else page.write(output)}")
