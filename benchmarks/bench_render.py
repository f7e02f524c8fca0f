"""Benchmark the interactive pages: size, generation, layout, and drawing in Chromium.

``python benchmarks/bench_render.py`` generates synthetic files shaped like event data
(``generate.py`` with a few hundred actors and many ties), then for each size renders

- the **baseline**: a single-slice page (``render_graph``) of the stances in force over the
  120 months 2016-01..2025-12, i.e. ``Timeline.window("2016-01", "2025-12")``;
- the **timeline**: one page with a 120-step monthly slider over the same months
  (``render_timeline``), which embeds exactly the same stances, each once, with its bounds.

It prints seconds (best of ``--repeat``), bytes, and the timeline/baseline ratios against the
targets (size <= 1.3x, time <= 2x) as PASS/FAIL. The file sizes are chosen so that the
120-month window holds about 1k, 10k and 100k stances.

**Layout**: ``relgraph.layout.layout`` on random graphs of 1,000 actors / 5,000 ties and
10,000 actors / 50,000 ties (few hubs, a long tail): seconds, and the growth ratio against the
targets (10,000 actors <= 10 s, and <= 15x the time at 1,000: no quadratic step).

**Chromium** (Debian's /usr/bin/chromium, network blocked): the time from navigation start
until vis-network first draws the page (``relgraph.drawnAt``), and the time of each slider step
(``relgraph.setStep(i)``, which recomputes the step and draws it once, synchronously): median
and worst. Targets for the ~100k timeline page: first draw <= 3 s, median step <= 150 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import networkx as nx  # noqa: E402

import relgraph  # noqa: E402
from generate import generate  # noqa: E402
from relgraph.layout import layout  # noqa: E402
from relgraph.render import Page, render_graph, render_timeline  # noqa: E402
from relgraph.timeline import Timeline  # noqa: E402

START, END = "2016-01", "2025-12"
ACTORS = 300  # event data: a few hundred states and organisations, many ties between them
# file sizes (stances) whose 120-month window holds about 1k, 10k and 100k stances
SIZES = {1_000: 1_450, 10_000: 14_500, 100_000: 145_000}
SIZE_TARGET, TIME_TARGET = 1.3, 2.0
LAYOUT_SIZES = (1_000, 10_000)
LAYOUT_SECONDS, LAYOUT_GROWTH = 10.0, 15.0
DRAW_TARGET_MS, STEP_TARGET_MS = 3_000.0, 150.0
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def single_slice(timeline: Timeline) -> Page:
    return render_graph(timeline.window(START, END))


def slider(timeline: Timeline) -> Page:
    return render_timeline(timeline, START, END, "month")


def best(repeat: int, make: Callable[[Timeline], Page], timeline: Timeline) -> tuple[float, Page]:
    times, page = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        page = make(timeline)
        times.append(time.perf_counter() - t0)
    assert page is not None
    return min(times), page


def layout_graph(n_actors: int, seed: int) -> nx.MultiDiGraph[str]:
    """``n_actors`` actors and 5 ties each, drawn by Zipf-like activity (a few hubs)."""
    rng = random.Random(seed)
    actors = [f"a{i}" for i in range(n_actors)]
    weights = [1 / (k + 1) ** 1.1 for k in range(n_actors)]
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.add_nodes_from(actors)
    for i, actor in enumerate(actors):  # every actor has a tie
        graph.add_edge(actor, actors[(7 * i + 1) % n_actors])
    ties = n_actors
    while ties < 5 * n_actors:
        u, v = rng.choices(actors, weights, k=2)
        if u != v:
            graph.add_edge(u, v)
            ties += 1
    return graph


def blocker(url: str, requests: list[str]) -> Callable[[Any], None]:
    """A route handler that lets only ``url`` through and records everything else."""

    def route(handle: Any) -> None:
        if handle.request.url == url:
            handle.continue_()
        else:
            requests.append(handle.request.url)
            handle.abort()

    return route


STEP_TIMES = """() => {
    const times = [];
    for (let i = 0; i < relgraph.steps; i++) {
        const t0 = performance.now();
        relgraph.setStep(i);
        times.push(performance.now() - t0);
    }
    return times;
}"""


def draw_times(pages: dict[str, Page]) -> dict[str, tuple[float, list[float]]]:
    """Milliseconds until first drawn, and of each slider step (timeline pages), in Chromium."""
    from playwright.sync_api import sync_playwright

    results: dict[str, tuple[float, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for name, page in pages.items():
            path = page.write(Path(tmp) / f"{name}.html")
            context = browser.new_context(viewport={"width": 1400, "height": 850})
            requests: list[str] = []
            errors: list[str] = []
            context.route("**/*", blocker(path.as_uri(), requests))
            tab = context.new_page()
            tab.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            tab.goto(path.as_uri(), timeout=120_000)
            while not tab.evaluate("!!(window.relgraph && window.relgraph.drawn)"):
                time.sleep(0.02)
            drawn = float(tab.evaluate("relgraph.drawnAt"))
            steps = [float(t) for t in tab.evaluate(STEP_TIMES)] if page.steps > 1 else []
            if requests or errors:
                raise SystemExit(f"{name}: requests {requests}, errors {errors}")
            results[name] = (drawn, steps)
            context.close()
        browser.close()
    return results


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def bench_layout(seed: int) -> bool:
    times = {}
    for n in LAYOUT_SIZES:
        graph = layout_graph(n, seed)
        t0 = time.perf_counter()
        layout(graph)
        times[n] = time.perf_counter() - t0
        print(f"layout, {n:,} actors, {graph.number_of_edges():,} ties: {times[n]:.2f} s")
    small, large = times[LAYOUT_SIZES[0]], times[LAYOUT_SIZES[1]]
    growth = large / small
    ok = large <= LAYOUT_SECONDS and growth <= LAYOUT_GROWTH
    print(
        f"layout {LAYOUT_SIZES[1]:,} actors: {large:.2f} s (target <= {LAYOUT_SECONDS:.0f} s) "
        f"{verdict(large <= LAYOUT_SECONDS)}; {growth:.2f}x the time at {LAYOUT_SIZES[0]:,} "
        f"(target <= {LAYOUT_GROWTH:.0f}x) {verdict(growth <= LAYOUT_GROWTH)}"
    )
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(SIZES), choices=SIZES)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    parser.add_argument("--no-layout", action="store_true", help="skip the layout timings")
    args = parser.parse_args(argv)

    failed = False
    if not args.no_layout:
        print("== layout")
        failed |= not bench_layout(args.seed)
    for size in args.sizes:
        n_stances = SIZES[size]
        t0 = time.perf_counter()
        timeline = Timeline(relgraph.parse_relations(generate(ACTORS, n_stances, args.seed)))
        loaded = time.perf_counter() - t0
        periods = timeline.periods(START, END, "month")
        repeat = 1 if size >= 100_000 else args.repeat
        t_base, base = best(repeat, single_slice, timeline)
        t_line, line = best(repeat, slider, timeline)
        embedded = base.stances
        size_ratio = len(line.html.encode()) / len(base.html.encode())
        time_ratio = t_line / t_base
        print(
            f"\n== ~{size:,} stances: file of {n_stances:,} stances, {ACTORS} actors "
            f"(generated and loaded in {loaded:.1f} s); {embedded:,} stances in {START}..{END} "
            f"({len(periods)} monthly steps)"
        )
        print(f"{'page':<34}{'seconds':>9}{'MB':>9}")
        for label, seconds, page in (
            (f"single slice ({embedded:,} stances)", t_base, base),
            (f"timeline, {len(periods)} steps", t_line, line),
        ):
            print(f"{label:<34}{seconds:>9.3f}{len(page.html.encode()) / 1e6:>9.2f}")
        print(
            f"timeline / single slice: size {size_ratio:.3f}x (target <= {SIZE_TARGET}x) "
            f"{verdict(size_ratio <= SIZE_TARGET)}; time {time_ratio:.3f}x "
            f"(target <= {TIME_TARGET}x) {verdict(time_ratio <= TIME_TARGET)}"
        )
        failed |= size_ratio > SIZE_TARGET or time_ratio > TIME_TARGET
        if args.no_browser:
            continue
        if not CHROMIUM.exists():
            print(f"(no browser timings: {CHROMIUM} is missing)")
            continue
        draws = draw_times({"single": base, "timeline": line})
        for name, (drawn, steps) in draws.items():
            text = f"Chromium, {name}: first drawn {drawn:,.0f} ms after navigation"
            if steps:
                text += (
                    f"; slider step median {statistics.median(steps):.0f} ms, "
                    f"worst {max(steps):.0f} ms"
                )
            print(text)
        drawn, steps = draws["timeline"]
        median = statistics.median(steps)
        print(
            f"timeline first draw {drawn:,.0f} ms (target <= {DRAW_TARGET_MS:,.0f} ms) "
            f"{verdict(drawn <= DRAW_TARGET_MS)}; median step {median:.0f} ms "
            f"(target <= {STEP_TARGET_MS:.0f} ms) {verdict(median <= STEP_TARGET_MS)}"
            + ("" if size >= 100_000 else " (the targets are for ~100k)")
        )
        if size >= 100_000:
            failed |= drawn > DRAW_TARGET_MS or median > STEP_TARGET_MS
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
