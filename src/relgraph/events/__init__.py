"""Importers: event data (GDELT, ICEWS, POLECAT, PLOVER) into stances, through DuckDB.

:mod:`relgraph.events.states` holds the one id scheme for states that every importer uses.
Nothing here imports DuckDB, pyarrow or ibis at module import.
"""

from relgraph.events.importer import ImportReport, read_events

__all__ = ["ImportReport", "read_events"]
