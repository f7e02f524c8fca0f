"""The columnar form of a relations file: a directory of Parquet tables.

A dataset directory holds ``dataset.json`` (``{"format": "relgraph-dataset", "version": 1,
"title": ..., "provenance": {...}}``), ``actors.parquet``, ``stances.parquet`` and, when there
are sources, ``sources.parquet``; each ``.parquet`` name may also be a directory of part files,
as Spark writes them. The columns carry the fields of the YAML format under the same names:

========================  =============================================================
column                    type
========================  =============================================================
ids, names, kinds,        string (dates are the text as written; a null stance ``id``
labels, dates, ``cameo``  means the key is derived, as in YAML)
``valence``,              double
``confidence``
``mutual``                bool
``actor``, ``target``,    list of string (a one-element list is a single id)
``aliases``
``codes``                 map of string to string
``attrs``                 JSON text of a mapping
``evidence``              list of struct (``source``, ``quote``, ``attribution``)
========================  =============================================================

The rules of the YAML format hold unchanged and are checked column by column (never one Python
object per row); a problem names the file, the row (1-based) and the column, with the wording
the YAML loader uses. A dataset is written whole or not at all: into a sibling temporary
directory, then renamed over the target.

pyarrow is imported inside the functions, so ``import relgraph`` stays light.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relgraph._version import __version__
from relgraph.dates import parse_date
from relgraph.errors import LoadError, OutputError, Problem, plural
from relgraph.load import messages as say
from relgraph.model import (
    ACTOR_KINDS,
    ID_PATTERN,
    MODALITIES,
    STANCE_KINDS,
    Suggester,
    affiliation_cycles,
    suggest,
)

if TYPE_CHECKING:
    import pyarrow as pa

    from relgraph.columnar import ColumnarRelations
    from relgraph.model import Relations

__all__ = [
    "FORMAT",
    "Dataset",
    "DatasetProblem",
    "dataset_from_relations",
    "dataset_to_relations",
    "dataset_to_yaml",
    "is_dataset",
    "read_dataset",
    "schemas",
    "validate_tables",
    "write_dataset",
]

FORMAT = "relgraph-dataset"
VERSION = 1
#: at most this many rows are named for one rule; the rest are counted in one more problem
MAX_ROWS_PER_RULE = 100


class DatasetProblem(Problem):
    """A problem in one row (1-based) and column of a dataset table; row 0: the whole file."""

    def __str__(self) -> str:
        where = f"{self.file}: row {self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass(frozen=True)
class Dataset:
    """Relations held as Arrow tables, as read from or written to a dataset directory.

    ``sources`` is None when the dataset has no sources; ``path`` is None when the dataset
    was built in memory. Rows stay in Arrow: use ``dataset.stances.to_pandas()`` or DuckDB for
    row-level work.
    """

    actors: pa.Table
    stances: pa.Table
    sources: pa.Table | None = None
    title: str | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    path: str | None = None


def schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of each table of a dataset (``actors``, ``stances``, ``sources``).

    Examples
    --------
    >>> schemas()["stances"].field("actor").type
    ListType(list<item: string>)
    """
    import pyarrow as pa

    text = pa.string()
    ids = pa.list_(pa.string())
    evidence = pa.list_(pa.struct([("source", text), ("quote", text), ("attribution", text)]))
    return {
        "actors": pa.schema(
            [
                ("id", text),
                ("name", text),
                ("kind", text),
                ("aliases", ids),
                ("affiliation", text),
                ("codes", pa.map_(text, text)),
                ("attrs", text),
            ]
        ),
        "stances": pa.schema(
            [
                ("id", text),
                ("actor", ids),
                ("target", ids),
                ("kind", text),
                ("label", text),
                ("valence", pa.float64()),
                ("modality", text),
                ("mutual", pa.bool_()),
                ("start", text),
                ("end", text),
                ("reported", text),
                ("confidence", pa.float64()),
                ("cameo", text),
                ("evidence", evidence),
                ("attrs", text),
                # the input a merged stance came from (relgraph merge); null otherwise
                ("relgraph_input", text),
            ]
        ),
        "sources": pa.schema(
            [
                ("id", text),
                ("title", text),
                ("publisher", text),
                ("published", text),
                ("url", text),
            ]
        ),
    }


_REQUIRED = {
    "actors": ("id", "name", "kind"),
    "stances": ("actor", "target", "kind", "valence", "start"),
    "sources": ("id", "title"),
}
_TYPE_WORDS = {
    "string": "text",
    "double": "a number",
    "bool": "true or false",
    "list<item: string>": "a list of text",
    "map<string, string>": "a map of text to text",
}


