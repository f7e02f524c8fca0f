"""The fast reader returns exactly what the exact path returns, or refuses."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from relgraph._fastyaml import fast_parse
from relgraph._yaml import MAX_DEPTH, MAX_SCALAR, CoreScalar, NeedsSlowPath, compose

ROOT = Path(__file__).resolve().parents[1]


def _generator() -> ModuleType:
    name = "relgraph_bench_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "generate.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def same(a: Any, b: Any) -> bool:
    """Equal, with equal types all the way down (``1 == 1.0 == True`` is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, CoreScalar):
        if a.text != b.text or type(a.value) is not type(b.value):
            return False
        if isinstance(a.value, float) and math.isnan(a.value):
            return math.isnan(b.value)
        return bool(a.value == b.value)
    return bool(a == b)


def exact(text: str) -> Any:
    """The exact path's data, or ``NeedsSlowPath`` when it reports a problem."""
    composed = compose(text)
    return NeedsSlowPath if composed.problems else composed.data


def check(text: str) -> bool:
    """Assert the fast reader agrees with the exact path; return whether it answered."""
    expected = exact(text)
    try:
        got = fast_parse(text)
    except NeedsSlowPath:
        return False
    assert expected is not NeedsSlowPath, (
        f"fast path accepted what the exact path rejects: {text!r}"
    )
    assert same(got, expected), f"{text!r}:\n fast  {got!r}\n exact {expected!r}"
    return True


# --- real files ------------------------------------------------------------------------


