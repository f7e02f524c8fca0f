"""``relgraph export``: files for Gephi, R, Stata and pandas."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from relgraph.cli._app import reported
from relgraph.cli.inputs import day_or_period, timeline_of
from relgraph.cli.options import (
    AtOpt,
    FromOpt,
    MaxPeriodsOpt,
    RelationsArg,
    SpreadsheetSafeOpt,
    StepOpt,
    ToOpt,
    WeightOpt,
    WidthOpt,
    filtered,
    parse_weights,
)
from relgraph.cli.output import check_format, formula_cells, warn_formulas
from relgraph.errors import OutputError, QueryError

if TYPE_CHECKING:
    from relgraph.timeline import Filters

__all__ = ["SUFFIXES", "export"]

SUFFIXES = {"gexf": ".gexf", "graphml": ".graphml", "json": ".json", "panel": ".csv"}
"""The suffix each one-file format's output takes (csv writes a directory)."""


def _check_output(fmt: str, output: Path) -> None:
    from relgraph._io import check_target, run_checks

    suffix = output.suffix.lower()
    if fmt == "csv":
        run_checks(output)  # the directory itself is never the input (a dataset directory)
        if suffix in {*SUFFIXES.values(), ".html", ".png", ".svg", ".pdf"}:
            raise OutputError(
                f"cannot write {output}: --format csv writes a directory (actors.csv, "
                f"stances.csv, provenance.json), not a {suffix} file; give a directory name, "
                "or --format panel for one CSV file"
            )
        return
    check_target(output)  # first: an output that would replace the input is refused as such
    fits = SUFFIXES.get(fmt)
    if fits is not None and suffix and suffix != fits:
        known = [name for name, value in SUFFIXES.items() if value == suffix]
        hint = f" (that is --format {known[0]})" if known else ""
        raise OutputError(
            f"cannot write {output}: --format {fmt} writes {fits} files, and {output.name} "
            f"ends in {output.suffix}{hint}; name it {output.with_suffix(fits).name}"
        )


def _formula_cells(path: Path) -> list[str]:
    if path.suffix != ".csv":
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return formula_cells(handle, path.name)


def _panel_only(fmt: str, **given: object) -> None:
    used = [name for name, value in given.items() if value not in (None, False, [])]
    if fmt != "panel" and used:
        raise typer.BadParameter(
            f"used by --format panel only, not by --format {fmt}", param_hint=", ".join(used)
        )


@filtered()
def export(
    files: RelationsArg,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="gexf (with time spells), graphml, json (node-link), csv (a directory of "
            "actors.csv, stances.csv, provenance.json), panel (a dyad x period CSV).",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="PATH", help="The file, or the directory for csv."),
    ],
    at: AtOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    step: StepOpt = None,
    width: WidthOpt = None,
    weight: WeightOpt = None,
    all_dyads: Annotated[
        bool, typer.Option("--all-dyads", help="Panel: every ordered pair, not only active.")
    ] = False,
    spreadsheet_safe: SpreadsheetSafeOpt = False,
    max_periods: MaxPeriodsOpt = None,
    *,
    filters: Filters,
) -> None:
    """Export a day, a window or the whole history for Gephi, R, Stata or pandas.

    The panel's mean_valence weighs each modality as --weight says (as balance does: by
    default only actual stances count) and names the weights in its weights column.

    \b
    Example:
      relgraph export data/relations.yaml --format panel --step month -o panel.csv
    """
    from relgraph.export import FORMATS, write_export

    _panel_only(
        fmt,
        **{
            "--step": step, "--width": width, "--weight": weight, "--all-dyads": all_dyads,
            "--max-periods": max_periods,
        },
    )  # fmt: skip
    if spreadsheet_safe and fmt not in ("csv", "panel"):
        raise typer.BadParameter(
            f"used by the CSV formats (csv, panel) only, not by --format {fmt}",
            param_hint="--spreadsheet-safe",
        )
    with reported(*files):
        check_format(fmt, FORMATS)
        if fmt == "panel" and at is not None:
            raise QueryError("the panel spans a period: give --from and --to, not --at")
        when, first, last = day_or_period(at, start, end)
        _check_output(fmt, output)
        written = write_export(
            timeline_of(files, filters), fmt, output, at=when, start=first, end=last,
            step=step or "auto", width=width, dyads="all" if all_dyads else "active",
            weights=parse_weights(weight), spreadsheet_safe=spreadsheet_safe,
            max_periods=max_periods,
        )  # fmt: skip
        for path in written:
            typer.echo(f"Wrote {path}")
        if not spreadsheet_safe:
            warn_formulas([cell for path in written for cell in _formula_cells(path)])
