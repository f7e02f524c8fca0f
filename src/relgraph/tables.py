"""Rows of results as an aligned text table, CSV or JSON — the three shapes the CLI prints."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from relgraph.errors import QueryError

__all__ = [
    "FORMATS",
    "check_format",
    "finite",
    "format_csv",
    "format_json",
    "format_rows",
    "format_table",
]

FORMATS = ("table", "json", "csv")


def check_format(fmt: str) -> str:
    """Return ``fmt`` when it is one of :data:`FORMATS`.

    Raises
    ------
    QueryError
        Otherwise, listing the formats.

    Examples
    --------
    >>> check_format("xml")
    Traceback (most recent call last):
    ...
    relgraph.errors.QueryError: unknown format 'xml' (known: table, json, csv)
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    return fmt


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def format_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as a plain aligned table: numbers right-aligned, floats to 3 places, None as ``-``.

    Examples
    --------
    >>> print(format_table([{"actor": "EGY", "pn": 1.0}, {"actor": "HAMAS", "pn": None}]))
    actor     pn
    EGY    1.000
    HAMAS      -
    """
    if not rows:
        return ""
    names = list(columns or rows[0].keys())
    cells = [[_text(row.get(name)) for name in names] for row in rows]
    numeric = [
        all(isinstance(row.get(name), int | float) or row.get(name) is None for row in rows)
        and not all(isinstance(row.get(name), bool) for row in rows)
        for name in names
    ]
    widths = [max(len(name), *(len(line[i]) for line in cells)) for i, name in enumerate(names)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if right else v.ljust(w)
            for v, w, right in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    return "\n".join([line(names), *(line(c) for c in cells)])


def format_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as CSV with a header; None is an empty cell, booleans ``true``/``false``.

    Examples
    --------
    >>> print(format_csv([{"period": "2024-05", "share_balanced": None, "exact": True}]), end="")
    period,share_balanced,exact
    2024-05,,true
    """
    names = list(columns or (rows[0].keys() if rows else []))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        values = [row.get(name) for name in names]
        writer.writerow(
            [
                "" if v is None else ("true" if v else "false") if isinstance(v, bool) else v
                for v in values
            ]  # fmt: skip
        )
    return buffer.getvalue()


def format_json(value: Any) -> str:
    """A value as indented JSON (UTF-8 text kept as is).

    Examples
    --------
    >>> print(format_json({"share_balanced": None}))
    {
      "share_balanced": null
    }
    """
    return json.dumps(finite(value), ensure_ascii=False, indent=2, allow_nan=False)


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinity (which JSON cannot hold) replaced by None.

    Examples
    --------
    >>> finite({"ratio": float("nan"), "xs": [1.5, float("inf")]})
    {'ratio': None, 'xs': [1.5, None]}
    """
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite(item) for item in value]
    return value


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
