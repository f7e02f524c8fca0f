"""``relgraph validate`` and ``relgraph schema``: check files, print the format."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from relgraph.cli._app import reported
from relgraph.cli.options import FilesArg
from relgraph.errors import LoadError, RelgraphError, plural

__all__ = ["schema", "summarize", "validate"]


def _described(
    actors: int, stances: int, edges: int, sources: int, span: tuple[Any, Any] | None
) -> str:
    dates = f"{span[0].isoformat()} .. {span[1].isoformat()}" if span else "no dates"
    return (
        f"{plural(actors, 'actor')}, {plural(stances, 'stance')} ({plural(edges, 'edge')}), "
        f"{plural(sources, 'source')}; {dates}"
    )


def summarize(path: str | os.PathLike[str]) -> str:
    """Read and validate a file (or a dataset directory); describe what it holds in one line.

    Returns
    -------
    str
        ``FILE: N actors, N stances (N edges), N sources; FIRST .. LAST``.

    Raises
    ------
    LoadError
        When the file is not valid.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.yaml"
    >>> _ = path.write_text('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
    ... stances: [{actor: A, target: B, kind: conflict, valence: -1, start: 2024-05}]
    ... ''')
    >>> summarize(path).split(": ", 1)[1]
    '2 actors, 1 stance (1 edge), 0 sources; 2024-05-01 .. 2024-05-31'
    """
    from relgraph.load import read_relations
    from relgraph.model import Relations

    relations = read_relations(path)
    if isinstance(relations, Relations):
        stances, edges = len(relations.stances), len(relations.edges)
    else:  # a dataset, as columns
        stances, edges = relations.dataset.stances.num_rows, len(relations.keys)
    counts = len(relations.actors), stances, edges, len(relations.sources)
    return f"{os.fspath(path)}: {_described(*counts, relations.date_range())}"


def validate(files: FilesArg) -> None:
    """Check relations files; print a summary of each, or every problem (exit 1).

    Several files are then checked as one merge, as every other command would merge them.

    \b
    Example:
      relgraph validate data/relations.yaml
    """
    failed = False
    for file in files:
        try:
            typer.echo(summarize(file))
        except LoadError as error:  # its own lines: the problems, FILE:LINE:COL each
            typer.echo(str(error), err=True)
            failed = True
        except RelgraphError as error:
            typer.echo(f"Error: {error}", err=True)
            failed = True
    if not failed and len(files) > 1:
        # several inputs are also checked as one: what every command would merge
        from relgraph.columnar import ColumnarRelations
        from relgraph.merge import merge_relations

        try:
            merged = ColumnarRelations(merge_relations(list(files)))
        except LoadError as error:
            typer.echo(str(error), err=True)
            failed = True
        else:
            counts = len(merged.actors), len(merged.stances), len(merged.keys), len(merged.sources)
            typer.echo(f"merged: {_described(*counts, merged.date_range())}")
    if failed:
        raise typer.Exit(1)


def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file instead of printing."
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the relations file (for editors such as VS Code).

    \b
    Example:
      relgraph schema -o relations.schema.json
    """
    from relgraph.schema import json_schema, write_schema

    with reported():
        if output is None:
            typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        else:
            write_schema(output)
            typer.echo(f"Wrote {output}")
