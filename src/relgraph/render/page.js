/* relgraph page script. Data arrives as JSON and reaches the DOM only through textContent.
   Ids from the file are never keys of plain objects: vis-network's items get ids of our own,
   "n<i>" for the i-th actor, "e<j>" for the j-th stance and "m<i>-<k>" for a merged pair. */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("relgraph-data").textContent);
  const timeline = data.mode === "timeline";
  const periods = data.periods;
  const nodes = data.nodes;
  const edges = data.edges;
  const style = data.style;
  const N = nodes.length;
  const E = edges.length;
  const nodeIndex = new Map(nodes.map((n, i) => [n.id, i]));
  const edgeIndex = new Map(edges.map((e, j) => [e.id, j]));
  const sources = new Map(Object.entries(data.sources || {}));
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const MODALITIES = ["actual", "considered", "threatened"];
  const NEVER = "0000-00-00";
  const OPEN = "9999-99-99";
  const LABEL_PX = 13; // labels are drawn at this size on screen, whatever the zoom
  const ALWAYS_LABELLED = 12; // the most connected actors are always named
  const DIM = 0.12;
  const $ = (id) => document.getElementById(id);

  // Per stance: its endpoints' indexes and the bounds of its dates (ISO text compares as dates).
  const fromIx = new Int32Array(E);
  const toIx = new Int32Array(E);
  const sFirst = [];
  const sLast = [];
  const eFirst = [];
  const eLast = [];
  edges.forEach((e, j) => {
    fromIx[j] = nodeIndex.get(e.from);
    toIx[j] = nodeIndex.get(e.to);
    sFirst.push(e.start_day || NEVER);
    sLast.push(e.start_last || e.start_day || NEVER);
    eLast.push(e.end_day || OPEN);
    eFirst.push(e.end_first || e.end_day || OPEN);
  });
  const totalDegree = new Int32Array(N);
  for (let j = 0; j < E; j++) {
    totalDegree[fromIx[j]]++;
    totalDegree[toIx[j]]++;
  }

  const mergeOption = data.merge || { pairs: false, auto: 300 };
  const state = {
    step: 0,
    modalities: new Set(MODALITIES),
    kinds: new Set(data.kinds),
    actorKinds: new Set(data.actor_kinds),
    labels: E <= 12,
    merge: mergeOption.pairs, // true, false, or null: by the number of ties in the step
    merged: false,
    focus: null, // the index of the focused actor
    shown: new Uint8Array(E),
    unsure: new Uint8Array(E),
    degree: new Int32Array(N),
    counts: null,
    drawn: new Map(), // vis id -> {item, sig, members}
    nodeSig: new Array(N).fill(""),
    labelled: [],
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
  // A partial date as a reader says it: "October 2023", "2023".
  function fmtPartial(text, precision) {
    const m = /^(\d{4})(?:-(\d{2}))?/.exec(String(text || ""));
    if (!m) return String(text);
    if (precision === "month" && m[2]) return MONTH_NAMES[Number(m[2]) - 1] + " " + m[1];
    return m[1];
  }
  function nameOf(id) {
    const i = nodeIndex.get(id);
    return i === undefined ? id : nodes[i].label;
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
  function hexRgb(hex) {
    return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  }
  // The palette of relgraph.style.valence_colour, for merged pairs' mean valence.
  function valenceColour(valence) {
    const v = Math.min(1, Math.max(-1, valence));
    const stops = style.stops;
    for (let i = 0; i + 1 < stops.length; i++) {
      const [lo, loHex] = stops[i];
      const [hi, hiHex] = stops[i + 1];
      if (v <= hi) {
        const t = (v - lo) / (hi - lo);
        const a = hexRgb(loHex);
        const b = hexRgb(hiHex);
        return "#" + a.map((x, k) => roundHalfEven(x + (b[k] - x) * t).toString(16).padStart(2, "0")).join("");
      }
    }
    return stops[stops.length - 1][1];
  }
  // Python's round(), so that a colour here is the colour relgraph.style gives
  function roundHalfEven(x) {
    const r = Math.round(x);
    return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }
  // relgraph.style.merged_width and node_size
  function mergedWidth(count) {
    return Math.round(Math.min(12, 1.5 + 2.2 * Math.log2(Math.max(1, count))) * 100) / 100;
  }
  function nodeSize(ties) {
    const [least, most] = style.node_size;
    return Math.round(Math.min(most, least + 3 * Math.sqrt(ties)) * 100) / 100;
  }

  // -- what is shown in a step -----------------------------------------------------------------
  function bounds(period) {
    // the step's window a..b; a single-slice page without a slice shows everything
    if (!period || !period.end) return null;
    return [period.window_start || period.start, period.end];
  }
  function inForce(j, win) {
    return !timeline || !win || (sFirst[j] <= win[1] && eLast[j] >= win[0]);
  }
  // DESIGN §2 `certain`: in force in a..b under every reading of the partial dates.
  function isCertain(j, win) {
    if (!win) return true;
    const latestStart = sLast[j] < eLast[j] ? sLast[j] : eLast[j];
    const earliestEnd = sFirst[j] > eFirst[j] ? sFirst[j] : eFirst[j];
    return latestStart <= win[1] && earliestEnd >= win[0];
  }
  function whyUncertain(j, win) {
    const e = edges[j];
    const reasons = [];
    const latestStart = sLast[j] < eLast[j] ? sLast[j] : eLast[j];
    const earliestEnd = sFirst[j] > eFirst[j] ? sFirst[j] : eFirst[j];
    if (latestStart > win[1]) {
      reasons.push("start given only as " + fmtPartial(e.start, e.start_precision) +
        ", so it may begin after " + fmtDay(win[1]));
    }
    if (earliestEnd < win[0]) {
      reasons.push("end given only as " + fmtPartial(e.end, e.end_precision) +
        ", so it may have ended before " + fmtDay(win[0]));
    }
    return reasons.join("; ");
  }
  function nodeShown(i) {
    return state.actorKinds.has(nodes[i].kind);
  }
  function edgeShown(j) {
    const e = edges[j];
    return (
      state.modalities.has(e.modality) &&
      state.kinds.has(e.kind) &&
      nodeShown(fromIx[j]) &&
      nodeShown(toIx[j])
    );
  }
  function computeStep() {
    const win = bounds(periods[state.step]);
    const shown = new Uint8Array(E);
    const unsure = new Uint8Array(E);
    const degree = new Int32Array(N);
    const counts = { modality: new Map(), kind: new Map(), actor_kind: new Map(), inForce: 0 };
    const tied = new Uint8Array(N);
    for (let j = 0; j < E; j++) {
      if (!inForce(j, win)) continue;
      const e = edges[j];
      counts.inForce++;
      counts.modality.set(e.modality, (counts.modality.get(e.modality) || 0) + 1);
      counts.kind.set(e.kind, (counts.kind.get(e.kind) || 0) + 1);
      tied[fromIx[j]] = 1;
      tied[toIx[j]] = 1;
      if (!isCertain(j, win)) unsure[j] = 1;
      if (edgeShown(j)) {
        shown[j] = 1;
        degree[fromIx[j]]++;
        degree[toIx[j]]++;
      }
    }
    for (let i = 0; i < N; i++) {
      if (tied[i]) counts.actor_kind.set(nodes[i].kind, (counts.actor_kind.get(nodes[i].kind) || 0) + 1);
    }
    state.shown = shown;
    state.unsure = unsure;
    state.degree = degree;
    state.counts = counts;
  }

  // -- what is drawn: one line per stance, or per ordered pair when merged ---------------------
  function focusTouches(j) {
    return state.focus === null || fromIx[j] === state.focus || toIx[j] === state.focus;
  }
  function edgeItem(j) {
    const e = edges[j];
    const unsure = state.unsure[j] === 1;
    const lit = focusTouches(j);
    const item = {
      id: "e" + j,
      from: "n" + fromIx[j],
      to: "n" + toIx[j],
      color: { color: e.color, opacity: !lit ? DIM : unsure ? style.uncertain_opacity : 1 },
      width: e.width,
      arrows: {
        to: { enabled: !e.mutual, scaleFactor: 0.7 },
        middle: { enabled: unsure, type: "circle", scaleFactor: 0.55 },
      },
      dashes: e.dashes || false,
      smooth: e.smooth === undefined ? false : e.smooth,
    };
    if (state.labels && e.label) item.label = e.label;
    return { item: item, members: [j] };
  }
  function pairItem(members, reverse) {
    const first = members[0];
    let valence = 0;
    let allUnsure = true;
    let allMutual = true;
    let lit = false;
    const modalities = new Set();
    for (const j of members) {
      valence += edges[j].valence;
      allUnsure = allUnsure && state.unsure[j] === 1;
      allMutual = allMutual && !!edges[j].mutual;
      lit = lit || focusTouches(j);
      modalities.add(edges[j].modality);
    }
    valence /= members.length;
    const only = modalities.size === 1 ? modalities.values().next().value : "actual";
    const item = {
      id: "m" + fromIx[first] + "-" + toIx[first],
      from: "n" + fromIx[first],
      to: "n" + toIx[first],
      color: {
        color: valenceColour(valence),
        opacity: !lit ? DIM : allUnsure ? style.uncertain_opacity : 1,
      },
      width: mergedWidth(members.length),
      arrows: {
        to: { enabled: !allMutual, scaleFactor: 0.7 },
        middle: { enabled: allUnsure, type: "circle", scaleFactor: 0.55 },
      },
      dashes: style.dashes[only] || false,
      smooth: reverse ? { enabled: true, type: "curvedCW", roundness: 0.12 } : false,
    };
    if (state.labels) item.label = members.length + " stances";
    return { item: item, members: members, valence: valence, mutual: allMutual, uncertain: allUnsure };
  }
  function wanted() {
    let count = 0;
    for (let j = 0; j < E; j++) count += state.shown[j];
    state.merged = state.merge === true || (state.merge === null && count > mergeOption.auto);
    const items = new Map();
    if (!state.merged) {
      for (let j = 0; j < E; j++) if (state.shown[j]) items.set("e" + j, edgeItem(j));
      return items;
    }
    const groups = new Map();
    for (let j = 0; j < E; j++) {
      if (!state.shown[j]) continue;
      const key = fromIx[j] * N + toIx[j];
      const group = groups.get(key);
      if (group) group.push(j);
      else groups.set(key, [j]);
    }
    for (const [key, members] of groups) {
      if (members.length === 1) {
        items.set("e" + members[0], edgeItem(members[0]));
      } else {
        const from = Math.floor(key / N);
        const to = key % N;
        const made = pairItem(members, groups.has(to * N + from));
        items.set(made.item.id, made);
      }
    }
    return items;
  }
  function nodeItem(i) {
    const n = nodes[i];
    const lit =
      state.focus === null || i === state.focus || state.neighbours.has(i);
    return {
      id: "n" + i,
      shape: n.shape,
      color: style.node,
      x: n.x,
      y: n.y,
      size: nodeSize(state.degree[i]),
      opacity: lit ? 1 : 0.25,
      hidden: !nodeShown(i),
    };
  }

  computeStep();
  state.neighbours = new Set();
  const first = wanted();
  const visNodes = new vis.DataSet(nodes.map((n, i) => nodeItem(i)));
  const visEdges = new vis.DataSet([...first.values()].map((d) => d.item));
  for (const [id, d] of first) state.drawn.set(id, { ...d, sig: JSON.stringify(d.item) });
  for (let i = 0; i < N; i++) state.nodeSig[i] = JSON.stringify(nodeItem(i));
  const container = $("rg-network");
  const network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, data.options);

  function neighboursOf(focus) {
    const near = new Set();
    if (focus === null) return near;
    for (let j = 0; j < E; j++) {
      if (!state.shown[j]) continue;
      if (fromIx[j] === focus) near.add(toIx[j]);
      else if (toIx[j] === focus) near.add(fromIx[j]);
    }
    return near;
  }
  function redraw() {
    state.neighbours = neighboursOf(state.focus);
    const items = wanted();
    const remove = [];
    const add = [];
    for (const id of state.drawn.keys()) {
      const now = items.get(id);
      if (!now) remove.push(id);
    }
    const update = [];
    for (const [id, d] of items) {
      const sig = JSON.stringify(d.item);
      const before = state.drawn.get(id);
      d.sig = sig;
      if (!before) add.push(d.item);
      else if (before.sig !== sig) {
        if (before.item.label !== undefined && d.item.label === undefined) {
          remove.push(id); // replaced whole: vis-network cannot unset a label
          add.push(d.item);
        } else {
          update.push(d.item);
        }
      }
    }
    state.drawn = items;
    // vis-network redraws at once after each change of its data when physics is off: hold
    // the drawing until every change is made, then draw once
    network.body.emitter.emit("_blockRedraw");
    if (remove.length) visEdges.remove(remove);
    if (add.length || update.length) visEdges.update(add.concat(update));
    const nodeChanges = [];
    for (let i = 0; i < N; i++) {
      const item = nodeItem(i);
      const sig = JSON.stringify(item);
      if (sig !== state.nodeSig[i]) {
        state.nodeSig[i] = sig;
        nodeChanges.push(item);
      }
    }
    if (nodeChanges.length) visNodes.update(nodeChanges);
    network.body.emitter.emit("_allowRedraw");
    rankNodes();
    showPeriod();
    showCounts();
    $("rg-legend-merged").hidden = !state.merged;
    $("rg-merge").checked = state.merged;
    network.redraw();
  }
  function refresh() {
    computeStep();
    redraw();
  }

  // -- labels: the most connected actors always, the others where there is room ---------------
  let ranked = [];
  function rankNodes() {
    ranked = [];
    for (let i = 0; i < N; i++) if (nodeShown(i)) ranked.push(i);
    ranked.sort((a, b) => state.degree[b] - state.degree[a] || totalDegree[b] - totalDegree[a] || a - b);
  }
  rankNodes();
  const widths = new Map();
  function labelWidth(ctx, text) {
    // width of the text at 100 px, measured once
    let w = widths.get(text);
    if (w === undefined) {
      ctx.font = "100px system-ui, sans-serif";
      w = ctx.measureText(text).width;
      widths.set(text, w);
    }
    return (w * LABEL_PX) / 100;
  }
  network.on("afterDrawing", (ctx) => {
    const scale = network.getScale();
    const view = network.getViewPosition();
    const width = container.clientWidth;
    const height = container.clientHeight;
    const cell = 80;
    const grid = new Map();
    const chosen = [];
    const fits = (box) => {
      for (let gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx++) {
        for (let gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy++) {
          for (const other of grid.get(gx * 100003 + gy) || []) {
            if (box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3]) return false;
          }
        }
      }
      return true;
    };
    const keep = (box) => {
      for (let gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx++) {
        for (let gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy++) {
          const key = gx * 100003 + gy;
          if (!grid.has(key)) grid.set(key, []);
          grid.get(key).push(box);
        }
      }
    };
    const order = state.focus === null ? ranked : [state.focus, ...state.neighbours, ...ranked];
    const seen = new Set();
    for (let r = 0; r < order.length; r++) {
      const i = order[r];
      if (seen.has(i) || !nodeShown(i)) continue;
      seen.add(i);
      const body = network.body.nodes["n" + i];
      if (!body) continue;
      const sx = (body.x - view.x) * scale + width / 2;
      const sy = (body.y - view.y) * scale + height / 2;
      const gap = body.options.size * scale + 2;
      const w = labelWidth(ctx, nodes[i].label);
      // below the actor, or else above it
      const below = [sx - w / 2 - 2, sy + gap, sx + w / 2 + 2, sy + gap + LABEL_PX + 3];
      const above = [below[0], sy - gap - LABEL_PX - 3, below[2], sy - gap];
      if (below[2] < 0 || below[0] > width || above[1] > height || below[3] < 0) continue;
      const always = seen.size <= ALWAYS_LABELLED || (state.focus !== null && r <= state.neighbours.size);
      const box = fits(below) ? below : fits(above) ? above : always ? below : null;
      if (box === null) continue;
      keep(box);
      const top = box === below ? body.y + body.options.size + 2 / scale : body.y - body.options.size - (LABEL_PX + 3) / scale;
      chosen.push([i, body.x, top]);
    }
    ctx.save();
    ctx.font = LABEL_PX / scale + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3 / scale;
    ctx.strokeStyle = "#ffffff";
    for (const [i, x, y] of chosen) {
      const lit = state.focus === null || i === state.focus || state.neighbours.has(i);
      ctx.globalAlpha = lit ? 1 : 0.3;
      ctx.fillStyle = "#1f2328";
      ctx.strokeText(nodes[i].label, x, y);
      ctx.fillText(nodes[i].label, x, y);
    }
    ctx.restore();
    state.labelled = chosen.map(([i]) => nodes[i].id);
  });

  // -- header: the period, the slider, the counts ---------------------------------------------
  function showPeriod() {
    const period = periods[state.step];
    $("rg-period").textContent = period.title || period.label;
    $("rg-period").title = period.label;
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
    if (timeline) {
      const slider = $("rg-slider");
      slider.value = String(state.step);
      slider.setAttribute("aria-valuetext", period.title || period.label);
      $("rg-step").textContent = state.step + 1 + " / " + periods.length;
    }
  }
  const countSpans = { modality: new Map(), kind: new Map(), actor_kind: new Map() };
  function showCounts() {
    let count = 0;
    for (let j = 0; j < E; j++) count += state.shown[j];
    let actors = 0;
    for (let i = 0; i < N; i++) if (nodeShown(i)) actors++;
    const step = timeline ? " in this step" : "";
    let text = actors + " actors · " + count + " of " + state.counts.inForce + " stances" + step + " shown";
    if (state.merged) text += " · " + state.drawn.size + " lines (pairs merged)";
    $("rg-counts").textContent = text;
    for (const [group, spans] of Object.entries(countSpans)) {
      for (const [value, span] of spans) span.textContent = String(state.counts[group].get(value) || 0);
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
  function checkboxes(fieldsetId, values, set, group) {
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
      const n = el("span", "rg-n", 0);
      countSpans[group].set(value, n);
      label.append(input, el("span", null, words(value)), n);
      box.appendChild(label);
    }
  }
  checkboxes(
    "rg-filter-modality",
    MODALITIES.filter((m) => edges.some((e) => e.modality === m)),
    state.modalities,
    "modality"
  );
  checkboxes("rg-filter-kind", data.kinds, state.kinds, "kind");
  checkboxes("rg-filter-actor-kind", data.actor_kinds, state.actorKinds, "actor_kind");
  const labelBox = $("rg-edge-labels");
  labelBox.checked = state.labels;
  labelBox.addEventListener("change", () => {
    state.labels = labelBox.checked;
    redraw();
  });
  const mergeBox = $("rg-merge");
  mergeBox.addEventListener("change", () => {
    state.merge = mergeBox.checked;
    redraw();
  });

  // -- tooltips and details --------------------------------------------------------------------
  function row(dl, term, value) {
    dl.append(el("dt", null, term));
    const dd = el("dd");
    if (value instanceof Node) dd.append(value);
    else dd.textContent = String(value);
    dl.append(dd);
  }
  function datesOf(j) {
    const edge = edges[j];
    const box = el("span");
    const written = (edge.start || edge.start_day || "?") + " → " + (edge.end || "open");
    box.append(el("span", null, written));
    const marks = [];
    if (edge.approximate) marks.push("approximate (~)");
    if (edge.uncertain) marks.push("uncertain (?)");
    if (marks.length) box.append(el("span", "rg-source", " · " + marks.join(", ")));
    if (edge.start_day) {
      let said = "in force from " + fmtDay(edge.start_day) + ", no end recorded";
      if (edge.end_day === edge.start_day) said = "on " + fmtDay(edge.start_day) + " only";
      else if (edge.end_day) {
        said = "in force " + fmtDay(edge.start_day) + " – " + fmtDay(edge.end_day);
      }
      box.append(el("br"), el("span", "rg-source", said));
    }
    const win = bounds(periods[state.step]);
    if (win && state.unsure[j]) {
      box.append(el("br"), el("span", "rg-unsure", "Perhaps not in force in this step: " + whyUncertain(j, win)));
    }
    return box;
  }
  function valenceOf(colour, v) {
    const box = el("span");
    const swatch = el("span", "rg-swatch");
    swatch.style.background = colour;
    const sign = v > 0 ? "+" : "";
    const word = v < 0 ? "hostile" : v > 0 ? "cooperative" : "neutral";
    box.append(swatch, el("span", null, sign + Math.round(v * 100) / 100 + " (" + word + ")"));
    return box;
  }
  function sourceOf(id) {
    const source = sources.get(id);
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
  function pairOf(from, to, mutual) {
    const pair = el("div", "rg-tip-pair");
    pair.append(bdi(nameOf(from)), el("span", null, mutual ? " ⇄ " : " → "), bdi(nameOf(to)));
    return pair;
  }
  function edgeTip(j) {
    const edge = edges[j];
    const tip = el("div", "rg-tip");
    tip.dataset.edge = edge.id;
    tip.append(el("div", "rg-tip-title", edge.label || words(edge.kind)));
    tip.append(pairOf(edge.from, edge.to, edge.mutual));
    const dl = el("dl");
    row(dl, "Kind", words(edge.kind));
    row(dl, "Modality", edge.modality + (edge.mutual ? ", mutual" : ""));
    row(dl, "Valence", valenceOf(edge.color, edge.valence));
    row(dl, "Dates", datesOf(j));
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
  function pairTip(d) {
    const first = edges[d.members[0]];
    const tip = el("div", "rg-tip");
    tip.dataset.pair = first.from + " > " + first.to;
    tip.append(el("div", "rg-tip-title", d.members.length + " stances merged"));
    tip.append(pairOf(first.from, first.to, d.mutual));
    const dl = el("dl");
    row(dl, "Mean valence", valenceOf(d.item.color.color, d.valence));
    if (d.uncertain) row(dl, "Dates", "every one perhaps not in force in this step");
    tip.append(dl);
    const list = el("ul", "rg-members");
    const win = bounds(periods[state.step]);
    for (const j of d.members) {
      const e = edges[j];
      const li = el("li");
      li.dataset.edge = e.id;
      const v = (e.valence > 0 ? "+" : "") + e.valence;
      li.append(bdi(e.label || words(e.kind)));
      li.append(el("span", "rg-source", " · " + words(e.kind) + ", " + e.modality + (e.mutual ? ", mutual" : "") +
        ", " + v + " · " + (e.start || e.start_day || "?") + " → " + (e.end || "open")));
      if (win && state.unsure[j]) li.append(el("div", "rg-unsure", whyUncertain(j, win)));
      list.append(li);
    }
    tip.append(list);
    return tip;
  }
  function nodeTip(i) {
    const node = nodes[i];
    const tip = el("div", "rg-tip");
    tip.dataset.node = node.id;
    tip.append(el("div", "rg-tip-title", node.label));
    const dl = el("dl");
    row(dl, "Kind", words(node.kind));
    row(dl, "Id", node.id);
    if (node.aliases && node.aliases.length) row(dl, "Also", node.aliases.join("; "));
    if (node.affiliation) row(dl, "Speaks for", nameOf(node.affiliation));
    for (const [code, value] of Object.entries(node.codes || {})) row(dl, code, value);
    row(dl, "Ties shown", state.degree[i]);
    tip.append(dl);
    return tip;
  }
  function tipFor(visId) {
    if (visId.startsWith("n")) return nodeTip(Number(visId.slice(1)));
    if (visId.startsWith("e")) return edgeTip(Number(visId.slice(1)));
    const d = state.drawn.get(visId);
    return d ? pairTip(d) : null;
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
    if (!content) return;
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
  function setFocus(i) {
    state.focus = i;
    redraw();
  }
  network.on("hoverEdge", (p) => showTip(tipFor(p.edge)));
  network.on("hoverNode", (p) => showTip(tipFor(p.node)));
  network.on("blurEdge", hideTip);
  network.on("blurNode", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  network.on("click", (p) => {
    if (p.nodes.length) {
      const i = Number(p.nodes[0].slice(1));
      setFocus(i);
      showDetails(nodeTip(i));
    } else if (p.edges.length) {
      showDetails(tipFor(p.edges[0]));
    } else if (state.focus !== null) {
      setFocus(null);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.focus !== null) {
      setFocus(null);
      network.unselectAll();
    }
  });

  // -- search ----------------------------------------------------------------------------------
  const searchKeys = nodes.map((n) => [n.label, n.id].concat(n.aliases || []).map(fold));
  function search(query) {
    const q = fold(query);
    if (!q) return [];
    const found = [];
    for (let i = 0; i < N; i++) if (searchKeys[i].some((k) => k.includes(q))) found.push(nodes[i].id);
    return found;
  }
  function focusNode(id) {
    const i = nodeIndex.get(id);
    if (i === undefined || !nodeShown(i)) return;
    network.selectNodes(["n" + i]);
    network.focus("n" + i, { scale: Math.max(network.getScale(), 1), animation: { duration: 300 } });
    setFocus(i);
    showDetails(nodeTip(i));
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
    network.selectNodes(ids.map((id) => nodeIndex.get(id)).filter(nodeShown).map((i) => "n" + i));
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

  // -- the script API (for tests and for readers who script the page) -------------------------
  function described(id, d) {
    const item = d.item;
    return {
      id: id,
      keys: d.members.map((j) => edges[j].id).sort(),
      merged: d.members.length > 1,
      from: nodes[Number(item.from.slice(1))].id,
      to: nodes[Number(item.to.slice(1))].id,
      color: item.color.color,
      opacity: item.color.opacity,
      width: item.width,
      dashes: item.dashes,
      arrow: item.arrows.to.enabled,
      marker: item.arrows.middle.enabled,
      label: item.label === undefined ? null : item.label,
    };
  }
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
    title: () => periods[state.step].title || periods[state.step].label,
    visibleEdgeKeys: () => edges.filter((e, j) => state.shown[j]).map((e) => e.id).sort(),
    visibleNodeIds: () => nodes.filter((n, i) => nodeShown(i)).map((n) => n.id).sort(),
    uncertainKeys: () => edges.filter((e, j) => state.shown[j] && state.unsure[j]).map((e) => e.id).sort(),
    drawnEdges: () => [...state.drawn].map(([id, d]) => described(id, d)),
    visId: (key) => {
      const j = edgeIndex.get(key);
      if (j === undefined) return null;
      for (const [id, d] of state.drawn) if (d.members.includes(j)) return id;
      return null;
    },
    selectedNodeIds: () => network.getSelectedNodes().map((v) => nodes[Number(v.slice(1))].id).sort(),
    nodeVisId: (id) => (nodeIndex.has(id) ? "n" + nodeIndex.get(id) : null),
    nodeSize: (id) => network.body.nodes["n" + nodeIndex.get(id)].options.size,
    degree: (id) => state.degree[nodeIndex.get(id)],
    merged: () => state.merged,
    setMerge: (on) => {
      state.merge = on === null ? null : !!on;
      redraw();
      return state.merged;
    },
    focus: (id) => {
      if (id === null) setFocus(null);
      else if (nodeIndex.has(id)) setFocus(nodeIndex.get(id));
      return api.focused();
    },
    focused: () => (state.focus === null ? null : nodes[state.focus].id),
    labelled: () => state.labelled.slice().sort(),
    labelPx: LABEL_PX,
    counts: () => {
      const out = {};
      for (const group of ["modality", "kind", "actor_kind"]) out[group] = Object.fromEntries(state.counts[group]);
      return out;
    },
    search: search,
    edgeTooltip: (key) => (edgeIndex.has(key) ? edgeTip(edgeIndex.get(key)) : null),
    showEdgeTooltip: (key) => {
      showTip(edgeIndex.has(key) ? edgeTip(edgeIndex.get(key)) : tipFor(key));
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
  showCounts();
  $("rg-legend-merged").hidden = !state.merged;
  $("rg-merge").checked = state.merged;
  network.fit({ animation: false });
})();
