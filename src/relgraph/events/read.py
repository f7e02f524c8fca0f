"""Read event files into the canonical events table, with DuckDB.

One function per source fills a DuckDB table ``events`` with the canonical columns of
:mod:`relgraph.events.rule` (text inputs are parsed once into a temporary table; Parquet is
read in place). Files are checked before the scan, so a file that is not what its name says
gets ``FILE: message``. Lines that are not records (too few or too many columns) are kept as
rows with ``malformed`` set, so the rule counts them with everything else.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relgraph.errors import LoadError, Problem

if TYPE_CHECKING:
    import duckdb

__all__ = [
    "MAX_ZIP_BYTES",
    "MAX_ZIP_RATIO",
    "Inputs",
    "expand_inputs",
    "load_gdelt",
    "load_icews",
    "load_plover",
    "load_polecat",
]

#: a .zip is refused when its members would expand past this many bytes in total ...
MAX_ZIP_BYTES = 10 * 1024**3
#: ... or past this many times the archive's own size
MAX_ZIP_RATIO = 50

GDELT1_COLUMNS = (57, 58)
GDELT2_COLUMNS = 61
ICEWS_COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude",
)  # fmt: skip
POLECAT_NEEDED = (
    "Event ID", "Event Date", "Event Type", "Intensity", "Quad Code", "Actor Country",
    "Recipient Country",
)  # fmt: skip
GDELT_PARQUET_NEEDED = (
    "GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor2Code", "Actor1CountryCode",
    "Actor2CountryCode", "IsRootEvent", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions",
)  # fmt: skip
POLECAT_QUADS = {
    "verbal cooperation": 1,
    "material cooperation": 2,
    "verbal conflict": 3,
    "material conflict": 4,
}


def _fail(path: str | os.PathLike[str], message: str) -> LoadError:
    return LoadError([Problem(os.fspath(path), 0, 0, "", message)])


@dataclass
class Inputs:
    """The files to read: as given (for provenance) and as DuckDB will read them."""

    given: list[str]
    readable: list[Path]
    origin: list[str]  # the given file each readable one came from
    tmp: list[Path] = field(default_factory=list)

    def close(self) -> None:
        for directory in self.tmp:
            shutil.rmtree(directory, ignore_errors=True)


def expand_inputs(paths: list[str | os.PathLike[str]]) -> Inputs:
    """Expand globs and extract ``.zip`` archives to a temporary directory.

    Raises
    ------
    LoadError
        When a pattern matches nothing, a file cannot be read, or an archive is not a zip
        or would expand past :data:`MAX_ZIP_BYTES` or :data:`MAX_ZIP_RATIO` times its size.
    """
    given: list[str] = []
    for path in paths:
        text = os.fspath(path)
        if glob.has_magic(text) and not os.path.exists(text):
            matches = sorted(glob.glob(text))
            if not matches:
                raise _fail(text, "no file matches this pattern")
            given.extend(matches)
        else:
            given.append(text)
    inputs = Inputs(given=given, readable=[], origin=[])
    try:
        for name in given:
            if not os.path.isfile(name):
                what = "Is a directory" if os.path.isdir(name) else "No such file or directory"
                raise _fail(name, f"cannot read the file: {what}")
            if name.lower().endswith(".zip"):
                for member in _extract(name, inputs):
                    inputs.readable.append(member)
                    inputs.origin.append(name)
            else:
                inputs.readable.append(Path(name))
                inputs.origin.append(name)
    except BaseException:
        inputs.close()
        raise
    return inputs


def _extract(name: str, inputs: Inputs) -> list[Path]:
    size = os.path.getsize(name)
    limit = min(MAX_ZIP_BYTES, max(size, 1) * MAX_ZIP_RATIO)
    try:
        archive = zipfile.ZipFile(name)
    except (zipfile.BadZipFile, OSError) as error:
        raise _fail(name, f"not a zip archive ({error})") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if not members:
            raise _fail(name, "the zip archive holds no file")
        declared = sum(m.file_size for m in members)
        if declared > limit:
            raise _fail(name, _too_big(declared, limit))
        directory = Path(tempfile.mkdtemp(prefix="relgraph-zip-"))
        inputs.tmp.append(directory)
        out: list[Path] = []
        written = 0
        for index, member in enumerate(members):
            target = directory / f"{index:05d}-{Path(member.filename).name}"
            try:
                with archive.open(member) as source, open(target, "wb") as sink:
                    while chunk := source.read(1 << 20):
                        written += len(chunk)
                        if written > limit:
                            raise _fail(name, _too_big(written, limit))
                        sink.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise _fail(name, f"cannot extract {member.filename}: {error}") from None
            out.append(target)
        return out


def _too_big(size: int, limit: int) -> str:
    return (
        f"the zip archive expands to more than {limit:,} bytes (the limit: "
        f"{MAX_ZIP_RATIO}x the archive, at most {MAX_ZIP_BYTES:,}); extract it yourself "
        f"and import the files ({size:,} bytes seen)"
    )


def sha256(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def _first_line(path: Path, shown: str) -> str | None:
    """The first line of a text file (through gzip for ``.gz``), or None when it is empty."""
    try:
        opener: Any = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rb") as handle:
            head: bytes = handle.readline(1 << 20)
    except (OSError, EOFError) as error:
        raise _fail(shown, f"cannot read the file: {error}") from None
    if not head:
        return None
    try:
        return head.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise _fail(shown, "not UTF-8 text (is it a compressed or binary file?)") from None


def _is_parquet(path: Path) -> bool:
    return path.name.lower().endswith(".parquet")


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _file_list(paths: list[Path]) -> str:
    return "[" + ", ".join(_sql_text(os.fspath(p)) for p in paths) + "]"


def _register_files(con: duckdb.DuckDBPyConnection, inputs: Inputs) -> None:
    import pyarrow as pa

    con.register(
        "_files",
        pa.table(
            {
                "path": [os.fspath(p) for p in inputs.readable],
                "file_index": pa.array(range(len(inputs.readable)), pa.int32()),
            }
        ),
    )


def _file_index(inputs: Inputs, paths: list[Path]) -> str:
    """Each row's file index: a constant for one file, else looked up by file name."""
    if len(paths) == 1:
        return str(inputs.readable.index(paths[0]))
    return "(SELECT f.file_index FROM _files f WHERE f.path = r.filename)"


