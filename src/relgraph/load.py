"""Read a relations file exactly as written and report every problem precisely.

Every problem becomes a :class:`~relgraph.errors.Problem` printed as
``FILE:LINE:COL: field.path: message``; :class:`~relgraph.errors.LoadError` carries them all.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from pydantic import BaseModel, ValidationError

from relgraph import _yaml
from relgraph._fastyaml import fast_parse
from relgraph._gc import gc_paused
from relgraph._version import __version__
from relgraph._yaml import CoreScalar
from relgraph.errors import LoadError, Problem
from relgraph.model import Actor, Evidence, Relations, Source, Stance, cross_check, suggest

__all__ = ["parse_relations", "read_relations"]

Path = tuple[str | int, ...]


def read_relations(path: str | os.PathLike[str]) -> Relations:
    """Read and validate a relations file.

    Parameters
    ----------
    path : str or os.PathLike
        The YAML file.

    Returns
    -------
    Relations
        The validated file; ``source_path`` and ``sha256`` record where it came from.

    Raises
    ------
    LoadError
        When the file cannot be read, is not UTF-8, is not valid YAML or breaks the format;
        every problem is listed as ``FILE:LINE:COL: field.path: message``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.yaml"
    >>> _ = path.write_text("actors:\\n  - {id: NO, name: Norway, kind: state}\\n")
    >>> read_relations(path).actors[0].id
    'NO'
    """
    name = os.fspath(path)
    try:
        size = os.stat(name).st_size
        if size > _yaml.MAX_FILE_BYTES:
            raise LoadError(
                [
                    Problem(
                        name,
                        0,
                        0,
                        "",
                        f"the file is {size:,} bytes, more than "
                        f"the limit of {_yaml.MAX_FILE_BYTES:,}",
                    )
                ]
            )
        with open(name, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        reason = error.strerror or str(error)
        raise LoadError([Problem(name, 0, 0, "", f"cannot read the file: {reason}")]) from None
    text, problems = _yaml.decode(raw)
    if text is None:
        raise LoadError([_problem(name, p) for p in problems])
    relations = parse_relations(text, name=name)
    relations._source_path = name
    relations._sha256 = hashlib.sha256(raw).hexdigest()
    return relations


def parse_relations(text: str, *, name: str = "<string>") -> Relations:
    """Validate relations from YAML text.

    Parameters
    ----------
    text : str
        The YAML document.
    name : str
        The name to show in error messages.

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
    if text.startswith("\ufeff"):
        text = text[1:]
    with gc_paused():
        relations = _fast(text)
        if relations is not None:
            return relations
        return _exact(text, name)


def _fast(text: str) -> Relations | None:
    """Parse and validate without positions; None when anything is wrong (then: exact)."""
    try:
        data = fast_parse(text)
    except _yaml.NeedsSlowPath:
        return None
    if not isinstance(data, dict) or cross_check(data):
        return None
    try:
        return Relations.model_validate(data, context={"skip_cross_check": True})
    except ValidationError:
        return None


def _exact(text: str, name: str) -> Relations:
    doc = _yaml.compose(text)
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
                f"the file must be a mapping with 'actors' and 'stances' (got {_describe(data)})",
            )
        )
    if problems:
        raise LoadError(problems)
    try:
        relations = Relations.model_validate(data, context={"skip_cross_check": True})
    except ValidationError as error:
        relations = None
        problems.extend(_validation_problems(name, error, data, doc))
    for path, message in cross_check(data):
        problems.append(_located(name, doc, path, message))
    if problems or relations is None:
        raise LoadError(list(dict.fromkeys(problems)))
    return relations


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


def _describe(value: Any) -> str:
    if isinstance(value, CoreScalar):
        return "nothing" if value.value is None else repr(value.text)
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value)
    return repr(value)


_MODELS: dict[tuple[str | int, ...], type[BaseModel]] = {
    (): Relations,
    ("sources", 0): Source,
    ("actors", 0): Actor,
    ("stances", 0): Stance,
    ("stances", 0, "evidence", 0): Evidence,
}


def _model_at(path: Path) -> type[BaseModel] | None:
    shape = tuple(0 if isinstance(part, int) else part for part in path)
    return _MODELS.get(shape)


def _has(value: Any, part: Any) -> bool:
    if isinstance(value, dict):
        return isinstance(part, str) and part in value
    return isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)


