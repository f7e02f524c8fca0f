"""relgraph."""
