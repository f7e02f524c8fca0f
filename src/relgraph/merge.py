"""Several relations (YAML files or datasets) merged into one columnar dataset.

Actors with the same id are one actor; a different ``name`` or ``kind`` for one id is an
error naming both inputs, unless ``prefer`` says which input wins (``first`` or ``last``). The
kept actor takes the aliases of every input (its own first) and the codes of every input (its
own winning a clash). Sources merge the same way (any differing field is a conflict). Stance
ids must be unique across the inputs, or ``prefix_ids`` prefixes each input's ids with its
file stem and ``:``; stances without an id keep none, so their keys are derived again on the
merged set. Each stance records its input in the ``relgraph_input`` column and in
``attrs.relgraph_input`` (the path as given; YAML keeps the latter);
the provenance lists every input with its SHA-256.

The stances are concatenated by DuckDB over Arrow, never one Python object per stance; only
actors and sources (a few thousand at most) are merged row by row.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relgraph._version import __version__
from relgraph.errors import LoadError, Problem, QueryError

if TYPE_CHECKING:
    import pyarrow as pa

    from relgraph.dataset import Dataset
    from relgraph.model import Relations

__all__ = ["merge_relations", "read_input", "write_relations"]

_ID = re.compile(r"^[A-Za-z0-9_.:-]+$")


@dataclass(frozen=True)
class _Part:
    label: str  # the path as given, or "<input N>"
    stem: str  # the prefix for --prefix-ids
    sha256: str | None
    dataset: Dataset


def read_input(path: str | os.PathLike[str]) -> Dataset:
    """Read a YAML relations file or a dataset directory as a :class:`~relgraph.dataset.Dataset`.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.yaml`` file or a dataset directory.

    Returns
    -------
    relgraph.dataset.Dataset

    Raises
    ------
    LoadError
        When the input cannot be read or breaks the format.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.yaml"
    >>> _ = path.write_text("actors:\\n  - {id: NO, name: Norway, kind: state}\\n")
    >>> read_input(path).actors.column("id").to_pylist()
    ['NO']
    """
    from relgraph.dataset import dataset_from_relations, is_dataset, read_dataset
    from relgraph.load import read_relations

    if is_dataset(path):
        return read_dataset(path)
    return dataset_from_relations(read_relations(path))


def _part(index: int, item: str | os.PathLike[str] | Relations | Dataset) -> _Part:
    from relgraph.dataset import Dataset, dataset_from_relations
    from relgraph.events.dyadic import sha256_of
    from relgraph.model import Relations

    if isinstance(item, Dataset):
        label = item.path or f"<input {index + 1}>"
        digest = sha256_of(item.path) if item.path else None
        return _Part(label, Path(label).stem if item.path else f"input{index + 1}", digest, item)
    if isinstance(item, Relations):
        label = item.source_path or f"<input {index + 1}>"
        stem = Path(item.source_path).stem if item.source_path else f"input{index + 1}"
        return _Part(label, stem, item.sha256, dataset_from_relations(item))
    label = os.fspath(item)
    dataset = read_input(item)
    path = Path(label)
    return _Part(label, path.stem if path.is_file() else path.name, sha256_of(path), dataset)


def _merge_rows(
    parts: Sequence[_Part],
    table: str,
    conflict_fields: tuple[str, ...],
    prefer: str | None,
) -> tuple[list[dict[str, Any]], list[Problem], int]:
    """Rows with the same id become one; a differing conflict field is a problem unless
    ``prefer`` picks the input that wins. Returns the rows, the problems and how many
    conflicts ``prefer`` settled."""
    kept: dict[str, tuple[int, dict[str, Any]]] = {}
    problems: list[Problem] = []
    settled = 0
    for index, part in enumerate(parts):
        source = getattr(part.dataset, table)
        if source is None:
            continue
        for row in source.to_pylist():
            ident = row["id"]
            if ident not in kept:
                kept[ident] = (index, row)
                continue
            first_index, first = kept[ident]
            differing = [f for f in conflict_fields if first.get(f) != row.get(f)]
            if differing and prefer is None:
                there = parts[first_index].label
                what = "; ".join(
                    f"{f} {row.get(f)!r} here but {first.get(f)!r} in {there}" for f in differing
                )
                problems.append(
                    Problem(
                        part.label,
                        0,
                        0,
                        f"{table[:-1]} {ident}",
                        f"{what}; give --prefer first or --prefer last to keep one",
                    )
                )
                continue
            settled += bool(differing)
            winner, other = (row, first) if prefer == "last" else (first, row)
            kept[ident] = (index if prefer == "last" else first_index, _combine(winner, other))
    return [row for _, row in kept.values()], problems, settled


def _combine(winner: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    merged = dict(winner)
    if "aliases" in winner:
        aliases = list(winner.get("aliases") or [])
        aliases += [a for a in other.get("aliases") or [] if a not in aliases]
        merged["aliases"] = aliases or None
    if "codes" in winner:
        codes = dict(other.get("codes") or [])
        codes.update(dict(winner.get("codes") or []))
        merged["codes"] = list(codes.items()) or None
    for key, value in other.items():
        if merged.get(key) is None and value is not None and key not in ("aliases", "codes"):
            merged[key] = value
    return merged


def merge_relations(
    inputs: Sequence[str | os.PathLike[str] | Relations | Dataset],
    *,
    prefer: str | None = None,
    prefix_ids: bool = False,
    title: str | None = None,
) -> Dataset:
    """Merge relations (YAML files, dataset directories, or loaded ones) into one dataset.

    Parameters
    ----------
    inputs : sequence of path, Relations or Dataset
        Two or more relations; paths may be YAML files or dataset directories.
    prefer : {"first", "last"}, optional
        Which input's actor (or source) wins when two give one id a different name or kind
        (or a source different fields); without it such a conflict is an error.
    prefix_ids : bool, default False
        Prefix each input's stance ids with its file stem and ``:`` (``alliances:atop-...``);
        without it an id used by two inputs is an error.

    title : str, optional
        The merged relations' title (default: the inputs' titles joined with `` + ``).
    Returns
    -------
    relgraph.dataset.Dataset
        The merged tables; every stance's ``attrs.relgraph_input`` names its input, and the
        provenance lists every input with its SHA-256.

    Raises
    ------
    LoadError
        When an input cannot be read, two inputs conflict on an actor, a source or a stance
        id (each problem names both inputs), or the merged set breaks a rule of the format.
    QueryError
        When ``prefer`` is not first or last, or an input's stem cannot prefix an id.

    Examples
    --------
    >>> from relgraph.load import parse_relations
    >>> a = parse_relations('''
    ... actors: [{id: USA, name: United States, kind: state}, {id: GBR, name: UK, kind: state}]
    ... stances: [{id: s1, actor: USA, target: GBR, kind: alliance, valence: 1, start: 1949}]
    ... ''')
    >>> b = parse_relations('''
    ... actors: [{id: USA, name: United States, kind: state}, {id: RUS, name: Russia, kind: state}]
    ... stances: [{id: s1, actor: USA, target: RUS, kind: conflict, valence: -1, start: 1950}]
    ... ''')
    >>> merged = merge_relations([a, b], prefix_ids=True)
    >>> merged.stances.column("id").to_pylist()
    ['input1:s1', 'input2:s1']
    >>> merged.actors.column("id").to_pylist()
    ['USA', 'GBR', 'RUS']
    >>> merge_relations([a, b])
    Traceback (most recent call last):
    ...
    relgraph.errors.LoadError: 1 problem in <input 2>
    <input 2>: stance s1: id also used in <input 1>; give --prefix-ids to prefix each input's ids with its file stem
    """  # noqa: E501
    import pyarrow as pa

    from relgraph.dataset import Dataset, conform_table, schemas, validate_tables

    if prefer not in (None, "first", "last"):
        raise QueryError(f"--prefer must be first or last (got {prefer!r})")
    if not inputs:
        raise QueryError("merge needs at least one input")
    parts = [_part(index, item) for index, item in enumerate(inputs)]
    if prefix_ids:
        for part in parts:
            if not _ID.match(part.stem):
                raise QueryError(
                    f"--prefix-ids: the name {part.stem!r} of {part.label} cannot start an id "
                    "(letters, digits, _ . - : only); rename the file"
                )

    actors, problems, settled = _merge_rows(parts, "actors", ("name", "kind"), prefer)
    source_fields = ("title", "publisher", "published", "url")
    sources, found, settled_sources = _merge_rows(parts, "sources", source_fields, prefer)
    problems += found
    stances = _stances(parts, prefix_ids)
    problems += _clashing_ids(parts, stances, prefixed=prefix_ids)
    if problems:
        raise LoadError(problems)

    table_schemas = schemas()
    actor_table = pa.Table.from_pylist(actors, schema=table_schemas["actors"])
    source_table = (
        pa.Table.from_pylist(sources, schema=table_schemas["sources"]) if sources else None
    )
    stance_table = conform_table(stances.drop_columns(["relgraph_part"]), "stances")
    problems = validate_tables(actor_table, stance_table, source_table, where="<merged>")
    if problems:
        raise LoadError(problems)
    titles = [p.dataset.title for p in parts if p.dataset.title]
    provenance = {  # the writers add the relgraph version
        "merged": [
            {
                "path": part.label,
                "sha256": part.sha256,
                "actors": part.dataset.actors.num_rows,
                "stances": part.dataset.stances.num_rows,
                "provenance": part.dataset.provenance,
            }
            for part in parts
        ],
        "options": {"prefer": prefer, "prefix_ids": prefix_ids},
        "conflicts_settled_by_prefer": {"actors": settled, "sources": settled_sources},
    }
    return Dataset(
        actors=actor_table,
        stances=stance_table,
        sources=source_table,
        title=title if title is not None else " + ".join(titles) if titles else None,
        provenance=provenance,
    )


def _stances(parts: Sequence[_Part], prefix_ids: bool) -> pa.Table:
    """Every input's stances in one table: ids prefixed if asked, ``attrs.relgraph_input``
    set, and the input's position in ``relgraph_part``."""
    import duckdb

    from relgraph.dataset import conform_table
    from relgraph.events.dyadic import _lit, arrow_table

    con = duckdb.connect()
    selects = []
    for index, part in enumerate(parts):
        name = f"part{index}"
        con.register(name, conform_table(part.dataset.stances, "stances"))
        ident = f"{_lit(part.stem + ':')} || id" if prefix_ids else "id"
        attrs = (
            "CAST(json_merge_patch(coalesce(attrs, '{}'), "
            f"json_object('relgraph_input', {_lit(part.label)})) AS VARCHAR)"
        )
        selects.append(
            f"SELECT * REPLACE ({ident} AS id, {attrs} AS attrs, "
            f"{_lit(part.label)} AS relgraph_input), {index} AS relgraph_part "
            f"FROM {name}"
        )
    table = arrow_table(con.sql(" UNION ALL BY NAME ".join(selects)))
    con.close()
    return table


