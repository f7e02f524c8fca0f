"""Time-sliced graphs: the stances in force on a day or in a period, and what changed.

Every bound is an inclusive day. A stance is in force on day ``d`` when
``start.first <= d <= end.last`` (no ``end``: still in force). A window ``start..end`` holds
every stance in force on at least one of its days. Partial dates name periods: ``2024-05`` as a
window bound is the whole month.

Every graph is a ``networkx.MultiDiGraph`` with every actor of the file (after filters) as a
node and one edge per stance (per pair, for a stance whose ``actor`` or ``target`` is a list):

==========  =====================================================================================
node key    the actor id
node        ``name``, ``kind``, ``aliases``, ``codes``, ``attrs``; ``affiliation`` when given
edge key    the stance id, its derived key, or ``ID#ACTOR>TARGET`` for an expanded list
edge        ``stance`` (the stance key), ``kind``, ``valence``, ``sign`` (+1, 0, -1), ``modality``,
            ``mutual``, ``evidence`` (list of dicts), ``attrs``, ``start`` and ``end`` (the text as
            written; ``end`` absent while open), ``start_day`` and ``end_day`` (``datetime.date``;
            ``end_day`` None while open), ``approximate``, ``uncertain``; ``label``,
            ``confidence``, ``cameo`` and ``reported`` when given
graph       provenance: ``title``, ``source``, ``sha256``, ``relgraph_version``, ``slice``,
            ``filters``, ``dropped`` (stances a roll-up left out), ``merged`` (edges a roll-up
            merged), ``sources`` (by id)
==========  =====================================================================================

A mutual stance is one edge from ``actor`` to ``target`` with ``mutual=True``.

The index behind :meth:`Timeline.at` and :meth:`Timeline.window` keeps open-ended edges sorted
by start, and closed ones in classes of duration (under 2, 4, 8, ... days) sorted by start, so
a query looks only at edges that started within one duration class of the window: it never
scans the whole file. What it finds is put in file order by sorting, or, when it is more than
a thirty-second of the file, by marking it in a bitmap of all edges (cheaper than the sort).
Graphs are built from edge tuples made once, with the garbage collector paused.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

import networkx as nx
import numpy as np
import numpy.typing as npt

from relgraph._gc import gc_paused
from relgraph._version import __version__
from relgraph.columnar import ColumnarRelations, EdgeView
from relgraph.dates import parse_day, parse_period
from relgraph.errors import QueryError
from relgraph.model import (
    MODALITIES,
    STANCE_KINDS,
    Actor,
    Edge,
    Relations,
    Stance,
    actor_choices,
    suggest,
    unknown_actor,
)

__all__ = [
    "MAX_AUTO_PERIODS",
    "MAX_PERIODS",
    "STEPS",
    "Diff",
    "Filters",
    "Period",
    "StanceGraph",
    "Timeline",
    "WalkStep",
    "auto_step",
    "read_timeline",
]

StanceGraph: TypeAlias = "nx.MultiDiGraph[str]"
"""A slice: actors as nodes, one edge per stance (per pair of an expanded list)."""

Step = Literal["day", "week", "month", "quarter", "year", "decade"]
STEPS: tuple[Step, ...] = ("day", "week", "month", "quarter", "year", "decade")
#: The most periods the ``auto`` step gives over a range (DESIGN §1), decade aside.
MAX_AUTO_PERIODS = 100
#: The most periods one series may have unless asked for more: 20,000 days are 55 years by
#: day, and a graph per period (a page's steps, a balance series, a panel's rows per pair)
#: costs memory and time in proportion; 0001..9999 by day would be 3.6 million.
MAX_PERIODS = 20_000
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DayLike = dt.date | str
_OPEN = dt.date.max.toordinal()
_WIDTH = re.compile(
    r"\s*(\d+)\s*(d|day|days|w|week|weeks|m|month|months|q|quarter|quarters|"
    r"y|year|years)?\s*"
)


@dataclass(frozen=True, slots=True)
class Period:
    """One step of a timeline, or the day or window of a slice.

    ``start..end`` is the calendar period (inclusive, clipped to the requested range) and
    ``window_start..end`` the days its numbers cover (wider than the period with a rolling
    width). ``label`` is the machine label kept in tables and exports (``2023-W40``,
    ``2023-10``, ``2023-Q4``, ``2023``, ``1990s``); :attr:`title` is the reader's.

    Examples
    --------
    >>> import datetime as dt
    >>> p = Period(dt.date(2023, 10, 4), dt.date(2023, 10, 8), dt.date(2023, 10, 4),
    ...            "2023-W40", "week")
    >>> p.title
    'week of Mon 2 Oct 2023 (Wed 4 – Sun 8 Oct only)'
    >>> Period(dt.date(1990, 1, 1), dt.date(1999, 12, 31), dt.date(1990, 1, 1), "1990s",
    ...        "decade").title
    '1990s'
    """

    start: dt.date
    end: dt.date
    window_start: dt.date
    label: str
    step: str | None = None

    def __str__(self) -> str:
        return self.label

    @property
    def title(self) -> str:
        """The period as people write it: ``14 May 2024``, ``Oct 2023``, ``2023 Q4``."""
        first, last = self.start, self.end
        if self.step == "day" or (self.step is None and first == last):
            return _day_title(first)
        if self.step == "week":
            monday = _week_start(first)
            title = f"week of Mon {_day_title(monday)}"
            if first != monday or (last - monday).days != 6:
                span = f"{_WEEKDAYS[first.weekday()]} {first.day}"
                if first == last:
                    span += f" {_MONTHS[first.month - 1]}"
                else:
                    if first.month != last.month:
                        span += f" {_MONTHS[first.month - 1]}"
                    span += f" – {_WEEKDAYS[last.weekday()]} {last.day} {_MONTHS[last.month - 1]}"
                title += f" ({span} only)"
            return title
        if self.step == "month":
            return f"{_MONTHS[first.month - 1]} {first.year:04d}"
        if self.step == "quarter":
            return f"{first.year:04d} Q{(first.month - 1) // 3 + 1}"
        if self.step in ("year", "decade"):
            return self.label
        return f"{_day_title(first)} – {_day_title(last)}"


def _day_title(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year:04d}"


@dataclass(frozen=True, slots=True)
class WalkStep:
    """One step of :meth:`Timeline.walk`.

    ``keys`` holds the edge keys in force in the step's window; ``began`` and ``ended`` the
    keys that entered and left since the previous step.
    """

    period: Period
    keys: frozenset[str]
    began: tuple[str, ...]
    ended: tuple[str, ...]


@dataclass(frozen=True)
class Diff:
    """What changed between day ``a`` and day ``b`` (see :meth:`Timeline.diff`)."""

    a: dt.date
    b: dt.date
    began: list[Edge] = field(default_factory=list)
    ended: list[Edge] = field(default_factory=list)
    changed: list[tuple[Edge, Edge]] = field(default_factory=list)
    passed: list[Edge] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.began or self.ended or self.changed or self.passed)


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _step_bounds(day: dt.date, step: Step) -> tuple[dt.date, dt.date, str]:
    """The calendar period of ``step`` that holds ``day``, and its label."""
    # labels keep four-digit years, as dates do (0800-01, not 800-01)
    if step == "day":
        return day, day, day.isoformat()
    if step == "week":
        first = _week_start(day)
        year, week, _ = day.isocalendar()
        # the ISO week holding 9999-12-31 runs past the last day Python can name
        last = first + dt.timedelta(days=min(6, (dt.date.max - first).days))
        return first, last, f"{year:04d}-W{week:02d}"
    if step == "month":
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        return day.replace(day=1), last, f"{day.year:04d}-{day.month:02d}"
    if step == "quarter":
        quarter = (day.month - 1) // 3
        first = dt.date(day.year, 3 * quarter + 1, 1)
        last = dt.date(
            day.year, 3 * quarter + 3, calendar.monthrange(day.year, 3 * quarter + 3)[1]
        )
        return first, last, f"{day.year:04d}-Q{quarter + 1}"
    if step == "decade":
        start_year = max(1, day.year - day.year % 10)
        end_year = min(9999, day.year - day.year % 10 + 9)
        return (
            dt.date(start_year, 1, 1),
            dt.date(end_year, 12, 31),
            f"{day.year - day.year % 10:04d}s",
        )
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), f"{day.year:04d}"


def _count_periods(first: dt.date, last: dt.date, step: Step) -> int:
    if step == "day":
        return (last - first).days + 1
    if step == "week":
        return (last.toordinal() - last.weekday() - first.toordinal() + first.weekday()) // 7 + 1
    if step == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    if step == "quarter":
        return (last.year - first.year) * 4 + (last.month - 1) // 3 - (first.month - 1) // 3 + 1
    if step == "year":
        return last.year - first.year + 1
    return last.year // 10 - first.year // 10 + 1


def auto_step(first: dt.date, last: dt.date) -> Step:
    """The finest calendar step giving at most :data:`MAX_AUTO_PERIODS` periods over a range.

    Day, week, month, quarter, year, then decade (taken when none of the others fits).

    Examples
    --------
    >>> import datetime as dt
    >>> auto_step(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    'day'
    >>> auto_step(dt.date(2023, 10, 1), dt.date(2024, 5, 14))
    'week'
    >>> auto_step(dt.date(1979, 3, 26), dt.date(2024, 5, 14))
    'year'
    >>> auto_step(dt.date(1816, 1, 1), dt.date(2014, 12, 31))
    'decade'
    """
    for step in STEPS[:-1]:
        if _count_periods(first, last, step) <= MAX_AUTO_PERIODS:
            return step
    return "decade"


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def _check_step(step: str) -> Step | Literal["auto"]:
    if step != "auto" and step not in STEPS:
        choices = (*STEPS, "auto")
        raise QueryError(
            f"unknown step {step!r}: use one of {', '.join(choices)}" + suggest(step, choices)
        )
    return step  # type: ignore[return-value]


def _window_start(end: dt.date, width: int | str | None) -> dt.date | None:
    """The first day of a trailing window of ``width`` ending on ``end``; None for no width."""
    if width is None:
        return None
    if isinstance(width, int) and not isinstance(width, bool):
        count, unit = width, "d"
    else:
        match = _WIDTH.fullmatch(str(width))
        if match is None or int(match.group(1)) < 1:
            raise QueryError(
                f"width {width!r} is not a duration: give days (90) or a number "
                "with a unit (12w, 3m, 1q, 1y)"
            )
        count, unit = int(match.group(1)), (match.group(2) or "d")[0]
    if count < 1:
        raise QueryError(f"width must be at least 1 day (got {width!r})")
    try:
        return _trailing_start(end, count, unit)
    except (OverflowError, ValueError):
        return dt.date.min  # wider than the calendar: the window reaches back to its start


def _trailing_start(end: dt.date, count: int, unit: str) -> dt.date:
    if unit == "d":
        return end - dt.timedelta(days=count - 1)
    if unit == "w":
        return end - dt.timedelta(days=7 * count - 1)
    months = count * {"m": 1, "q": 3, "y": 12}[unit]
    # the trailing window of N months ending on `end` starts the day after `end` N months
    # back; the last day of a month goes back to the last day of a month, so a window ending
    # on 29 February with a width of 3m is December to February
    back = _add_months(end.replace(day=1), -months)
    back_days = (_add_months(back, 1) - dt.timedelta(days=1)).day
    month_end = (end + dt.timedelta(days=1)).day == 1
    day = back_days if month_end else min(end.day, back_days)
    return back.replace(day=day) + dt.timedelta(days=1)


class _Index:
    """Edges by time: open-ended ones by start; closed ones by duration class, then start."""

    def __init__(self, starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]) -> None:
        self.count = len(starts)
        open_mask = ends == _OPEN
        open_ids = np.flatnonzero(open_mask)
        order = np.argsort(starts[open_ids], kind="stable")
        self.open_ids = open_ids[order]
        self.open_starts = starts[self.open_ids]
        closed = np.flatnonzero(~open_mask)
        durations = ends[closed] - starts[closed] + 1
        classes = np.ceil(np.log2(np.maximum(durations, 1))).astype(np.int64)
        self.classes: list[tuple[int, Any, Any, Any]] = []
        # (not np.unique: its first call imports numpy.ma, half a second of start-up)
        for cls in range(int(classes.max()) + 1 if len(classes) else 0):
            members = closed[classes == cls]
            if not len(members):
                continue
            order = np.argsort(starts[members], kind="stable")
            members = members[order]
            self.classes.append((1 << cls, members, starts[members], ends[members]))

    def overlapping(self, first: int, last: int) -> npt.NDArray[np.int64]:
        """Edge ids in force on at least one day of ``first..last`` (ordinals), sorted."""
        parts = [self.open_ids[: np.searchsorted(self.open_starts, last, side="right")]]
        for span, members, starts, ends in self.classes:
            # an edge shorter than `span` days that reaches `first` started after first - span
            low = np.searchsorted(starts, first - span, side="right")
            high = np.searchsorted(starts, last, side="right")
            candidates = slice(low, high)
            parts.append(members[candidates][ends[candidates] >= first])
        found = np.concatenate(parts)
        if len(found) * 32 < self.count:
            found.sort()
            return found
        # many edges: marking them costs less than sorting them
        marked = np.zeros(self.count, dtype=bool)
        marked[found] = True
        return np.flatnonzero(marked)


@dataclass(frozen=True)
class Filters:
    """Which stances and actors a timeline keeps: the filters every slicing command shares.

    Attributes
    ----------
    kinds, modalities : tuple of str, optional
        Keep only stances of these kinds / modalities.
    actors : tuple of str, optional
        Keep only these actors (ids, names or aliases) and the stances among them.
    ego : str, optional
        Keep only the stances that involve this actor, and the actors they reach.
    min_confidence : float, optional
        Drop stances whose confidence is below this; stances without a confidence are kept.
    rollup : bool
        Fold every actor that has an ``affiliation`` (persons, and state organs such as an
        army whose file says so) into the actor it is affiliated with, following chains to
        the top; a stance that would fold into a self-loop is left out and counted in
        :attr:`Timeline.dropped`; one stance keeps one tie per pair: the edges of a listed
        stance that land on a pair it already has are counted in :attr:`Timeline.merged`. An
        affiliated actor named in ``actors``, ``ego`` or :meth:`Timeline.history` then means
        the actor it folds into.

    Examples
    --------
    >>> Filters(kinds=("conflict",), rollup=True).as_kwargs()
    {'kinds': ('conflict',), 'rollup': True}
    """

    kinds: tuple[str, ...] | None = None
    modalities: tuple[str, ...] | None = None
    actors: tuple[str, ...] | None = None
    ego: str | None = None
    min_confidence: float | None = None
    rollup: bool = False

    def as_kwargs(self) -> dict[str, Any]:
        """The filters that are set, as keyword arguments of :class:`Timeline`."""
        defaults = Filters()
        return {
            name: getattr(self, name)
            for name in self.__dataclass_fields__
            if getattr(self, name) != getattr(defaults, name)
        }


class Timeline:
    """The stances of a relations file over time, as graphs for any day or period.

    Parameters
    ----------
    relations : Relations or ColumnarRelations
        A loaded file or dataset directory (:func:`relgraph.read_relations`).
    filters : Filters, optional
        The filters as one value; the keyword arguments below add to it.
    kinds, modalities, actors, ego, min_confidence, rollup : optional
        Each as the attribute of :class:`Filters` with its name (iterables where it holds
        tuples); given here, it replaces that attribute of ``filters``.

    Examples
    --------
    >>> import relgraph
    >>> rel = relgraph.parse_relations('''
    ... actors:
    ...   - {id: EGY, name: Egypt, kind: state}
    ...   - {id: ISR, name: Israel, kind: state}
    ... stances:
    ...   - {id: treaty, actor: EGY, target: ISR, kind: diplomatic, valence: 0.6,
    ...      mutual: true, start: 1979-03-26}
    ...   - {id: downgrade, actor: EGY, target: ISR, kind: diplomatic, valence: -0.5,
    ...      modality: considered, start: 2024-05}
    ... ''')
    >>> tl = Timeline(rel)
    >>> sorted(key for _, _, key in tl.at("2024-05-14").edges(keys=True))
    ['downgrade', 'treaty']
    >>> [key for _, _, key in tl.at("2024-04-30").edges(keys=True)]
    ['treaty']
    """

    def __init__(
        self,
        relations: Relations | ColumnarRelations,
        filters: Filters | None = None,
        *,
        kinds: Iterable[str] | None = None,
        modalities: Iterable[str] | None = None,
        actors: Iterable[str] | None = None,
        ego: str | None = None,
        min_confidence: float | None = None,
        rollup: bool = False,
    ) -> None:
        given = filters if filters is not None else Filters()
        kinds = given.kinds if kinds is None else kinds
        modalities = given.modalities if modalities is None else modalities
        actors = given.actors if actors is None else actors
        ego = given.ego if ego is None else ego
        min_confidence = given.min_confidence if min_confidence is None else min_confidence
        rollup = rollup or given.rollup
        with gc_paused():
            self._build(relations, kinds, modalities, actors, ego, min_confidence, rollup)

    def _build(
        self,
        relations: Relations | ColumnarRelations,
        kinds: Iterable[str] | None,
        modalities: Iterable[str] | None,
        actors: Iterable[str] | None,
        ego: str | None,
        min_confidence: float | None,
        rollup: bool,
    ) -> None:
        self.relations = relations
        self.filters: dict[str, Any] = {}
        kind_set = self._choices("kinds", kinds, STANCE_KINDS)
        modality_set = self._choices("modalities", modalities, MODALITIES)
        # under the roll-up, a person named in a filter means the actor it folds into
        fold = self._folding() if rollup else {}
        actor_set = None
        if actors is not None:
            actor_set = {self._folded(fold, a) for a in actors}
            self.filters["actors"] = sorted(actor_set)
        ego_id = None if ego is None else self._folded(fold, ego)
        if ego_id is not None:
            self.filters["ego"] = ego_id
        if min_confidence is not None:
            if not 0.0 <= min_confidence <= 1.0:
                raise QueryError(f"min_confidence must be between 0 and 1 (got {min_confidence})")
            self.filters["min_confidence"] = min_confidence
        if rollup:
            self.filters["rollup"] = True
        self._fold = fold
        self.dropped = 0
        self.merged = 0
        self._sources = {
            s.id: s.model_dump(mode="json", exclude_none=True) for s in relations.sources
        }
        if not isinstance(relations, Relations):
            self._build_columns(
                relations, kind_set, modality_set, actor_set, ego_id, min_confidence, fold
            )
            return
        self._columns: _Columns | None = None
        every = relations.edges

        def column(rule: object, value: Callable[[Stance], Any], dtype: Any = object) -> Any:
            # only the columns a rule asks for: an unfiltered timeline needs none of them
            if rule is None or rule == {}:
                return None
            return np.array([value(e.stance) for e in every] or np.empty(0), dtype=dtype)

        ids, actors_of, targets = self._select(
            column(fold, lambda s: s.key),
            column(fold, lambda s: s.expanded, bool),
            column(kind_set, lambda s: s.kind),
            column(modality_set, lambda s: s.modality),
            column(
                min_confidence, lambda s: np.nan if s.confidence is None else s.confidence, float
            ),
            _object_array([e.actor for e in every]),
            _object_array([e.target for e in every]),
            (kind_set, modality_set, min_confidence, actor_set, ego_id, fold),
        )
        edges = [
            every[i] if (u, v) == (every[i].actor, every[i].target) else
            Edge(every[i].key, every[i].stance, u, v)
            for i, u, v in zip(ids.tolist(), actors_of.tolist(), targets.tolist(), strict=True)
        ]  # fmt: skip
        self.edges: Sequence[Edge] = edges
        self._actor_ids, self._target_ids = actors_of, targets
        self._set_nodes(relations, fold, actor_set, ego_id)
        # object arrays, so that a slice's keys and edge tuples are one fancy index away
        self._keys = np.array([e.key for e in edges], dtype=object)
        # each edge twice, as in force under every reading of its dates in a slice or not:
        # a slice picks one per edge (networkx copies the attributes into the graph)
        self._edge_items = np.fromiter(
            ((e.actor, e.target, e.key, _edge_attrs(e, certain=True)) for e in edges),
            dtype=object,
            count=len(edges),
        )
        self._uncertain_items = np.fromiter(
            ((u, v, k, {**attrs, "certain": False}) for u, v, k, attrs in self._edge_items),
            dtype=object,
            count=len(edges),
        )
        # DESIGN §2: certain in a..b when the latest start <= b and the earliest end >= a
        self._latest_start = np.array(
            [
                e.stance.start.last.toordinal()
                if e.stance.end is None
                else min(e.stance.start.last, e.stance.end.last).toordinal()
                for e in edges
            ],
            dtype=np.int64,
        )
        self._earliest_end = np.array(
            [
                _OPEN
                if e.stance.end is None
                else max(e.stance.start.first, e.stance.end.first).toordinal()
                for e in edges
            ],
            dtype=np.int64,
        )
        self._starts = np.array([e.start_day.toordinal() for e in edges], dtype=np.int64)
        self._ends = np.array(
            [_OPEN if e.end_day is None else e.end_day.toordinal() for e in edges],
            dtype=np.int64,
        )
        self._index = _Index(self._starts, self._ends)

    def _set_nodes(
        self,
        relations: Relations | ColumnarRelations,
        fold: dict[str, str],
        actor_set: set[str] | None,
        ego_id: str | None,
    ) -> None:
        nodes = [a.id for a in relations.actors if a.id not in fold]
        if actor_set is not None:
            nodes = [n for n in nodes if n in actor_set]
        if ego_id is not None:
            reached = {ego_id, *self._actor_ids.tolist(), *self._target_ids.tolist()}
            nodes = [n for n in nodes if n in reached]
        self.nodes: list[str] = nodes
        index = relations.actor_index
        self._node_items = [(n, _node_attrs(index[n])) for n in nodes]

    def _build_columns(
        self,
        columns: ColumnarRelations,
        kind_set: set[str] | None,
        modality_set: set[str] | None,
        actor_set: set[str] | None,
        ego_id: str | None,
        min_confidence: float | None,
        fold: dict[str, str],
    ) -> None:
        ids, actors, targets = self._select(
            columns.stance_keys,
            columns.keys != columns.stance_keys,
            columns.kinds,
            columns.modalities,
            columns.confidence,
            columns.actors_of,
            columns.targets,
            (kind_set, modality_set, min_confidence, actor_set, ego_id, fold),
        )
        self._actor_ids, self._target_ids = actors, targets
        self._columns = _Columns(columns, ids)
        self.edges = EdgeView(columns, ids, self._actor_ids, self._target_ids)
        self._set_nodes(columns, fold, actor_set, ego_id)
        self._keys = columns.keys[ids]
        start_first, start_last = columns.start_first[ids], columns.start_last[ids]
        end_first, end_last = columns.end_first[ids], columns.end_last[ids]
        self._latest_start = np.minimum(start_last, end_last)
        self._earliest_end = np.where(end_last == _OPEN, _OPEN, np.maximum(start_first, end_first))
        self._starts, self._ends = start_first, end_last
        self._index = _Index(self._starts, self._ends)

    def _date_step(self) -> Step:
        """The finest step the dates can tell apart: ``year`` when every date is a year."""
        if self._columns is not None:
            columns, ids = self._columns.columns, self._columns.ids
            closed = ids[columns.end_last[ids] != _OPEN]
            widths = np.concatenate(
                (
                    columns.start_last[ids] - columns.start_first[ids],
                    columns.end_last[closed] - columns.end_first[closed],
                )
            )
        else:
            dates = [d for e in self.edges for d in (e.stance.start, e.stance.end) if d]
            widths = np.array([(d.last - d.first).days for d in dates], dtype=np.int64)
        finest = int(widths.min()) if len(widths) else 0
        return "year" if finest >= 364 else "month" if finest >= 27 else "day"

    def _select(
        self,
        stance_keys: npt.NDArray[np.object_] | None,
        listed: npt.NDArray[np.bool_] | None,
        kinds: npt.NDArray[np.object_] | None,
        modalities: npt.NDArray[np.object_] | None,
        confidence: npt.NDArray[np.float64] | None,
        actors: npt.NDArray[np.object_],
        targets: npt.NDArray[np.object_],
        rules: tuple[Any, ...],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.object_], npt.NDArray[np.object_]]:
        """The edges the filters keep, with their actors and targets after the roll-up.

        One row per edge of the relations: its stance's key, whether the stance is a listed
        one (several edges), kind, modality, confidence (NaN when unrated), actor and target.
        Counts the folded self-loops in :attr:`dropped` and the merged ties in :attr:`merged`.
        A column no rule asks for may be None.
        """
        kind_set, modality_set, min_confidence, actor_set, ego_id, fold = rules
        keep = np.ones(len(actors), dtype=bool)
        if kind_set is not None and kinds is not None:
            keep &= np.isin(kinds, sorted(kind_set))
        if modality_set is not None and modalities is not None:
            keep &= np.isin(modalities, sorted(modality_set))
        if min_confidence is not None and confidence is not None:
            keep &= ~(confidence < min_confidence)  # NaN (unrated) is kept
        actors, targets = _mapped(actors, fold), _mapped(targets, fold)
        if actor_set is not None:
            chosen = sorted(actor_set)
            keep &= np.isin(actors, chosen) & np.isin(targets, chosen)
        if ego_id is not None:
            keep &= (actors == ego_id) | (targets == ego_id)
        loops = keep & (actors == targets)
        self.dropped = int(loops.sum())
        keep &= ~loops
        if fold and stance_keys is not None and listed is not None:
            # one stance is one tie per pair: an edge of a listed stance that lands on a pair
            # the stance already has (folded or not) is merged into the first
            ties: set[tuple[str, str, str]] = set()
            at = np.flatnonzero(keep & listed)
            pairs = zip(
                stance_keys[at].tolist(), actors[at].tolist(), targets[at].tolist(), strict=True
            )
            for i, tie in zip(at.tolist(), pairs, strict=True):
                if tie in ties:
                    keep[i] = False
                    self.merged += 1
                ties.add(tie)
        ids = np.flatnonzero(keep)
        return ids, actors[ids], targets[ids]

    # -- construction helpers ------------------------------------------------------------

    def _choices(
        self, name: str, values: Iterable[str] | None, allowed: Sequence[str]
    ) -> set[str] | None:
        if values is None:
            return None
        chosen = {values} if isinstance(values, str) else set(values)
        for value in chosen:
            if value not in allowed:
                raise QueryError(
                    f"unknown {name[:-1] if name != 'modalities' else 'modality'} "
                    f"{value!r}: use {', '.join(allowed)}" + suggest(value, allowed)
                )
        self.filters[name] = sorted(chosen)
        return chosen

    def _folding(self) -> dict[str, str]:
        index = self.relations.actor_index
        fold: dict[str, str] = {}
        for actor in self.relations.actors:
            if actor.affiliation is None:
                continue
            seen = {actor.id}
            top = actor.affiliation
            while top not in seen and (up := index[top].affiliation) is not None:
                seen.add(top)
                top = up
            if top in seen:
                continue  # a cycle (the loader refuses one) has no top to fold into
            fold[actor.id] = top
        return fold

    def _folded(self, fold: dict[str, str], name: str) -> str:
        actor_id = self.resolve_actor(name)
        return fold.get(actor_id, actor_id)

    def resolve_actor(self, name: str) -> str:
        """The id of the actor named by an id, a name or an alias (case-insensitive).

        Raises
        ------
        QueryError
            When no actor matches (the message suggests close matches), or when the name is
            ambiguous (two actors share it: the message lists them).

        Examples
        --------
        >>> import relgraph
        >>> rel = relgraph.parse_relations(
        ...     "actors: [{id: EGY, name: Egypt, kind: state, aliases: [Cairo]}]")
        >>> Timeline(rel).resolve_actor("cairo")
        'EGY'
        """
        index = self.relations.actor_index
        if name in index:
            return name
        folded = name.casefold()
        found = [
            actor
            for actor in self.relations.actors
            if folded
            in (actor.id.casefold(), actor.name.casefold(), *(a.casefold() for a in actor.aliases))
        ]
        if len(found) > 1:
            matches = ", ".join(f"{a.id!r} ({a.name})" for a in found)
            raise QueryError(f"{name!r} is ambiguous: it names {matches}; give an id")
        if found:
            return found[0].id
        choices = actor_choices((a.id, a.name, a.aliases) for a in self.relations.actors)
        raise QueryError(unknown_actor(name, suggest(name, choices)))

    # -- time ------------------------------------------------------------------------------

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        """The first and the last day any date of the file names (a start, end or report).

        Raises
        ------
        QueryError
            When the file has no stances.
        """
        span = self.relations.date_range()
        if span is None:
            raise QueryError("the file has no stances, so it has no dates")
        return span

    def _bounds(self, start: DayLike | None, end: DayLike | None) -> tuple[dt.date, dt.date]:
        # an open bound is the file's span, stretched to hold the given one: open stances are
        # still in force after the last date the file names
        given_start = None if start is None else parse_period(start, what="start")
        given_end = None if end is None else parse_period(end, what="end")
        if given_start is None:
            first = min(self.span[0], given_end[0]) if given_end else self.span[0]
        else:
            first = given_start[0]
        if given_end is None:
            last = max(self.span[1], given_start[1]) if given_start else self.span[1]
        else:
            last = given_end[1]
        if last < first:
            raise QueryError(f"the period ends ({last}) before it starts ({first})")
        return first, last

    def _graph(
        self, ids: npt.NDArray[np.int64], slice_: dict[str, str], period: Period
    ) -> StanceGraph:
        certain = (self._latest_start[ids] <= period.end.toordinal()) & (
            self._earliest_end[ids] >= period.window_start.toordinal()
        )
        with gc_paused():  # a graph is acyclic dicts: collecting while building finds nothing
            items: list[Any]
            if self._columns is not None:
                items = self._columns.columns.edge_items(
                    self._columns.ids[ids], self._actor_ids[ids], self._target_ids[ids], certain
                )
            else:
                picked = np.where(certain, self._edge_items[ids], self._uncertain_items[ids])
                items = picked.tolist()
            graph: StanceGraph = nx.MultiDiGraph(**self._graph_attrs(slice_, period))
            graph.add_nodes_from(self._node_items)
            graph.add_edges_from(items)
        return graph

    def _graph_attrs(self, slice_: dict[str, str], period: Period) -> dict[str, Any]:
        return {
            "period": period,
            "title": self.relations.title,
            "source": self.relations.source_path,
            "sha256": self.relations.sha256,
            "relgraph_version": __version__,
            "slice": slice_,
            "filters": dict(self.filters),
            "dropped": self.dropped,
            "merged": self.merged,
            "sources": self._sources,
        }

    def in_force(self, start: DayLike, end: DayLike | None = None) -> list[str]:
        """The keys of the edges in force on at least one day of ``start..end`` (inclusive).

        Parameters
        ----------
        start : datetime.date or str
            The first day (a partial date means its first day).
        end : datetime.date or str, optional
            The last day (a partial date means its last day); default: the period ``start``
            names (one day for a day, the whole month for ``2024-05``).

        Returns
        -------
        list of str
            Edge keys, in file order.

        Raises
        ------
        QueryError
            When a bound is not a date, or ``end`` is before ``start``.

        Examples
        --------
        >>> import relgraph
        >>> rel = relgraph.parse_relations('''
        ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
        ... stances:
        ...   - {id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-05-31,
        ...      end: 2024-05-31}
        ...   - {id: t, actor: B, target: A, kind: conflict, valence: -1, start: 2024-06}
        ... ''')
        >>> Timeline(rel).in_force("2024-05"), Timeline(rel).in_force("2024-05-31", "2024-06")
        (['s'], ['s', 't'])
        """
        first = parse_period(start, what="start")[0]
        last = parse_period(start if end is None else end, what="end")[1]
        if last < first:
            raise QueryError(f"the period ends ({last}) before it starts ({first})")
        ids = self._index.overlapping(first.toordinal(), last.toordinal())
        keys: list[str] = self._keys[ids].tolist()
        return keys

    def at(self, day: DayLike) -> StanceGraph:
        """The graph of the stances in force on one whole day.

        Parameters
        ----------
        day : datetime.date or str
            The day, ``YYYY-MM-DD``. A stance counts when ``start <= day <= end`` (inclusive;
            open ends never end).

        Returns
        -------
        networkx.MultiDiGraph
            Every actor (after filters) as a node; one edge per stance in force, keyed by the
            stance id (or ``ID#ACTOR>TARGET`` for expanded lists), attributes as the module
            docstring lists.

        Raises
        ------
        QueryError
            When ``day`` is not a whole day: a partial date such as ``2024-05`` points to
            :meth:`window`.

        Examples
        --------
        >>> import relgraph
        >>> rel = relgraph.parse_relations('''
        ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
        ... stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1,
        ...            start: 2024-05, end: 2024-05}]
        ... ''')
        >>> g = Timeline(rel).at("2024-05-31")
        >>> g.number_of_nodes(), list(g.edges(keys=True))
        (2, [('A', 'B', 's')])
        >>> g.edges["A", "B", "s"]["start_day"], g.edges["A", "B", "s"]["end_day"]
        (datetime.date(2024, 5, 1), datetime.date(2024, 5, 31))
        >>> Timeline(rel).at("2024-06-01").number_of_edges()
        0
        """
        when = parse_day(day)
        ordinal = when.toordinal()
        return self._graph(
            self._index.overlapping(ordinal, ordinal),
            {"at": when.isoformat()},
            Period(when, when, when, when.isoformat(), "day"),
        )

    def window(self, start: DayLike | None = None, end: DayLike | None = None) -> StanceGraph:
        """The graph of the stances in force on at least one day of ``start..end``.

        Parameters
        ----------
        start, end : datetime.date or str, optional
            Inclusive bounds. A partial date covers its period: ``start="2024-05"`` begins on
            1 May, ``end="2024-05"`` ends on 31 May. Default: the span of the file.

        Returns
        -------
        networkx.MultiDiGraph
            As :meth:`at`, for every stance overlapping the window.

        Raises
        ------
        QueryError
            When a bound is not a date, or ``end`` is before ``start``.

        Examples
        --------
        >>> import relgraph
        >>> rel = relgraph.parse_relations('''
        ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
        ... stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1,
        ...            start: 2024-05-31, end: 2024-05-31}]
        ... ''')
        >>> Timeline(rel).window("2024-05", "2024-05").number_of_edges()
        1
        >>> Timeline(rel).window("2024-06-01", "2024-12-31").number_of_edges()
        0
        """
        first, last = self._bounds(start, end)
        ids = self._index.overlapping(first.toordinal(), last.toordinal())
        period = Period(first, last, first, f"{first.isoformat()}..{last.isoformat()}")
        return self._graph(ids, {"start": first.isoformat(), "end": last.isoformat()}, period)

    def slice(
        self,
        at: DayLike | None = None,
        *,
        start: DayLike | None = None,
        end: DayLike | None = None,
    ) -> StanceGraph:
        """The graph of one day (``at``) or of the period ``start..end`` (inclusive days).

        The one entry point for "a day or a period": :meth:`at` when ``at`` is given, else
        :meth:`window` (open bounds default to the file's span). ``graph.graph["period"]``
        is the slice's :class:`Period` with its dates.

        Raises
        ------
        QueryError
            When both a day and a bound are given, or a date is not valid.

        Examples
        --------
        >>> import relgraph
        >>> rel = relgraph.parse_relations('''
        ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
        ... stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1, start: 2024-05}]
        ... ''')
        >>> g = Timeline(rel).slice(start="2024-05", end="2024-05")
        >>> g.graph["period"].start, g.edges["A", "B", "s"]["certain"]
        (datetime.date(2024, 5, 1), True)
        >>> Timeline(rel).slice("2024-05-14").edges["A", "B", "s"]["certain"]
        False
        """
        if at is not None:
            if start is not None or end is not None:
                raise QueryError("give either a day (at) or a period (start/end), not both")
            return self.at(at)
        return self.window(start, end)

    def periods(
        self,
        start: DayLike | None = None,
        end: DayLike | None = None,
        step: str = "auto",
        width: int | str | None = None,
        *,
        max_periods: int = MAX_PERIODS,
    ) -> list[Period]:
        """The calendar steps from ``start`` to ``end`` (inclusive), clipped to that range.

        Parameters
        ----------
        start, end : datetime.date or str, optional
            Inclusive bounds (partial dates cover their period); default: the file's span.
        step : {'auto', 'day', 'week', 'month', 'quarter', 'year', 'decade'}
            Calendar periods; weeks are ISO weeks, Monday first; decades run 1990–1999.
            ``auto`` (the default) takes :func:`auto_step` of the range: the finest step
            that gives at most 100 periods, but no finer than the dates can tell apart
            (``year`` when every date of the kept stances names a year, as in dyad-year data;
            ``month`` when none is finer than a month).
        width : int or str, optional
            A rolling window: each period then shows the trailing ``width`` ending on its last
            day — days as an int (``90``) or a count with a unit (``12w``, ``3m``, ``1q``,
            ``1y``). It may be wider than the step. Counted in months, a window ending on the
            last day of a month covers whole months: monthly steps with ``3m`` show the last
            three calendar months.
        max_periods : int
            Refuse a series of more periods than this (default :data:`MAX_PERIODS`), before
            making any.

        Returns
        -------
        list of Period

        Raises
        ------
        QueryError
            When a bound or the step is not valid, or the series would exceed
            ``max_periods``.

        Examples
        --------
        >>> import relgraph
        >>> tl = Timeline(relgraph.parse_relations("actors: []"))
        >>> [p.label for p in tl.periods("2024-01-15", "2024-04-10", "quarter")]
        ['2024-Q1', '2024-Q2']
        >>> p = tl.periods("2024-01-15", "2024-04-10", "quarter")[0]
        >>> p.start, p.end
        (datetime.date(2024, 1, 15), datetime.date(2024, 3, 31))
        >>> tl.periods("2024-03", "2024-03", "month", width="3m")[0].window_start
        datetime.date(2024, 1, 1)
        """
        asked = _check_step(step)
        first, last = self._bounds(start, end)
        checked: Step = (
            max(auto_step(first, last), self._date_step(), key=STEPS.index)
            if asked == "auto"
            else asked
        )
        count = _count_periods(first, last, checked)
        if count > max_periods:
            raise QueryError(
                f"{first}..{last} by {checked} is {count:,} periods, more than the limit of "
                f"{max_periods:,} (max_periods; --max-periods on the command line): choose a "
                "coarser step or a shorter range, or raise the limit"
            )
        result = []
        day = first
        while day <= last:
            period_first, period_last, label = _step_bounds(day, checked)
            period_first, period_last = max(period_first, first), min(period_last, last)
            window = _window_start(period_last, width)
            result.append(
                Period(
                    period_first,
                    period_last,
                    period_first if window is None else window,
                    label,
                    checked,
                )
            )
            if period_last == dt.date.max:
                break
            day = period_last + dt.timedelta(days=1)
        return result

    def snapshots(
        self,
        start: DayLike | None = None,
        end: DayLike | None = None,
        step: str = "auto",
        width: int | str | None = None,
        *,
        max_periods: int = MAX_PERIODS,
    ) -> Iterator[tuple[Period, StanceGraph]]:
        """The graph of each step: ``window(period.window_start, period.end)``.

        Parameters are those of :meth:`periods`; bounds are inclusive days.

        Yields
        ------
        (Period, networkx.MultiDiGraph)

        Examples
        --------
        >>> import relgraph
        >>> rel = relgraph.parse_relations('''
        ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
        ... stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1,
        ...            start: 2024-02-10, end: 2024-02-12}]
        ... ''')
        >>> [(p.label, g.number_of_edges())
        ...  for p, g in Timeline(rel).snapshots("2024-01", "2024-03", "month")]
        [('2024-01', 0), ('2024-02', 1), ('2024-03', 0)]
        """
        for period in self.periods(start, end, step, width, max_periods=max_periods):
            ids = self._index.overlapping(period.window_start.toordinal(), period.end.toordinal())
            slice_ = {
                "start": period.window_start.isoformat(),
                "end": period.end.isoformat(),
                "period": period.label,
            }
            yield period, self._graph(ids, slice_, period)

    def walk(
        self,
        start: DayLike | None = None,
        end: DayLike | None = None,
        step: str = "auto",
        width: int | str | None = None,
        *,
        max_periods: int = MAX_PERIODS,
    ) -> Iterator[WalkStep]:
        """The edge keys in force at each step, updated step by step without building graphs.

        The periods are those of :meth:`snapshots` (same parameters, inclusive days); each
        step costs only the edges that begin or end, not a scan or a graph.

        Yields
        ------
        WalkStep
            ``period``; ``keys``, the keys in force in the step's window; ``began`` and
            ``ended`` since the previous step. Steps are independent: collecting them is safe.

        Examples
        --------
        >>> import relgraph
        >>> rel = relgraph.parse_relations('''
        ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
        ... stances: [{id: s, actor: A, target: B, kind: conflict, valence: -1,
        ...            start: 2024-02-10, end: 2024-02-12}]
        ... ''')
        >>> [(w.period.label, sorted(w.keys), w.began, w.ended)
        ...  for w in Timeline(rel).walk("2024-01", "2024-03", "month")]
        [('2024-01', [], (), ()), ('2024-02', ['s'], ('s',), ()), ('2024-03', [], (), ('s',))]
        """
        periods = self.periods(start, end, step, width, max_periods=max_periods)
        by_start = np.argsort(self._starts, kind="stable")
        by_end = np.argsort(self._ends, kind="stable")
        starts = self._starts[by_start].tolist()
        ends = self._ends[by_end].tolist()
        by_start_ids, by_end_ids = by_start.tolist(), by_end.tolist()
        edge_ends = self._ends.tolist()
        keys = self._keys.tolist()
        active: dict[str, None] = {}
        begun = ended = 0  # edges begun: start <= window end; ended: end < window start
        for period in periods:
            last = period.end.toordinal()
            first = period.window_start.toordinal()
            new_begun = bisect.bisect_right(starts, last, lo=begun)
            new_ended = bisect.bisect_left(ends, first, lo=ended)
            came = []
            for i in by_start_ids[begun:new_begun]:
                if edge_ends[i] >= first:
                    active[keys[i]] = None
                    came.append(keys[i])
            went = []
            for i in by_end_ids[ended:new_ended]:
                if active.pop(keys[i], 0) is None:
                    went.append(keys[i])
            begun, ended = new_begun, new_ended
            yield WalkStep(period, frozenset(active), tuple(came), tuple(went))

    def diff(self, a: DayLike, b: DayLike) -> Diff:
        """What changed from day ``a`` to day ``b``.

        Compares :meth:`at` ``(a)`` with :meth:`at` ``(b)`` by edge key: ``began`` (in force on
        ``b`` only), ``ended`` (on ``a`` only), ``changed`` (an edge that ended and one that
        began with the same actor, target and kind but another valence or modality, as
        ``(old, new)`` pairs) and ``passed`` (in force only on days strictly between ``a`` and
        ``b``, so a one-day event is never lost).

        Parameters
        ----------
        a, b : datetime.date or str
            Whole days; ``a`` must not be after ``b``.

        Returns
        -------
        Diff

        Raises
        ------
        QueryError
            When a day is not a whole day or ``b`` is before ``a``.

        Examples
        --------
        >>> import relgraph
        >>> rel = relgraph.parse_relations('''
        ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
        ... stances:
        ...   - {id: warm, actor: A, target: B, kind: diplomatic, valence: 0.5,
        ...      start: 2024-01-01, end: 2024-03-31}
        ...   - {id: cool, actor: A, target: B, kind: diplomatic, valence: -0.5,
        ...      start: 2024-04-01}
        ...   - {id: visit, actor: B, target: A, kind: diplomatic, valence: 0.8,
        ...      start: 2024-02-14, end: 2024-02-14}
        ... ''')
        >>> d = Timeline(rel).diff("2024-01-15", "2024-05-01")
        >>> [(old.key, new.key) for old, new in d.changed], [e.key for e in d.passed]
        ([('warm', 'cool')], ['visit'])
        """
        first = parse_day(a, what="day a", periods=False)
        last = parse_day(b, what="day b", periods=False)
        if last < first:
            raise QueryError(f"b ({last}) is before a ({first})")
        before = set(self._index.overlapping(first.toordinal(), first.toordinal()).tolist())
        after = set(self._index.overlapping(last.toordinal(), last.toordinal()).tolist())
        between: set[int] = set()
        if (last - first).days > 1:
            between = set(
                self._index.overlapping(first.toordinal() + 1, last.toordinal() - 1).tolist()
            )
        edges = self.edges
        began = [edges[i] for i in sorted(after - before)]
        ended = [edges[i] for i in sorted(before - after)]
        changed: list[tuple[Edge, Edge]] = []
        for old in list(ended):
            for new in began:
                if (old.actor, old.target, old.stance.kind) == (
                    new.actor,
                    new.target,
                    new.stance.kind,
                ) and (old.stance.valence, old.stance.modality) != (
                    new.stance.valence,
                    new.stance.modality,
                ):
                    changed.append((old, new))
                    ended.remove(old)
                    began.remove(new)
                    break
        passed = [edges[i] for i in sorted(between - before - after)]
        return Diff(first, last, began, ended, changed, passed)

    def history(self, actor: str, target: str) -> list[Edge]:
        """Every stance between two actors, in both directions, ordered by start day.

        Parameters
        ----------
        actor, target : str
            Actor ids, names or aliases (under the roll-up, a person means the actor it
            folds into).

        Returns
        -------
        list of Edge
            Ordered by start, then end (open last), then key.

        Raises
        ------
        QueryError
            When an actor is unknown (with close matches suggested).

        Examples
        --------
        >>> import relgraph
        >>> rel = relgraph.parse_relations('''
        ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
        ... stances:
        ...   - {id: later, actor: B, target: A, kind: diplomatic, valence: 0.5, start: 2024}
        ...   - {id: earlier, actor: A, target: B, kind: conflict, valence: -1, start: 2023}
        ... ''')
        >>> [e.key for e in Timeline(rel).history("A", "B")]
        ['earlier', 'later']
        """
        a, b = self._folded(self._fold, actor), self._folded(self._fold, target)
        actors, targets = self._actor_ids, self._target_ids
        if a == b:
            hits = (actors == a) & (targets == a)
        else:
            hits = ((actors == a) & (targets == b)) | ((actors == b) & (targets == a))
        found = [self.edges[i] for i in np.flatnonzero(hits).tolist()]
        return sorted(found, key=lambda e: (e.start_day, e.end_day or dt.date.max, e.key))

    def filter(self, **filters: Any) -> Timeline:
        """A new timeline of the same file with these filters added to the current ones.

        Takes the keyword arguments of :class:`Timeline`.

        Examples
        --------
        >>> import relgraph
        >>> rel = relgraph.parse_relations('''
        ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
        ... stances:
        ...   - {id: talk, actor: A, target: B, kind: diplomatic, valence: 0.5, start: 2024}
        ...   - {id: war, actor: A, target: B, kind: conflict, valence: -1, start: 2024}
        ... ''')
        >>> [e.key for e in Timeline(rel).filter(kinds=["conflict"]).edges]
        ['war']
        """
        current = dict(self.filters)
        current.update(filters)
        return Timeline(self.relations, **current)


@dataclass(frozen=True)
class _Columns:
    """A timeline's edges when its relations are columns: the kept edges' column indices."""

    columns: ColumnarRelations
    ids: npt.NDArray[np.int64]


def _object_array(values: list[str]) -> npt.NDArray[np.object_]:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _mapped(values: npt.NDArray[np.object_], fold: dict[str, str]) -> npt.NDArray[np.object_]:
    if not fold or not len(values):
        return values
    unique, inverse = np.unique(values, return_inverse=True)
    return _object_array([fold.get(v, v) for v in unique.tolist()])[inverse]


def _node_attrs(actor: Actor) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "name": actor.name,
        "kind": actor.kind,
        "aliases": list(actor.aliases),
        "codes": dict(actor.codes),
        "attrs": dict(actor.attrs),
    }
    if actor.affiliation is not None:
        attrs["affiliation"] = actor.affiliation
    return attrs


def _edge_attrs(edge: Edge, *, certain: bool) -> dict[str, Any]:
    stance = edge.stance
    attrs: dict[str, Any] = {
        "certain": certain,
        "stance": stance.key,
        "kind": stance.kind,
        "valence": stance.valence,
        "sign": (stance.valence > 0) - (stance.valence < 0),
        "modality": stance.modality,
        "mutual": stance.mutual,
        "evidence": [e.model_dump(exclude_none=True) for e in stance.evidence],
        "attrs": dict(stance.attrs),
        "start": stance.start.text,
        "start_day": stance.start_day,
        "end_day": stance.end_day,
        "approximate": stance.approximate,
        "uncertain": stance.uncertain,
    }
    if stance.end is not None:
        attrs["end"] = stance.end.text
    for name in ("label", "confidence", "cameo"):
        value = getattr(stance, name)
        if value is not None:
            attrs[name] = value
    if stance.reported is not None:
        attrs["reported"] = stance.reported.text
    return attrs


def read_timeline(
    path: str | os.PathLike[str], filters: Filters | None = None, **kwargs: Any
) -> Timeline:
    """Read a relations file and make its :class:`Timeline` with these filters.

    Parameters
    ----------
    path : str or os.PathLike
        The relations file, or a dataset directory (read as columns: DESIGN §5).
    filters : Filters, optional
        The filters as one value.
    **kwargs
        The keyword arguments of :class:`Timeline` (``kinds``, ``modalities``, ``actors``,
        ``ego``, ``min_confidence``, ``rollup``); None means no filter.

    Returns
    -------
    Timeline

    Raises
    ------
    LoadError
        When the file is not valid.
    QueryError
        When a filter names an unknown kind, modality or actor.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.yaml"
    >>> _ = path.write_text("actors: [{id: A, name: A, kind: state}]")
    >>> read_timeline(path, kinds=None).nodes
    ['A']
    """
    from relgraph.dataset import is_dataset
    from relgraph.load import read_relations

    given = {k: v for k, v in kwargs.items() if v is not None}
    if is_dataset(path):
        from relgraph.columnar import read_columns

        return Timeline(read_columns(path), filters, **given)
    return Timeline(read_relations(path), filters, **given)
