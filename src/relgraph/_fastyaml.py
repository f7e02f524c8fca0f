"""A fast reader for the plain block-style YAML that people write, or a refusal.

:func:`fast_parse` reads the common subset of YAML that relations files are written in —
block mappings and sequences indented with spaces, one ``key: value`` or ``- item`` per line,
plain, single-quoted and double-quoted one-line scalars, one-line flow lists and mappings of
scalars (``[A, B]``, ``{iso3: EGY}``), literal and folded block scalars (``|``, ``>``) and
comments — and returns exactly what :func:`relgraph._yaml.compose` returns as ``data`` for the
same text: ``dict``, ``list``, ``str`` and :class:`~relgraph._yaml.CoreScalar`.

Anything outside that subset, and anything the exact path reports as a problem (anchors,
aliases, tags, several documents, duplicate keys, tabs where YAML forbids them, deep nesting,
huge values, characters YAML does not allow...), raises
:class:`~relgraph._yaml.NeedsSlowPath` instead: the caller then runs the exact path, which
reports the problem with its line and column, or reads the unusual-but-valid construct. So a
refusal is never an error by itself, and an answer is always the exact path's answer.

It is a line-by-line reader in pure Python: the work per line is a few string operations
(``lstrip``, ``partition``) and two dictionary look-ups, of the key and of the value text.
Relations files repeat the same keys and values (kinds, ids, dates), so each distinct text is
checked and classified once and the result shared, which also saves memory. On the 100k-stance
benchmark file it reads in about a fifth of the time of the exact path and a twentieth of
``yaml.load(..., Loader=yaml.CSafeLoader)`` (``benchmarks/bench_load.py --candidates``).
"""

from __future__ import annotations

import re
from typing import Any

from relgraph._yaml import MAX_SCALAR, NeedsSlowPath, plain_scalar

__all__ = ["MAX_FAST_DEPTH", "fast_parse"]

MAX_FAST_DEPTH = 32
"""Nesting deeper than this is left to the exact path (whose limit is higher)."""

# The keys this reader takes in block mappings; any other key is refused.
_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,200}")
# Characters YAML does not allow in a stream, line breaks other than "\n" (NEL, LS, PS) and
# the BOM (libyaml skips one at the start of any line): all left to the exact path. Listed
# rather than negated: a negated class that spans the astral planes takes 7 ms to compile.
_UNUSUAL_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)
_DQ = re.compile(r'"((?:[^"\\]|\\.)*)"( *)(?:#.*)?')
_SQ = re.compile(r"'((?:[^']|'')*)'( *)(?:#.*)?")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")
_SIMPLE_ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
# A scalar inside a one-line flow collection, then "," or the closing bracket. A plain one is
# words separated by spaces, so that no input makes the match backtrack for long.
_FLOW_ITEM = re.compile(
    r""" *(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'"""
    r"""|((?:[^ ,\[\]{}#&*!|>'"%@`?:\-]|-[^ ,\[\]{}#:])[^ ,\[\]{}#:]*(?: +[^ ,\[\]{}#:]+)*))"""
    r""" *([,\]}])"""
)
_FLOW_KEY = re.compile(r" *([A-Za-z0-9_][A-Za-z0-9_.\-/]{0,200}): +")
_BLOCK_HEADER = frozenset({"|", "|-", "|+", ">", ">-", ">+"})
# A plain scalar may not start with an indicator ("-" only when followed by a non-space).
_PLAIN_BAD_START = frozenset("?:,[]{}#&*!|>'\"%@`")

_PENDING = object()


def _refuse() -> NeedsSlowPath:
    return NeedsSlowPath()


