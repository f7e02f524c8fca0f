"""Writing a figure to a file: the format by suffix, whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relgraph._io import atomic_write
from relgraph.errors import OutputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["FORMATS", "save_figure"]

#: The formats a figure is written in, by suffix.
FORMATS = ("svg", "pdf", "png")
_MAX_PIXELS = 2**14  # per side of a PNG: 7 inches at 2,300 dpi, a 1 GB canvas at most


def save_figure(figure: Figure, path: str | os.PathLike[str], *, dpi: float | None = None) -> Path:
    """Write a figure to ``path`` as SVG, PDF or PNG, chosen by its suffix.

    The file is written whole or not at all (a temporary file beside it, then a rename).
    SVG keeps its text as text (``<text>`` elements an editor such as Inkscape can change),
    PDF embeds its fonts (TrueType), and none of the three records a timestamp, so the same
    figure gives the same file.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        Any figure: from :func:`relgraph.figure`, :func:`relgraph.plot_pair`, or your own.
    path : str or os.PathLike
        The file; its suffix (``.svg``, ``.pdf`` or ``.png``, any case) picks the format.
    dpi : float, optional
        Pixels per inch of a PNG (default: the figure's own, 150 for relgraph's figures);
        vector formats ignore it except for embedded images.

    Returns
    -------
    pathlib.Path
        The file written, ``path``.

    Raises
    ------
    OutputError
        When the suffix is not one of the three, the PNG would be too large to draw, or the
        file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib, relgraph
    >>> from matplotlib.figure import Figure
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "empty.svg"
    >>> save_figure(Figure(), out).read_text()[:5]
    '<?xml'
    >>> try:
    ...     save_figure(Figure(), out.with_suffix(".pgf"))
    ... except relgraph.OutputError as error:
    ...     print(str(error).split(": ", 1)[1])
    .pgf is not a figure format; use .svg, .pdf or .png
    """
    from relgraph.plot._mpl import drawing

    target = Path(path)
    fmt = target.suffix.lstrip(".").lower()
    resolution = float(figure.dpi if dpi is None else dpi)
    # the suffix is judged inside the atomic write, so that replacing an input file is
    # refused first, whatever its suffix
    with drawing(), atomic_write(target) as tmp:
        if fmt not in FORMATS:
            shown = f".{fmt}" if fmt else "no suffix"
            raise OutputError(
                f"cannot write {target}: {shown} is not a figure format; use .svg, .pdf or .png"
            )
        if not resolution > 0 or resolution > 2400:
            raise OutputError(f"cannot write {target}: dpi must be above 0 and at most 2400")
        width, height = figure.get_size_inches()
        if fmt == "png" and max(width, height) * resolution >= _MAX_PIXELS:
            raise OutputError(
                f"cannot write {target}: {width:g}x{height:g} inches at {resolution:g} dpi is "
                f"more than {_MAX_PIXELS} pixels a side; lower the size or the dpi"
            )
        figure.savefig(tmp, format=fmt, dpi=resolution, metadata=_metadata(fmt))
    return target


def _metadata(fmt: str) -> dict[str, Any]:
    from relgraph._version import __version__

    # each format records its creator and no timestamp, so a figure reproduces byte for byte
    if fmt == "png":
        return {"Software": f"relgraph {__version__}"}
    if fmt == "svg":
        return {"Creator": f"relgraph {__version__}", "Date": None}
    return {"Creator": f"relgraph {__version__}", "CreationDate": None}
