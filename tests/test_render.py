"""Rendered pages: the data embedded in the page against the graph, escaping, files, notebooks.

These tests read the JSON block out of the page; what the browser does with it is in
``test_render_browser.py``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import relgraph
from relgraph import records
from relgraph.errors import OutputError, QueryError
from relgraph.render import Page, page_data, render_graph, render_timeline
from relgraph.style import DASHES, SHAPES, edge_width, valence_colour
from relgraph.timeline import Timeline

DATA = Path(__file__).parent / "data" / "render" / "page.yaml"
SEED = Path(__file__).parent.parent / "data" / "relations.yaml"
# the markup in tests/data/render/page.yaml, as it would appear if it were not escaped
HOSTILE_MARKUP = re.compile(r"<img src=x|<script>window|<svg onload|<b>bold|<i>x</i>", re.I)


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return Timeline(relgraph.read_relations(DATA))


def edges_by_key(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {edge["id"]: edge for edge in data["edges"]}


def test_graph_page_embeds_every_node_and_edge_with_its_style(timeline: Timeline) -> None:
    graph = timeline.at("2024-05-14")
    data = page_data(render_graph(graph).html)

    assert data["mode"] == "graph"
    assert [n["id"] for n in data["nodes"]] == list(graph.nodes)
    for node in data["nodes"]:
        attrs = graph.nodes[node["id"]]
        assert node["label"] == attrs["name"]
        assert node["kind"] == attrs["kind"]
        assert node["shape"] == SHAPES[attrs["kind"]]
        assert isinstance(node["x"], float)
        assert isinstance(node["y"], float)
    edges = edges_by_key(data)
    assert sorted(edges) == sorted(key for _, _, key in graph.edges(keys=True))
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        edge = edges[key]
        assert (edge["from"], edge["to"]) == (u, v)
        assert edge["kind"] == attrs["kind"]
        assert edge["modality"] == attrs["modality"]
        assert edge["valence"] == attrs["valence"]
        assert edge["color"] == valence_colour(attrs["valence"])
        assert edge["width"] == edge_width(attrs["valence"])
        assert edge.get("dashes") == DASHES.get(attrs["modality"])
        assert edge.get("mutual", False) is attrs["mutual"]
        assert edge["start"] == attrs["start"]
        assert edge["start_day"] == attrs["start_day"].isoformat()
        assert edge.get("end_day") == (attrs["end_day"] and attrs["end_day"].isoformat())
        assert edge.get("end") == attrs.get("end")
        assert edge.get("approximate", False) == attrs["approximate"]
        assert edge.get("uncertain", False) == attrs["uncertain"]
        assert edge.get("label") == attrs.get("label")
        assert edge.get("confidence") == attrs.get("confidence")
        assert edge.get("evidence", []) == attrs["evidence"]


def test_graph_page_shows_the_slice_and_carries_provenance(timeline: Timeline) -> None:
    page = render_graph(timeline.window("2024-03", "2024-04"))
    data = page_data(page.html)
    assert data["periods"] == [
        {
            "window_start": "2024-03-01",
            "start": "2024-03-01",
            "end": "2024-04-30",
            "label": "2024-03-01 – 2024-04-30",
            "title": "1 Mar 2024 – 30 Apr 2024",
        }
    ]
    provenance = data["provenance"]
    assert provenance["generator"] == f"relgraph {relgraph.__version__}"
    assert provenance["sha256"] == timeline.relations.sha256
    assert provenance["source"] == timeline.relations.source_path
    assert provenance["slice"] == {"start": "2024-03-01", "end": "2024-04-30"}
    assert f'<meta name="generator" content="relgraph {relgraph.__version__}">' in page.html


def test_sources_give_tooltips_their_titles_and_links(timeline: Timeline) -> None:
    data = page_data(render_graph(timeline.at("2024-05-14")).html)
    assert data["sources"]["good"] == {
        "title": 'A report <b>bold</b> & "quoted"',
        "url": "https://example.org/report?a=1&b=2",
    }
    edge = edges_by_key(data)["downgrade"]
    assert edge["evidence"] == [
        {
            "source": "good",
            "quote": "Cairo could pull its ambassador.\u2028Next line <i>x</i>",
            "attribution": "unnamed officials",
        }
    ]


def test_hand_made_graph_without_slice_or_sources() -> None:
    import datetime as dt

    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_node("A", name="A", kind="state")
    graph.add_node("B", name="B", kind="person")
    graph.add_edge("A", "B", key="k", kind="other", valence=1.0, modality="actual",
                   mutual=False, start="2020", start_day=dt.date(2020, 1, 1), end_day=None,
                   evidence=[{"source": "nowhere", "quote": "q"}])  # fmt: skip
    data = page_data(render_graph(graph, title="Mine").html)
    assert data["title"] == "Mine"
    assert data["periods"][0]["label"] == "all dates"
    assert data["sources"] == {}
    assert data["edges"][0]["evidence"] == [{"source": "nowhere", "quote": "q"}]


def test_timeline_page_embeds_each_stance_once_with_the_exact_periods(
    timeline: Timeline,
) -> None:
    page = render_timeline(timeline, "2024-01", "2024-06", step="month")
    data = page_data(page.html)
    periods = timeline.periods("2024-01", "2024-06", "month")
    assert data["mode"] == "timeline"
    assert data["periods"] == [
        {
            "window_start": p.window_start.isoformat(),
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "label": p.label,
            "title": p.title,
        }
        for p in periods
    ]
    keys = [edge["id"] for edge in data["edges"]]
    assert len(keys) == len(set(keys))
    union = timeline.window("2024-01-01", "2024-06-30")
    assert sorted(keys) == sorted(key for _, _, key in union.edges(keys=True))
    assert data["provenance"]["slice"] == {
        "start": "2024-01-01",
        "end": "2024-06-30",
        "step": "month",
    }


def test_timeline_bounds_reproduce_every_window(timeline: Timeline) -> None:
    # The page's rule (start_day <= end and (no end_day or end_day >= window_start)) applied
    # to the embedded data gives exactly Timeline.window for every period, rolling or not.
    for width in (None, "2m"):
        data = page_data(render_timeline(timeline, "2024-01", "2024-06", "week", width).html)
        for period in data["periods"]:
            shown = sorted(
                e["id"]
                for e in data["edges"]
                if e["start_day"] <= period["end"]
                and ("end_day" not in e or e["end_day"] >= period["window_start"])
            )
            graph = timeline.window(period["window_start"], period["end"])
            assert shown == sorted(k for _, _, k in graph.edges(keys=True)), period


def test_layout_is_deterministic_and_shared_by_all_steps(timeline: Timeline) -> None:
    first = page_data(render_timeline(timeline, "2024-01", "2024-06").html)
    again = page_data(render_timeline(timeline, "2024-01", "2024-06").html)
    positions = {n["id"]: (n["x"], n["y"]) for n in first["nodes"]}
    assert positions == {n["id"]: (n["x"], n["y"]) for n in again["nodes"]}
    assert len(set(positions.values())) == len(positions)
    assert first["options"]["physics"] == {"enabled": False}


def test_bad_step_is_a_query_error(timeline: Timeline) -> None:
    with pytest.raises(QueryError, match="step"):
        render_timeline(timeline, step="fortnight")


def test_text_from_the_file_never_becomes_markup(timeline: Timeline) -> None:
    for page in (
        render_graph(timeline.at("2024-05-14")),
        render_timeline(timeline, "2024-01", "2024-06"),
    ):
        assert not HOSTILE_MARKUP.search(page.html)
        # our own three script elements close; nothing from the data does
        assert page.html.count("</script>") == 3
        assert "\u2028" not in page.html
        assert "\\u2028" in page.html
        title = re.search(r"<title>(.*)</title>", page.html)
        assert title is not None
        assert html.unescape(title.group(1)) == page.title
        assert page.title.startswith("Hostile </script>")
        data = page_data(page.html)
        assert any(n["label"].startswith("</script><img") for n in data["nodes"])


def test_page_has_a_strict_content_security_policy(timeline: Timeline) -> None:
    page = render_graph(timeline.at("2024-05-14")).html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp is not None
    policy = csp.group(1)
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    # every inline script and style is allowed by its own hash, and nothing else is
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(scripts) == 2
    assert len(styles) == 1

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert sorted(directives["script-src"].split()) == sorted(map(digest, scripts))
    assert directives["style-src"] == digest(styles[0])
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page
    assert "url(http" not in page


def test_legend_explains_colours_styles_and_shapes(timeline: Timeline) -> None:
    page = render_graph(timeline.at("2024-05-14")).html
    legend = page[page.index('id="rg-legend"') :]
    for text in ("hostile", "neutral", "cooperative", "considered", "threatened", "mutual"):
        assert text in legend
    for kind in SHAPES:
        assert kind.replace("_", " ") in legend
    for value in (-1.0, -0.5, 0.0, 0.5, 1.0):
        assert valence_colour(value) in legend


def test_palette_runs_from_hostile_to_cooperative() -> None:
    assert valence_colour(-1) == "#7f3b08"
    assert valence_colour(0) == "#8c8c8c"
    assert valence_colour(1) == "#2d004b"
    assert valence_colour(5) == valence_colour(1)
    widths = [edge_width(v / 10) for v in range(11)]
    assert widths == sorted(widths)
    assert widths[0] >= 1.5


def test_write_is_atomic_and_replaces(tmp_path: Path, timeline: Timeline) -> None:
    page = render_graph(timeline.at("2024-05-14"))
    out = tmp_path / "graph.html"
    out.write_text("old", encoding="utf-8")
    assert page.write(out) == out
    assert out.read_text(encoding="utf-8") == page.html
    assert os.listdir(tmp_path) == ["graph.html"]
    with pytest.raises(OutputError, match="cannot write .*missing"):
        page.write(tmp_path / "missing" / "graph.html")
    assert os.listdir(tmp_path) == ["graph.html"]


def test_notebook_display_is_an_isolated_iframe(timeline: Timeline) -> None:
    page = render_graph(timeline.at("2024-05-14"))
    shown = page._repr_html_()
    match = re.fullmatch(r'<iframe ([^<>]*) srcdoc="([^"<>]*)"></iframe>', shown)
    assert match is not None
    assert 'sandbox="allow-scripts allow-popups' in match.group(1)
    assert "allow-same-origin" not in match.group(1)
    assert html.unescape(match.group(2)) == page.html


def test_page_is_a_plain_value() -> None:
    page = Page(html="<!DOCTYPE html>", title="t")
    assert page.html == "<!DOCTYPE html>"


def test_importing_relgraph_does_not_import_pyvis() -> None:
    code = (
        "import sys, relgraph, relgraph.render; "
        "from relgraph.render import html; "
        "print(json.dumps(['pyvis' in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import json; " + code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == [False]


def test_seed_file_renders() -> None:
    tl = Timeline(relgraph.read_relations(SEED))
    data = page_data(render_graph(tl.at("2024-05-14")).html)
    keys = {e["id"] for e in data["edges"]}
    assert "egy-isr-downgrade-ties" in keys
    assert edges_by_key(data)["egy-isr-downgrade-ties"]["dashes"] == DASHES["considered"]


def test_page_repr_is_one_line(timeline: Timeline) -> None:
    page = render_timeline(timeline, "2024-01", "2024-06", "month")
    kb = round(len(page.html.encode()) / 1e3)
    assert repr(page) == f"<Page timeline 2024-01..2024-06, 6 steps, {kb} kB>"
    day = render_graph(timeline.at("2024-05-14"))
    assert re.fullmatch(r"<Page graph 2024-05-14, \d+ stances, \d+ kB>", repr(day))


def test_default_step_is_the_finest_with_at_most_100_periods(timeline: Timeline) -> None:
    page = render_timeline(timeline)
    assert page.step == timeline.periods()[0].step
    assert page_data(page.html)["provenance"]["slice"]["step"] == page.step
    assert page.steps == len(timeline.periods(None, None, page.step)) <= 100


def test_partial_dates_carry_both_bounds(timeline: Timeline) -> None:
    seed = Timeline(relgraph.read_relations(SEED))
    data = page_data(render_timeline(seed, "2023-10", "2023-11", "week").html)
    pledge = edges_by_key(data)["netanyahu-hamas-pledge-defeat"]
    assert pledge["start"] == "2023-10~"
    assert (pledge["start_day"], pledge["start_last"]) == ("2023-10-01", "2023-10-31")
    assert pledge["start_precision"] == "month"
    assert "end_first" not in pledge
    exact = next(e for e in data["edges"] if len(e["start"]) == 10)
    assert "start_last" not in exact


def test_page_limits_are_refused_up_front_naming_the_option(timeline: Timeline) -> None:
    graph = timeline.at("2024-05-14")
    with pytest.raises(OutputError, match=r"more than the limit of 2 a page may hold \(max_edges;"
                       r" --max-edges on the command line\)"):  # fmt: skip
        render_graph(graph, max_edges=2)
    with pytest.raises(
        OutputError, match=r"26 week steps, more than the limit of 10 .*--max-steps"
    ):
        render_timeline(timeline, "2024-01", "2024-06", "week", max_steps=10)
    with pytest.raises(
        OutputError, match=r"MB, more than the limit of 0 MB \(max_bytes; --max-page"
    ):
        render_graph(graph, max_bytes=1000)
    assert (
        render_graph(graph, max_edges=graph.number_of_edges()).stances == graph.number_of_edges()
    )


def test_merge_option_is_carried_to_the_page(timeline: Timeline) -> None:
    graph = timeline.at("2024-05-14")
    assert page_data(render_graph(graph).html)["merge"] == {"pairs": None, "auto": 300}
    assert page_data(render_graph(graph, merge_pairs=True).html)["merge"]["pairs"] is True


def test_page_provenance_is_the_export_record_with_merged_and_title() -> None:
    # the same record every export carries: a roll-up's merged count and the title included
    rel = relgraph.parse_relations(
        "title: Organs\n"
        "actors: [{id: USA, name: United States, kind: state},"
        " {id: ISR, name: Israel, kind: state},"
        " {id: BID, name: Joe Biden, kind: person, affiliation: USA}]\n"
        "stances: [{id: both, actor: [USA, BID], target: ISR, kind: military, valence: -0.3,"
        " start: 2024-05}]\n"
    )
    graph = Timeline(rel, rollup=True).at("2024-05-14")
    provenance = page_data(render_graph(graph).html)["provenance"]
    assert (provenance["merged"], provenance["dropped"], provenance["title"]) == (1, 0, "Organs")
    assert {k: v for k, v in provenance.items() if k not in ("generator", "format")} == {
        k: v for k, v in records.provenance(graph).items() if k != "format"
    }
