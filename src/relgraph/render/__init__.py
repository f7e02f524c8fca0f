"""Interactive pages of relation graphs: one day, one period, or a timeline with a slider.

pyvis (and vis-network's script, which it ships) is loaded only when a page is rendered.

Examples
--------
>>> import networkx as nx
>>> from relgraph.render import render_graph
>>> graph = nx.MultiDiGraph()
>>> graph.add_node("QAT", name="Qatar", kind="state")
>>> "Qatar" in render_graph(graph).html
True
"""

from relgraph.render.html import Page, page_data, render_graph, render_timeline

__all__ = ["Page", "page_data", "render_graph", "render_timeline"]
