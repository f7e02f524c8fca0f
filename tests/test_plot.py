"""Pair and balance plots: files written whole, the marks a reader needs, lazy matplotlib."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

import relgraph
from relgraph.analysis.balance import balance_series
from relgraph.errors import OutputError, QueryError
from relgraph.plot import plot_balance, plot_pair
from relgraph.timeline import Timeline

CASE = """
actors:
  - {id: EGY, name: Egypt, kind: state, aliases: [Cairo]}
  - {id: ISR, name: Israel, kind: state}
  - {id: USA, name: United States, kind: state}
stances:
  - {id: treaty, actor: EGY, target: ISR, kind: alliance, label: keeps the peace treaty,
     valence: 0.5, mutual: true, start: 1979-03}
  - {id: downgrade, actor: EGY, target: ISR, kind: diplomatic, label: weighs downgrading ties,
     valence: -0.5, modality: considered, start: 2024-05~}
  - {id: talks, actor: ISR, target: EGY, kind: mediation, label: "talks <in> Cairo & Doha",
     valence: 0.3, start: 2024-02-01, end: 2024-02-20?}
  - {id: arms, actor: USA, target: ISR, kind: military, valence: -0.4, start: 2024-05-08}
  - {id: aid, actor: USA, target: EGY, kind: economic, valence: 0.4, start: 2024-03}
"""


@pytest.fixture
def timeline() -> Timeline:
    return Timeline(relgraph.parse_relations(CASE))


def svg_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_pair_png_is_written_whole(timeline: Timeline, tmp_path: Path) -> None:
    path = tmp_path / "pair.png"
    assert plot_pair(timeline, "EGY", "ISR", path) == path
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pair.png"]


def test_pair_shows_both_directions_labels_and_marks(timeline: Timeline, tmp_path: Path) -> None:
    path = tmp_path / "pair.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        plot_pair(timeline, "Cairo", "Israel", path)
    text = svg_text(path)
    assert "Egypt \u2013 Israel: stances over time" in text
    assert "Egypt \u2192 Israel" in text
    assert "Israel \u2192 Egypt" in text
    # The treaty began long before the default window, and holds both ways.
    assert text.count("keeps the peace treaty (mutual) (since 1979-03)") == 2
    assert "weighs downgrading ties" in text
    # Text from the file is data: escaped in the SVG, never markup.
    assert "talks &lt;in&gt; Cairo &amp; Doha" in text
    for legend in ("considered", "threatened", "approximate / uncertain date", "still in force"):
        assert legend in text


def test_pair_with_explicit_period_and_an_empty_direction(
    timeline: Timeline, tmp_path: Path
) -> None:
    path = tmp_path / "pair.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        plot_pair(timeline, "USA", "ISR", path, start="2024-04", end="2024-06")
    text = svg_text(path)
    assert "United States \u2192 Israel" in text
    assert text.count("no stance in this period") == 1
    assert "military" in text  # no label: the kind stands in


@pytest.mark.parametrize(
    ("actor", "target", "message"),
    [
        ("EGY", "ISRL", r"^unknown actor 'ISRL'"),
        ("EGY", "Egypt", r"^actor and target are the same \(EGY\); name two actors$"),
    ],
)
def test_pair_bad_actors(
    timeline: Timeline, tmp_path: Path, actor: str, target: str, message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        plot_pair(timeline, actor, target, tmp_path / "pair.png")
    assert list(tmp_path.iterdir()) == []


def test_pair_period_must_be_in_order(timeline: Timeline, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match=r"ends \(2024-01-31\) before it starts \(2024-03-01\)"):
        plot_pair(timeline, "EGY", "ISR", tmp_path / "p.png", start="2024-03", end="2024-01")


def test_pair_into_missing_directory(timeline: Timeline, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        plot_pair(timeline, "EGY", "ISR", tmp_path / "nowhere" / "pair.png")


def test_balance_plot(timeline: Timeline, tmp_path: Path) -> None:
    series = balance_series(timeline, "2024-01", "2024-06")
    assert [r.share_balanced for _, r in series] == [None, None, None, None, 0.0, 0.0]
    path = tmp_path / "balance.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        assert plot_balance(series, path) == path
    text = svg_text(path)
    assert "actual \u00d71, considered \u00d70, threatened \u00d70" in text
    assert "no closed triangle" in text
    assert "share of triangles balanced" in text
    assert "frustration index" in text
    assert "upper bound" not in text


def test_balance_plot_marks_upper_bounds(timeline: Timeline, tmp_path: Path) -> None:
    series = balance_series(timeline, "2024-05", "2024-05", exact_limit=1)
    path = tmp_path / "balance.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        plot_balance(series, path)
    assert "frustration index (upper bound)" in svg_text(path)


def test_balance_plot_of_nothing(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="the balance series is empty"):
        plot_balance([], tmp_path / "b.png")


def test_matplotlib_is_not_imported_until_a_plot_is_drawn() -> None:
    code = (
        "import sys, relgraph, relgraph.plot, relgraph.export, relgraph.analysis.balance\n"
        "print('matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "False\n"


def test_dollar_signs_are_text_not_math(tmp_path: Path) -> None:
    rel = relgraph.parse_relations(
        'actors: [{id: A, name: "A $x^$ land", kind: state}, {id: B, name: B, kind: state}]\n'
        "stances: [{actor: A, target: B, kind: economic, valence: 0.5, start: 2024-05-01,\n"
        '           label: "aid of $1bn, then $2bn"}]\n'
    )
    path = tmp_path / "money.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        plot_pair(Timeline(rel), "A", "B", path)
    text = svg_text(path)
    assert "aid of $1bn, then $2bn" in text
    assert "A $x^$ land \u2192 B" in text


def test_unknown_image_suffix_is_an_output_error(timeline: Timeline, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"\.txt is not an image format matplotlib writes"):
        plot_pair(timeline, "EGY", "ISR", tmp_path / "pair.txt")
    assert list(tmp_path.iterdir()) == []
