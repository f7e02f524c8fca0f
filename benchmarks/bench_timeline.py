"""Time-layer benchmark: the Timeline index against a full scan, and graphs against their floor.

``python benchmarks/bench_timeline.py`` generates the 100k-stance file in memory
(``generate(2000, 100000, seed=1)``, see ``generate.py``), parses it with
``relgraph.parse_relations`` and prints, all measured in this run:

- selecting the stances in force on each of 365 days (``Timeline.in_force(day)``) against a
  Python scan of ``relations.edges`` per day, ``[e.key for e in edges if e.start_day <= d and
  (e.end_day is None or e.end_day >= d)]`` (target: at least 20x faster); the two must agree;
- 365 daily ``Timeline.at`` graphs and 120 monthly ``Timeline.snapshots`` against the
  output-bound floor: ``nx.MultiDiGraph()``, ``add_nodes_from`` of the same node items and
  ``add_edges_from`` of the same edge tuples, precomputed outside the clock (target: at most
  1.1x the floor);
- a ``Timeline.walk`` over the 365 daily steps, reading ``len(step.keys)`` at each, against
  building the 365 ``at`` graphs (target: at least 50x cheaper);
- the time to build the index (``Timeline(relations)``, as a user would: the garbage
  collector on, median of ``--repeat``) and its memory: the peak while building and what the
  Timeline keeps, traced with ``tracemalloc``.

The days are the 365 days from 1 January of ``--year`` (2013, the middle of the generated
span 2000-2025, with about 23k of the 100k stances in force on each); the months are the 120
ending with December of that year. Cheap figures are the median of ``--repeat`` runs; the
graph figures are one pass over every day or month, the library and the floor interleaved
(alternating which goes first) so that drift in the machine's speed hits both alike; one graph
of each kind is checked equal to its floor's. The garbage collector is paused inside every
timed section, as ``timeit`` does, after the loaded file has been frozen out of its reach
(``gc.freeze``). Prints PASS or FAIL per target and exits 0 either way: benchmarks report,
tests check behaviour. Takes about two minutes on two cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import relgraph  # noqa: E402
from generate import generate  # noqa: E402
from relgraph import Timeline  # noqa: E402


@dataclass
class Row:
    """One line of the report."""

    name: str
    ours: float
    baseline: float | None = None
    target: str = ""
    passed: bool | None = None
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> str:
        if self.baseline is None:
            return ""
        if self.target.startswith(">="):
            return f"{self.baseline / self.ours:,.1f}x faster"
        return f"{self.ours / self.baseline:.3f}x"


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by ``function()`` with the garbage collector paused, and its result."""
    gc.disable()
    try:
        start = time.perf_counter()
        result = function()
        return time.perf_counter() - start, result
    finally:
        gc.enable()


def median_time(function: Callable[[], Any], repeat: int) -> float:
    return statistics.median(timed(function)[0] for _ in range(repeat))


def scan(edges: Sequence[Any], day: dt.date) -> list[str]:
    """The baseline: every edge looked at for one day."""
    return [e.key for e in edges if e.start_day <= day and (e.end_day is None or e.end_day >= day)]


