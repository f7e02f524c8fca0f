"""The wording of every problem in a relations file: a table of small formatters.

A field error (pydantic's ``type`` such as ``missing`` or ``literal_error``) is worded by the
formatter :data:`FIELD_MESSAGES` maps it to; the rules across fields and records are worded by
the functions of :mod:`relgraph.model`, re-exported here, as is the control-character rule
(:data:`CONTROL`, :func:`control_message`). The columnar dataset reader can quote the same
functions, so that a problem reads the same in a YAML file and in a dataset.

Examples
--------
>>> not_one_of(["state", "person"], "stat")
"must be one of state, person (got 'stat'); did you mean 'state'?"
>>> out_of_range("valence", "1.5")
'must be between -1 and 1 (got 1.5)'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from relgraph._scalar import NOT_CORE, core_value
from relgraph._version import __version__
from relgraph.load._yaml import CONTROL, control_message
from relgraph.model import (
    ACTOR_KINDS,
    STANCE_KINDS,
    affiliation_cycle,
    duplicate_id,
    end_before_start,
    repeated_ids,
    self_loop,
    suggest,
    too_many_edges,
    too_many_edges_in_all,
    unknown_actor,
    unknown_source,
)

__all__ = [
    "CONTROL",
    "FIELD_MESSAGES",
    "FieldError",
    "affiliation_cycle",
    "control_message",
    "describe",
    "duplicate_id",
    "empty",
    "end_before_start",
    "field_message",
    "missing",
    "not_an_id",
    "not_finite",
    "not_one_of",
    "out_of_range",
    "repeated_ids",
    "self_loop",
    "too_many_edges",
    "too_many_edges_in_all",
    "unknown_actor",
    "unknown_field",
    "unknown_source",
    "version_not_supported",
    "wrong_type",
]

TYPE_NAMES = {
    "string_type": "text",
    "float_type": "a number",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}
"""What each pydantic type error expects, in words."""

BOUNDS = {"valence": "-1 and 1", "confidence": "0 and 1"}
KINDS = {"actor": ACTOR_KINDS, "stance": STANCE_KINDS}


def describe(value: Any, text: str | None = None) -> str:
    """A value as a problem shows it: ``nothing``, ``a list``, ``a mapping`` or its text.

    ``text`` is the value as written, when the file wrote a number or a boolean.

    Examples
    --------
    >>> describe(None), describe([]), describe("NO"), describe(1.0, "1e0")
    ('nothing', 'a list', "'NO'", '1e0')
    """
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if text is not None:
        return text
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


# -- the wording, one function a kind of problem ------------------------------------------


def missing() -> str:
    """Wording: a required field is absent."""
    return "required field is missing"


def unknown_field(name: str, allowed: Sequence[str]) -> str:
    """Wording: a key the format does not have, with the close spelling or the allowed keys."""
    hint = suggest(name, allowed) or f" (allowed: {', '.join(allowed)})"
    return f"unknown field {name!r}{hint}"


def version_not_supported(got: str) -> str:
    """Wording: a format version this relgraph cannot read."""
    return f"format version {got} is not supported: this relgraph {__version__} reads version 1"


def not_one_of(choices: Sequence[str], got: Any, record: str | None = None) -> str:
    """Wording: a value outside a fixed list (``record``: 'actor' or 'stance', for kinds).

    Examples
    --------
    >>> not_one_of(("state", "person"), "alliance", record="actor")
    "must be one of state, person (got 'alliance'); 'alliance' is a kind of stance, not of actor"
    """
    text = f"must be one of {', '.join(choices)} (got {describe(got)})"
    if isinstance(got, str):
        other = {"actor": "stance", "stance": "actor"}.get(record or "")
        if other is not None and got in KINDS[other]:
            return f"{text}; {got!r} is a kind of {other}, not of {record}"
        text += suggest(got, choices)
    return text


def wrong_type(expected: Iterable[str], got: Any, text: str | None = None) -> str:
    """Wording: a value of the wrong type; a quoted number is told to lose its quotes.

    Examples
    --------
    >>> wrong_type(["a number"], "-0.5")
    "must be a number (got '-0.5'); remove the quotes"
    """
    message = f"must be {' or '.join(expected)} (got {describe(got, text)})"
    if isinstance(got, str) and text is None and core_value(got) not in (NOT_CORE, None):
        message += "; remove the quotes"
    return message


def out_of_range(name: str, got: str, detail: str = "") -> str:
    """Wording: a number outside its bounds (``detail``: pydantic's words, for other fields)."""
    bounds = BOUNDS.get(name)
    return f"{f'must be between {bounds}' if bounds else detail.lower()} (got {got})"


def not_finite(got: str) -> str:
    """Wording: infinity or NaN where a number is expected."""
    return f"must be a finite number (got {got})"


def not_an_id(name: str, got: Any) -> str:
    """Wording: text that is not an id (or, for ``cameo``, not a CAMEO code)."""
    if name == "cameo":
        return f"must be a CAMEO code of 2 to 4 digits (got {describe(got)})"
    return f"must be an id of letters, digits and _ . - : (no spaces) (got {describe(got)})"


def empty(got: Any) -> str:
    """Wording: an empty text or list where one is required."""
    return f"must not be empty (got {describe(got)})"


# -- the table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldError:
    """One field error as the loader found it, ready to be worded.

    ``path`` is where it is in the file; ``value`` the value read (None when missing);
    ``text`` the text as written of a value read as a number or boolean; ``allowed`` the
    fields of the record holding an unknown field; ``alternatives`` every type a value of a
    union may have.
    """

    path: tuple[str | int, ...]
    kind: str
    value: Any = None
    text: str | None = None
    message: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    allowed: Sequence[str] = ()
    alternatives: Sequence[str] = ()

    @property
    def name(self) -> str:
        """The field's name (the last key of the path)."""
        last = self.path[-1] if self.path else ""
        return last if isinstance(last, str) else ""

    @property
    def got(self) -> str:
        """The value as shown in the message."""
        return describe(self.value, self.text)


def _literal(error: FieldError) -> str:
    if error.path == ("version",):
        return version_not_supported(error.got)
    expected = str(error.context.get("expected", ""))
    choices = [c.strip().strip("'") for c in expected.replace(" or ", ",").split(",")]
    record = {"actors": "actor", "stances": "stance"}.get(str(error.path[0]))
    if error.name != "kind":
        record = None
    value = error.value if error.text is None else error.text
    return not_one_of([c for c in choices if c], value, record)


def _wrong_type(error: FieldError) -> str:
    return wrong_type(error.alternatives or [TYPE_NAMES[error.kind]], error.value, error.text)


FIELD_MESSAGES: dict[str, Callable[[FieldError], str]] = {
    "missing": lambda e: missing(),
    "extra_forbidden": lambda e: unknown_field(e.name, e.allowed),
    "literal_error": _literal,
    **dict.fromkeys(TYPE_NAMES, _wrong_type),
    **dict.fromkeys(
        ("greater_than_equal", "less_than_equal", "greater_than", "less_than"),
        lambda e: out_of_range(e.name, e.got, e.message),
    ),
    "finite_number": lambda e: not_finite(e.got),
    "string_pattern_mismatch": lambda e: not_an_id(e.name, e.value),
    "too_short": lambda e: empty(e.value),
}
"""The formatter of each pydantic error type; any other type keeps pydantic's message (our
own custom errors, such as a date's, are worded where they are raised)."""


def field_message(error: FieldError) -> str:
    """The words of one field error.

    Examples
    --------
    >>> field_message(FieldError(("stances", 0, "valence"), "less_than_equal", 1.5))
    'must be between -1 and 1 (got 1.5)'
    """
    formatter = FIELD_MESSAGES.get(error.kind)
    return formatter(error) if formatter is not None else error.message
