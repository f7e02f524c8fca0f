"""Dyad-year tables into stances: ATOP alliances, COW militarized disputes, any pair-year table.

A dyad-year table has one row per pair of states and year. For each pair (and, for disputes,
each dispute), a maximal run of consecutive years with the same values becomes one stance
whose ``start`` and ``end`` are the first and last year; a missing year or a change of value
starts a new stance. A spell table (``start_col``/``end_col``) already has one stance per row.

The spells are computed by DuckDB in SQL, the gaps-and-islands idiom: within one pair and one
value, ``year - row_number() OVER (ORDER BY year)`` is constant along a run of consecutive
years (``dense_rank()`` when a pair repeats a year, so that the repeated row counts once), in
one pass that also counts the rows left out. That query uses only standard window functions
and aggregates (portable to Spark SQL as text; it is not an ibis expression); reading the CSV
uses DuckDB's reader. Only the spells reach Python, as Arrow tables, whose text columns (ids,
lists, JSON attrs) Arrow's compute kernels assemble.

Country codes are Correlates of War numbers read through the state crosswalk
(:mod:`relgraph.events.states`): COW 2 becomes ``USA``, 300 ``cow:AUH``; a number the crosswalk
does not know becomes an actor ``cow:NUMBER`` of kind ``other`` and is counted. Rows that
cannot become part of a stance are counted by reason (:attr:`DyadicImport.left_out`, and the
provenance). A value that is not a number where a number is expected is a
:class:`~relgraph.errors.LoadError` naming every such row as ``FILE:LINE:FIELD: column:
message`` (the header is line 1, FIELD the column's position).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relgraph.errors import LoadError, Problem, QueryError, plural

if TYPE_CHECKING:
    from concurrent.futures import Future

    import duckdb
    import pyarrow as pa

    from relgraph.dataset import Dataset

__all__ = [
    "ATOP_OBLIGATIONS",
    "HOSTILITY_LEVELS",
    "DyadicImport",
    "read_atop",
    "read_cow_mid",
    "read_dyadic",
]

#: ATOP's obligations, strongest first: (name in labels, valence, column, column in ATOP's
#: own release).
ATOP_OBLIGATIONS: tuple[tuple[str, float, str, str], ...] = (
    ("defense", 1.0, "atop_defense", "defense"),
    ("offense", 0.9, "atop_offense", "offense"),
    ("neutrality", 0.5, "atop_neutral", "neutral"),
    ("non-aggression", 0.4, "atop_nonagg", "nonagg"),
    ("consultation", 0.3, "atop_consul", "consul"),
)

#: COW-MID's hostility levels (``hostlev``), as the MID codebook names them.
HOSTILITY_LEVELS: dict[int, str] = {
    1: "no militarized action",
    2: "threat to use force",
    3: "display of force",
    4: "use of force",
    5: "war",
}

#: What a missing value looks like in files written by R, Stata and spreadsheets.
MISSING = ("", "NA", "N/A", "NaN", ".")
_MAX_LISTED = 100  # problems listed in one error; the rest are counted in a last line
_LARGEST = 1e15  # a whole number past this is not a code or a year
_ID_SQL = r"^[A-Za-z0-9_.:-]+$"
_DATE_SQL = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[~?%]?$"
_NUMBER_WORDS = {
    "number": "not a number",
    "whole": "not a whole number",
    "cow": "not a COW country number",
    "flag": "not 0, 1, TRUE or FALSE",
}


@dataclass(frozen=True)
class DyadicImport:
    """The stances and actors an import made, as Arrow tables, and what it left out.

    ``stances`` and ``actors`` have the columns of the columnar dataset (DESIGN §5):
    ``actor``/``target`` one-element lists, ``codes`` a map of text to text, ``attrs`` JSON
    text. ``left_out`` counts the rows not imported, by reason; ``provenance`` is the record a
    dataset written from this import carries (inputs with SHA-256, options, counts).
    """

    stances: pa.Table
    actors: pa.Table
    left_out: dict[str, int]
    provenance: dict[str, Any]
    title: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def dataset(self) -> Dataset:
        """The import as an in-memory :class:`relgraph.dataset.Dataset`."""
        from relgraph.dataset import Dataset, conform_table

        return Dataset(
            actors=conform_table(self.actors, "actors"),
            stances=conform_table(self.stances, "stances"),
            title=self.title,
            provenance=self.provenance,
        )

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the import as a dataset directory, or as curated YAML to a ``.yaml`` file.

        Both are written whole or not at all.

        Parameters
        ----------
        path : str or os.PathLike
            A directory (the columnar dataset) or a file ending ``.yaml``/``.yml``.

        Returns
        -------
        pathlib.Path
            ``path``.

        Raises
        ------
        OutputError
            When the target cannot be written.
        """
        from relgraph.merge import write_relations

        return write_relations(self.dataset, path)

    @property
    def summary(self) -> str:
        """One line: stances, actors and rows left out."""
        counts = [(self.stances.num_rows, "stance"), (self.actors.num_rows, "actor")]
        counts.append((int(self.provenance["rows"]), "row"))
        stances, actors, rows = (f"{n:,} {word}{'s' * (n != 1)}" for n, word in counts)
        return f"{stances}, {actors} from {rows} ({sum(self.left_out.values()):,} left out)"


# -- reading the table ------------------------------------------------------------------------


def sha256_of(path: str | os.PathLike[str]) -> str:
    """The SHA-256 (hex) of a file's bytes, or of a directory's files in name order."""
    target = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in target.rglob("*") if p.is_file()) if target.is_dir() else [target]
    for file in files:
        with file.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _is_parquet(path: Path) -> bool:
    return path.is_dir() or path.suffix.lower() in (".parquet", ".pq")


def _scan(
    path: Path,
    numeric: Iterable[str] = (),
    *,
    flags: Iterable[str] = (),
    text: bool = False,
    missing: bool = True,
) -> str:
    """The DuckDB table function that reads ``path``, the ``numeric`` columns as DOUBLE.

    ``missing``: read every spelling of :data:`MISSING` as empty; else only an empty field
    (cheaper, and a number column holding ``NA`` then fails the read). ``flags`` hold 0 or
    1, or a truth word such as ``TRUE`` or ``no`` (as R and pandas write logicals): without
    ``missing`` they are read as BOOLEAN, which is fast and fails on anything else
    (``1.0``, ``NA``); with it, as 1.0 or 0.0 from the word or else the number (a value
    that is neither fails the read).
    """
    where = _lit(str(path / "**" / "*.parquet") if path.is_dir() else str(path))
    if _is_parquet(path):
        return f"read_parquet({where})"
    nulls = "[" + ", ".join(map(_lit, MISSING if missing else ("",))) + "]"
    if text:
        options = "all_varchar = true, null_padding = true, strict_mode = false"
        return f"read_csv({where}, header = true, nullstr = {nulls}, {options})"
    flags = list(flags)
    types = [(c, "DOUBLE") for c in numeric]
    types += [(c, "VARCHAR" if missing else "BOOLEAN") for c in flags]
    listed = ", ".join(f"{_lit(c)}: {_lit(t)}" for c, t in types)
    options = f"types = {{{listed}}}" if listed else "auto_detect = true"
    scan = f"read_csv({where}, header = true, nullstr = {nulls}, {options})"
    if not (missing and flags):
        return scan
    truth = [f"TRY_CAST(trim({_q(c)}) AS BOOLEAN)" for c in flags]
    replace = ", ".join(
        f"CASE WHEN {word} IS NULL THEN CAST({_q(c)} AS DOUBLE) "
        f"ELSE CAST({word} AS DOUBLE) END AS {_q(c)}"
        for c, word in zip(flags, truth, strict=True)
    )
    return f"(SELECT * REPLACE ({replace}) FROM {scan})"


