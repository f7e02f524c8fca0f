"""Event-import benchmark: ``read_events`` against a bare DuckDB SQL query doing the same work.

``python benchmarks/bench_events.py --tsv-rows 10000000 --parquet-rows 100000000`` generates
GDELT-shaped events (below), then measures, each candidate in a fresh child process so that
its peak RSS is its own:

- **ours**: ``relgraph.events.read_events([FILE], source="gdelt")`` — the ibis expressions of
  ``relgraph.events.rule`` on DuckDB, the examples of each left-out reason, the unknown codes,
  and the assembled stances, actors and sources tables (the SHA-256 of the input is part of
  it and is printed separately);
- **bare SQL**: the same aggregation written by hand in DuckDB SQL in the same run: the same
  projection of the file into a table, the same classification (crosswalk join, reasons in
  the same order), one grouped scan for stances and the counts of left-out rows by reason,
  one for the top three URLs — without ibis, examples, or assembly.

Both run with the same DuckDB ``memory_limit`` (``--memory-limit``, default 2GB), so past
it DuckDB spills to disk rather than growing. Targets: ours <= 1.25x the bare SQL; peak RSS
<= 3 GB at 10^8 events. The stance counts and the left-out counts of both are checked equal.

Also, when ``--timeline-stances`` is non-zero: a Timeline from a dataset of that many stances
against the same stances read from YAML (target: >= 10x faster, <= 0.5x the peak memory),
measured only when ``relgraph.read_timeline`` accepts a dataset directory.

The generated events (GDELT 2.0, 61 tab-separated columns; Parquet: GDELT's column names):
event ids consecutive; days uniform over 2023-01-01 .. 2024-12-30, 0.1% an impossible date
(``20241332``); each country code absent with probability 0.35 (as in real GDELT), else one
of 60 codes (56 states, EUR, AFR, WST, HMS) drawn with P(k) skewed to the first codes (index
= floor(60 u^2)), actor and target independent (so about 3% are the same); root codes uniform
over 01..20, the quad class by GDELT's scheme; Goldstein uniform on -10..10 at 0.1, 0.5%
absent; NumMentions 1 + floor(50 u^3); IsRootEvent 1 with probability 0.6; one URL per three
consecutive events; the TSV ends with 10 short and 10 long lines. Exits 0 either way:
benchmarks report, tests check behaviour.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _peak import peak_kib  # benchmarks/, the first entry of sys.path

CODES = (  # noqa: SIM905
    "USA GBR FRA DEU RUS CHN IND ISR PSE EGY IRN TUR SAU QAT SYR IRQ UKR POL JPN KOR PRK PAK "
    "AFG NGA ZAF KEN ETH BRA MEX CAN AUS ITA ESP NLD BEL SWE NOR FIN GRC ROM SRB HUN CZE "
    "AUT CHE LBN JOR ARE KWT OMN YEM LBY SDN VNM PHL IDN EUR AFR WST HMS"
).split()

_ROW = """
    SELECT
      (500000000 + i)::VARCHAR AS GLOBALEVENTID,
      CASE WHEN hash(i, 1) % 1000 = 0 THEN '20241332'
           ELSE strftime(DATE '2023-01-01' + CAST(hash(i, 2) % 730 AS INTEGER), '%Y%m%d')
      END AS SQLDATE,
      CASE WHEN hash(i, 3) % 100 < 35 THEN NULL
           ELSE codes[1 + floor(60 * pow((hash(i, 4) % 1000000) / 1000000.0, 2))::INTEGER]
      END AS Actor1CountryCode,
      CASE WHEN hash(i, 5) % 100 < 35 THEN NULL
           ELSE codes[1 + floor(60 * pow((hash(i, 6) % 1000000) / 1000000.0, 2))::INTEGER]
      END AS Actor2CountryCode,
      CASE WHEN hash(i, 7) % 10 < 6 THEN '1' ELSE '0' END AS IsRootEvent,
      lpad((1 + hash(i, 8) % 20)::VARCHAR, 2, '0') AS EventRootCode,
      CASE WHEN hash(i, 9) % 200 = 0 THEN NULL
           ELSE round((hash(i, 10) % 201) / 10.0 - 10.0, 1)::VARCHAR END AS GoldsteinScale,
      (1 + floor(50 * pow((hash(i, 11) % 1000000) / 1000000.0, 3)))::BIGINT::VARCHAR
        AS NumMentions,
      'https://news.example/' || (i // 3)::VARCHAR || '.html' AS SOURCEURL
    FROM range({n}) t(i), (SELECT {codes} AS codes)
"""


def _quad(root: str) -> str:
    return (
        f"CASE WHEN {root}::INTEGER <= 5 THEN '1' WHEN {root}::INTEGER <= 9 THEN '2' "
        f"WHEN {root}::INTEGER <= 14 THEN '3' ELSE '4' END"
    )


def generate_tsv(path: Path, n: int) -> None:
    """GDELT 2.0 rows: 61 tab-separated columns, no header, then 10 short and 10 long lines."""
    import duckdb

    codes = "[" + ", ".join(f"'{c}'" for c in CODES) + "]"
    columns = ["GLOBALEVENTID", "SQLDATE", "substr(SQLDATE, 1, 6)", "substr(SQLDATE, 1, 4)",
               "'2024.5000'", "Actor1CountryCode", "'NAME1'", "Actor1CountryCode"]  # fmt: skip
    columns += ["NULL"] * 7  # 9..15
    columns += ["Actor2CountryCode", "'NAME2'", "Actor2CountryCode"]  # 16..18
    columns += ["NULL"] * 7  # 19..25
    columns += ["IsRootEvent", "EventRootCode || '0'", "EventRootCode || '0'", "EventRootCode",
                _quad("EventRootCode"), "GoldsteinScale", "NumMentions", "'1'", "NumMentions",
                "'-1.5'"]  # fmt: skip
    columns += ["NULL"] * 24  # 36..59
    columns += ["'20240819130000'", "SOURCEURL"]
    assert len(columns) == 61
    select = ", ".join(f"{c} AS c{i + 1}" for i, c in enumerate(columns))
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT {select} FROM ({_ROW.format(n=n, codes=codes)})) TO '{path}' "
        "(FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '')"
    )
    good = "\t".join(["1", "20240101"] + [""] * 59)
    with open(path, "a", encoding="utf-8") as handle:
        for k in range(10):
            handle.write("\t".join(good.split("\t")[:30]).replace("1", f"9{k}", 1) + "\n")
            handle.write(good + "\textra\n")


def generate_parquet(path: Path, n: int) -> None:
    """The same events as Parquet with GDELT's column names (as GDELT's BigQuery tables)."""
    import duckdb

    codes = "[" + ", ".join(f"'{c}'" for c in CODES) + "]"
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT GLOBALEVENTID::BIGINT AS GLOBALEVENTID, SQLDATE,
                   Actor1CountryCode AS Actor1Code, Actor2CountryCode AS Actor2Code,
                   Actor1CountryCode, Actor2CountryCode, IsRootEvent::INTEGER AS IsRootEvent,
                   EventRootCode, {_quad("EventRootCode")}::INTEGER AS QuadClass,
                   GoldsteinScale::DOUBLE AS GoldsteinScale,
                   NumMentions::INTEGER AS NumMentions, SOURCEURL
            FROM ({_ROW.format(n=n, codes=codes)})) TO '{path}' (FORMAT parquet)"""
    )


