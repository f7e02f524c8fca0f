"""GDELT on BigQuery: the printed SQL parses in BigQuery's dialect and, transpiled to DuckDB
by sqlglot and run on the real samples loaded under GDELT's BigQuery column names, gives the
stances of the DuckDB engine. BigQuery itself is not reachable here (no credentials)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
import sqlglot

from relgraph.errors import LoadError, QueryError
from relgraph.events import read_events
from relgraph.events.engines import FLAT_COLUMNS, bigquery_sql, read_stances

DATA = Path(__file__).resolve().parents[1] / "data" / "events"
GDELT1 = DATA / "gdelt1_sample.tsv"
GDELT2 = DATA / "gdelt2_sample.export.CSV"
#: GDELT's BigQuery names of the columns the import reads (1-based positions in the files)
NAMES = {
    1: "GLOBALEVENTID", 2: "SQLDATE", 6: "Actor1Code", 8: "Actor1CountryCode",
    16: "Actor2Code", 18: "Actor2CountryCode", 26: "IsRootEvent", 29: "EventRootCode",
    30: "QuadClass", 31: "GoldsteinScale", 32: "NumMentions",
}  # fmt: skip
TYPES = {"GLOBALEVENTID": "BIGINT", "SQLDATE": "BIGINT", "IsRootEvent": "BIGINT",
         "QuadClass": "BIGINT", "GoldsteinScale": "DOUBLE", "NumMentions": "BIGINT"}  # fmt: skip


def gdelt_bq(path: Path, version: int) -> duckdb.DuckDBPyConnection:
    """A DuckDB holding the sample as GDELT's BigQuery table (same catalog, names, types)."""
    con = duckdb.connect()
    con.execute("ATTACH ':memory:' AS \"gdelt-bq\"")
    dataset, table, width, added, url = (
        ("gdeltv2", "events_partitioned", 61, 60, 61)
        if version == 2
        else ("full", "events", 58, 57, 58)
    )
    con.execute(f'CREATE SCHEMA "gdelt-bq".{dataset}')
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, width + 1))
    select = [f"c{i}::{TYPES.get(n, 'VARCHAR')} AS {n}" for i, n in NAMES.items()]
    select.append(f"c{url} AS SOURCEURL")
    if version == 2:  # ingestion-time partitions: the day DATEADDED falls on
        select.append(f"strptime(left(c{added}, 8), '%Y%m%d')::DATE AS _PARTITIONDATE")
    con.execute(
        f"""CREATE TABLE "gdelt-bq".{dataset}.{table} AS SELECT {", ".join(select)}
        FROM read_csv('{path}', delim='\\t', header=false, quote='', escape='',
                      auto_detect=false, columns={{{columns}}}, null_padding=true)"""
    )
    return con


