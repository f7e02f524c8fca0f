"""Read a relations file exactly as written and report every problem precisely.

- :func:`read_relations` reads a file with a bound (:class:`Limits`), :func:`parse_relations`
  validates text; both return :class:`~relgraph.model.Relations` (a dataset directory is
  handed to :mod:`relgraph.columnar`).
- :mod:`relgraph.load._yaml` composes the YAML from libyaml's events (with positions when a
  problem must be located).
- :mod:`relgraph.load.messages` words every problem (a table of small formatters).

Every problem becomes a :class:`~relgraph.errors.Problem` printed as
``FILE:LINE:COL: field.path: message``; :class:`~relgraph.errors.LoadError` carries them all.
A valid file is read once, without positions; a file with a problem is read a second time with
them, to say where each problem is.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import select
import stat
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from relgraph._gc import gc_paused
from relgraph.errors import LoadError, Problem
from relgraph.load import _yaml
from relgraph.load.messages import TYPE_NAMES, FieldError, describe, field_message
from relgraph.model import (
    EDGES,
    EDGES_PER_STANCE,
    FREE_FORM_FIELDS,
    VALUE_FIELDS,
    Actor,
    Evidence,
    Relations,
    Source,
    Stance,
    cross_check,
)

if TYPE_CHECKING:
    from relgraph.columnar import ColumnarRelations

__all__ = [
    "FILE_BYTES",
    "MEMORY_PER_BYTE",
    "PIPE_WAIT",
    "Limits",
    "parse_relations",
    "read_relations",
    "shown_path",
]

FILE_BYTES = 128 << 20
"""The largest file :func:`read_relations` reads by default (128 MiB); see :class:`Limits`."""
MEMORY_PER_BYTE = 13
"""Peak memory of a load per byte of the file, as measured on the 100k-stance benchmark file
(22 MB: 273 MiB more at the peak): the file's bytes, the composed data and the models."""
PIPE_WAIT = 10.0
"""Seconds to wait for a writer on a named pipe (FIFO) before giving up."""

Path = tuple[str | int, ...]
_LOADER = {"skip_cross_check": True}  # the models leave the rules to cross_check


