"""Read YAML exactly as written, with every node's position.

The file is parsed by libyaml's C parser (through PyYAML's event API) and composed here,
without recursion, into plain containers:

- mappings become ``dict`` with ``str`` keys (the key's text as written), sequences ``list``;
- a quoted or block scalar, or a plain scalar that the YAML 1.2 core schema reads as a
  string, becomes ``str``;
- a plain scalar that the core schema reads as null, a boolean or a number becomes a
  :class:`CoreScalar`, which keeps the text as written beside the value, so that a text field
  can keep ``NO``, ``0777`` or ``1e3`` while ``valence: 0.5`` is a number.

Anchors and aliases, tags, several documents, non-text keys, duplicate keys, nesting deeper
than :data:`MAX_DEPTH` and scalars longer than :data:`MAX_SCALAR` are reported as problems;
nothing is ever constructed from a tag, so no input can run code or expand exponentially.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_SCALAR",
    "Composed",
    "CoreScalar",
    "NeedsSlowPath",
    "RawProblem",
    "compose",
    "core_value",
    "decode",
]

MAX_DEPTH = 64
MAX_SCALAR = 1 << 20
MAX_FILE_BYTES = 1 << 30

Path = tuple[str | int, ...]

_NULL = re.compile(r"null|Null|NULL|~|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")
# Everything a core-schema null, bool, int or float can start with; other text is a string.
CORE_START = frozenset("nN~tTfF0123456789-+.")


class NeedsSlowPath(Exception):
    """The fast parser met something only the exact path reports precisely."""


class CoreScalar:
    """A plain scalar that the YAML 1.2 core schema reads as null, a boolean or a number.

    ``text`` is the scalar as written and ``value`` the core-schema value.

    Examples
    --------
    >>> s = CoreScalar("0777")
    >>> s.text, s.value
    ('0777', 777)
    >>> CoreScalar("~").value is None
    True
    """

    __slots__ = ("text", "value")

    def __init__(self, text: str, value: Any = ...) -> None:
        self.text = text
        self.value = core_value(text) if value is ... else value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CoreScalar) and other.text == self.text

    def __hash__(self) -> int:
        return hash(("CoreScalar", self.text))

    def __repr__(self) -> str:
        return f"CoreScalar({self.text!r})"


_NOT_CORE = object()


def core_value(text: str) -> Any:
    """The YAML 1.2 core-schema value of a plain scalar, or ``text`` itself for a string.

    Examples
    --------
    >>> [core_value(t) for t in ["1e3", "0x1F", "NO", "-.5", "null"]]
    [1000.0, 31, 'NO', -0.5, None]
    """
    value = _core(text)
    return text if value is _NOT_CORE else value


def _core(text: str) -> Any:
    if not text:
        return None
    if text[0] not in CORE_START:
        return _NOT_CORE
    if _NULL.fullmatch(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        try:
            return int(text)
        except ValueError:  # longer than Python converts (4,300 digits): read it as a float
            return float(text)
    if _OCT.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INF.fullmatch(text):
        return -math.inf if text[0] == "-" else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    return _NOT_CORE


def plain_scalar(text: str) -> str | CoreScalar:
    """What a plain (unquoted) scalar becomes: a :class:`CoreScalar` or ``str``."""
    value = _core(text)
    return text if value is _NOT_CORE else CoreScalar(text, value)


@dataclass(frozen=True)
class RawProblem:
    """A problem at a 0-based line and column, with the path of the node it concerns."""

    line: int
    column: int
    path: Path
    message: str


@dataclass
class Composed:
    """The composed document, the position of every node, and the problems found on the way.

    ``positions[path]`` is the 0-based (line, column) of the value at ``path``;
    ``key_positions[path]`` that of the key naming it, for values inside a mapping.
    """

    data: Any = None
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[RawProblem] = field(default_factory=list)


def decode(raw: bytes) -> tuple[str | None, list[RawProblem]]:
    """Decode a file's bytes as UTF-8 (a BOM is dropped); report what is not UTF-8.

    Examples
    --------
    >>> decode(b"\\xef\\xbb\\xbfa: 1\\r\\n")[0]
    'a: 1\\r\\n'
    >>> decode(b"a: caf\\xe9\\n")[1][0].message
    'the file is not UTF-8 (byte 0xe9 cannot be decoded); save it as UTF-8'
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            RawProblem(
                0,
                0,
                (),
                "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start)
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1)
        byte = raw[error.start]
        return None, [
            RawProblem(
                line,
                column,
                (),
                f"the file is not UTF-8 (byte 0x{byte:02x} cannot be decoded); save it as UTF-8",
            )
        ]


class _Frame:
    __slots__ = ("container", "key", "key_mark", "path", "seen")

    def __init__(self, container: dict[str, Any] | list[Any], path: Path) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_mark: tuple[int, int] = (0, 0)
        self.seen: dict[str, int] = {}


def _yaml_message(error: yaml.YAMLError) -> str:
    if not isinstance(error, yaml.MarkedYAMLError):
        return f"yaml: {error}"
    problem = error.problem or "cannot be parsed"
    text = f"yaml: {problem}"
    if error.context:
        text += f" ({error.context}"
        if (
            error.context_mark is not None
            and error.problem_mark is not None
            and (error.context_mark.line != error.problem_mark.line)
        ):
            text += f" at line {error.context_mark.line + 1}"
        text += ")"
    return text


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number] if number < len(lines) else ""


