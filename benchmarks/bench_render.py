"""Benchmark the interactive pages: generation time, page size, and time to draw in Chromium.

``python benchmarks/bench_render.py`` generates synthetic files (``generate.py``), then for
each size renders

- the **baseline**: a single-slice page (``render_graph``) of the stances in force over the
  120 months 2016-01..2025-12, i.e. ``Timeline.window("2016-01", "2025-12")``;
- the **timeline**: one page with a 120-step monthly slider over the same months
  (``render_timeline``), which embeds exactly the same stances, each once, with its bounds;
- for reference, a one-day page (``Timeline.at("2020-06-15")``).

It prints seconds (best of ``--repeat``), bytes, and the timeline/baseline ratios against the
targets of issue 4 (size <= 1.3x, time <= 2x) as PASS/FAIL. With Debian's chromium at
/usr/bin/chromium it also loads each page with the network blocked and reports the time from
navigation start until vis-network first draws (``relgraph.drawnAt``) and the mean time to
move the slider by one step. The file sizes are chosen so that the 120-month window holds
about 1k and 10k stances; the numbers of stances embedded are printed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import relgraph  # noqa: E402
from generate import generate  # noqa: E402
from relgraph.render import Page, render_graph, render_timeline  # noqa: E402
from relgraph.timeline import Timeline  # noqa: E402

START, END, DAY = "2016-01", "2025-12", "2020-06-15"
# file sizes (stances) whose 120-month window holds about 1k and 10k stances
SIZES = {1_000: (150, 1_550), 10_000: (1_000, 15_600)}
SIZE_TARGET, TIME_TARGET = 1.3, 2.0
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


def one_day(timeline: Timeline) -> Page:
    return render_graph(timeline.at(DAY))


def best(repeat: int, make: Callable[[Timeline], Page], timeline: Timeline) -> tuple[float, Page]:
    times, page = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        page = make(timeline)
        times.append(time.perf_counter() - t0)
    assert page is not None
    return min(times), page


def blocker(url: str, requests: list[str]) -> Callable[[Any], None]:
    """A route handler that lets only ``url`` through and records everything else."""

    def route(handle: Any) -> None:
        if handle.request.url == url:
            handle.continue_()
        else:
            requests.append(handle.request.url)
            handle.abort()

    return route


def draw_times(pages: dict[str, Page]) -> dict[str, tuple[float, float | None]]:
    """Milliseconds until first drawn, and per slider step (timeline pages), in Chromium."""
    from playwright.sync_api import sync_playwright

    results: dict[str, tuple[float, float | None]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for name, page in pages.items():
            path = page.write(Path(tmp) / f"{name}.html")
            context = browser.new_context(viewport={"width": 1400, "height": 850})
            requests: list[str] = []
            route = blocker(path.as_uri(), requests)
            context.route("**/*", route)
            tab = context.new_page()
            tab.goto(path.as_uri())
            while not tab.evaluate("!!(window.relgraph && window.relgraph.drawn)"):
                time.sleep(0.02)
            drawn = float(tab.evaluate("relgraph.drawnAt"))
            per_step = None
            if tab.evaluate("relgraph.steps") > 1:
                per_step = float(
                    tab.evaluate(
                        """() => {
                            const t0 = performance.now();
                            for (let i = 0; i < relgraph.steps; i++) relgraph.setStep(i);
                            return (performance.now() - t0) / relgraph.steps;
                        }"""
                    )
                )
            if requests:
                raise SystemExit(f"{name}: the page made requests: {requests}")
            results[name] = (drawn, per_step)
            context.close()
        browser.close()
    return results


def verdict(ratio: float, target: float) -> str:
    return "PASS" if ratio <= target else "FAIL"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(SIZES), choices=SIZES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    args = parser.parse_args(argv)

    failed = False
    for size in args.sizes:
        n_actors, n_stances = SIZES[size]
        timeline = Timeline(relgraph.parse_relations(generate(n_actors, n_stances, args.seed)))
        periods = timeline.periods(START, END, "month")
        t_base, base = best(args.repeat, single_slice, timeline)
        t_line, line = best(args.repeat, slider, timeline)
        t_day, day = best(args.repeat, one_day, timeline)
        embedded = timeline.window(START, END).number_of_edges()
        at_day = timeline.at(DAY).number_of_edges()
        size_ratio = len(line.html.encode()) / len(base.html.encode())
        time_ratio = t_line / t_base
        print(
            f"\n== ~{size:,} stances: file of {n_stances:,} stances, {n_actors:,} actors; "
            f"{embedded:,} stances in {START}..{END} ({len(periods)} monthly steps)"
        )
        print(f"{'page':<34}{'seconds':>9}{'MB':>9}")
        for label, seconds, page in (
            (f"single slice ({embedded:,} stances)", t_base, base),
            (f"timeline, {len(periods)} steps ({embedded:,})", t_line, line),
            (f"one day {DAY} ({at_day:,} stances)", t_day, day),
        ):
            print(f"{label:<34}{seconds:>9.3f}{len(page.html.encode()) / 1e6:>9.2f}")
        print(
            f"timeline / single slice: size {size_ratio:.3f}x (target <= {SIZE_TARGET}x) "
            f"{verdict(size_ratio, SIZE_TARGET)}; time {time_ratio:.3f}x "
            f"(target <= {TIME_TARGET}x) {verdict(time_ratio, TIME_TARGET)}"
        )
        failed |= size_ratio > SIZE_TARGET or time_ratio > TIME_TARGET
        if args.no_browser:
            continue
        if not CHROMIUM.exists():
            print(f"(no browser timings: {CHROMIUM} is missing)")
            continue
        draws = draw_times({"single": base, "timeline": line, "day": day})
        for name, (drawn, per_step) in draws.items():
            step = "" if per_step is None else f"; {per_step:.1f} ms per slider step"
            print(f"Chromium, {name}: first drawn {drawn:,.0f} ms after navigation{step}")
        print(
            "first draw, timeline / single slice: "
            f"{draws['timeline'][0] / draws['single'][0]:.3f}x"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
