"""Pair and balance plots: Figures with the marks a reader needs, saved whole, lazy matplotlib."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from matplotlib.figure import Figure

import relgraph
from relgraph.analysis.balance import balance_series
from relgraph.errors import OutputError, QueryError
from relgraph.plot import plot_balance, plot_pair, save_figure
from relgraph.plot.pair import linestyle
from relgraph.style import valence_colour
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


def svg_of(figure: Figure, tmp_path: Path) -> str:
    path = save_figure(figure, tmp_path / "figure.svg")
    return path.read_text(encoding="utf-8")


def test_pair_png_is_written_whole(timeline: Timeline, tmp_path: Path) -> None:
    path = tmp_path / "pair.png"
    figure = plot_pair(timeline, "EGY", "ISR")
    assert isinstance(figure, Figure)
    assert save_figure(figure, path) == path
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pair.png"]


def test_pair_shows_both_directions_labels_and_marks(timeline: Timeline, tmp_path: Path) -> None:
    text = svg_of(plot_pair(timeline, "Cairo", "Israel"), tmp_path)
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
    text = svg_of(plot_pair(timeline, "USA", "ISR", start="2024-04", end="2024-06"), tmp_path)
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
        plot_pair(timeline, actor, target)


def test_pair_period_must_be_in_order(timeline: Timeline) -> None:
    with pytest.raises(QueryError, match=r"ends \(2024-01-31\) before it starts \(2024-03-01\)"):
        plot_pair(timeline, "EGY", "ISR", start="2024-03", end="2024-01")


def test_pair_into_missing_directory(timeline: Timeline, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        save_figure(plot_pair(timeline, "EGY", "ISR"), tmp_path / "nowhere" / "pair.png")


def test_balance_plot(timeline: Timeline, tmp_path: Path) -> None:
    series = balance_series(timeline, "2024-01", "2024-06", "month")
    assert [r.share_balanced for _, r in series] == [None, None, None, None, 0.0, 0.0]
    text = svg_of(plot_balance(series), tmp_path)
    assert "actual \u00d71, considered \u00d70, threatened \u00d70" in text
    assert "no closed triangle" in text
    assert "share of triangles balanced" in text
    assert "frustration index" in text
    assert "upper bound" not in text


def test_balance_plot_marks_upper_bounds(timeline: Timeline, tmp_path: Path) -> None:
    series = balance_series(timeline, "2024-05", "2024-05", exact_limit=1)
    assert "frustration index (upper bound)" in svg_of(plot_balance(series), tmp_path)


def test_balance_plot_of_nothing() -> None:
    with pytest.raises(QueryError, match="the balance series is empty"):
        plot_balance([])


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
    text = svg_of(plot_pair(Timeline(rel), "A", "B"), tmp_path)
    assert "aid of $1bn, then $2bn" in text
    assert "A $x^$ land \u2192 B" in text


@pytest.mark.parametrize("name", ["pair.txt", "pair.pgf", "pair.eps", "pair.PGF", "pair"])
def test_only_svg_pdf_png_are_written(timeline: Timeline, tmp_path: Path, name: str) -> None:
    # .pgf would need LaTeX and .eps is no format a figure promises: each is named an error
    suffix = name.rpartition(".")[2].lower() if "." in name else None
    shown = f".{suffix}" if suffix else "no suffix"
    message = f"{shown} is not a figure format; use .svg, .pdf or .png$"
    with pytest.raises(OutputError, match=message):
        save_figure(plot_pair(timeline, "EGY", "ISR"), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", ["svg", "pdf", "png", "SVG"])
def test_each_format_by_suffix(timeline: Timeline, tmp_path: Path, suffix: str) -> None:
    path = save_figure(plot_balance(balance_series(timeline, "2024-01", "2024-03")),
                       tmp_path / f"b.{suffix}")  # fmt: skip
    magic = {"svg": b"<?xml", "pdf": b"%PDF", "png": b"\x89PNG"}[suffix.lower()]
    assert path.read_bytes().startswith(magic)


def test_pngs_too_large_to_draw_are_refused(timeline: Timeline, tmp_path: Path) -> None:
    figure = plot_pair(timeline, "EGY", "ISR")
    with pytest.raises(OutputError, match="more than 16384 pixels a side; lower the size"):
        save_figure(figure, tmp_path / "big.png", dpi=2000)
    assert list(tmp_path.iterdir()) == []


EDGES_OF_TIME = """
actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]
stances:
  - {id: first, actor: A, target: B, kind: economic, valence: 0.5, start: 0001-01-01,
     end: 0001-01-01}
  - {id: last, actor: B, target: A, kind: conflict, valence: -0.5, start: 9999-12-31}