def _csv(
    paths: list[Path], columns: int | None, *, header: bool, rejects: str, **more: str
) -> str:
    options = [
        "delim='\\t'",
        "quote=''",
        "escape=''",
        f"header={'true' if header else 'false'}",
        "ignore_errors=true",
        "store_rejects=true",
        f"rejects_table='{rejects}_errors'",
        f"rejects_scan='{rejects}_scans'",
        "filename=true",
        "max_line_size=10000000",
    ]
    if columns is not None:
        cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, columns + 1))
        options += ["auto_detect=false", f"columns={{{cols}}}", "null_padding=true"]
    else:
        options += ["all_varchar=true"]
    options += [f"{key}={value}" for key, value in more.items()]
    return f"read_csv({_file_list(paths)}, {', '.join(options)})"


_CANONICAL = (
    "file_index INTEGER, event_id VARCHAR, actor_code VARCHAR, target_code VARCHAR, day DATE, "
    "root VARCHAR, quad TINYINT, score DOUBLE, mentions BIGINT, url VARCHAR, is_root BOOLEAN, "
    "malformed VARCHAR, line BIGINT"
)


def _create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE events ({_CANONICAL})")


def _insert_rejects(con: duckdb.DuckDBPyConnection, rejects: str) -> None:
    """Lines DuckDB's reader refused, as malformed rows with their line numbers."""
    con.execute(
        f"""
        INSERT INTO events (file_index, malformed, line)
        SELECT f.file_index,
               CASE WHEN bool_or(e.error_type = 'MISSING COLUMNS') THEN 'short line'
                    ELSE 'long line' END,
               e.line
        FROM {rejects}_errors e
        JOIN {rejects}_scans s ON e.scan_id = s.scan_id AND e.file_id = s.file_id
        JOIN _files f ON f.path = s.file_path
        GROUP BY f.file_index, e.line
        """
    )