_CLASHES_NAMED = 20


def _clashing_ids(parts: Sequence[_Part], stances: pa.Table, *, prefixed: bool) -> list[Problem]:
    import duckdb

    from relgraph.events.dyadic import arrow_table

    con = duckdb.connect()
    con.register("merged", stances.select(["id", "relgraph_part"]))
    clashes = arrow_table(
        con.sql(
            "SELECT id, list(DISTINCT relgraph_part ORDER BY relgraph_part) AS parts "
            "FROM merged WHERE id IS NOT NULL GROUP BY id "
            "HAVING count(DISTINCT relgraph_part) > 1 ORDER BY id"
        )
    ).to_pylist()
    con.close()
    problems = []
    named: Counter[int] = Counter()  # the clashes named per input; the rest are counted
    for clash in clashes:
        first, *others = clash["parts"]
        for other in others:
            named[other] += 1
            if named[other] > _CLASHES_NAMED:
                continue
            advice = (
                f"the prefixes clash too: {parts[first].label} and {parts[other].label} have "
                "the same file stem; rename one"
                if prefixed
                else "give --prefix-ids to prefix each input's ids with its file stem"
            )
            problems.append(
                Problem(
                    parts[other].label,
                    0,
                    0,
                    f"stance {clash['id']}",
                    f"id also used in {parts[first].label}; {advice}",
                )
            )
    for other, count in named.items():
        if count > _CLASHES_NAMED:
            problems.append(
                Problem(
                    parts[other].label,
                    0,
                    0,
                    "stances",  # sorts after every "stance ID", so the count comes last
                    f"{count - _CLASHES_NAMED:,} more stance ids also used in another input",
                    count - _CLASHES_NAMED,
                )
            )
    return problems


