"""The ``relgraph`` command: each command parses, makes one library call, and prints.

Only :class:`relgraph.RelgraphError` is caught (printed as ``Error: ...``, exit 1); anything
else is a bug and keeps its traceback. Heavy libraries (networkx, pyvis, matplotlib) are
imported inside the commands that need them, so ``relgraph --help`` stays fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from relgraph import __version__
from relgraph.errors import LoadError, RelgraphError

app = typer.Typer(
    name="relgraph",
    help="Record who stands where toward whom, and when - and see it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

FileArg = Annotated[
    Path, typer.Argument(help="The relations file (YAML).", dir_okay=False, show_default=False)
]


@contextmanager
def reported() -> Iterator[None]:
    """Turn relgraph's own errors into ``Error: ...`` on stderr and exit code 1."""
    try:
        yield
    except LoadError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(1) from None
    except RelgraphError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(1) from None


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
        typer.Option("--output", "-o", help="Write to this file instead of printing."),
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


# -- time commands --

# -- render commands --

# -- analysis commands --


def main() -> None:
    """Run the command line (the ``relgraph`` console script)."""
    app(prog_name="relgraph")


if __name__ == "__main__":  # pragma: no cover
    main()
