"""Past one machine: the event aggregation of :mod:`relgraph.events.rule` on Spark, as the
SQL of GDELT's public BigQuery tables, and flat stance rows (BigQuery's export) back in.

The rule is not written again here: the ibis expressions of ``rule.py`` run on DuckDB by
default (:func:`relgraph.events.read_events`), on Spark through ibis's pyspark backend
(:func:`import_events_spark`) and compile to BigQuery SQL (:func:`bigquery_sql`). What is
engine-specific is only reading the input into the canonical events table and writing the
result. pyspark, ibis and DuckDB are imported inside the functions that need them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relgraph.errors import LoadError, Problem, QueryError

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

    from relgraph.dataset import Dataset
    from relgraph.events.importer import ImportReport

__all__ = [
    "ENGINES",
    "FLAT_COLUMNS",
    "bigquery_sql",
    "import_events_spark",
    "is_remote",
    "read_stances",
    "run_bigquery",
    "spark_session",
]

ENGINES = ("duckdb", "spark", "bigquery")
#: the columns of a flat stance row (BigQuery's output; ``relgraph import stances`` input)
FLAT_COLUMNS = (
    "actor", "target", "start", "end", "kind", "valence", "n_events", "q1", "q2", "q3", "q4",
    "score_mean", "url_1", "url_2", "url_3",
)  # fmt: skip
#: GDELT's public BigQuery tables, by GDELT version
BIGQUERY_TABLES = {2: "gdelt-bq.gdeltv2.events_partitioned", 1: "gdelt-bq.full.events"}
#: with GDELT 2.0's partitioned table, partitions (the day an event was added) are read from
#: --from to this many days past --to: an event reported later than that is not counted
ADDED_WITHIN_DAYS = 31
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_remote(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a URL such as ``gs://``, ``s3a://`` or ``hdfs://`` (read by the
    engine, not by this process).

    Examples
    --------
    >>> is_remote("gs://bucket/2024*.export.CSV"), is_remote("data/events.tsv")
    (True, False)
    """
    return bool(_REMOTE.match(os.fspath(path)))


# --- Spark ---------------------------------------------------------------------------------


