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

from relgraph._version import __version__

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
    "Timeline": "relgraph.timeline",
    "Period": "relgraph.timeline",
    "Diff": "relgraph.timeline",
    "WalkStep": "relgraph.timeline",
    "balance": "relgraph.analysis.balance",
    "balance_series": "relgraph.analysis.balance",
    "signed_projection": "relgraph.analysis.balance",
    "BalanceResult": "relgraph.analysis.balance",
    "BalanceSeries": "relgraph.analysis.balance",
    "Triangle": "relgraph.analysis.balance",
    "stats": "relgraph.analysis.centrality",
    "signed_degree": "relgraph.analysis.centrality",
    "pn_centrality": "relgraph.analysis.centrality",
    "ego_network": "relgraph.analysis.centrality",
    "Filters": "relgraph.timeline",
    "write_gexf": "relgraph.export",
    "write_graphml": "relgraph.export",
    "write_node_link": "relgraph.export",
    "write_csv": "relgraph.export",
    "write_panel": "relgraph.export",
    "panel_records": "relgraph.records",
    "plot_pair": "relgraph.plot",
    "plot_balance": "relgraph.plot",
    "figure": "relgraph.plot",
    "figure_series": "relgraph.plot",
    "save_figure": "relgraph.plot",
    "Page": "relgraph.render",
    "render_graph": "relgraph.render",
    "render_timeline": "relgraph.render",
    "read_events": "relgraph.events.importer",
    "read_atop": "relgraph.events.dyadic",
    "read_cow_mid": "relgraph.events.dyadic",
    "read_dyadic": "relgraph.events.dyadic",
    "merge_relations": "relgraph.merge",
    "write_relations": "relgraph.merge",
    "read_dataset": "relgraph.dataset",
    "write_dataset": "relgraph.dataset",
}

__all__ = [
    "Actor",
    "BalanceResult",
    "BalanceSeries",
    "Diff",
    "Edge",
    "Evidence",
    "Filters",
    "LoadError",
    "OutputError",
    "Page",
    "PartialDate",
    "Period",
    "Problem",
    "QueryError",
    "Relations",
    "RelgraphError",
    "Source",
    "Stance",
    "Timeline",
    "Triangle",
    "WalkStep",
    "__version__",
    "balance",
    "balance_series",
    "ego_network",
    "figure",
    "figure_series",
    "json_schema",
    "merge_relations",
    "panel_records",
    "parse_relations",
    "plot_balance",
    "plot_pair",
    "pn_centrality",
    "read_atop",
    "read_cow_mid",
    "read_dataset",
    "read_dyadic",
    "read_events",
    "read_relations",
    "render_graph",
    "render_timeline",
    "save_figure",
    "signed_degree",
    "signed_projection",
    "stats",
    "write_csv",
    "write_dataset",
    "write_gexf",
    "write_graphml",
    "write_node_link",
    "write_panel",
    "write_relations",
]

if TYPE_CHECKING:
    from relgraph.analysis.balance import (
        BalanceResult,
        BalanceSeries,
        Triangle,
        balance,
        balance_series,
        signed_projection,
    )
    from relgraph.analysis.centrality import ego_network, pn_centrality, signed_degree, stats
    from relgraph.dataset import read_dataset, write_dataset
    from relgraph.dates import PartialDate
    from relgraph.errors import LoadError, OutputError, Problem, QueryError, RelgraphError
    from relgraph.events.dyadic import read_atop, read_cow_mid, read_dyadic
    from relgraph.events.importer import read_events
    from relgraph.export import write_csv, write_gexf, write_graphml, write_node_link, write_panel
    from relgraph.load import parse_relations, read_relations
    from relgraph.merge import merge_relations, write_relations
    from relgraph.model import Actor, Edge, Evidence, Relations, Source, Stance
    from relgraph.plot import figure, figure_series, plot_balance, plot_pair, save_figure
    from relgraph.records import panel_records
    from relgraph.render import Page, render_graph, render_timeline
    from relgraph.schema import json_schema
    from relgraph.timeline import Diff, Filters, Period, Timeline, WalkStep


_SUBMODULES = frozenset(
    {"analysis", "dataset", "dates", "errors", "events", "export", "layout", "load", "model"}
    | {"plot", "records", "render", "schema", "style", "timeline"}
)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:  # relgraph.timeline works (help, dir) before any import of it
        return importlib.import_module(f"relgraph.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'relgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