def test_seed_file() -> None:
    path = ROOT / "data" / "relations.yaml"
    assert check(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_files(seed: int) -> None:
    text = _generator().generate(60, 1500, seed)
    assert check(text)


def test_generated_file_with_crlf_and_bom_free_text() -> None:
    text = _generator().generate(20, 200, 7)
    assert check(text.replace("\n", "\r\n"))


# --- what it must read -----------------------------------------------------------------

ACCEPTED = [
    "a: 1\n",
    "a: NO\nb: ON\nc: 0777\nd: 1e3\ne: ~\nf: null\ng: true\nh: .inf\ni: -.5\nj: 0x1F\n",
    "a:\nb: # nothing\nc:   \n",
    "a: 'it''s: #1'\nb: \"q \\\"x\\\" \\u00e9 \\x41 \\t\\\\\"  # c\n",
    "a: [A, 'b c', \"d\", 014]\nb: {iso3: EGY, cow: 651}\nc: []\nd: {}\n",
    "a:\n- x\n- y\nb: 2\n",
    "a:\n  - k: 1\n    l: 2\n  -   k: 3\n",
    "- a\n- b: c\n  d: e\n",
    "a: |\n  line 1\n\n  line 3\nb: >-\n  folded\n  text\nc: |+\n  kept\n\nd: x\n",
    "---\na: b\n",
    "a: café 日本 \U0001f6ab\nb: x # comment\n# end\n",
    "a: http://example.org/x?y=1#frag\nb: -x\nc: a,b\nd: 2024-05-14~\n",
    "  a: 1\n  b:\n    c: 2\n",
    "x: |\n  first\n  \ttab in a literal\n",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_reads_common_yaml(text: str) -> None:
    assert check(text)


# --- what it must refuse ---------------------------------------------------------------

REFUSED = [
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: ! 1\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\na: 2\n",
    "? a\n: 1\n",
    "[a, b]: 1\n",
    "a: [b, [c]]\n",
    "a:\n\t- b\n",
    "a: b\n  c\n",
    "a: 'b\n  c'\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: 1\n...\n",
    "a: \x00\n",
    "a: b\x85c\n",
    "\ufeffa: 1\n",
    "a: 1\rb: 2\n",
    "a: b: c\n",
    "a: - b\n",
    "- - a\n",
    "-\n  a: 1\n",
    "plain scalar document\n",
    "",
    "# only a comment\n",
    "a: |\n  no final newline",
    "x: |\n  \ttab first in a literal\n",
    "".join(f"{' ' * (2 * i)}k{i}:\n" for i in range(MAX_DEPTH + 2)) + " " * 200 + "x: 1\n",
    "a: " + "x" * (MAX_SCALAR + 1) + "\n",
]


@pytest.mark.parametrize("text", REFUSED)
def test_refuses_the_unusual(text: str) -> None:
    with pytest.raises(NeedsSlowPath):
        fast_parse(text)


def test_refusal_covers_every_problem_of_the_exact_path() -> None:
    for text in REFUSED:
        if exact(text) is NeedsSlowPath:
            with pytest.raises(NeedsSlowPath):
                fast_parse(text)


def test_equal_plain_scalars_may_share_one_object() -> None:
    data = fast_parse("a: 0777\nb: 0777\n")
    assert data["a"] is data["b"]
    assert data["a"].value == 777


# --- property: random documents from a grammar, with random damage ---------------------

SCALAR_TEXTS = [
    "x",
    "EGY",
    "per-00042",
    "0777",
    "014",
    "NO",
    "on",
    "~",
    "",
    "null",
    "Null",
    "true",
    "False",
    "1e3",
    "-.5",
    ".inf",
    ".NaN",
    "0x1F",
    "0o17",
    "+1",
    "-1",
    "1_000",
    "2024-05-14",
    "2024-05~",
    "a b",
    "a: b",
    "a:b",
    "a #b",
    "a#b",
    "#x",
    "- x",
    "-x",
    "-",
    "--",
    "---",
    "...",
    "'",
    '"',
    "x'y",
    'x"y',
    "[a]",
    "a]",
    "{a}",
    "a, b",
    "é",
    "日本",
    "\\",
    "\\n",
    "a\tb",
    " lead",
    "trail ",
    ":x",
    "x:",
    "?x",
    "? x",
    "%x",
    "@x",
    "`x",
    "!x",
    "&x",
    "*x",
    "|",
    ">",
    "|-",
    "ä: ö",
    "«q»",
    "\U0001f6ab",
    "\u2028",
    "\x85",
    "\x7f",
    "a  b",
]
SIMPLE_KEYS = ["a", "id", "kind", "b_1", "x.y", "k-2", "1", "null", "true"]
KEYS = [*SIMPLE_KEYS, "a b", "x:y", "é", "-k"]
BLOCK_LINES = ["line", "  indented", "", "# not a comment", "a: b", "- x", "\ttab", "trail  "]


def _escape_double(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    return "".join(ch if ch.isprintable() or ch == " " else f"\\u{ord(ch):04x}" for ch in out)


@st.composite
def scalar_text(draw: st.DrawFn) -> str:
    return draw(st.one_of(st.sampled_from(SCALAR_TEXTS), st.text(max_size=6)))


@st.composite
def inline_scalar(draw: st.DrawFn) -> str:
    """A scalar written on one line, in one of the styles."""
    text = draw(scalar_text())
    style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + _escape_double(text) + '"'
    return text


@st.composite
def block_scalar(draw: st.DrawFn, indent: int) -> list[str]:
    header = draw(st.sampled_from(["|", "|-", "|+", ">", ">-", ">+"]))
    body = draw(st.lists(st.sampled_from(BLOCK_LINES), min_size=1, max_size=4))
    extra = draw(st.sampled_from([2, 2, 4]))
    trailing = draw(st.sampled_from([[], [""], ["", ""]]))
    pad = " " * (indent + extra)
    return [header] + [pad + line if line else "" for line in body] + trailing


@st.composite
def node(
    draw: st.DrawFn, indent: int, depth: int, keys: list[str] = KEYS
) -> tuple[str, list[str]]:
    """A value: (what follows ``key:`` or ``- `` on its line, the lines after it)."""
    kinds = ["scalar", "scalar", "empty", "block", "flow_seq", "flow_map"]
    if depth < 3:
        kinds += ["map", "seq", "seq_indentless"]
    kind = draw(st.sampled_from(kinds))
    if kind == "scalar":
        return draw(inline_scalar()) + draw(st.sampled_from(["", "", " # c", "  "])), []
    if kind == "empty":
        return draw(st.sampled_from(["", " # c"])), []
    if kind == "block":
        header, *lines = draw(block_scalar(indent))
        return header, lines
    if kind == "flow_seq":
        items = draw(st.lists(inline_scalar(), max_size=3))
        return "[" + draw(st.sampled_from([", ", ","])).join(items) + "]", []
    if kind == "flow_map":
        names = draw(st.lists(st.sampled_from(keys), max_size=3))
        items = [f"{key}: {draw(inline_scalar())}" for key in names]
        return "{" + ", ".join(items) + "}", []
    step = draw(st.sampled_from([2, 2, 4, 1]))
    if kind == "map":
        return "", draw(mapping(indent + step, depth + 1, keys))
    if kind == "seq":
        return "", draw(sequence(indent + step, depth + 1, keys))
    return "", draw(sequence(indent, depth + 1, keys))


@st.composite
def mapping(draw: st.DrawFn, indent: int, depth: int, keys: list[str] = KEYS) -> list[str]:
    names = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4))
    lines = []
    for key in names:
        head, rest = draw(node(indent, depth, keys))
        lines.append(" " * indent + f"{key}:" + (f" {head}" if head else ""))
        lines.extend(rest)
        if draw(st.integers(0, 6)) == 0:
            lines.append(draw(st.sampled_from(["", "# comment", " " * indent + "# c", "   "])))
    return lines


@st.composite
def sequence(draw: st.DrawFn, indent: int, depth: int, keys: list[str] = KEYS) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        if depth < 3 and draw(st.booleans()):
            # "- key: value" with the mapping's other keys under the first
            spaces = draw(st.sampled_from([1, 1, 3]))
            inner = draw(mapping(indent + 1 + spaces, depth + 1, keys))
            lines.append(" " * indent + "-" + " " * spaces + inner[0].lstrip(" "))
            lines.extend(inner[1:])
        else:
            head, rest = draw(node(indent, depth, keys))
            lines.append(" " * indent + "-" + (f" {head}" if head else ""))
            lines.extend(rest)
    return lines


DAMAGE = [
    " ",
    "\n",
    "-",
    ":",
    "#",
    "'",
    '"',
    "\t",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&",
    "*",
    "!",
    "|",
    ">",
    "?",
    "%",
    "\\",
    "\r",
    "\ufeff",
    "\x85",
    "\u2028",
    "\x00",
    "---\n",
    "- ",
    ": ",
    "  ",
]


@st.composite
def document(draw: st.DrawFn) -> str:
    lines = draw(mapping(0, 0)) if draw(st.integers(0, 4)) else draw(sequence(0, 0))
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "\n", ""]))
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(DAMAGE)) + text[at:]
    return text