def spark_session(master: str | None = None, remote: str | None = None) -> SparkSession:
    """The SparkSession an import runs on.

    Spark Connect when ``remote`` (``sc://HOST:PORT``) or the ``SPARK_REMOTE`` environment
    variable is given; else a session on ``master`` (a cluster URL such as
    ``spark://HOST:7077`` or ``yarn``); else the session already running in this process, or
    a local one (``local[*]``).

    Raises
    ------
    QueryError
        When pyspark is not installed (``pip install "relgraph[spark]"``) or Spark cannot
        start (no Java, an unreachable cluster).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise QueryError(
            '--engine spark needs pyspark: pip install "relgraph[spark]" (and Java 17 or later)'
        ) from None
    remote = remote or os.environ.get("SPARK_REMOTE")
    try:
        if remote:
            return SparkSession.builder.remote(remote).appName("relgraph import").getOrCreate()
        # the report goes to stderr: no progress bars over it
        builder = SparkSession.builder.appName("relgraph import").config(
            "spark.ui.showConsoleProgress", "false"
        )
        if master:
            builder = builder.master(master)
        elif SparkSession.getActiveSession() is None:
            builder = builder.master("local[*]")
        return builder.getOrCreate()
    except Exception as error:  # Java missing, cluster unreachable: py4j/pyspark errors
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise QueryError(
            f"cannot start Spark ({remote or master or 'local[*]'}): {first}"
        ) from None


def _spark_inputs(
    session: SparkSession, given: list[str], local_master: bool
) -> tuple[list[dict[str, Any]], list[tuple[str, str]], Any]:
    """The files Spark reads, in order: ``[(spark path, given input)]``, provenance records,
    and the local inputs (to close). Local files are hashed; remote ones are listed by
    Spark (size and modification time; their bytes never pass through this process)."""
    from relgraph.events import read as _read

    local = [name for name in given if not is_remote(name)]
    remote = [name for name in given if is_remote(name)]
    inputs = _read.expand_inputs(list(local)) if local else _read.Inputs([], [], [])
    records: list[dict[str, Any]] = []
    files: list[tuple[str, str]] = []
    try:
        for name in inputs.given:
            if name.lower().endswith(".zip") and not local_master:
                raise _fail(
                    name,
                    "Spark reads text, not .zip: on a cluster, extract the archive to a place "
                    "the cluster reads (or gzip it) and import the files",
                )
            if _read._is_parquet(Path(name)):
                raise _fail(name, "--engine spark reads GDELT text files (.CSV, .tsv, .gz)")
        listed = _list_files(session, [os.fspath(Path(p).resolve()) for p in inputs.readable])
        by_local = {_local_path(path): path for path in listed}
        for path, origin in zip(inputs.readable, inputs.origin, strict=True):
            spark_path = by_local.get(os.fspath(Path(path).resolve()))
            if spark_path is None:  # pragma: no cover - Spark lists every existing file
                raise _fail(origin, "Spark cannot see this file")
            files.append((spark_path, origin))
        formats: dict[str, set[str]] = {}
        for path, origin in zip(inputs.readable, inputs.origin, strict=True):
            formats.setdefault(origin, set()).add(_local_format(path, origin))
        for name in inputs.given:
            fmt = "+".join(sorted(formats.get(name, set()) - {""}))
            records.append({"path": name, "sha256": _read.sha256(name), "format": fmt})
        for pattern in remote:
            if pattern.lower().endswith(".zip"):
                raise _fail(pattern, "Spark reads text, not .zip: extract the archive first")
            found = _list_files(session, [pattern], stat=True)
            if not found:
                raise _fail(pattern, "no file matches this path")
            for path, (size, modified) in sorted(found.items()):
                files.append((path, pattern))
                records.append(
                    {"path": path, "size": size, "modified": modified, "format": "GDELT"}
                )
    except BaseException:
        inputs.close()
        raise
    return records, files, inputs


def _local_format(path: Path, shown: str) -> str:
    """GDELT 1.0 or 2.0 by the first line's columns, as the DuckDB reader names them."""
    from relgraph.events import read as _read

    line = _read._first_line(path, shown)
    if line is None:
        return ""
    count = line.count("\t") + 1
    if count in _read.GDELT1_COLUMNS:
        return "GDELT 1.0"
    if count == _read.GDELT2_COLUMNS:
        return "GDELT 2.0"
    raise _fail(
        shown,
        f"not a GDELT events file: its first line has {count} tab-separated columns (GDELT "
        "1.0 has 57 or 58, GDELT 2.0 has 61)",
    )


def _local_path(spark_path: str) -> str:
    from urllib.parse import unquote, urlparse

    return unquote(urlparse(spark_path).path)


def _list_files(session: SparkSession, paths: list[str], *, stat: bool = False) -> Any:
    """Spark's own listing of ``paths`` (globs expanded by Spark's file system), without
    reading the files' bytes (the binaryFile source reads content only when asked)."""
    if not paths:
        return {}
    try:
        frame = session.read.format("binaryFile").load(paths)
        rows = frame.select("path", "length", "modificationTime").collect()
    except Exception as error:
        message = str(error).strip().splitlines()[0] if str(error).strip() else "not readable"
        raise _fail(", ".join(paths), f"Spark cannot list the input: {message}") from None
    if stat:
        return {
            row["path"]: (int(row["length"]), row["modificationTime"].isoformat()) for row in rows
        }
    return [row["path"] for row in rows]


def _fail(name: str, message: str) -> LoadError:
    return LoadError([Problem(name, 0, 0, "", message)])