def is_dataset(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a dataset directory (it holds a ``dataset.json`` of this format).

    Examples
    --------
    >>> is_dataset("data/relations.yaml")
    False
    """
    marker = Path(path) / "dataset.json"
    try:
        with open(marker, encoding="utf-8") as handle:
            head = json.load(handle)
    except (OSError, ValueError):
        return False
    return isinstance(head, dict) and head.get("format") == FORMAT


# --- reading -------------------------------------------------------------------------------


def read_dataset(path: str | os.PathLike[str], *, validate: bool = True) -> Dataset:
    """Read and validate a dataset directory.

    Parameters
    ----------
    path : str or os.PathLike
        The directory.
    validate : bool
        Check the rules of the format (default); ``False`` only conforms the column types.

    Returns
    -------
    Dataset

    Raises
    ------
    LoadError
        When the directory is not a dataset, a table cannot be read or breaks the format;
        every problem names the file, the row (1-based) and the column.

    Examples
    --------
    >>> import pyarrow as pa, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "ds"
    >>> actors = pa.table({"id": ["EGY", "ISR"], "name": ["Egypt", "Israel"],
    ...                    "kind": ["state", "state"]})
    >>> stances = pa.table({"actor": [["EGY"]], "target": [["ISR"]], "kind": ["diplomatic"],
    ...                     "valence": [-0.5], "start": ["2024-05-14"]})
    >>> write_dataset(out, actors=actors, stances=stances, provenance={"by": "hand"})
    >>> ds = read_dataset(out)
    >>> ds.stances.num_rows, ds.provenance["by"]
    (1, 'hand')
    """
    import pyarrow.parquet as pq

    root = Path(path)
    name = os.fspath(path)
    marker = root / "dataset.json"

    def fail(message: str, file: str = name) -> LoadError:
        return LoadError([DatasetProblem(file, 0, 0, "", message)])

    if not root.is_dir():
        raise fail("not a dataset directory (no such directory)")
    try:
        head = json.loads(marker.read_text(encoding="utf-8"))
    except OSError as error:
        raise fail(
            f"not a dataset directory: cannot read dataset.json: {error.strerror or error}"
        ) from None
    except ValueError as error:
        raise fail(f"dataset.json is not JSON: {error}", os.fspath(marker)) from None
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise fail(f'dataset.json: "format" must be "{FORMAT}"', os.fspath(marker))
    if head.get("version", VERSION) != VERSION:
        raise fail(
            f"format version {head.get('version')!r} is not supported: "
            f"this relgraph {__version__} reads version {VERSION}",
            os.fspath(marker),
        )
    title = head.get("title")
    provenance = head.get("provenance") or {}
    tables: dict[str, pa.Table | None] = {}
    problems: list[Problem] = []
    for table_name in ("actors", "stances", "sources"):
        file = root / f"{table_name}.parquet"
        if not file.exists():
            if table_name != "sources":
                problems.append(
                    DatasetProblem(os.fspath(file), 0, 0, "", "missing: a dataset needs it")
                )
            tables[table_name] = None
            continue
        try:
            table = pq.read_table(file)
        except (OSError, ValueError) as error:
            problems.append(
                DatasetProblem(os.fspath(file), 0, 0, "", f"cannot read as Parquet: {error}")
            )
            continue
        conformed, found = _conform(table, table_name, os.fspath(file))
        tables[table_name] = conformed
        problems.extend(found)
    if problems:
        raise LoadError(problems)
    dataset = Dataset(
        actors=tables["actors"],
        stances=tables["stances"],
        sources=tables["sources"],
        title=title if isinstance(title, str) else None,
        provenance=provenance if isinstance(provenance, dict) else {},
        path=name,
    )
    if validate:
        found = validate_tables(dataset.actors, dataset.stances, dataset.sources, where=name)
        if found:
            raise LoadError(found)
    return dataset


def _conform(table: pa.Table, table_name: str, file: str) -> tuple[pa.Table | None, list[Problem]]:
    """The table with the columns of its schema, in order; absent optional columns as nulls."""
    import pyarrow as pa

    schema = schemas()[table_name]
    problems: list[Problem] = []
    for column in table.column_names:
        if column not in schema.names:
            hint = suggest(column, schema.names)
            allowed = "" if hint else f" (allowed: {', '.join(schema.names)})"
            problems.append(
                DatasetProblem(file, 0, 0, column, f"unknown field {column!r}{hint}{allowed}")
            )
    arrays = []
    for target in schema:
        if target.name not in table.column_names:
            if target.name in _REQUIRED[table_name]:
                problems.append(
                    DatasetProblem(file, 0, 0, target.name, "required field is missing")
                )
            arrays.append(pa.nulls(table.num_rows, target.type))
            continue
        column = table.column(target.name)
        if column.type == target.type:
            arrays.append(column)
            continue
        try:
            if pa.types.is_large_string(column.type) or pa.types.is_null(column.type):
                arrays.append(column.cast(target.type))
                continue
            if pa.types.is_floating(target.type) and (
                pa.types.is_integer(column.type) or pa.types.is_floating(column.type)
            ):
                arrays.append(column.cast(target.type))
                continue
            if (pa.types.is_list(column.type) or pa.types.is_large_list(column.type)) and (
                pa.types.is_list(target.type)
            ):
                arrays.append(column.cast(target.type))
                continue
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        expected = _TYPE_WORDS.get(str(target.type), str(target.type))
        problems.append(
            DatasetProblem(
                file, 0, 0, target.name, f"must be {expected} (got a column of {column.type})"
            )
        )
    if problems:
        return None, problems
    return pa.Table.from_arrays(arrays, schema=schema), []


# --- validation ----------------------------------------------------------------------------


class _Collector:
    """Problems by rule, each naming at most MAX_ROWS_PER_RULE rows."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def rows(
        self,
        table: str,
        column: str,
        mask: Any,
        message: Callable[[int], str],
    ) -> None:
        """One problem per row where ``mask`` is true (a boolean Arrow array)."""
        import pyarrow.compute as pc

        indices = pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()
        self.add(table, column, indices, message)

    def add(
        self,
        table: str,
        column: str,
        indices: list[int],
        message: str | Callable[[int], str],
        count: int = 1,
    ) -> None:
        file = os.path.join(self.root, f"{table}.parquet") if self.root else f"{table}.parquet"
        for index in indices[:MAX_ROWS_PER_RULE]:
            text = message if isinstance(message, str) else message(index)
            self.problems.append(DatasetProblem(file, index + 1, 0, column, text, count))
        if len(indices) > MAX_ROWS_PER_RULE:
            rest = len(indices) - MAX_ROWS_PER_RULE
            self.problems.append(
                DatasetProblem(
                    file,
                    indices[MAX_ROWS_PER_RULE] + 1,
                    0,
                    column,
                    f"... and {plural(rest, 'more row')} with this problem",
                    rest,
                )
            )


