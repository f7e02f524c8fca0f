"""The Typer app, how a command reports errors, and how its help names its arguments."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand

from relgraph._version import __version__
from relgraph.errors import OutputError, RelgraphError

app = typer.Typer(
    name="relgraph",
    help="Record who stands where toward whom, and when - and see it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


class _WordArgument(TyperArgument):
    """An argument shown as a word in help and usage: ``FILE``, ``FILE...``, ``ACTOR``."""

    def _word(self) -> str:
        word = self.metavar or (self.name or "").upper()
        return word if self.nargs == 1 or word.endswith("...") else f"{word}..."

    def _usage_display_name(self) -> str:
        return self._word() if self.required else f"[{self._word()}]"

    def _rich_display_name(self) -> str:
        return self._word()

    def display_type(self, ctx: Any) -> str:
        return ""


class _Command(TyperCommand):
    """A command whose help names its arguments as words and quotes the library's limits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument):
                param.__class__ = _WordArgument

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        # a help text quotes a number the library defines once, imported only to show help
        if self.help and "{exact_limit}" in self.help:
            from relgraph.analysis.balance import EXACT_LIMIT

            self.help = self.help.replace("{exact_limit}", str(EXACT_LIMIT))
        super().format_help_text(ctx, formatter)


def register(name: str, function: Callable[..., Any]) -> None:
    """Add ``function`` to the app as the command ``name`` (help lists them in this order)."""
    app.command(name, cls=_Command)(function)


def register_group(name: str, group: typer.Typer) -> None:
    """Add a group of subcommands (``relgraph import gdelt``) whose help reads as ours."""
    for command in group.registered_commands:
        command.cls = _Command
    app.add_typer(group, name=name)


@contextmanager
def reported(*inputs: Path) -> Iterator[None]:
    """Turn relgraph's own errors into ``Error: ...`` on stderr and exit code 1.

    No output written inside the block may replace one of ``inputs``: a command never
    overwrites the file it read (``render data.yaml -o data.yaml``), whatever the output's
    name (a panel's provenance sidecar included). The guard is the command line's: it is
    checked by the writer for every target, and only inside this block.
    """
    from relgraph._io import checking_targets

    def never_an_input(target: Path) -> None:
        for path in inputs:
            if _same_file(target, path):
                raise OutputError(
                    f"cannot write {target}: that would overwrite the input file {path}; "
                    "choose another output path"
                )

    try:
        with checking_targets(never_an_input):
            yield
    except RelgraphError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(1) from None


def _same_file(target: Path, path: Path) -> bool:
    try:
        return os.path.samefile(target, path)
    except OSError:  # one of them does not exist (yet)
        return os.path.abspath(target) == os.path.abspath(path)


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
