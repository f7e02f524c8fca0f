"""The ``relgraph`` command: each command parses, makes one library call, and prints.

Only :class:`relgraph.RelgraphError` is caught (printed as ``Error: ...``, exit 1); anything
else is a bug and keeps its traceback. Heavy libraries (networkx, pydantic, pyvis,
matplotlib) are imported inside the commands that need them, so ``relgraph --help`` stays
fast.

The layout: :mod:`~relgraph.cli._app` holds the app and the error reporting;
:mod:`~relgraph.cli.options` the options every command shares, declared once (the filters
as one :class:`~relgraph.timeline.Filters`); :mod:`~relgraph.cli.inputs` reads the file and
the dates in the command line's words; :mod:`~relgraph.cli.output` prints tables, CSV and
JSON. Each other module holds the commands of one topic. To add a command, write its
function in a topic module and add one line to :data:`COMMANDS` below, where ``--help``
should list it (a group of subcommands: one line to :data:`GROUPS`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer

from relgraph.cli import analysis, core, dyadic, export, figures, imports, pages, slices
from relgraph.cli._app import app, register, register_group

__all__ = ["COMMANDS", "GROUPS", "app", "main"]

COMMANDS: tuple[tuple[str, Callable[..., Any]], ...] = (
    # in the order --help lists them: the order a researcher meets them
    ("validate", core.validate),
    ("schema", core.schema),
    ("show", slices.show),
    ("diff", slices.diff),
    ("history", slices.history),
    ("render", pages.render),
    ("timeline", pages.timeline),
    ("balance", analysis.balance),
    ("stats", analysis.stats),
    ("export", export.export),
    ("plot", analysis.plot),
    ("plot-balance", analysis.plot_balance),
    ("figure", figures.figure_command),
    ("convert", imports.convert),
    ("merge", dyadic.merge_command),
)
"""Every command: its name and its function."""

GROUPS: tuple[tuple[str, typer.Typer], ...] = (
    # groups of subcommands, listed after the commands; each module adds its own to a group
    ("import", imports.import_app),
)
"""Every group of subcommands (``relgraph import gdelt``...): its name and its app."""

for _name, _function in COMMANDS:
    register(_name, _function)
for _name, _group in GROUPS:
    register_group(_name, _group)


def main() -> None:
    """Run the command line (the ``relgraph`` console script)."""
    app(prog_name="relgraph")


if __name__ == "__main__":  # pragma: no cover
    main()