def _number(value: float) -> str:
    # as YAML shows what was written: 2, not 2.0
    return str(int(value)) if value.is_integer() else repr(value)


def validate_tables(
    actors: pa.Table,
    stances: pa.Table,
    sources: pa.Table | None = None,
    *,
    where: str = "",
) -> list[Problem]:
    """Check the rules of the format on conformed tables, column by column.

    Parameters
    ----------
    actors, stances, sources : pyarrow.Table
        Tables with the columns of :func:`schemas` (``sources`` may be None).
    where : str
        The dataset directory, to name files in problems.

    Returns
    -------
    list of Problem
        Every problem, each naming the file, the row (1-based) and the column; empty when the
        tables are valid.

    Examples
    --------
    >>> import pyarrow as pa
    >>> actors = pa.table({"id": ["EGY"], "name": ["Egypt"], "kind": ["state"]})
    >>> stances = pa.table({"actor": [["EGY"]], "target": [["ISR"]], "kind": ["diplomatic"],
    ...                     "valence": [1.5], "start": ["2024-05-14"]})
    >>> actors, stances = (conform_table(actors, "actors"), conform_table(stances, "stances"))
    >>> for problem in validate_tables(actors, stances, where="ds"):
    ...     print(problem)
    ds/stances.parquet: row 1: target: unknown actor 'ISR'
    ds/stances.parquet: row 1: valence: must be between -1 and 1 (got 1.5)
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    out = _Collector(where)
    actor_ids = actors.column("id").combine_chunks()
    source_ids = (
        sources.column("id").combine_chunks() if sources is not None else pa.array([], pa.string())
    )

    def required_text(table_name: str, table: pa.Table, column: str) -> None:
        values = table.column(column)
        out.rows(table_name, column, pc.is_null(values), lambda i: say.missing())
        out.rows(
            table_name,
            column,
            pc.equal(values, ""),
            lambda i: say.empty(""),
        )

    def optional_text(table_name: str, table: pa.Table, column: str) -> None:
        out.rows(
            table_name,
            column,
            pc.equal(table.column(column), ""),
            lambda i: say.empty(""),
        )

    def id_shape(table_name: str, table: pa.Table, column: str) -> None:
        values = table.column(column)
        bad = pc.invert(pc.match_substring_regex(values, ID_PATTERN))
        out.rows(
            table_name,
            column,
            pc.and_(bad, pc.not_equal(values, "")),
            lambda i: say.not_an_id(column, values[i].as_py()),
        )

    def unique(table_name: str, table: pa.Table, label: str) -> None:
        values = table.column("id")
        counts = pc.value_counts(values.drop_null())
        repeated = counts.filter(pc.greater(counts.field("counts"), 1)).field("values")
        if len(repeated) == 0:
            return
        mask = pc.is_in(
            values,
            value_set=repeated.combine_chunks()
            if hasattr(repeated, "combine_chunks")
            else repeated,
        )
        indices = pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()
        first: dict[str, int] = {}
        later: list[int] = []
        for index in indices:
            key = values[index].as_py()
            if key in first:
                later.append(index)
            else:
                first[key] = index
        out.add(
            table_name,
            "id",
            later,
            lambda i: say.duplicate_id(
                label, values[i].as_py(), f"row {first[values[i].as_py()] + 1}"
            ),
        )

    def choice(table_name: str, table: pa.Table, column: str, choices: Iterable[str]) -> None:
        choices = list(choices)
        values = table.column(column)
        bad = pc.invert(pc.is_in(values, value_set=pa.array(choices, pa.string())))

        record = table_name[:-1] if column == "kind" else None
        out.rows(
            table_name,
            column,
            pc.and_(bad, pc.is_valid(values)),
            lambda i: say.not_one_of(choices, values[i].as_py(), record),
        )

    def json_mapping(table_name: str, table: pa.Table) -> None:
        values = table.column("attrs")
        distinct = pc.unique(values.drop_null()).to_pylist()
        bad = []
        controls: dict[str, str] = {}  # an escaped control character inside the JSON
        for text in distinct:
            try:
                parsed = json.loads(text)
            except ValueError:
                bad.append(text)
                continue
            if not isinstance(parsed, dict):
                bad.append(text)
                continue
            found = next(filter(None, map(say.CONTROL.search, _strings(parsed))), None)
            if found is not None:
                controls[text] = say.control_message(found.group())
        if controls:
            out.rows(
                table_name,
                "attrs",
                pc.is_in(values, value_set=pa.array(list(controls), pa.string())),
                _lookup(values, controls),
            )
        if bad:
            out.rows(
                table_name,
                "attrs",
                pc.is_in(values, value_set=pa.array(bad, pa.string())),
                lambda i: (
                    "must be a mapping written as JSON text "
                    f"(got {say.describe(values[i].as_py())})"
                ),
            )

    # actors
    required_text("actors", actors, "id")
    id_shape("actors", actors, "id")
    unique("actors", actors, "actor")
    required_text("actors", actors, "name")
    out.rows("actors", "kind", pc.is_null(actors.column("kind")), lambda i: say.missing())
    choice("actors", actors, "kind", ACTOR_KINDS)
    affiliation = actors.column("affiliation")
    id_shape("actors", actors, "affiliation")
    unknown_affiliation = pc.and_(
        pc.is_valid(affiliation), pc.invert(pc.is_in(affiliation, value_set=actor_ids))
    )
    _unknown_actors(out, actors, "actors", "affiliation", affiliation, unknown_affiliation)
    _affiliation_cycles(out, actors)
    json_mapping("actors", actors)

    # sources
    if sources is not None:
        required_text("sources", sources, "id")
        id_shape("sources", sources, "id")
        unique("sources", sources, "source")
        required_text("sources", sources, "title")
        for column in ("publisher", "url"):
            optional_text("sources", sources, column)
        _dates(out, sources, "sources", ("published",), required=())

    # stances
    id_shape("stances", stances, "id")
    unique("stances", stances, "stance")
    for column in ("label",):
        optional_text("stances", stances, column)
    out.rows(
        "stances",
        "kind",
        pc.is_null(stances.column("kind")),
        lambda i: say.missing(),
    )
    choice("stances", stances, "kind", STANCE_KINDS)
    choice("stances", stances, "modality", MODALITIES)
    valence = stances.column("valence")
    out.rows("stances", "valence", pc.is_null(valence), lambda i: say.missing())

    def number_range(column: str, low: float, high: float) -> None:
        values = stances.column(column)
        out.rows(
            "stances",
            column,
            pc.invert(pc.is_finite(values)),
            lambda i: say.not_finite(_number(values[i].as_py())),
        )
        out.rows(
            "stances",
            column,
            pc.or_(pc.less(values, low), pc.greater(values, high)),
            lambda i: say.out_of_range(column, _number(values[i].as_py())),
        )

    number_range("valence", -1.0, 1.0)
    number_range("confidence", 0.0, 1.0)
    cameo = stances.column("cameo")
    out.rows(
        "stances",
        "cameo",
        pc.invert(pc.match_substring_regex(cameo, r"^[0-9]{2,4}$")),
        lambda i: say.not_an_id("cameo", cameo[i].as_py()),
    )
    json_mapping("stances", stances)
    _ends(out, stances, _dates(out, stances, "stances", ("start", "end", "reported"), ("start",)))
    _stance_ids(out, stances, actors)
    _evidence(out, stances, source_ids)
    for table_name, table in (("actors", actors), ("stances", stances), ("sources", sources)):
        if table is not None:
            _control_characters(out, table_name, table)
    return sorted(out.problems)


def _affiliation_cycles(out: _Collector, actors: pa.Table) -> None:
    ids = actors.column("id").to_pylist()
    links = actors.column("affiliation").to_pylist()
    row = {ident: index for index, ident in reversed(list(enumerate(ids)))}
    affiliations = {i: a for i, a in zip(ids, links, strict=True) if a is not None}
    for cycle in affiliation_cycles(affiliations):
        out.add("actors", "affiliation", [row[cycle[0]]], say.affiliation_cycle(cycle))


def _strings(value: Any) -> Iterator[str]:
    """Every text in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# the columns of free text: the others have stricter rules (ids, kinds, dates, codes), which
