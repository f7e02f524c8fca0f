"""Read YAML exactly as written, from libyaml's events, with every node's position.

The file is parsed by libyaml's C parser (through PyYAML's event API) and composed here,
without recursion, into plain containers:

- mappings become ``dict`` with ``str`` keys (the key's text as written), sequences ``list``;
- a quoted or block scalar is ``str``;
- a plain scalar is its text, or None when it means nothing (``~``, ``null``, empty), except
  where the format wants a value (a key named in ``values``, or anywhere under a key named in
  ``free_form``): there it takes the YAML 1.2 core schema's reading (:mod:`relgraph._scalar`).

So the models receive plain Python values and need no per-field conversion. Anchors and
aliases, tags, several documents, non-text keys, duplicate keys, nesting deeper than
:data:`MAX_DEPTH`, scalars longer than :data:`MAX_SCALAR` and control characters in text are
reported as problems; nothing is ever constructed from a tag, so no input can run code or
expand exponentially.

Positions cost memory, so :func:`compose` records them only when asked (``positions=True``):
the loader reads a file once without them, and once more with them only when it has a
problem to locate.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from relgraph._scalar import NOT_CORE, core_value, is_null

__all__ = ["MAX_DEPTH", "MAX_SCALAR", "Composed", "RawProblem", "compose", "utf8"]

MAX_DEPTH = 64
MAX_SCALAR = 1 << 20

Path = tuple[str | int, ...]

# Characters no output can carry faithfully: C0 controls but tab and line feed, DEL, C1
# controls, and the noncharacters U+FFFE/U+FFFF (not allowed in XML; a lone CR splits a CSV
# row; escapes drive terminals). libyaml refuses them written raw; a double-quoted scalar can
# still spell them with an escape (``"\e[31m"``), so those are checked here.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def control_message(char: str) -> str:
    """The problem with a control character in text, the character shown as an escape.

    Examples
    --------
    >>> control_message("\\x1b")
    "control character '\\\\x1b' (U+001B) is not allowed in text: remove it"
    """
    return f"control character {char!r} (U+{ord(char):04X}) is not allowed in text: remove it"


@dataclass(frozen=True)
class RawProblem:
    """A problem at a 0-based line and column, with the path of the node it concerns."""

    line: int
    column: int
    path: Path
    message: str


@dataclass
class Composed:
    """The composed document and the problems found on the way.

    With ``positions=True``, ``positions[path]`` is the 0-based (line, column) of the value at
    ``path``, ``key_positions[path]`` that of the key naming it, and ``texts[path]`` the text
    as written of a plain scalar that was read as a number, a boolean or null.
    """

    data: Any = None
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    problems: list[RawProblem] = field(default_factory=list)


def utf8(raw: bytes) -> tuple[bytes | None, list[RawProblem]]:
    """Check that a file's bytes are UTF-8; return them without a BOM, or say what is wrong.

    The reader takes UTF-8 bytes as they are: a decoded text can take four times the file.

    Examples
    --------
    >>> utf8(b"\\xef\\xbb\\xbfa: 1\\r\\n")[0]
    b'a: 1\\r\\n'
    >>> utf8(b"a: caf\\xe9\\n")[1][0].message
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
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 20
    for offset in range(0, len(raw), step):  # in slices: never the whole text at once
        pending = len(decoder.getstate()[0])  # the bytes of a character cut by the slice
        try:
            decoder.decode(raw[offset : offset + step], final=offset + step >= len(raw))
        except UnicodeDecodeError as error:
            return None, [_not_utf8(raw, offset - pending + error.start)]
    return raw, []


def _not_utf8(raw: bytes, start: int) -> RawProblem:
    line = raw.count(b"\n", 0, start)
    column = start - (raw.rfind(b"\n", 0, start) + 1)
    return RawProblem(
        line,
        column,
        (),
        f"the file is not UTF-8 (byte 0x{raw[start]:02x} cannot be decoded); save it as UTF-8",
    )


class _Frame:
    __slots__ = ("container", "core", "key", "key_mark", "path", "record")

    def __init__(
        self, container: dict[str, Any] | list[Any], path: Path, core: bool, record: bool
    ) -> None:
        self.container = container
        self.path = path
        self.core = core
        self.record = record
        self.key: str | None = None
        self.key_mark: tuple[int, int] = (0, 0)


