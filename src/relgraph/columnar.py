"""Relations held as columns: what a :class:`~relgraph.Timeline` reads from a dataset directory.

A dataset (DESIGN §5) may hold millions of stances. :class:`ColumnarRelations` keeps them in
Arrow and numpy: the stances' ``actor``/``target`` lists are expanded into one edge per pair
with array arithmetic, the dates parsed once per distinct text, keys derived as in YAML. Only
the actors and sources (a few hundred) become model objects; a stance becomes a
:class:`~relgraph.model.Stance` only when a query returns it (:meth:`edge`), and edge
attributes are made only for the edges of the slices asked for (:meth:`edge_items`).

Examples
--------
>>> import relgraph
>>> from relgraph.dataset import dataset_from_relations
>>> rel = relgraph.parse_relations('''
... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state},
...          {id: C, name: C, kind: state}]
... stances: [{id: s, actor: A, target: [B, C], kind: conflict, valence: -1, start: 2024-05}]
... ''')
>>> columns = ColumnarRelations(dataset_from_relations(rel))
>>> columns.keys.tolist(), columns.targets.tolist()
(['s#A>B', 's#A>C'], ['B', 'C'])
>>> columns.edge(1).stance.valence
-1.0
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import numpy.typing as npt

from relgraph.dates import PartialDate, parse_date
from relgraph.model import Actor, Edge, Source, Stance

if TYPE_CHECKING:
    import pyarrow as pa

    from relgraph.dataset import Dataset

__all__ = ["OPEN", "ColumnarRelations", "EdgeView", "read_columns"]

OPEN = dt.date.max.toordinal()
"""The ordinal that stands for an open end."""

_EDGE_COLUMNS = (
    "kind", "label", "valence", "modality", "mutual", "start", "end", "reported",
    "confidence", "cameo", "evidence", "attrs",
)  # fmt: skip


def _hash_dataset(path: Path) -> str:
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    for file in files:
        digest.update(os.fsencode(file.relative_to(path)))
        digest.update(b"\0")
        with open(file, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


class ColumnarRelations:
    """The relations of a dataset as columns, with every edge of every stance expanded.

    Parameters
    ----------
    dataset : relgraph.dataset.Dataset
        A dataset read by :func:`relgraph.dataset.read_dataset` (already validated).

    Attributes
    ----------
    keys, stance_keys, actors_of, targets, kinds, modalities : numpy object arrays
        Per edge: its key, its stance's key, actor, target, kind and modality.
    rows : numpy int64 array
        Per edge: the row of its stance in ``dataset.stances``.
    valence, confidence : numpy float arrays
        Per edge; a missing confidence is NaN.
    start_first, start_last, end_first, end_last : numpy int64 arrays
        Day ordinals of the partial dates' bounds; an open end is :data:`OPEN`.
    """

    def __init__(self, dataset: Dataset) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        self.dataset = dataset
        self.title = dataset.title
        self.source_path = dataset.path
        self.provenance = dataset.provenance
        table = dataset.stances
        actor_lists, target_lists = table.column("actor"), table.column("target")
        n_actors = pc.list_value_length(actor_lists).to_numpy(zero_copy_only=False)
        n_targets = pc.list_value_length(target_lists).to_numpy(zero_copy_only=False)
        n_actors = n_actors.astype(np.int64)
        n_targets = n_targets.astype(np.int64)
        per_row = n_actors * n_targets
        rows = np.repeat(np.arange(table.num_rows, dtype=np.int64), per_row)
        first_edge = np.concatenate(([0], np.cumsum(per_row)[:-1])).astype(np.int64)
        within = np.arange(len(rows), dtype=np.int64) - first_edge[rows]
        actor_offsets = np.concatenate(([0], np.cumsum(n_actors)[:-1])).astype(np.int64)
        target_offsets = np.concatenate(([0], np.cumsum(n_targets)[:-1])).astype(np.int64)
        flat_actors = _categories(pc.list_flatten(actor_lists))
        flat_targets = _categories(pc.list_flatten(target_lists))
        self.rows: npt.NDArray[np.int64] = rows
        self.actors_of = flat_actors[actor_offsets[rows] + within // n_targets[rows]]
        self.targets = flat_targets[target_offsets[rows] + within % n_targets[rows]]
        expanded = (n_actors > 1) | (n_targets > 1)
        self._expanded_rows = expanded
        stance_keys = self._stance_keys(table, actor_lists, target_lists)
        self.stance_keys = stance_keys[rows]
        edge_keys = self.stance_keys.copy()
        listed = np.flatnonzero(expanded[rows])
        if len(listed):
            edge_keys[listed] = [
                f"{k}#{a}>{t}"
                for k, a, t in zip(
                    self.stance_keys[listed].tolist(),
                    self.actors_of[listed].tolist(),
                    self.targets[listed].tolist(),
                    strict=True,
                )
            ]
        self.keys = edge_keys
        self.kinds = _categories(table.column("kind"))[rows]
        self.modalities = _categories(table.column("modality").fill_null("actual"))[rows]
        self.valence = table.column("valence").to_numpy(zero_copy_only=False)[rows]
        confidence = pc.cast(table.column("confidence"), pa.float64()).fill_null(np.nan)
        self.confidence = confidence.to_numpy(zero_copy_only=False)[rows]
        self._dates: dict[str, PartialDate] = {}
        start = self._bounds(table.column("start"))
        end = self._bounds(table.column("end"))
        reported = self._bounds(table.column("reported"))
        self.start_first, self.start_last = start[0][rows], start[1][rows]
        self.end_first, self.end_last = end[0][rows], end[1][rows]
        self._reported_last = reported[1]
        self._stance_start_first = start[0]
        self._stance_key_by_row = stance_keys

    # -- building ------------------------------------------------------------------------

    def _bounds(self, column: pa.ChunkedArray) -> tuple[npt.NDArray[np.int64], ...]:
        """First and last day ordinals of each row's date (OPEN for a missing one)."""
        import pyarrow.compute as pc

        unique = pc.unique(column).drop_null().to_pylist()
        first = np.full(len(unique) + 1, OPEN, dtype=np.int64)
        last = np.full(len(unique) + 1, OPEN, dtype=np.int64)
        for i, text in enumerate(unique):
            date = parse_date(text)
            self._dates[text] = date
            first[i], last[i] = date.first.toordinal(), date.last.toordinal()
        where = pc.index_in(column, value_set=pc.unique(column).drop_null())
        index = where.fill_null(len(unique)).to_numpy(zero_copy_only=False).astype(np.int64)
        return first[index], last[index]

    def _stance_keys(
        self, table: pa.Table, actor_lists: pa.ChunkedArray, target_lists: pa.ChunkedArray
    ) -> npt.NDArray[np.object_]:
        """Each stance's key: its id, or ``ACTOR>TARGET:KIND:START`` (``#2``... on a clash)."""
        import pyarrow.compute as pc

        ids = table.column("id")
        keys = _objects(ids)
        missing = np.flatnonzero(pc.is_null(ids).to_numpy(zero_copy_only=False))
        if len(missing):
            # only stances without an id (curated data; event imports always name theirs):
            # ACTOR>TARGET:KIND:START, and #2, #3... for the second and later of one base
            rows = table.take(missing)
            bases = pc.binary_join_element_wise(
                pc.binary_join(rows.column("actor"), "+"), ">",
                pc.binary_join(rows.column("target"), "+"), ":",
                rows.column("kind"), ":", rows.column("start"), "",
            )  # fmt: skip
            codes = pc.dictionary_encode(bases).combine_chunks().indices.to_numpy()
            order = np.argsort(codes, kind="stable")
            ordered = codes[order]
            starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
            counts = np.diff(np.r_[starts, len(ordered)])
            seen = np.empty(len(codes), dtype=np.int64)  # 1 for the first of a base, 2...
            seen[order] = np.arange(len(codes)) - np.repeat(starts, counts) + 1
            texts = _objects(bases)
            for i in np.flatnonzero(seen > 1).tolist():
                texts[i] = f"{texts[i]}#{seen[i]}"
            keys[missing] = texts
        return keys

    # -- the relations protocol Timeline reads -------------------------------------------------

    @property
    def stances(self) -> pa.Table:
        """The stances table (``len`` is the number of stances)."""
        return self.dataset.stances

    @cached_property
    def edges(self) -> Sequence[Edge]:
        """Every edge, made into a model :class:`~relgraph.model.Edge` only when indexed."""
        return EdgeView(self)

    @cached_property
    def actors(self) -> list[Actor]:
        """The actors, as model objects (a dataset has few)."""
        return [Actor.model_validate(_clean(row)) for row in self.dataset.actors.to_pylist()]

    @cached_property
    def sources(self) -> list[Source]:
        """The sources, as model objects."""
        if self.dataset.sources is None:
            return []
        return [Source.model_validate(_clean(row)) for row in self.dataset.sources.to_pylist()]

    @cached_property
    def actor_index(self) -> dict[str, Actor]:
        """Actors by id."""
        return {actor.id: actor for actor in self.actors}

    @cached_property
    def sha256(self) -> str | None:
        """The SHA-256 over the dataset's files (names and bytes, in name order)."""
        return None if self.source_path is None else _hash_dataset(Path(self.source_path))

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """The first and last day any date in the stances names, or None without stances."""
        if not len(self._stance_start_first):
            return None
        first = int(self._stance_start_first.min())
        candidates = [self.start_last, self.end_last, self._reported_last]
        last = max(int(c[c != OPEN].max()) for c in candidates if (c != OPEN).any())
        return dt.date.fromordinal(first), dt.date.fromordinal(last)

    def stance(self, row: int) -> Stance:
        """The stance of one row as a model object (for the few a query returns)."""
        record = _clean(self.dataset.stances.slice(row, 1).to_pylist()[0])
        for name in ("actor", "target"):
            if len(record[name]) == 1:
                record[name] = record[name][0]
        stance = Stance.model_validate(record)
        if stance.id is None:
            stance._key = str(self._stance_key_by_row[row])
        return stance

    def edge(self, index: int, actor: str | None = None, target: str | None = None) -> Edge:
        """Edge ``index`` as a model :class:`~relgraph.model.Edge` (folded ends if given)."""
        return Edge(
            str(self.keys[index]),
            self.stance(int(self.rows[index])),
            str(self.actors_of[index]) if actor is None else actor,
            str(self.targets[index]) if target is None else target,
        )

    def edge_items(
        self,
        ids: npt.NDArray[np.int64],
        actors: npt.NDArray[np.object_],
        targets: npt.NDArray[np.object_],
        certain: npt.NDArray[np.bool_],
    ) -> list[Any]:
        """``(actor, target, key, attributes)`` of these edges, as a slice's graph holds them.

        The attributes are those of DESIGN §2, made here for these edges only.
        """
        rows = self.rows[ids]
        # column by column (twice as fast as row records), only the columns an edge carries
        taken = self.dataset.stances.select(list(_EDGE_COLUMNS)).take(rows)
        c = {name: taken.column(name).to_pylist() for name in _EDGE_COLUMNS}
        dates = self._dates
        keys, stance_keys = self.keys, self.stance_keys
        items: list[Any] = []
        for (i, actor, target, sure, kind, label, valence, modality, mutual, start_text,
             end_text, reported, confidence, cameo, evidence, attrs_text) in zip(
            ids.tolist(), actors.tolist(), targets.tolist(), certain.tolist(), c["kind"],
            c["label"], c["valence"], c["modality"], c["mutual"], c["start"], c["end"],
            c["reported"], c["confidence"], c["cameo"], c["evidence"], c["attrs"], strict=True,
        ):  # fmt: skip
            start = dates[start_text]
            end = None if end_text is None else dates[end_text]
            attrs: dict[str, Any] = {
                "certain": sure,
                "stance": stance_keys[i],
                "kind": kind,
                "valence": valence,
                "sign": (valence > 0) - (valence < 0),
                "modality": modality or "actual",
                "mutual": bool(mutual),
                "evidence": [_clean(e) for e in evidence] if evidence else [],
                "attrs": json.loads(attrs_text) if attrs_text else {},
                "start": start.text,
                "start_day": start.first,
                "end_day": None if end is None else end.last,
                "approximate": start.approximate or (end is not None and end.approximate),
                "uncertain": start.uncertain or (end is not None and end.uncertain),
            }
            if end is not None:
                attrs["end"] = end.text
            # label, confidence and cameo in the order a YAML edge has them
            if label is not None:
                attrs["label"] = label
            if confidence is not None:
                attrs["confidence"] = confidence
            if cameo is not None:
                attrs["cameo"] = cameo
            if reported is not None:
                attrs["reported"] = reported
            items.append((actor, target, keys[i], attrs))
        return items