# a control character already breaks; attrs are checked inside their JSON
_FREE_TEXT = {
    "actors": ("name", "aliases", "codes"),
    "stances": ("label", "evidence", "relgraph_input"),
    "sources": ("title", "publisher", "url"),
}


def _control_characters(out: _Collector, table_name: str, table: pa.Table) -> None:
    """Text no output can carry faithfully, in a free-text column, list, map or evidence."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    pattern = r"[\x00-\x08\x0b-\x1f\x7f-\x{9f}\x{fffe}\x{ffff}]"

    def check(path: str, values: Any, rows: Any = None, offsets: Any = (), keys: Any = ()) -> None:
        # path: "label", "aliases[{i}]", "evidence[{i}].quote" or "codes.{key}"
        bad = pc.indices_nonzero(pc.fill_null(pc.match_substring_regex(values, pattern), False))
        for index in bad.to_pylist()[:MAX_ROWS_PER_RULE]:
            row = index if rows is None else int(rows[index])
            key = keys[index].as_py() if len(keys) else ""
            where = path.format(i=index - offsets[row] if len(offsets) else 0, key=key)
            char = say.CONTROL.search(values[index].as_py())
            assert char is not None
            out.add(table_name, where, [row], say.control_message(char.group()))

    for name in _FREE_TEXT[table_name]:
        column = table.column(name).combine_chunks()
        if pa.types.is_string(column.type):
            check(name, column)
            continue
        if not (pa.types.is_list(column.type) or pa.types.is_map(column.type)):
            continue
        offsets = column.offsets.to_numpy()
        rows = np.repeat(np.arange(len(column)), np.diff(offsets))
        first, count = int(offsets[0]), int(offsets[-1] - offsets[0])
        offsets = offsets - first
        if pa.types.is_map(column.type):
            keys = column.keys.slice(first, count)
            check(name, keys, rows, offsets)
            check(f"{name}.{{key}}", column.items.slice(first, count), rows, offsets, keys)
        elif pa.types.is_struct(column.type.value_type):
            items = column.values.slice(first, count)
            for field_ in items.type:
                if pa.types.is_string(field_.type):
                    path = f"{name}[{{i}}].{field_.name}"
                    check(path, items.field(field_.name), rows, offsets)
        else:
            check(f"{name}[{{i}}]", column.values.slice(first, count), rows, offsets)


def _unknown_messages(actors: pa.Table, idents: Iterable[str]) -> dict[str, str]:
    """The YAML loader's wording for unknown actor ids, suggestions included."""
    from relgraph.model import cross_check

    unknown = sorted(set(idents))
    if not unknown:
        return {}
    known = [
        {"id": i, "name": n, "aliases": a}
        for i, n, a in zip(
            actors.column("id").to_pylist(),
            actors.column("name").to_pylist(),
            actors.column("aliases").to_pylist(),
            strict=True,
        )
    ]
    found = cross_check({"actors": known, "stances": [{"actor": unknown}]})
    return {
        unknown[int(path[3])]: message
        for path, message in found
        if path[:3] == ("stances", 0, "actor") and len(path) == 4
    }


