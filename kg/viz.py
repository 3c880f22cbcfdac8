"""The interactive graph: one self-contained HTML file (pyvis + networkx), no network needed.

Nodes are people, organizations, places, posts, meetings, policy conditions and articles;
edges are the relations of :mod:`kg.explore`, each with its evidence. The page adds, around
pyvis's vis-network canvas, a legend, a search box, filters by class and by date, and a side
panel that shows a clicked node's names, facts and evidence sentences with the article's
title, date and link. Every string from an article reaches the page as JSON (pyvis escapes
``<``, ``>`` and ``&``) and is shown with ``textContent``: it can never run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
from pyvis.edge import Edge
from pyvis.network import Network

from .explore import EntityGraph, load_entity_graph
from .text import to_traditional

__all__ = ["render_html", "STYLE", "LANGS"]

LANGS = ("zh-Hans", "zh-Hant", "en")

#: class -> (legend label, colour, shape)
STYLE: dict[str, tuple[str, str, str]] = {
    "Person": ("Person", "#e6550d", "dot"),
    "GovernmentBody": ("Government body", "#3182bd", "square"),
    "MediaOutlet": ("Media outlet", "#31a354", "triangle"),
    "OtherOrganization": ("Organization", "#6baed6", "square"),
    "AnonymousSource": ("Anonymous source", "#969696", "dot"),
    "Place": ("Place", "#8c6d31", "diamond"),
    "Role": ("Post", "#fdae6b", "ellipse"),
    "Meeting": ("Meeting", "#756bb1", "star"),
    "PolicyCondition": ("Policy condition", "#de2d26", "hexagon"),
    "Article": ("Article", "#bdbdbd", "box"),
}
_RELATION_NAMES = {
    "zh-Hans": {"speaks in": "发言于", "said about": "谈及", "takes part in": "参与", "leads": "率领", "held in": "举行于",
                "holds": "提出", "holds post": "担任", "member of": "任职于", "cites": "引述", "post": "职位",
                "post in": "隶属"},
    "en": {},
}

def render_html(graph_dir: Path, *, lang: str = "zh-Hans", focus: str | None = None, hops: int = 2,
                max_nodes: int | None = None) -> str:
    """The page for the graph built in ``graph_dir``.

    Args:
        lang: the language of node and edge labels (zh-Hans, zh-Hant, en; English falls back to Chinese).
        focus: show only this entity (any of its names) and what lies within ``hops`` of it.
        max_nodes: keep the most central nodes (PageRank) so a large graph stays readable.
    """
    entity_graph = load_entity_graph(graph_dir)
    graph = _select(entity_graph, focus, hops, max_nodes)
    about = {node: entity_graph.node_facts(graph.nodes[node]["id"]) for node in graph.nodes}

    net = Network(height="100vh", width="100%", directed=False, cdn_resources="in_line", notebook=False)
    for node, data in sorted(graph.nodes(data=True)):
        _, colour, shape = STYLE.get(data["cls"], STYLE["OtherOrganization"])
        label = _label(data["label"], data["english"], lang)
        facts, evidence = about[node]
        dates = sorted({ev.date for ev in evidence} - {""})
        if data["cls"] == "Article":
            dates = [data["date"]] if data["date"] else []
        net.add_node(
            node, label=label if len(label) <= 24 else label[:23] + "…", shape=shape, color=colour,
            size=10 + min(graph.degree(node), 20), title=label,
            kg={"cls": data["cls"], "name": data["label"], "labels": [n for n, _ in entity_graph.names_of(data["id"])],
                "dates": dates, "facts": facts[:40], "evidence": [_evidence(ev) for ev in evidence]},
        )
    # pyvis's add_edge checks each new edge against every node and every edge so far (quadratic: half an
    # hour for a month of news); the same rule with sets: nodes must exist, one edge per pair of nodes
    nodes, drawn = set(net.get_nodes()), set()
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if u not in nodes or v not in nodes:
            raise ValueError(f"edge between unknown nodes {u!r} and {v!r}")
        if frozenset((u, v)) in drawn:
            continue  # an undirected page shows the first relation between two nodes, as pyvis did
        drawn.add(frozenset((u, v)))
        relation = _RELATION_NAMES.get(lang, {}).get(key, key) if lang != "zh-Hant" else \
            to_traditional(_RELATION_NAMES["zh-Hans"].get(key, key))
        evidence = [_evidence(ev) for ev in entity_graph.evidence(data["edge"], 8)]
        net.edges.append(Edge(u, v, net.directed, label=relation, title=relation,
                              kg={"relation": relation, "evidence": evidence}).options)
    net.set_options(json.dumps({
        "layout": {"randomSeed": 7, "improvedLayout": graph.number_of_nodes() < 400},
        "physics": {"stabilization": {"iterations": 250}, "barnesHut": {"springLength": 130, "gravitationalConstant": -6000}},
        "edges": {"font": {"size": 9, "color": "#777777", "strokeWidth": 0}, "color": {"color": "#b0b0b0"},
                  "smooth": False},
        "nodes": {"font": {"size": 15}},
        "interaction": {"hover": True, "tooltipDelay": 150},
    }))
    page = net.generate_html()
    page = re.sub(r'<link[^>]+cdn\.jsdelivr\.net[^>]*>\s*', "", page)
    page = re.sub(r'<script[^>]+cdn\.jsdelivr\.net[^>]*></script>\s*', "", page)
    page = re.sub(r"<!--\s*<link[^>]+node_modules.*?-->\s*", "", page, flags=re.S)
    page = page.replace("</body>", _controls(lang) + "</body>", 1)
    return page


def _label(name: str, english: str | None, lang: str) -> str:
    if lang == "en":
        return english or name
    if lang == "zh-Hant":
        return to_traditional(name)
    return name


def _evidence(ev) -> dict:
    url = ev.url
    return {"sentence": ev.sentence, "file": ev.file, "title": ev.title or ev.file, "date": ev.date,
            "url": url if url.startswith(("https://", "http://")) else ""}


def _select(entity_graph: EntityGraph, focus: str | None, hops: int, max_nodes: int | None) -> nx.MultiGraph:
    """The nodes and edges to draw, with their attributes, from the build's entity graph."""
    graph = nx.MultiGraph()
    iris = {}
    for node in entity_graph.nodes():  # drawn by IRI: ids a reader of the page can recognise
        iris[node["node"]] = node["iri"]
        graph.add_node(node["iri"], id=node["node"], cls=node["cls"], label=node["label"], english=node["english"],
                       date=node["date"], pagerank=node["pagerank"])
    for edge, source, relation, target, _date, _count in entity_graph.edges():
        graph.add_edge(iris[source], iris[target], key=relation, edge=edge)
    if focus:
        centre = iris[entity_graph.find(focus)]
        graph = nx.MultiGraph(nx.ego_graph(graph, centre, radius=hops))
    if max_nodes and graph.number_of_nodes() > max_nodes:
        keep = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["pagerank"], n))[:max_nodes]
        graph = nx.MultiGraph(graph.subgraph(keep))
    return graph