def load_gdelt(con: duckdb.DuckDBPyConnection, inputs: Inputs, *, actors: str) -> dict[str, Any]:
    """Fill ``events`` from GDELT 1.0 (57/58 columns) and 2.0 (61) files, or Parquet files
    with GDELT's column names; returns the format of each file."""
    _register_files(con, inputs)
    _create(con)
    groups: dict[str, list[Path]] = {"gdelt1": [], "gdelt2": [], "parquet": []}
    formats: dict[str, str] = {}
    for path, shown in zip(inputs.readable, inputs.origin, strict=True):
        if _is_parquet(path):
            _check_parquet(con, path, shown, GDELT_PARQUET_NEEDED)
            groups["parquet"].append(path)
            formats[os.fspath(path)] = "GDELT (Parquet)"
            continue
        line = _first_line(path, shown)
        if line is None:
            formats[os.fspath(path)] = "empty"
            continue
        count = line.count("\t") + 1
        if count in GDELT1_COLUMNS:
            groups["gdelt1"].append(path)
            formats[os.fspath(path)] = "GDELT 1.0"
        elif count == GDELT2_COLUMNS:
            groups["gdelt2"].append(path)
            formats[os.fspath(path)] = "GDELT 2.0"
        else:
            raise _fail(
                shown,
                f"not a GDELT events file: its first line has {count} tab-separated "
                "columns (GDELT 1.0 has 57 or 58, GDELT 2.0 has 61)",
            )
    actor_col, target_col = (8, 18) if actors == "country" else (6, 16)
    for version, columns, dateadded, url in (("gdelt1", 58, 57, 58), ("gdelt2", 61, 60, 61)):
        paths = groups[version]
        if not paths:
            continue
        source = _csv(paths, columns, header=False, rejects=f"_rej_{version}")
        con.execute(
            f"""
            INSERT INTO events
            SELECT {_file_index(inputs, paths)}, c1, c{actor_col}, c{target_col},
                   try_strptime(c2, '%Y%m%d')::DATE, c29, try_cast(c30 AS TINYINT),
                   try_cast(c31 AS DOUBLE), try_cast(c32 AS BIGINT), c{url}, c26 = '1',
                   CASE WHEN c{dateadded} IS NULL THEN 'short line' END, NULL
            FROM {source} r
            """
        )
        _insert_rejects(con, f"_rej_{version}")
    if groups["parquet"]:
        actor_name, target_name = (
            ("Actor1CountryCode", "Actor2CountryCode")
            if actors == "country"
            else ("Actor1Code", "Actor2Code")
        )
        con.execute(
            f"""
            INSERT INTO events
            SELECT {_file_index(inputs, groups["parquet"])}, GLOBALEVENTID::VARCHAR,
                   {actor_name}::VARCHAR,
                   {target_name}::VARCHAR, try_strptime(SQLDATE::VARCHAR, '%Y%m%d')::DATE,
                   EventRootCode::VARCHAR, try_cast(QuadClass AS TINYINT),
                   try_cast(GoldsteinScale AS DOUBLE), try_cast(NumMentions AS BIGINT),
                   {"SOURCEURL::VARCHAR" if _has_url(con, groups["parquet"]) else "NULL"},
                   IsRootEvent::VARCHAR IN ('1', 'true'), NULL, NULL
            FROM read_parquet({_file_list(groups["parquet"])}, filename=true,
                              union_by_name=true) r
            """
        )
    return formats


def _has_url(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> bool:
    names = {
        row[0]
        for row in con.execute(
            f"DESCRIBE SELECT * FROM read_parquet({_file_list(paths)}, union_by_name=true)"
        ).fetchall()
    }
    return "SOURCEURL" in names


def _check_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, shown: str, needed: tuple[str, ...]
) -> None:
    import duckdb

    try:
        names = {
            row[0]
            for row in con.execute(
                f"DESCRIBE SELECT * FROM read_parquet({_sql_text(os.fspath(path))})"
            ).fetchall()
        }
    except duckdb.Error as error:
        raise _fail(shown, f"not a Parquet file ({str(error).splitlines()[0]})") from None
    missing = [name for name in needed if name not in names]
    if missing:
        raise _fail(shown, f"the Parquet file lacks the columns {', '.join(missing)}")


def _check_header(path: Path, shown: str, needed: tuple[str, ...], what: str) -> bool:
    line = _first_line(path, shown)
    if line is None:
        return False
    header = line.split("\t")
    missing = [name for name in needed if name not in header]
    if len(missing) > len(needed) // 2:
        raise _fail(
            shown,
            f"not {what} file: its first line is not the header it needs "
            f"({', '.join(map(repr, needed[:3]))}, ...)",
        )
    if missing:
        raise _fail(
            shown,
            f"not {what} file: its header lacks the columns {', '.join(map(repr, missing))}",
        )
    return True