def _unknown_actors(
    out: _Collector, actors: pa.Table, table_name: str, column: str, values: Any, mask: Any
) -> None:
    import pyarrow.compute as pc

    indices = pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()
    messages = _unknown_messages(actors, (values[i].as_py() for i in indices[:MAX_ROWS_PER_RULE]))
    out.add(
        table_name,
        column,
        indices,
        lambda i: messages.get(values[i].as_py(), say.unknown_actor(values[i].as_py())),
    )


def _dates(
    out: _Collector,
    table: pa.Table,
    table_name: str,
    columns: tuple[str, ...],
    required: tuple[str, ...],
) -> dict[str, tuple[Any, Any]]:
    """Check date syntax column by column; the first and last day of each value, as ordinals."""
    import pyarrow as pa
    import pyarrow.compute as pc

    bounds: dict[str, tuple[Any, Any]] = {}
    for column in columns:
        values = table.column(column)
        if column in required:
            out.rows(table_name, column, pc.is_null(values), lambda i: say.missing())
        distinct = pc.unique(values.drop_null()).to_pylist()
        errors: dict[str, str] = {}
        firsts: list[int | None] = []
        lasts: list[int | None] = []
        for text in distinct:
            try:
                date = parse_date(text)
            except ValueError as error:
                errors[text] = str(error)
                firsts.append(None)
                lasts.append(None)
                continue
            firsts.append(date.first.toordinal())
            lasts.append(date.last.toordinal())
        if errors:
            out.rows(
                table_name,
                column,
                pc.is_in(values, value_set=pa.array(list(errors), pa.string())),
                _lookup(values, errors),
            )
        positions = pc.index_in(values, value_set=pa.array(distinct, pa.string()))
        bounds[column] = (
            pc.take(pa.array(firsts, pa.int64()), positions),
            pc.take(pa.array(lasts, pa.int64()), positions),
        )
    return bounds


def _lookup(values: Any, messages: dict[str, str]) -> Callable[[int], str]:
    return lambda i: messages[values[i].as_py()]


def _ends(out: _Collector, stances: pa.Table, bounds: dict[str, tuple[Any, Any]]) -> None:
    import pyarrow.compute as pc

    start_first = bounds["start"][0]
    end_last = bounds["end"][1]
    start, end = stances.column("start"), stances.column("end")
    out.rows(
        "stances",
        "end",
        pc.less(end_last, start_first),
        lambda i: say.end_before_start(end[i].as_py(), start[i].as_py()),
    )


