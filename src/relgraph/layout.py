"""Node positions shared by every picture: pages, steps of a timeline, and figures.

Positions are computed once per graph, seeded, so that the same graph always gets the same
picture and a timeline's actors stay in place from step to step.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relgraph.timeline import StanceGraph

__all__ = ["layout"]


def layout(graph: StanceGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions in vis-network pixels, the same for the same graph.

    Actors with stances are placed by a force model; actors without any are lined up in rows
    under the picture, where they neither crowd it nor drift to its far edges.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A slice (any graph whose nodes may carry a ``name``).
    seed : int
        The seed of the force model: the same graph and seed give the same positions.

    Returns
    -------
    dict
        ``{node: (x, y)}`` in pixels, centred on the origin.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.MultiDiGraph([("EGY", "ISR"), ("USA", "ISR")])
    >>> graph.add_node("QAT", name="Qatar")
    >>> positions = layout(graph)
    >>> sorted(positions), positions == layout(graph)
    (['EGY', 'ISR', 'QAT', 'USA'], True)
    """
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    for u, v in graph.edges():
        i, j = index[u], index[v]
        if i != j:
            pairs[(min(i, j), max(i, j))] += 1
    linked = sorted({i for pair in pairs for i in pair})
    local = {i: n for n, i in enumerate(linked)}
    coords = _spring(len(linked), {(local[i], local[j]): c for (i, j), c in pairs.items()}, seed)
    positions = {nodes[i]: coords[local[i]] for i in linked}
    isolated = [
        (node, str(graph.nodes[node].get("name") or node))
        for i, node in enumerate(nodes)
        if i not in local
    ]
    positions.update(_park(isolated, list(positions.values())))
    return positions


def _spring(n: int, pairs: Mapping[tuple[int, int], int], seed: int) -> list[tuple[float, float]]:
    # Fruchterman-Reingold with numpy. Up to _EXACT actors every pair repels (in blocks, so
    # memory stays bounded); beyond, as in FR's own grid variant, actors repel exactly only
    # their neighbours within a few ideal lengths (found by scipy's k-d tree) and the rest
    # through the centres of mass of a coarse grid: linear in actors and ties, not quadratic.
    import numpy as np

    if n == 0:
        return []
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    rows = np.fromiter((p[0] for p in pairs), dtype=np.intp, count=len(pairs))
    cols = np.fromiter((p[1] for p in pairs), dtype=np.intp, count=len(pairs))
    weight = np.log1p(np.fromiter(pairs.values(), dtype=float, count=len(pairs)))
    k2 = 1.0 / n
    k = math.sqrt(k2)
    iterations = 120 if n <= 300 else 60
    temperature = 0.1
    gravity = 0.5
    cooling = temperature / (iterations + 1)
    repel = _repel_exact if n <= _EXACT else _repel_near_and_far
    for _ in range(iterations):
        disp = repel(pos, k2)
        delta = pos[rows] - pos[cols]
        dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-3)
        pull = delta * (weight * dist / k)[:, None]
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(rows, pull[:, axis], minlength=n)
            disp[:, axis] += np.bincount(cols, pull[:, axis], minlength=n)
        # a weak pull to the centre keeps small components near the rest
        disp -= gravity * (pos - pos.mean(axis=0))
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-2)
        pos += disp * (temperature / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    pos /= max(float(np.abs(pos).max()), 1e-9)
    scale = 120.0 * math.sqrt(n) + 100.0
    return [(round(float(x) * scale, 1), round(float(y) * scale, 1)) for x, y in pos]


_EXACT = 500  # actors up to which every pair repels exactly
_NEAR = 2.0  # exact repulsion within this many ideal lengths
_GRID = 12  # cells a side of the grid that carries the far repulsion


def _repel_exact(pos: Any, k2: float) -> Any:
    import numpy as np

    n = len(pos)
    x, y = pos[:, 0], pos[:, 1]
    disp = np.empty((n, 2))
    block = max(1, 4_000_000 // n)
    for lo in range(0, n, block):
        dx = x[lo : lo + block, None] - x[None, :]
        dy = y[lo : lo + block, None] - y[None, :]
        push = dx * dx
        push += dy * dy
        np.maximum(push, 1e-6, out=push)
        np.divide(k2, push, out=push)
        disp[lo : lo + block, 0] = (dx * push).sum(axis=1)
        disp[lo : lo + block, 1] = (dy * push).sum(axis=1)
    return disp


def _repel_near_and_far(pos: Any, k2: float) -> Any:
    import numpy as np
    from scipy.spatial import cKDTree

    n = len(pos)
    near = _NEAR * math.sqrt(k2)
    disp = np.zeros((n, 2))
    # near: every pair closer than `near`, exactly
    i, j = cKDTree(pos).query_pairs(near, output_type="ndarray").T
    delta = pos[i] - pos[j]
    push = k2 / np.maximum((delta * delta).sum(axis=1), 1e-6)
    for axis in (0, 1):
        force = delta[:, axis] * push
        disp[:, axis] += np.bincount(i, force, minlength=n)
        disp[:, axis] -= np.bincount(j, force, minlength=n)
    # far: each grid cell's actors as one mass at their centre, for the actors farther away
    low = pos.min(axis=0)
    size = np.maximum(pos.max(axis=0) - low, 1e-9) / _GRID
    cell = np.minimum(((pos - low) / size).astype(np.intp), _GRID - 1)
    index = cell[:, 0] * _GRID + cell[:, 1]
    mass = np.bincount(index, minlength=_GRID * _GRID).astype(float)
    full = mass > 0
    centre = (
        np.stack(
            [np.bincount(index, pos[:, axis], minlength=_GRID * _GRID) for axis in (0, 1)], axis=1
        )[full]
        / mass[full, None]
    )
    mass = mass[full]
    block = max(1, 1_000_000 // len(mass))
    for lo in range(0, n, block):
        dx = pos[lo : lo + block, 0, None] - centre[None, :, 0]
        dy = pos[lo : lo + block, 1, None] - centre[None, :, 1]
        d2 = dx * dx
        d2 += dy * dy
        weight = (k2 * mass)[None, :] / np.maximum(d2, 1e-12)
        weight *= d2 > near * near
        disp[lo : lo + block, 0] += (dx * weight).sum(axis=1)
        disp[lo : lo + block, 1] += (dy * weight).sum(axis=1)
    return disp


def _park(
    nodes: list[tuple[str, str]], placed: list[tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    # Rows under the picture, each actor given room for its label (about 9 px a character
    # at the page's 16 px font), so that neighbours' names do not run into each other.
    if not nodes:
        return {}
    if placed:
        left = min(x for x, _ in placed)
        right = max(max(x for x, _ in placed), left + 600.0)
        top = max(y for _, y in placed) + 200.0
    else:
        left, right, top = 0.0, 900.0, 0.0
    positions: dict[str, tuple[float, float]] = {}
    x, y = left, top
    for node, label in nodes:
        width = max(90.0, 9.0 * len(label) + 30.0)
        if x > left and x + width > right:
            x, y = left, y + 80.0
        positions[node] = (round(x + width / 2, 1), round(y, 1))
        x += width
    return positions
