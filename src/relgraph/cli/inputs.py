"""Reading what a command works on, in the command line's words: the timeline with its
filters, the days of ``--at``/``--from``/``--to``, a slice, a pair of actors.

The library names its parameters (``at``, ``start``, ``end``); these helpers check the
options first, so that a message names ``--at`` or ``--from/--to`` as the user typed them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from relgraph.cli.output import note
from relgraph.errors import QueryError, plural

if TYPE_CHECKING:
    from relgraph.timeline import Filters, StanceGraph, Timeline

__all__ = [
    "day",
    "day_or_period",
    "pair_of",
    "period",
    "slice_of",
    "slice_text",
    "timeline_of",
    "whole_day",
]


def timeline_of(files: Path | Sequence[Path], filters: Filters) -> Timeline:
    """Read the timeline of one relations input, or of several merged (as ``relgraph merge``
    merges them), with the shared filters; say on stderr what a roll-up left out."""
    from relgraph.timeline import Timeline, read_timeline

    if isinstance(files, Path) or len(files) == 1:
        timeline = read_timeline(files if isinstance(files, Path) else files[0], filters)
    else:
        from relgraph.columnar import ColumnarRelations
        from relgraph.merge import merge_relations

        timeline = Timeline(ColumnarRelations(merge_relations(list(files))), filters)
    if timeline.dropped:
        note(
            f"the roll-up left out {plural(timeline.dropped, 'stance')} that would fold into "
            "a self-loop."
        )
    if timeline.merged:
        note(
            f"the roll-up merged {plural(timeline.merged, 'edge')} of listed stances that "
            "fold onto a pair the same stance already ties."
        )
    return timeline


def day(value: str | None, option: str = "--at") -> dt.date | None:
    """The whole day an option names (None when not given); see :func:`whole_day`."""
    return None if value is None else whole_day(value, option)


def whole_day(value: str, option: str = "--at") -> dt.date:
    """The whole day ``value`` names; a partial date for ``--at`` points to ``--from/--to``.

    Examples
    --------
    >>> whole_day("2024-05-14")
    datetime.date(2024, 5, 14)
    >>> whole_day("2024-05")
    Traceback (most recent call last):
    ...
    relgraph.errors.QueryError: --at 2024-05 is a whole month, not a day: give YYYY-MM-DD, or ask for the period with --from 2024-05 --to 2024-05
    """  # noqa: E501
    from relgraph.dates import parse_period

    first, last = parse_period(value, what=option)
    if first != last:
        span = "month" if len(value.strip().rstrip("~?%")) == 7 else "year"
        pointer = f", or ask for the period with --from {value} --to {value}"
        raise QueryError(
            f"{option} {value} is a whole {span}, not a day: give YYYY-MM-DD"
            + (pointer if option == "--at" else "")
        )
    return first


def day_or_period(
    at: str | None, start: str | None, end: str | None
) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """The day of ``--at``, and the first and last days of ``--from``/``--to``; not both.

    Examples
    --------
    >>> day_or_period(None, "2024-05", None)
    (None, datetime.date(2024, 5, 1), None)
    """
    if at is not None and (start is not None or end is not None):
        raise QueryError("give either a day (--at) or a period (--from/--to), not both")
    return day(at), *period(start, end)


def period(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first day of ``--from`` and the last day of ``--to`` (partial dates cover their
    period); None where not given.

    Examples
    --------
    >>> period("2024-01", "2024-05")
    (datetime.date(2024, 1, 1), datetime.date(2024, 5, 31))
    """
    from relgraph.dates import parse_period

    first = None if start is None else parse_period(start, what="--from")[0]
    last = None if end is None else parse_period(end, what="--to")[1]
    if first is not None and last is not None and last < first:
        raise QueryError(f"--to {end} is before --from {start}")
    return first, last


def slice_of(
    timeline: Timeline, at: str | None, start: str | None, end: str | None
) -> StanceGraph:
    """The slice of ``--at`` or of ``--from``/``--to`` (the whole history when neither).

    A day or a period that ends after the last date the file names gets a note on stderr:
    stances without an end are assumed to continue, which no source says.
    """
    when, first, last = day_or_period(at, start, end)
    graph = timeline.slice(when, start=first, end=last)
    latest = max((d for d in (when, last) if d is not None), default=None)
    span = timeline.relations.date_range()
    if latest is not None and span is not None:
        written = span[1]
        if latest > written:
            open_ended = sum(data.get("end_day") is None for *_, data in graph.edges(data=True))
            note(
                f"{latest} is after the last date the file names ({written}); "
                + (
                    f"{plural(open_ended, 'stance')} without an end "
                    f"{'is' if open_ended == 1 else 'are'} assumed to continue past it."
                    if open_ended
                    else "the data say nothing of that time."
                )
            )
    return graph


def slice_text(graph: StanceGraph) -> str:
    """``on DAY`` or ``from DAY to DAY``: the slice in words."""
    slice_ = graph.graph["slice"]
    if "at" in slice_:
        return f"on {slice_['at']}"
    return f"from {slice_['start']} to {slice_['end']}"


def pair_of(timeline: Timeline, actor: str, target: str) -> tuple[str, str]:
    """The ids of the two actors a pair command names; the same actor twice is an error.

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations("actors: [{id: EGY, name: Egypt, kind: state}]")
    >>> pair_of(relgraph.Timeline(rel), "Egypt", "egy")
    Traceback (most recent call last):
    ...
    relgraph.errors.QueryError: Egypt and egy are the same actor (EGY); name two actors
    """
    first, second = timeline.resolve_actor(actor), timeline.resolve_actor(target)
    if first == second:
        raise QueryError(f"{actor} and {target} are the same actor ({first}); name two actors")
    return first, second