_INVALID_KEY = "\x00invalid"


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


def _syntax_problem(source: bytes, error: yaml.YAMLError, path: Path) -> RawProblem:
    if isinstance(error, yaml.reader.ReaderError):
        # libyaml counts bytes of the UTF-8 text; the message names the character
        before = source[: error.position].decode("utf-8", "replace")
        line = before.count("\n")
        column = len(before) - (before.rfind("\n") + 1)
        char = chr(error.character) if isinstance(error.character, int) else "?"
        # libyaml reads ahead, so the node being composed is not where the character is
        return RawProblem(line, column, (), control_message(char))
    mark = getattr(error, "problem_mark", None)
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    message = _yaml_message(error)
    lines = source.decode("utf-8", "replace").split("\n")
    if "mapping values are not allowed" in message and line < len(lines):
        message += _quote_hint(lines[line])
    if "\t" in (lines[line] if line < len(lines) else "")[: column + 1]:
        message += "; YAML does not allow tabs for indentation: indent with spaces"
    return RawProblem(line, column, path, message)


_KEY_VALUE = re.compile(r"\s*(?:- )?([A-Za-z_]+): (.+?)\s*")


def _quote_hint(line: str) -> str:
    """A ': ' inside a plain value starts a mapping: show the value quoted."""
    hint = "; a ': ' inside text starts a mapping: put the whole text in quotes"
    match = _KEY_VALUE.fullmatch(line)
    if match is None or match.group(2).startswith(("'", '"')):
        return hint
    key, value = match.groups()
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{hint} ({key}: "{quoted}")'


