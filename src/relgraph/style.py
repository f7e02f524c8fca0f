"""The visual language shared by pages and figures: palette, widths, dashes, shapes.

One place decides how a stance looks, so that an interactive page and a figure for a paper
speak the same language: colour by valence on a colour-blind-safe diverging scale (never the
only cue), width by ``|valence|``, dashes by modality, node shape by actor kind.

Examples
--------
>>> valence_colour(-1.0), edge_width(1.0), DASHES["considered"]
('#7f3b08', 6.0, [10, 6])
"""

from __future__ import annotations

__all__ = [
    "DASHES",
    "MAX_WIDTH",
    "MIN_WIDTH",
    "NODE_COLOUR",
    "SHAPES",
    "VALENCE_STOPS",
    "edge_width",
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

MIN_WIDTH = 1.5
MAX_WIDTH = 6.0
NODE_COLOUR = {"background": "#dfe6ec", "border": "#39505f"}


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


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)