@dataclass(frozen=True)
class Limits:
    """What the loader refuses up front, so that no file makes a command exhaust memory.

    Attributes
    ----------
    file_bytes : int
        The largest file read (default :data:`FILE_BYTES`, 128 MiB, about 600,000 stances).
        Loading takes about :data:`MEMORY_PER_BYTE` (13) times the file in memory at its
        peak, so a file at the limit needs about 1.7 GB, what a laptop spares beside the
        browser that shows the page; larger data belongs in a columnar dataset
        (:mod:`relgraph.dataset`), which is read without a Python object per row.
    edges_per_stance : int
        The most edges one stance may expand to, ``len(actor) × len(target)`` (default
        10,000: every UN member toward 50 others). Each edge becomes a graph edge in every
        slice and on every page where it is in force; 2,000 × 2,000 actors would be four
        million edges from a 189 kB file.
    edges : int
        The most edges all stances of a file may expand to (default 2,000,000: a file at the
        size limit holds about 600,000 stances of one edge each). A slice holds about a
        kilobyte an edge, so the default bounds a slice of everything near 2 GB, as the file
        size limit bounds the load; many stances each just below ``edges_per_stance`` would
        otherwise multiply a small file into tens of millions of edges.

    Examples
    --------
    >>> Limits().edges_per_stance
    10000
    >>> parse_relations('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state},
    ...          {id: C, name: C, kind: state}]
    ... stances: [{actor: A, target: [B, C], kind: other, valence: 0, start: 2024}]
    ... ''', limits=Limits(edges_per_stance=1))
    Traceback (most recent call last):
    ...
    relgraph.errors.LoadError: 1 problem in <string>
    <string>:4:30: stances[0].target: expands to 1 actors × 2 targets = 2 edges, more than ...
    """

    file_bytes: int = FILE_BYTES
    edges_per_stance: int = EDGES_PER_STANCE
    edges: int = EDGES


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as text that any output can carry: bytes that are not UTF-8 become ``\\xNN``.

    A file name need not be UTF-8; Python keeps such bytes as lone surrogates, which no
    UTF-8 output (a page, JSON, a terminal) can write.

    Examples
    --------
    >>> shown_path(os.fsdecode(b"caf\\xe9.yaml"))
    'caf\\\\xe9.yaml'
    """
    name = os.fspath(path)
    if isinstance(name, bytes):
        return name.decode("utf-8", "backslashreplace")
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def read_relations(
    path: str | os.PathLike[str], *, limits: Limits | None = None
) -> Relations | ColumnarRelations:
    """Read and validate a relations file, or a dataset directory.

    Parameters
    ----------
    path : str or os.PathLike
        The YAML file: a regular file, or a pipe (``<(command)`` in a shell); or a dataset
        directory (DESIGN §5), read as columns.
    limits : Limits, optional
        The file size and expansion limits (default :class:`Limits`).

    Returns
    -------
    Relations or ColumnarRelations
        The validated file; ``source_path`` (as text, see :func:`shown_path`) and ``sha256``
        record where it came from. A dataset directory gives
        :class:`~relgraph.columnar.ColumnarRelations`: Arrow and numpy columns, never one
        object per stance.

    Raises
    ------
    LoadError
        When the file cannot be read, is larger than the limit, is not a regular file or a
        pipe, is not UTF-8, is not valid YAML or breaks the format; every problem is listed as
        ``FILE:LINE:COL: field.path: message``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.yaml"
    >>> _ = path.write_text("actors:\\n  - {id: NO, name: Norway, kind: state}\\n")
    >>> read_relations(path).actors[0].id
    'NO'
    """
    limits = limits or Limits()
    name = os.fspath(path)
    if os.path.isdir(name):
        from relgraph.dataset import is_dataset

        if is_dataset(name):
            from relgraph.columnar import read_columns

            return read_columns(name)
    shown = shown_path(name)
    try:
        raw = _read_bounded(name, limits.file_bytes)
    except _Refused as refused:
        raise LoadError([Problem(shown, 0, 0, "", str(refused))]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise LoadError([Problem(shown, 0, 0, "", f"cannot read the file: {reason}")]) from None
    sha256 = hashlib.sha256(raw).hexdigest()
    source, problems = _yaml.utf8(raw)
    del raw
    if source is None:
        raise LoadError([_problem(shown, p) for p in problems])
    relations = _parse(source, shown, limits)
    relations._source_path = shown
    relations._sha256 = sha256
    return relations


def parse_relations(
    text: str, *, name: str = "<string>", limits: Limits | None = None
) -> Relations:
    """Validate relations from YAML text.

    Parameters
    ----------
    text : str
        The YAML document.
    name : str
        The name to show in error messages.
    limits : Limits, optional
        The expansion limit (default :class:`Limits`).

    Returns
    -------
    Relations

    Raises
    ------
    LoadError
        When the text is not valid YAML or breaks the format; lists every problem.

    Examples
    --------
    >>> parse_relations("actors:\\n  - {id: EGY, name: Egypt, kind: state}\\n").actors[0].name
    'Egypt'
    >>> parse_relations("actors:\\n  - {id: EGY, name: Egypt, kind: stat}\\n", name="r.yaml")
    Traceback (most recent call last):
    ...
    relgraph.errors.LoadError: 1 problem in r.yaml
    r.yaml:2:34: actors[0].kind: must be one of ... (got 'stat'); did you mean 'state'?
    """
    name = shown_path(name)
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        source = text.encode("utf-8")
    except UnicodeEncodeError as error:  # a lone surrogate, from Python: no file holds one
        before = text[: error.start]
        line, column = before.count("\n"), error.start - (before.rfind("\n") + 1)
        char = f"U+{ord(text[error.start]):04X}"
        raise LoadError(
            [Problem(name, line + 1, column + 1, "", f"a lone surrogate ({char}) is not text")]
        ) from None
    return _parse(source, name, limits or Limits())


def _parse(source: bytes, name: str, limits: Limits) -> Relations:
    """Validate UTF-8 YAML: once without positions, and again with them if there is a problem."""
    with gc_paused():
        doc = _yaml.compose(source, values=VALUE_FIELDS, free_form=FREE_FORM_FIELDS)
        data, failed = doc.data, bool(doc.problems)
        del doc
        if failed or not isinstance(data, dict):
            del data
            raise LoadError(_problems(source, name, limits))
        crossed = cross_check(data, edges_per_stance=limits.edges_per_stance, edges=limits.edges)
        if not crossed:
            relations = _validate_consuming(data)
            if relations is not None:
                return relations
            # the data was consumed on the way: compose it again to find the problems
            data = _yaml.compose(source, values=VALUE_FIELDS, free_form=FREE_FORM_FIELDS).data
        try:
            Relations.model_validate(data, context=_LOADER)
            invalid = None
        except ValidationError as error:
            invalid = error
        raise LoadError(_located_problems(source, name, data, invalid, crossed))


def _validate_consuming(data: dict[str, Any]) -> Relations | None:
    """The validated relations, or None when a field is invalid; ``data`` is consumed.

    Each stance's raw mapping is dropped as soon as its model is built, so that the raw data
    and the models are not both held whole: the peak memory of a load is a sixth lower.
    """
    stances = data.get("stances")
    try:
        if isinstance(stances, list):
            validate = Stance.model_validate
            for index, raw in enumerate(stances):
                stances[index] = validate(raw, context=_LOADER)
        return Relations.model_validate(data, context=_LOADER)
    except ValidationError:
        return None


# -- reading with a bound -------------------------------------------------------------------


class _Refused(Exception):
    """A file the loader will not read (its message says why)."""


def _read_bounded(name: str, limit: int) -> bytes:
    """The bytes of a regular file or a pipe, refusing more than ``limit`` bytes.

    A named pipe is opened without blocking, so that one with no writer cannot hang the
    read; a device such as ``/dev/zero`` is refused, as it never ends.
    """
    nonblocking = getattr(os, "O_NONBLOCK", 0)  # POSIX only; Windows has no FIFOs to fear
    fd = os.open(name, os.O_RDONLY | nonblocking)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISREG(mode):
            size = os.fstat(fd).st_size
            if size > limit:
                raise _Refused(_too_large(size, limit))
        elif stat.S_ISFIFO(mode):
            _wait_for_writer(fd)
        elif stat.S_ISDIR(mode):
            raise _Refused(
                "is a directory without a dataset.json: neither a relations file nor a dataset"
            )
        else:
            kind = "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"
            raise _Refused(f"is {kind}: relgraph reads regular files and pipes")
        if nonblocking:
            os.set_blocking(fd, True)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise _Refused(_too_large(limit, limit, exact=False))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(size: int, limit: int, *, exact: bool = True) -> str:
    cost = _amount(size * MEMORY_PER_BYTE)
    if exact:
        head = f"the file is {size:,} bytes, more than the limit of {limit:,} (Limits.file_bytes)"
    else:  # a pipe: read up to the limit, and no further
        head = f"the file is larger than the limit of {limit:,} bytes (Limits.file_bytes)"
    return (
        f"{head}: loading it would take {'about' if exact else 'more than'} {cost} of memory; "
        "raise the limit to read it anyway, or keep data this large as a columnar dataset"
    )


def _amount(size: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{max(1, round(size / 1e3))} kB"


def _wait_for_writer(fd: int) -> None:
    # An anonymous pipe (``<(command)``) has had a writer from the start: wait for it as long
    # as it takes. A named pipe may never get one: wait PIPE_WAIT seconds.
    anonymous = False
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            anonymous = os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:")
    poll = select.poll()
    poll.register(fd, select.POLLIN)
    if not poll.poll(None if anonymous else PIPE_WAIT * 1000):
        raise _Refused(
            f"is a named pipe and nothing wrote to it within {PIPE_WAIT:g} s: "
            "relgraph reads regular files and pipes with data"
        )


# -- locating and wording the problems ------------------------------------------------------


def _problems(source: bytes, name: str, limits: Limits) -> list[Problem]:
    """Every problem of a file that did not compose into a mapping, read again with positions."""
    doc = _yaml.compose(source, values=VALUE_FIELDS, free_form=FREE_FORM_FIELDS, positions=True)
    problems = [_problem(name, p) for p in doc.problems]
    data = doc.data
    if data is None and not problems:
        problems.append(
            Problem(
                name, 1, 1, "", "the file is empty: expected a mapping with 'actors' and 'stances'"
            )
        )
    elif data is not None and not isinstance(data, dict):
        line, column = doc.positions.get((), (0, 0))
        problems.append(
            Problem(
                name,
                line + 1,
                column + 1,
                "",
                f"the file must be a mapping with 'actors' and 'stances' (got {describe(data)})",
            )
        )
    if problems:
        return problems
    crossed = cross_check(data, edges_per_stance=limits.edges_per_stance, edges=limits.edges)
    try:
        Relations.model_validate(data, context=_LOADER)
        invalid = None
    except ValidationError as error:
        invalid = error
    return _located_problems(source, name, data, invalid, crossed)


def _located_problems(
    source: bytes,
    name: str,
    data: dict[str, Any],
    invalid: ValidationError | None,
    crossed: list[tuple[Path, str]],
) -> list[Problem]:
    """Field errors and rule problems, located by reading the text again with positions, only
    in the records that have a problem (so a large file with a few problems stays cheap)."""
    errors = _field_errors(invalid, data) if invalid is not None else []
    within = frozenset(path[:2] for path in [*(e.path for e in errors), *(p for p, _ in crossed)])
    doc = _yaml.compose(
        source, values=VALUE_FIELDS, free_form=FREE_FORM_FIELDS, positions=True, within=within
    )
    problems = []
    for error in errors:
        worded = FieldError(
            error.path,
            error.kind,
            error.value,
            doc.texts.get(error.path),
            error.message,
            error.context,
            error.allowed,
            error.alternatives,
        )
        key = error.kind == "extra_forbidden"
        problems.append(_located(name, doc, error.path, field_message(worded), key=key))
    for path, message in crossed:
        problems.append(_located(name, doc, path, message))
    return list(dict.fromkeys(problems))


def _problem(name: str, raw: _yaml.RawProblem) -> Problem:
    return Problem(name, raw.line + 1, raw.column + 1, _format_path(raw.path), raw.message)


def _format_path(path: Path) -> str:
    if len(path) > 12:
        return f"{_format_path(path[:4])}...{_format_path(path[-2:])}"
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _located(
    name: str, doc: _yaml.Composed, path: Path, message: str, *, key: bool = False
) -> Problem:
    where = doc.key_positions.get(path) if key else None
    probe = path
    while where is None:
        where = doc.positions.get(probe)
        if not probe:
            break
        probe = probe[:-1]
    line, column = where if where is not None else (0, 0)
    return Problem(name, line + 1, column + 1, _format_path(path), message)


_MODELS: dict[Path, type[BaseModel]] = {
    (): Relations,
    ("sources", 0): Source,
    ("actors", 0): Actor,
    ("stances", 0): Stance,
    ("stances", 0, "evidence", 0): Evidence,
}


def _model_at(path: Path) -> type[BaseModel] | None:
    return _MODELS.get(tuple(0 if isinstance(part, int) else part for part in path))


def _has(value: Any, part: Any) -> bool:
    if isinstance(value, dict):
        return isinstance(part, str) and part in value
    return isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)


def _walk(data: Any, loc: tuple[Any, ...], missing: bool) -> tuple[Path, Any]:
    """Follow a pydantic error location through the data, dropping union-member tags."""
    path: list[str | int] = []
    value = data
    for index, part in enumerate(loc):
        if _has(value, part):
            path.append(part)
            value = value[part]
        elif missing and index == len(loc) - 1 and isinstance(part, str):
            path.append(part)
            value = None
        # otherwise a union member's tag (e.g. 'str', 'list[...]'): not a place in the file
    return tuple(path), value


_TYPE_ERRORS = {"string_type", "list_type", "dict_type"}


def _field_errors(error: ValidationError, data: Any) -> list[FieldError]:
    """Pydantic's errors as field errors at their places in the file, one per problem."""
    entries: list[FieldError] = []
    for detail in error.errors(include_url=False):
        kind = detail["type"]
        path, value = _walk(data, tuple(detail["loc"]), kind == "missing")
        model = _model_at(path[:-1]) if kind == "extra_forbidden" else None
        entries.append(
            FieldError(
                path,
                kind,
                value,
                None,
                detail["msg"],
                dict(detail.get("ctx") or {}),
                tuple(model.model_fields) if model is not None else (),
            )
        )
    # A union (an id or a list of ids) reports each member's failure: keep the member that
    # fits the value's shape, or name all members when none does.
    deep = {e.path for e in entries if e.kind not in _TYPE_ERRORS}
    expected: dict[Path, list[str]] = {}
    kept: list[FieldError] = []
    for entry in entries:
        if entry.kind in _TYPE_ERRORS:
            if any(p[: len(entry.path)] == entry.path for p in deep):
                continue
            if entry.path in expected:
                expected[entry.path].append(TYPE_NAMES[entry.kind])
                continue
            expected[entry.path] = [TYPE_NAMES[entry.kind]]
        kept.append(entry)
    return [
        FieldError(e.path, e.kind, e.value, alternatives=expected[e.path])
        if e.path in expected and len(expected[e.path]) > 1
        else e
        for e in kept
    ]
