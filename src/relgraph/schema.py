"""The JSON Schema of the relations file, generated from the models."""

from __future__ import annotations

import json
import os
from typing import Any

from relgraph._io import atomic_write_text
from relgraph.model import Relations

__all__ = ["SCHEMA_ID", "json_schema", "write_schema"]

SCHEMA_ID = "https://relgraph.invalid/schema/relations-1.schema.json"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that editors use to check a relations file.

    Returns
    -------
    dict
        The schema, generated from :class:`relgraph.Relations` in validation mode.

    Examples
    --------
    >>> schema = json_schema()
    >>> schema["properties"]["stances"]["type"]
    'array'
    >>> schema["$defs"]["Stance"]["additionalProperties"]
    False
    """
    schema = Relations.model_json_schema(mode="validation")
    for definition in [schema, *schema.get("$defs", {}).values()]:
        # docstrings carry examples for Python readers; editors want the summary line
        if "description" in definition:
            definition["description"] = definition["description"].split("\n\n")[0]
    _plain_scalars_as_text(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "relgraph relations file (format version 1)",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def _plain_scalars_as_text(node: Any) -> None:
    """Let text fields hold unquoted numbers and booleans, as the loader reads them.

    An editor reads ``cameo: 014`` or ``start: 2024`` as numbers; relgraph reads their text.
    """
    if isinstance(node, dict):
        if node.get("type") == "string" and "enum" not in node and "const" not in node:
            node["type"] = ["string", "number", "boolean"]
        for value in node.values():
            _plain_scalars_as_text(value)
    elif isinstance(node, list):
        for value in node:
            _plain_scalars_as_text(value)


def write_schema(path: str | os.PathLike[str]) -> None:
    """Write the JSON Schema to ``path`` (whole or not at all), as committed in ``schema/``."""
    atomic_write_text(path, json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
