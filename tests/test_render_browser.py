"""Rendered pages in headless Chromium with the network blocked: what a reader sees and does."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import relgraph
from relgraph.render import page_data, render_graph, render_timeline
from relgraph.style import (
    DASHES,
    MERGE_AUTO,
    MERGED_LEGEND,
    UNCERTAIN_OPACITY,
    merged_width,
    node_size,
    valence_colour,
)
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
        assert loaded.page.text_content("#rg-period") == period.title
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
        assert loaded.page.text_content("#rg-period") == period.title
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


# -- readable at scale and honest about dates (issue 13) -------------------------------------

PROTOTYPE = Path(__file__).parent / "data" / "render" / "prototype.yaml"
PROTOTYPE_IDS = ["__proto__", "constructor", "hasOwnProperty", "isPrototypeOf", "toString",
                 "valueOf"]  # fmt: skip


def many(n_actors: int, n_stances: int, seed: int = 3, *, start: str = "2020") -> str:
    """A relations file shaped like event data: few actors, many ties, some partial dates."""
    import random

    rng = random.Random(seed)
    lines = ["version: 1", "title: Many", "actors:"]
    lines += [f"  - {{id: A{i}, name: Actor number {i}, kind: state}}" for i in range(n_actors)]
    lines.append("stances:")
    weights = [1 / (k + 1) for k in range(n_actors)]
    for s in range(n_stances):
        u, v = rng.choices(range(n_actors), weights, k=2)
        if u == v:
            v = (u + 1) % n_actors
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        first = f"{start}-{month:02d}" + ("" if s % 5 == 0 else f"-{day:02d}")
        end = "" if s % 3 == 0 else f", end: {int(start) + 1}-{month:02d}"
        modality = rng.choice(["actual", "actual", "considered", "threatened"])
        mutual = ", mutual: true" if s % 11 == 0 else ""
        lines.append(
            f"  - {{id: s{s}, actor: A{u}, target: A{v}, kind: diplomatic,"
            f" valence: {rng.choice([-1, -0.5, 0, 0.25, 0.5, 1])}, modality: {modality},"
            f" start: '{first}'{end}{mutual}}}"
        )
    return "\n".join(lines) + "\n"


def certain_keys(graph: Any, first: str, last: str) -> list[str]:
    """The keys of ``graph`` in force in first..last under every reading (DESIGN §2)."""
    from relgraph.dates import PartialDate

    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    out = []
    for _, _, key, attrs in graph.edges(keys=True, data=True):
        start = PartialDate.parse(attrs["start"])
        end = PartialDate.parse(attrs["end"]) if attrs.get("end") else None
        e_first = end.first if end else dt.date.max
        e_last = end.last if end else dt.date.max
        if min(start.last, e_last) <= b and max(start.first, e_first) >= a:
            out.append(key)
    return sorted(out)


def test_uncertain_stance_is_lighter_with_a_marker_and_says_why(
    load_page: Loader, seed: Timeline
) -> None:
    # Netanyahu's pledge is dated 2023-10~: in force from some day of October 2023.
    periods = seed.periods("2023-09-18", "2023-11-12", "week")
    loaded = load_page(render_timeline(seed, "2023-09-18", "2023-11-12", "week").html)
    pledge = "netanyahu-hamas-pledge-defeat"
    seen = {}
    for i, period in enumerate(periods):
        loaded.js("(i) => relgraph.setStep(i)", i)
        graph = seed.window(period.window_start, period.end)
        shown = keys(graph)
        certain = certain_keys(graph, period.window_start.isoformat(), period.end.isoformat())
        # the page, the rule of DESIGN §2 and the timeline's `certain` agree
        assert certain == sorted(k for _, _, k, c in graph.edges(keys=True, data="certain") if c)
        assert loaded.js("relgraph.visibleEdgeKeys()") == shown
        assert loaded.js("relgraph.uncertainKeys()") == sorted(set(shown) - set(certain))
        for edge in loaded.js("relgraph.drawnEdges()"):
            unsure = not set(edge["keys"]) <= set(certain)
            assert edge["marker"] is unsure, (period.label, edge)
            assert edge["opacity"] == (UNCERTAIN_OPACITY if unsure else 1), (period.label, edge)
            vis = loaded.js(
                "(id) => { const o = relgraph.network.body.edges[id].options;"
                " return [o.arrows.middle.enabled, o.color.opacity]; }",
                edge["id"],
            )
            assert vis == [unsure, edge["opacity"]]
        seen[period.start.isoformat()] = (pledge in shown, pledge in certain)
    assert seen["2023-09-18"] == (False, False)  # before October
    assert seen["2023-09-25"] == (True, False)  # the week holding 1 October
    assert seen["2023-10-02"] == (True, False)  # 2-8 October: before 7 October, perhaps
    assert seen["2023-10-30"] == (True, True)  # 30 Oct - 5 Nov holds 31 October
    week = next(i for i, p in enumerate(periods) if p.start == dt.date(2023, 10, 2))
    loaded.js("(i) => relgraph.setStep(i)", week)
    hover_edge(loaded, pledge)
    text = loaded.page.text_content("#rg-tooltip") or ""
    assert "start given only as October 2023" in text
    assert "may begin after 8 Oct 2023" in text
    legend = loaded.page.text_content("#rg-legend") or ""
    assert "only under some readings of its partial dates" in legend
    assert loaded.errors == []
    assert loaded.requests == []


def test_single_day_page_marks_a_month_dated_stance_uncertain(
    load_page: Loader, seed: Timeline
) -> None:
    graph = seed.at("2023-10-05")
    loaded = load_page(render_graph(graph).html)
    assert loaded.js("relgraph.uncertainKeys()") == sorted(
        set(keys(graph)) - set(certain_keys(graph, "2023-10-05", "2023-10-05"))
    )
    assert "netanyahu-hamas-pledge-defeat" in loaded.js("relgraph.uncertainKeys()")


def test_merged_pairs_cover_exactly_the_window_at_every_step(load_page: Loader) -> None:
    timeline = Timeline(relgraph.parse_relations(many(12, 400)))
    periods = timeline.periods("2020-01", "2021-12", "quarter")
    page = render_timeline(timeline, "2020-01", "2021-12", "quarter", merge_pairs=True)
    loaded = load_page(page.html)
    assert loaded.js("relgraph.merged()") is True
    legend = loaded.page.locator("#rg-legend-merged")
    assert legend.is_visible()
    assert MERGED_LEGEND in (legend.text_content() or "")
    edges = {e["id"]: e for e in page_data(page.html)["edges"]}
    order = {key: i for i, key in enumerate(edges)}  # the page sums valences in this order
    merged_any = False
    for i, period in enumerate(periods):
        loaded.js("(i) => relgraph.setStep(i)", i)
        graph = timeline.window(period.window_start, period.end)
        certain = set(certain_keys(graph, period.window_start.isoformat(), period.end.isoformat()))
        drawn = loaded.js("relgraph.drawnEdges()")
        union = sorted(k for edge in drawn for k in edge["keys"])
        assert union == keys(graph), period.label  # each stance in exactly one line
        pairs = [(edge["from"], edge["to"]) for edge in drawn]
        assert len(pairs) == len(set(pairs))  # one line per ordered pair
        for edge in drawn:
            members = sorted((edges[k] for k in edge["keys"]), key=lambda m: order[m["id"]])
            assert {(m["from"], m["to"]) for m in members} == {(edge["from"], edge["to"])}
            mean = sum(m["valence"] for m in members) / len(members)
            assert edge["color"] == valence_colour(mean)
            modalities = {m["modality"] for m in members}
            assert (edge["dashes"] == DASHES["considered"]) is (modalities == {"considered"})
            assert edge["marker"] is all(k not in certain for k in edge["keys"])
            assert edge["arrow"] is not all(m.get("mutual") for m in members)
            assert edge["merged"] is (len(members) > 1)
            if edge["merged"]:
                assert edge["width"] == merged_width(len(members))
            merged_any |= len(members) > 2
        widths = {len(e["keys"]): e["width"] for e in drawn if e["merged"]}
        counts = sorted(widths)  # wider with more stances
        assert [widths[c] for c in counts] == sorted(set(widths.values()))
    assert merged_any
    # the tooltip of a merged line lists every stance in it
    loaded.js("(i) => relgraph.setStep(i)", 3)
    big = max(loaded.js("relgraph.drawnEdges()"), key=lambda e: len(e["keys"]))
    tip = loaded.js(
        "(id) => [...relgraph.showEdgeTooltip(id).querySelectorAll('li')]"
        ".map((li) => li.dataset.edge)",
        big["id"],
    )
    assert sorted(tip) == big["keys"]
    # switched off on the page: one line per stance again
    loaded.page.uncheck("#rg-merge")
    assert loaded.js("relgraph.merged()") is False
    assert all(not e["merged"] for e in loaded.js("relgraph.drawnEdges()"))
    assert loaded.errors == []


def test_merging_is_on_by_default_only_for_crowded_steps(load_page: Loader) -> None:
    timeline = Timeline(relgraph.parse_relations(many(40, 700)))
    loaded = load_page(render_timeline(timeline, "2020-01", "2021-12", "quarter").html)
    for i in range(loaded.js("relgraph.steps")):
        loaded.js("(i) => relgraph.setStep(i)", i)
        crowded = len(loaded.js("relgraph.visibleEdgeKeys()")) > MERGE_AUTO
        assert loaded.js("relgraph.merged()") is crowded
        assert loaded.page.is_checked("#rg-merge") is crowded
    assert loaded.errors == []


def test_click_an_actor_to_focus_and_escape_to_reset(load_page: Loader, seed: Timeline) -> None:
    loaded = load_page(render_graph(seed.at("2024-05-14")).html)
    point = loaded.js(
        """() => {
            const net = relgraph.network;
            const p = net.getPositions([relgraph.nodeVisId("ISR")])[relgraph.nodeVisId("ISR")];
            const dom = net.canvasToDOM(p);
            const box = document.getElementById("rg-network").getBoundingClientRect();
            return {x: dom.x + box.left, y: dom.y + box.top};
        }"""
    )
    loaded.page.mouse.click(point["x"], point["y"])
    assert loaded.js("relgraph.focused()") == "ISR"
    for edge in loaded.js("relgraph.drawnEdges()"):
        touches = "ISR" in (edge["from"], edge["to"])
        assert (edge["opacity"] > 0.3) is touches, edge
    assert "Israel" in (loaded.page.text_content("#rg-details") or "")
    loaded.page.keyboard.press("Escape")
    assert loaded.js("relgraph.focused()") is None
    assert all(e["opacity"] >= UNCERTAIN_OPACITY for e in loaded.js("relgraph.drawnEdges()"))
    assert loaded.errors == []


def test_node_size_follows_the_ties_of_the_step(load_page: Loader, seed: Timeline) -> None:
    periods = seed.periods("2024-04", "2024-05", "week")
    loaded = load_page(render_timeline(seed, "2024-04", "2024-05", "week").html)
    for i in (0, len(periods) - 1):
        loaded.js("(i) => relgraph.setStep(i)", i)
        graph = seed.window(periods[i].window_start, periods[i].end)
        sizes = {}
        for node in graph.nodes:
            degree = graph.degree(node)
            assert loaded.js("(id) => relgraph.degree(id)", node) == degree
            sizes[degree] = loaded.js("(id) => relgraph.nodeSize(id)", node)
            assert sizes[degree] == node_size(degree)
        by_degree = [sizes[d] for d in sorted(sizes)]
        assert len(by_degree) > 2
        assert by_degree == sorted(set(by_degree))  # more ties, a larger actor


def test_labels_by_importance_at_150_actors(load_page: Loader) -> None:
    timeline = Timeline(relgraph.parse_relations(many(150, 1000)))
    graph = timeline.window("2020-06-01", "2020-06-30")
    loaded = load_page(render_graph(graph, merge_pairs=False).html)
    loaded.page.set_viewport_size({"width": 1024, "height": 768})
    loaded.js("relgraph.network.fit({animation: false}); relgraph.network.redraw()")
    loaded.page.wait_for_timeout(100)
    labelled = loaded.js("relgraph.labelled()")
    top = sorted(graph.nodes, key=lambda n: -graph.degree(n))[:12]
    assert set(top) <= set(labelled)
    assert len(labelled) >= 25
    assert loaded.js("relgraph.labelPx") >= 11
    # zoomed in on the busiest actor, its neighbours get their names too
    loaded.js(
        "(id) => { relgraph.network.focus(relgraph.nodeVisId(id), {scale: 3, animation: false});"
        " relgraph.network.redraw(); }",
        top[0],
    )
    loaded.page.wait_for_timeout(100)
    near = set(loaded.js("relgraph.labelled()"))
    assert near - set(labelled)
    assert loaded.errors == []


def test_a_small_graph_fills_a_1024_screen_with_readable_labels(
    browser: Any, tmp_path: Path, seed: Timeline
) -> None:
    path = tmp_path / "small.html"
    render_graph(seed.at("2024-05-14")).write(path)
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    tab = context.new_page()
    tab.goto(path.as_uri())
    tab.wait_for_function("() => document.documentElement.dataset.drawn === 'true'")
    tab.evaluate("relgraph.network.redraw()")
    tab.wait_for_timeout(100)
    box = tab.locator("#rg-network").bounding_box()
    assert box is not None
    assert box["width"] >= 0.75 * 1024
    assert box["height"] >= 0.75 * 768
    assert tab.evaluate("relgraph.labelPx") >= 11
    assert tab.evaluate("relgraph.labelled()") == sorted(seed.at("2024-05-14").nodes)
    context.close()


def test_default_timeline_has_at_most_100_steps(load_page: Loader, seed: Timeline) -> None:
    page = render_timeline(seed)
    loaded = load_page(page.html)
    assert 1 < loaded.js("relgraph.steps") == page.steps <= 100
    assert page.step in ("day", "week", "month", "quarter", "year", "decade")
    assert loaded.js("relgraph.title()") == page_data(page.html)["periods"][0]["title"]
    assert loaded.errors == []


def test_filter_counts_are_those_of_the_current_step(load_page: Loader, seed: Timeline) -> None:
    from collections import Counter

    periods = seed.periods("2023-10", "2024-05", "month")
    loaded = load_page(render_timeline(seed, "2023-10", "2024-05", "month").html)
    for i, period in enumerate(periods):
        loaded.js("(i) => relgraph.setStep(i)", i)
        graph = seed.window(period.window_start, period.end)
        edges = [attrs for _, _, attrs in graph.edges(data=True)]
        counts = loaded.js("relgraph.counts()")
        assert counts["modality"] == dict(Counter(e["modality"] for e in edges))
        assert counts["kind"] == dict(Counter(e["kind"] for e in edges))
        for kind, n in Counter(e["kind"] for e in edges).items():
            shown = loaded.page.text_content(f"#rg-filter-kind input[value={kind}] ~ .rg-n")
            assert shown == str(n)
    assert loaded.errors == []


@pytest.mark.parametrize("merge", [False, True])
def test_prototype_named_ids_work_on_the_page(load_page: Loader, merge: bool) -> None:
    timeline = Timeline(relgraph.read_relations(PROTOTYPE))
    for page in (
        render_graph(timeline.at("2024-05-14"), merge_pairs=merge),
        render_timeline(timeline, "2024-05-01", "2024-05-14", "day", merge_pairs=merge),
    ):
        loaded = load_page(page.html)
        loaded.js("(n) => relgraph.setStep(n - 1)", loaded.js("relgraph.steps"))
        graph = timeline.at("2024-05-14")
        assert loaded.js("relgraph.visibleNodeIds()") == sorted(PROTOTYPE_IDS)
        assert loaded.js("relgraph.visibleEdgeKeys()") == keys(graph)
        drawn = loaded.js("relgraph.drawnEdges()")
        assert sorted(k for e in drawn for k in e["keys"]) == keys(graph)
        assert loaded.js("Object.keys(relgraph.network.body.nodes).length") == len(PROTOTYPE_IDS)
        for actor in PROTOTYPE_IDS:
            assert loaded.js("(q) => relgraph.search(q)", actor) == [actor]
            tip = loaded.js(
                "(id) => { const t = relgraph.network.body.nodes[relgraph.nodeVisId(id)];"
                " return !!t; }",
                actor,
            )
            assert tip
        for key, quote in (("__proto__", "proto quote"), ("constructor", "constructor quote")):
            text = loaded.js("(k) => relgraph.showEdgeTooltip(k).textContent", key)
            assert quote in text
            assert f"A source named {key}" in text
        text = loaded.js("(k) => relgraph.showEdgeTooltip(k).textContent", "toString")
        assert "Source:" not in text
        hover_edge(loaded, "valueOf")
        loaded.js("relgraph.focus('__proto__')")
        assert loaded.js("relgraph.focused()") == "__proto__"
        loaded.page.fill("#rg-search", "__proto__")
        assert loaded.js("relgraph.selectedNodeIds()") == ["__proto__"]
        assert loaded.errors == []
        assert loaded.requests == []


def test_csp_blocks_any_script_added_to_the_page(load_page: Loader, seed: Timeline) -> None:
    loaded = load_page(render_graph(seed.at("2024-05-14")).html)
    loaded.js(
        """() => {
            const s = document.createElement("script");
            s.textContent = "window.__pwned = 7";
            document.body.append(s);
            const d = document.createElement("div");
            d.innerHTML = '<img src="data:," onerror="window.__pwned = 8">';
            document.body.append(d);
        }"""
    )
    loaded.page.wait_for_timeout(200)
    assert loaded.js("window.__pwned") is None
    assert any("Content Security Policy" in error for error in loaded.errors)
