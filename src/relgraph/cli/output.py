"""What the commands print: rows as an aligned table, CSV or JSON, and notes on stderr.

The table is for reading in a terminal: it fits :data:`TABLE_WIDTH` columns by shortening
text cells with an ellipsis (the label first, then the other text columns, widest first).
CSV and JSON carry every value exactly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import typer

from relgraph.errors import QueryError

__all__ = [
    "FORMATS",
    "TABLE_WIDTH",
    "check_format",
    "echo_csv",
    "echo_rows",
    "format_csv",
    "format_json",
    "format_rows",
    "format_table",
    "formula_cells",
    "note",
    "warn_formulas",
]

FORMATS = ("table", "json", "csv")
TABLE_WIDTH = 100
"""The narrowest width a table is shortened to fit, in characters (a wider terminal, or
``COLUMNS``, gets a wider table)."""
_GAP = "  "
_ELLIPSIS = "…"
_FORMULAS_SHOWN = 10
_IDS = frozenset({"key", "stance", "actor", "target", "id", "name"})
_DATES = frozenset({"start", "end", "at", "period", "window_start", "day"})


def check_format(fmt: str, formats: Sequence[str] = FORMATS) -> str:
    """Return ``fmt`` when it is one of ``formats`` (default :data:`FORMATS`).

    Raises
    ------
    QueryError
        Otherwise, naming the option and the formats.

    Examples
    --------
    >>> check_format("xml")
    Traceback (most recent call last):
    ...
    relgraph.errors.QueryError: --format xml: unknown format (known: table, json, csv)
    """
    if fmt not in formats:
        raise QueryError(f"--format {fmt}: unknown format (known: {', '.join(formats)})")
    return fmt


AUTO_STEP = "the finest step giving at most 100 that the dates can tell apart; --step to choose"
"""Why ``--step`` left out gave the step it gave."""


def note(text: str) -> None:
    """Print ``Note: text`` on stderr (something the user should know; not an error)."""
    typer.echo(f"Note: {text}", err=True)


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    text = str(value)
    if text.isprintable():
        return text
    # one line per row, and no terminal escapes: a control character is shown escaped
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _table_width() -> int:
    # a wider terminal (or COLUMNS) gets a wider table; never narrower than TABLE_WIDTH
    import shutil

    return max(TABLE_WIDTH, shutil.get_terminal_size((TABLE_WIDTH, 24)).columns)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + _ELLIPSIS


def _fit(widths: list[int], stages: list[tuple[list[int], list[int]]], room: int) -> list[int]:
    """Column widths that sum to at most ``room``: each stage shortens its columns, widest
    first, down to its floors, until the table fits."""
    widths = list(widths)
    for columns, floors in stages:
        floor = dict(zip(columns, floors, strict=True))
        while sum(widths) > room:
            candidates = [i for i in columns if widths[i] > floor[i]]
            if not candidates:
                break
            widths[max(candidates, key=lambda i: widths[i])] -= 1
    return widths


def _stages(names: list[str], text: list[bool]) -> list[tuple[list[int], list[int]]]:
    """The order text columns are shortened in: the label, then ids and names, then words,
    dates last; first each to a readable width, then to its header's."""
    label = [i for i, name in enumerate(names) if text[i] and name == "label"]
    ids = [i for i, name in enumerate(names) if text[i] and name in _IDS]
    dates = [i for i, name in enumerate(names) if text[i] and name in _DATES]
    words = [i for i in range(len(names)) if text[i] and i not in {*label, *ids, *dates}]
    stages = []
    for group, keep in ((label, 16), (ids, 10), (words, 8)):
        stages.append((group, [max(len(names[i]), keep) for i in group]))
    for group in (label, ids, words, dates):
        stages.append((group, [max(len(names[i]), 2) for i in group]))
    return stages


def format_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    *,
    width: int | None = None,
) -> str:
    """Rows as a plain aligned table: numbers right-aligned, floats to 3 places, None as ``-``.

    A table wider than ``width`` characters is set with one space between columns instead of
    two, and its text cells shortened with ``…`` until it fits: the ``label`` first, then ids
    and names, then other words, dates last (each first to a readable width, then down to its
    header's). ``width=None`` never shortens.

    Examples
    --------
    >>> print(format_table([{"actor": "EGY", "pn": 1.0}, {"actor": "HAMAS", "pn": None}]))
    actor     pn
    EGY    1.000
    HAMAS      -
    >>> print(format_table([{"key": "a-long-key", "label": "a long label", "n": 1}], width=20))
    key        label   n
    a-long-key a long… 1
    """
    if not rows:
        return ""
    names = list(columns or rows[0].keys())
    cells = [[_text(row.get(name)) for name in names] for row in rows]
    numeric = [
        all(isinstance(row.get(n), int | float) or row.get(n) is None for row in rows)
        and any(isinstance(row.get(n), int | float) for row in rows)
        and not all(isinstance(row.get(n), bool) for row in rows)
        for n in names
    ]
    widths = [max(len(name), *(len(line[i]) for line in cells)) for i, name in enumerate(names)]
    gap = _GAP
    if width is not None and sum(widths) + len(gap) * (len(names) - 1) > width:
        gap = " "  # a table too wide for the screen loses its wide gaps before any text
        stages = _stages(names, [not n for n in numeric])
        widths = _fit(widths, stages, width - len(gap) * (len(names) - 1))

    def line(values: Sequence[str]) -> str:
        parts = [
            _shorten(v, w).rjust(w) if right else _shorten(v, w).ljust(w)
            for v, w, right in zip(values, widths, numeric, strict=True)
        ]
        return gap.join(parts).rstrip()

    return "\n".join([line(names), *(line(c) for c in cells)])


