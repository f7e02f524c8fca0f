"""The YAML 1.2 core schema's reading of a plain (unquoted) scalar.

A relations file keeps text exactly as written: only the fields the format declares as numbers
or booleans (and free-form ``attrs``) take the core schema's value, so ``NO``, ``0777`` and
``1e3`` stay text in a name while ``valence: 0.5`` is a number. This module says what that
value is; :mod:`relgraph.load` decides where it applies.
"""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["NOT_CORE", "core_value", "is_null"]

_NULL = re.compile(r"null|Null|NULL|~|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")
# Everything a core-schema null, bool, int or float can start with; other text is a string.
_CORE_START = frozenset("nN~tTfF0123456789-+.")

NOT_CORE: Any = object()
"""What :func:`core_value` returns for text that the core schema reads as a string."""


def core_value(text: str) -> Any:
    """The core-schema value of a plain scalar: None, a bool, an int or a float.

    Returns :data:`NOT_CORE` when the core schema reads ``text`` as a string.

    Examples
    --------
    >>> [core_value(t) for t in ["1e3", "0x1F", "-.5", "null", "", "true"]]
    [1000.0, 31, -0.5, None, None, True]
    >>> core_value("NO") is NOT_CORE, core_value("2024-05") is NOT_CORE
    (True, True)
    """
    if not text:
        return None
    if text[0] not in _CORE_START:
        return NOT_CORE
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
    return NOT_CORE


def is_null(text: str) -> bool:
    """Whether a plain scalar means nothing (``~``, ``null``, or no text at all).

    Examples
    --------
    >>> is_null("~"), is_null(""), is_null("NULL"), is_null("none")
    (True, True, True, False)
    """
    return _NULL.fullmatch(text) is not None