class EdgeView(Sequence[Edge]):
    """Some edges of columnar relations (default: all), made into model edges when indexed.

    ``actors`` and ``targets`` give the ends to show (a roll-up folds them).
    """

    def __init__(
        self,
        columns: ColumnarRelations,
        ids: npt.NDArray[np.int64] | None = None,
        actors: npt.NDArray[np.object_] | None = None,
        targets: npt.NDArray[np.object_] | None = None,
    ) -> None:
        self._columns = columns
        self._ids = np.arange(len(columns.keys)) if ids is None else ids
        self._actors = columns.actors_of[self._ids] if actors is None else actors
        self._targets = columns.targets[self._ids] if targets is None else targets

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> Edge: ...

    @overload
    def __getitem__(self, index: slice) -> list[Edge]: ...

    def __getitem__(self, index: int | slice) -> Edge | list[Edge]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        return self._columns.edge(
            int(self._ids[index]), str(self._actors[index]), str(self._targets[index])
        )


def _objects(array: Any) -> npt.NDArray[np.object_]:
    values = array.to_pylist()
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _categories(array: Any) -> npt.NDArray[np.object_]:
    """An object array of few distinct values, each value one shared Python object."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    encoded = pc.dictionary_encode(array)
    values = _objects(encoded.dictionary)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return values[codes] if len(values) else np.empty(len(codes), dtype=object)


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for key, value in record.items():
        if value is None:
            continue
        if key == "codes" and isinstance(value, list):
            value = dict(value)
        elif key == "attrs" and isinstance(value, str):
            value = json.loads(value)
        cleaned[key] = value
    return cleaned


def read_columns(path: str | os.PathLike[str]) -> ColumnarRelations:
    """Read a dataset directory as :class:`ColumnarRelations`.

    Raises
    ------
    LoadError
        When the directory is not a valid dataset (every problem with file, row and column).
    """
    from relgraph.dataset import read_dataset

    return ColumnarRelations(read_dataset(path))
