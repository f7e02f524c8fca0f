"""Analyses of time-sliced relation graphs: structural balance and sign-aware structure.

Each topic is one module: :mod:`relgraph.analysis.balance` (signed projection, triangles,
frustration index, series over snapshots) and :mod:`relgraph.analysis.centrality` (signed
degree, PN centrality, ego networks, per-actor tables).
"""