def _gdelt_frame(session: SparkSession, files: list[tuple[str, str]], actors: str) -> DataFrame:
    """The canonical events table (rule.py's columns) from GDELT text files, in Spark SQL.

    The layout is decided per line by its number of tab-separated columns (57 or 58: GDELT
    1.0; 59 to 61: GDELT 2.0): fewer than 57, or no DATEADDED, is a short line; more than 61 a
    long line. Spark gives no line numbers without a pass over the rows, so none are kept.
    """
    paths = [path for path, _ in files]
    index = session.createDataFrame(
        [(path, number) for number, path in enumerate(paths)], "path string, file_index int"
    )
    index.createOrReplaceTempView("_relgraph_files")
    text = session.read.text(paths).select("value", "_metadata.file_path")
    text.createOrReplaceTempView("_relgraph_text")
    actor, target = (8, 18) if actors == "country" else (6, 16)

    def col(number: int) -> str:
        return f"CASE WHEN n <= 61 THEN nullif(get(c, {number - 1}), '') END"

    short = (
        "n < 57 OR (n IN (57, 58) AND nullif(get(c, 56), '') IS NULL) "
        "OR (n BETWEEN 59 AND 61 AND nullif(get(c, 59), '') IS NULL)"
    )
    return session.sql(
        f"""
        WITH r AS (SELECT split(value, '\\t', -1) AS c, file_path FROM _relgraph_text
                   WHERE value <> ''),
             s AS (SELECT c, size(c) AS n, file_path FROM r)
        SELECT f.file_index, {col(1)} AS event_id, {col(actor)} AS actor_code,
               {col(target)} AS target_code,
               CAST(try_to_timestamp({col(2)}, 'yyyyMMdd') AS DATE) AS day,
               {col(29)} AS root, try_cast({col(30)} AS TINYINT) AS quad,
               try_cast({col(31)} AS DOUBLE) AS score, try_cast({col(32)} AS BIGINT) AS mentions,
               CASE WHEN n = 58 THEN {col(58)} WHEN n = 61 THEN {col(61)} END AS url,
               {col(26)} = '1' AS is_root,
               CASE WHEN n > 61 THEN 'long line' WHEN {short} THEN 'short line' END AS malformed,
               CAST(NULL AS BIGINT) AS line
        FROM s JOIN _relgraph_files f ON f.path = s.file_path
        """
    )


def _spark_label(period: str) -> tuple[str, str, str]:
    """Spark SQL for a stance's id label, start and end from ``period`` (its first day)."""
    day = "date_format(period, 'yyyy-MM-dd')"
    month = "date_format(period, 'yyyy-MM')"
    year = "date_format(period, 'yyyy')"
    week = (
        "concat(CAST(year(date_add(period, 3)) AS STRING), '-W', "
        "lpad(CAST(weekofyear(period) AS STRING), 2, '0'))"
    )
    quarter = "concat(date_format(period, 'yyyy'), '-Q', CAST(quarter(period) AS STRING))"
    return {
        "day": (day, day, day),
        "week": (week, day, "date_format(date_add(period, 6), 'yyyy-MM-dd')"),
        "month": (month, month, month),
        "quarter": (
            quarter,
            day,
            "date_format(date_sub(add_months(period, 3), 1), 'yyyy-MM-dd')",
        ),
        "year": (year, year, year),
    }[period]


def _spark_stances_sql(opts: Any, fmt: str) -> str:
    """The stances table of DESIGN §5 from ``_relgraph_groups`` and ``_relgraph_urls``: the
    Spark SQL twin of the DuckDB assembly in ``importer._assemble`` (same columns, same
    text)."""
    from relgraph.events import rule as _rule

    kinds = _rule.PLOVER_KINDS if opts.codes == "plover" else _rule.CAMEO_KINDS
    kind_case = " ".join(f"WHEN '{code}' THEN '{kind}'" for code, kind in kinds.items())
    label, start, end = _spark_label(opts.period)
    fixed = json.dumps(
        {"measure": opts.measure, "quad_scheme": opts.quad_scheme, "source_format": fmt}
    )[1:-1].replace("'", "\\'")
    source_id = "concat('url-', left(sha2(u, 256), 16))"
    return f"""
        WITH g AS (SELECT g.*, u.url1, u.url2, u.url3 FROM _relgraph_groups g
                   LEFT JOIN _relgraph_urls u
                   ON g.actor = u.actor AND g.target = u.target AND g.period = u.period)
        SELECT concat('ev-', actor, '-', target, '-', {label}) AS id,
               array(actor) AS actor, array(target) AS target,
               coalesce(CASE root {kind_case} END, 'other') AS kind,
               concat(CAST(n AS STRING), CASE WHEN n = 1 THEN ' event' ELSE ' events' END)
                   AS label,
               valence, 'actual' AS modality, false AS mutual,
               {start} AS start, {end} AS `end`, CAST(NULL AS STRING) AS reported,
               CAST(NULL AS DOUBLE) AS confidence,
               {"root" if opts.codes == "cameo" else "CAST(NULL AS STRING)"} AS cameo,
               CASE WHEN url1 IS NULL THEN NULL ELSE
                 transform(filter(array(url1, url2, url3), u -> u IS NOT NULL),
                   u -> named_struct('source', {source_id}, 'quote', CAST(NULL AS STRING),
                                     'attribution', CAST(NULL AS STRING))) END AS evidence,
               concat('{{"n_events": ', CAST(n AS STRING), ', "q1": ', CAST(q1 AS STRING),
                      ', "q2": ', CAST(q2 AS STRING), ', "q3": ', CAST(q3 AS STRING),
                      ', "q4": ', CAST(q4 AS STRING),
                      CASE WHEN score_mean IS NULL THEN ''
                           ELSE concat(', "score_mean": ', CAST(score_mean AS STRING)) END,
                      ', {fixed}}}') AS attrs
        FROM g
        ORDER BY g.actor, g.target, g.period
    """


