"""A Timeline straight from a dataset's columns vs the same stances read from YAML.

``python benchmarks/bench_columns.py --stances 1000000`` generates a relations file of that
many stances (``benchmarks/generate.py``: 2,000 actors, its stated distribution), converts it
once into a dataset directory (``relgraph convert``, not timed), then times in fresh child
processes, interleaved run by run:

- the baseline: ``Timeline(read_relations(FILE.yaml))`` (the YAML loader, its size limit
  raised: libyaml events, pydantic
  models, one object per stance), then one day's graph;
- the candidate: ``read_timeline(DIR)`` (the columnar path: Arrow and numpy, model objects
  only for what a query returns), then the same day's graph.

It prints the median wall time and the peak RSS of each, and their ratios. Targets (issue 9):
the columns at least 10x faster than YAML, and at most 0.5x its peak memory. Both graphs must
be equal, or the script fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

CHILD = r"""
import sys, time, json, os
start = time.perf_counter()
from relgraph.load import Limits, read_relations
from relgraph.timeline import Timeline
# the YAML baseline reads past the loader's default size limit (its memory is what we measure)
tl = Timeline(read_relations(sys.argv[1], limits=Limits(file_bytes=1 << 34)))
graph = tl.at("2012-06-15")
elapsed = time.perf_counter() - start
edges = sorted(
    (u, v, k, d["valence"], d["certain"]) for u, v, k, d in graph.edges(keys=True, data=True)
)
sys.path.insert(0, BENCHMARKS)
from _peak import peak_kib
print(json.dumps({"seconds": elapsed, "peak_kib": peak_kib(), "edges": len(edges),
                  "digest": hash(tuple(edges))}))
"""


def measure(path: Path) -> dict[str, float]:
    import json

    env = {**os.environ, "PYTHONHASHSEED": "0"}
    child = CHILD.replace("BENCHMARKS", repr(str(ROOT / "benchmarks")))
    done = subprocess.run(
        [sys.executable, "-c", child, os.fspath(path)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stances", type=int, default=1_000_000)
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None, help="Keep the files here.")
    args = parser.parse_args(argv)

    from generate import generate

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-columns-"))
    work.mkdir(parents=True, exist_ok=True)
    yaml_path = work / f"stances-{args.stances}.yaml"
    dataset = work / f"stances-{args.stances}.dataset"
    if not yaml_path.exists():
        started = time.perf_counter()
        yaml_path.write_text(generate(args.actors, args.stances, seed=1), encoding="utf-8")
        print(f"generated {yaml_path} ({yaml_path.stat().st_size / 1e6:.0f} MB) in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    if not dataset.exists():
        started = time.perf_counter()
        code = (
            "import sys; from relgraph.load import Limits, read_relations;"
            "from relgraph.merge import write_relations;"
            "from relgraph.dataset import dataset_from_relations;"
            "rel = read_relations(sys.argv[1], limits=Limits(file_bytes=1 << 34));"
            "write_relations(dataset_from_relations(rel), sys.argv[2])"
        )
        subprocess.run(
            [sys.executable, "-c", code, os.fspath(yaml_path), os.fspath(dataset)], check=True
        )
        print(f"converted to {dataset} in {time.perf_counter() - started:.0f} s (not timed)")

    yaml_runs, column_runs = [], []
    for _ in range(args.repeat):  # interleaved, so a drifting machine load hits both
        yaml_runs.append(measure(yaml_path))
        column_runs.append(measure(dataset))
    if {r["digest"] for r in yaml_runs} != {r["digest"] for r in column_runs}:
        print("FAIL: the two timelines give different graphs")
        return 1
    yaml_s = statistics.median(r["seconds"] for r in yaml_runs)
    column_s = statistics.median(r["seconds"] for r in column_runs)
    yaml_mem = max(r["peak_kib"] for r in yaml_runs) / 1024
    column_mem = max(r["peak_kib"] for r in column_runs) / 1024
    speed, memory = yaml_s / column_s, column_mem / yaml_mem
    print(f"{args.stances:,} stances, {int(yaml_runs[0]['edges']):,} edges on 2012-06-15")
    print(f"YAML    read_timeline + at: {yaml_s:8.2f} s  peak {yaml_mem:8.0f} MiB")
    print(f"columns read_timeline + at: {column_s:8.2f} s  peak {column_mem:8.0f} MiB")
    fast, small = "PASS" if speed >= 10 else "MISS", "PASS" if memory <= 0.5 else "MISS"
    print(
        f"speed-up {speed:.1f}x (target >= 10x: {fast}); memory {memory:.2f}x (<= 0.5x: {small})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
