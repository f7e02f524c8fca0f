"""Dyad-year benchmark: ATOP-shaped spells against bare DuckDB, and balance over two centuries.

``python benchmarks/bench_dyadic.py [--data DIR] [--rows N] [--repeat K]`` prints, all measured
in this run:

1. **Spells.** A generated ATOP-shaped CSV (``ccode1, ccode2, year, atop_defense, ...,
   atop_consul``) of about ``--rows`` (default 10^7) directed pair-years: every ordered pair of
   the crosswalk's COW states, years from 1800 (fewer years when ``--rows`` is smaller),
   2.5% of the pair-years missing and the obligation set of a pair drawn anew every 10 years
   from 32 sets (so about 3% of rows have none); both seeded by hashing, so every run writes the
   same file. ``relgraph.events.dyadic.read_atop`` (everything a user gets: the spells, ids,
   labels, attrs, actors through the crosswalk, the counts of rows left out and the input's
   SHA-256) against the bare DuckDB query that computes the same spells — the same CSV scan,
   gaps and islands (``year - row_number()`` within a pair and obligation set), the result
   fetched as an Arrow table — median of ``--repeat`` runs each, the three rotating (target:
   at most 1.25x). The CPU-time ratio (all threads of the process) is printed beside it: on a
   shared machine it moves less than the wall-clock one. The spell counts must agree. The
   SHA-256 of the input is also timed alone.
2. **Balance over two centuries.** With ``--data DIR`` holding the full
   ``atop5_1_directed_dyad_year.csv`` and ``cow_mid5_directed_dispute_year.csv`` (see
   ``data/dyadic/README.md``): import both, merge, write and read the merged dataset, build
   the Timeline from its columns and compute the balance
   series 1816-2014 by year (default modality weights: threats count 0), in a child process,
   with the time of each step and the child's peak RSS.

Prints PASS or FAIL for the ratio and exits 0 either way: benchmarks report, tests check
behaviour.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from _peak import peak_kib  # benchmarks/, the first entry of sys.path

HERE = Path(__file__).resolve().parent

OBLIGATIONS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
TARGET = 1.25


def generate(path: Path, rows: int) -> int:
    """Write the ATOP-shaped file (see the module docstring); return its row count."""
    import duckdb

    from relgraph.events.states import crosswalk

    codes = [c for c in crosswalk().column("cow").to_pylist() if c is not None]
    pairs = len(codes) * (len(codes) - 1)
    years = max(1, min(219, round(rows / pairs / 0.975)))
    con = duckdb.connect()
    con.register("codes", _codes_table(codes))
    bits = "hash(a.c, b.c, (y + hash(a.c, b.c) % 10) // 10, 'obligations') % 32"
    columns = ", ".join(
        f"CAST(({bits} >> {4 - i}) & 1 AS INTEGER) AS {name}" for i, name in enumerate(OBLIGATIONS)
    )
    con.execute(
        f"COPY (SELECT a.c AS ccode1, b.c AS ccode2, y AS year, {columns} "
        f"FROM codes AS a, codes AS b, range({2019 - years}, 2019) AS t(y) "
        f"WHERE a.c <> b.c AND hash(a.c, b.c, y, 'gaps') % 1000 >= 25 "
        f"ORDER BY ccode1, ccode2, year) TO '{path}' (HEADER)"
    )
    found = con.sql(f"SELECT count(*) FROM read_csv('{path}')").fetchone()
    con.close()
    return int(found[0]) if found else 0


def _codes_table(codes: list[int]) -> object:
    import pyarrow as pa

    return pa.table({"c": pa.array(codes, pa.int64())})


def bare(path: Path, *, typed: bool = False) -> int:
    """The spells by the plain gaps-and-islands query, fetched as Arrow.

    ``typed`` reads the columns as relgraph does: the codes and the year as DOUBLE, the
    obligations as BOOLEAN. DuckDB's sniffer reads them all as BIGINT from a sample, and
    then rounds a later ``2.5`` to 3 (or an obligation of ``0.5`` to 1) without a word.
    """
    import duckdb

    bits = " + ".join(
        f"CASE WHEN {name}{'' if typed else ' <> 0'} THEN {1 << (4 - i)} ELSE 0 END"
        for i, name in enumerate(OBLIGATIONS)
    )
    types = ", ".join(f"'{c}': 'DOUBLE'" for c in ("ccode1", "ccode2", "year"))
    types += "".join(f", '{c}': 'BOOLEAN'" for c in OBLIGATIONS)
    scan = f"read_csv('{path}', types = {{{types}}})" if typed else f"read_csv('{path}')"
    con = duckdb.connect()
    result = con.sql(
        "SELECT ccode1, ccode2, bits, min(year) AS y1, max(year) AS y2, count(*) AS n FROM ("
        "SELECT *, year - row_number() OVER (PARTITION BY ccode1, ccode2, bits ORDER BY year) "
        f"AS island FROM (SELECT ccode1, ccode2, year, {bits} AS bits FROM {scan}) "
        "WHERE bits > 0) GROUP BY ccode1, ccode2, bits, island"
    ).arrow()
    table = result.read_all() if hasattr(result, "read_all") else result
    con.close()
    return int(table.num_rows)


def ours(path: Path) -> int:
    from relgraph.events.dyadic import read_atop

    return int(read_atop(path).stances.num_rows)


CPU: dict[str, list[float]] = {}  # CPU seconds of every thread of this process, per function


def timed(function: object, *args: object, name: str = "") -> tuple[float, object]:
    start, cpu = time.perf_counter(), time.process_time()
    value = function(*args)  # type: ignore[operator]
    CPU.setdefault(name, []).append(time.process_time() - cpu)
    return time.perf_counter() - start, value


def bench_spells(rows: int, repeat: int, say: object) -> None:
    from relgraph.events.dyadic import sha256_of

    with tempfile.TemporaryDirectory(prefix="bench-dyadic-") as tmp:
        path = Path(tmp) / "atop_shaped.csv"
        seconds, count = timed(generate, path, rows)
        size = path.stat().st_size / 1e6
        say(f"generated {count:,} pair-years ({size:.0f} MB) in {seconds:.1f} s")  # type: ignore[operator]
        bare(path)  # warm the page cache and DuckDB's code paths once
        runs: dict[str, list[float]] = {"ours": [], "bare": [], "typed": []}
        spells: dict[str, object] = {}
        functions = {
            "ours": ours,
            "bare": bare,
            "typed": lambda p: bare(p, typed=True),
        }
        names = list(functions)
        for run in range(repeat):
            for name in names[run % 3 :] + names[: run % 3]:  # rotate who goes first
                seconds, value = timed(functions[name], path, name=name)
                runs[name].append(seconds)
                spells[name] = value
        hashing = statistics.median(timed(sha256_of, path)[0] for _ in range(repeat))
        mine = statistics.median(runs["ours"])
        agree = "agree" if spells["ours"] == spells["bare"] == spells["typed"] else "DISAGREE"
        say(f"spells: read_atop {mine:.2f} s (median of {repeat})")  # type: ignore[operator]
        cpu = statistics.median(CPU["ours"])
        for name, words in (("bare", "sniffed types"), ("typed", "typed as ours")):
            theirs = statistics.median(runs[name])
            ratio = mine / theirs
            verdict = "PASS" if ratio <= TARGET else "FAIL"
            say(  # type: ignore[operator]
                f"  bare DuckDB ({words}) {theirs:.2f} s: ratio {ratio:.2f}x "
                f"(target <= {TARGET}x): {verdict}; CPU time ratio "
                f"{cpu / statistics.median(CPU[name]):.2f}x"
            )
        say(f"  {spells['ours']:,} spells by all three ({agree})")  # type: ignore[operator]
        say(f"  the input's SHA-256 alone: {hashing:.2f} s")  # type: ignore[operator]


def balance_child(data: Path) -> None:
    """Import, merge, Timeline and the balance series; print one JSON line of timings."""
    import relgraph
    from relgraph.events.dyadic import read_atop, read_cow_mid
    from relgraph.merge import merge_relations, write_relations

    steps: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        steps[name] = now - clock
        clock = now

    alliances = read_atop(data / "atop5_1_directed_dyad_year.csv")
    disputes = read_cow_mid(data / "cow_mid5_directed_dispute_year.csv")
    lap("import ATOP + COW-MID")
    with tempfile.TemporaryDirectory(prefix="bench-dyadic-") as tmp:
        merged = merge_relations([alliances.dataset, disputes.dataset])
        system = write_relations(merged, Path(tmp) / "system")
        lap("merge and write the dataset")
        timeline = relgraph.Timeline(relgraph.read_relations(system))
        lap("read the dataset as columns and build the Timeline")
    series = relgraph.balance_series(timeline, "1816", "2014", step="year")
    lap("balance series 1816-2014 by year")
    exact = sum(1 for _, result in series if result.exact)
    print(
        json.dumps(
            {
                "steps": steps,
                "stances": merged.stances.num_rows,
                "years": len(series),
                "exact": exact,
                "peak_rss_mb": peak_kib() / 1024,
            }
        )
    )


def bench_balance(data: Path, say: object) -> None:
    out = subprocess.run(
        [sys.executable, __file__, "--balance-child", str(data)],
        capture_output=True,
        text=True,
        check=True,
    )
    record = json.loads(out.stdout.strip().splitlines()[-1])
    total = sum(record["steps"].values())
    say(  # type: ignore[operator]
        f"balance over two centuries ({record['stances']:,} stances, {record['years']} years, "
        f"frustration exact in {record['exact']}): {total:.1f} s, "
        f"peak RSS {record['peak_rss_mb']:.0f} MB"
    )
    for name, seconds in record["steps"].items():
        say(f"  {name}: {seconds:.2f} s")  # type: ignore[operator]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="directory of the full ATOP and MID files")
    parser.add_argument("--rows", type=int, default=10_000_000, help="pair-years to generate")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument("--balance-child", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.balance_child:
        balance_child(options.balance_child)
        return 0

    def say(text: str) -> None:
        print(text, flush=True)

    bench_spells(options.rows, options.repeat, say)
    if options.data is not None:
        bench_balance(options.data, say)
    else:
        say("balance over two centuries: skipped (give --data DIR with the full files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
