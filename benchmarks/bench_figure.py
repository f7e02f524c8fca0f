"""Benchmark a network figure as SVG against ``networkx.draw_networkx``, same positions.

``python benchmarks/bench_figure.py`` generates a file of 1,000 actors and 5,000 stances
(``generate.py``), slices its whole span (about 1,000 actors and 5,000 ties: the counts are
printed), computes the shared layout once, and then times, interleaved, best of ``--repeat``:

- the **baseline**: a new 7x5-inch matplotlib Figure, ``networkx.draw_networkx(graph, pos)``
  with the same positions (arrows, every node and every label, as networkx draws them), saved
  as SVG to memory;
- **relgraph**: ``relgraph.figure(graph, positions=..., merge_pairs=False)`` (every tie drawn,
  in the page's encodings, with the legend and labels placed without overlap), saved with
  ``relgraph.save_figure`` as an SVG file; and for reference the default, which merges the
  stances between each ordered pair above 300 ties, as the page does.

For reference it also times the default figure (pairs merged above 300 ties) and networkx's
fastest drawing (``arrows=False``: one line collection, no arrowheads). It prints the times
and the ratio against the target of issue 12 (<= 1.5x) as PASS/FAIL, and
exits 1 on FAIL.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import relgraph  # noqa: E402
from generate import generate  # noqa: E402
from relgraph.layout import layout  # noqa: E402

TARGET = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=1_000)
    parser.add_argument("--stances", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import matplotlib

    matplotlib.use("Agg")
    import networkx as nx
    from matplotlib.figure import Figure

    timeline = relgraph.Timeline(relgraph.parse_relations(generate(args.actors, args.stances, 1)))
    graph = timeline.window()
    positions = layout(graph)
    flipped = {node: (x, -y) for node, (x, y) in positions.items()}
    print(f"slice: {graph.number_of_nodes()} actors, {graph.number_of_edges()} ties")

    out = Path(tempfile.mkdtemp(prefix="relgraph-bench-figure-")) / "figure.svg"

    def baseline() -> None:
        figure = Figure(figsize=(7.0, 5.0), dpi=150)
        ax = figure.add_subplot()
        nx.draw_networkx(graph, pos=flipped, ax=ax)
        figure.savefig(io.BytesIO(), format="svg")

    def lines_only() -> None:
        # for reference: networkx's fastest drawing, one LineCollection without arrows
        figure = Figure(figsize=(7.0, 5.0), dpi=150)
        ax = figure.add_subplot()
        nx.draw_networkx(graph, pos=flipped, ax=ax, arrows=False)
        figure.savefig(io.BytesIO(), format="svg")

    def ours() -> None:
        drawn = relgraph.figure(graph, positions=positions, merge_pairs=False)
        relgraph.save_figure(drawn, out)

    def merged() -> None:
        relgraph.save_figure(relgraph.figure(graph, positions=positions), out)

    runs: dict[str, Callable[[], None]] = {
        "networkx.draw_networkx": baseline,
        "relgraph.figure": ours,
        "  (pairs merged, default)": merged,
        "  (networkx, arrows=False)": lines_only,
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, run in runs.items():
            began = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - began)
    best = {name: min(values) for name, values in times.items()}
    for name, seconds in best.items():
        print(f"{name:<24} {seconds:7.2f} s (best of {args.repeat})")
    ratio = best["relgraph.figure"] / best["networkx.draw_networkx"]
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"figure / draw_networkx: {ratio:.2f}x (target <= {TARGET}x) {verdict}")
    print(f"SVG: {out.stat().st_size / 1e6:.1f} MB")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