def write_relations(dataset: Dataset, path: str | os.PathLike[str]) -> Path:
    """Write relations as a dataset directory, or as curated YAML to a ``.yaml`` file.

    Either is written whole or not at all. The YAML starts with a comment holding the
    provenance (as JSON).

    Parameters
    ----------
    dataset : relgraph.dataset.Dataset
        The tables, title and provenance.
    path : str or os.PathLike
        A directory, or a file ending ``.yaml`` or ``.yml``.

    Returns
    -------
    pathlib.Path
        ``path``: the dataset directory, or the YAML file that :func:`relgraph.read_relations`
        reads back to the same relations.

    Raises
    ------
    LoadError
        When the tables break the format (nothing is written).
    OutputError
        When the target cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from relgraph.load import parse_relations, read_relations
    >>> from relgraph.dataset import dataset_from_relations
    >>> rel = parse_relations("actors: [{id: NO, name: Norway, kind: state}]")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out.yaml"
    >>> _ = write_relations(dataset_from_relations(rel, provenance={"by": "hand"}), out)
    >>> read_relations(out).actors[0].name
    'Norway'
    """
    from relgraph._io import atomic_write_text
    from relgraph.dataset import dataset_to_yaml, validate_tables, write_dataset

    target = Path(path)
    if target.suffix.lower() not in (".yaml", ".yml"):
        write_dataset(
            target,
            actors=dataset.actors,
            stances=dataset.stances,
            sources=dataset.sources,
            title=dataset.title,
            provenance=dataset.provenance,
        )
        return target
    problems = validate_tables(dataset.actors, dataset.stances, dataset.sources, where=str(target))
    if problems:
        raise LoadError(problems)
    record = json.dumps(
        {"relgraph": __version__, **dataset.provenance},
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    atomic_write_text(target, f"# relgraph provenance: {record}\n{dataset_to_yaml(dataset)}")
    return target
