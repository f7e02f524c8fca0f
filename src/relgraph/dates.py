"""Partial and approximate dates: the EDTF level-1 subset of the file format.

A date is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, optionally followed by ``~`` (approximate),
``?`` (uncertain) or ``%`` (both). It names whole days: a partial date covers its whole period,
so ``2023-12`` runs from 2023-12-01 (:attr:`PartialDate.first`) through 2023-12-31
(:attr:`PartialDate.last`). Qualifiers are kept and shown; they never move the bounds.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from relgraph.errors import QueryError

__all__ = ["DATE_PATTERN", "PartialDate", "parse_date", "parse_day", "parse_period"]

DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[~?%]?$"
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?%]?)")

Precision = Literal["year", "month", "day"]


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as written in the file, with the first and last day it covers.

    Use :meth:`parse` to build one; ``str(date)`` gives the text exactly as written.

    Examples
    --------
    >>> d = PartialDate.parse("2023-12~")
    >>> d.first, d.last
    (datetime.date(2023, 12, 1), datetime.date(2023, 12, 31))
    >>> d.precision, d.approximate, d.uncertain
    ('month', True, False)
    >>> str(PartialDate.parse("2024-02-29"))
    '2024-02-29'
    """

    text: str
    first: dt.date
    last: dt.date
    precision: Precision
    approximate: bool
    uncertain: bool

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY[-MM[-DD]]`` with an optional ``~``, ``?`` or ``%``.

        Parameters
        ----------
        text : str
            The date as written.

        Returns
        -------
        PartialDate

        Raises
        ------
        ValueError
            When ``text`` is not of that form or names a day that does not exist.

        Examples
        --------
        >>> PartialDate.parse("2024").last
        datetime.date(2024, 12, 31)
        >>> PartialDate.parse("2023-02-29")
        Traceback (most recent call last):
        ...
        ValueError: 2023-02-29 is not a day of the calendar (February 2023 has 28 days)
        """
        match = _DATE.fullmatch(text)
        if match is None:
            raise ValueError(
                f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, "
                "optionally followed by ~ (approximate), ? (uncertain) or % (both)"
            )
        year_text, month_text, day_text, qualifier = match.groups()
        year = int(year_text)
        precision: Precision
        if year == 0:
            raise ValueError(f"{text}: year 0000 is not supported (years run from 0001)")
        if month_text is None:
            first, last, precision = dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
        else:
            month = int(month_text)
            if not 1 <= month <= 12:
                raise ValueError(f"{text}: month must be 01 to 12 (got {month_text})")
            days = calendar.monthrange(year, month)[1]
            if day_text is None:
                first, last, precision = (
                    dt.date(year, month, 1),
                    dt.date(year, month, days),
                    "month",
                )
            else:
                day = int(day_text)
                if not 1 <= day <= days:
                    raise ValueError(
                        f"{text.rstrip('~?%')} is not a day of the calendar "
                        f"({calendar.month_name[month]} {year} has {days} days)"
                    )
                first = last = dt.date(year, month, day)
                precision = "day"
        return cls(
            text=text,
            first=first,
            last=last,
            precision=precision,
            approximate=qualifier in ("~", "%"),
            uncertain=qualifier in ("?", "%"),
        )

    def __str__(self) -> str:
        return self.text

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_partial_date,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": "YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by "
            "~ (approximate), ? (uncertain) or % (both)",
            "examples": ["2024-05-14", "2023-12~", "1979"],
        }


def _validate_partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    # A plain year such as 2024 is a number to YAML; the loader hands over its text.
    text = value
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_type", "a date names a whole day, not a moment in time")
    if isinstance(value, dt.date):
        text = value.isoformat()
    if not isinstance(text, str):
        raise PydanticCustomError(
            "date_type",
            "must be a date written as YYYY, YYYY-MM or YYYY-MM-DD (got {got})",
            {"got": "nothing" if value is None else type(value).__name__},
        )
    try:
        return parse_date(text)
    except ValueError as error:
        raise PydanticCustomError("date_format", str(error)) from None


# A file repeats its dates many times; PartialDate is immutable, so equal texts share one.
parse_date = functools.lru_cache(maxsize=1 << 16)(PartialDate.parse)
""":meth:`PartialDate.parse`, remembering recent texts (equal texts share one PartialDate)."""


def parse_day(value: dt.date | str, *, what: str = "day", periods: bool = True) -> dt.date:
    """Read one whole day, as a ``datetime.date`` or ISO text ``YYYY-MM-DD``.

    Parameters
    ----------
    value : datetime.date or str
        The day.
    what : str
        How to name the value in an error message.
    periods : bool
        Whether the caller can take a period instead, so that the error points to ``window``.

    Returns
    -------
    datetime.date

    Raises
    ------
    QueryError
        When ``value`` is not a whole day; a partial date such as ``2024-05`` is refused with a
        pointer to ``window``, which takes periods.

    Examples
    --------
    >>> parse_day("2024-05-14")
    datetime.date(2024, 5, 14)
    >>> parse_day("2024-05")
    Traceback (most recent call last):
    ...
    relgraph.errors.QueryError: day '2024-05' is a whole month, not a day: ...
    """
    first, last = parse_period(value, what=what)
    if first != last:
        span = "month" if isinstance(value, str) and len(value.rstrip("~?%")) == 7 else "year"
        pointer = (
            f", or ask for the period with window({value!r}, {value!r}) (--from/--to on the "
            "command line)"
            if periods
            else ""
        )
        raise QueryError(
            f"{what} {value!r} is a whole {span}, not a day: give YYYY-MM-DD{pointer}"
        )
    return first


def parse_period(value: dt.date | str, *, what: str = "date") -> tuple[dt.date, dt.date]:
    """Read a day or a partial date as the first and last day it covers (inclusive).

    Parameters
    ----------
    value : datetime.date or str
        A ``datetime.date`` or text ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (qualifiers allowed
        and ignored: they do not move bounds).
    what : str
        How to name the value in an error message.

    Returns
    -------
    tuple of datetime.date
        The first and the last day, inclusive.

    Raises
    ------
    QueryError
        When ``value`` is not a date of that form.

    Examples
    --------
    >>> parse_period("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    if isinstance(value, dt.datetime):
        return value.date(), value.date()
    if isinstance(value, dt.date):
        return value, value
    if not isinstance(value, str):
        raise QueryError(f"{what} must be a date or text YYYY-MM-DD (got {value!r})")
    try:
        date = PartialDate.parse(value.strip())
    except ValueError as error:
        raise QueryError(f"{what}: {error}") from None
    return date.first, date.last