def import_events_spark(
    paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    source: str = "gdelt",
    spark: SparkSession | None = None,
    master: str | None = None,
    remote: str | None = None,
    title: str | None = None,
    **options: Any,
) -> ImportReport:
    """Import GDELT files on Spark: the same rule as :func:`relgraph.events.read_events`
    (rule.py's ibis expressions, run by ibis's pyspark backend), the dataset written by Spark.

    ``stances.parquet`` and ``sources.parquet`` are directories of Parquet part files written
    by the executors into a staging directory beside ``output``, which is then renamed into
    place (a dataset is written whole or not at all); only the counts, the actor ids and the
    report reach this process. Inputs may be local files (hashed for the provenance) or
    URLs Spark reads (``gs://``, ``s3a://``, ``hdfs://``; globs allowed), recorded with
    size and modification time. Rows left out are counted by reason, with event ids as
    examples; Spark gives no line numbers for malformed lines. For duplicate event ids
    ("the first file wins") the files are ordered local ones first, then remote ones, each
    in the order given.

    Parameters
    ----------
    paths : path or list of paths
        GDELT 1.0 or 2.0 text files (``.CSV``, ``.tsv``, ``.gz``). A local ``.zip`` is
        extracted first when Spark runs locally and refused for a cluster.
    output : path
        The dataset directory (on a cluster: a path the driver and executors share).
    source : {"gdelt"}
        Only GDELT is read by Spark; ICEWS, POLECAT and PLOVER by DuckDB.
    spark : SparkSession, optional
        A session to use; else :func:`spark_session` (``master``, ``remote``).
    master, remote : str, optional
        A cluster URL, or a Spark Connect URL ``sc://HOST:PORT``.
    title : str, optional
    **options
        ``period``, ``measure``, ``min_events``, ``root_only``, ``start``, ``end``,
        ``actors``, ``quad_scheme``, as for ``read_events``.

    Returns
    -------
    ImportReport

    Examples
    --------
    >>> import_events_spark([], "out", source="icews")
    Traceback (most recent call last):
    ...
    relgraph.errors.QueryError: --engine spark reads GDELT; ICEWS, POLECAT and PLOVER files are read by the default engine (duckdb)
    """  # noqa: E501
    if source != "gdelt":
        raise QueryError(
            "--engine spark reads GDELT; ICEWS, POLECAT and PLOVER files are read by the "
            "default engine (duckdb)"
        )
    import ibis
    import pyarrow.parquet as pq
    from pyspark import StorageLevel

    from relgraph.dataset import commit, stage
    from relgraph.events import importer as _imp
    from relgraph.events import rule as _rule

    record, opts = _imp.rule_options(source, options)
    given = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    if not given:
        raise QueryError("no input file given")
    target = Path(output)
    _check_output(target)
    session = spark or spark_session(master, remote)
    master_url = _master(session)
    records, files, inputs = _spark_inputs(
        session, [os.fspath(p) for p in given], master_url.startswith("local")
    )
    cached: list[DataFrame] = []
    staging = stage(target)
    finished = False
    try:
        opts = _imp._with_dedupe(opts, len(files) > 1)
        backend = ibis.pyspark.connect(session)
        _gdelt_frame(session, files, opts_actors(record)).createOrReplaceTempView(
            "_relgraph_events"
        )
        codes = _imp._codes(source, record["actors"])
        session.createDataFrame(
            list(
                zip(
                    codes.column("code").to_pylist(),
                    codes.column("state").to_pylist(),
                    strict=True,
                )
            ),
            "code string, state string",
        ).createOrReplaceTempView("_relgraph_codes")

        def materialise(expr: Any, name: str) -> Any:
            frame = session.sql(backend.compile(expr)).persist(StorageLevel.MEMORY_AND_DISK)
            cached.append(frame)
            frame.createOrReplaceTempView(name)
            return backend.table(name)

        events = backend.table("_relgraph_events")
        ids = materialise(
            _rule.code_ids(events, backend.table("_relgraph_codes")), "_relgraph_ids"
        )
        classified = materialise(_rule.classify(events, ids, opts), "_relgraph_classified")
        fine = materialise(_rule.fine_groups(classified), "_relgraph_fine")
        groups = materialise(_rule.stance_groups(fine, opts), "_relgraph_groups")
        materialise(_rule.top_urls(classified, opts), "_relgraph_urls")
        report = _imp.ImportReport(
            source=source,
            inputs=records,
            options=record,
            engine=f"spark {session.version} ({master_url}) via ibis {ibis.__version__}",
        )
        _imp._count(
            report, None, backend.table("_relgraph_codes"), classified, fine, opts, inputs, {}
        )
        for entry in report.left_out.values():
            if not entry["examples"] and entry.get("stances") is None:
                entry["note"] = "Spark gives no line numbers"
        fmt = "+".join(sorted({f for r in records for f in r["format"].split("+") if f}))
        stances = session.sql(_spark_stances_sql(opts, fmt))
        stances.write.parquet(_uri(staging / "stances.parquet"))
        sources = session.sql(
            """
            SELECT DISTINCT concat('url-', left(sha2(u, 256), 16)) AS id, u AS title,
                   CAST(NULL AS STRING) AS publisher, CAST(NULL AS STRING) AS published,
                   u AS url
            FROM (SELECT explode(array(url1, url2, url3)) AS u FROM _relgraph_urls)
            WHERE u IS NOT NULL ORDER BY id
            """
        )
        if not sources.isEmpty():
            sources.write.parquet(_uri(staging / "sources.parquet"))
        ids = groups.select(groups.actor).union(groups.select(actor=groups.target)).distinct()
        actor_ids = ids.to_pyarrow()
        actors = _imp._actors_table(actor_ids.column("actor").to_pylist())
        pq.write_table(actors, staging / "actors.parquet")
        report.stances = int(groups.count().to_pyarrow().as_py())
        report.actors = actors.num_rows
        commit(staging, target, title, report.as_dict())
        finished = True
        return report
    finally:
        for frame in cached:
            frame.unpersist()
        inputs.close()
        if not finished:
            shutil.rmtree(staging, ignore_errors=True)