def floor_graph(nodes: list[Any], edges: list[Any]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def bench_selection(timeline: Timeline, days: list[dt.date], repeat: int) -> Row:
    edges = timeline.relations.edges
    ours = median_time(lambda: [timeline.in_force(day) for day in days], repeat)
    baseline, scanned = timed(lambda: [scan(edges, day) for day in days])
    found = [timeline.in_force(day) for day in days]
    if found != scanned:
        raise AssertionError("in_force and the scan disagree")
    return Row(
        "in force on 365 days: index vs scan",
        ours,
        baseline,
        ">= 20x",
        baseline / ours >= 20,
        note=f"{statistics.mean(map(len, found)):,.0f} stances in force per day",
    )


def bench_graphs(
    timeline: Timeline,
    label: str,
    windows: list[tuple[dt.date, dt.date]],
    build: Callable[[], Any],
) -> tuple[Row, float]:
    """Time each graph from ``build`` (an iterator of graphs, one per window) against the
    floor for the same window, interleaved."""
    nodes = list(timeline._node_items)
    graphs = iter(build())
    ours = floor = 0.0
    sizes = []
    index = {key: i for i, key in enumerate(e.key for e in timeline.edges)}
    items = timeline._edge_items
    for number, (first, last) in enumerate(windows):
        edges = [items[index[key]] for key in timeline.in_force(first, last)]
        sizes.append(len(edges))
        floor_build = functools.partial(floor_graph, nodes, edges)
        if number % 2:
            floor += timed(floor_build)[0]
            seconds, graph = timed(graphs.__next__)
        else:
            seconds, graph = timed(graphs.__next__)
            floor += timed(floor_build)[0]
        ours += seconds
        if number == len(windows) // 2 and not _same_graph(graph, floor_graph(nodes, edges)):
            raise AssertionError(f"{label}: the graph differs from the floor's")
        del graph
    ratio = ours / floor
    note = f"{statistics.mean(sizes):,.0f} edges per graph"
    return Row(label, ours, floor, "<= 1.1x", ratio <= 1.1, note=note), ours


def _same_graph(graph: Any, other: nx.MultiDiGraph) -> bool:
    graph = graph[1] if isinstance(graph, tuple) else graph
    return bool(
        list(graph.nodes(data=True)) == list(other.nodes(data=True))
        and list(graph.edges(keys=True, data=True)) == list(other.edges(keys=True, data=True))
    )


def bench_walk(timeline: Timeline, first: dt.date, last: dt.date, repeat: int) -> float:
    def walk() -> int:
        return sum(len(step.keys) for step in timeline.walk(first, last, "day"))

    return median_time(walk, repeat)


def bench_build(relations: relgraph.Relations, repeat: int) -> tuple[float, int, int]:
    """Median seconds to build the Timeline, as a user would (the collector running, the
    loaded file not frozen); peak and kept bytes while building one."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        Timeline(relations)
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    gc.collect()
    tracemalloc.start()
    kept = Timeline(relations)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return seconds, peak, current


def report(rows: list[Row]) -> str:
    header = ("measurement", "relgraph", "baseline", "ratio", "target", "result", "")
    lines = [header]
    for row in rows:
        if row.unit == "s":
            ours = f"{row.ours:.3f} s"
            base = "" if row.baseline is None else f"{row.baseline:.3f} s"
        else:
            ours, base = f"{row.ours:,.0f} {row.unit}", ""
        result = "" if row.passed is None else ("PASS" if row.passed else "FAIL")
        lines.append((row.name, ours, base, row.ratio, row.target, result, row.note))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {1, 2, 3}
    return "\n".join(
        "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Always 0: the table says PASS or FAIL per target.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--stances", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=2013, help="the year of the 365 days")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cheap figure")
    args = parser.parse_args(argv)

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    started = time.perf_counter()
    say(f"generating {args.stances:,} stances among {args.actors:,} actors...")
    text = generate(args.actors, args.stances, args.seed)
    relations = relgraph.parse_relations(text)
    del text
    say(f"{len(relations.edges):,} edges; building the index...")
    build, peak, kept = bench_build(relations, args.repeat)
    gc.collect()
    gc.freeze()  # the loaded file stays alive throughout: keep it out of the collector's way
    timeline = Timeline(relations)
    first = dt.date(args.year, 1, 1)
    days = [first + dt.timedelta(days=i) for i in range(365)]
    last = days[-1]

    say("selection: index and scan...")
    selection = bench_selection(timeline, days, args.repeat)
    say("365 daily at graphs and their floor...")
    daily, at_total = bench_graphs(
        timeline,
        "365 daily at graphs vs floor",
        [(day, day) for day in days],
        lambda: (timeline.at(day) for day in days),
    )
    say("120 monthly snapshots and their floor...")
    periods = timeline.periods(dt.date(args.year - 9, 1, 1), last, "month")
    monthly, _ = bench_graphs(
        timeline,
        "120 monthly snapshots vs floor",
        [(p.window_start, p.end) for p in periods],
        lambda: timeline.snapshots(periods[0].start, last, "month"),
    )
    say("walk...")
    walk = bench_walk(timeline, first, last, args.repeat)
    rows = [
        selection,
        daily,
        monthly,
        Row(
            "walk, 365 daily steps vs 365 at graphs",
            walk,
            at_total,
            ">= 50x",
            at_total / walk >= 50,
        ),
        Row("Timeline(relations): build", build, note=f"{len(relations.edges):,} edges"),
        Row("Timeline(relations): peak memory", peak / 2**20, unit="MiB"),
        Row("Timeline(relations): kept after build", kept / 2**20, unit="MiB"),
    ]
    print(
        f"relgraph {relgraph.__version__}, {len(relations.edges):,} edges, "
        f"days {first}..{last}, months {periods[0].label}..{periods[-1].label}"
    )
    print(report(rows))
    say(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
