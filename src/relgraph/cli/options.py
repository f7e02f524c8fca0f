"""The options commands share, each declared once, and the shared filters as one value.

A command that slices the file takes ``filters: Filters`` and is decorated with
:func:`filtered`: the decorator puts the six filter options (``--kind``, ``--modality``,
``--actor``, ``--ego``, ``--min-confidence``, ``--rollup``) in its signature where
``filters`` stood, and hands the command one :class:`relgraph.timeline.Filters` made of
them (as sqlite-utils shares its option groups). A new command writes::

    @filtered()
    def my_command(file: FileArg, filters: Filters, at: AtOpt = None) -> None: ...
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from relgraph.errors import QueryError

if TYPE_CHECKING:
    from relgraph.timeline import Filters

__all__ = [
    "AtOpt",
    "FileArg",
    "RelationsArg",
    "FilesArg",
    "FromOpt",
    "MaxPeriodsOpt",
    "SpreadsheetSafeOpt",
    "StepOpt",
    "TableFormatOpt",
    "ToOpt",
    "WeightOpt",
    "WidthOpt",
    "filtered",
    "parse_weights",
]

FileArg = Annotated[
    Path,
    typer.Argument(
        help="The relations: a YAML file, or a dataset directory (relgraph import, convert).",
        show_default=False,
        metavar="FILE",
    ),
]
RelationsArg = Annotated[
    list[Path],
    typer.Argument(
        help="The relations: YAML files or dataset directories; several are merged as "
        "relgraph merge merges them (one actor per id, stance ids unique across them).",
        show_default=False,
        metavar="FILE...",
    ),
]
FilesArg = Annotated[
    list[Path],
    typer.Argument(help="Relations files to check.", show_default=False, metavar="FILE..."),
]
AtOpt = Annotated[
    str | None, typer.Option("--at", metavar="DAY", help="One whole day, YYYY-MM-DD.")
]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from", metavar="DATE", help="First day, inclusive (a partial date is its first day)."
    ),
]
ToOpt = Annotated[
    str | None,
    typer.Option(
        "--to", metavar="DATE", help="Last day, inclusive (a partial date is its last day)."
    ),
]
StepOpt = Annotated[
    str | None,
    typer.Option(
        "--step",
        metavar="STEP",
        help="Calendar step: day, week, month, quarter, year or decade; auto: the finest "
        "that gives at most 100 steps and that the dates can tell apart.",
    ),
]
WidthOpt = Annotated[
    str | None,
    typer.Option(
        "--width",
        metavar="WIDTH",
        help="A rolling window per step instead: days (90) or 12w, 3m, 1y.",
    ),
]
MaxPeriodsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-periods",
        metavar="NUMBER",
        min=1,
        help="Refuse a series of more steps than this (default 20,000).",
    ),
]
WeightOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--weight",
        metavar="MODALITY=NUMBER",
        help="How much a modality counts (defaults: actual=1, considered=0, threatened=0). "
        "Repeatable.",
    ),
]
SpreadsheetSafeOpt = Annotated[
    bool,
    typer.Option(
        "--spreadsheet-safe",
        help="CSV: write a cell that begins with =, +, - or @ with a leading ' so that a "
        "spreadsheet shows it as text instead of running it (R and pandas would keep the ').",
    ),
]
TableFormatOpt = Annotated[
    str, typer.Option("--format", metavar="FORMAT", help="table, json or csv.")
]

_KindOpt = Annotated[
    list[str] | None,
    typer.Option("--kind", metavar="KIND", help="Keep only stances of this kind. Repeatable."),
]
_ModalityOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--modality",
        metavar="MODALITY",
        help="Keep only actual, considered or threatened stances. Repeatable.",
    ),
]
_ActorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--actor",
        metavar="ACTOR",
        help="Keep only these actors and the stances among them. Repeatable.",
    ),
]
_EgoOpt = Annotated[
    str | None,
    typer.Option("--ego", metavar="ACTOR", help="Keep only the stances of this actor."),
]
_MinConfidenceOpt = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        metavar="NUMBER",
        min=0.0,
        max=1.0,
        help="Leave out stances below this confidence, 0..1 (stances without one are kept).",
    ),
]
_RollupOpt = Annotated[
    bool,
    typer.Option(
        "--rollup",
        help="Fold every actor with an affiliation (persons, and organs such as an army) into "
        "the actor it belongs to, following chains; stances that would become self-loops are "
        "left out, and a listed stance keeps one tie per pair.",
    ),
]

_FILTER_OPTIONS: tuple[tuple[str, Any, Any], ...] = (
    ("kind", _KindOpt, None),
    ("modality", _ModalityOpt, None),
    ("actor", _ActorOpt, None),
    ("ego", _EgoOpt, None),
    ("min_confidence", _MinConfidenceOpt, None),
    ("rollup", _RollupOpt, False),
)
_PAIR_LEAVES_OUT = ("actor", "ego")  # a pair command names its actors as arguments

F = TypeVar("F", bound=Callable[..., Any])


def _filters(values: dict[str, Any]) -> Filters:
    from relgraph.timeline import Filters

    def tuple_of(items: Iterable[str] | None) -> tuple[str, ...] | None:
        return tuple(items) if items else None

    return Filters(
        kinds=tuple_of(values.get("kind")),
        modalities=tuple_of(values.get("modality")),
        actors=tuple_of(values.get("actor")),
        ego=values.get("ego"),
        min_confidence=values.get("min_confidence"),
        rollup=bool(values.get("rollup")),
    )


def filtered(*, pair: bool = False) -> Callable[[F], F]:
    """Give a command the shared filter options in place of its ``filters`` parameter.

    Parameters
    ----------
    pair : bool
        The command names two actors itself (``history``, ``plot``): leave out ``--actor``
        and ``--ego``.

    Returns
    -------
    callable
        A decorator; the decorated command is called with ``filters`` set to the
        :class:`~relgraph.timeline.Filters` the options make.

    Examples
    --------
    >>> import inspect
    >>> @filtered(pair=True)
    ... def command(file: str, filters: object, fmt: str = "table") -> object:
    ...     return filters
    >>> list(inspect.signature(command).parameters)
    ['file', 'kind', 'modality', 'min_confidence', 'rollup', 'fmt']
    >>> command("f", kind=["conflict"], modality=None, min_confidence=None, rollup=True)
    Filters(kinds=('conflict',), modalities=None, actors=None, ego=None, min_confidence=None, rollup=True)
    """  # noqa: E501
    options = [o for o in _FILTER_OPTIONS if not (pair and o[0] in _PAIR_LEAVES_OUT)]
    names = {name for name, _, _ in options}

    def decorate(function: F) -> F:
        # the annotations are text (PEP 563); evaluate them here, all but the one of
        # ``filters``, so that the timeline module is imported only when a command runs
        signature = inspect.signature(function)
        parameters: list[inspect.Parameter] = []
        for parameter in signature.parameters.values():
            if parameter.name == "filters":
                parameters.extend(
                    inspect.Parameter(
                        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint
                    )
                    for name, hint, default in options
                )
                continue
            hint = parameter.annotation
            if isinstance(hint, str):
                hint = eval(hint, function.__globals__)  # noqa: S307  (our own annotations)
            parameters.append(parameter.replace(annotation=hint))
        # a keyword-only parameter may not come before a positional one with a default
        parameters = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in parameters]

        @functools.wraps(function)
        def command(*args: Any, **kwargs: Any) -> Any:
            values = {name: kwargs.pop(name) for name in list(kwargs) if name in names}
            return function(*args, filters=_filters(values), **kwargs)

        command.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=parameters, return_annotation=None
        )
        command.__annotations__ = {p.name: p.annotation for p in parameters}
        return command  # type: ignore[return-value]

    return decorate


def parse_weights(items: Iterable[str] | None) -> dict[str, float] | None:
    """Parse ``MODALITY=NUMBER`` items (the repeatable ``--weight`` option).

    Returns
    -------
    dict or None
        The weights given; None when there are none (the library's defaults then apply).

    Raises
    ------
    QueryError
        On an unknown modality, or a number that is not one (or not finite).

    Examples
    --------
    >>> parse_weights(["considered=0.5", "threatened = 1"])
    {'considered': 0.5, 'threatened': 1.0}
    >>> parse_weights([]) is None
    True
    >>> parse_weights(["maybe=1"])
    Traceback (most recent call last):
    ...
    relgraph.errors.QueryError: --weight maybe=1: unknown modality 'maybe' (known: actual, considered, threatened)
    """  # noqa: E501
    from relgraph.model import MODALITIES

    if not items:
        return None
    weights: dict[str, float] = {}
    for item in items:
        name, sep, number = item.partition("=")
        name = name.strip()
        if not sep:
            raise QueryError(f"--weight {item}: write MODALITY=NUMBER, e.g. considered=0.5")
        if name not in MODALITIES:
            raise QueryError(
                f"--weight {item}: unknown modality {name!r} (known: {', '.join(MODALITIES)})"
            )
        try:
            value = float(number)
        except ValueError:
            raise QueryError(f"--weight {item}: {number.strip()!r} is not a number") from None
        if not math.isfinite(value):
            raise QueryError(f"--weight {item}: a weight is a finite number")
        weights[name] = value
    return weights