def opts_actors(record: dict[str, Any]) -> str:
    """The ``actors`` option of an import's record (``country`` or ``code``)."""
    return str(record["actors"])


def _master(session: SparkSession) -> str:
    try:
        return str(session.sparkContext.master)
    except Exception:  # Spark Connect has no SparkContext
        return "spark connect"


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


def _check_output(target: Path) -> None:
    from relgraph.dataset import check_target

    if target.suffix.lower() in (".yaml", ".yml"):
        raise QueryError(
            "--engine spark writes a dataset directory: give -o a directory name (then "
            "`relgraph convert` makes YAML of a small result)"
        )
    check_target(target)


# --- BigQuery ------------------------------------------------------------------------------


def _bigquery_events(version: int, opts: Any, actors: str) -> Any:
    """GDELT's public BigQuery table as rule.py's canonical events, filtered to the days
    asked for (and, for GDELT 2.0, to the partitions that can hold them)."""
    import ibis

    catalog, database, name = BIGQUERY_TABLES[version].split(".")
    schema: dict[str, str] = {
        "GLOBALEVENTID": "int64", "SQLDATE": "int64", "Actor1Code": "string",
        "Actor2Code": "string", "Actor1CountryCode": "string", "Actor2CountryCode": "string",
        "IsRootEvent": "int64", "EventRootCode": "string", "QuadClass": "int64",
        "GoldsteinScale": "float64", "NumMentions": "int64", "SOURCEURL": "string",
    }  # fmt: skip
    if version == 2:
        schema["_PARTITIONDATE"] = "date"  # the ingestion-time partition's day
    t = ibis.table(schema, name=name, catalog=catalog, database=database)
    first = int(opts.start.strftime("%Y%m%d"))
    last = int(opts.end.strftime("%Y%m%d"))
    keep = t.SQLDATE.between(first, last)
    if version == 2:
        until = opts.end + dt.timedelta(days=ADDED_WITHIN_DAYS)
        keep &= t._PARTITIONDATE.between(opts.start, until)
    t = t.filter(keep)
    actor, target = (
        (t.Actor1CountryCode, t.Actor2CountryCode)
        if actors == "country"
        else (t.Actor1Code, t.Actor2Code)
    )
    return t.select(
        file_index=ibis.literal(0, "int32"),
        event_id=t.GLOBALEVENTID.cast("string"),
        actor_code=actor,
        target_code=target,
        day=t.SQLDATE.cast("string").as_date("%Y%m%d"),
        root=t.EventRootCode,
        quad=t.QuadClass.cast("int8"),
        score=t.GoldsteinScale,
        mentions=t.NumMentions,
        url=t.SOURCEURL,
        is_root=t.IsRootEvent == 1,
        malformed=ibis.null("string"),
        line=ibis.null("int64"),
    )


