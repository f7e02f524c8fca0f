"""Rendered pages in headless Chromium with the network blocked: what a reader sees and does."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import relgraph
from relgraph.render import render_graph, render_timeline
from relgraph.timeline import Timeline

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data" / "render" / "page.yaml"
SEED = Path(__file__).parent.parent / "data" / "relations.yaml"
Loader = Callable[..., Any]


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return Timeline(relgraph.read_relations(DATA))


@pytest.fixture(scope="module")
def seed() -> Timeline:
    return Timeline(relgraph.read_relations(SEED))


def keys(graph: Any) -> list[str]:
    return sorted(key for _, _, key in graph.edges(keys=True))


def hover_edge(loaded: Any, key: str) -> None:
    point = loaded.js(
        """(key) => {
            const net = relgraph.network;
            const mid = net.body.edges[relgraph.visId(key)].edgeType.getPoint(0.5);
            const dom = net.canvasToDOM(mid);
            const box = document.getElementById("rg-network").getBoundingClientRect();
            return {x: dom.x + box.left, y: dom.y + box.top};
        }""",
        key,
    )
    loaded.page.mouse.move(point["x"], point["y"])
    loaded.page.wait_for_selector("#rg-tooltip:not([hidden])", timeout=5_000)


def test_day_page_draws_offline_with_exactly_the_edges_of_that_day(
    load_page: Loader, seed: Timeline
) -> None:
    graph = seed.at("2024-05-14")
    loaded = load_page(render_graph(graph).html)
    assert loaded.errors == []
    assert loaded.requests == []
    assert loaded.js("relgraph.visibleEdgeKeys()") == keys(graph)
    assert loaded.js("relgraph.visibleNodeIds()") == sorted(graph.nodes)
    assert loaded.page.text_content("#rg-period") == "14 May 2024"
    assert loaded.page.text_content("#rg-period-dates") == "14 May 2024"
    assert loaded.page.text_content("#rg-title") == "Gaza war diplomacy, May 2024"
    footer = loaded.page.text_content("#rg-provenance")
    assert seed.relations.sha256 is not None
    assert seed.relations.sha256 in footer
    assert f"relgraph {relgraph.__version__}" in footer


def test_slider_steps_show_exactly_each_period_window(load_page: Loader, seed: Timeline) -> None:
    periods = seed.periods("2023-10", "2024-06", "month")
    loaded = load_page(render_timeline(seed, "2023-10", "2024-06", "month").html)
    assert loaded.js("relgraph.steps") == len(periods)
    positions = loaded.js("relgraph.network.getPositions()")
    for i, period in enumerate(periods):
        shown = loaded.js("(i) => relgraph.setStep(i)", i)
        assert shown == {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "window_start": period.window_start.isoformat(),
            "label": period.label,
        }
        assert loaded.js("relgraph.visibleEdgeKeys()") == keys(
            seed.window(period.window_start, period.end)
        ), period.label
        assert loaded.page.text_content("#rg-period") == getattr(period, "title", period.label)
        assert loaded.js("relgraph.network.getPositions()") == positions
    assert loaded.errors == []
    assert loaded.requests == []


def test_daily_slider_matches_at_and_the_keyboard_moves_it(
    load_page: Loader, seed: Timeline
) -> None:
    periods = seed.periods("2024-05-08", "2024-05-16", "day")
    loaded = load_page(render_timeline(seed, "2024-05-08", "2024-05-16", "day").html)
    slider = loaded.page.locator("#rg-slider")
    slider.focus()
    for period in periods:
        assert loaded.js("relgraph.period().label") == period.start.isoformat()
        assert loaded.js("relgraph.visibleEdgeKeys()") == keys(seed.at(period.start))
        assert loaded.page.text_content("#rg-period") == getattr(period, "title", period.label)
        loaded.page.keyboard.press("ArrowRight")
    assert loaded.js("relgraph.step()") == len(periods) - 1
    assert loaded.errors == []


def test_rolling_window_steps(load_page: Loader, timeline: Timeline) -> None:
    periods = timeline.periods("2024-01", "2024-06", "month", "2m")
    loaded = load_page(render_timeline(timeline, "2024-01", "2024-06", "month", "2m").html)
    for i, period in enumerate(periods):
        loaded.js("(i) => relgraph.setStep(i)", i)
        assert loaded.js("relgraph.visibleEdgeKeys()") == keys(
            timeline.window(period.window_start, period.end)
        )
    loaded.js("relgraph.setStep(1)")
    window_start = periods[1].window_start
    assert f"(window from {window_start.day} {window_start:%b %Y})" in (
        loaded.page.text_content("#rg-period-dates") or ""
    )


def test_play_advances_and_pauses(load_page: Loader, timeline: Timeline) -> None:
    loaded = load_page(render_timeline(timeline, "2024-01", "2024-06").html)
    loaded.page.click("#rg-play")
    loaded.wait_until("relgraph.step() >= 1", timeout=5)
    assert loaded.page.text_content("#rg-play") == "❚❚ Pause"
    loaded.page.click("#rg-play")
    step = loaded.js("relgraph.step()")
    loaded.page.wait_for_timeout(1_200)
    assert loaded.js("relgraph.step()") == step
    assert loaded.errors == []


def test_hostile_text_is_shown_literally_and_runs_nothing(
    load_page: Loader, timeline: Timeline
) -> None:
    for page in (
        render_graph(timeline.at("2024-05-14")),
        render_timeline(timeline, "2024-04", "2024-05"),
    ):
        loaded = load_page(page.html)
        assert loaded.page.title() == page.title
        assert loaded.page.text_content("#rg-title") == page.title
        tip = loaded.js(
            """() => {
                const tip = relgraph.showEdgeTooltip("threat");
                return {text: tip.textContent, html: tip.innerHTML,
                        links: [...tip.querySelectorAll("a")].map((a) => a.href)};
            }"""
        )
        assert '<img src=x onerror="window.__pwned=5">' in tip["text"]
        assert '“</script><img src=x onerror="window.__pwned=6">”' in tip["text"]
        assert "</script><script>window.__pwned=2</script>" in tip["text"]
        assert "<img" not in tip["html"]
        assert "<svg" not in tip["html"]
        assert tip["links"] == []  # the javascript: URL is not made a link
        loaded.page.fill("#rg-search", "script")
        assert loaded.page.text_content("#rg-search-results") == (
            '</script><img src=x onerror="window.__pwned=4">EVIL'
        )
        loaded.page.wait_for_timeout(200)
        assert loaded.js("window.__pwned") is None
        assert loaded.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert loaded.errors == []
        assert loaded.requests == []


def test_edge_tooltip_on_hover(load_page: Loader, timeline: Timeline) -> None:
    loaded = load_page(render_graph(timeline.at("2024-05-14")).html)
    hover_edge(loaded, "downgrade")
    tooltip = loaded.page.locator("#rg-tooltip")
    text = tooltip.text_content() or ""
    assert "weighs downgrading ties" in text
    assert "مصر → ישראל" in text
    assert "considered" in text
    assert "2024-05-14~ → open" in text
    assert "approximate (~)" in text
    assert "0.5" in text
    assert "Cairo could pull its ambassador." in text
    assert "<i>x</i>" in text
    link = tooltip.locator("a")
    assert link.text_content() == 'A report <b>bold</b> & "quoted"'
    assert link.get_attribute("href") == "https://example.org/report?a=1&b=2"
    assert link.get_attribute("rel") == "noopener noreferrer"
    loaded.page.mouse.move(5, 5)
    loaded.page.wait_for_selector("#rg-tooltip", state="hidden")
    assert loaded.errors == []


def test_seed_tooltip_and_click_details(load_page: Loader, seed: Timeline) -> None:
    loaded = load_page(render_graph(seed.at("2024-05-14")).html)
    hover_edge(loaded, "usa-isr-withhold-weapons")
    text = loaded.page.text_content("#rg-tooltip") or ""
    assert "withholds some weapons deliveries" in text
    assert "United States → Israel" in text
    assert "Israel’s total victory over Hamas not possible, says Biden official" in text
    assert "no end recorded" in text
    loaded.page.mouse.move(5, 5)
    hover_edge(loaded, "idf-hamas-rafah-east-push")  # a one-day event
    assert "on 14 May 2024 only" in (loaded.page.text_content("#rg-tooltip") or "")
    hover_edge(loaded, "usa-isr-withhold-weapons")
    loaded.page.mouse.down()
    loaded.page.mouse.up()
    loaded.page.wait_for_selector("#rg-details:not([hidden])")
    assert "withholds some weapons deliveries" in (loaded.page.text_content("#rg-details") or "")
    assert loaded.errors == []


def test_legend_is_on_the_page(load_page: Loader, seed: Timeline) -> None:
    loaded = load_page(render_graph(seed.at("2024-05-14")).html)
    legend = loaded.page.locator("#rg-legend")
    assert legend.is_visible()
    text = legend.text_content() or ""
    for word in ("hostile", "cooperative", "considered", "threatened", "mutual", "armed group"):
        assert word in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("مصر", ["EGY"]),
        ("مِصْر", ["EGY"]),  # with harakat
        ("ﻣﺼﺮ", ["EGY"]),  # Arabic presentation forms (NFKC)
        ("ישראל", ["ISR"]),
        ("יִשְׂרָאֵל", ["ISR"]),  # with niqqud
        ("CAIRO", ["EGY"]),
        ("zoe unal", ["P1"]),
        ("ZOË ÜNAL", ["P1"]),
        ("un", ["UN", "P1"]),
        ("nobody", []),
    ],
)
def test_search_finds_actors_in_any_script(
    load_page: Loader, timeline: Timeline, query: str, expected: list[str]
) -> None:
    loaded = load_page(render_graph(timeline.at("2024-05-14")).html)
    assert sorted(loaded.js("(q) => relgraph.search(q)", query)) == sorted(expected)
    loaded.page.fill("#rg-search", query)
    assert loaded.page.locator("#rg-search-results button").count() == len(expected)
    status = loaded.page.text_content("#rg-search-status")
    assert status == ("No actor matches." if not expected else status)
    if expected:
        selected = loaded.js("relgraph.selectedNodeIds()")
        assert sorted(selected) == sorted(expected)


def test_filters_hide_modalities_kinds_and_actor_kinds(
    load_page: Loader, timeline: Timeline
) -> None:
    graph = timeline.at("2024-05-14")
    loaded = load_page(render_graph(graph).html)
    everything = keys(graph)
    loaded.page.uncheck("#rg-filter-modality input[value=considered]")
    assert loaded.js("relgraph.visibleEdgeKeys()") == [k for k in everything if k != "downgrade"]
    loaded.page.uncheck("#rg-filter-kind input[value=conflict]")
    assert loaded.js("relgraph.visibleEdgeKeys()") == ["treaty"]
    loaded.page.check("#rg-filter-modality input[value=considered]")
    loaded.page.check("#rg-filter-kind input[value=conflict]")
    loaded.page.uncheck("#rg-filter-actor-kind input[value=igo]")
    assert "UN" not in loaded.js("relgraph.visibleNodeIds()")
    assert loaded.js("relgraph.visibleEdgeKeys()") == ["downgrade", "treaty"]
    label = "relgraph.network.body.edges[relgraph.visId('downgrade')].options.label"
    assert loaded.page.is_checked("#rg-edge-labels")  # few edges: labels on by default
    assert loaded.js(label) == "weighs downgrading ties"
    loaded.page.uncheck("#rg-edge-labels")
    assert loaded.js(label) is None
    assert loaded.errors == []


def test_notebook_iframe_draws_without_requests(
    browser: Any, wait_until: Callable[..., None], timeline: Timeline
) -> None:
    page = render_graph(timeline.at("2024-05-14"))
    context = browser.new_context()
    tab = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))

    def route(handle: Any) -> None:
        requests.append(handle.request.url)
        handle.abort()

    context.route("**/*", route)
    tab.set_content("<!DOCTYPE html><title>nb</title>" + page._repr_html_())
    frame = tab.frame_locator("iframe.relgraph-page")
    assert frame.locator("#rg-title").text_content() == page.title
    inner = tab.frames[1]
    wait_until(inner, "!!(window.relgraph && window.relgraph.drawn)")
    assert sorted(inner.evaluate("relgraph.visibleEdgeKeys()")) == keys(timeline.at("2024-05-14"))
    assert tab.evaluate("window.__pwned") is None
    assert requests == []
    assert errors == []
    context.close()


def test_title_with_markup_is_escaped_in_the_document(load_page: Loader) -> None:
    import networkx as nx

    graph = nx.MultiDiGraph(title="<b>bold</b> & <i>")
    graph.add_node("A", name="A", kind="state")
    loaded = load_page(render_graph(graph).html)
    assert loaded.page.title() == "<b>bold</b> & <i>"
    assert loaded.js("document.querySelectorAll('header b, header i').length") == 0
    assert html.escape("<b>") not in (loaded.page.text_content("#rg-title") or "")
