"""``read_events``: event files in, the columnar relations of their stances out (DuckDB)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from relgraph.dates import parse_period
from relgraph.errors import LoadError, Problem, QueryError
from relgraph.events import read as _read
from relgraph.events import rule as _rule

if TYPE_CHECKING:
    import duckdb
    import ibis.expr.types as ir
    import pyarrow as pa

    from relgraph.dataset import Dataset

__all__ = ["SOURCES", "EXAMPLES", "ImportReport", "read_events"]

SOURCES = ("gdelt", "icews", "polecat", "plover")
#: how many event ids (or file:line) each reason of the report names
EXAMPLES = 5
_FORMAT_NAMES = {"gdelt": "GDELT", "icews": "ICEWS", "polecat": "POLECAT", "plover": "PLOVER"}


@dataclass
class ImportReport:
    """What an import read, made and left out (also stored in the dataset's provenance).

    ``left_out`` maps each reason to ``{"count": N, "examples": [...]}``: event ids, or
    ``FILE:LINE`` for lines that are not records; ``unknown_codes`` counts the events whose
    actor or target code is not a state of the crosswalk (kept, as ``kind: other``).
    """

    source: str
    inputs: list[dict[str, str]]
    options: dict[str, Any]
    engine: str
    events_read: int = 0
    events_used: int = 0
    stances: int = 0
    actors: int = 0
    left_out: dict[str, dict[str, Any]] = field(default_factory=dict)
    unknown_codes: dict[str, Any] = field(default_factory=dict)
    non_code_entries: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (the dataset's provenance)."""
        record: dict[str, Any] = {
            "importer": f"relgraph import {self.source}",
            "inputs": self.inputs,
            "options": self.options,
            "engine": self.engine,
            "events_read": self.events_read,
            "events_used": self.events_used,
            "stances": self.stances,
            "actors": self.actors,
            "left_out": self.left_out,
            "unknown_codes": self.unknown_codes,
        }
        if self.non_code_entries is not None:
            record["non_code_entries"] = self.non_code_entries
        return record

    def lines(self) -> list[str]:
        """The report as lines for a terminal (the command prints them on stderr)."""
        out = [
            f"read {self.events_read:,} events from {len(self.inputs)} file(s); "
            f"{self.events_used:,} became {self.stances:,} stances between "
            f"{self.actors:,} actors"
        ]
        for reason, entry in self.left_out.items():
            examples = ", ".join(entry["examples"])
            out.append(
                f"left out {entry['count']:,}: {reason}"
                + (f" (e.g. {examples})" if examples else "")
            )
        if self.unknown_codes.get("events"):
            codes = ", ".join(self.unknown_codes["codes"])
            out.append(
                f"kept as kind other: {self.unknown_codes['events']:,} events with a code that "
                f"is not a state ({codes})"
            )
        if self.non_code_entries and self.non_code_entries["count"]:
            entry = self.non_code_entries
            out.append(
                f"ignored {entry['count']:,} empty or non-code actor/recipient entries "
                f"(e.g. records {', '.join(entry['examples'])})"
            )
        return out


def _day(value: dt.date | str | None, what: str) -> dt.date | None:
    if value is None:
        return None
    first, last = parse_period(value, what=what)
    return first if what == "--from" else last


def read_events(
    paths: list[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    source: str,
    period: str = "month",
    measure: str | None = None,
    min_events: int = 1,
    root_only: bool = False,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    actors: str = "country",
    quad_scheme: str = "gdelt",
    title: str | None = None,
    memory_limit: str | None = None,
) -> tuple[Dataset, ImportReport]:
    """Read event files and aggregate them into stances, one per (actor, target, period).

    The rule (README "From event data"): an event counts when actor and target are present
    and differ, its day is real and within ``start..end``; valence is the mean score / 10
    (``goldstein``) or (q1 + q2 - q3 - q4) / n (``netcoop``); kind from the most frequent
    root code or category; ids ``ev-ACTOR-TARGET-PERIOD``. Every row left out is counted by
    reason in the report.

    Parameters
    ----------
    paths : path or list of paths
        Event files (globs allowed): GDELT 1.0/2.0 tab-separated (``.CSV``, ``.tsv``,
        ``.gz``, ``.zip``) or Parquet with GDELT's column names; ICEWS ``.tab``; POLECAT
        tab-separated with its header; PLOVER JSON or JSONL.
    source : {"gdelt", "icews", "polecat", "plover"}
    period : {"day", "week", "month", "quarter", "year"}
        The calendar period of a stance (not a series' ``step``).
    measure : {"goldstein", "netcoop"}, optional
        Default ``goldstein``; ``netcoop`` for PLOVER, which has no score.
    min_events : int
        Stances need at least this many events (fewer: counted as "below --min-events").
    root_only : bool
        GDELT: keep only events with IsRootEvent = 1.
    start, end : date or str, optional
        Keep events on these days (inclusive; a partial date is its first/last day); the
        periods stay whole.
    actors : {"country", "code"}
        GDELT: actors by country code (default) or by full CAMEO actor code.
    quad_scheme : {"gdelt", "icews"}
        Quad classes from CAMEO roots when the source has none.
    title : str, optional
        The dataset's title.
    memory_limit : str, optional
        DuckDB's memory limit (e.g. ``"3GB"``); past it DuckDB spills to disk.

    Returns
    -------
    (Dataset, ImportReport)

    Raises
    ------
    LoadError
        When a file cannot be read or is not what its name says (``FILE: message``).
    QueryError
        When an option is not valid or does not fit the source.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "events.jsonl"
    >>> _ = path.write_text(
    ...     '{"id": "e1", "date": "2024-05-14", "event": "AGREE",'
    ...     ' "actor": ["EGY"], "recipient": ["ISR"]}\\n'
    ...     '{"id": "e2", "date": "2024-05-20", "event": "ACCUSE",'
    ...     ' "actor": "EGY", "recipient": "EGY"}\\n')
    >>> dataset, report = read_events([path], source="plover")
    >>> dataset.stances.select(["id", "kind", "valence", "start"]).to_pylist()
    [{'id': 'ev-EGY-ISR-2024-05', 'kind': 'diplomatic', 'valence': 1.0, 'start': '2024-05'}]
    >>> report.left_out["actor equals target"]
    {'count': 1, 'examples': ['e2']}
    """
    import duckdb
    import ibis

    options, opts = _options(
        source=source,
        period=period,
        measure=measure,
        min_events=min_events,
        root_only=root_only,
        start=start,
        end=end,
        actors=actors,
        quad_scheme=quad_scheme,
    )
    given = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    if not given:
        raise QueryError("no input file given")
    inputs = _read.expand_inputs(given)
    con = duckdb.connect()
    spill = tempfile.mkdtemp(prefix="relgraph-duckdb-")
    try:
        # past the memory limit DuckDB spills here, not into the working directory
        con.execute(f"SET temp_directory = '{spill}'")
        if memory_limit is not None:
            con.execute(f"SET memory_limit = '{memory_limit}'")
        try:
            formats = _load(con, inputs, source, actors)
        except duckdb.Error as error:
            raise LoadError(
                [Problem(", ".join(inputs.given), 0, 0, "", _duck_message(error))]
            ) from None
        non_code = formats.pop("non_code", None)
        opts = _with_dedupe(opts, len(inputs.readable) > 1)
        backend = ibis.duckdb.from_connection(con)
        con.register("_codes", _codes(source, actors))
        events = backend.table("events")
        codes = backend.table("_codes")
        # materialised once each: the ids of the few distinct codes, then the classified
        # events that the grouped scan and the URL ranking both read
        ids = backend.create_table("_ids", _rule.code_ids(events, codes), temp=True)
        classified = backend.create_table(
            "_classified", _rule.classify(events, ids, opts), temp=True
        )
        fine = backend.create_table("_fine", _rule.fine_groups(classified), temp=True)
        stances = _rule.stance_groups(fine, opts).to_pyarrow()
        urls = _rule.top_urls(classified, opts).to_pyarrow() if source == "gdelt" else None
        report = ImportReport(
            source=source,
            inputs=[
                {
                    "path": name,
                    "sha256": _read.sha256(name),
                    "format": _formats_of(name, inputs, formats),
                }
                for name in inputs.given
            ],
            options=options,
            engine=f"duckdb {duckdb.__version__} via ibis {ibis.__version__}",
        )
        _count(report, con, codes, classified, fine, opts, inputs, formats)
        fmt = (
            "+".join(sorted({f for f in formats.values() if f != "empty"}))
            or _FORMAT_NAMES[source]
        )
        _raw_names(con, source)
        dataset = _assemble(con, stances, urls, opts, fmt, title, report)
        if non_code is not None:
            report.non_code_entries = non_code
        report.stances = dataset.stances.num_rows
        report.actors = dataset.actors.num_rows
        provenance = _read.json_safe(report.as_dict())
        from relgraph.dataset import Dataset

        dataset = Dataset(
            dataset.actors, dataset.stances, dataset.sources, title, provenance, None
        )
        return dataset, report
    finally:
        con.close()
        inputs.close()
        shutil.rmtree(spill, ignore_errors=True)


def _formats_of(name: str, inputs: _read.Inputs, formats: dict[str, Any]) -> str:
    found = {
        formats.get(os.fspath(path), "")
        for path, origin in zip(inputs.readable, inputs.origin, strict=True)
        if origin == name
    }
    return "+".join(sorted(found - {""}))


def _duck_message(error: Exception) -> str:
    return str(error).strip().splitlines()[0]


def _with_dedupe(opts: _rule.Options, dedupe: bool) -> _rule.Options:
    from dataclasses import replace

    return replace(opts, dedupe=dedupe)


RULE_DEFAULTS: dict[str, Any] = {
    "period": "month",
    "measure": None,
    "min_events": 1,
    "root_only": False,
    "start": None,
    "end": None,
    "actors": "country",
    "quad_scheme": "gdelt",
}
"""The aggregation options of :func:`read_events` and their defaults; the Spark and BigQuery
engines take the same."""


def rule_options(source: str, given: Mapping[str, Any]) -> tuple[dict[str, Any], _rule.Options]:
    """The options of one import (an engine's ``**options``) with their defaults, checked."""
    unknown = sorted(set(given) - set(RULE_DEFAULTS))
    if unknown:
        raise QueryError(f"unknown option {unknown[0]!r}: use {', '.join(RULE_DEFAULTS)}")
    return _options(source=source, **{**RULE_DEFAULTS, **given})


def _options(**given: Any) -> tuple[dict[str, Any], _rule.Options]:
    source = given["source"]
    if source not in SOURCES:
        raise QueryError(f"unknown event source {source!r}: use one of {', '.join(SOURCES)}")
    period = given["period"]
    if period not in _rule.PERIODS:
        raise QueryError(f"--period must be one of {', '.join(_rule.PERIODS)} (got {period!r})")
    measure = given["measure"] or ("netcoop" if source == "plover" else "goldstein")
    if measure not in ("goldstein", "netcoop"):
        raise QueryError(f"--measure must be goldstein or netcoop (got {measure!r})")
    if source == "plover" and measure == "goldstein":
        raise QueryError("PLOVER has no score: use --measure netcoop")
    if given["quad_scheme"] not in _rule.QUAD_SCHEMES:
        raise QueryError(f"--quad-scheme must be gdelt or icews (got {given['quad_scheme']!r})")
    if given["actors"] not in ("country", "code"):
        raise QueryError(f"--actors must be country or code (got {given['actors']!r})")
    if source != "gdelt" and given["actors"] != "country":
        raise QueryError("--actors code is for GDELT, which has both country and actor codes")
    if source != "gdelt" and given["root_only"]:
        raise QueryError("--root-only is for GDELT, which marks root events")
    min_events = given["min_events"]
    if not isinstance(min_events, int) or isinstance(min_events, bool) or min_events < 1:
        raise QueryError(f"--min-events must be a whole number of at least 1 (got {min_events!r})")
    start = _day(given["start"], "--from")
    end = _day(given["end"], "--to")
    if start is not None and end is not None and end < start:
        raise QueryError(f"--to {end} is before --from {start}")
    record = {
        "source": source,
        "period": period,
        "measure": measure,
        "min_events": min_events,
        "root_only": given["root_only"],
        "from": None if start is None else start.isoformat(),
        "to": None if end is None else end.isoformat(),
        "actors": given["actors"],
        "quad_scheme": given["quad_scheme"],
    }
    opts = _rule.Options(
        period=period,
        measure=measure,
        min_events=min_events,
        root_only=bool(given["root_only"]),
        start=start,
        end=end,
        quad_scheme=given["quad_scheme"],
        codes="plover" if source in ("plover", "polecat") else "cameo",
    )
    return record, opts


def _load(
    con: duckdb.DuckDBPyConnection, inputs: _read.Inputs, source: str, actors: str
) -> dict[str, Any]:
    if source == "gdelt":
        return _read.load_gdelt(con, inputs, actors=actors)
    if source == "icews":
        return _read.load_icews(con, inputs)
    if source == "polecat":
        return _read.load_polecat(con, inputs)
    return _read.load_plover(con, inputs)


def _codes(source: str, actors: str) -> pa.Table:
    """code -> state id for the source's kind of actor code (first column wins)."""
    import pyarrow as pa

    from relgraph.events.states import crosswalk

    columns = {
        "gdelt": ["cameo"],
        "icews": ["icews_name"],
        "polecat": ["iso3", "cameo"],
        "plover": ["iso3", "cameo"],
    }[source]
    table = crosswalk()
    mapping: dict[str, str] = {}
    for column in columns:
        for code, state in zip(
            table.column(column).to_pylist(), table.column("id").to_pylist(), strict=True
        ):
            if code is not None:
                mapping.setdefault(code, state)
    return pa.table({"code": list(mapping), "state": list(mapping.values())})


def _count(
    report: ImportReport,
    con: duckdb.DuckDBPyConnection | None,
    codes: ir.Table,
    classified: ir.Table,
    fine: ir.Table,
    opts: _rule.Options,
    inputs: _read.Inputs,
    formats: dict[str, Any],
) -> None:
    rows = _rule.reason_counts(fine).to_pyarrow().to_pylist()
    reasons = {row["reason"]: row for row in rows}
    if reasons:
        for row in _rule.reason_examples(classified).to_pyarrow().to_pylist():
            reasons[row["reason"]].update(row)
    totals = fine.aggregate(n=fine.n.sum()).to_pyarrow().column("n")[0].as_py() or 0
    report.events_read = int(totals)
    left: dict[str, dict[str, Any]] = {}
    for reason in _rule.REASONS:
        if reason in reasons:
            row = reasons[reason]
            left[reason] = {
                "count": int(row["n"]),
                "examples": _examples(con, row, reason, inputs, formats),
            }
    below = _rule.below_min_events(fine, opts)
    summary = below.aggregate(groups=below.count(), n=below.n.sum()).to_pyarrow().to_pylist()[0]
    if summary["groups"]:
        first = below.order_by(["actor", "target", "period"]).limit(EXAMPLES).to_pyarrow()
        left["below --min-events"] = {
            "count": int(summary["n"]),
            "stances": int(summary["groups"]),
            "examples": [
                f"{a}>{t} {p.isoformat()}"
                for a, t, p in zip(
                    first.column("actor").to_pylist(),
                    first.column("target").to_pylist(),
                    first.column("period").to_pylist(),
                    strict=True,
                )
            ],
        }
    report.left_out = left
    report.events_used = report.events_read - sum(int(v["count"]) for v in left.values())
    used = fine.filter(fine.reason.isnull())
    states = codes.state
    unknown_parts = []
    for side in ("actor", "target"):
        part = used.filter(~used[side].isin(states))
        unknown_parts.append(part.select(code=part[side], n=part.n))
    unknown = unknown_parts[0].union(unknown_parts[1])
    rows = unknown.group_by("code").aggregate(n=unknown.n.sum()).to_pyarrow().to_pylist()
    rows.sort(key=lambda r: (-int(r["n"]), r["code"]))
    events_unknown = used.filter(~used.actor.isin(states) | ~used.target.isin(states))
    count = events_unknown.aggregate(n=events_unknown.n.sum()).to_pyarrow().column("n")[0].as_py()
    report.unknown_codes = {
        "events": int(count or 0),
        "codes": {r["code"]: int(r["n"]) for r in rows[:20]},
    }


def _examples(
    con: duckdb.DuckDBPyConnection | None,
    row: dict[str, Any],
    reason: str,
    inputs: _read.Inputs,
    formats: dict[str, Any],
) -> list[str]:
    """The least and greatest event id of a reason; for malformed lines, their places."""
    if reason not in ("short line", "long line"):
        return list(dict.fromkeys(str(row[k]) for k in ("first_id", "last_id") if row[k]))
    out: list[str] = []
    for key in ("first_at", "last_at"):
        if row[key] is not None:
            index, line = divmod(int(row[key]), 1_000_000_000_000)
            out.append(f"{inputs.origin[index]}:{line}")
    if reason == "short line" and not out and con is not None:
        # short lines padded by the reader have no line number: find the first few
        files = con.execute(
            "SELECT DISTINCT file_index FROM _classified WHERE reason = 'short line' "
            "ORDER BY 1 LIMIT 5"
        ).fetchall()
        for (index,) in files:
            path = inputs.readable[index]
            least = 61 if formats.get(os.fspath(path)) == "GDELT 2.0" else 57
            ids = [str(row[k]) for k in ("first_id", "last_id") if row[k]]
            found = _read.short_line_numbers(con, path, least, ids, EXAMPLES)
            out.extend(f"{inputs.origin[index]}:{n}" for n in found)
    return list(dict.fromkeys(out))[:EXAMPLES]


def _raw_names(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """``_names``: the codes as the source wrote them, for actors whose id had to be cleaned
    (ICEWS names countries in words: "Hong Kong" becomes the id ``Hong_Kong``)."""
    if source != "icews":
        con.execute("CREATE OR REPLACE TEMP TABLE _names (id VARCHAR, raw VARCHAR)")
        return
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _names AS
        SELECT regexp_replace(trim(c), '[^A-Za-z0-9_.:-]', '_', 'g') AS id, trim(c) AS raw
        FROM (SELECT actor_code AS c FROM events UNION SELECT target_code FROM events)
        WHERE c IS NOT NULL AND regexp_matches(trim(c), '[^A-Za-z0-9_.:-]')
        """
    )


def _assemble(
    con: duckdb.DuckDBPyConnection,
    groups: pa.Table,
    urls: pa.Table | None,
    opts: _rule.Options,
    fmt: str,
    title: str | None,
    report: ImportReport,
) -> Dataset:
    """Stances, actors and sources tables from the aggregated groups (vectorised in DuckDB)."""
    import json

    import pyarrow as pa

    from relgraph.dataset import Dataset, conform_table

    kinds = _rule.PLOVER_KINDS if opts.codes == "plover" else _rule.CAMEO_KINDS
    kind_case = " ".join(f"WHEN '{code}' THEN '{kind}'" for code, kind in kinds.items())
    con.register("_groups", groups)
    if urls is None:
        urls = pa.table(
            {
                "actor": pa.array([], pa.string()),
                "target": pa.array([], pa.string()),
                "period": pa.array([], pa.date32()),
                "url1": pa.array([], pa.string()),
                "url2": pa.array([], pa.string()),
                "url3": pa.array([], pa.string()),
            }
        )
    con.register("_urls", urls)
    label = {
        "day": "strftime(period, '%Y-%m-%d')",
        "week": "strftime(period, '%G-W%V')",
        "month": "strftime(period, '%Y-%m')",
        "quarter": "strftime(period, '%Y') || '-Q' || quarter(period)",
        "year": "strftime(period, '%Y')",
    }[opts.period]
    start, end = {
        "day": ("strftime(period, '%Y-%m-%d')",) * 2,
        "week": (
            "strftime(period, '%Y-%m-%d')",
            "strftime(period + INTERVAL 6 DAY, '%Y-%m-%d')",
        ),
        "month": ("strftime(period, '%Y-%m')",) * 2,
        "quarter": (
            "strftime(period, '%Y-%m-%d')",
            "strftime(period + INTERVAL 3 MONTH - INTERVAL 1 DAY, '%Y-%m-%d')",
        ),
        "year": ("strftime(period, '%Y')",) * 2,
    }[opts.period]
    fixed = json.dumps({"measure": opts.measure, "quad_scheme": opts.quad_scheme,
                        "source_format": fmt})[1:-1]  # fmt: skip
    stances = con.execute(
        f"""
        WITH g AS (SELECT g.*, u.url1, u.url2, u.url3 FROM _groups g
                   LEFT JOIN _urls u USING (actor, target, period))
        SELECT 'ev-' || actor || '-' || target || '-' || {label} AS id,
               [actor] AS actor, [target] AS target,
               coalesce(CASE root {kind_case} END, 'other') AS kind,
               {events_label_sql("n")} AS label,
               valence, 'actual' AS modality, false AS mutual,
               {start} AS start, {end} AS "end", NULL::VARCHAR AS reported,
               NULL::DOUBLE AS confidence,
               {"root" if opts.codes == "cameo" else "NULL::VARCHAR"} AS cameo,
               {evidence_sql(("url1", "url2", "url3"))} AS evidence,
               {events_attrs_sql("n", fixed)} AS attrs
        FROM g ORDER BY actor, target, period
        """
    ).to_arrow_table()
    sources = con.execute(sources_sql(("url1", "url2", "url3"), "_urls")).to_arrow_table()
    actors = _actors_query(con, "SELECT actor AS id FROM _groups UNION SELECT target FROM _groups")
    return Dataset(
        actors=conform_table(actors, "actors"),
        stances=conform_table(stances, "stances"),
        sources=conform_table(sources, "sources") if sources.num_rows else None,
        title=title,
        provenance={},
    )


# -- the stance columns of an aggregate of events: this import and read_stances ------------

#: a source's id from its URL ``u``: the same URL is the same source in every import
_SOURCE_ID_SQL = "'url-' || left(sha256(u), 16)"


def events_label_sql(n: str) -> str:
    """SQL of the label of an aggregate of ``n`` events: ``1 event``, ``12 events``."""
    return f"{n} || CASE WHEN {n} = 1 THEN ' event' ELSE ' events' END"


def evidence_sql(urls: tuple[str, str, str]) -> str:
    """SQL of the evidence of up to three URL columns: one item a URL, citing its source."""
    listed = ", ".join(urls)
    return (
        f"CASE WHEN {urls[0]} IS NULL THEN NULL ELSE "
        f"list_transform(list_filter([{listed}], u -> u IS NOT NULL), "
        f"u -> {{'source': {_SOURCE_ID_SQL}, 'quote': NULL::VARCHAR, "
        "'attribution': NULL::VARCHAR}) END"
    )


def events_attrs_sql(n: str, fixed: str) -> str:
    """SQL of the attrs JSON: ``n`` events, the quad counts ``q1``-``q4``, the mean score when
    there is one, then ``fixed`` (JSON members without braces)."""
    return (
        f"""'{{"n_events": ' || {n} || ', "q1": ' || q1 || ', "q2": ' || q2 || """
        """', "q3": ' || q3 || ', "q4": ' || q4 || """
        """CASE WHEN score_mean IS NULL THEN '' """
        """ELSE ', "score_mean": ' || to_json(score_mean) END || """
        f"""', {fixed}}}'"""
    )


def sources_sql(urls: tuple[str, str, str], table: str) -> str:
    """SQL of the sources table: one source per distinct URL in ``urls`` of ``table``."""
    return (
        f"SELECT DISTINCT {_SOURCE_ID_SQL} AS id, u AS title, NULL::VARCHAR AS publisher, "
        f"NULL::VARCHAR AS published, u AS url "
        f"FROM (SELECT unnest([{', '.join(urls)}]) AS u FROM {table}) WHERE u IS NOT NULL "
        "ORDER BY id"
    )


def _actors_table(ids: list[str]) -> pa.Table:
    """The actors table of these ids (states named from the crosswalk, others by code)."""
    import duckdb
    import pyarrow as pa

    from relgraph.dataset import conform_table

    con = duckdb.connect()
    try:
        con.register("_ids", pa.table({"id": pa.array(ids, pa.string())}))
        con.execute("CREATE TEMP TABLE _names (id VARCHAR, raw VARCHAR)")
        return conform_table(_actors_query(con, "SELECT DISTINCT id FROM _ids"), "actors")
    finally:
        con.close()


def _actors_query(con: duckdb.DuckDBPyConnection, ids: str) -> pa.Table:
    from relgraph.events.states import crosswalk

    con.register("_states", crosswalk())
    return con.execute(
        f"""
        WITH ids AS ({ids})
        SELECT ids.id, coalesce(s.name, (SELECT min(n.raw) FROM _names n WHERE n.id = ids.id),
                                ids.id) AS name,
               CASE WHEN s.id IS NULL THEN 'other' ELSE 'state' END AS kind,
               NULL::VARCHAR[] AS aliases, NULL::VARCHAR AS affiliation,
               CASE WHEN s.id IS NULL THEN NULL ELSE map_from_entries(list_filter([
                   {{'key': 'iso3', 'value': s.iso3}},
                   {{'key': 'cow', 'value': s.cow::VARCHAR}},
                   {{'key': 'cameo', 'value': s.cameo}}], e -> e.value IS NOT NULL)) END AS codes,
               NULL::VARCHAR AS attrs
        FROM ids LEFT JOIN _states s ON s.id = ids.id
        ORDER BY ids.id
        """
    ).to_arrow_table()