def bare_sql(path: Path, memory_limit: str) -> dict[str, Any]:
    """The same aggregation and left-out counts in hand-written DuckDB SQL."""
    import duckdb

    from relgraph.events.importer import _codes

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = '{tempfile.mkdtemp(prefix='bench-events-spill-')}'")
    con.register("codes", _codes("gdelt", "country"))
    if path.suffix == ".parquet":
        con.execute(
            f"""CREATE TEMP TABLE ev AS SELECT GLOBALEVENTID::VARCHAR AS id,
                  Actor1CountryCode AS a, Actor2CountryCode AS t,
                  try_strptime(SQLDATE::VARCHAR, '%Y%m%d')::DATE AS day, EventRootCode AS root,
                  try_cast(QuadClass AS TINYINT) AS quad, GoldsteinScale AS score,
                  NumMentions::BIGINT AS mentions, SOURCEURL AS url, IsRootEvent = 1 AS is_root,
                  NULL::VARCHAR AS malformed
                FROM read_parquet('{path}')"""
        )
    else:
        cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, 62))
        con.execute(
            f"""CREATE TEMP TABLE ev AS SELECT c1 AS id, c8 AS a, c18 AS t,
                  try_strptime(c2, '%Y%m%d')::DATE AS day, c29 AS root,
                  try_cast(c30 AS TINYINT) AS quad, try_cast(c31 AS DOUBLE) AS score,
                  try_cast(c32 AS BIGINT) AS mentions, c61 AS url, c26 = '1' AS is_root,
                  CASE WHEN c60 IS NULL THEN 'short line' END AS malformed
                FROM read_csv('{path}', delim='\t', quote='', escape='', header=false,
                  columns={{{cols}}}, auto_detect=false, null_padding=true,
                  ignore_errors=true, store_rejects=true, max_line_size=10000000)"""
        )
        con.execute(
            "INSERT INTO ev (malformed) SELECT 'long line' FROM reject_errors "
            "GROUP BY scan_id, file_id, line"
        )
    con.execute(
        """CREATE TEMP TABLE cls AS
           SELECT CASE WHEN malformed IS NOT NULL THEN malformed
                       WHEN day IS NULL THEN 'bad date'
                       WHEN actor IS NULL OR target IS NULL THEN 'no actor or target'
                       WHEN actor = target THEN 'actor equals target'
                       WHEN root NOT IN ('01','02','03','04','05','06','07','08','09','10',
                                         '11','12','13','14','15','16','17','18','19','20')
                            OR quad IS NULL THEN 'unknown event code'
                       WHEN score IS NULL THEN 'no score' END AS reason,
                  actor, target, date_trunc('month', day) AS period, root, quad, score,
                  mentions, url
           FROM (SELECT ev.*,
                   coalesce(ca.state, nullif(regexp_replace(trim(a), '[^A-Za-z0-9_.:-]', '_',
                            'g'), '')) AS actor,
                   coalesce(ct.state, nullif(regexp_replace(trim(t), '[^A-Za-z0-9_.:-]', '_',
                            'g'), '')) AS target
                 FROM ev LEFT JOIN codes ca ON ca.code = trim(ev.a)
                         LEFT JOIN codes ct ON ct.code = trim(ev.t))"""
    )
    con.execute(
        """CREATE TEMP TABLE fine AS
           SELECT reason, CASE WHEN reason IS NULL THEN actor END AS actor,
                  CASE WHEN reason IS NULL THEN target END AS target,
                  CASE WHEN reason IS NULL THEN period END AS period,
                  CASE WHEN reason IS NULL THEN root END AS root,
                  count(*) AS n, count_if(quad = 1) AS q1, count_if(quad = 2) AS q2,
                  count_if(quad = 3) AS q3, count_if(quad = 4) AS q4,
                  sum(score) AS score_sum, count(score) AS score_n
           FROM cls GROUP BY ALL"""
    )
    stances = con.execute(
        """SELECT actor, target, period, sum(n) AS n, sum(q1), sum(q2), sum(q3), sum(q4),
                  greatest(-1, least(1, sum(score_sum) / sum(score_n) / 10)) AS valence,
                  arg_max(root, n * 100 - root::INTEGER) AS root
           FROM fine WHERE reason IS NULL GROUP BY ALL"""
    ).to_arrow_table()
    reasons = dict(
        con.execute(
            "SELECT reason, sum(n)::BIGINT FROM fine WHERE reason IS NOT NULL GROUP BY reason"
        ).fetchall()
    )
    urls = con.execute(
        """SELECT actor, target, period,
                  list(url ORDER BY m DESC, url)[1:3] AS urls
           FROM (SELECT actor, target, period, url, sum(coalesce(mentions, 0)) AS m,
                        row_number() OVER (PARTITION BY actor, target, period
                                           ORDER BY sum(coalesce(mentions, 0)) DESC, url) AS r
                 FROM cls WHERE reason IS NULL AND url IS NOT NULL AND url <> ''
                 GROUP BY actor, target, period, url)
           WHERE r <= 3 GROUP BY ALL"""
    ).to_arrow_table()
    return {"stances": stances.num_rows, "reasons": reasons, "url_groups": urls.num_rows}


