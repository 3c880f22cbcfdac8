"""The interactive graph: one self-contained HTML file (pyvis + networkx), no network needed.

Nodes are the entities, meetings, conditions and claims; edges the relations
between them. A node's tooltip lists its labels, the articles it comes from
and the evidence sentences. Every string from an article is HTML-escaped.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict

import networkx as nx
import pyoxigraph as ox
from pyvis.network import Network

from .vocab import DCTERMS, KG, ORG, RDF, RDFS, SKOS

__all__ = ["render_html", "to_networkx", "STYLE"]

#: class local name -> (legend label, colour, shape)
STYLE: dict[str, tuple[str, str, str]] = {
    "Person": ("Person", "#e6550d", "dot"),
    "GovernmentBody": ("Government body", "#3182bd", "square"),
    "MediaOutlet": ("Media outlet", "#31a354", "triangle"),
    "OtherOrganization": ("Organization", "#6baed6", "square"),
    "AnonymousSource": ("Anonymous source", "#969696", "dot"),
    "Place": ("Place", "#8c6d31", "diamond"),
    "Role": ("Post", "#fdae6b", "ellipse"),
    "Meeting": ("Meeting", "#756bb1", "star"),
    "Claim": ("Claim", "#bdbdbd", "box"),
    "Condition": ("Policy condition", "#de2d26", "hexagon"),
}
_CONDITIONS = {"Quota", "CircuitBreaker", "QuarantineRule", "HealthCodeRequirement", "TestingRequirement",
               "VaccinationRequirement", "GeographicScope", "PortOfEntry", "PriorityGroup"}
_SKIP_PREDICATES = {str(RDF.type), str(RDFS.label), str(SKOS.prefLabel), str(RDF.subject), str(RDF.predicate),
                    str(RDF.object)}


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def to_networkx(triples: list) -> nx.MultiDiGraph:
    """The entity graph of a built graph's union triples, with labels, classes and evidence."""
    types: dict[str, str] = {}
    labels: dict[str, set[str]] = defaultdict(set)
    pref: dict[str, str] = {}
    facts: dict[str, dict] = defaultdict(dict)
    mentions: dict[str, dict] = defaultdict(dict)
    titles: dict[str, str] = {}
    edges = []
    kg = str(KG)
    for t in triples:
        s, p, o = t.subject.value, t.predicate.value, t.object
        if p == str(RDF.type) and o.value.startswith(kg):
            cls = o.value[len(kg):]
            if cls in STYLE or cls in _CONDITIONS:
                types[s] = "Condition" if cls in _CONDITIONS else cls
        elif p == str(RDFS.label) and isinstance(o, ox.Literal):
            labels[s].add(o.value)
        elif p == str(SKOS.prefLabel):
            pref[s] = o.value
        elif p == str(DCTERMS.title):
            titles[s] = o.value
        elif p == str(KG.fileName):
            titles.setdefault(s, o.value)  # an article without a headline is shown by its file name
        elif p in (str(RDF.subject), str(KG.evidence)):
            facts[s].setdefault(p, []).append(o.value)
        elif p in (str(KG.sentence), str(KG.article)):
            mentions[s][p] = o.value
        if isinstance(o, ox.NamedNode) and p not in _SKIP_PREDICATES and p.startswith((kg, str(ORG))):
            edges.append((s, _local(p), o.value))
    evidence: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for fact in facts.values():
        for subject in fact.get(str(RDF.subject), []):
            for mention in fact.get(str(KG.evidence), []):
                m = mentions.get(mention, {})
                if str(KG.sentence) in m:
                    evidence[subject].add((titles.get(m.get(str(KG.article), ""), ""), m[str(KG.sentence)]))
    graph = nx.MultiDiGraph()
    for iri, cls in sorted(types.items()):
        names = sorted(labels.get(iri, set()))
        graph.add_node(iri, cls=cls, label=pref.get(iri) or (names[0] if names else _local(iri)),
                       labels=names, evidence=sorted(evidence.get(iri, set())))
    # Positions join a person to a post and an organization: draw them as direct edges.
    positions = defaultdict(dict)
    for s, p, o in edges:
        if "/position/" in s:
            positions[s][p] = o
    for s, p, o in sorted(set(edges)):
        if s in types and o in types:
            graph.add_edge(s, o, key=p, label=p)
    for parts in positions.values():
        member = parts.get("member")
        for other in ("role", "organization"):
            if member in types and parts.get(other) in types:
                graph.add_edge(member, parts[other], key=other, label="holds" if other == "role" else "member of")
    return graph


def _tooltip(data: dict) -> str:
    lines = [f"{STYLE[data['cls']][0]}: {data['label']}"]
    if data["labels"]:
        lines.append("Names: " + ", ".join(data["labels"][:12]))
    for title, sentence in data["evidence"][:5]:
        lines.append(f"• {sentence[:140]}" + (f" ({title})" if title else ""))
    # vis-network puts a string title into the page with innerText, and pyvis embeds every
    # string with Jinja's tojson (which escapes < > &), so article text is shown, never run.
    return "\n".join(lines)


def _short_label(data: dict) -> str:
    label = data["label"]
    limit = 14 if data["cls"] == "Claim" else 24
    return label if len(label) <= limit else label[: limit - 1] + "…"


def render_html(triples: list) -> str:
    """A self-contained HTML page of the graph (JavaScript inlined, no CDN)."""
    graph = to_networkx(triples)
    net = Network(height="900px", width="100%", directed=True, cdn_resources="in_line", notebook=False)
    for iri, data in graph.nodes(data=True):
        _, colour, shape = STYLE[data["cls"]]
        size = 10 + min(graph.degree(iri), 20)
        net.add_node(iri, label=_short_label(data), title=_tooltip(data), color=colour, shape=shape, size=size)
    for s, o, data in graph.edges(data=True):
        net.add_edge(s, o, label=data["label"], title=data["label"], arrows="to")
    net.set_options(json.dumps({
        "layout": {"randomSeed": 7},
        "physics": {"stabilization": {"iterations": 300}, "barnesHut": {"springLength": 140}},
        "edges": {"font": {"size": 8, "color": "#777777"}, "color": {"color": "#aaaaaa"}, "smooth": False},
        "nodes": {"font": {"size": 16}},
        "interaction": {"hover": True, "tooltipDelay": 100},
    }))
    page = net.generate_html()
    page = re.sub(r'<link[^>]+cdn\.jsdelivr\.net[^>]*>\s*', "", page)
    page = re.sub(r'<script[^>]+cdn\.jsdelivr\.net[^>]*></script>\s*', "", page)
    page = re.sub(r"<!--\s*<link[^>]+node_modules.*?-->\s*", "", page, flags=re.S)
    page = page.replace("</body>", _legend() + _stop_physics() + "</body>", 1)
    return page


def _legend() -> str:
    items = "".join(
        f'<div><span style="display:inline-block;width:12px;height:12px;background:{colour};margin-right:6px"></span>'
        f"{html.escape(label)}</div>"
        for label, colour, _ in STYLE.values()
    )
    return (f'<div id="kg-legend" style="position:fixed;top:10px;right:10px;background:#fff;border:1px solid #ccc;'
            f'padding:8px;font:12px sans-serif;z-index:10">{items}</div>\n')


def _stop_physics() -> str:
    return ('<script>if (typeof network !== "undefined") { network.once("stabilizationIterationsDone", '
            'function () { network.setOptions({physics: false}); }); }</script>\n')
