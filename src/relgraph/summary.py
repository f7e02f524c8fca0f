"""The one-line summary that ``relgraph validate`` prints for a valid file."""

from __future__ import annotations

import os

from relgraph.load import read_relations
from relgraph.model import Relations

__all__ = ["summarize"]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summarize(path: str | os.PathLike[str]) -> str:
    """Read and validate a file; describe what it holds in one line.

    Parameters
    ----------
    path : str or os.PathLike
        The relations file.

    Returns
    -------
    str
        ``FILE: N actors, N stances (N edges), N sources; FIRST .. LAST``.

    Raises
    ------
    LoadError
        When the file is not valid.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.yaml"
    >>> _ = path.write_text('''
    ... actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
    ... stances: [{actor: A, target: B, kind: conflict, valence: -1, start: 2024-05}]
    ... ''')
    >>> summarize(path).split(": ", 1)[1]
    '2 actors, 1 stance (1 edge), 0 sources; 2024-05-01 .. 2024-05-31'
    """
    relations = read_relations(path)
    if isinstance(relations, Relations):
        stances, edges = len(relations.stances), len(relations.edges)
    else:  # a dataset, as columns
        stances, edges = relations.dataset.stances.num_rows, len(relations.keys)
    span = relations.date_range()
    dates = f"{span[0].isoformat()} .. {span[1].isoformat()}" if span else "no dates"
    return (
        f"{os.fspath(path)}: {_count(len(relations.actors), 'actor')}, "
        f"{_count(stances, 'stance')} ({_count(edges, 'edge')}), "
        f"{_count(len(relations.sources), 'source')}; {dates}"
    )
