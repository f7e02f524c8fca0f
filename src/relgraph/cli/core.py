"""``relgraph validate`` and ``relgraph schema``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from relgraph.cli._app import (
    app,
    reported,
)
from relgraph.errors import LoadError


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