def format_csv(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    *,
    spreadsheet_safe: bool = False,
) -> str:
    """Rows as CSV with a header, by the one CSV writer (:func:`relgraph.records.csv_text`).

    Examples
    --------
    >>> print(format_csv([{"period": "2024-05", "share_balanced": None, "exact": True}]), end="")
    period,share_balanced,exact
    2024-05,,true
    """
    from relgraph.records import csv_text

    names = list(columns or (rows[0].keys() if rows else []))
    return csv_text(names, rows, spreadsheet_safe=spreadsheet_safe)


def formula_cells(lines: Iterable[str], name: str = "") -> list[str]:
    """The cells of CSV text that a spreadsheet would run as formulas, as ``row N column``.

    Rows are numbered as a spreadsheet shows them: the header is row 1.

    Examples
    --------
    >>> formula_cells(["id,name", "A,Egypt", "B,=HYPERLINK(1)"], "actors.csv")
    ["actors.csv row 3 name ('=HYPERLINK(1)')"]
    """
    from relgraph.records import spreadsheet_formula

    reader = csv.reader(lines)
    header = next(reader, [])
    where = f"{name} " if name else ""
    return [
        f"{where}row {number} {column} ({_text(cell)[:40]!r})"
        for number, row in enumerate(reader, start=2)
        for column, cell in zip(header, row, strict=False)
        if spreadsheet_formula(cell)
    ]


def warn_formulas(found: Sequence[str]) -> None:
    """Say on stderr which written cells a spreadsheet would run as formulas, if any."""
    if not found:
        return
    shown = ", ".join(found[:_FORMULAS_SHOWN])
    more = f" and {len(found) - _FORMULAS_SHOWN} more" if len(found) > _FORMULAS_SHOWN else ""
    typer.echo(
        f"Warning: {len(found)} cell{'s begin' if len(found) != 1 else ' begins'} with =, +, -, @ "
        f"or a control character, which a spreadsheet runs as a formula: {shown}{more}. They "
        "are written exactly as in the file; to open the output in a spreadsheet, write it "
        "again with --spreadsheet-safe.",
        err=True,
    )


def format_json(value: Any) -> str:
    """A value as indented JSON (UTF-8 text kept as is; NaN and infinities as null).

    Examples
    --------
    >>> print(format_json({"share_balanced": float("nan")}))
    {
      "share_balanced": null
    }
    """
    from relgraph.records import flatten

    return json.dumps(flatten(value), ensure_ascii=False, indent=2, allow_nan=False)


def format_rows(rows: Sequence[Mapping[str, Any]], fmt: str) -> str:
    """Rows as ``table``, ``csv`` or ``json`` (a list of objects); see :func:`check_format`.

    Examples
    --------
    >>> format_rows([{"a": 1}], "json")
    '[\\n  {\\n    "a": 1\\n  }\\n]'
    """
    if check_format(fmt) == "csv":
        return format_csv(rows).rstrip("\n")
    if fmt == "json":
        return format_json(list(rows))
    return format_table(rows)


def echo_csv(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    *,
    spreadsheet_safe: bool = False,
) -> None:
    """Print rows as CSV; warn on stderr of cells a spreadsheet would run as formulas."""
    text = format_csv(rows, columns, spreadsheet_safe=spreadsheet_safe)
    typer.echo(text, nl=False)
    if not spreadsheet_safe:
        warn_formulas(formula_cells(io.StringIO(text)))


def echo_rows(
    rows: Sequence[Mapping[str, Any]],
    fmt: str,
    columns: Sequence[str],
    empty: str,
    *,
    spreadsheet_safe: bool = False,
) -> None:
    """Print rows of stances; an empty table says so in words, an empty CSV is its header
    alone. The table fits :data:`TABLE_WIDTH` columns; CSV warns of formula cells."""
    if fmt == "csv":
        echo_csv(rows, columns, spreadsheet_safe=spreadsheet_safe)
    elif fmt == "json":
        typer.echo(format_json(list(rows)))
    elif rows:
        typer.echo(format_table(rows, columns, width=_table_width()))
    else:
        typer.echo(empty)