def _walk(data: Any, loc: tuple[Any, ...], missing: bool) -> tuple[Path, Any, bool]:
    """Follow a pydantic error location through the data, dropping union-member tags."""
    path: list[str | int] = []
    value = data
    found = True
    for index, part in enumerate(loc):
        if _has(value, part):
            path.append(part)
            value = value[part]
        elif missing and index == len(loc) - 1 and isinstance(part, str):
            path.append(part)
            value, found = None, False
        # otherwise a union member's tag (e.g. 'str', 'list[...]'): not a place in the file
    return tuple(path), value, found


def _validation_problems(
    name: str, error: ValidationError, data: Any, doc: _yaml.Composed
) -> list[Problem]:
    entries: list[tuple[Path, str, Any, bool, dict[str, Any]]] = []
    for detail in error.errors(include_url=False):
        path, value, found = _walk(data, tuple(detail["loc"]), detail["type"] == "missing")
        entries.append((path, detail["type"], value, found, {**detail}))
    # A union (an id or a list of ids) reports each member's failure: keep the member that
    # fits the value's shape, or name all members when none does.
    type_errors = {"string_type", "list_type", "dict_type"}
    deep = {path for path, kind, *_ in entries if kind not in type_errors}
    expected: dict[Path, list[str]] = {}
    problems = []
    for path, kind, value, found, item in entries:
        if kind in type_errors:
            if any(p[: len(path)] == path for p in deep):
                continue
            if path in expected:
                expected[path].append(_TYPE_NAMES[kind])
                continue
            expected[path] = [_TYPE_NAMES[kind]]
        problems.append((path, kind, value, found, item))
    return [
        _message(name, doc, path, kind, value, found, item, expected.get(path))
        for path, kind, value, found, item in problems
    ]


_TYPE_NAMES = {
    "string_type": "text",
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _message(
    name: str,
    doc: _yaml.Composed,
    path: Path,
    kind: str,
    value: Any,
    found: bool,
    item: dict[str, Any],
    alternatives: list[str] | None,
) -> Problem:
    got = _describe(value)
    field = path[-1] if path else ""
    if kind == "missing":
        return _located(name, doc, path, "required field is missing")
    if kind == "extra_forbidden":
        model = _model_at(path[:-1])
        hint = suggest(str(field), model.model_fields) if model is not None else ""
        allowed = ""
        if model is not None and not hint:
            allowed = f" (allowed: {', '.join(model.model_fields)})"
        return _located(name, doc, path, f"unknown field {field!r}{hint}{allowed}", key=True)
    if kind == "literal_error" and path == ("version",):
        return _located(
            name,
            doc,
            path,
            f"format version {got} is not supported: this relgraph {__version__} reads version 1",
        )
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",")]
        choices = [c for c in choices if c]
        text = value.text if isinstance(value, CoreScalar) else str(value)
        hint = suggest(text, choices) if isinstance(value, str | CoreScalar) else ""
        return _located(name, doc, path, f"must be one of {', '.join(choices)} (got {got}){hint}")
    if kind in _TYPE_NAMES:
        expected = " or ".join(alternatives or [_TYPE_NAMES[kind]])
        extra = ""
        if isinstance(value, str) and not isinstance(_yaml.core_value(value), str):
            extra = "; remove the quotes"
        return _located(name, doc, path, f"must be {expected} (got {got}){extra}")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = {"valence": "-1 and 1", "confidence": "0 and 1"}.get(str(field))
        shown = value.text if isinstance(value, CoreScalar) else got
        text = f"must be between {bounds}" if bounds else item["msg"].lower()
        return _located(name, doc, path, f"{text} (got {shown})")
    if kind == "finite_number":
        return _located(name, doc, path, f"must be a finite number (got {got})")
    if kind == "string_pattern_mismatch":
        if field == "cameo":
            text = "must be a CAMEO code of 2 to 4 digits"
        else:
            text = "must be an id of letters, digits and _ . - : (no spaces)"
        return _located(name, doc, path, f"{text} (got {got})")
    if kind == "too_short":
        return _located(name, doc, path, f"must not be empty (got {got})")
    if kind == "end_before_start":
        return _located(name, doc, (*path, "end"), item["msg"])
    if kind == "self_loop":
        return _located(name, doc, (*path, "target"), item["msg"])
    if kind == "repeated_id":
        return _located(name, doc, path, item["msg"])
    return _located(name, doc, path, item["msg"])