def _stance_ids(out: _Collector, stances: pa.Table, actors: pa.Table) -> None:
    """Actor and target lists: not empty, ids well formed and known, no repeats, no self-loop."""
    import pyarrow as pa
    import pyarrow.compute as pc

    flat: dict[str, pa.Table] = {}
    single: dict[str, Any] = {}  # per stance: the list holds exactly one id
    for column in ("actor", "target"):
        values = stances.column(column).combine_chunks()
        lengths = pc.fill_null(pc.list_value_length(values), 0).to_numpy(zero_copy_only=False)
        single[column] = lengths == 1
        out.rows("stances", column, pc.is_null(values), lambda i: say.missing())
        out.rows(
            "stances",
            column,
            pc.equal(pc.list_value_length(values), 0),
            lambda i: "must not be empty (got a list)",
        )
        rows = pc.list_parent_indices(values)
        ids = pc.list_flatten(values)
        positions = (
            pc.subtract(
                pa.array(range(len(ids)), pa.int64()),
                pc.take(values.offsets, rows).cast(pa.int64()),
            )
            if len(ids)
            else pa.array([], pa.int64())
        )
        table = pa.table({"row": rows.cast(pa.int64()), "id": ids, "position": positions})
        flat[column] = table

        bad_shape = pc.and_(pc.is_valid(ids), pc.invert(pc.match_substring_regex(ids, ID_PATTERN)))
        for index in pc.indices_nonzero(pc.fill_null(bad_shape, False)).to_pylist()[
            :MAX_ROWS_PER_RULE
        ]:
            row = table.column("row")[index].as_py()
            out.add(
                "stances",
                _list_path(stances, column, row, table.column("position")[index].as_py()),
                [row],
                say.not_an_id(column, ids[index].as_py()),
            )
        unknown = pc.and_(
            pc.match_substring_regex(ids, ID_PATTERN),
            pc.invert(pc.is_in(ids, value_set=actors.column("id").combine_chunks())),
        )
        unknown_idx = pc.indices_nonzero(pc.fill_null(unknown, False)).to_pylist()
        shown = unknown_idx[:MAX_ROWS_PER_RULE]
        messages = _unknown_messages(actors, (ids[i].as_py() for i in shown))
        for index in shown:
            row = table.column("row")[index].as_py()
            value = ids[index].as_py()
            out.add(
                "stances",
                _list_path(stances, column, row, table.column("position")[index].as_py()),
                [row],
                messages.get(value, say.unknown_actor(value)),
            )
        if len(unknown_idx) > MAX_ROWS_PER_RULE:
            rest = len(unknown_idx) - MAX_ROWS_PER_RULE
            out.add(
                "stances",
                column,
                [table.column("row")[unknown_idx[MAX_ROWS_PER_RULE]].as_py()],
                f"... and {rest:,} more unknown actor ids",
                rest,
            )
        # a list naming an id twice: only lists of two or more (few; none in event data)
        longer = table.filter(pa.array(lengths[table.column("row").to_numpy()] > 1))
        if not longer.num_rows:
            continue
        counts = longer.group_by(["row", "id"]).aggregate([("position", "count")])
        twice = counts.filter(pc.greater(counts.column("position_count"), 1))
        for row, ident in sorted(
            zip(twice.column("row").to_pylist(), twice.column("id").to_pylist(), strict=True)
        )[:MAX_ROWS_PER_RULE]:
            out.add(
                "stances",
                column,
                [row],
                say.repeated_ids(column, [ident]),
            )
    # a self-loop: stances of one actor and one target compared row by row (their flat
    # entries line up), the few others joined
    both = single["actor"] & single["target"]
    mask = {c: pa.array(both[flat[c].column("row").to_numpy()]) for c in flat}
    one = {c: flat[c].filter(mask[c]).select(["row", "id"]) for c in flat}
    others = {c: flat[c].filter(pc.invert(mask[c])).select(["row", "id"]) for c in flat}
    same = pc.equal(one["actor"].column("id"), one["target"].column("id"))
    loops = pa.concat_tables(
        [
            one["actor"].filter(same),
            others["actor"].join(others["target"], ["row", "id"], join_type="inner"),
        ]
    )
    if loops.num_rows:
        by_row: dict[int, set[str]] = {}
        for row, ident in zip(
            loops.column("row").to_pylist(), loops.column("id").to_pylist(), strict=True
        ):
            by_row.setdefault(row, set()).add(ident)
        out.add(
            "stances",
            "target",
            sorted(by_row),
            lambda i: say.self_loop(sorted(by_row[i])),
        )


def _list_path(stances: pa.Table, column: str, row: int, position: int) -> str:
    """``actor`` for a single id, ``actor[1]`` for the second id of a longer list."""
    length = len(stances.column(column)[row].as_py() or [])
    return column if length == 1 else f"{column}[{position}]"


def _evidence(out: _Collector, stances: pa.Table, source_ids: Any) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    evidence = stances.column("evidence").combine_chunks()
    if len(pc.list_flatten(evidence)) == 0:
        return
    rows = pc.list_parent_indices(evidence).to_pylist()
    items = pc.list_flatten(evidence)
    offsets = evidence.offsets.to_pylist()
    source = pc.struct_field(items, "source")
    unknown = pc.and_(pc.is_valid(source), pc.invert(pc.is_in(source, value_set=source_ids)))
    hint = Suggester(pc.unique(source_ids).to_pylist() if len(source_ids) else [])
    for index in pc.indices_nonzero(pc.fill_null(unknown, False)).to_pylist()[:MAX_ROWS_PER_RULE]:
        row = rows[index]
        value = source[index].as_py()
        out.add(
            "stances",
            f"evidence[{index - offsets[row]}].source",
            [row],
            say.unknown_source(value, hint(value)),
        )
    for name in ("quote", "attribution"):
        empty = pc.equal(pc.struct_field(items, name), "")
        for index in pc.indices_nonzero(pc.fill_null(empty, False)).to_pylist()[
            :MAX_ROWS_PER_RULE
        ]:
            row = rows[index]
            out.add(
                "stances",
                f"evidence[{index - offsets[row]}].{name}",
                [row],
                lambda i: say.empty(""),
            )
    del pa


def conform_table(table: pa.Table, table_name: str, *, where: str = "") -> pa.Table:
    """``table`` with exactly the columns of its schema (absent optional columns as nulls).

    Raises
    ------
    LoadError
        When a column is unknown, a required one is missing, or a column has a type that does
        not convert.

    Examples
    --------
    >>> import pyarrow as pa
    >>> conform_table(pa.table({"id": ["EGY"], "name": ["Egypt"], "kind": ["state"]}),
    ...               "actors").column_names
    ['id', 'name', 'kind', 'aliases', 'affiliation', 'codes', 'attrs']
    """
    file = os.path.join(where, f"{table_name}.parquet") if where else f"{table_name}.parquet"
    conformed, problems = _conform(table, table_name, file)
    if problems or conformed is None:
        raise LoadError(problems)
    return conformed


# --- writing -------------------------------------------------------------------------------


def check_target(target: Path) -> Path:
    """The directory to write a dataset at ``target`` in; :class:`OutputError` when it may not.

    It may when ``target`` is missing, an empty directory or a relgraph dataset (replaced whole),
    and its parent directory exists.
    """
    if (
        target.exists()
        and not is_dataset(target)
        and (not target.is_dir() or any(target.iterdir()))
    ):
        raise OutputError(
            f"cannot write the dataset {target}: it exists and is not a relgraph dataset; "
            "choose another output path"
        )
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {target}: the directory {parent} does not exist")
    return parent