def _connect() -> duckdb.DuckDBPyConnection:
    import duckdb

    return duckdb.connect()


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _columns(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    import duckdb

    name = str(path)
    if not path.exists():
        raise LoadError(
            [Problem(name, 0, 0, "", "cannot read the file: No such file or directory")]
        )
    try:
        described = con.sql(f"DESCRIBE SELECT * FROM {_scan(path, text=True)}").fetchall()
    except duckdb.Error as error:
        message = f"cannot be read as a table: {_first_line(error)}"
        raise LoadError([Problem(name, 0, 0, "", message)]) from None
    return [str(row[0]) for row in described]


def _require(path: Path, columns: Sequence[str], wanted: Iterable[tuple[str, str | None]]) -> None:
    """Every column named by an option (or a preset) exists; else one problem per option."""
    missing: dict[str, list[str]] = {}
    for option, name in wanted:
        if name is not None and name not in columns:
            missing.setdefault(option, []).append(name)
    problems = []
    have = ", ".join(repr(c) for c in columns[:20]) + (", ..." if len(columns) > 20 else "")
    for option, names in missing.items():
        if len(names) == 1:
            close = difflib.get_close_matches(names[0], columns, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the columns are {have}"
            message = f"{option}: no column {names[0]!r}{hint}"
        else:
            listed = ", ".join(repr(n) for n in names)
            message = f"{option}: no columns {listed}; the columns are {have}"
        problems.append(Problem(str(path), 0, 0, "", message))
    if problems:
        raise LoadError(problems)


def _number_problems(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    columns: Sequence[str],
    checks: Sequence[tuple[str, str]],
) -> list[Problem]:
    """Every value in a numeric column that is not a number (or not a whole one).

    The rows are read as text on one thread, so they come in the file's order and row ``n``
    is line ``n + 1``.
    """
    con.execute("SET threads = 1")
    tests = []
    for column, what in checks:
        value = _q(column)
        number = f"TRY_CAST(trim({value}) AS DOUBLE)"
        bad = f"{number} IS NULL OR NOT isfinite({number})"
        if what == "flag":  # a truth word (see _scan) or 0 or 1
            word = f"TRY_CAST(trim({value}) AS BOOLEAN)"
            bad = f"{word} IS NULL AND ({bad} OR {number} NOT IN (0, 1))"
        elif what != "number":
            bad += f" OR {number} <> floor({number}) OR abs({number}) >= {_LARGEST}"
        tests.append(f"CASE WHEN {value} IS NOT NULL AND ({bad}) THEN {value} END")
    listed = ", ".join(f"{t} AS c{i}" for i, t in enumerate(tests))
    any_bad = " OR ".join(f"c{i} IS NOT NULL" for i in range(len(tests)))
    scan = _scan(path, text=True)
    if _is_parquet(path):
        scan = f"(SELECT {', '.join(f'CAST({_q(c)} AS VARCHAR) AS {_q(c)}' for c in columns)} "
        scan += f"FROM {_scan(path)})"
    rows = con.sql(
        f"SELECT * FROM (SELECT row_number() OVER () AS rn, {listed} FROM {scan}) "
        f"WHERE {any_bad} ORDER BY rn"
    ).fetchall()
    problems: list[Problem] = []
    for row in rows:
        for i, (column, what) in enumerate(checks):
            if row[1 + i] is not None:
                message = f"{_NUMBER_WORDS[what]} (got {str(row[1 + i])!r})"
                place = columns.index(column) + 1
                problems.append(Problem(str(path), int(row[0]) + 1, place, column, message))
    return problems


_LINE_ERRORS = {
    "MISSING COLUMNS": "fewer fields than the header",
    "TOO MANY COLUMNS": "more fields than the header",
    "UNQUOTED VALUE": "a quote inside an unquoted field",
    "INVALID UNICODE": "not UTF-8 text",
}


def _line_problems(con: duckdb.DuckDBPyConnection, path: Path) -> list[Problem]:
    """Lines that do not fit the header (too few or too many fields, broken quoting)."""
    if _is_parquet(path):
        return []
    nulls = "[" + ", ".join(map(_lit, MISSING)) + "]"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE scanned AS SELECT * FROM read_csv({_lit(str(path))}, "
        f"header = true, all_varchar = true, nullstr = {nulls}, store_rejects = true, "
        "rejects_table = 'line_problems', rejects_scan = 'line_scans')"
    )
    rows = con.sql(
        "SELECT line, error_type FROM line_problems ORDER BY line, column_idx"
    ).fetchall()
    seen: set[int] = set()
    problems = []
    for line, kind in rows:
        if int(line) not in seen:
            seen.add(int(line))
            message = _LINE_ERRORS.get(str(kind), str(kind).lower())
            problems.append(Problem(str(path), int(line), 1, "", message))
    return problems


def _raise(problems: list[Problem]) -> None:
    if len(problems) > _MAX_LISTED:
        rest = len(problems) - _MAX_LISTED
        last = problems[_MAX_LISTED - 1]
        more = f"and {rest:,} more like these"
        more_line = Problem(last.file, last.line, last.column + 1, "", more, rest)
        problems = [*problems[:_MAX_LISTED], more_line]
    raise LoadError(problems)


# -- the shared pipeline ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """What one importer reads and how its rows become spells and then stances."""

    importer: str
    path: Path
    columns: list[str]
    actor: str  # SQL of the actor code (a COW number, or an id as written)
    target: str
    checks: tuple[tuple[str, str], ...]  # (column, number|whole|cow|flag); see _scan
    # (SQL condition on a spell's columns, reason) of the rows left out; see _grouped_sql
    reasons: tuple[tuple[str, str], ...]
    year: str | None = None  # SQL of the year (a dyad-year table) ...
    start: str | None = None  # ... or of start and end text (a spell table)
    end: str | None = None
    part: tuple[tuple[str, str], ...] = ()  # (name, SQL): runs never cross these (dispnum)
    values: tuple[tuple[str, str], ...] = ()  # (name, SQL): a run keeps these equal
    extra: tuple[tuple[str, str], ...] = ()  # (name, SQL): the run keeps their maximum
    mutual: bool = False
    codes: str = "cow"
    first: int | None = None  # --from / --to, years
    last: int | None = None
    integral: tuple[str, ...] = ()  # computed columns that must hold whole numbers
    bad: str = ""  # SQL true on a grouped row that holds a value its column may not hold


# Runs never cross a bound of the year rules (1 and 9999, --from, --to): each bound crossed
# adds this much to the island number, more than a partition can hold rows
_ZONE = 2**40
_YEARS = (1, 9999)  # the years a dyad-year row may have


def _grouped_sql(plan: _Plan, source: str, rank: str) -> tuple[str, list[str]]:
    """One pass over the input: the spells of the kept rows, and the rows left out grouped
    with their reason (the position of the first reason a spell meets; NULL when kept).

    The reasons are conditions on a spell's columns (its keys, and ``y1`` or ``s`` and
    ``e``), evaluated once per spell rather than once per row: every row of a spell has the
    same keys, so it meets the same conditions. A row a reason leaves out has other keys
    than the kept rows of its pair, so it is ranked apart and splits their run, as a missing
    year does. The year's rules are the exception, as a run of years can cross 1, 9999,
    ``--from`` or ``--to``: each bound a year has passed adds :data:`_ZONE` to its island
    number, so that a run stops at every bound and ``y1`` tells on which side it lies.

    For pair-years a spell is a run of consecutive years with equal keys: ``y - rank`` is
    constant along it. ``row_number()`` is the cheaper rank; when a pair repeats a year with
    the same values the caller sees overlapping spells and asks again with ``dense_rank()``,
    under which a repeated row shares its rank and so counts once in the span. Whole-number
    columns stay DOUBLE here: the caller checks the (few) grouped rows for fractions, since
    an island or a group holding a fraction shows it in its keys or its first year.
    """
    a, b = plan.actor, plan.target
    if plan.mutual:  # an empty code must stay empty: least() and greatest() skip NULLs
        a = f"least({plan.actor}, {plan.target})"
        b = (
            f"CASE WHEN {plan.actor} IS NULL OR {plan.target} IS NULL THEN NULL "
            f"ELSE greatest({plan.actor}, {plan.target}) END"
        )
    reasons = list(plan.reasons)
    bounds = []  # (SQL true once a year has passed the bound, ...)
    if plan.year is not None:
        bounds = [f"y >= {_YEARS[0]}", f"y > {_YEARS[1]}"]  # see _common_reasons
        if plan.first is not None:
            reasons.append((f"y1 < {plan.first}", "before --from"))
            bounds.append(f"y >= {plan.first}")
        if plan.last is not None:
            reasons.append((f"y1 > {plan.last}", "after --to"))
            bounds.append(f"y > {plan.last}")
    # the reason as its position in the list (integers group faster than text)
    reason = "CASE " + " ".join(f"WHEN {c} THEN {i}" for i, (c, _) in enumerate(reasons))
    reason += " END"
    words = [r for _, r in reasons]

    named = [("a", a), ("b", b), *plan.part, *plan.values]
    if plan.year is not None:
        named.append(("y", str(plan.year)))
    else:
        named += [("s", str(plan.start)), ("e", str(plan.end))]
    rows = ", ".join(f"{sql} AS {_q(n)}" for n, sql in [*named, *plan.extra])
    rows = f"SELECT {rows} FROM {source}"
    keys = ", ".join(_q(n) for n, _ in [("a", ""), ("b", ""), *plan.part, *plan.values])
    extra = "".join(f", max({_q(n)}) AS {_q(n)}" for n, _ in plan.extra)
    extra += "".join(
        f", max({_q(n)} - floor({_q(n)})) AS {_q('fraction:' + n)}"
        for n, _ in plan.extra
        if n in plan.integral
    )
    if plan.year is not None:
        zone = " + ".join(f"CAST({bound} AS INTEGER)" for bound in bounds)
        spells = (
            f"SELECT {keys}, min(y) AS y1, max(y) AS y2, count(*) AS n{extra} FROM ("
            f"SELECT *, y - {rank}() OVER (PARTITION BY {keys} ORDER BY y NULLS LAST) "
            f"+ {_ZONE} * ({zone}) AS island FROM ({rows})) GROUP BY {keys}, island"
        )
    else:
        spells = f"SELECT {keys}, s, e, count(*) AS n{extra} FROM ({rows}) GROUP BY {keys}, s, e"
    return f"SELECT *, {reason} AS reason FROM ({spells})", words


def _whole(plan: _Plan) -> tuple[str, list[str]]:
    """A condition true on a grouped row holding a fraction or a huge number where a whole
    number belongs, and the columns to read as BIGINT once that is ruled out."""
    columns: list[str] = [n for n in ("a", "b") if n in plan.integral]
    columns += [n for n, _ in (*plan.part, *plan.values) if n in plan.integral]
    if plan.year is not None:
        columns += ["y1", "y2"]
    tests = [f"{_q(c)} <> floor({_q(c)}) OR abs({_q(c)}) >= {_LARGEST}" for c in columns]
    extras = [n for n, _ in plan.extra if n in plan.integral]
    tests += [f"{_q('fraction:' + n)} > 0 OR abs({_q(n)}) >= {_LARGEST}" for n in extras]
    if plan.bad:
        tests.append(plan.bad)
    return " OR ".join(tests) or "false", columns + extras


def _actors(codes: list[Any], scheme: str) -> tuple[pa.Table, list[Any]]:
    """The actor table of the codes seen, and the COW numbers the crosswalk does not know."""
    import pyarrow as pa

    from relgraph.events.states import state_for_cow

    ids, names, kinds, code_maps, unknown = [], [], [], [], []
    for code in codes:
        state = state_for_cow(int(code)) if scheme == "cow" else None
        if state is not None:
            ids.append(state.id)
            names.append(state.name)
            kinds.append("state")
            code_maps.append(list(state.codes.items()))
        elif scheme == "cow":
            unknown.append(code)
            ids.append(f"cow:{int(code)}")
            names.append(f"COW {int(code)}")
            kinds.append("other")
            code_maps.append([("cow", str(int(code)))])
        else:
            ids.append(str(code))
            names.append(str(code))
            kinds.append("other")
            code_maps.append([])
    table = pa.table(
        {
            "code": pa.array(codes, pa.int64() if scheme == "cow" else pa.string()),
            "id": pa.array(ids, pa.string()),
            "name": pa.array(names, pa.string()),
            "kind": pa.array(kinds, pa.string()),
            "aliases": pa.array([[] for _ in ids], pa.list_(pa.string())),
            "affiliation": pa.array([None] * len(ids), pa.string()),
            "codes": pa.array(code_maps, pa.map_(pa.string(), pa.string())),
            "attrs": pa.array([None] * len(ids), pa.string()),
        }
    )
    return table, unknown


@dataclass(frozen=True)
class _Stances:
    """SQL expressions over a spell (columns a_id, b_id, y1/y2 or s/e, values, extra, n)."""

    prefix: str  # the id's first word: atop, mid, dy
    kind: str
    valence: str  # valence, modality, label and head: over the part and value columns only,
    modality: str  # so they are computed once per distinct value and joined
    label: str
    head: str  # a DuckDB json_object(...) of attrs that follow from the values ...
    tail: tuple[tuple[str, str], ...] = ()  # ... and (key, column) of the spell's own
    id_columns: tuple[str, ...] = ()  # columns between the prefix and the pair (dispnum)


def _run(
    plan: _Plan, stances: _Stances, options: dict[str, Any], title: str | None
) -> DyadicImport:
    """Read, count, make spells, name actors and build the stance and actor tables."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        # hashlib releases the GIL: the input is hashed while the spells become stances,
        # which leaves a core free (hashing during the scan would take one from DuckDB)
        digests: list[Future[str]] = []

        def read() -> None:
            digests.append(pool.submit(sha256_of, plan.path))

        result = _spells(plan, stances, options, title, read)
        digest = digests[0].result() if digests else sha256_of(plan.path)
        result.provenance["inputs"] = [{"path": str(plan.path), "sha256": digest}]
    return result


def _spells(
    plan: _Plan,
    stances: _Stances,
    options: dict[str, Any],
    title: str | None,
    read: Callable[[], object] = lambda: None,
) -> DyadicImport:
    """The import but for the input's hash; ``read`` is called once the input is read."""
    import duckdb

    con = _connect()
    numeric = [c for c, what in plan.checks if what != "flag"]
    flags = [c for c, what in plan.checks if what == "flag"]
    source = _scan(plan.path, numeric, flags=flags, missing=False)
    failure, counted, overlapping = "", [], 0
    fraction, casts = _whole(plan)
    for rank in ("row_number", "dense_rank"):
        try:
            grouped, words = _grouped_sql(plan, source, rank)
            try:
                con.execute(f"CREATE OR REPLACE TEMP TABLE grouped AS {grouped}")
            except duckdb.ConversionException:
                # most files write a missing value as an empty field; the others (NA, .) are
                # read again with every spelling of a missing value
                source = _scan(plan.path, numeric, flags=flags)
                grouped, words = _grouped_sql(plan, source, rank)
                con.execute(f"CREATE OR REPLACE TEMP TABLE grouped AS {grouped}")
            # the rows by reason, and the grouped rows holding a value they may not hold
            summed = con.sql(
                f"SELECT reason, sum(n), count(*) FILTER (WHERE {fraction}) FROM grouped "
                "GROUP BY reason"
            ).fetchall()
            if any(bad for _, _, bad in summed):
                failure = "a whole number with a fraction"
            counted = [(reason, n) for reason, n, _ in summed]
        except duckdb.Error as error:
            failure = _first_line(error)
        if failure:
            problems = _line_problems(con, plan.path) or _number_problems(
                con, plan.path, plan.columns, plan.checks
            )
            if not problems:  # a failure with no line to blame: say what the engine said
                message = f"cannot be read as a table: {failure}"
                problems = [Problem(str(plan.path), 0, 0, "", message)]
            _raise(problems)
        replace = ", ".join(f"CAST({_q(c)} AS BIGINT) AS {_q(c)}" for c in casts)
        con.execute(
            "CREATE OR REPLACE TEMP VIEW spells AS SELECT * "
            f"{'REPLACE (' + replace + ')' if replace else ''} FROM grouped WHERE reason IS NULL"
        )
        codes = [
            row[0]
            for row in con.sql(
                "SELECT DISTINCT c FROM (SELECT a AS c FROM spells UNION SELECT b FROM spells) "
                "ORDER BY c"
            ).fetchall()
        ]
        actors, unknown = _actors(codes, plan.codes)
        keys, looked = _sorted_spells(plan, stances, con, actors)
        overlapping = _overlaps(plan, keys)
        if rank == "dense_rank" or not overlapping:
            break  # with row_number, a repeated pair-year shows as overlapping spells
    left_out = {words[int(r)]: int(n) for r, n in counted if r is not None}
    read()
    total = sum(int(n) for _, n in counted)
    if overlapping or plan.year is None:  # else no two spells of a pair start together
        keys, looked = _number_clashes(plan, stances, con, actors, (keys, looked))
    table = _stance_table(plan, stances, actors, keys, looked)

    facts = con.sql(
        "SELECT coalesce(sum(n), 0), "
        "coalesce(sum(n - (y2 - y1 + 1)) FILTER (WHERE y1 IS NOT NULL), 0) "
        f"FROM (SELECT n, {'y1, y2' if plan.year else 'NULL AS y1, NULL AS y2'} FROM spells)"
    ).fetchone()
    kept_rows, repeated = (int(facts[0]), int(facts[1])) if facts else (0, 0)
    unknown_rows = 0
    if unknown:
        con.register("unknown_codes", _one_column(unknown))
        in_unknown = con.sql(
            "SELECT coalesce(sum(n), 0) FROM spells WHERE a IN (SELECT c FROM unknown_codes) "
            "OR b IN (SELECT c FROM unknown_codes)"
        ).fetchone()
        unknown_rows = int(in_unknown[0]) if in_unknown else 0
    con.close()

    notes = []
    if unknown:
        listed = ", ".join(str(int(c)) for c in unknown)
        notes.append(
            f"{plural(len(unknown), 'COW number')} the crosswalk does "
            f"not know ({listed}) became actors of kind other, in {plural(unknown_rows, 'row')}"
        )
    if repeated and plan.mutual:  # B->A beside A->B is what --mutual expects, not a repeat
        notes.append(
            f"{plural(repeated, 'row')} of a pair also given the other way round (or repeated) "
            "counted once, as --mutual asks"
        )
    elif repeated:
        notes.append(
            f"{plural(repeated, 'repeated row')} (same pair, year and values) counted once"
        )
    if overlapping:
        notes.append(
            f"{plural(overlapping, 'stance')} overlap{'s' if overlapping == 1 else ''} another "
            "of the same pair (the table gives a pair "
            "different values in the same year)"
        )
    provenance = {
        "importer": plan.importer,  # the writers add the relgraph version
        "inputs": [],  # the caller adds the path and its SHA-256
        "options": options,
        "engine": f"duckdb {duckdb.__version__}",
        "rows": total,
        "rows_imported": kept_rows,
        "left_out": left_out,
        "repeated_rows": repeated,
        "unknown_codes": {str(int(c)): "kind other" for c in unknown},
        "unknown_code_rows": unknown_rows,
        "overlapping_stances": overlapping,
        "stances": table.num_rows,
        "actors": actors.num_rows,
    }
    if plan.codes == "cow":
        provenance["crosswalk"] = (
            "relgraph.events.states (Correlates of War Project 2017, State System Membership "
            "List v2016; ISO 3166-1 alpha-3)"
        )
    return DyadicImport(
        stances=table,
        actors=actors.drop_columns(["code"]),
        left_out=left_out,
        provenance=provenance,
        title=title,
        notes=notes,
    )


def arrow_table(relation: duckdb.DuckDBPyRelation) -> pa.Table:
    """A DuckDB result as one Arrow table (DuckDB 1.5's ``arrow()`` gives a batch reader)."""
    result = relation.arrow()
    return result.read_all() if hasattr(result, "read_all") else result


def _one_column(values: list[Any]) -> pa.Table:
    import pyarrow as pa

    return pa.table({"c": pa.array(values)})


def _overlaps(plan: _Plan, keys: dict[str, pa.Array]) -> int:
    """The spells that start before an earlier spell of the same pair (and part) ends, in
    one pass over the spells as DuckDB sorted them (by pair, part, start and end)."""
    import numpy as np

    if plan.year is None or len(keys["y1"]) < 2:
        return 0  # spell tables: dates of any precision; overlaps are the table's own
    y1, y2 = keys["y1"].to_numpy(), keys["y2"].to_numpy()
    same = np.ones(len(y1) - 1, dtype=bool)  # row i + 1 continues row i's pair and part
    for name in ("a_pos", "b_pos", *(n for n, _ in plan.part)):
        column = keys[name].to_numpy()
        same &= column[1:] == column[:-1]
    # the latest end so far within the pair: years are 1-9999, so offsetting each pair by
    # 16384 lets one running maximum over all rows restart at every pair
    offset = np.concatenate(([0], np.cumsum(~same))) * 16384
    reach = np.maximum.accumulate(offset + y2) - offset
    return int(np.count_nonzero(same & (reach[:-1] >= y1[1:])))


def _number_clashes(
    plan: _Plan,
    stances: _Stances,
    con: duckdb.DuckDBPyConnection,
    actors: pa.Table,
    sorted_spells: tuple[dict[str, pa.Array], dict[str, pa.Array]],
) -> tuple[dict[str, pa.Array], dict[str, pa.Array]]:
    """``sorted_spells``, or when two stances of one pair start together (the table gives
    the pair two values in a year) the spells sorted again, numbering those: the second
    gets -2."""
    order = "y2" if plan.year is not None else "e"
    values = "".join(f", {_q(n)}" for n, _ in plan.values)
    # actor ids and COW numbers correspond one to one
    same = ", ".join(["a", "b", *(_q(n) for n, _ in plan.part)])
    day_sql = "y1" if plan.year is not None else "regexp_replace(s, '[~?%]', '', 'g')"
    same += f", {day_sql}"
    found = con.sql(
        f"SELECT count(*) FROM (SELECT {same} FROM spells GROUP BY ALL HAVING count(*) > 1)"
    ).fetchone()
    if not (found and found[0]):
        return sorted_spells
    clash = f"row_number() OVER (PARTITION BY {same} ORDER BY {order}{values})"
    return _sorted_spells(plan, stances, con, actors, clash)


def _sorted_spells(
    plan: _Plan,
    stances: _Stances,
    con: duckdb.DuckDBPyConnection,
    actors: pa.Table,
    clash: str = "1",
) -> tuple[dict[str, pa.Array], dict[str, pa.Array]]:
    """The spells' keys sorted by DuckDB (actor positions, part, times, a key into the
    distinct values and ``clash``), and the stance fields of each distinct value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = "".join(f", {_q(n)}" for n, _ in plan.values)
    # in the order of the codes (COW numbers, or ids as written), then by start
    order_by = ", ".join(["a", "b", *(_q(n) for n, _ in plan.part)])
    order_by += ", y1, y2" if plan.year is not None else ", s, e"
    order_by += values
    looked_up = [_q(n) for n, _ in (*plan.part, *plan.values)]
    distinct = ", ".join(looked_up) or "1 AS one"
    using = f"USING ({', '.join(looked_up)})" if looked_up else "ON true"
    head = f"CAST({stances.head} AS VARCHAR)"
    if stances.tail:  # the head loses its closing brace; the tail adds its keys and the brace
        head = f"rtrim({head}, '}}')"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE looked AS
        SELECT row_number() OVER () - 1 AS vkey, *,
            CAST({stances.kind} AS VARCHAR) AS kind_v,
            CAST({stances.valence} AS DOUBLE) AS valence_v,
            CAST({stances.modality} AS VARCHAR) AS modality_v,
            CAST({stances.label} AS VARCHAR) AS label_v,
            {head} AS head_v
        FROM (SELECT DISTINCT {distinct} FROM spells)
    """)
    times = "y1, y2" if plan.year is not None else "s, e"
    wanted = [*(n for n, _ in plan.part), *stances.id_columns, *(sql for _, sql in stances.tail)]
    more = "".join(f", spells.{_q(c)} AS {_q(c)}" for c in dict.fromkeys(wanted))
    keys_table = arrow_table(
        con.sql(
            f"SELECT a, b, looked.vkey, {clash} AS clash, {times}{more} FROM spells "
            f"JOIN looked {using} ORDER BY {order_by}"
        )
    )
    # the actors are in the order of their codes; their positions are looked up by Arrow
    # (cheaper than two joins in the query)
    codes = actors.column("code").combine_chunks()
    for side in ("a", "b"):
        position = pc.index_in(keys_table.column(side), value_set=codes)
        keys_table = keys_table.append_column(f"{side}_pos", position.cast(pa.int64()))
    looked_table = arrow_table(con.sql("SELECT * FROM looked ORDER BY vkey"))
    keys = {n: keys_table.column(n).combine_chunks() for n in keys_table.column_names}
    looked = {n: looked_table.column(n).combine_chunks() for n in looked_table.column_names}
    return keys, looked


def _stance_table(
    plan: _Plan,
    stances: _Stances,
    actors: pa.Table,
    keys: dict[str, pa.Array],
    looked: dict[str, pa.Array],
) -> pa.Table:
    """The stance columns from the sorted spells: Arrow's kernels assemble the text
    columns, with no Python loop over the spells."""
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    count = len(keys["vkey"])
    vkey = keys["vkey"]
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Arrow's kernels release the GIL: the looked-up columns (the long attrs and labels)
        # are copied out while this thread builds the ids
        looked_up = {
            n: pool.submit(pc.take, looked[f"{n}_v"], vkey)
            for n in ("head", "label", "kind", "valence", "modality")
        }
        ident, a_id, b_id, start, end = _id_columns(plan, stances, actors, keys)
        taken = {n: future.result() for n, future in looked_up.items()}
    attrs = taken["head"]
    if stances.tail:
        pieces: list[Any] = [attrs]
        for key, column in stances.tail:
            # an empty value is JSON null (a null piece would make the whole attrs null)
            pieces += [f',"{key}":', pc.fill_null(pc.cast(keys[column], pa.string()), "null")]
        attrs = pc.binary_join_element_wise(*pieces, "}", "")
    offsets = pa.array(np.arange(count + 1, dtype=np.int32))
    columns = {
        "id": ident,
        "actor": pa.ListArray.from_arrays(offsets, a_id),
        "target": pa.ListArray.from_arrays(offsets, b_id),
        "kind": taken["kind"],
        "label": taken["label"],
        "valence": taken["valence"],
        "modality": taken["modality"],
        "mutual": pa.array(np.full(count, plan.mutual, dtype=bool)),
        "start": start,
        "end": end,
        "reported": pa.nulls(count, pa.string()),
        "confidence": pa.nulls(count, pa.float64()),
        "cameo": pa.nulls(count, pa.string()),
        "attrs": attrs,
    }
    return pa.Table.from_arrays(
        [pa.array(c) if not isinstance(c, pa.Array) else c for c in columns.values()],
        names=list(columns),
    )


def _id_columns(
    plan: _Plan, stances: _Stances, actors: pa.Table, keys: dict[str, pa.Array]
) -> tuple[pa.Array, pa.Array, pa.Array, pa.Array, pa.Array]:
    """The ids, the actor and target ids, and the start and end text of the sorted spells."""
    import pyarrow as pa
    import pyarrow.compute as pc

    count = len(keys["vkey"])
    ids = actors.column("id").combine_chunks()
    a_id = pc.take(ids, keys["a_pos"])
    b_id = pc.take(ids, keys["b_pos"])
    if plan.year is not None:
        start = pc.utf8_lpad(pc.cast(keys["y1"], pa.string()), width=4, padding="0")
        end = pc.utf8_lpad(pc.cast(keys["y2"], pa.string()), width=4, padding="0")
        day = start
    else:
        start, end = keys["s"], keys["e"]
        day = pc.replace_substring_regex(start, pattern="[~?%]", replacement="")
    parts = [pc.cast(keys[c], pa.string()) for c in stances.id_columns]
    ident = pc.binary_join_element_wise(stances.prefix, *parts, a_id, b_id, day, "-")
    clashes = keys["clash"]
    if count and pc.max(clashes).as_py() > 1:
        numbered = pc.binary_join_element_wise(ident, pc.cast(clashes, pa.string()), "-")
        ident = pc.if_else(pc.greater(clashes, 1), numbered, ident)
    return ident, a_id, b_id, start, end


def _year_bound(value: int | str | None, option: str) -> int | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text.lstrip("-").isdigit():
        raise QueryError(f"{option} takes a year, such as 1816 (got {value!r})")
    return int(text)


def _window(first: int | str | None, last: int | str | None) -> tuple[int | None, int | None]:
    a, b = _year_bound(first, "--from"), _year_bound(last, "--to")
    if a is not None and b is not None and b < a:
        raise QueryError(f"--to {b} is before --from {a}")
    return a, b


def _common_reasons(plan_codes: str, year: bool) -> list[tuple[str, str]]:
    """The reasons every importer has, as conditions on a spell's columns."""
    reasons = [("a IS NULL OR b IS NULL", "no actor or target code")]
    if plan_codes == "none":
        reasons.append(
            (
                f"NOT regexp_full_match(a, {_lit(_ID_SQL)}) OR "
                f"NOT regexp_full_match(b, {_lit(_ID_SQL)})",
                "actor or target not usable as an id (letters, digits, _ . - : only)",
            )
        )
    reasons.append(("a = b", "actor equal to target"))
    if year:
        low, high = _YEARS
        reasons.append(("y1 IS NULL", "no year"))
        reasons.append((f"y1 < {low} OR y1 > {high}", f"year not between {low} and {high}"))
    return reasons


# -- the presets ------------------------------------------------------------------------------


def read_atop(
    path: str | os.PathLike[str],
    *,
    start: int | str | None = None,
    end: int | str | None = None,
    title: str | None = None,
) -> DyadicImport:
    """Read ATOP's directed dyad-year file into alliance stances.

    For each directed pair, a maximal run of consecutive years with the same non-empty set of
    obligations is one stance: ``kind: alliance``, valence by the strongest obligation
    (defense 1.0, offense 0.9, neutrality 0.5, non-aggression 0.4, consultation 0.3), a label
    naming the obligations, ``start``/``end`` the first and last year and the id
    ``atop-A-B-Y1``. Exactly one stance covers each pair-year with an obligation; rows with
    none are counted in ``left_out``, not imported. The file stays directed.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV (or Parquet) file with ``ccode1, ccode2, year, atop_defense, atop_offense,
        atop_neutral, atop_nonagg, atop_consul`` (as peacesciencer names them) or ``stateA,
        stateB, year, defense, offense, neutral, nonagg, consul`` (ATOP's own release). An
        obligation is 0 or 1, or a truth word (``TRUE``/``FALSE``, ``yes``/``no``).
    start, end : int or str, optional
        The first and last year kept (inclusive); rows outside are counted.
    title : str, optional
        The dataset's title.

    Returns
    -------
    DyadicImport

    Raises
    ------
    LoadError
        When the file cannot be read, lacks a column, or holds a value that is not a number
        where one is expected (every such row is named).
    QueryError
        When ``start`` or ``end`` is not a year.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "atop.csv"
    >>> _ = path.write_text(
    ...     "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul\\n"
    ...     "2,200,1942,1,1,0,0,0\\n2,200,1943,1,1,0,0,0\\n2,200,1944,0,0,0,0,1\\n"
    ...     "2,200,1945,0,0,0,0,0\\n")
    >>> result = read_atop(path)
    >>> result.stances.select(["id", "label", "valence", "start", "end"]).to_pylist()[0]
    {'id': 'atop-USA-GBR-1942', 'label': 'defense, offense', 'valence': 1.0, 'start': '1942', 'end': '1943'}
    >>> result.left_out
    {'no obligation': 1}
    """  # noqa: E501
    target = Path(path)
    con = _connect()
    columns = _columns(con, target)
    con.close()
    release = "stateA" in columns and "ccode1" not in columns  # ATOP's own column names
    pair = ("stateA", "stateB") if release else ("ccode1", "ccode2")
    obligations = [(name, value, ob[release]) for name, value, *ob in ATOP_OBLIGATIONS]
    wanted = [*pair, "year", *(c for _, _, c in obligations)]
    _require(target, columns, [("ATOP", c) for c in wanted])
    first, last = _window(start, end)
    a, b, year = _q(pair[0]), _q(pair[1]), '"year"'
    # an obligation is 0 or 1; an empty one sets bit 64 (a reason to leave the row out), any
    # other value bit 32, which fails the import and names the rows
    bits = " + ".join(
        f"CASE {_q(c)} WHEN 1 THEN {1 << (4 - i)} WHEN 0 THEN 0 ELSE "
        f"CASE WHEN {_q(c)} IS NULL THEN 64 ELSE 32 END END"
        for i, (_, _, c) in enumerate(obligations)
    )
    reasons = _common_reasons("cow", year=True)
    reasons += [
        ("obligations >= 64", "an obligation column is empty"),
        ("obligations = 0", "no obligation"),
    ]
    plan = _Plan(
        importer="atop",
        path=target,
        columns=columns,
        actor=a,
        target=b,
        checks=(
            (pair[0], "cow"),
            (pair[1], "cow"),
            ("year", "whole"),
            *((c, "flag") for _, _, c in obligations),
        ),
        reasons=tuple(reasons),
        year=year,
        values=(("obligations", bits),),
        first=first,
        last=last,
        integral=("a", "b"),
        bad='("obligations" & 32) <> 0',
    )
    label = (
        "concat_ws(', ', "
        + ", ".join(
            f"CASE WHEN (obligations & {1 << (4 - i)}) <> 0 THEN '{name}' END"
            for i, (name, _, _) in enumerate(obligations)
        )
        + ")"
    )
    valence = (
        "CASE "
        + " ".join(
            f"WHEN (obligations & {1 << (4 - i)}) <> 0 THEN {value}"
            for i, (_, value, _) in enumerate(obligations)
        )
        + " END"
    )
    flags = ", ".join(  # attrs use ATOP's own names, whichever naming the file has
        f"{_lit(ob[3])}, (obligations & {1 << (4 - i)}) <> 0"
        for i, ob in enumerate(ATOP_OBLIGATIONS)
    )
    stances = _Stances(
        prefix="atop",
        kind="'alliance'",
        valence=valence,
        modality="'actual'",
        label=label,
        head=f"json_object('source_format', 'atop', {flags})",
    )
    # which of the two namings the file uses: ATOP's own release, or peacesciencer's
    naming = (
        "ATOP release (stateA, stateB, defense, ...)"
        if release
        else "peacesciencer (ccode1, ccode2, atop_defense, ...)"
    )
    options = {"from": first, "to": last, "column_names": naming}
    return _run(plan, stances, options, title)


def read_cow_mid(
    path: str | os.PathLike[str],
    *,
    start: int | str | None = None,
    end: int | str | None = None,
    title: str | None = None,
) -> DyadicImport:
    """Read COW-MID's directed dispute-year file into conflict stances.

    For each dispute and directed pair, a run of consecutive years at the same hostility level
    of the first state (``hostlev1``) is one stance: id ``mid-DISPNUM-A-B-Y1``, ``kind:
    conflict``, valence ``-hostlev1 / 5``, ``modality: threatened`` at level 2 (a threat to
    use force) and ``actual`` otherwise. Level 1 (no militarized action by that state) is
    kept, and its label says so. ``attrs`` hold ``dispnum``, ``hostlev1`` and ``hostlev2``
    (the highest level of the second state over the run's years).

    Parameters
    ----------
    path : str or os.PathLike
        A CSV (or Parquet) file with at least ``dispnum, ccode1, ccode2, year, hostlev1,
        hostlev2``.
    start, end, title
        As for :func:`read_atop`.

    Returns
    -------
    DyadicImport
        The stances, the states, the rows left out by reason, and the provenance.

    Raises
    ------
    LoadError
        As for :func:`read_atop`.
    QueryError
        When ``start`` or ``end`` is not a year.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mid.csv"
    >>> _ = path.write_text("dispnum,ccode1,ccode2,year,hostlev1,hostlev2\\n"
    ...                     "2,2,200,1902,3,1\\n2,2,200,1903,3,1\\n2,200,2,1902,1,3\\n")
    >>> rows = read_cow_mid(path).stances.to_pylist()
    >>> [(r["id"], r["valence"], r["label"]) for r in rows]
    [('mid-2-USA-GBR-1902', -0.6, 'MID 2: display of force'), ('mid-2-GBR-USA-1902', -0.2, 'MID 2: no militarized action')]
    """  # noqa: E501
    target = Path(path)
    con = _connect()
    columns = _columns(con, target)
    con.close()
    wanted = ("dispnum", "ccode1", "ccode2", "year", "hostlev1", "hostlev2")
    _require(target, columns, [("COW-MID", c) for c in wanted])
    first, last = _window(start, end)
    reasons = _common_reasons("cow", year=True)
    reasons += [
        ("dispnum IS NULL", "no dispute number"),
        ("hostlev1 IS NULL", "no hostlev1"),
        ("hostlev1 NOT IN (1, 2, 3, 4, 5)", "hostlev1 not 1 to 5"),
    ]
    plan = _Plan(
        importer="cow-mid",
        path=target,
        columns=columns,
        actor="ccode1",
        target="ccode2",
        checks=(
            ("dispnum", "whole"),
            ("ccode1", "cow"),
            ("ccode2", "cow"),
            ("year", "whole"),
            ("hostlev1", "whole"),
            ("hostlev2", "whole"),
        ),
        reasons=tuple(reasons),
        year='"year"',
        part=(("dispnum", "dispnum"),),
        values=(("hostlev1", "hostlev1"),),
        extra=(("hostlev2", "hostlev2"),),
        integral=("a", "b", "dispnum", "hostlev1", "hostlev2"),
        first=first,
        last=last,
    )
    levels = "CASE hostlev1 " + " ".join(
        f"WHEN {level} THEN {_lit(name)}" for level, name in HOSTILITY_LEVELS.items()
    )
    stances = _Stances(
        prefix="mid",
        id_columns=("dispnum",),
        kind="'conflict'",
        valence="-hostlev1 / 5.0",
        modality="CASE WHEN hostlev1 = 2 THEN 'threatened' ELSE 'actual' END",
        label=f"'MID ' || CAST(dispnum AS VARCHAR) || ': ' || {levels} END",
        head="json_object('source_format', 'cow-mid', 'dispnum', dispnum, 'hostlev1', hostlev1)",
        tail=(("hostlev2", "hostlev2"),),
    )
    return _run(plan, stances, {"from": first, "to": last}, title)


def read_dyadic(
    path: str | os.PathLike[str],
    *,
    actor_col: str,
    target_col: str,
    year_col: str | None = None,
    start_col: str | None = None,
    end_col: str | None = None,
    kind: str = "other",
    valence: float | None = None,
    valence_col: str | None = None,
    modality: str = "actual",
    mutual: bool = False,
    label: str | None = None,
    codes: str = "cow",
    start: int | str | None = None,
    end: int | str | None = None,
    title: str | None = None,
) -> DyadicImport:
    """Read any dyad-year or spell table into stances.

    With ``year_col``, rows are pair-years and a maximal run of consecutive years with the
    same valence becomes one stance (as :func:`read_atop` does); with ``start_col`` and
    ``end_col``, every distinct row is one stance already (years or any partial date of the
    file format). Ids are ``dy-A-B-START``, with ``-2``, ``-3``... when one pair has two
    stances starting together.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV (or Parquet) file with a header.
    actor_col, target_col : str
        The columns of the two sides (COW numbers, or ids with ``codes="none"``).
    year_col : str, optional
        The year of a pair-year row.
    start_col, end_col : str, optional
        The first and last year or date of a spell row (instead of ``year_col``).
    kind : str, default "other"
        The stances' kind.
    valence : float, optional
        One valence for every stance (-1..1) ...
    valence_col : str, optional
        ... or a column already in -1..1; a change of value starts a new stance.
    modality : str, default "actual"
        actual, considered or threatened.
    mutual : bool, default False
        The pair holds both ways: rows A->B and B->A of the same spell become one stance.
    label : str, optional
        One label for every stance.
    codes : {"cow", "none"}, default "cow"
        ``cow``: the side columns hold COW numbers (``2`` or ``2.0``), read through the state
        crosswalk; ``none``: they hold actor ids, kept as written.
    start, end : int or str, optional
        The first and last year kept (inclusive): pair-years outside are counted and left
        out; a spell is kept when it overlaps these years (and is kept whole).
    title : str, optional
        The dataset's title.

    Returns
    -------
    DyadicImport

    Raises
    ------
    QueryError
        When the options do not fit together (both or neither of a year and spell columns,
        a valence outside -1..1, an unknown kind, modality or code scheme).
    LoadError
        When the file cannot be read, lacks a named column, or holds a value that is not a
        number where one is expected (every such row is named).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "rivals.csv"
    >>> _ = path.write_text("a,b,year\\n2,365,1947\\n2,365,1948\\n365,2,1947\\n365,2,1948\\n")
    >>> result = read_dyadic(path, actor_col="a", target_col="b", year_col="year",
    ...                      kind="conflict", valence=-0.5, mutual=True, label="rivalry")
    >>> result.stances.select(["id", "actor", "target", "mutual", "start", "end"]).to_pylist()
    [{'id': 'dy-USA-RUS-1947', 'actor': ['USA'], 'target': ['RUS'], 'mutual': True, 'start': '1947', 'end': '1948'}]
    """  # noqa: E501
    from relgraph.model import MODALITIES, STANCE_KINDS

    problems = []
    if (year_col is None) == (start_col is None and end_col is None):
        problems.append("give either --year-col or both --start-col and --end-col")
    elif year_col is None and (start_col is None or end_col is None):
        problems.append("--start-col and --end-col go together")
    if valence is not None and valence_col is not None:
        problems.append("give --valence or --valence-col, not both")
    if valence is None and valence_col is None:
        problems.append("give --valence NUMBER or --valence-col COLUMN")
    if valence is not None and not -1.0 <= valence <= 1.0:
        problems.append(f"--valence must be between -1 and 1 (got {valence})")
    if kind not in STANCE_KINDS:
        problems.append(f"--kind must be one of {', '.join(STANCE_KINDS)} (got {kind!r})")
    if modality not in MODALITIES:
        problems.append(f"--modality must be one of {', '.join(MODALITIES)} (got {modality!r})")
    if codes not in ("cow", "none"):
        problems.append(f"--codes must be cow or none (got {codes!r})")
    if problems:
        raise QueryError("; ".join(problems))
    first, last = _window(start, end)
    target = Path(path)
    con = _connect()
    columns = _columns(con, target)
    con.close()
    _require(
        target,
        columns,
        [
            ("--actor-col", actor_col),
            ("--target-col", target_col),
            ("--year-col", year_col),
            ("--start-col", start_col),
            ("--end-col", end_col),
            ("--valence-col", valence_col),
        ],
    )
    cow = codes == "cow"
    a_raw, b_raw = _q(actor_col), _q(target_col)
    a = a_raw if cow else f"CAST({a_raw} AS VARCHAR)"
    b = b_raw if cow else f"CAST({b_raw} AS VARCHAR)"
    checks: list[tuple[str, str]] = []
    if cow:
        checks += [(actor_col, "cow"), (target_col, "cow")]
    year = _q(year_col) if year_col is not None else None
    if year_col is not None:
        checks.append((year_col, "whole"))
    if valence_col is not None:
        checks.append((valence_col, "number"))
    reasons = _common_reasons(codes, year=year is not None)
    values: tuple[tuple[str, str], ...] = ()
    if valence_col is not None:
        v = _q(valence_col)
        reasons.append(("valence IS NULL", "no valence"))
        reasons.append(("valence < -1 OR valence > 1", "valence outside -1..1"))
        values = (("valence", f"CAST({v} AS DOUBLE)"),)
    s = e = None
    if start_col is not None and end_col is not None:
        s, e = _date_text(_q(start_col)), _date_text(_q(end_col))
        pattern = _lit(_DATE_SQL)  # the reasons below are on the spell's s and e
        bad_start = f"NOT regexp_full_match(s, {pattern}) OR {_date_first('s')} IS NULL"
        bad_end = f"NOT regexp_full_match(e, {pattern}) OR {_date_last('e')} IS NULL"
        reasons += [
            ("s IS NULL", "no start"),
            (
                f"{bad_start} OR (e IS NOT NULL AND ({bad_end}))",
                "start or end not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
            ),
            (f"e IS NOT NULL AND {_date_last('e')} < {_date_first('s')}", "end before start"),
        ]
        if first is not None:
            reasons.append((f"e IS NOT NULL AND {_year_of('e')} < {first}", "before --from"))
        if last is not None:
            reasons.append((f"{_year_of('s')} > {last}", "after --to"))
    plan = _Plan(
        importer="dyadic",
        path=target,
        columns=columns,
        actor=a,
        target=b,
        checks=tuple(checks),
        reasons=tuple(reasons),
        year=year,
        start=s,
        end=e,
        values=values,
        mutual=mutual,
        codes=codes,
        first=first,
        last=last,
        integral=("a", "b") if cow else (),
    )
    stances = _Stances(
        prefix="dy",
        kind=_lit(kind),
        valence="valence" if valence_col is not None else repr(float(valence or 0.0)),
        modality=_lit(modality),
        label="NULL" if label is None else _lit(label),
        head="json_object('source_format', 'dyadic')",
    )
    options = {
        "actor_col": actor_col,
        "target_col": target_col,
        "year_col": year_col,
        "start_col": start_col,
        "end_col": end_col,
        "kind": kind,
        "valence": valence,
        "valence_col": valence_col,
        "modality": modality,
        "mutual": mutual,
        "label": label,
        "codes": codes,
        "from": first,
        "to": last,
    }
    return _run(plan, stances, options, title)


def _date_text(column: str) -> str:
    """A start or end as date text: a number such as ``1990`` or ``1990.0`` is its year."""
    text = f"trim(CAST({column} AS VARCHAR))"
    return (
        f"CASE WHEN regexp_full_match({text}, '^[0-9]{{1,4}}(\\.0*)?$') "
        f"THEN lpad(regexp_extract({text}, '^[0-9]+'), 4, '0') ELSE {text} END"
    )


def _year_of(text: str) -> str:
    return f"TRY_CAST(substr({text}, 1, 4) AS INTEGER)"


def _date_first(text: str) -> str:
    core = f"regexp_replace({text}, '[~?%]$', '')"
    return (
        f"TRY_CAST(CASE length({core}) WHEN 4 THEN {core} || '-01-01' "
        f"WHEN 7 THEN {core} || '-01' ELSE {core} END AS DATE)"
    )


def _date_last(text: str) -> str:
    core = f"regexp_replace({text}, '[~?%]$', '')"
    return (
        f"TRY_CAST(CASE length({core}) WHEN 4 THEN {core} || '-12-31' "
        f"WHEN 7 THEN CAST(last_day(TRY_CAST({core} || '-01' AS DATE)) AS VARCHAR) "
        f"ELSE {core} END AS DATE)"
    )


def provenance_json(result: DyadicImport) -> str:
    """The provenance as indented JSON text (for messages and tests)."""
    return json.dumps(result.provenance, indent=2, sort_keys=True)
