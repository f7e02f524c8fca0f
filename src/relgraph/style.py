"""The visual language shared by pages and figures: palette, widths, dashes, shapes, words.

One place decides how a stance looks, so that an interactive page and a figure for a paper
speak the same language: colour by valence on a colour-blind-safe diverging scale (never the
only cue), width by ``|valence|``, dashes by modality, node shape by actor kind, node size by
the actor's ties, parallel stances between one pair fanned out as curves, stances that hold in
a slice only under some readings of their partial dates lighter and marked — and the words a
legend uses for each. Sizes are in page pixels; figures draw a page pixel as
:data:`FIGURE_SCALE` points.

Examples
--------
>>> valence_colour(-1.0), edge_width(1.0), DASHES["considered"]
('#7f3b08', 6.0, [10, 6])
>>> MARKERS["igo"], node_size(0), node_size(9)
('D', 7.0, 16.0)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable

__all__ = [
    "CURVES_LEGEND",
    "DASHES",
    "DIRECTION_LEGEND",
    "FIGURE_SCALE",
    "KIND_LEGEND",
    "MARKERS",
    "MERGED_LEGEND",
    "MERGE_AUTO",
    "MAX_NODE_SIZE",
    "MAX_WIDTH",
    "MIN_NODE_SIZE",
    "MIN_WIDTH",
    "MODALITY_LEGEND",
    "NODE_COLOUR",
    "SHAPES",
    "SIZE_LEGEND",
    "UNCERTAIN_OPACITY",
    "UNCERTAIN_LEGEND",
    "VALENCE_LEGEND",
    "VALENCE_STOPS",
    "edge_width",
    "merged_width",
    "node_size",
    "parallel_offsets",
    "valence_colour",
]

#: vis-network shape of each actor kind (the legend draws the same shapes).
SHAPES: dict[str, str] = {
    "state": "dot",
    "igo": "diamond",
    "organization": "square",
    "armed_group": "triangle",
    "person": "star",
    "other": "hexagon",
}

#: Colour stops of the valence scale, after ColorBrewer's colour-blind-safe diverging PuOr,
#: with a mid grey in place of its near-white centre so that neutral edges stay visible.
VALENCE_STOPS: tuple[tuple[float, str], ...] = (
    (-1.0, "#7f3b08"),
    (-0.5, "#e08214"),
    (0.0, "#8c8c8c"),
    (0.5, "#8073ac"),
    (1.0, "#2d004b"),
)

#: vis-network ``dashes`` pattern of each modality (``actual`` is a solid line).
DASHES: dict[str, list[int]] = {"considered": [10, 6], "threatened": [2, 5]}

#: matplotlib marker of each actor kind: the same shapes as :data:`SHAPES` on the page.
MARKERS: dict[str, str] = {
    "state": "o",
    "igo": "D",
    "organization": "s",
    "armed_group": "^",
    "person": "*",
    "other": "h",
}

MIN_WIDTH = 1.5
MAX_WIDTH = 6.0
MIN_NODE_SIZE = 7.0
MAX_NODE_SIZE = 40.0
NODE_COLOUR = {"background": "#dfe6ec", "border": "#39505f"}

#: Points of a figure per pixel of the page (widths, dashes and node sizes).
FIGURE_SCALE = 0.5
#: Opacity of a stance in force in a slice only under some readings of its partial dates;
#: never the only cue: such a stance also carries a dot at its middle.
UNCERTAIN_OPACITY = 0.4

#: Legend wording, shared by pages and figures so that both explain the picture alike.
VALENCE_LEGEND: tuple[tuple[float, str], ...] = (
    (-1.0, "\u22121 hostile"),
    (-0.5, "\u22120.5"),
    (0.0, "0 neutral"),
    (0.5, "+0.5"),
    (1.0, "+1 cooperative"),
)
MODALITY_LEGEND: dict[str, str] = {
    "actual": "actual",
    "considered": "considered (weighed, not done)",
    "threatened": "threatened",
}
DIRECTION_LEGEND: dict[str, str] = {
    "directed": "actor \u2192 target",
    "mutual": "mutual: holds both ways",
}
KIND_LEGEND: dict[str, str] = {kind: kind.replace("_", " ") for kind in SHAPES}
UNCERTAIN_LEGEND = (
    "lighter, with a dot: in force here only under some readings of its partial dates"
)
CURVES_LEGEND = "curves: several stances between one pair"
SIZE_LEGEND = "actor size: number of ties shown"
MERGED_LEGEND = "one line per actor \u2192 target, width from its number of stances"

#: A picture with more ties than this merges the stances between each ordered pair into one
#: line, unless told not to (pages and figures alike).
MERGE_AUTO = 300


def valence_colour(valence: float) -> str:
    """The colour of an edge of this valence, on the colour-blind-safe diverging scale.

    Parameters
    ----------
    valence : float
        From -1 (hostile) to +1 (cooperative); values outside are clipped.

    Returns
    -------
    str
        ``#rrggbb``.

    Examples
    --------
    >>> valence_colour(-1.0), valence_colour(0.0), valence_colour(1.0)
    ('#7f3b08', '#8c8c8c', '#2d004b')
    >>> valence_colour(0.25)
    '#86809c'
    """
    v = min(1.0, max(-1.0, valence))
    for (lo, lo_hex), (hi, hi_hex) in zip(VALENCE_STOPS, VALENCE_STOPS[1:], strict=False):
        if v <= hi:
            t = (v - lo) / (hi - lo)
            a, b = _rgb(lo_hex), _rgb(hi_hex)
            return "#" + "".join(
                f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True)
            )
    return VALENCE_STOPS[-1][1]


def edge_width(valence: float) -> float:
    """The line width of an edge: a visible minimum growing with ``|valence|``.

    Examples
    --------
    >>> edge_width(0.0), edge_width(-0.5), edge_width(1.0)
    (1.5, 3.75, 6.0)
    """
    return round(MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * min(1.0, abs(valence)), 2)


def merged_width(count: int) -> float:
    """The line width (page pixels) of one line standing for ``count`` merged stances.

    Examples
    --------
    >>> merged_width(1), merged_width(4), merged_width(10_000)
    (1.5, 5.9, 12.0)
    """
    return round(min(12.0, 1.5 + 2.2 * math.log2(max(1, count))), 2)


def node_size(ties: int) -> float:
    """The size (radius, page pixels) of an actor with this many ties in the slice shown.

    Grows with the square root of the ties, as on the page, so that hubs stand out without
    swallowing their neighbours, from :data:`MIN_NODE_SIZE` (no tie) to at most
    :data:`MAX_NODE_SIZE`.

    Examples
    --------
    >>> node_size(0), node_size(1), node_size(4), node_size(10_000)
    (7.0, 10.0, 13.0, 40.0)
    """
    return round(min(MAX_NODE_SIZE, MIN_NODE_SIZE + 3.0 * math.sqrt(max(0, ties))), 2)


def parallel_offsets(
    edges: Iterable[tuple[Hashable, Hashable, Hashable]],
) -> dict[tuple[Hashable, Hashable, Hashable], float]:
    """How far each edge bends away from the straight line, so parallel stances stay apart.

    The edges between one pair of actors (either direction) fan out symmetrically around the
    straight line, 0.35 of the pair's distance apart, or closer when there are many so that
    the fan stays within 0.5 on either side; a lone edge stays straight (0.0). The sign is
    the side as seen from the pair's first actor, so an edge and one in the opposite direction
    never fall on the same curve.

    Parameters
    ----------
    edges : iterable of (actor, target, key)
        As ``graph.edges(keys=True)`` gives them.

    Returns
    -------
    dict
        ``{(actor, target, key): offset}``; bend to the right of ``actor -> target`` when
        the offset is positive, to the left when negative.

    Examples
    --------
    >>> parallel_offsets([("A", "B", "x"), ("B", "A", "y"), ("A", "C", "z")])
    {('A', 'B', 'x'): -0.175, ('B', 'A', 'y'): -0.175, ('A', 'C', 'z'): 0.0}
    >>> max(parallel_offsets(("A", "B", i) for i in range(30)).values())
    0.5
    """
    groups: dict[frozenset[Hashable], list[tuple[Hashable, Hashable, Hashable]]] = defaultdict(
        list
    )
    for edge in edges:
        groups[frozenset(edge[:2])].append(edge)
    offsets: dict[tuple[Hashable, Hashable, Hashable], float] = {}
    for members in groups.values():
        first = members[0][0]
        middle = (len(members) - 1) / 2
        spacing = min(0.35, 0.5 / middle) if middle else 0.0
        for i, (u, v, key) in enumerate(members):
            offset = round((i - middle) * spacing, 3)
            offsets[(u, v, key)] = (-offset if u != first else offset) + 0.0
    return offsets


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)
