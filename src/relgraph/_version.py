"""The version of relgraph, written once (the build reads it)."""

__version__ = "0.2.0.dev0"