def run_on_duckdb(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    sqlglot.parse_one(sql, read="bigquery")  # raises when it is not BigQuery SQL
    (duck,) = sqlglot.transpile(sql, read="bigquery", write="duckdb")
    # BigQuery's IEEE_DIVIDE (floating division; ibis writes every float division with it)
    # has no sqlglot translation: DuckDB's "/" on doubles is the same operation
    con.execute("CREATE OR REPLACE MACRO ieee_divide(a, b) AS a::DOUBLE / b::DOUBLE")
    return con.execute(duck).to_arrow_table()


def stance_rows(stances: pa.Table, sources: pa.Table | None) -> dict[str, dict[str, Any]]:
    urls = (
        dict(zip(sources.column("id").to_pylist(), sources.column("url").to_pylist(), strict=True))
        if sources is not None
        else {}
    )
    out = {}
    for row in stances.to_pylist():
        attrs = json.loads(row["attrs"])
        out[row["id"]] = {
            "actor": row["actor"], "target": row["target"], "kind": row["kind"],
            "start": row["start"], "end": row["end"], "label": row["label"],
            "valence": row["valence"],
            "counts": [attrs[k] for k in ("n_events", "q1", "q2", "q3", "q4")],
            "score_mean": attrs.get("score_mean"),
            "urls": [urls[e["source"]] for e in row["evidence"] or []],
        }  # fmt: skip
    return out


def assert_same(got: dict[str, dict[str, Any]], want: dict[str, dict[str, Any]]) -> None:
    assert sorted(got) == sorted(want)
    for key, row in want.items():
        other = got[key]
        for field in ("valence", "score_mean"):
            if row[field] is None:
                assert other[field] is None, (key, field)
            else:
                assert math.isclose(other[field], row[field], abs_tol=1e-9), (key, field)
        strip = ("valence", "score_mean")
        assert {k: v for k, v in other.items() if k not in strip} == {
            k: v for k, v in row.items() if k not in strip
        }, key


CASES = [
    {"period": "month"},
    {"period": "week", "min_events": 2},
    {"period": "quarter", "root_only": True, "measure": "netcoop"},
    {"period": "day", "actors": "code", "quad_scheme": "icews"},
    {"period": "year"},
]


@pytest.mark.parametrize("options", CASES)
def test_gdelt2_sql_on_the_sample_equals_duckdb(options: dict[str, Any]) -> None:
    window = {"start": "2024-07-01", "end": "2024-08-31"}
    sql = bigquery_sql(gdelt_version=2, **window, **options)
    flat = run_on_duckdb(gdelt_bq(GDELT2, 2), sql)
    assert flat.column_names == list(FLAT_COLUMNS)
    want, _ = read_events([GDELT2], source="gdelt", **window, **options)
    assert want.stances.num_rows > 0
    got = read_stances([], rows=flat)
    assert_same(stance_rows(got.stances, got.sources), stance_rows(want.stances, want.sources))
    # the window is applied in the query (the sample holds 2023 events too)
    assert flat.num_rows == want.stances.num_rows


def test_gdelt1_sql_reads_the_full_table() -> None:
    window = {"start": "1980-01-01", "end": "2016-12-31"}
    sql = bigquery_sql(gdelt_version=1, **window)
    assert "`gdelt-bq`.`full`.`events`" in sql
    flat = run_on_duckdb(gdelt_bq(GDELT1, 1), sql)
    want, _ = read_events([GDELT1], source="gdelt", **window)
    got = read_stances([], rows=flat)
    assert_same(stance_rows(got.stances, got.sources), stance_rows(want.stances, want.sources))


def test_the_query_filters_days_and_partitions() -> None:
    sql = bigquery_sql(gdelt_version=2, start="2024-08-01", end="2024-08-31")
    tree = sqlglot.parse_one(sql, read="bigquery")
    tables = {".".join(p for p in (t.catalog, t.db, t.name) if p) for t in tree.find_all(
        sqlglot.exp.Table)}  # fmt: skip
    assert "gdelt-bq.gdeltv2.events_partitioned" in tables
    where = " ".join(w.sql("bigquery") for w in tree.find_all(sqlglot.exp.Where))
    assert "`SQLDATE` BETWEEN 20240801 AND 20240831" in where
    assert "`_PARTITIONDATE` BETWEEN DATE(2024, 8, 1) AND DATE(2024, 10, 1)" in where


def test_bigquery_needs_a_window_and_a_version() -> None:
    with pytest.raises(QueryError, match="--from and --to"):
        bigquery_sql(gdelt_version=2)
    with pytest.raises(QueryError, match="--gdelt-version"):
        bigquery_sql(gdelt_version=3, start="2024", end="2024")


def test_cli_prints_the_sql(cli: Any) -> None:
    code, out, err = cli(
        "import", "gdelt", "--engine", "bigquery", "--sql", "--from", "2024-08-01",
        "--to", "2024-08-31", "--period", "week", "--min-events", "3",
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("-- relgraph import gdelt --engine bigquery")
    sqlglot.parse_one(out, read="bigquery")
    assert '"min_events": 3' in out
    assert ">= 3" in out
    code, _, err = cli("import", "gdelt", "--engine", "bigquery", "--sql")
    assert code == 2
    assert "--from and --to" in err


def test_import_stances_from_csv_and_parquet(tmp_path: Path, cli: Any) -> None:
    sql = bigquery_sql(gdelt_version=2, start="2024-07-01", end="2024-08-31")
    flat = run_on_duckdb(gdelt_bq(GDELT2, 2), sql)
    assert flat.num_rows > 0
    csv, parquet = tmp_path / "flat.csv", tmp_path / "flat.parquet"
    duckdb.sql("SELECT * FROM flat").write_csv(str(csv))
    duckdb.sql("SELECT * FROM flat").write_parquet(str(parquet))
    want, _ = read_events([GDELT2], source="gdelt", start="2024-07-01", end="2024-08-31")
    for path in (csv, parquet):
        code, out, err = cli("import", "stances", path, "-o", tmp_path / f"ds-{path.suffix[1:]}")
        assert code == 0, err
        from relgraph.dataset import read_dataset

        got = read_dataset(tmp_path / f"ds-{path.suffix[1:]}")
        assert_same(stance_rows(got.stances, got.sources), stance_rows(want.stances, want.sources))
        assert got.actors.column("id").to_pylist() == want.actors.column("id").to_pylist()


def test_import_stances_reports_every_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        ",".join(FLAT_COLUMNS) + "\n"
        "EGY,ISR,2024-05,2024-05,diplomatic,high,2,2,0,0,0,,,,\n"
        ",ISR,2024-05,2024-05,diplomatic,0.1,2,2,0,0,0,,,,\n"
    )
    with pytest.raises(LoadError) as caught:
        read_stances(path)
    text = str(caught.value)
    assert f"{path}: row 1: valence: must be a number (got high)" in text
    assert f"{path}: row 2: actor: required field is missing" in text
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(LoadError, match="not flat stance rows: the columns actor"):
        read_stances(other)