_CODES_CTE = "relgraph_codes"


def _bq_text(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def bigquery_sql(*, gdelt_version: int = 2, **options: Any) -> str:
    """The BigQuery SQL of the GDELT import over GDELT's public events table: one flat row
    per stance (:data:`FLAT_COLUMNS`), compiled from the ibis expressions of ``rule.py``.

    GDELT 2.0 reads ``gdelt-bq.gdeltv2.events_partitioned`` (partitioned by the day an event
    was added): only partitions from ``start`` to :data:`ADDED_WITHIN_DAYS` days after
    ``end`` are scanned. GDELT 1.0 reads ``gdelt-bq.full.events``, which has no partitions:
    BigQuery bills the columns read over the whole table. Both filter ``SQLDATE`` to
    ``start..end``, which are therefore required.

    Parameters
    ----------
    gdelt_version : {1, 2}
    **options
        ``start``, ``end`` (required), ``period``, ``measure``, ``min_events``,
        ``root_only``, ``actors``, ``quad_scheme``, as for ``read_events``.

    Returns
    -------
    str
        The query, ready for the BigQuery console.

    Examples
    --------
    >>> sql = bigquery_sql(start="2024-08", end="2024-08", period="week")
    >>> "`gdelt-bq`.`gdeltv2`.`events_partitioned`" in sql
    True
    """
    import ibis

    from relgraph.events import importer as _imp
    from relgraph.events import rule as _rule

    if gdelt_version not in BIGQUERY_TABLES:
        raise QueryError(f"--gdelt-version must be 1 or 2 (got {gdelt_version!r})")
    record, opts = _imp.rule_options("gdelt", options)
    if opts.start is None or opts.end is None:
        raise QueryError(
            "--engine bigquery needs --from and --to: the query reads only those days "
            "(a query over all of GDELT scans, and bills, the whole table)"
        )
    opts = _imp._with_dedupe(opts, False)  # GLOBALEVENTID is unique in the table
    events = _bigquery_events(gdelt_version, opts, record["actors"])
    codes = _imp._codes("gdelt", record["actors"])
    code_rows = ibis.table({"code": "string", "state": "string"}, name=_CODES_CTE)
    classified = _rule.classify(events, _rule.code_ids(events, code_rows), opts)
    fine = _rule.fine_groups(classified)
    groups = _rule.stance_groups(fine, opts)
    flat = _rule.flat_stances(groups, _rule.top_urls(classified, opts), opts)
    sql = str(ibis.to_sql(flat, dialect="bigquery"))
    # the code table travels inside the query, as its first common table expression
    rows = " UNION ALL\n  ".join(
        f"SELECT {_bq_text(code)} AS code, {_bq_text(state)} AS state"
        for code, state in zip(
            codes.column("code").to_pylist(), codes.column("state").to_pylist(), strict=True
        )
    )
    cte = f"`{_CODES_CTE}` AS (\n  {rows}\n)"
    sql = f"WITH {cte},{sql[4:]}" if sql.startswith("WITH ") else f"WITH {cte}\n{sql}"
    header = (
        f"-- relgraph import gdelt --engine bigquery: GDELT {gdelt_version}.0, "
        f"{opts.start} to {opts.end}, {json.dumps(record)}\n"
    )
    if gdelt_version == 2:
        header += (
            f"-- partitions read: events added from {opts.start} to {ADDED_WITHIN_DAYS} days "
            "after the last day\n"
        )
    return header + sql + "\n"


def run_bigquery(sql: str, *, project: str | None = None) -> pa.Table:  # pragma: no cover
    """Run :func:`bigquery_sql`'s query on BigQuery and return its flat rows (needs the
    ``bigquery`` extra and Google credentials; not tested here: no credentials)."""
    try:
        from google.cloud import bigquery  # type: ignore[import-untyped]
    except ImportError:
        raise QueryError(
            '--engine bigquery needs the BigQuery client: pip install "relgraph[bigquery]" '
            "(or print the query with --sql and run it in the BigQuery console)"
        ) from None
    try:
        client = bigquery.Client(project=project)
        table: pa.Table = client.query(sql).to_arrow()
    except Exception as error:
        raise QueryError(f"BigQuery: {str(error).strip().splitlines()[0]}") from None
    return table


# --- flat stance rows in -------------------------------------------------------------------


def read_stances(
    paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    title: str | None = None,
    rows: pa.Table | None = None,
) -> Dataset:
    """Flat stance rows (CSV with a header, or Parquet: :data:`FLAT_COLUMNS`, as BigQuery
    exports the result of :func:`bigquery_sql`) into a dataset, read by DuckDB.

    Each row becomes a stance ``ev-ACTOR-TARGET-PERIOD`` (the period named from ``start``
    and ``end``: a day, an ISO week, a month, a quarter or a year), with up to three URLs as
    evidence and the counts in ``attrs``; actors are named from the state crosswalk.

    Parameters
    ----------
    paths : path or list of paths
        ``.csv`` (header row) or ``.parquet`` files; globs allowed.
    title : str, optional
    rows : pyarrow.Table, optional
        Rows already in memory (``paths`` then names them in the provenance).

    Raises
    ------
    LoadError
        ``FILE: message`` when a file cannot be read or lacks columns, and a row problem
        (row 1-based, column) when a value is missing or not a number.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "flat.csv"
    >>> _ = path.write_text(
    ...     "actor,target,start,end,kind,valence,n_events,q1,q2,q3,q4,score_mean,"
    ...     "url_1,url_2,url_3\\n"
    ...     "EGY,ISR,2024-05,2024-05,diplomatic,0.3,2,2,0,0,0,3.0,https://a.example/1,,\\n")
    >>> ds = read_stances(path)
    >>> ds.stances.select(["id", "valence", "start"]).to_pylist()
    [{'id': 'ev-EGY-ISR-2024-05', 'valence': 0.3, 'start': '2024-05'}]
    """
    import duckdb

    from relgraph.dataset import Dataset, conform_table
    from relgraph.events import importer as _imp
    from relgraph.events import read as _read

    given = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    if not given and rows is None:
        raise QueryError("no input file given")
    inputs = _read.expand_inputs(given) if rows is None else None
    con = duckdb.connect()
    try:
        if rows is not None:
            con.register("_rows", rows)
            con.execute(
                "CREATE TEMP TABLE _flat AS SELECT 'rows' AS _file, row_number() OVER () AS _row, "
                "* FROM _rows"
            )
        else:
            assert inputs is not None
            selects = []
            for path, shown in zip(inputs.readable, inputs.origin, strict=True):
                selects.append(_flat_select(con, path, shown))
            con.execute(f"CREATE TEMP TABLE _flat AS {' UNION ALL BY NAME '.join(selects)}")
        _check_flat(con)
        label = """CASE WHEN "start" = "end" THEN "start"
            WHEN date_diff('day', "start"::DATE, "end"::DATE) = 6
                THEN strftime("start"::DATE, '%G-W%V')
            ELSE strftime("start"::DATE, '%Y') || '-Q' || quarter("start"::DATE) END"""
        fixed = '"source_format": "flat stance rows"'
        stances = con.execute(
            f"""
            SELECT 'ev-' || actor || '-' || target || '-' || {label} AS id,
                   [actor] AS actor, [target] AS target, kind,
                   {_imp.events_label_sql("n_events")} AS label,
                   valence, 'actual' AS modality, false AS mutual, "start", "end",
                   {_imp.evidence_sql(("url_1", "url_2", "url_3"))} AS evidence,
                   {_imp.events_attrs_sql("n_events", fixed)} AS attrs
            FROM _flat ORDER BY actor, target, "start"
            """
        ).to_arrow_table()
        urls = ("url_1", "url_2", "url_3")
        sources = con.execute(_imp.sources_sql(urls, "_flat")).to_arrow_table()
        ids = con.execute("SELECT actor FROM _flat UNION SELECT target FROM _flat").fetchall()
    finally:
        con.close()
        if inputs is not None:
            inputs.close()
    provenance = {
        "importer": "relgraph import stances",
        "inputs": [
            {"path": name, "sha256": _read.sha256(name)}
            for name in (inputs.given if inputs is not None else [])
        ],
        "stances": stances.num_rows,
    }
    return Dataset(
        actors=_imp._actors_table([row[0] for row in ids]),
        stances=conform_table(stances, "stances"),
        sources=conform_table(sources, "sources") if sources.num_rows else None,
        title=title,
        provenance=provenance,
    )


_FLAT_TYPES = {
    "actor": "VARCHAR", "target": "VARCHAR", "start": "VARCHAR", "end": "VARCHAR",
    "kind": "VARCHAR", "valence": "DOUBLE", "n_events": "BIGINT", "q1": "BIGINT",
    "q2": "BIGINT", "q3": "BIGINT", "q4": "BIGINT", "score_mean": "DOUBLE",
    "url_1": "VARCHAR", "url_2": "VARCHAR", "url_3": "VARCHAR",
}  # fmt: skip


def _flat_select(con: Any, path: Path, shown: str) -> str:
    """A SELECT of one flat file's rows with the flat columns as text (checked later)."""
    import duckdb

    from relgraph.events.read import _sql_text

    name = _sql_text(os.fspath(path))
    if path.name.lower().endswith(".parquet"):
        source = f"read_parquet({name})"
    else:
        source = f"read_csv({name}, header=true, all_varchar=true, auto_detect=true)"
    try:
        columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    except duckdb.Error as error:
        raise _fail(shown, f"not a CSV or Parquet file ({str(error).splitlines()[0]})") from None
    missing = [c for c in FLAT_COLUMNS if c not in columns]
    if missing:
        raise _fail(
            shown,
            f"not flat stance rows: the columns {', '.join(missing)} are missing (expected: "
            f"{', '.join(FLAT_COLUMNS)})",
        )
    cols = ", ".join(f'"{c}"::VARCHAR AS "{c}"' for c in FLAT_COLUMNS)
    return (
        f"SELECT {_sql_text(shown)} AS _file, row_number() OVER () AS _row, {cols} FROM {source}"
    )


def _check_flat(con: Any) -> None:
    """Every problem of the flat rows at once (file, row, column), then typed columns."""
    checks = []
    for column in ("actor", "target", "start", "end", "kind", "valence", "n_events"):
        checks.append(
            f"SELECT _file, _row, '{column}' AS col, 'required field is missing' AS msg "
            f"FROM _flat WHERE nullif(trim(\"{column}\"::VARCHAR), '') IS NULL"
        )
    for column, kind in _FLAT_TYPES.items():
        if kind != "VARCHAR":
            checks.append(
                f"SELECT _file, _row, '{column}', 'must be a number (got ' || \"{column}\" || ')' "
                f"FROM _flat WHERE nullif(trim(\"{column}\"::VARCHAR), '') IS NOT NULL "
                f'AND try_cast("{column}" AS {kind}) IS NULL'
            )
    problems = con.execute(
        f"SELECT * FROM ({' UNION ALL '.join(checks)}) ORDER BY 1, 2, 3 LIMIT 50"
    ).fetchall()
    if problems:
        from relgraph.dataset import DatasetProblem

        raise LoadError(
            [DatasetProblem(str(f), int(r), 0, str(c), str(m)) for f, r, c, m in problems]
        )
    cols = ", ".join(
        f'try_cast(nullif(trim("{c}"::VARCHAR), \'\') AS {t}) AS "{c}"'
        for c, t in _FLAT_TYPES.items()
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE _flat AS SELECT {cols} FROM _flat")