"""


@pytest.mark.parametrize(
    ("start", "end"),
    [(None, None), ("0001-01-01", "0001-01-31"), ("9999-12", "9999-12-31"), ("9999", None)],
)
@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_pair_at_the_ends_of_the_calendar(
    tmp_path: Path, start: str | None, end: str | None, suffix: str
) -> None:
    timeline = Timeline(relgraph.parse_relations(EDGES_OF_TIME))
    figure = plot_pair(timeline, "A", "B", start=start, end=end)
    path = save_figure(figure, tmp_path / f"pair.{suffix}")
    assert path.stat().st_size > 1000
    labels = [t.get_text() for t in figure.axes[1].get_xticklabels()]
    assert labels
    assert all(any(c.isdigit() for c in label) for label in labels)


@pytest.mark.parametrize(("start", "end"), [("0001-01", "0001-06"), ("9999-07", "9999-12")])
def test_balance_at_the_ends_of_the_calendar(tmp_path: Path, start: str, end: str) -> None:
    timeline = Timeline(relgraph.parse_relations(EDGES_OF_TIME))
    series = balance_series(timeline, start, end)
    assert save_figure(plot_balance(series), tmp_path / "b.png").stat().st_size > 1000


def test_tick_labels_name_their_years(timeline: Timeline) -> None:
    figure = plot_pair(timeline, "EGY", "ISR", start="2023-11", end="2024-06")
    figure.canvas.draw()
    labels = [t.get_text() for t in figure.axes[1].get_xticklabels() if t.get_text()]
    assert labels
    assert all(label.endswith(("2023", "2024")) for label in labels), labels


def overlapping(count: int, valence: float) -> Timeline:
    stances = "\n".join(
        f"  - {{actor: A, target: B, kind: economic, valence: {valence}, start: 2024-01-01}}"
        for _ in range(count)
    )
    return Timeline(relgraph.parse_relations(
        "actors: [{id: A, name: A, kind: state}, {id: B, name: B, kind: state}]\n"
        f"stances:\n{stances}\n"
    ))  # fmt: skip


@pytest.mark.parametrize("valence", [0.5, 0.04, -1.0, 0.0])
def test_overlapping_stances_stay_near_their_valence(valence: float) -> None:
    figure = plot_pair(overlapping(40, valence), "A", "B", start="2024-01", end="2024-02")
    ys = [y for segment in figure.axes[0].collections[0].get_segments() for _, y in segment]
    assert len(ys) == 80
    assert len({round(y, 9) for y in ys}) == 40  # each stance on its own lane
    assert all(abs(y - valence) <= 0.1 + 1e-9 for y in ys)
    if valence != 0:  # never in the other half
        assert all(y * valence > 0 for y in ys)


def test_dodging_is_not_cubic() -> None:
    # 2,400 overlapping stances took over two minutes with the old dodging loop
    timeline = overlapping(2400, 0.5)
    began = time.perf_counter()
    figure = plot_pair(timeline, "A", "B", start="2024-01", end="2024-02")
    assert time.perf_counter() - began < 30
    ys = [y for segment in figure.axes[0].collections[0].get_segments() for _, y in segment]
    assert min(ys) >= 0.4 - 1e-9
    assert max(ys) <= 0.5


def test_pair_and_balance_use_the_shared_palette(timeline: Timeline) -> None:
    from matplotlib.colors import to_hex

    figure = plot_pair(timeline, "EGY", "ISR", start="2024-01", end="2024-06")
    lines = figure.axes[0].collections[0]
    assert {to_hex(c) for c in lines.get_colors()} == {valence_colour(0.5), valence_colour(-0.5)}
    considered = linestyle("considered")
    assert considered != "-"
    assert linestyle("actual") == "-"
    balance = plot_balance(balance_series(timeline, "2024-01", "2024-06"))
    colours = {to_hex(line.get_color()) for line in balance.axes[1].get_lines()}
    assert {valence_colour(1.0), valence_colour(-1.0)} <= colours