def compose(text: str) -> Composed:
    """Parse ``text`` as one YAML document, keeping every node's position.

    Parameters
    ----------
    text : str
        The document.

    Returns
    -------
    Composed
        The data (``None`` where the document could not be parsed at all), positions and
        problems. A syntax error stops the parse; every other problem is collected and the
        parse goes on.

    Examples
    --------
    >>> doc = compose("a: NO\\nb: [1, 'x']\\n")
    >>> doc.data
    {'a': 'NO', 'b': [CoreScalar('1'), 'x']}
    >>> doc.positions[("b", 1)]
    (1, 7)
    >>> [p.message for p in compose("a: 1\\na: 2\\n").problems]
    ["duplicate key 'a' (first at line 1)"]
    """
    result = Composed()
    problems = result.problems
    positions = result.positions
    key_positions = result.key_positions
    stack: list[_Frame] = []
    documents = 0
    root: list[Any] = []
    aliased: set[str] = set()  # each anchor's aliases are reported once

    def place(value: Any, mark: tuple[int, int]) -> Path | None:
        """Put a finished node into its parent; return its path (None when dropped)."""
        if not stack:
            root.append(value)
            positions[()] = mark
            return ()
        frame = stack[-1]
        container = frame.container
        if isinstance(container, list):
            path = (*frame.path, len(container))
            container.append(value)
            positions[path] = mark
            return path
        if frame.key is None:
            # this node is a key
            if not isinstance(value, str | CoreScalar):
                problems.append(
                    RawProblem(
                        *mark,
                        frame.path,
                        "a key must be plain text, not a "
                        f"{'mapping' if isinstance(value, dict) else 'list'}",
                    )
                )
                frame.key = "\x00invalid"
            else:
                frame.key = value if isinstance(value, str) else value.text
            frame.key_mark = mark
            return None
        key = frame.key
        frame.key = None
        if key == "\x00invalid":
            return None
        path = (*frame.path, key)
        if key in frame.seen:
            problems.append(
                RawProblem(
                    *frame.key_mark,
                    path,
                    f"duplicate key {key!r} (first at line {frame.seen[key] + 1})",
                )
            )
            return None
        frame.seen[key] = frame.key_mark[0]
        assert isinstance(container, dict)
        container[key] = value
        positions[path] = mark
        key_positions[path] = frame.key_mark
        return path

    def current_path() -> Path:
        if not stack:
            return ()
        frame = stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        return frame.path if frame.key is None else (*frame.path, frame.key)

    def check_node(event: Any, mark: tuple[int, int]) -> None:
        if event.anchor is not None:
            problems.append(
                RawProblem(
                    *mark,
                    current_path(),
                    f"anchors (&{event.anchor}) and aliases are "
                    "not supported: write the value out in full",
                )
            )
        if event.tag is not None and event.tag != "!":
            problems.append(
                RawProblem(
                    *mark,
                    current_path(),
                    f"tags such as {event.tag!r} are not supported: write plain values",
                )
            )

    parser = yaml.CBaseLoader(text)
    try:
        while True:
            event: Any = parser.get_event()
            kind = type(event)
            mark = (event.start_mark.line, event.start_mark.column)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    check_node(event, mark)
                value: Any = event.value
                if len(value) > MAX_SCALAR:
                    problems.append(
                        RawProblem(
                            *mark,
                            current_path(),
                            f"a value of {len(value):,} "
                            f"characters is longer than the limit of {MAX_SCALAR:,}",
                        )
                    )
                    value = ""
                if event.style == "" and event.tag is None:
                    value = plain_scalar(value)
                place(value, mark)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    check_node(event, mark)
                container: Any = {} if kind is yaml.MappingStartEvent else []
                if len(stack) >= MAX_DEPTH:
                    problems.append(
                        RawProblem(
                            *mark,
                            current_path(),
                            f"nesting deeper than {MAX_DEPTH} levels is not supported",
                        )
                    )
                    return result
                path = place(container, mark)
                stack.append(_Frame(container, path if path is not None else ("\x00",)))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.AliasEvent:
                if event.anchor in aliased:
                    place(None, mark)
                    continue
                aliased.add(event.anchor)
                problems.append(
                    RawProblem(
                        *mark,
                        current_path(),
                        f"aliases (*{event.anchor}) are not "
                        "supported: write the value out in full",
                    )
                )
                place(None, mark)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents == 2:
                    problems.append(
                        RawProblem(
                            *mark,
                            (),
                            "the file holds several YAML documents; "
                            "relgraph reads one (remove the '---' separator)",
                        )
                    )
                    break
            elif kind is yaml.StreamEndEvent:
                break
    except yaml.YAMLError as error:
        mark_obj = getattr(error, "problem_mark", None)
        line, column = (mark_obj.line, mark_obj.column) if mark_obj is not None else (0, 0)
        message = _yaml_message(error)
        if "\t" in _line(text, line)[: column + 1]:
            message += "; YAML does not allow tabs for indentation: indent with spaces"
        problems.append(RawProblem(line, column, current_path(), message))
        return result
    finally:
        parser.dispose()
    if root:
        result.data = root[0]
    return result