def load_icews(con: duckdb.DuckDBPyConnection, inputs: Inputs) -> dict[str, Any]:
    """Fill ``events`` from ICEWS Dataverse ``.tab`` files (a header of 20 named columns,
    ``NA`` as missing)."""
    _register_files(con, inputs)
    _create(con)
    paths = [
        path
        for path, shown in zip(inputs.readable, inputs.origin, strict=True)
        if _check_header(path, shown, ICEWS_COLUMNS, "an ICEWS events")
    ]
    if paths:
        source = _csv(paths, None, header=True, rejects="_rej_icews", nullstr="'NA'")
        con.execute(
            f"""
            INSERT INTO events
            SELECT f.file_index, "Event ID", "Source Country", "Target Country",
                   try_strptime("Event Date", '%Y-%m-%d')::DATE, left("CAMEO Code", 2), NULL,
                   try_cast("Intensity" AS DOUBLE), NULL, NULL, NULL, NULL, NULL
            FROM {source} r JOIN _files f ON f.path = r.filename
            """
        )
        _insert_rejects(con, "_rej_icews")
    return {os.fspath(p): "ICEWS" for p in inputs.readable}


def load_polecat(con: duckdb.DuckDBPyConnection, inputs: Inputs) -> dict[str, Any]:
    """Fill ``events`` from POLECAT tab-separated files with the release's header; the quad
    code may be a number (1-4) or words ("Verbal Cooperation" ... "Material Conflict")."""
    _register_files(con, inputs)
    _create(con)
    paths = [
        path
        for path, shown in zip(inputs.readable, inputs.origin, strict=True)
        if _check_header(path, shown, POLECAT_NEEDED, "a POLECAT events")
    ]
    quad_words = " ".join(
        f"WHEN {_sql_text(word)} THEN {number}" for word, number in POLECAT_QUADS.items()
    )
    if paths:
        source = _csv(paths, None, header=True, rejects="_rej_polecat")
        con.execute(
            f"""
            INSERT INTO events
            SELECT f.file_index, "Event ID", "Actor Country", "Recipient Country",
                   coalesce(try_strptime("Event Date", '%Y-%m-%d'),
                            try_strptime("Event Date", '%Y%m%d'))::DATE,
                   "Event Type",
                   coalesce(try_cast(trim("Quad Code") AS TINYINT),
                            CASE lower(trim(regexp_replace("Quad Code", '[_ ]+', ' ', 'g')))
                                 {quad_words} END),
                   try_cast("Intensity" AS DOUBLE), NULL, NULL, NULL, NULL, NULL
            FROM {source} r JOIN _files f ON f.path = r.filename
            """
        )
        _insert_rejects(con, "_rej_polecat")
    return {os.fspath(p): "POLECAT" for p in inputs.readable}