def write_dataset(
    path: str | os.PathLike[str],
    *,
    actors: pa.Table,
    stances: pa.Table,
    sources: pa.Table | None = None,
    title: str | None = None,
    provenance: Mapping[str, Any],
) -> None:
    """Write a dataset directory whole or not at all.

    The tables are conformed to :func:`schemas` (absent optional columns become nulls) and
    validated first; the files go into a sibling temporary directory, which is then renamed
    over ``path``. An existing dataset at ``path`` is replaced; any other existing file or
    non-empty directory there is refused.

    Parameters
    ----------
    path : str or os.PathLike
        The dataset directory to write.
    actors, stances : pyarrow.Table
        The tables, with the columns of :func:`schemas` (optional ones may be absent).
    sources : pyarrow.Table, optional
        The sources, when evidence cites any.
    title : str, optional
        The title, as a YAML file's ``title``.
    provenance : mapping
        What made the dataset (inputs and their SHA-256, options, engine, counts); stored in
        ``dataset.json`` as JSON, with the relgraph version added.

    Raises
    ------
    LoadError
        When the tables break the format (every problem, naming file, row and column).
    OutputError
        When ``path`` is another kind of file or directory, or cannot be written.

    Examples
    --------
    >>> import pyarrow as pa, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "ds"
    >>> write_dataset(out, actors=pa.table({"id": ["EGY", "ISR"], "name": ["Egypt", "Israel"],
    ...                                     "kind": ["state", "state"]}),
    ...               stances=pa.table({"actor": [["EGY"]], "target": [["ISR"]],
    ...                                 "kind": ["diplomatic"], "valence": [-0.5],
    ...                                 "start": ["2024-05-14"]}),
    ...               provenance={})
    >>> sorted(p.name for p in out.iterdir())
    ['actors.parquet', 'dataset.json', 'stances.parquet']
    """
    import pyarrow.parquet as pq

    from relgraph._io import run_checks

    target = Path(path)
    where = os.fspath(path)
    tables = {
        "actors": conform_table(actors, "actors", where=where),
        "stances": conform_table(stances, "stances", where=where),
    }
    if sources is not None:
        tables["sources"] = conform_table(sources, "sources", where=where)
    problems = validate_tables(
        tables["actors"], tables["stances"], tables.get("sources"), where=where
    )
    if problems:
        raise LoadError(problems)
    run_checks(target)
    staging = stage(target)
    try:
        for name, table in tables.items():
            pq.write_table(table, staging / f"{name}.parquet")
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None
    commit(staging, target, title, provenance)


def stage(target: Path) -> Path:
    """A new staging directory beside ``target``, once :func:`check_target` allows it.

    Write the tables into it, then :func:`commit` it; so a dataset is written whole or not at
    all, and a failed write leaves any old one in place.
    """
    parent = check_target(target)
    try:
        return Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None