def _unescape(body: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        simple = _SIMPLE_ESCAPES.get(code)
        if simple is not None:
            return simple
        if len(code) == 1:
            raise _refuse()
        value = int(code[1:], 16)
        if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
            raise _refuse()
        return chr(value)

    return _ESCAPE.sub(replace, body)


def _scalar(rest: str) -> Any:
    """A one-line scalar after ``key:`` or ``- ``; ``_PENDING`` when there is none."""
    if not rest:
        return _PENDING
    if "\t" in rest:
        raise _refuse()
    first = rest[0]
    if first == '"':
        match = _DQ.fullmatch(rest)
        if match is None or (match.end(2) < len(rest) and not match.group(2)):
            raise _refuse()
        body = match.group(1)
        return _unescape(body) if "\\" in body else body
    if first == "'":
        match = _SQ.fullmatch(rest)
        if match is None or (match.end(2) < len(rest) and not match.group(2)):
            raise _refuse()
        return match.group(1).replace("''", "'")
    if first == "#":
        return _PENDING
    if first in _PLAIN_BAD_START or (first == "-" and rest[1:2] in ("", " ")):
        raise _refuse()
    cut = rest.find(" #")
    text = (rest if cut < 0 else rest[:cut]).rstrip(" ")
    if ": " in text or text.endswith(":"):
        raise _refuse()
    return plain_scalar(text)


def _flow_value(match: re.Match[str]) -> Any:
    double, single, plain, _ = match.groups()
    if double is not None:
        return _unescape(double) if "\\" in double else double
    if single is not None:
        return single.replace("''", "'")
    return plain_scalar(plain)


def _flow(rest: str) -> list[Any] | dict[str, Any]:
    """A one-line flow sequence or mapping of scalars, with nothing but a comment after it."""
    if "\t" in rest:
        raise _refuse()
    close = "]" if rest[0] == "[" else "}"
    result: list[Any] | dict[str, Any]
    if rest[1:].lstrip(" ").startswith(close):
        result = [] if close == "]" else {}
        end = rest.index(close) + 1
    elif close == "]":
        items: list[Any] = []
        pos = 1
        while True:
            match = _FLOW_ITEM.match(rest, pos)
            if match is None:
                raise _refuse()
            items.append(_flow_value(match))
            pos = match.end()
            if match.group(4) != ",":
                break
        if match.group(4) != "]":
            raise _refuse()
        result, end = items, pos
    else:
        mapping: dict[str, Any] = {}
        pos = 1
        while True:
            key = _FLOW_KEY.match(rest, pos)
            if key is None or key.group(1) in mapping:
                raise _refuse()
            match = _FLOW_ITEM.match(rest, key.end())
            if match is None:
                raise _refuse()
            mapping[key.group(1)] = _flow_value(match)
            pos = match.end()
            if match.group(4) != ",":
                break
        if match.group(4) != "}":
            raise _refuse()
        result, end = mapping, pos
    tail = rest[end:]
    stripped = tail.lstrip(" ")
    if stripped and (stripped[0] != "#" or stripped == tail):
        raise _refuse()
    return result


def _block_scalar(
    header: str, lines: list[str], start: int, min_indent: int, last_line_open: bool
) -> tuple[str, int]:
    """A block scalar whose header is on line ``start - 1``: its text, and the next line."""
    header = header.rstrip(" ")
    if header not in _BLOCK_HEADER:
        raise _refuse()
    literal = header[0] == "|"
    n_lines = len(lines)
    index = start
    indent = -1
    parts: list[str] = []
    blanks = 0
    leading = 0
    while index < n_lines:
        line = lines[index]
        content = line.lstrip(" ")
        spaces = len(line) - len(content)
        if not content:
            if indent < 0:
                leading = max(leading, spaces)
            elif spaces > indent:
                raise _refuse()
            blanks += 1
            index += 1
            continue
        if indent < 0:
            # libyaml takes a tab here for bad indentation, not content
            if spaces < min_indent or leading > spaces or content[0] == "\t":
                raise _refuse()
            indent = spaces
        elif spaces < indent:
            break
        if blanks:
            # leading empty lines, and empty lines inside folded text, fold in ways left to
            # the exact path
            if not parts or not literal:
                raise _refuse()
            parts.extend([""] * blanks)
            blanks = 0
        text = line[indent:]
        if not literal and text[0] in " \t":
            raise _refuse()
        parts.append(text)
        index += 1
    if indent < 0 or (index == n_lines and last_line_open):
        raise _refuse()
    body = "\n".join(parts) if literal else " ".join(parts)
    chomp = header[1:]
    if chomp == "-":
        value = body
    elif chomp == "+":
        value = body + "\n" * (blanks + 1)
    else:
        value = body + "\n"
    if len(value) > MAX_SCALAR:
        raise _refuse()
    return value, index


def fast_parse(text: str) -> Any:
    """Read a relations file written in plain block-style YAML, or refuse.

    Parameters
    ----------
    text : str
        The document, decoded (see :func:`relgraph._yaml.decode`).

    Returns
    -------
    Any
        Exactly the ``data`` that :func:`relgraph._yaml.compose` returns for ``text`` when it
        finds no problem: mappings as ``dict``, sequences as ``list``, quoted and block scalars
        and plain strings as ``str``, other plain scalars as
        :class:`~relgraph._yaml.CoreScalar`. Equal plain scalars may share one object.

    Raises
    ------
    relgraph._yaml.NeedsSlowPath
        When the text uses anything outside the subset this reader knows, or anything the
        exact path reports as a problem: run the exact path instead.

    Examples
    --------
    >>> fast_parse("a: NO\\nb: [1, 'x']\\nc:\\n  - d: 0777\\n")
    {'a': 'NO', 'b': [CoreScalar('1'), 'x'], 'c': [{'d': CoreScalar('0777')}]}
    >>> fast_parse("a: &x 1\\n")
    Traceback (most recent call last):
    ...
    relgraph._yaml.NeedsSlowPath
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            raise _refuse()
    if _UNUSUAL_CHARS.search(text) is not None:
        raise _refuse()
    lines = text.split("\n")
    if len(text) > MAX_SCALAR and max(map(len, lines)) > MAX_SCALAR:
        raise _refuse()
    last_line_open = lines[-1] != ""
    if not last_line_open:
        lines.pop()
    memo: dict[str, Any] = {}
    memo_get = memo.get
    keys: dict[str, str] = {}
    keys_get = keys.get
    key_match = _KEY.fullmatch
    pending = _PENDING
    empty = plain_scalar("")

    # The open block collections: the innermost in top/top_column/top_indentless (a sequence
    # written at its parent key's column, "key:\n- a"), the outer ones saved in `outer`.
    outer: list[tuple[Any, int, bool]] = []
    top: Any = None
    top_column = -1
    top_indentless = False
    root: Any = None
    # The mapping and key waiting for a value that starts on a later line.
    wait_map: dict[str, Any] | None = None
    wait_key = ""
    wait_column = 0
    resume = 0
    seen_start = False
    for index, line in enumerate(lines):
        if index < resume:
            continue
        stripped = line.lstrip(" ")
        if not stripped:
            continue
        first = stripped[0]
        if first == "#":
            continue
        column = len(line) - len(stripped)
        if first == "-" and (stripped[1:2] == " " or len(stripped) == 1):
            dash = True
            body = stripped[1:].lstrip(" ")
            body_column = column + len(stripped) - len(body)
        else:
            if first == "-" and stripped.rstrip(" ") == "---" and not column:
                if seen_start or root is not None:
                    raise _refuse()
                seen_start = True
                continue
            dash = False
            body = stripped
            body_column = column
        key, sep, rest = body.partition(": ")
        if sep:
            known = keys_get(key)
            if known is None:
                if key_match(key) is None:
                    key = ""
                else:
                    keys[key] = key
            else:
                key = known
        elif body[-1:] == ":":
            key = body[:-1]
            known = keys_get(key)
            if known is None:
                if key_match(key) is None:
                    key = ""
                else:
                    keys[key] = key
            else:
                key = known
            rest = ""
        else:
            key = ""
        if not key:
            if not dash:
                raise _refuse()
            rest = body

        # Find the collection this line belongs to.
        adjust = column != top_column or (top_indentless and not dash)
        if wait_map is not None:
            if column > wait_column or (column == wait_column and dash):
                # the waiting key's value is the collection this line starts
                new: Any = [] if dash else {}
                wait_map[wait_key] = new
                outer.append((top, top_column, top_indentless))
                top, top_column, top_indentless = new, column, column == wait_column
                if len(outer) >= MAX_FAST_DEPTH:
                    raise _refuse()
                adjust = False
            else:
                wait_map[wait_key] = empty
            wait_map = None
        if adjust:
            if root is None:
                root = top = [] if dash else {}
                top_column = column
            else:
                while top_column > column:
                    if not outer:
                        raise _refuse()
                    top, top_column, top_indentless = outer.pop()
                if top_indentless and top_column == column and not dash:
                    top, top_column, top_indentless = outer.pop()
                if top_column != column:
                    raise _refuse()
        container = top

        if dash:
            if type(container) is not list:
                raise _refuse()
            if not key:
                value = memo_get(rest)
                if value is None:
                    lead = rest[:1]
                    if lead == "[" or lead == "{":
                        container.append(_flow(rest))
                        continue
                    if lead == "|" or lead == ">":
                        scalar, resume = _block_scalar(
                            rest, lines, index + 1, column + 1, last_line_open
                        )
                        container.append(scalar)
                        continue
                    value = _scalar(rest)
                    if value is pending:
                        raise _refuse()
                    memo[rest] = value
                container.append(value)
                continue
            # "- key: value": a mapping starts in this item, at the key's column
            mapping: dict[str, Any] = {}
            container.append(mapping)
            outer.append((top, top_column, top_indentless))
            top, top_column, top_indentless = mapping, body_column, False
            if len(outer) >= MAX_FAST_DEPTH:
                raise _refuse()
            container = mapping
            column = body_column
        elif type(container) is not dict:
            raise _refuse()
        if key in container:
            raise _refuse()
        value = memo_get(rest)
        if value is None:
            value_text = rest.lstrip(" ")
            lead = value_text[:1]
            if lead == "[" or lead == "{":
                container[key] = _flow(value_text)
                continue
            if lead == "|" or lead == ">":
                container[key], resume = _block_scalar(
                    value_text, lines, index + 1, column + 1, last_line_open
                )
                continue
            value = _scalar(value_text)
            if value is pending:
                wait_map, wait_key, wait_column = container, key, column
                continue
            memo[rest] = value
        container[key] = value
    if wait_map is not None:
        wait_map[wait_key] = empty
    if root is None:
        raise _refuse()
    return root
