"""The same GDELT aggregation on DuckDB and on a local Spark session, in one run.

``python benchmarks/bench_spark.py --rows 10000000`` generates GDELT 2.0 rows (the generator
and distribution of ``bench_events.py``), then times:

- **duckdb**: ``relgraph.events.read_events([FILE], source="gdelt")`` — rule.py's ibis
  expressions on DuckDB, the dataset assembled in memory;
- **spark**: ``relgraph.events.engines.import_events_spark([FILE], OUT)`` — the same ibis
  expressions through ibis's pyspark backend on ``local[*]`` (``--master``), the dataset
  written by Spark. Spark's start-up (JVM and session) is timed apart and printed.

Printed: seconds and rows per second of each, and the ratio spark / duckdb without and with
the start-up. The stance counts and left-out counts of both are checked equal. Exits 0 either
way: benchmarks report, tests check behaviour.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_events import generate_tsv  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="events (default 10^7)")
    parser.add_argument("--master", default="local[*]", help="Spark master (default local[*])")
    parser.add_argument("--shuffle-partitions", type=int, default=8)
    parser.add_argument("--driver-memory", default="3g")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="relgraph-bench-spark-"))
    try:
        path = work / "events.export.CSV"
        started = time.perf_counter()
        generate_tsv(path, args.rows)
        print(f"generated {args.rows:,} GDELT 2.0 rows in {time.perf_counter() - started:.1f}s "
              f"({path.stat().st_size / 1e6:,.0f} MB)")  # fmt: skip

        from relgraph.events import read_events

        started = time.perf_counter()
        dataset, duck_report = read_events([path], source="gdelt")
        duck = time.perf_counter() - started
        print(f"duckdb: {duck:.1f}s, {args.rows / duck:,.0f} rows/s, "
              f"{dataset.stances.num_rows:,} stances")  # fmt: skip
        del dataset

        started = time.perf_counter()
        from pyspark.sql import SparkSession

        session = (
            SparkSession.builder.master(args.master)
            .appName("relgraph bench")
            .config("spark.sql.shuffle.partitions", str(args.shuffle_partitions))
            .config("spark.driver.memory", args.driver_memory)
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        session.range(1).count()  # the JVM and the first job's code generation
        startup = time.perf_counter() - started
        print(f"spark start-up ({args.master}): {startup:.1f}s")

        from relgraph.events.engines import import_events_spark

        started = time.perf_counter()
        spark_report = import_events_spark([path], work / "out", spark=session)
        spark = time.perf_counter() - started
        print(f"spark: {spark:.1f}s, {args.rows / spark:,.0f} rows/s, "
              f"{spark_report.stances:,} stances")  # fmt: skip
        session.stop()

        same = (
            spark_report.stances == duck_report.stances
            and spark_report.events_used == duck_report.events_used
            and {k: v["count"] for k, v in spark_report.left_out.items()}
            == {k: v["count"] for k, v in duck_report.left_out.items()}
        )
        print(f"same stances and left-out counts: {'yes' if same else 'NO'}")
        with_startup = (spark + startup) / duck
        print(f"ratio spark / duckdb: {spark / duck:.2f}x "
              f"({with_startup:.2f}x with Spark's start-up of {startup:.1f}s)")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