def compose(
    source: bytes,
    *,
    values: frozenset[str] = frozenset(),
    free_form: frozenset[str] = frozenset(),
    positions: bool = False,
    within: frozenset[Path] | None = None,
) -> Composed:
    """Parse ``source`` as one YAML document.

    Parameters
    ----------
    source : bytes
        The document, UTF-8 (see :func:`utf8`).
    values : frozenset of str
        Keys whose plain scalar values take the core schema's reading (numbers, booleans).
    free_form : frozenset of str
        Keys under which every plain scalar takes the core schema's reading.
    positions : bool
        Whether to record every node's position (and the text of values read as numbers).
    within : frozenset of paths, optional
        With positions, record them only for the top level and under these paths of length
        two (records such as ``("stances", 7)``): where the problems are.

    Returns
    -------
    Composed
        The data (``None`` where the document could not be parsed at all) and problems. A
        syntax error stops the parse; every other problem is collected and the parse goes on.

    Examples
    --------
    >>> doc = compose(b"a: NO\\nb: [1, 'x', ~]\\nc: 1\\n", values=frozenset({"c"}), positions=True)
    >>> doc.data
    {'a': 'NO', 'b': ['1', 'x', None], 'c': 1}
    >>> doc.positions[("b", 1)], doc.texts[("c",)]
    ((1, 7), '1')
    >>> [p.message for p in compose(b"a: 1\\na: 2\\n", positions=True).problems]
    ["duplicate key 'a' (first at line 1)"]
    """
    result = Composed()
    problems = result.problems
    where = result.positions
    key_where = result.key_positions
    texts = result.texts
    stack: list[_Frame] = []
    documents = 0
    root: list[Any] = []
    aliased: set[str] = set()  # each anchor's aliases are reported once
    plain_text: dict[str, str | None] = {}  # each distinct text classified once, then shared
    plain_core: dict[str, Any] = {}

    def current_path() -> Path:
        if not stack:
            return ()
        frame = stack[-1]
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        return frame.path if frame.key is None else (*frame.path, frame.key)

    def place(value: Any, mark: tuple[int, int]) -> Path | None:
        """Put a finished node into its parent; return its path (None when dropped)."""
        if not stack:
            root.append(value)
            if positions:
                where[()] = mark
            return ()
        frame = stack[-1]
        container = frame.container
        if isinstance(container, list):
            path = (*frame.path, len(container))
            container.append(value)
            if frame.record:
                where[path] = mark
            return path
        if frame.key is None:  # this node is a key
            if not isinstance(value, str):
                kind = "mapping" if isinstance(value, dict) else "list"
                problems.append(
                    RawProblem(*mark, frame.path, f"a key must be plain text, not a {kind}")
                )
                frame.key = _INVALID_KEY
            else:
                frame.key = value
            frame.key_mark = mark
            return None
        key = frame.key
        frame.key = None
        if key == _INVALID_KEY:
            return None
        path = (*frame.path, key)
        if key in container:
            first = key_where.get(path, (-1, 0))[0] + 1
            problems.append(
                RawProblem(*frame.key_mark, path, f"duplicate key {key!r} (first at line {first})")
            )
            return None
        assert isinstance(container, dict)
        container[key] = value
        if frame.record:
            where[path] = mark
            key_where[path] = frame.key_mark
        return path

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

    scalar_event, mapping_start = yaml.ScalarEvent, yaml.MappingStartEvent
    sequence_start, alias_event = yaml.SequenceStartEvent, yaml.AliasEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    parser = yaml.CBaseLoader(source)
    try:
        while True:
            event: Any = parser.get_event()
            kind = type(event)
            if kind is scalar_event:
                value: Any = event.value
                style = event.style
                # The mode of this scalar: a key is text as written; a value is read by the
                # core schema under a free-form key or a key that names a value field.
                frame = stack[-1] if stack else None
                is_key = frame is not None and frame.key is None and type(frame.container) is dict
                record = frame.record if frame is not None else positions
                if (
                    record
                    or event.anchor is not None
                    or event.tag is not None
                    or len(value) > MAX_SCALAR
                    or (style == '"' and CONTROL.search(value))
                ):
                    mark = (event.start_mark.line, event.start_mark.column)
                    if event.anchor is not None or event.tag is not None:
                        check_node(event, mark)
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
                    found = CONTROL.search(value) if style == '"' else None
                    if found is not None:
                        problems.append(
                            RawProblem(*mark, current_path(), control_message(found.group()))
                        )
                else:
                    mark = (0, 0)
                if is_key or style or event.tag is not None:
                    pass  # a key or a quoted or block scalar: text as written
                elif frame is not None and (
                    frame.core or (frame.key is not None and frame.key in values)
                ):
                    found_value = plain_core.get(value, NOT_CORE)
                    if found_value is NOT_CORE:
                        found_value = core_value(value)
                        if found_value is NOT_CORE:
                            found_value = value
                        plain_core[value] = found_value
                    if record and found_value is not value:
                        texts[current_path()] = value
                    value = found_value
                else:
                    shared = plain_text.get(value, NOT_CORE)
                    if shared is NOT_CORE:
                        shared = None if is_null(value) else value
                        plain_text[value] = shared
                    value = shared
                if not record and frame is not None and not problems:
                    # the common case, inline: no positions to record
                    into = frame.container
                    if type(into) is list:
                        into.append(value)
                        continue
                    if is_key:
                        frame.key = value
                        continue
                    key = frame.key
                    frame.key = None
                    if key == _INVALID_KEY:
                        continue
                    if key not in into:
                        into[key] = value  # type: ignore[call-overload,index]
                        continue
                    frame.key = key
                place(value, mark)
            elif kind is mapping_start or kind is sequence_start:
                mark = (event.start_mark.line, event.start_mark.column)
                if event.anchor is not None or event.tag is not None:
                    check_node(event, mark)
                container: Any = {} if kind is mapping_start else []
                if len(stack) >= MAX_DEPTH:
                    problems.append(
                        RawProblem(
                            *mark,
                            current_path(),
                            f"nesting deeper than {MAX_DEPTH} levels is not supported",
                        )
                    )
                    return result
                if stack:
                    parent = stack[-1]
                    core = parent.core or (
                        type(parent.container) is dict
                        and parent.key is not None
                        and parent.key in free_form
                    )
                else:
                    core = False
                path = place(container, mark)
                if path is None:
                    path = ("\x00",)
                record = positions and (within is None or len(path) < 2 or path[:2] in within)
                stack.append(_Frame(container, path, core, record))
            elif kind in ends:
                stack.pop()
            elif kind is alias_event:
                mark = (event.start_mark.line, event.start_mark.column)
                if event.anchor not in aliased:
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
                    mark = (event.start_mark.line, event.start_mark.column)
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
        problems.append(_syntax_problem(source, error, current_path()))
        return result
    finally:
        parser.dispose()
    if root:
        result.data = root[0]
    return result
