"""The ``relgraph`` command: each command parses, makes one library call, and prints.

Only :class:`relgraph.RelgraphError` is caught (printed as ``Error: ...``, exit 1); anything
else is a bug and keeps its traceback. Heavy libraries (networkx, pyvis, matplotlib) are
imported inside the commands that need them, so ``relgraph --help`` stays fast. The commands
live in one module per topic; importing them registers them on :data:`app`.
"""

from __future__ import annotations

from relgraph.cli import analysis, core, dyadic, figures, imports, pages, slices  # noqa: F401
from relgraph.cli._app import app

__all__ = ["app", "main"]

# --help lists the commands in the order a researcher meets them, not in import order
_ORDER = (
    "validate", "schema", "show", "diff", "history", "render", "timeline",
    "balance", "stats", "export", "plot", "plot-balance", "figure", "convert", "merge",
)  # fmt: skip
app.registered_commands.sort(
    key=lambda command: _ORDER.index(command.name or command.callback.__name__)  # type: ignore[union-attr]
)


def main() -> None:
    """Run the command line (the ``relgraph`` console script)."""
    app(prog_name="relgraph")


if __name__ == "__main__":  # pragma: no cover
    main()