@settings(
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document())
@example("a: |\n  x\n\n")
@example("k:\n- |+\n  a\n\n")
def test_fast_path_agrees_with_exact_path(text: str) -> None:
    check(text)


def test_the_grammar_is_mostly_read() -> None:
    """The property above would be vacuous if the fast path refused everything."""
    counts = {"valid": 0, "answered": 0}

    @settings(
        max_examples=300,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.builds(lambda lines: "\n".join(lines) + "\n", mapping(0, 0, SIMPLE_KEYS)))
    def run(text: str) -> None:
        counts["valid"] += exact(text) is not NeedsSlowPath
        counts["answered"] += check(text)

    run()
    assert counts["answered"] > counts["valid"] * 0.5


@st.composite
def damaged_file(draw: st.DrawFn) -> str:
    """A small generated relations file with a few characters inserted or removed."""
    text: str = _generator().generate(6, 8, draw(st.integers(0, 20)))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(DAMAGE)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 3)) :]
    return text


@settings(
    max_examples=800,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(damaged_file())
def test_damaged_files(text: str) -> None:
    check(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: [x" + " " * 200_000 + "y\n",
        "a: [" + "x " * 100_000 + "\n",
        "a: {k: " + " " * 200_000 + "y\n",
        'a: "' + "\\\\" * 100_000 + "\n",
        "a: '" + "''" * 100_000 + "\n",
        "a: " + "x " * 200_000 + "#\n",
    ],
)
def test_long_lines_take_linear_time(text: str) -> None:
    """Before the words-and-spaces pattern, the first of these took minutes."""
    check(text)