def commit(staging: Path, target: Path, title: str | None, provenance: Mapping[str, Any]) -> None:
    """Add ``dataset.json`` to a :func:`stage` directory and rename it over ``target``.

    The staging directory is gone afterwards, whether or not the rename succeeded.
    """
    from relgraph._io import _umask

    head = {
        "format": FORMAT,
        "version": VERSION,
        "title": title,
        "provenance": {"relgraph": __version__, **dict(provenance)},
    }
    old: Path | None = None
    try:
        (staging / "dataset.json").write_text(
            json.dumps(head, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
        )
        for item in staging.iterdir():
            if item.is_file():
                with open(item, "rb+") as written:
                    os.fsync(written.fileno())
        os.chmod(staging, 0o777 & ~_umask())
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old",
                                        dir=staging.parent))  # fmt: skip
            os.replace(target, old / target.name)
        os.replace(staging, target)
    except OSError as error:
        if old is not None and not target.exists():
            os.replace(old / target.name, target)
        raise OutputError(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


# --- conversion ----------------------------------------------------------------------------


def dataset_from_relations(
    relations: Relations | ColumnarRelations, *, provenance: Mapping[str, Any] | None = None
) -> Dataset:
    """The tables of a validated relations file (as read from YAML).

    Relations already held as columns give their dataset back as it is.

    Examples
    --------
    >>> from relgraph.load import parse_relations
    >>> rel = parse_relations('''
    ... actors: [{id: EGY, name: Egypt, kind: state}, {id: ISR, name: Israel, kind: state}]
    ... stances:
    ...   - {actor: EGY, target: ISR, kind: diplomatic, valence: -0.5, start: 2024-05~}
    ... ''')
    >>> ds = dataset_from_relations(rel)
    >>> ds.stances.select(["id", "actor", "start"]).to_pylist()
    [{'id': None, 'actor': ['EGY'], 'start': '2024-05~'}]
    """
    import pyarrow as pa

    from relgraph.columnar import ColumnarRelations

    if isinstance(relations, ColumnarRelations):
        return relations.dataset
    table_schemas = schemas()

    def attrs(value: dict[str, Any]) -> str | None:
        return json.dumps(value, ensure_ascii=False, default=str) if value else None

    actors = pa.Table.from_pylist(
        [
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "aliases": a.aliases or None,
                "affiliation": a.affiliation,
                "codes": list(a.codes.items()) if a.codes else None,
                "attrs": attrs(a.attrs),
            }
            for a in relations.actors
        ],
        schema=table_schemas["actors"],
    )
    stances = pa.Table.from_pylist(
        [
            {
                "id": s.id,
                "actor": s.actors,
                "target": s.targets,
                "kind": s.kind,
                "label": s.label,
                "valence": s.valence,
                "modality": s.modality,
                "mutual": s.mutual,
                "start": s.start.text,
                "end": None if s.end is None else s.end.text,
                "reported": None if s.reported is None else s.reported.text,
                "confidence": s.confidence,
                "cameo": s.cameo,
                "evidence": [e.model_dump() for e in s.evidence] or None,
                "attrs": attrs(s.attrs),
            }
            for s in relations.stances
        ],
        schema=table_schemas["stances"],
    )
    sources = None
    if relations.sources:
        sources = pa.Table.from_pylist(
            [
                {
                    "id": s.id,
                    "title": s.title,
                    "publisher": s.publisher,
                    "published": None if s.published is None else s.published.text,
                    "url": s.url,
                }
                for s in relations.sources
            ],
            schema=table_schemas["sources"],
        )
    record = dict(provenance or {})
    if relations.source_path is not None:
        record.setdefault("input", {"path": relations.source_path, "sha256": relations.sha256})
    return Dataset(actors, stances, sources, relations.title, record, None)


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.:-]*\Z")
_SPECIAL = re.compile(r"(?i:null|true|false|yes|no|on|off|y|n)\Z|\.(?i:inf|nan)\Z")
_DATE_TEXT = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[~?%]?\Z")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and not _SPECIAL.match(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str:
    """A value as YAML flow text (JSON, which YAML 1.2 reads as written)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def dataset_to_yaml(dataset: Dataset) -> str:
    """The curated YAML text of a dataset (format version 1), for a researcher to edit.

    Text is quoted unless it is a plain id, so every value reads back exactly as it was.

    Examples
    --------
    >>> import pyarrow as pa
    >>> ds = Dataset(
    ...     actors=conform_table(pa.table({"id": ["NO", "ISR"], "name": ["Norway", "Israel"],
    ...                                    "kind": ["state", "state"]}), "actors"),
    ...     stances=conform_table(pa.table({"actor": [["NO"]], "target": [["ISR"]],
    ...                                     "kind": ["diplomatic"], "valence": [-0.25],
    ...                                     "start": ["2024-05"]}), "stances"))
    >>> print(dataset_to_yaml(ds))
    version: 1
    actors:
      - id: "NO"
        name: Norway
        kind: state
      - id: ISR
        name: Israel
        kind: state
    stances:
      - actor: "NO"
        target: ISR
        kind: diplomatic
        valence: -0.25
        start: 2024-05
    <BLANKLINE>
    """
    lines = ["version: 1"]
    if dataset.title is not None:
        lines.append(f"title: {_scalar(dataset.title)}")

    def emit(
        name: str, rows: list[dict[str, Any]], render: Callable[[str, Any], str | None]
    ) -> None:
        if not rows:
            return
        lines.append(f"{name}:")
        for row in rows:
            first = True
            for key, value in row.items():
                text = render(key, value)
                if text is None:
                    continue
                lines.append(("  - " if first else "    ") + f"{key}: {text}")
                first = False

    def date_or_scalar(value: Any) -> str:
        return value if isinstance(value, str) and _DATE_TEXT.match(value) else _scalar(value)

    def source_field(key: str, value: Any) -> str | None:
        if value is None:
            return None
        return date_or_scalar(value) if key == "published" else _scalar(value)

    def actor_field(key: str, value: Any) -> str | None:
        if value is None or value == []:
            return None
        if key == "aliases":
            return "[" + ", ".join(_scalar(v) for v in value) + "]"
        if key == "codes":
            return _flow(dict(value))
        if key == "attrs":
            return _flow(json.loads(value))
        return _scalar(value)

    def stance_field(key: str, value: Any) -> str | None:
        if value is None or value == [] or key == "relgraph_input":
            return None  # YAML keeps a merged stance's input in attrs.relgraph_input
        if key in ("actor", "target"):
            if len(value) == 1:
                return _scalar(value[0])
            return "[" + ", ".join(_scalar(v) for v in value) + "]"
        if key == "modality" and value == "actual":
            return None
        if key == "mutual" and value is False:
            return None
        if key in ("start", "end", "reported"):
            return date_or_scalar(value)
        if key == "cameo":
            return _flow(value)
        if key == "evidence":
            return _flow([{k: v for k, v in item.items() if v is not None} for item in value])
        if key == "attrs":
            return _flow(json.loads(value))
        return _scalar(value)

    if dataset.sources is not None:
        emit("sources", dataset.sources.to_pylist(), source_field)
    emit("actors", dataset.actors.to_pylist(), actor_field)
    emit("stances", dataset.stances.to_pylist(), stance_field)
    return "\n".join(lines) + "\n"


def dataset_to_relations(dataset: Dataset) -> Relations:
    """The dataset as a validated :class:`~relgraph.model.Relations` (one object per stance:
    for files small enough to edit).

    Examples
    --------
    >>> import pyarrow as pa
    >>> ds = Dataset(
    ...     actors=conform_table(pa.table({"id": ["EGY", "ISR"], "name": ["Egypt", "Israel"],
    ...                                    "kind": ["state", "state"]}), "actors"),
    ...     stances=conform_table(pa.table({"actor": [["EGY"]], "target": [["ISR"]],
    ...                                     "kind": ["diplomatic"], "valence": [-0.5],
    ...                                     "start": ["2024-05"]}), "stances"))
    >>> dataset_to_relations(ds).stances[0].key
    'EGY>ISR:diplomatic:2024-05'
    """
    from relgraph.load import parse_relations

    return parse_relations(dataset_to_yaml(dataset), name=dataset.path or "<dataset>")