def ours(path: Path, memory_limit: str) -> dict[str, Any]:
    from relgraph.events import read_events

    dataset, report = read_events([path], source="gdelt", memory_limit=memory_limit)
    reasons = {k: v["count"] for k, v in report.left_out.items()}
    return {"stances": dataset.stances.num_rows, "reasons": reasons}


def child(mode: str, path: Path, memory_limit: str) -> None:
    start = time.perf_counter()
    if mode == "ours":
        result = ours(path, memory_limit)
    elif mode == "sql":
        result = bare_sql(path, memory_limit)
    elif mode == "hash":
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 22):
                digest.update(chunk)
        result = {"sha256": digest.hexdigest()}
    else:
        result = timeline(path)
    result["seconds"] = time.perf_counter() - start
    result["peak_rss_mb"] = peak_kib() / 1024
    print(json.dumps(result))


def timeline(path: Path) -> dict[str, Any]:
    from relgraph.timeline import read_timeline

    tl = read_timeline(path)
    return {"stances": len(getattr(tl, "keys", []) or [])}


def run(mode: str, path: Path, memory_limit: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path), "--memory-limit", memory_limit],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "?"}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def compare(
    label: str, path: Path, memory_limit: str, rss_target_mb: float | None, repeat: int
) -> None:
    """Best of ``repeat`` runs each, in ABBA order (bare, ours, ours, bare, ...) so that drift
    in the load of a shared machine hits both alike."""
    size = path.stat().st_size
    print(f"\n{label}: {path.name}, {size / 1e9:.2f} GB (best of {repeat}, ABBA order)")
    hashed = run("hash", path, memory_limit)
    runs: dict[str, list[dict[str, Any]]] = {"sql": [], "ours": []}
    for index in range(repeat):
        order = ("sql", "ours") if index % 2 == 0 else ("ours", "sql")
        for mode in order:
            result = run(mode, path, memory_limit)
            if "error" in result:
                print(f"  {mode} failed: {result['error']}")
                return
            runs[mode].append(result)
    sql = min(runs["sql"], key=lambda r: r["seconds"])
    mine = min(runs["ours"], key=lambda r: r["seconds"])
    ratio = mine["seconds"] / sql["seconds"]
    without = (mine["seconds"] - hashed["seconds"]) / sql["seconds"]
    for name, result in (("bare DuckDB SQL", sql), ("read_events (ibis)", mine)):
        secs, rss = result["seconds"], result["peak_rss_mb"]
        every = ", ".join(f"{r['seconds']:.1f}" for r in runs["sql" if result is sql else "ours"])
        print(f"  {name:22} {secs:8.1f} s   peak RSS {rss:7.0f} MB   (runs: {every} s)")
    print(f"  of which SHA-256       {hashed['seconds']:8.1f} s")
    verdict = "PASS" if ratio <= 1.25 else "FAIL"
    print(
        f"  ratio ours / bare SQL  {ratio:8.2f}x  (target <= 1.25x: {verdict}); "
        f"without hashing {without:.2f}x"
    )
    if rss_target_mb is not None:
        ok = "PASS" if mine["peak_rss_mb"] <= rss_target_mb else "FAIL"
        print(f"  peak RSS target <= {rss_target_mb:.0f} MB: {ok}")
    same = mine["stances"] == sql["stances"] and mine["reasons"] == sql["reasons"]
    detail = "" if same else f" {mine['reasons']} vs {sql['reasons']}"
    answer = "yes" if same else "NO"
    print(f"  same stances ({mine['stances']:,}) and left-out counts: {answer}{detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tsv-rows", type=int, default=10_000_000)
    parser.add_argument("--parquet-rows", type=int, default=0, help="e.g. 100000000")
    parser.add_argument("--memory-limit", default="2GB")
    parser.add_argument("--dir", type=Path, default=None, help="where to write the inputs")
    parser.add_argument("--timeline-stances", type=int, default=0, help="e.g. 1000000")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each candidate")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.memory_limit)
        return
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-events-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"DuckDB memory_limit {args.memory_limit}; inputs in {work}; {os.cpu_count()} cores")
    if args.tsv_rows:
        tsv = work / f"gdelt2_{args.tsv_rows}.export.CSV"
        if not tsv.exists():
            started = time.perf_counter()
            generate_tsv(tsv, args.tsv_rows)
            print(
                f"generated {args.tsv_rows:,} TSV events in {time.perf_counter() - started:.0f} s"
            )
        compare(f"{args.tsv_rows:,} events from TSV", tsv, args.memory_limit, None, args.repeat)
    if args.parquet_rows:
        parquet = work / f"gdelt_{args.parquet_rows}.parquet"
        if not parquet.exists():
            started = time.perf_counter()
            generate_parquet(parquet, args.parquet_rows)
            print(f"generated {args.parquet_rows:,} Parquet events in "
                  f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        compare(
            f"{args.parquet_rows:,} events from Parquet",
            parquet,
            args.memory_limit,
            3072,
            args.repeat,
        )
    if args.timeline_stances:
        bench_timeline(work, args.timeline_stances, args.memory_limit)


def bench_timeline(work: Path, n: int, memory_limit: str) -> None:
    """A Timeline from an n-stance dataset against the same stances from YAML."""
    import pyarrow as pa

    from relgraph.dataset import dataset_to_yaml, read_dataset, write_dataset

    directory = work / f"stances_{n}"
    yaml_path = work / f"stances_{n}.yaml"
    if not directory.exists():
        actors = [f"A{i}" for i in range(2000)]
        import random

        rng = random.Random(1)
        pairs = [rng.sample(actors, 2) for _ in range(n)]
        starts = [f"{rng.randint(1990, 2024)}-{rng.randint(1, 12):02d}" for _ in range(n)]
        write_dataset(
            directory,
            actors=pa.table({"id": actors, "name": actors, "kind": ["state"] * len(actors)}),
            stances=pa.table(
                {
                    "id": [f"s{i}" for i in range(n)],
                    "actor": [[p[0]] for p in pairs],
                    "target": [[p[1]] for p in pairs],
                    "kind": ["diplomatic"] * n,
                    "valence": [rng.uniform(-1, 1) for _ in range(n)],
                    "start": starts,
                }
            ),
            provenance={"generated": "bench_events"},
        )
        yaml_path.write_text(dataset_to_yaml(read_dataset(directory)), encoding="utf-8")
    print(f"\nTimeline of {n:,} stances")
    from_dataset = run("timeline", directory, memory_limit)
    from_yaml = run("timeline", yaml_path, memory_limit)
    if "error" in from_dataset:
        print(
            f"  not measured: read_timeline does not take a dataset here ({from_dataset['error']})"
        )
        return
    if "error" in from_yaml:
        print(f"  YAML failed: {from_yaml['error']}")
        return
    speed = from_yaml["seconds"] / from_dataset["seconds"]
    memory = from_dataset["peak_rss_mb"] / from_yaml["peak_rss_mb"]
    for name, result in (("from YAML", from_yaml), ("from dataset", from_dataset)):
        secs, rss = result["seconds"], result["peak_rss_mb"]
        print(f"  {name:13} {secs:8.1f} s   peak RSS {rss:7.0f} MB")
    fast, small = ("PASS" if speed >= 10 else "FAIL"), ("PASS" if memory <= 0.5 else "FAIL")
    print(f"  {speed:.1f}x faster (>= 10x: {fast}); {memory:.2f}x the memory (<= 0.5x: {small})")


if __name__ == "__main__":
    main()
