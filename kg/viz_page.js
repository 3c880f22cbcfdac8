/* The page's own script (kg.viz): canvas, search, side panel, people view, timeline strip.
   Every string from the data reaches the DOM through textContent (or vis-network's innerText tooltips). */
var nodes, edges, network, kg;
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("kg-data").textContent);
  function unpack(column) {  // kg.viz._pack: "width:digits", fixed-width base-64 numbers
    var colon = column.indexOf(":"), width = +column.slice(0, colon), digits = column.slice(colon + 1);
    var out = new Int32Array(digits.length / width);
    for (var k = 0, at = 0; k < out.length; k++) {
      var value = 0;
      for (var w = 0; w < width; w++, at++) value = value * 64 + DIGIT[digits.charCodeAt(at)];
      out[k] = value;
    }
    return out;
  }
  var DIGIT = {};
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("").forEach(function (c, k) { DIGIT[c.charCodeAt(0)] = k; });
  var N = { label: D.nodes.label, cls: unpack(D.nodes.cls), imp: unpack(D.nodes.imp), community: unpack(D.nodes.community),
            dateIndex: unpack(D.nodes.date), kind: {}, date: null };
  D.nodes.kind.forEach(function (k) { N.kind[k[0]] = k[1]; });
  N.date = new Array(N.label.length);
  for (var d = 0; d < N.label.length; d++) N.date[d] = D.dates[N.dateIndex[d]];
  var COUNT = N.label.length, CLS = D.classes, REL = D.relations, RELNAME = D.relationNames;
  var ES = unpack(D.edges.source), ET = unpack(D.edges.target), ER = unpack(D.edges.relation), ED = unpack(D.edges.date);
  var EDGES = ES.length;
  var URL_OF = {};
  D.links.of.forEach(function (l) {  // [article, prefix, rest, 1: percent-encode the rest, 2: in lower-case hex]
    var rest = !l[3] ? l[2] : l[3] === 1 ? encodeURI(l[2]) : encodeURI(l[2]).replace(/%[0-9A-F]{2}/g, function (h) { return h.toLowerCase(); });
    URL_OF[l[0]] = D.links.prefixes[l[1]] + rest;
  });
  var PERSON = CLS.findIndex(function (c) { return c[0] === "Person"; });
  var ARTICLE = CLS.findIndex(function (c) { return c[0] === "Article"; });
  var MEETING = CLS.findIndex(function (c) { return c[0] === "Meeting"; });
  var state = { view: "all", colour: "class", unlinked: false, hiddenClasses: {}, from: "", to: "", brought: [], event: null };

  // -- the graph: edges as (source, target, relation, date) and each node's edge list ----------------
  function src(p) { return ES[p]; }
  function dst(p) { return ET[p]; }
  function rel(p) { return REL[ER[p]]; }
  function relName(p) { return RELNAME[ER[p]]; }
  function edgeDate(p) { return D.dates[ED[p]]; }
  var adjacency = new Array(COUNT);
  for (var i = 0; i < COUNT; i++) adjacency[i] = [];
  for (var p = 0; p < EDGES; p++) { adjacency[src(p)].push(p); if (dst(p) !== src(p)) adjacency[dst(p)].push(p); }
  function other(p, i) { return src(p) === i ? dst(p) : src(p); }
  var details = D.details, overview = D.overview, people = D.people;
  var inOverview = {}, unlinked = {}, inPeople = {};
  overview.nodes.forEach(function (i) { inOverview[i] = true; });
  overview.unlinked.forEach(function (i) { unlinked[i] = true; });
  people.nodes.forEach(function (i) { inPeople[i] = true; });

  // -- small helpers ----------------------------------------------------------------------------
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null && text !== "") e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function short(label) { return label.length <= 24 ? label : label.slice(0, 23) + "…"; }
  function className(i) { return CLS[N.cls[i]][1] + (N.kind[i] ? " (" + N.kind[i] + ")" : ""); }
  function colourOf(i) {
    if (state.colour === "community") {
      var c = N.community[i];
      return c >= 1 && c <= D.palette.length ? D.palette[c - 1] : "#c7c7c7";
    }
    return CLS[N.cls[i]][2];
  }
  function byImportance(a, b) { return N.imp[b] - N.imp[a] || (N.label[a] < N.label[b] ? -1 : N.label[a] > N.label[b] ? 1 : a - b); }

  // -- folding names for the search (the same as kg's Python fold) -----------------------------------
  var FOLD = {};
  (function () {
    var from = Array.from(D.fold[0]), to = Array.from(D.fold[1]);
    from.forEach(function (ch, k) { FOLD[ch] = to[k]; });
  })();
  function fold(text) {
    var out = "";
    for (var ch of text.toLowerCase()) out += FOLD[ch] || ch;
    return out.replace(/\u2019/g, "'").replace(/\./g, "").replace(/\s+/g, " ").trim();
  }
  var haystack = null;  // per node: "\n" + every folded name + "\n", built at the first search
  function names(i) { return D.names[i] ? D.names[i].split("\t") : []; }
  function buildHaystack() {
    haystack = new Array(COUNT);
    for (var i = 0; i < COUNT; i++) haystack[i] = "\n" + [N.label[i]].concat(names(i)).map(fold).join("\n") + "\n";
  }
  function search(query) {
    var q = fold(query);
    if (!q) return [];
    if (!haystack) buildHaystack();
    var hits = [];
    for (var i = 0; i < COUNT; i++) {
      var h = haystack[i], at = h.indexOf(q);
      if (at < 0) continue;
      var score = h.indexOf("\n" + q + "\n") >= 0 ? 0 : h.indexOf("\n" + q) >= 0 ? 1 : 2;
      hits.push([N.cls[i] === ARTICLE ? 1 : 0, score, i]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || byImportance(a[2], b[2]); });
    return hits.map(function (h) { return h[2]; });
  }
  function matchedName(i, q) {  // the name the query matched, when it is not the label
    if (fold(N.label[i]).indexOf(q) >= 0) return "";
    var found = names(i).find(function (name) { return fold(name).indexOf(q) >= 0; });
    return found || "";
  }
  function showResults() {
    var box = document.getElementById("kg-results"), query = document.getElementById("kg-search").value;
    box.replaceChildren();
    if (!query.trim()) return;
    var hits = search(query), q = fold(query);
    if (!hits.length) { box.appendChild(el("div", "No match for “" + query.trim() + "”.", "kg-none")); return; }
    hits.slice(0, 12).forEach(function (i) {
      var b = el("button", null, "kg-hit");
      b.type = "button";
      b.dataset.node = i;
      b.appendChild(el("b", N.label[i]));
      var also = matchedName(i, q);
      b.appendChild(el("span", (also ? " (" + also + ")" : "") + " · " + className(i) +
                                (onCanvas(i) ? "" : " · not drawn yet"), "kg-meta"));
      b.addEventListener("click", function () { choose(i); });
      box.appendChild(b);
    });
    if (hits.length > 12) box.appendChild(el("div", (hits.length - 12) + " more matches: type more of the name.", "kg-meta"));
  }

  // -- the canvas -------------------------------------------------------------------------------
  var drawnNodes = new Set(), drawnEdges = new Set();  // what the DataSets hold (DataSet.get copies an item: slow)
  function onCanvas(i) { return drawnNodes.has(i); }
  function visNode(i, x, y, size) {
    var imp = size === undefined ? N.imp[i] : size;
    return { id: i, label: short(N.label[i]), x: x, y: y, shape: CLS[N.cls[i]][3], color: colourOf(i),
             size: 7 + 23 * imp / 100, font: { size: 12 + 50 * Math.pow(imp / 100, 1.5) },
             title: N.label[i] + " · " + className(i) };
  }
  function pairEdges(a, b) {  // every index edge between two nodes
    var list = adjacency[a].length <= adjacency[b].length ? adjacency[a] : adjacency[b];
    return list.filter(function (p) { return (src(p) === a && dst(p) === b) || (src(p) === b && dst(p) === a); });
  }
  function visEdge(a, b) {
    var found = pairEdges(a, b), forward = false, backward = false, labels = [];
    found.forEach(function (p) {
      if (src(p) === a) forward = true; else backward = true;
      var name = relName(p);
      if (labels.indexOf(name) < 0) labels.push(name);
    });
    var dates = found.map(edgeDate).filter(Boolean).sort();
    return { id: "e" + Math.min(a, b) + "-" + Math.max(a, b), from: a, to: b, title: labels.join(" / "),
             arrows: { to: { enabled: forward, scaleFactor: 0.4 }, from: { enabled: backward, scaleFactor: 0.4 } },
             kgDate: dates.length ? dates[0] : "", kgDates: dates };
  }
  function linkEdges(list) {  // edges between the given nodes and every node on the canvas
    var seen = {}, out = [];
    list.forEach(function (a) {
      adjacency[a].forEach(function (p) {
        var b = other(p, a);
        if (b === a || !onCanvas(b)) return;
        var id = "e" + Math.min(a, b) + "-" + Math.max(a, b);
        if (seen[id] || drawnEdges.has(id)) return;
        seen[id] = true;
        out.push(visEdge(Math.min(a, b), Math.max(a, b)));
      });
    });
    edges.add(out);
  }
  function loadView(view) {
    state.view = view;
    nodes.clear(); edges.clear();
    if (view === "people") {
      nodes.add(people.nodes.map(function (i, k) { return visNode(i, people.x[k], people.y[k], people.imp[k]); }));
      edges.add(people.links.map(function (link, k) {
        var kinds = [];
        if (link.met.length) kinds.push(RELNAME[REL.indexOf("met with")]);
        if (link.quotedCount) kinds.push(RELNAME[REL.indexOf("quoted together")]);
        if (link.about.length) kinds.push(RELNAME[REL.indexOf("said about")]);
        return { id: "p" + k, from: link.a, to: link.b, title: kinds.join(" / "), width: 1 + Math.min(4, link.quotedCount / 2),
                 kgDates: linkDates(link), color: { color: link.met.length ? "#756bb1" : "#c9a27a" } };
      }));
    } else {
      nodes.add(overview.nodes.map(function (i, k) { return visNode(i, overview.x[k], overview.y[k]); }));
      linkEdges(overview.nodes);
      var again = state.brought.slice(); state.brought = [];
      again.forEach(function (i) { bring(i, false); });
    }
    applyVisibility();
    var none = view === "people" || !overview.unlinked.length;
    document.getElementById("kg-unlinked").disabled = none;
    document.getElementById("kg-unlinked-label").textContent = none ? "Show unlinked nodes (none in this view)"
      : "Show " + plural(overview.unlinked.length, "unlinked node") + " (linked to nothing else drawn)";
    showStatus();
    network.fit({ animation: false });
  }
  function linkDates(link) {
    var dates = [], refs = link.met.slice();
    link.about.forEach(function (a) { refs = refs.concat(a[2]); });
    refs.forEach(function (s) { dates.push(N.date[D.sentences[s][0]]); });
    link.quoted.forEach(function (q) { dates.push(N.date[q[0]]); });
    return dates.filter(Boolean).sort();
  }
  function showStatus() {
    var text = state.view === "people" ? "People view: " + people.nodes.length + " people, linked when they met, are quoted in the same article, or one speaks about the other."
      : D.status;
    if (state.view === "all" && overview.unlinked.length && !state.unlinked)
      text += " " + plural(overview.unlinked.length, "node") + " linked to nothing else drawn " +
              (overview.unlinked.length === 1 ? "is" : "are") + " hidden (Show unlinked nodes).";
    if (state.view === "all" && state.brought.length) text += " Brought in: " + state.brought.length + ".";
    if (state.from || state.to) text += " Dates " + (state.from || "…") + " to " + (state.to || "…") + ".";
    document.getElementById("kg-status").textContent = text;
  }
  function inRange(date) { return !!date && (!state.from || date >= state.from) && (!state.to || date <= state.to.slice(0, 10) + "~"); }
  function applyVisibility() {
    var ranged = !!(state.from || state.to), edgeUpdates = [], visibleEnds = {};
    edges.forEach(function (e) {
      var hidden = ranged && !e.kgDates.some(inRange);
      if (!hidden) { visibleEnds[e.from] = true; visibleEnds[e.to] = true; }
      if (!!e.hidden !== hidden) edgeUpdates.push({ id: e.id, hidden: hidden });
    });
    edges.update(edgeUpdates);
    var nodeUpdates = [];
    nodes.forEach(function (n) {
      var i = n.id, hidden = !!state.hiddenClasses[N.cls[i]];
      if (state.view === "all" && unlinked[i] && !state.unlinked && state.brought.indexOf(i) < 0) hidden = true;
      if (ranged && !visibleEnds[i] && !inRange(N.date[i])) hidden = true;
      if (!!n.hidden !== hidden) nodeUpdates.push({ id: i, hidden: hidden });
    });
    nodes.update(nodeUpdates);
    showStatus();
  }
  function recolour() {
    nodes.update(nodes.getIds().map(function (i) { return { id: i, color: colourOf(i) }; }));
    drawLegend();
  }

  // -- bringing a node that is not drawn onto the canvas, with its neighbours ---------------------------
  function bounds() {
    var pos = network.getPositions(), xs = [], ys = [];
    Object.keys(pos).forEach(function (k) { xs.push(pos[k].x); ys.push(pos[k].y); });
    if (!xs.length) return { left: 0, right: 0, top: 0, bottom: 0 };
    return { left: Math.min.apply(null, xs), right: Math.max.apply(null, xs), top: Math.min.apply(null, ys), bottom: Math.max.apply(null, ys) };
  }
  function box(i, x, y) {  // the room a node and its label take (as kg.viz._box reckons it)
    var imp = N.imp[i], size = 7 + 23 * imp / 100, font = 12 + 50 * Math.pow(imp / 100, 1.5), width = 0;
    for (var ch of short(N.label[i])) width += ch.charCodeAt(0) > 0x2e80 ? font * 1.05 : font * 0.6;
    width += 6;
    var height = 2 * size + font * 1.3;
    return { x: x, y: y + height / 2 - size, w: Math.max(width / 2, size) + 5, h: height / 2 + 4 };
  }
  function freeSpot(i, x, y, taken) {  // the nearest spot to (x, y), on a widening spiral, where i overlaps nothing drawn
    for (var step = 0; step < 400; step++) {
      var r = step ? 30 + 6 * step : 0, a = step * 2.39996, cx = x + r * Math.cos(a), cy = y + r * Math.sin(a);
      var mine = box(i, cx, cy);
      if (!taken.some(function (b) { return Math.abs(b.x - mine.x) < b.w + mine.w && Math.abs(b.y - mine.y) < b.h + mine.h; })) {
        taken.push(mine);
        return [cx, cy];
      }
    }
    return [x, y];
  }
  function takenBoxes() {
    var pos = network.getPositions();
    return Object.keys(pos).map(function (id) { return box(+id, pos[id].x, pos[id].y); });
  }
  function place(i, taken) {  // near the drawn nodes it is linked to, else to the right of the drawing
    var near = adjacency[i].map(function (p) { return other(p, i); }).filter(onCanvas), x, y;
    if (near.length) {
      var pos = network.getPositions(near.slice(0, 50)), sx = 0, sy = 0, k = 0;
      Object.keys(pos).forEach(function (id) { sx += pos[id].x; sy += pos[id].y; k++; });
      x = sx / k; y = sy / k;
    } else {
      var b = bounds();
      x = b.right + 250; y = (b.top + b.bottom) / 2;
    }
    return freeSpot(i, x, y, taken);
  }
  function bring(i, withNeighbours) {
    var added = [], taken = null;
    if (!onCanvas(i)) {
      taken = takenBoxes();
      var at = place(i, taken);
      nodes.add(visNode(i, at[0], at[1]));
      added.push(i);
      if (state.view === "all" && !inOverview[i]) state.brought.push(i);
    }
    var more = 0;
    if (withNeighbours) {
      var centre = network.getPositions([i])[i];
      var next = adjacency[i].map(function (p) { return other(p, i); })
        .filter(function (b, k, all) { return b !== i && all.indexOf(b) === k && !onCanvas(b); }).sort(byImportance);
      more = Math.max(0, next.length - 30);
      next = next.slice(0, 30);
      taken = taken || takenBoxes();
      var radius = 140 + 9 * next.length;
      nodes.add(next.map(function (b, k) {  // around it, each in the nearest free spot
        var a = 2 * Math.PI * k / Math.max(next.length, 1);
        var at = freeSpot(b, centre.x + radius * Math.cos(a), centre.y + radius * Math.sin(a), taken);
        if (state.view === "all" && !inOverview[b]) state.brought.push(b);
        return visNode(b, at[0], at[1]);
      }));
      added = added.concat(next);
    }
    linkEdges(added.length ? added : [i]);
    applyVisibility();
    return more;
  }
  function choose(i) {
    if (state.view === "people" && !inPeople[i]) { setView("all"); }
    var more = bring(i, state.view === "all");
    if (nodes.get(i).hidden) {  // chosen: shown whatever the filters say
      delete state.hiddenClasses[N.cls[i]];
      syncLegend();
      state.from = state.to = "";
      syncDates();
      applyVisibility();
    }
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 0.8), animation: false });
    showNode(i, more);
  }
  function setView(view) {
    document.querySelector("input[name=kg-view][value=" + view + "]").checked = true;
    loadView(view);
  }

  // -- the side panel ---------------------------------------------------------------------------
  var panel = document.getElementById("kg-panel");
  function nodeLink(i) {
    var a = el("span", N.label[i], "kg-link");
    a.addEventListener("click", function () { choose(i); });
    return a;
  }
  function showEvidence(box, refs) {
    (refs || []).forEach(function (s) {
      var sentence = D.sentences[s], article = sentence[0];
      var card = el("div", null, "kg-ev");
      card.appendChild(el("div", sentence[1]));
      var meta = el("div", null, "kg-meta");
      if (URL_OF[article]) {  // http(s) links only (kg.viz keeps no other)
        var a = el("a", N.label[article]); a.href = URL_OF[article]; a.rel = "noopener noreferrer"; a.target = "_blank";
        meta.appendChild(a);
      } else meta.appendChild(el("span", N.label[article]));
      if (N.date[article]) meta.appendChild(el("span", " · " + N.date[article]));
      card.appendChild(meta);
      box.appendChild(card);
    });
  }
  var GROUPS = [  // [relation, outgoing?, heading]
    ["holds post", true, "Posts"], ["member of", true, "Member of"], ["takes part in", true, "Meetings"],
    ["leads", true, "Meetings"], ["met with", null, "Met with"], ["holds", true, "Conditions held"],
    ["said about", true, "Said about"], ["said about", false, "Spoken about by"], ["speaks in", true, "Quoted in"],
    ["speaks in", false, "Speakers"], ["takes part in", false, "Participants"], ["leads", false, "Led by"],
    ["held in", true, "Held in"], ["held in", false, "Meetings held here"], ["holds", false, "Held by"],
    ["holds post", false, "Held by"], ["member of", false, "Members"], ["cites", true, "Cites"], ["cites", false, "Cited by"]];
  function relationGroups(i) {  // the node's links under headings a reader expects, in GROUPS order
    var groups = [], byHeading = {};
    GROUPS.forEach(function (g) { if (!byHeading[g[2]]) { byHeading[g[2]] = { heading: g[2], items: [] }; groups.push(byHeading[g[2]]); } });
    adjacency[i].forEach(function (p) {
      var out = src(p) === i, r = rel(p), b = other(p, i);
      var g = GROUPS.find(function (g) { return g[0] === r && (g[1] === null || g[1] === out); });
      if (!g) return;
      var list = byHeading[g[2]].items, date = N.cls[b] === MEETING && N.date[b] ? N.date[b] : edgeDate(p);
      var note = r === "leads" ? relName(p) : "";
      var same = list.find(function (item) { return item[1] === b; });
      if (same) { if (note) same[2] = note; return; }
      list.push([date, b, note]);
    });
    return groups.filter(function (g) { return g.items.length; });
  }
  function showNode(i, more) {
    var info = details[i];
    panel.replaceChildren();
    panel.appendChild(el("h2", N.label[i]));
    panel.appendChild(el("div", className(i) + (N.date[i] ? " · " + N.date[i] : ""), "kg-meta"));
    var others = names(i);
    if (others.length) panel.appendChild(el("div", "Names: " + others.join(", ")));
    if (more) panel.appendChild(el("div", "Drawn with 30 of its neighbours (" + more + " more: focus on it with kg viz --focus).", "kg-meta"));
    relationGroups(i).forEach(function (g) {
      panel.appendChild(el("h3", g.heading + " (" + g.items.length + ")"));
      var list = el("ul");
      g.items.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : byImportance(a[1], b[1]); });
      g.items.slice(0, 12).forEach(function (item) {
        var li = el("li");
        li.appendChild(nodeLink(item[1]));
        if (item[0] || item[2]) li.appendChild(el("span", (item[0] ? " · " + item[0] : "") + (item[2] ? " · " + item[2] : ""), "kg-meta"));
        list.appendChild(li);
      });
      if (g.items.length > 12) list.appendChild(el("li", "… and " + (g.items.length - 12) + " more", "kg-meta"));
      panel.appendChild(list);
    });
    if (info && info.claims) {
      panel.appendChild(el("h3", "Claims"));
      var claims = el("ul");
      info.claims.forEach(function (c) {  // [sentence, expected, the claim's words when not the sentence]
        var said = N.date[D.sentences[c[0]][0]];
        claims.appendChild(el("li", (said ? said + " · " : "") + (c[2] || D.sentences[c[0]][1]) + (c[1] ? " (expects " + c[1] + ")" : "")));
      });
      panel.appendChild(claims);
    }
    if (info && info.facts) {
      panel.appendChild(el("h3", "Facts"));
      var facts = el("ul");
      info.facts.forEach(function (f) { facts.appendChild(el("li", f[0] + ": " + f[1])); });
      panel.appendChild(facts);
    }
    panel.appendChild(el("h3", "Evidence"));
    if (info) showEvidence(panel, info.evidence);
    else panel.appendChild(el("p", "Its evidence sentences are not in this page (only those of the nodes drawn at first are): " +
                                   "kg show \"" + N.label[i] + "\" prints them.", "kg-meta"));
  }
  function showEdge(id) {
    panel.replaceChildren();
    if (id[0] === "p") return showLink(people.links[+id.slice(1)]);
    var e = edges.get(id), found = pairEdges(e.from, e.to);
    panel.appendChild(el("h2", N.label[e.from] + " — " + N.label[e.to]));
    found.forEach(function (p) {
      var h = el("h3");
      h.appendChild(nodeLink(src(p)));
      h.appendChild(el("span", " —[" + relName(p) + "]→ "));
      h.appendChild(nodeLink(dst(p)));
      panel.appendChild(h);
      if (edgeDate(p)) panel.appendChild(el("div", "first stated " + edgeDate(p), "kg-meta"));
      if (D.edgeEvidence[p]) showEvidence(panel, D.edgeEvidence[p]);
      else panel.appendChild(el("p", "Its evidence is not in this page: kg path \"" + N.label[src(p)] + "\" \"" + N.label[dst(p)] + "\" prints it.", "kg-meta"));
    });
  }
  function showLink(link) {
    var h = el("h2"); h.appendChild(nodeLink(link.a)); h.appendChild(el("span", " — ")); h.appendChild(nodeLink(link.b));
    panel.appendChild(h);
    if (link.met.length) { panel.appendChild(el("h3", "Met")); showEvidence(panel, link.met); }
    if (link.quotedCount) {
      panel.appendChild(el("h3", "Quoted in the same article (" + link.quotedCount + ")"));
      link.quoted.forEach(function (q) { showEvidence(panel, q[1]); });
    }
    link.about.forEach(function (a) {
      var head = el("h3"); head.appendChild(nodeLink(a[0])); head.appendChild(el("span", " said about ")); head.appendChild(nodeLink(a[1]));
      panel.appendChild(head);
      showEvidence(panel, a[2]);
    });
  }

  // -- legend, switches, dates ---------------------------------------------------------------------
  function drawLegend() {
    var legend = document.getElementById("kg-legend");
    legend.replaceChildren();
    if (state.colour === "community") {
      D.communities.forEach(function (name, k) {
        if (!name) return;
        var item = el("span", null, "kg-class"), swatch = el("span");
        swatch.style.background = D.palette[k];
        item.appendChild(swatch); item.appendChild(document.createTextNode(name + "…"));
        legend.appendChild(item);
      });
      legend.appendChild(el("div", "Communities (Louvain, whole graph): each named by its most central member; grey: smaller ones.", "kg-meta"));
      return;
    }
    CLS.forEach(function (c, k) {
      var item = el("label", null, "kg-class"), box = el("input"), swatch = el("span");
      box.type = "checkbox"; box.dataset.cls = c[0]; box.checked = !state.hiddenClasses[k];
      box.addEventListener("change", function () { if (box.checked) delete state.hiddenClasses[k]; else state.hiddenClasses[k] = true; applyVisibility(); });
      swatch.style.background = c[2];
      item.appendChild(box); item.appendChild(swatch); item.appendChild(document.createTextNode(c[1]));
      legend.appendChild(item);
    });
  }
  function syncLegend() { if (state.colour === "class") drawLegend(); }
  function syncDates() {
    document.getElementById("kg-from").value = state.from;
    document.getElementById("kg-to").value = state.to;
    drawBrush();
  }
  function setDates(from, to) { state.from = from || ""; state.to = to || ""; syncDates(); applyVisibility(); shadeStrip(); }

  // -- the timeline strip ----------------------------------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg", strip = document.getElementById("kg-strip"), T = D.timeline;
  var scale = null, events = [];
  function svg(tag, attrs, parent) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function day(date) {  // days since 1970 of a full or partial date ("2021-12" is mid-month); null when no year
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date || "");
    if (!m) return null;
    var month = m[2] ? +m[2] - 1 : 6, dayOf = m[3] ? +m[3] : (m[2] ? 15 : 1);
    return Date.UTC(+m[1], month, dayOf) / 86400000;
  }
  function iso(d) { return new Date(d * 86400000).toISOString().slice(0, 10); }
  function collectEvents() {
    T.meetings.forEach(function (m) { events.push({ kind: "meeting", date: m[0], node: m[1], evidence: m[2] }); });
    T.predictions.forEach(function (p) { events.push({ kind: "prediction", date: p[0], node: p[1], text: p[2], expected: p[3], evidence: [p[4]] }); });
    T.conditions.forEach(function (c) { events.push({ kind: "condition", date: c[0], node: c[1], evidence: c[2] }); });
    events.forEach(function (ev, k) { ev.id = k; ev.day = day(ev.date); ev.expects = ev.expected ? day(ev.expected) : null; });
  }
  var LANES = { meeting: ["Meetings", 30, "#756bb1"], prediction: ["Predictions", 78, "#e6550d"], condition: ["Conditions", 126, "#de2d26"] };
  var domain = null, fullDomain = null, homeDomain = null;  // [first day, last day] drawn; all events; at first
  function domains() {
    var days = [], expects = [];
    events.forEach(function (ev) { if (ev.day !== null) { days.push(ev.day); if (ev.expects !== null) expects.push(ev.expects); } });
    if (!days.length) return;
    days.sort(function (a, b) { return a - b; });
    var all = days.concat(expects);
    fullDomain = [Math.min.apply(null, all) - 2, Math.max.apply(null, all) + 2];
    // a few far-off dates (a meeting of 1998 recalled in 2021) would squeeze the rest: when the dates span
    // more than a year, the strip shows at first the shortest stretch holding 85 % of the events (and the
    // dates its predictions expect, up to half a year on), and says how many lie beyond on each side
    var lo = days[0], hi = days[days.length - 1];
    if (hi - lo > 366 && days.length >= 20) {
      var take = Math.ceil(days.length * 0.85), best = Infinity;
      for (var k = 0; k + take - 1 < days.length; k++) {
        if (days[k + take - 1] - days[k] < best) { best = days[k + take - 1] - days[k]; lo = days[k]; hi = days[k + take - 1]; }
      }
      var inside = hi;
      events.forEach(function (ev) { if (ev.expects !== null && ev.day >= lo && ev.day <= inside) hi = Math.max(hi, Math.min(ev.expects, inside + 183)); });
    } else hi = Math.max(hi, Math.max.apply(null, expects.concat([hi])));
    var pad = Math.max(2, (hi - lo) * 0.02);
    homeDomain = [Math.max(fullDomain[0], lo - pad), Math.min(fullDomain[1], hi + pad)];
    domain = homeDomain.slice();
  }
  function drawStrip() {
    strip.replaceChildren();
    var width = strip.clientWidth || 800, left = 92, right = width - 34, axis = 148;
    var dated = events.filter(function (ev) { return ev.day !== null; }), undated = events.length - dated.length;
    document.getElementById("kg-timeline-note").textContent = events.length ?
      dated.length + " events" + (undated ? " (" + undated + " without a year left out)" : "") +
      ". Drag across: filter the graph by date · wheel: zoom · double-click: all dates · click an event: focus on it."
      : "no meetings, predictions or conditions in this graph.";
    if (!domain) { scale = null; return; }
    var lo = domain[0], hi = domain[1];
    scale = { lo: lo, hi: hi, left: left, right: right, x: function (d) { return left + (d - lo) / (hi - lo) * (right - left); },
              day: function (x) { return lo + (x - left) / (right - left) * (hi - lo); } };
    svg("rect", { x: 0, y: 0, width: width, height: 165, fill: "transparent", "class": "kg-bg" }, strip);
    Object.keys(LANES).forEach(function (k) {
      var lane = LANES[k];
      svg("line", { x1: left, x2: right, y1: lane[1], y2: lane[1], stroke: "#e3e3e3" }, strip);
      svg("text", { x: 6, y: lane[1] + 4, "class": "kg-lane" }, strip).textContent = lane[0];
    });
    drawAxis(lo, hi, axis);
    var arrows = svg("g", {}, strip);
    var marker = svg("marker", { id: "kg-head", viewBox: "0 0 6 6", refX: 5, refY: 3, markerWidth: 5, markerHeight: 5, orient: "auto" }, svg("defs", {}, strip));
    svg("path", { d: "M0,0 L6,3 L0,6 z", fill: "#e6550d" }, marker);
    var buckets = {}, before = {}, after = {};
    events.forEach(function (ev) { ev.mark = null; ev.arrow = null; });
    dated.forEach(function (ev) {
      if (ev.day < lo) { (before[ev.kind] = before[ev.kind] || []).push(ev); return; }
      if (ev.day > hi) { (after[ev.kind] = after[ev.kind] || []).push(ev); return; }
      var key = ev.kind + ":" + Math.round(scale.x(ev.day) / 8);
      (buckets[key] = buckets[key] || []).push(ev);
    });
    Object.keys(buckets).sort().forEach(function (key) {
      var list = buckets[key], lane = LANES[list[0].kind], x = scale.x(list[0].day);
      if (list.length <= 4) list.forEach(function (ev, k) { drawEvent(ev, x, lane[1] - 9 * k + 13, lane[2]); });
      else {
        var h = Math.min(40, 8 + 6 * Math.log2(list.length));
        var bar = svg("rect", { x: x - 3.5, y: lane[1] + 16 - h, width: 7, height: h, fill: lane[2], "class": "kg-ev" }, strip);
        svg("title", {}, bar).textContent = list.length + " " + lane[0].toLowerCase() + ", " + list[0].date + " to " + list[list.length - 1].date;
        bar.addEventListener("click", function (evt) { evt.stopPropagation(); showBucket(list); });
        list.forEach(function (ev) { ev.mark = bar; });
      }
    });
    labelMeetings(dated.filter(function (ev) { return ev.kind === "meeting" && ev.mark && ev.mark.tagName === "circle"; }), right);
    [[before, left - 4, "end", "‹ "], [after, right + 4, "start", ""]].forEach(function (side) {
      Object.keys(side[0]).forEach(function (kind) {
        var list = side[0][kind], text = svg("text", { x: side[1], y: LANES[kind][1] + 4, "text-anchor": side[2], "class": "kg-ev" }, strip);
        text.textContent = side[3] + list.length + (side[3] ? "" : " ›");
        svg("title", {}, text).textContent = list.length + " " + LANES[kind][0].toLowerCase() + " beyond the dates drawn: click to list them";
        text.addEventListener("click", function (evt) { evt.stopPropagation(); showBucket(list); });
      });
    });
    dated.forEach(function (ev) {
      if (ev.kind !== "prediction" || ev.expects === null || ev.day < lo || ev.day > hi) return;
      var x1 = scale.x(ev.day), x2 = scale.x(Math.min(Math.max(ev.expects, lo), hi)), y = LANES.prediction[1] + 13;
      var lift = Math.min(50, 12 + Math.abs(x2 - x1) / 6);
      ev.arrow = svg("path", { d: "M" + x1 + "," + y + " Q" + (x1 + x2) / 2 + "," + (y - lift) + " " + x2 + "," + y,
                               "class": "kg-arrow", "marker-end": "url(#kg-head)" }, arrows);
      svg("title", {}, ev.arrow).textContent = eventLabel(ev);
    });
    if (state.event && state.event.day !== null && state.event.day >= lo && state.event.day <= hi) {  // the event chosen
      var x = scale.x(state.event.day), lane = LANES[state.event.kind];
      svg("line", { x1: x, x2: x, y1: 10, y2: axis, stroke: "#222", "stroke-dasharray": "3,2" }, strip);
      svg("circle", { cx: x, cy: lane[1] + 13, r: 7, fill: "none", stroke: "#222", "stroke-width": 2 }, strip);
      var note = svg("text", { x: x + (x > (left + right) / 2 ? -6 : 6), y: 20, "text-anchor": x > (left + right) / 2 ? "end" : "start",
                              "class": "kg-chosen" }, strip);
      note.textContent = eventLabel(state.event);
    }
    drawBrush();
    shadeStrip();
  }
  function labelMeetings(marks, right) {  // a few meetings in view: each named beside its mark, where there is room
    if (!marks.length || marks.length > 15) return;
    var placed = [], spots = marks.map(function (ev) { return [+ev.mark.getAttribute("cx"), +ev.mark.getAttribute("cy"), ev]; });
    spots.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }).forEach(function (m) {
      var text = N.label[m[2].node].replace(/ \d{4}-\d{2}(-\d{2})?/, "");
      text = text.length <= 18 ? text : text.slice(0, 17) + "…";
      var x = m[0] + 7, width = 0;
      for (var ch of text) width += ch.charCodeAt(0) > 0x2e80 ? 10 : 5.6;
      var clash = x + width > right + 30 || spots.some(function (o) { return o !== m && Math.abs(o[1] - m[1]) < 8 && o[0] > x - 5 && o[0] < x + width + 5; }) ||
        placed.some(function (p) { return Math.abs(p[1] - m[1]) < 8 && p[0] < x + width + 4 && x < p[2] + 4; });
      if (clash) return;
      svg("text", { x: x, y: m[1] + 3.5, "class": "kg-mlabel" }, strip).textContent = text;
      placed.push([x, m[1], x + width]);
    });
  }
  var STEPS = [[1, "day"], [2, "day"], [7, "day"], [14, "day"], [1, "month"], [2, "month"], [3, "month"], [6, "month"],
               [1, "year"], [2, "year"], [5, "year"], [10, "year"], [20, "year"], [50, "year"]];
  function drawAxis(lo, hi, y) {
    svg("line", { x1: scale.left, x2: scale.right, y1: y, y2: y, stroke: "#999" }, strip);
    var perDay = (scale.right - scale.left) / (hi - lo), ticks = [];
    var step = STEPS.find(function (s) { return s[0] * (s[1] === "day" ? 1 : s[1] === "month" ? 30.4 : 365.25) * perDay >= 64; }) || STEPS[STEPS.length - 1];
    if (step[1] === "day") {
      for (var t = Math.ceil(lo); t <= hi; t++) {
        var date = iso(t);
        if (step[0] === 1 || (step[0] === 7 ? new Date(t * 86400000).getUTCDay() === 1 : (+date.slice(8) - 1) % step[0] === 0 && +date.slice(8) < 29))
          ticks.push([t, date.slice(5)]);
      }
    } else {
      var first = new Date(lo * 86400000), year = first.getUTCFullYear(), month = first.getUTCMonth();
      for (var m = year * 12 + month + 1; ; m++) {
        var day0 = Date.UTC(Math.floor(m / 12), m % 12, 1) / 86400000;
        if (day0 > hi) break;
        var keep = step[1] === "month" ? m % step[0] === 0 : m % 12 === 0 && Math.floor(m / 12) % step[0] === 0;
        if (keep) ticks.push([day0, step[1] === "year" ? String(Math.floor(m / 12)) : iso(day0).slice(0, 7)]);
      }
    }
    ticks.forEach(function (tick) {
      var x = scale.x(tick[0]);
      svg("line", { x1: x, x2: x, y1: y, y2: y + 4, stroke: "#999" }, strip);
      svg("line", { x1: x, x2: x, y1: 12, y2: y, stroke: "#f0f0f0" }, strip);
      svg("text", { x: x + 2, y: y + 13 }, strip).textContent = tick[1];
    });
  }
  function eventLabel(ev) {
    if (ev.kind === "prediction") return (ev.node >= 0 ? N.label[ev.node] : "someone") + " expects reopening " + ev.expected + " (said " + ev.date + ")";
    return (ev.kind === "condition" ? "condition: " : "") + N.label[ev.node] + " · " + ev.date;
  }
  function drawEvent(ev, x, y, colour) {
    var mark = ev.kind === "meeting" ? svg("circle", { cx: x, cy: y, r: 4.2, fill: colour }, strip)
      : ev.kind === "prediction" ? svg("path", { d: "M" + (x - 4.5) + "," + (y + 4) + " L" + (x + 4.5) + "," + (y + 4) + " L" + x + "," + (y - 4.5) + " z", fill: colour }, strip)
      : svg("rect", { x: x - 4, y: y - 4, width: 8, height: 8, fill: colour }, strip);
    mark.setAttribute("class", "kg-ev");
    mark.dataset.event = ev.id;
    svg("title", {}, mark).textContent = eventLabel(ev);
    mark.addEventListener("click", function (evt) { evt.stopPropagation(); selectEvent(ev); });
    ev.mark = mark;
  }
  function participants(ev) {
    if (ev.kind === "prediction") return ev.node >= 0 ? [ev.node] : [];
    var found = [ev.node];
    adjacency[ev.node].forEach(function (p) {
      var r = rel(p);
      if ((ev.kind === "meeting" && (r === "takes part in" || r === "leads" || r === "held in")) || (ev.kind === "condition" && r === "holds"))
        if (found.indexOf(other(p, ev.node)) < 0) found.push(other(p, ev.node));
    });
    return found;
  }
  function selectEvent(ev) {
    var who = participants(ev);
    state.event = ev;
    drawStrip();
    if (state.view === "people" && !who.every(function (i) { return inPeople[i]; })) setView("all");
    who.forEach(function (i) { bring(i, false); });
    var shown = who.filter(onCanvas);
    shown.forEach(function (i) { if (nodes.get(i).hidden) { delete state.hiddenClasses[N.cls[i]]; } });
    syncLegend(); applyVisibility();
    network.selectNodes(shown);
    if (shown.length) network.fit({ nodes: shown, animation: false, maxZoomLevel: 1.2 });
    events.forEach(function (other) { if (other.arrow) other.arrow.classList.toggle("kg-on", other === ev); });
    panel.replaceChildren();
    panel.appendChild(el("h2", ev.kind === "prediction" ? "Prediction: reopening " + ev.expected : N.label[ev.node]));
    panel.appendChild(el("div", ev.kind + " · " + (ev.kind === "prediction" ? "said " : ev.kind === "condition" ? "first stated " : "") + ev.date, "kg-meta"));
    if (ev.text) panel.appendChild(el("p", ev.text));
    if (who.length) {
      panel.appendChild(el("h3", ev.kind === "meeting" ? "Taking part, and where" : ev.kind === "condition" ? "The condition and who holds it" : "Who said it"));
      var list = el("ul");
      who.forEach(function (i) { var li = el("li"); li.appendChild(nodeLink(i)); li.appendChild(el("span", " · " + className(i), "kg-meta")); list.appendChild(li); });
      panel.appendChild(list);
    }
    panel.appendChild(el("h3", "Evidence"));
    showEvidence(panel, ev.evidence);
  }
  function showBucket(list) {
    panel.replaceChildren();
    panel.appendChild(el("h2", list.length + " events"));
    var ul = el("ul");
    list.forEach(function (ev) {
      var li = el("li"), a = el("span", eventLabel(ev), "kg-link");
      a.addEventListener("click", function () { selectEvent(ev); });
      li.appendChild(a); ul.appendChild(li);
    });
    panel.appendChild(ul);
  }
  var brush = null, dragFrom = null;
  function drawBrush() {
    if (!scale) return;
    if (!brush) brush = svg("rect", { y: 8, height: 140, "class": "kg-brush" }, strip);
    if (!brush.parentNode) strip.appendChild(brush);
    var a = state.from ? scale.x(day(state.from)) : null, b = state.to ? scale.x(day(state.to)) : null;
    if (a === null && b === null) { brush.setAttribute("width", 0); return; }
    a = a === null ? scale.left : a; b = b === null ? scale.right : b;
    brush.setAttribute("x", Math.min(a, b)); brush.setAttribute("width", Math.abs(b - a));
  }
  function shadeStrip() {
    events.forEach(function (ev) {
      if (!ev.mark || ev.day === null) return;
      var out = (state.from || state.to) && !inRange(iso(ev.day));
      if (ev.mark.dataset.event !== undefined) ev.mark.classList.toggle("kg-out", !!out);
    });
  }
  function stripX(evt) { var r = strip.getBoundingClientRect(); return Math.max(scale.left, Math.min(scale.right, evt.clientX - r.left)); }
  strip.addEventListener("mousedown", function (evt) { if (scale) { dragFrom = stripX(evt); evt.preventDefault(); } });
  strip.addEventListener("mousemove", function (evt) {
    if (dragFrom === null) return;
    var x = stripX(evt);
    if (!brush) drawBrush();
    brush.setAttribute("x", Math.min(dragFrom, x)); brush.setAttribute("width", Math.abs(x - dragFrom));
  });
  var redraw = false;
  strip.addEventListener("wheel", function (evt) {  // zoom around the date under the pointer
    if (!scale) return;
    evt.preventDefault();
    var at = scale.day(stripX(evt)), factor = Math.exp(Math.max(-200, Math.min(200, evt.deltaY)) * 0.002);
    var lo = Math.max(fullDomain[0], at - (at - domain[0]) * factor), hi = Math.min(fullDomain[1], at + (domain[1] - at) * factor);
    if (hi - lo < 6) return;
    domain = [lo, hi];
    if (!redraw) { redraw = true; requestAnimationFrame(function () { redraw = false; drawStrip(); }); }
  }, { passive: false });
  strip.addEventListener("dblclick", function () {  // every date, or back to the first view
    domain = domain[0] === fullDomain[0] && domain[1] === fullDomain[1] ? homeDomain.slice() : fullDomain.slice();
    drawStrip();
  });
  window.addEventListener("mouseup", function (evt) {
    if (dragFrom === null) return;
    var x = stripX(evt), a = Math.min(dragFrom, x), b = Math.max(dragFrom, x);
    dragFrom = null;
    if (b - a < 3) { drawBrush(); return; }
    setDates(iso(Math.floor(scale.day(a))), iso(Math.floor(scale.day(b))));
  });

  // -- start ------------------------------------------------------------------------------------
  nodes = new vis.DataSet([]);
  edges = new vis.DataSet([]);
  [[nodes, drawnNodes], [edges, drawnEdges]].forEach(function (pair) {
    pair[0].on("add", function (event, props) { props.items.forEach(function (id) { pair[1].add(id); }); });
    pair[0].on("remove", function (event, props) { props.items.forEach(function (id) { pair[1].delete(id); }); });
  });
  network = new vis.Network(document.getElementById("mynetwork"), { nodes: nodes, edges: edges }, {
    physics: { enabled: false },
    layout: { improvedLayout: false, randomSeed: 7 },
    nodes: { borderWidth: 1, font: { face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff", color: "#222" },
             scaling: { label: { drawThreshold: 7, maxVisible: 34 } } },
    edges: { smooth: false, width: 0.7, color: { color: "#a9a9a9", highlight: "#333333", hover: "#555555", opacity: 0.8 },
             selectionWidth: 1.5, hoverWidth: 0.8 },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: EDGES > 20000, multiselect: true }
  });
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });
  document.getElementById("kg-search").addEventListener("input", showResults);
  document.getElementById("kg-search").addEventListener("keydown", function (evt) {
    if (evt.key !== "Enter") return;
    var first = document.querySelector("#kg-results .kg-hit");
    if (first) choose(+first.dataset.node);
  });
  document.querySelectorAll("input[name=kg-view]").forEach(function (r) { r.addEventListener("change", function () { loadView(r.value); }); });
  document.querySelectorAll("input[name=kg-colour]").forEach(function (r) {
    r.addEventListener("change", function () { state.colour = r.value; recolour(); });
  });
  document.getElementById("kg-unlinked").addEventListener("change", function () { state.unlinked = this.checked; applyVisibility(); });
  document.getElementById("kg-from").addEventListener("change", function () { setDates(this.value, state.to); });
  document.getElementById("kg-to").addEventListener("change", function () { setDates(state.from, this.value); });
  document.getElementById("kg-clear-dates").addEventListener("click", function () { setDates("", ""); });
  drawLegend();
  collectEvents();
  domains();
  loadView("all");
  drawStrip();
  window.addEventListener("resize", drawStrip);
  if (D.focus >= 0) { network.selectNodes([D.focus]); showNode(D.focus); }
  network.once("afterDrawing", function () {  // drawn once: ready (and how long it took since the page was asked for)
    document.body.dataset.kgReadyMs = String(Math.round(performance.now()));
    document.body.dataset.kgReady = "1";
  });
  network.redraw();
  // for tests and scripts: look nodes up by label, choose one, read the state
  kg = { data: D, search: search, choose: choose, selectEvent: function (k) { selectEvent(events[k]); }, events: events, state: state,
         idOf: function (label) { var k = N.label.indexOf(label); return k < 0 ? null : k; }, setDates: setDates, setView: setView,
         showEdge: showEdge, dateAt: function (x) { return scale ? iso(Math.round(scale.day(x))) : null; }, classOf: function (i) { return CLS[N.cls[i]][0]; }, label: function (i) { return N.label[i]; } };
})();