def load_plover(con: duckdb.DuckDBPyConnection, inputs: Inputs) -> dict[str, Any]:
    """Fill ``events`` from PLOVER JSON or JSONL: one row per (actor, recipient) pair of a
    record (lists expand to their cross product; older files say ``source``/``target``).

    Returns the per-file formats and, under ``"non_code"``, the count and first record ids of
    entries that are empty or not codes (they are left out of the pairs).
    """
    import duckdb

    _register_files(con, inputs)
    _create(con)
    formats: dict[str, Any] = {}
    selects = []
    for index, (path, shown) in enumerate(zip(inputs.readable, inputs.origin, strict=True)):
        head = _first_char(path, shown)
        if head is None:
            formats[os.fspath(path)] = "empty"
            continue
        if head not in "[{":
            raise _fail(shown, "not a PLOVER JSON or JSONL file: it does not start with [ or {")
        fmt = "array" if head == "[" else "newline_delimited"
        try:
            con.execute(
                f"SELECT count(*) FROM read_json({_sql_text(os.fspath(path))}, format='{fmt}',"
                " records=true, columns={'id': 'VARCHAR'})"
            ).fetchall()
        except duckdb.Error as error:
            message = str(error).splitlines()[0]
            raise _fail(shown, f"not valid PLOVER JSON ({message})") from None
        formats[os.fspath(path)] = "PLOVER JSON" if fmt == "array" else "PLOVER JSONL"
        selects.append(
            f"""SELECT {index} AS file_index, * FROM read_json(
                {_sql_text(os.fspath(path))}, format='{fmt}', records=true,
                columns={{'id': 'VARCHAR', 'date': 'VARCHAR', 'event': 'VARCHAR',
                         'actor': 'JSON', 'recipient': 'JSON', 'source': 'JSON',
                         'target': 'JSON', 'link': 'VARCHAR', 'url': 'VARCHAR'}})"""
        )
    if not selects:
        formats["non_code"] = {"count": 0, "examples": []}
        return formats
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _plover AS
        SELECT row_number() OVER () AS rec, file_index, id, date, event,
               coalesce(actor, source) AS a, coalesce(recipient, target) AS t,
               coalesce(link, url) AS url
        FROM ({" UNION ALL ".join(selects)})
        """
    )
    entries = """
        SELECT rec, CASE json_type(el)
                      WHEN 'OBJECT' THEN trim(el->>'code')
                      WHEN 'VARCHAR' THEN trim(el->>'$') END AS code
        FROM (SELECT rec, unnest(CASE WHEN json_type({side}) = 'ARRAY'
                                      THEN json_extract({side}, '$[*]')
                                      ELSE [{side}] END) AS el
              FROM _plover WHERE {side} IS NOT NULL AND json_type({side}) <> 'NULL')
    """
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _plover_codes AS
        SELECT 'actor' AS side, * FROM ({entries.format(side="a")})
        UNION ALL
        SELECT 'recipient' AS side, * FROM ({entries.format(side="t")})
        """
    )
    good = "regexp_full_match(code, '[A-Z][A-Z0-9]{2,}')"
    con.execute(
        f"""
        INSERT INTO events
        SELECT p.file_index, p.id, a.code, t.code, try_strptime(p.date, '%Y-%m-%d')::DATE,
               p.event, NULL, NULL, NULL, p.url, NULL, NULL, NULL
        FROM _plover p
        LEFT JOIN (SELECT DISTINCT rec, code FROM _plover_codes
                   WHERE side = 'actor' AND {good}) a ON a.rec = p.rec
        LEFT JOIN (SELECT DISTINCT rec, code FROM _plover_codes
                   WHERE side = 'recipient' AND {good}) t ON t.rec = p.rec
        """
    )
    bad = con.execute(
        f"""
        SELECT count(*), list(DISTINCT p.id ORDER BY p.id)[1:5]
        FROM _plover_codes c JOIN _plover p USING (rec)
        WHERE code IS NULL OR NOT {good}
        """
    ).fetchone()
    assert bad is not None
    formats["non_code"] = {"count": int(bad[0]), "examples": list(bad[1] or [])}
    return formats


def _first_char(path: Path, shown: str) -> str | None:
    try:
        opener: Any = gzip.open if path.name.lower().endswith(".gz") else open
        with opener(path, "rb") as handle:
            head: bytes = handle.read(4096)
    except (OSError, EOFError) as error:
        raise _fail(shown, f"cannot read the file: {error}") from None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return chr(text[0]) if text else None


def short_line_numbers(
    con: duckdb.DuckDBPyConnection, path: Path, least: int, ids: list[str], limit: int
) -> list[int]:
    """The line numbers in ``path`` of the lines with fewer than ``least`` columns whose
    first field is one of ``ids`` (only asked for when the scan found such lines; testing the
    first field first keeps the column count off most lines)."""
    starts = " OR ".join(f"starts_with(l, {_sql_text(i + chr(9))})" for i in ids) or "true"
    rows = con.execute(
        f"""
        SELECT line FROM (
            SELECT row_number() OVER () AS line, l
            FROM read_csv({_sql_text(os.fspath(path))}, columns={{'l': 'VARCHAR'}},
                          delim='\\x01', quote='', escape='', header=false,
                          auto_detect=false, ignore_errors=true, max_line_size=10000000))
        WHERE ({starts}) AND length(l) - length(replace(l, '	', '')) + 1 < {least}
        ORDER BY line LIMIT {limit}
        """
    ).fetchall()
    return [int(row[0]) for row in rows]


def json_safe(value: Any) -> Any:
    """Provenance values as JSON-friendly types."""
    return json.loads(json.dumps(value, default=str))
