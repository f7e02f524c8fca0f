/* relgraph page script. Data arrives as JSON and reaches the DOM only through textContent. */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("relgraph-data").textContent);
  const timeline = data.mode === "timeline";
  const periods = data.periods;
  const nodes = data.nodes;
  const edges = data.edges;
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const edgeById = new Map(edges.map((e) => [e.id, e]));
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const MODALITIES = ["actual", "considered", "threatened"];
  const $ = (id) => document.getElementById(id);

  const state = {
    step: 0,
    modalities: new Set(MODALITIES),
    kinds: new Set(data.kinds),
    actorKinds: new Set(data.actor_kinds),
    labels: edges.length <= 12,
    shown: new Uint8Array(edges.length),
    playing: null,
  };

  // -- small helpers ---------------------------------------------------------------------------
  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function bdi(text) {
    return el("bdi", null, text);
  }
  // Search key: compatibility forms folded, marks (Arabic harakat, Hebrew niqqud, accents)
  // dropped, case folded; applied alike to names and to what is typed.
  function fold(text) {
    return String(text)
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .normalize("NFKC")
      .toUpperCase()
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }
  function fmtDay(iso) {
    if (!iso) return "";
    const [y, m, d] = iso.split("-");
    return Number(d) + " " + MONTHS[Number(m) - 1] + " " + y;
  }
  function nameOf(id) {
    const node = nodeById.get(id);
    return node ? node.label : id;
  }
  function words(kind) {
    return String(kind).replace(/_/g, " ");
  }
  function safeUrl(text) {
    try {
      const url = new URL(text);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  // -- what is shown ---------------------------------------------------------------------------
  function inForce(edge, period) {
    if (!timeline) return true;
    return (
      (!edge.start_day || edge.start_day <= period.end) &&
      (!edge.end_day || edge.end_day >= period.window_start)
    );
  }
  function nodeShown(id) {
    const node = nodeById.get(id);
    return !!node && state.actorKinds.has(node.kind);
  }
  function edgeShown(edge, period) {
    return (
      inForce(edge, period) &&
      state.modalities.has(edge.modality) &&
      state.kinds.has(edge.kind) &&
      nodeShown(edge.from) &&
      nodeShown(edge.to)
    );
  }
  function computeShown() {
    const period = periods[state.step];
    const shown = new Uint8Array(edges.length);
    for (let i = 0; i < edges.length; i++) shown[i] = edgeShown(edges[i], period) ? 1 : 0;
    return shown;
  }
  function visEdge(edge, on) {
    const item = {
      id: edge.id,
      from: edge.from,
      to: edge.to,
      color: edge.color,
      width: edge.width,
      arrows: edge.arrows,
      hidden: !on,
    };
    if (edge.dashes) item.dashes = edge.dashes;
    if (edge.smooth !== undefined) item.smooth = edge.smooth;
    if (state.labels && edge.label) item.label = edge.label;
    return item;
  }

  state.shown = computeShown();
  const visNodes = new vis.DataSet(
    nodes.map((n) => ({
      id: n.id,
      label: n.label,
      shape: n.shape,
      color: n.color,
      x: n.x,
      y: n.y,
      hidden: !nodeShown(n.id),
    }))
  );
  const visEdges = new vis.DataSet(edges.map((e, i) => visEdge(e, state.shown[i])));
  const container = $("rg-network");
  const network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, data.options);

  function refresh() {
    const shown = computeShown();
    const changes = [];
    for (let i = 0; i < edges.length; i++) {
      if (shown[i] !== state.shown[i]) changes.push({ id: edges[i].id, hidden: !shown[i] });
    }
    state.shown = shown;
    if (changes.length) visEdges.update(changes);
    const nodeChanges = [];
    for (const n of nodes) {
      const hidden = !nodeShown(n.id);
      if (visNodes.get(n.id).hidden !== hidden) nodeChanges.push({ id: n.id, hidden: hidden });
    }
    if (nodeChanges.length) visNodes.update(nodeChanges);
    showPeriod();
  }

  // -- header: the period, the slider, the counts ---------------------------------------------
  function showPeriod() {
    const period = periods[state.step];
    $("rg-period").textContent = period.label;
    let dates = "";
    if (!period.end) {
      dates = "every stance in the graph";
    } else if (period.start === period.end) {
      dates = fmtDay(period.start);
    } else {
      dates = fmtDay(period.start) + " – " + fmtDay(period.end);
    }
    if (period.window_start && period.window_start !== period.start) {
      dates += " (window from " + fmtDay(period.window_start) + ")";
    }
    $("rg-period-dates").textContent = dates;
    let count = 0;
    for (let i = 0; i < state.shown.length; i++) count += state.shown[i];
    const actors = nodes.filter((n) => nodeShown(n.id)).length;
    $("rg-counts").textContent =
      actors + " actors · " + count + " of " + edges.length + " stances shown";
    if (timeline) {
      $("rg-slider").value = String(state.step);
      $("rg-step").textContent = state.step + 1 + " / " + periods.length;
    }
  }

  function setStep(i) {
    const step = Number(i);
    if (!Number.isInteger(step) || step < 0 || step >= periods.length) {
      throw new RangeError("step must be an integer from 0 to " + (periods.length - 1));
    }
    state.step = step;
    refresh();
    return api.period();
  }

  function stop() {
    if (state.playing !== null) clearInterval(state.playing);
    state.playing = null;
    $("rg-play").textContent = "▶ Play";
    $("rg-play").setAttribute("aria-label", "Play");
  }
  function play() {
    if (state.step >= periods.length - 1) setStep(0);
    state.playing = setInterval(() => {
      if (state.step >= periods.length - 1) stop();
      else setStep(state.step + 1);
    }, 900);
    $("rg-play").textContent = "❚❚ Pause";
    $("rg-play").setAttribute("aria-label", "Pause");
  }
  if (timeline) {
    $("rg-player").hidden = false;
    const slider = $("rg-slider");
    slider.max = String(periods.length - 1);
    slider.addEventListener("input", () => {
      stop();
      setStep(Number(slider.value));
    });
    $("rg-play").addEventListener("click", () => (state.playing === null ? play() : stop()));
  }

  // -- filters ---------------------------------------------------------------------------------
  function checkboxes(fieldsetId, values, set, counts) {
    const box = $(fieldsetId);
    if (values.length === 0) {
      box.hidden = true;
      return;
    }
    for (const value of values) {
      const label = el("label", "rg-check");
      const input = el("input");
      input.type = "checkbox";
      input.checked = true;
      input.value = value;
      input.addEventListener("change", () => {
        if (input.checked) set.add(value);
        else set.delete(value);
        refresh();
      });
      label.append(input, el("span", null, words(value)), el("span", "rg-n", counts.get(value) || 0));
      box.appendChild(label);
    }
  }
  function countBy(items, field) {
    const counts = new Map();
    for (const item of items) counts.set(item[field], (counts.get(item[field]) || 0) + 1);
    return counts;
  }
  checkboxes(
    "rg-filter-modality",
    MODALITIES.filter((m) => edges.some((e) => e.modality === m)),
    state.modalities,
    countBy(edges, "modality")
  );
  checkboxes("rg-filter-kind", data.kinds, state.kinds, countBy(edges, "kind"));
  checkboxes("rg-filter-actor-kind", data.actor_kinds, state.actorKinds, countBy(nodes, "kind"));
  const labelBox = $("rg-edge-labels");
  labelBox.checked = state.labels;
  labelBox.addEventListener("change", () => {
    state.labels = labelBox.checked;
    visEdges.update(
      edges.filter((e) => e.label).map((e) => ({ id: e.id, label: state.labels ? e.label : " " }))
    );
  });

  // -- tooltips and details --------------------------------------------------------------------
  function row(dl, term, value) {
    dl.append(el("dt", null, term));
    const dd = el("dd");
    if (value instanceof Node) dd.append(value);
    else dd.textContent = String(value);
    dl.append(dd);
  }
  function datesOf(edge) {
    const box = el("span");
    const written = (edge.start || edge.start_day || "?") + " → " + (edge.end || "open");
    box.append(el("span", null, written));
    const marks = [];
    if (edge.approximate) marks.push("approximate (~)");
    if (edge.uncertain) marks.push("uncertain (?)");
    if (marks.length) box.append(el("span", "rg-source", " · " + marks.join(", ")));
    if (edge.start_day) {
      let bounds = "in force from " + fmtDay(edge.start_day) + ", no end recorded";
      if (edge.end_day === edge.start_day) bounds = "on " + fmtDay(edge.start_day) + " only";
      else if (edge.end_day) {
        bounds = "in force " + fmtDay(edge.start_day) + " – " + fmtDay(edge.end_day);
      }
      box.append(el("br"), el("span", "rg-source", bounds));
    }
    return box;
  }
  function valenceOf(edge) {
    const box = el("span");
    const swatch = el("span", "rg-swatch");
    swatch.style.background = edge.color;
    const v = edge.valence;
    const sign = v > 0 ? "+" : "";
    const word = v < 0 ? "hostile" : v > 0 ? "cooperative" : "neutral";
    box.append(swatch, el("span", null, sign + v + " (" + word + ")"));
    return box;
  }
  function sourceOf(id) {
    const source = (data.sources || {})[id];
    const box = el("div", "rg-source");
    box.append(el("span", null, "Source: "));
    if (!source) {
      box.append(bdi(id));
      return box;
    }
    const url = source.url ? safeUrl(source.url) : null;
    const title = source.title || id;
    if (url) {
      const a = el("a", null, title);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      box.append(a);
    } else {
      box.append(bdi(title));
    }
    const more = [source.publisher, source.published].filter(Boolean).join(", ");
    if (more) box.append(el("span", null, " (" + more + ")"));
    return box;
  }
  function edgeTip(edge) {
    const tip = el("div", "rg-tip");
    tip.dataset.edge = edge.id;
    tip.append(el("div", "rg-tip-title", edge.label || words(edge.kind)));
    const pair = el("div", "rg-tip-pair");
    pair.append(bdi(nameOf(edge.from)), el("span", null, edge.mutual ? " ⇄ " : " → "), bdi(nameOf(edge.to)));
    tip.append(pair);
    const dl = el("dl");
    row(dl, "Kind", words(edge.kind));
    row(dl, "Modality", edge.modality + (edge.mutual ? ", mutual" : ""));
    row(dl, "Valence", valenceOf(edge));
    row(dl, "Dates", datesOf(edge));
    row(dl, "Confidence", edge.confidence === undefined ? "not given" : edge.confidence);
    if (edge.cameo) row(dl, "CAMEO", edge.cameo);
    row(dl, "Stance", edge.stance || edge.id);
    tip.append(dl);
    const evidence = edge.evidence || [];
    if (evidence.length === 0) {
      tip.append(el("div", "rg-source", "No evidence recorded."));
    } else {
      tip.append(el("div", "rg-label", "Evidence"));
      const list = el("ul");
      for (const item of evidence) {
        const li = el("li");
        if (item.quote) li.append(el("div", "rg-quote", "“" + item.quote + "”"));
        if (item.attribution) li.append(el("div", null, "— " + item.attribution));
        if (item.source) li.append(sourceOf(item.source));
        list.append(li);
      }
      tip.append(list);
    }
    return tip;
  }
  function nodeTip(node) {
    const tip = el("div", "rg-tip");
    tip.dataset.node = node.id;
    tip.append(el("div", "rg-tip-title", node.label));
    const dl = el("dl");
    row(dl, "Kind", words(node.kind));
    row(dl, "Id", node.id);
    if (node.aliases && node.aliases.length) row(dl, "Also", node.aliases.join("; "));
    if (node.affiliation) row(dl, "Speaks for", nameOf(node.affiliation));
    for (const [code, value] of Object.entries(node.codes || {})) row(dl, code, value);
    tip.append(dl);
    return tip;
  }

  const tooltip = $("rg-tooltip");
  const pointer = { x: 0, y: 0 };
  container.addEventListener("mousemove", (event) => {
    const rect = container.getBoundingClientRect();
    pointer.x = event.clientX - rect.left;
    pointer.y = event.clientY - rect.top;
    if (!tooltip.hidden) place();
  });
  container.addEventListener("mouseleave", () => hideTip());
  function place() {
    const width = container.clientWidth;
    const height = container.clientHeight;
    let x = pointer.x + 14;
    let y = pointer.y + 14;
    if (x + tooltip.offsetWidth > width) x = Math.max(0, pointer.x - tooltip.offsetWidth - 14);
    if (y + tooltip.offsetHeight > height) y = Math.max(0, height - tooltip.offsetHeight - 4);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function showTip(content) {
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    place();
  }
  function hideTip() {
    tooltip.hidden = true;
    tooltip.replaceChildren();
  }
  function showDetails(content) {
    const box = $("rg-details");
    const head = el("div", "rg-details-head");
    const close = el("button", null, "Close");
    close.type = "button";
    close.addEventListener("click", () => {
      box.hidden = true;
      box.replaceChildren();
      network.unselectAll();
    });
    head.append(el("h2", null, "Selected"), close);
    box.replaceChildren(head, content);
    box.hidden = false;
  }
  network.on("hoverEdge", (p) => showTip(edgeTip(edgeById.get(p.edge))));
  network.on("hoverNode", (p) => showTip(nodeTip(nodeById.get(p.node))));
  network.on("blurEdge", hideTip);
  network.on("blurNode", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  network.on("click", (p) => {
    if (p.nodes.length) showDetails(nodeTip(nodeById.get(p.nodes[0])));
    else if (p.edges.length) showDetails(edgeTip(edgeById.get(p.edges[0])));
  });

  // -- search ----------------------------------------------------------------------------------
  const searchKeys = nodes.map((n) => ({
    id: n.id,
    keys: [n.label, n.id].concat(n.aliases || []).map(fold),
  }));
  function search(query) {
    const q = fold(query);
    if (!q) return [];
    return searchKeys.filter((s) => s.keys.some((k) => k.includes(q))).map((s) => s.id);
  }
  function focusNode(id) {
    if (!nodeShown(id)) return;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: { duration: 300 } });
    showDetails(nodeTip(nodeById.get(id)));
  }
  const searchBox = $("rg-search");
  const results = $("rg-search-results");
  searchBox.addEventListener("input", () => {
    const ids = search(searchBox.value);
    results.replaceChildren();
    if (!fold(searchBox.value)) {
      $("rg-search-status").textContent = "";
      network.unselectAll();
      return;
    }
    $("rg-search-status").textContent =
      ids.length === 0 ? "No actor matches." : ids.length === 1 ? "1 actor matches." : ids.length + " actors match.";
    for (const id of ids.slice(0, 30)) {
      const button = el("button");
      button.type = "button";
      button.append(bdi(nameOf(id)), el("span", "rg-id", id));
      button.addEventListener("click", () => focusNode(id));
      const li = el("li");
      li.append(button);
      results.append(li);
    }
    network.selectNodes(ids.filter(nodeShown));
  });
  searchBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const ids = search(searchBox.value);
      if (ids.length) focusNode(ids[0]);
    }
  });

  // -- provenance ------------------------------------------------------------------------------
  function provenanceText(p) {
    const parts = ["Made with " + p.generator];
    if (p.source) parts.push("from " + p.source);
    if (p.sha256) parts.push("SHA-256 " + p.sha256);
    if (p.slice) parts.push("slice " + JSON.stringify(p.slice));
    if (p.filters && Object.keys(p.filters).length) parts.push("filters " + JSON.stringify(p.filters));
    if (p.dropped) parts.push(p.dropped + " stances left out by the roll-up");
    return parts.join(" · ");
  }
  $("rg-provenance").textContent = provenanceText(data.provenance || {});

  // -- the script API --------------------------------------------------------------------------
  const api = {
    mode: data.mode,
    steps: periods.length,
    drawn: false,
    network: network,
    step: () => state.step,
    setStep: setStep,
    period: () => {
      const p = periods[state.step];
      return { start: p.start, end: p.end, window_start: p.window_start, label: p.label };
    },
    visibleEdgeKeys: () => edges.filter((e, i) => state.shown[i]).map((e) => e.id).sort(),
    visibleNodeIds: () => nodes.filter((n) => nodeShown(n.id)).map((n) => n.id).sort(),
    search: search,
    edgeTooltip: (key) => (edgeById.has(key) ? edgeTip(edgeById.get(key)) : null),
    showEdgeTooltip: (key) => {
      showTip(edgeTip(edgeById.get(key)));
      return tooltip;
    },
  };
  window.relgraph = api;

  network.once("afterDrawing", () => {
    api.drawn = true;
    api.drawnAt = performance.now();
    document.documentElement.dataset.drawn = "true";
  });
  showPeriod();
  network.fit({ animation: false });
})();
