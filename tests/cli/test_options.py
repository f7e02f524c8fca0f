"""The shared options: declared once, turned into one Filters; --weight parsed in the
command line's words."""

from __future__ import annotations

import inspect

import pytest

from relgraph.cli import COMMANDS
from relgraph.cli.options import filtered, parse_weights
from relgraph.errors import QueryError
from relgraph.timeline import Filters

FILTER_OPTIONS = ["kind", "modality", "actor", "ego", "min_confidence", "rollup"]


def test_the_decorator_puts_the_options_where_filters_stood() -> None:
    @filtered()
    def command(file: str, at: str | None = None, *, filters: Filters, fmt: str = "t") -> Filters:
        return filters

    assert list(inspect.signature(command).parameters) == [
        "file", "at", *FILTER_OPTIONS, "fmt",
    ]  # fmt: skip
    made = command(
        "f", at=None, kind=["conflict", "military"], modality=None, actor=["EGY"], ego=None,
        min_confidence=0.5, rollup=True, fmt="t",
    )  # fmt: skip
    assert made == Filters(
        kinds=("conflict", "military"), actors=("EGY",), min_confidence=0.5, rollup=True
    )
    assert command("f", kind=None, modality=None, actor=None, ego=None, min_confidence=None,
                   rollup=False) == Filters()  # fmt: skip


@pytest.mark.parametrize(("name", "function"), COMMANDS)
def test_every_slicing_command_takes_the_same_filters(name: str, function: object) -> None:
    parameters = list(inspect.signature(function).parameters)  # type: ignore[arg-type]
    if name in ("validate", "schema", "convert", "merge"):
        assert "kind" not in parameters
        return
    options = parameters[parameters.index("kind") :][: len(FILTER_OPTIONS)]
    if name in ("history", "plot"):  # the pair is named by the arguments
        assert options[:4] == ["kind", "modality", "min_confidence", "rollup"]
    else:
        assert options == FILTER_OPTIONS


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["considered"], "--weight considered: write MODALITY=NUMBER, e.g. considered=0.5"),
        (["hoped=1"], "--weight hoped=1: unknown modality 'hoped' (known: actual, considered, "
         "threatened)"),
        (["considered=x"], "--weight considered=x: 'x' is not a number"),
        (["considered=inf"], "--weight considered=inf: a weight is a finite number"),
    ],
)  # fmt: skip
def test_bad_weights_name_the_option(items: list[str], message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_weights(items)
    assert str(caught.value) == message


def test_weights_parse() -> None:
    assert parse_weights(["considered = 0.5", "threatened=2"]) == {
        "considered": 0.5,
        "threatened": 2.0,
    }
    assert parse_weights(None) is None