def _controls(lang: str) -> str:
    legend = "".join(
        f'<label class="kg-class"><input type="checkbox" data-cls="{cls}" checked>'
        f'<span style="background:{colour}"></span>{label}</label>'
        for cls, (label, colour, _) in STYLE.items()
    )
    return _TEMPLATE.replace("{legend}", legend).replace("{lang}", lang)


_TEMPLATE = """
<style>
  #kg-side { position: fixed; top: 0; right: 0; width: 360px; height: 100vh; overflow-y: auto; background: #fff;
             border-left: 1px solid #ccc; font: 13px/1.45 sans-serif; padding: 10px 12px; box-sizing: border-box; z-index: 10; }
  #kg-side h2 { font-size: 16px; margin: 4px 0 6px; }
  #kg-side .kg-ev { margin: 6px 0; padding: 6px; background: #f6f6f6; border-radius: 4px; }
  #kg-side .kg-meta { color: #666; font-size: 12px; }
  .kg-class { display: inline-block; margin: 2px 8px 2px 0; white-space: nowrap; }
  .kg-class span { display: inline-block; width: 11px; height: 11px; margin: 0 4px; vertical-align: -1px; }
  #mynetwork { width: calc(100% - 360px) !important; }
  #kg-search { width: 100%; box-sizing: border-box; padding: 4px; margin: 4px 0; }
</style>
<div id="kg-side" lang="{lang}">
  <input id="kg-search" type="search" placeholder="Search names…">
  <div id="kg-legend">{legend}</div>
  <div>From <input id="kg-from" type="date"> to <input id="kg-to" type="date"></div>
  <div id="kg-panel"><p class="kg-meta">Click a node or an edge to see its facts and evidence.</p></div>
</div>
<script>
(function () {
  function el(tag, text, cls) { var e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; }
  function showEvidence(panel, evidence) {
    (evidence || []).forEach(function (ev) {
      var box = el("div", null, "kg-ev");
      box.appendChild(el("div", ev.sentence));
      var meta = el("div", null, "kg-meta");
      if (ev.url) { var a = el("a", ev.title); a.href = ev.url; a.rel = "noopener noreferrer"; a.target = "_blank"; meta.appendChild(a); }
      else meta.appendChild(el("span", ev.title));
      meta.appendChild(el("span", (ev.date ? " · " + ev.date : "") + " · " + ev.file));
      box.appendChild(meta); panel.appendChild(box);
    });
  }
  function showNode(id) {
    var node = nodes.get(id); if (!node || !node.kg) return;
    var panel = document.getElementById("kg-panel"); panel.replaceChildren();
    panel.appendChild(el("h2", node.kg.name));
    panel.appendChild(el("div", node.kg.cls, "kg-meta"));
    if (node.kg.labels.length) panel.appendChild(el("div", "Names: " + node.kg.labels.join(", ")));
    var list = el("ul");
    node.kg.facts.forEach(function (f) { list.appendChild(el("li", f[0] + ": " + f[1])); });
    panel.appendChild(list);
    panel.appendChild(el("h3", "Evidence"));
    showEvidence(panel, node.kg.evidence);
  }
  function showEdge(id) {
    var edge = edges.get(id); if (!edge || !edge.kg) return;
    var panel = document.getElementById("kg-panel"); panel.replaceChildren();
    panel.appendChild(el("h2", nodes.get(edge.from).kg.name + " — " + edge.kg.relation + " — " + nodes.get(edge.to).kg.name));
    showEvidence(panel, edge.kg.evidence);
  }
  function applyFilters() {
    var hiddenClasses = {};
    document.querySelectorAll("#kg-legend input").forEach(function (box) { if (!box.checked) hiddenClasses[box.dataset.cls] = true; });
    var from = document.getElementById("kg-from").value, to = document.getElementById("kg-to").value;
    nodes.update(nodes.get().map(function (n) {
      var dates = n.kg.dates, inRange = !(from || to) || dates.some(function (d) { return (!from || d >= from) && (!to || d <= to); });
      return { id: n.id, hidden: !!hiddenClasses[n.kg.cls] || !inRange };
    }));
  }
  function start() {
    if (typeof network === "undefined") return;
    // Stop the physics once the layout has settled. A small graph can settle before this code runs,
    // so "already stabilised" counts too, and after 10 s the layout is taken as it is.
    function ready() {
      if (document.body.dataset.kgReady === "1") return;
      network.setOptions({ physics: false });
      document.body.dataset.kgReady = "1";
    }
    network.once("stabilizationIterationsDone", ready);
    network.once("stabilized", ready);
    if (network.physics && network.physics.stabilized) ready();
    setTimeout(ready, 10000);
    network.on("click", function (params) {
      if (params.nodes.length) showNode(params.nodes[0]); else if (params.edges.length) showEdge(params.edges[0]);
    });
    document.querySelectorAll("#kg-legend input, #kg-from, #kg-to").forEach(function (i) { i.addEventListener("change", applyFilters); });
    document.getElementById("kg-search").addEventListener("input", function () {
      var q = this.value.trim().toLowerCase(); if (!q) return;
      var hit = nodes.get().find(function (n) { return n.kg.name.toLowerCase().includes(q) || n.kg.labels.some(function (l) { return l.toLowerCase().includes(q); }); });
      if (hit) { network.selectNodes([hit.id]); network.focus(hit.id, { scale: 1.2 }); showNode(hit.id); }
    });
  }
  start();
})();
</script>
"""
