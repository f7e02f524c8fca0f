"""relgraph: who stands where toward whom, and when, in international politics.

The public API is re-exported here and loaded on first use (PEP 562), so that importing
relgraph, ``relgraph --help`` and ``relgraph validate`` never pay for networkx or pyvis.

Examples
--------
>>> import relgraph
>>> rel = relgraph.parse_relations('''
... actors:
...   - {id: EGY, name: Egypt, kind: state}
...   - {id: ISR, name: Israel, kind: state}
... stances:
...   - {actor: EGY, target: ISR, kind: diplomatic, valence: -0.5,
...      modality: considered, start: 2024-05-14}
... ''')
>>> len(rel.stances)
1
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "RelgraphError": "relgraph.errors",
    "LoadError": "relgraph.errors",
    "QueryError": "relgraph.errors",
    "OutputError": "relgraph.errors",
    "Problem": "relgraph.errors",
    "PartialDate": "relgraph.dates",
    "Relations": "relgraph.model",
    "Actor": "relgraph.model",
    "Stance": "relgraph.model",
    "Source": "relgraph.model",
    "Evidence": "relgraph.model",
    "Edge": "relgraph.model",
    "read_relations": "relgraph.load",
    "parse_relations": "relgraph.load",
    "json_schema": "relgraph.schema",
}

__all__ = [
    "Actor",
    "Edge",
    "Evidence",
    "LoadError",
    "OutputError",
    "PartialDate",
    "Problem",
    "QueryError",
    "Relations",
    "RelgraphError",
    "Source",
    "Stance",
    "__version__",
    "json_schema",
    "parse_relations",
    "read_relations",
]

if TYPE_CHECKING:
    from relgraph.dates import PartialDate
    from relgraph.errors import LoadError, OutputError, Problem, QueryError, RelgraphError
    from relgraph.load import parse_relations, read_relations
    from relgraph.model import Actor, Edge, Evidence, Relations, Source, Stance
    from relgraph.schema import json_schema


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'relgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
