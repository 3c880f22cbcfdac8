"""The interactive graph: one self-contained HTML page, ready at once, readable at any corpus size.

The page is drawn from the entity graph the build keeps (:mod:`kg.entity_index`), never from
the store, so writing it costs seconds for a month of news. It holds:

* **an overview**: the most central nodes (PageRank, ``max_nodes``, 300 by default) or one
  entity's surroundings (``focus``, ``hops``), laid out here (networkx spring layout, fixed
  seed, then label boxes pushed apart) so the browser draws it without physics and the same
  graph gives the same bytes; label size follows PageRank; nodes linked to nothing else on
  the page are hidden behind a switch;
* **every entity's names and links** (compact columns): the search finds any node by any of
  its names in either script or English, and brings a node that is not drawn onto the canvas
  with its neighbours; the side panel lists any node's posts, meetings and conditions from
  these links;
* **evidence** (sentences with their article's title, date and link) and claims for the nodes
  and links drawn at first, read from the index for them only;
* **a people view**: people linked when they met, are quoted in the same article, or one
  speaks about the other, each link with its evidence;
* **the story**: meetings at their date, reopening predictions at their publication date with
  the date they expect, conditions when first stated (:func:`timeline_events`), drawn as a
  strip under the canvas that focuses the graph on an event and filters it by date.

Every string from an article reaches the page inside one JSON block whose ``<``, ``>`` and
``&`` are escaped, and the page's script puts strings in the DOM with ``textContent`` only:
article text can never run. vis-network is inlined from pyvis's copy; nothing is fetched.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import numpy as np
import pyvis

from .entity_index import CLASSES
from .explore import EntityGraph, Evidence, load_entity_graph
from .text import to_simplified, to_traditional

__all__ = ["render_html", "page_data", "timeline_events", "STYLE", "LANGS", "DEFAULT_MAX_NODES"]

LANGS = ("zh-Hans", "zh-Hant", "en")

#: Nodes in the overview when neither --max-nodes nor --focus says otherwise
DEFAULT_MAX_NODES = 300

#: class -> (legend label, colour, shape); shapes draw their label below them, so sizes stay comparable
STYLE: dict[str, tuple[str, str, str]] = {
    "Person": ("Person", "#e6550d", "dot"),
    "GovernmentBody": ("Government body", "#3182bd", "square"),
    "MediaOutlet": ("Media outlet", "#31a354", "triangle"),
    "OtherOrganization": ("Organization", "#6baed6", "square"),
    "AnonymousSource": ("Anonymous source", "#969696", "dot"),
    "Place": ("Place", "#8c6d31", "diamond"),
    "Role": ("Post", "#e7a84f", "triangleDown"),
    "Meeting": ("Meeting", "#756bb1", "star"),
    "PolicyCondition": ("Policy condition", "#de2d26", "hexagon"),
    "Article": ("Article", "#aaaaaa", "square"),
}
#: Colours of the twelve largest communities (colour by community); the others are grey
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#393b79", "#ad494a", "#637939")

_RELATION_NAMES = {
    "zh-Hans": {"speaks in": "发言于", "said about": "谈及", "takes part in": "参与", "leads": "率领",
                "held in": "举行于", "holds": "提出", "holds post": "担任", "member of": "任职于", "cites": "引述",
                "met with": "会见", "quoted together": "同文发言"},
    "en": {},
}
#: The status line over the canvas
_SHOWING = "Showing {n} of {m} nodes{how} — use the search, --focus or --max-nodes to see more."
_SHOWING_ALL = "Showing all {m} nodes{how}."

#: Evidence embedded per node and per link drawn at first; sentences are cut to this many characters
NODE_EVIDENCE, NODE_CLAIMS, EDGE_EVIDENCE, SENTENCE_CHARS = 5, 5, 2, 320
#: Width / height of the canvas on a laptop screen: the layout is stretched to fill it
ASPECT = 1.6


def render_html(graph_dir: Path, *, lang: str = "zh-Hans", focus: str | None = None, hops: int = 2,
                max_nodes: int | None = None) -> str:
    """The page for the graph built in ``graph_dir``.

    Args:
        lang: the language of labels (zh-Hans, zh-Hant, en; English falls back to Chinese).
        focus: draw this entity (any of its names) and what lies within ``hops`` of it.
        max_nodes: how many of the most central nodes to draw (default 300); the rest are found by the search.

    Raises:
        KgError: no build in ``graph_dir``, or ``focus`` names no entity (or several).
    """
    data = page_data(load_entity_graph(graph_dir), lang=lang, focus=focus, hops=hops, max_nodes=max_nodes)
    return _page(data, lang)


@dataclass
class _Corpus:
    """The whole entity graph as the page needs it: nodes by page index, edges, adjacency."""

    graph: EntityGraph
    nodes: list[dict]
    index: dict[int, int]  # index node id -> page index
    edges: list[tuple[int, int, str, int, str]]  # (index edge id, source, relation, target, date), page indices
    adjacency: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))  # page index -> edge positions

    @classmethod
    def load(cls, graph: EntityGraph) -> _Corpus:
        nodes = graph.nodes()
        index = {node["node"]: i for i, node in enumerate(nodes)}
        edges = [(edge, index[s], relation, index[t], date) for edge, s, relation, t, date in graph.edge_list()]
        corpus = cls(graph, nodes, index, edges)
        for position, (_, s, _, t, _) in enumerate(edges):
            corpus.adjacency[s].append(position)
            corpus.adjacency[t].append(position)
        return corpus

    def neighbours(self, i: int) -> set[int]:
        return {self.edges[p][1] if self.edges[p][3] == i else self.edges[p][3] for p in self.adjacency.get(i, ())}


def page_data(graph: EntityGraph, *, lang: str = "zh-Hans", focus: str | None = None, hops: int = 2,
              max_nodes: int | None = None) -> dict:
    """Everything the page draws and searches, as one JSON-ready dict (see the module's docstring)."""
    corpus = _Corpus.load(graph)
    cap = max_nodes or DEFAULT_MAX_NODES
    centre = corpus.index[graph.find(focus)] if focus else None
    shown = _overview(corpus, cap, centre, hops)
    total = len(corpus.nodes)
    labels = _labels(corpus.nodes, lang)
    how = f" (within {hops} hops of {labels[centre]}: the nearest first, then the most central)" \
        if centre is not None else " (the most central)"
    status = _SHOWING.format(n=f"{len(shown):,}", m=f"{total:,}", how=how) if len(shown) < total \
        else _SHOWING_ALL.format(m=f"{total:,}", how=how if centre is not None else "")
    names = _names(graph, corpus, labels)
    importance = _importance([node["pagerank"] for node in corpus.nodes], shown)
    evidence = _EvidenceTable(graph, corpus)
    if centre is not None:  # the entity asked for as large as the largest, what it is linked to large enough to read
        importance[centre] = 100
        for i in corpus.neighbours(centre):
            importance[i] = max(importance[i], 55)
    overview = _view(corpus, shown, labels, importance, centre)
    people = _people_view(corpus, max(cap // 2, 10), shown if centre is not None else None, labels, evidence)
    detailed = sorted(set(overview["nodes"]) | set(people["nodes"]))
    relations = sorted({edge[2] for edge in corpus.edges} | {"met with", "said about", "quoted together"})  # and the people view's
    dates = [""] + sorted(({edge[4] for edge in corpus.edges} | {node["date"] for node in corpus.nodes}) - {""})
    date_index = {date: number for number, date in enumerate(dates)}
    relation_index = {relation: number for number, relation in enumerate(relations)}
    drawn_edges = {p for i in overview["nodes"] for p in corpus.adjacency.get(i, ())
                   if corpus.edges[p][1] in overview["set"] and corpus.edges[p][3] in overview["set"]}
    del overview["set"]
    data = {
        "lang": lang,
        "status": status,
        "total": total,
        "focus": centre if centre is not None else -1,
        "classes": [[cls, *STYLE[cls]] for cls in CLASSES],
        "palette": list(PALETTE),
        "communities": _community_names(corpus, labels),
        "relations": relations,
        "relationNames": [_relation_name(r, lang) for r in relations],
        "dates": dates,
        "nodes": {
            "label": labels,
            "cls": _pack([CLASSES.index(node["cls"]) for node in corpus.nodes]),
            "imp": _pack(importance),
            "community": _pack([node["community"] for node in corpus.nodes]),
            "date": _pack([date_index[node["date"]] for node in corpus.nodes]),
            "kind": [[i, node["kind"]] for i, node in enumerate(corpus.nodes) if node["kind"]],
        },
        "names": names,
        "fold": _fold_table(labels + names),
        "edges": {
            "source": _pack([s for _, s, _, _, _ in corpus.edges]),
            "target": _pack([t for _, _, _, t, _ in corpus.edges]),
            "relation": _pack([relation_index[r] for _, _, r, _, _ in corpus.edges]),
            "date": _pack([date_index[d] for _, _, _, _, d in corpus.edges]),
        },
        "overview": overview,
        "people": people,
        "details": {str(i): _details(graph, corpus, i, evidence) for i in detailed},
        "edgeEvidence": {str(p): evidence.refs(graph.evidence(corpus.edges[p][0], EDGE_EVIDENCE))
                         for p in sorted(drawn_edges)},
        "timeline": timeline_events(graph, corpus, evidence),
    }
    data["sentences"] = evidence.sentences
    data["links"] = evidence.links()
    return data


_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
#: What JavaScript's encodeURI leaves as it is besides letters, digits and _.-~ (which quote never encodes)
_URI_SAFE = ";,/?:@&=+$!*'()#"


def _pack(values: list[int]) -> str:
    """Non-negative integers as fixed-width base-64 digits, the width first ("2:AbCd" is 27, 157): a column of
    numbers in a third of the bytes of a JSON list. The page's script unpacks it."""
    width = 1
    while values and max(values) >= 64 ** width:
        width += 1
    pairs = _PAIRS
    if width == 1:
        body = "".join(_DIGITS[v] for v in values)
    elif width == 2:
        body = "".join(pairs[v] for v in values)
    else:
        body = "".join(_pack_wide(v, width) for v in values)
    return f"{width}:{body}"


def _pack_wide(value: int, width: int) -> str:
    head = [_DIGITS[(value >> (6 * k)) & 63] for k in range(width - 1, 1, -1)]
    return "".join(head) + _PAIRS[value & 4095]


_PAIRS = [a + b for a in _DIGITS for b in _DIGITS]


# -- which nodes the page draws first ---------------------------------------------------------------
def _overview(corpus: _Corpus, cap: int, centre: int | None, hops: int) -> list[int]:
    """The nodes drawn at first: the ``cap`` most central, or the nearest to ``centre`` (most central first)."""
    def rank(i: int) -> tuple:
        return (-corpus.nodes[i]["pagerank"], corpus.nodes[i]["label"], i)

    if centre is None:
        return sorted(sorted(range(len(corpus.nodes)), key=rank)[:cap])
    distance, frontier = {centre: 0}, [centre]
    for step in range(1, hops + 1):
        reached = sorted({n for i in frontier for n in corpus.neighbours(i)} - distance.keys())
        distance.update((n, step) for n in reached)
        frontier = reached
    return sorted(sorted(distance, key=lambda i: (distance[i], *rank(i)))[:cap])


def _view(corpus: _Corpus, shown: list[int], labels: list[str], importance: list[int],
          centre: int | None = None) -> dict:
    """Positions of the drawn nodes; those linked to nothing else drawn go in a grid below, hidden at first."""
    chosen = set(shown)
    pairs = sorted({(min(s, t), max(s, t)) for _, s, _, t, _ in (corpus.edges[p] for i in shown
                    for p in corpus.adjacency.get(i, ())) if s in chosen and t in chosen and s != t})
    linked = sorted({i for pair in pairs for i in pair})
    unlinked = sorted(chosen - set(linked), key=lambda i: (-importance[i], labels[i], i))
    positions = _layout(linked, pairs, labels, importance, centre)
    positions.update(_grid(unlinked, positions, labels, importance))
    return {"nodes": shown, "x": [positions[i][0] for i in shown], "y": [positions[i][1] for i in shown],
            "unlinked": sorted(unlinked), "set": chosen}


def _people_view(corpus: _Corpus, cap: int, within: list[int] | None, labels: list[str],
                 evidence: _EvidenceTable) -> dict:
    """People linked when they met, are quoted in the same article, or one speaks about the other."""
    is_person = [node["cls"] == "Person" for node in corpus.nodes]
    links: dict[tuple[int, int], dict] = defaultdict(lambda: {"met": [], "about": [], "quoted": []})
    speakers: dict[int, list[int]] = defaultdict(list)  # article -> speaks-in edge positions of people
    for position, (_, s, relation, t, _) in enumerate(corpus.edges):
        if relation == "speaks in" and is_person[s]:
            speakers[t].append(position)
        elif relation in ("met with", "said about") and is_person[s] and is_person[t] and s != t:
            links[(min(s, t), max(s, t))]["met" if relation == "met with" else "about"].append(position)
    for article, spoken in speakers.items():
        for n, a in enumerate(spoken):
            for b in spoken[n + 1:]:
                pa, pb = corpus.edges[a][1], corpus.edges[b][1]
                if pa != pb:
                    key = (min(pa, pb), max(pa, pb))
                    links[key]["quoted"].append((article, a if pa == key[0] else b, b if pa == key[0] else a))
    people = {i for pair in links for i in pair}
    if within is not None:
        people &= set(within)
    chosen = set(sorted(people, key=lambda i: (-corpus.nodes[i]["pagerank"], labels[i], i))[:cap])
    pairs = sorted(pair for pair in links if pair[0] in chosen and pair[1] in chosen)
    importance = _importance([node["pagerank"] for node in corpus.nodes], sorted(chosen))  # sized among people
    positions = _layout(sorted(chosen), pairs, labels, importance)
    drawn = []
    for a, b in pairs:
        found = links[(a, b)]
        quoted = sorted(found["quoted"], key=lambda q: (corpus.edges[q[1]][4], q))
        drawn.append({
            "a": a, "b": b,
            "met": evidence.refs(_edges_evidence(corpus, found["met"])),
            "about": [[corpus.edges[p][1], corpus.edges[p][3],
                       evidence.refs(corpus.graph.evidence(corpus.edges[p][0], EDGE_EVIDENCE))]
                      for p in sorted(found["about"])],
            "quoted": [[article, evidence.refs(corpus.graph.evidence(corpus.edges[ea][0], 1)
                                               + corpus.graph.evidence(corpus.edges[eb][0], 1))]
                       for article, ea, eb in quoted[:EDGE_EVIDENCE]],
            "quotedCount": len(quoted),
        })
    nodes = sorted(chosen)
    return {"nodes": nodes, "x": [positions[i][0] for i in nodes], "y": [positions[i][1] for i in nodes],
            "imp": [importance[i] for i in nodes], "links": drawn}


def _edges_evidence(corpus: _Corpus, positions: list[int]) -> tuple[Evidence, ...]:
    found: list[Evidence] = []
    for p in sorted(positions):
        found.extend(ev for ev in corpus.graph.evidence(corpus.edges[p][0], EDGE_EVIDENCE) if ev not in found)
    return tuple(found[:EDGE_EVIDENCE])


# -- layout -------------------------------------------------------------------------------------
def _box(label: str, imp: int) -> tuple[float, float, float]:
    """(half width, half height, downward offset of the centre) of a drawn node with its label below it,
    in canvas units."""
    size, font = 7 + 23 * imp / 100, 12 + 50 * (imp / 100) ** 1.5  # as the page's script draws them
    text = label if len(label) <= 24 else label[:23] + "…"
    width = sum(font * 1.05 if ord(ch) > 0x2e80 else font * 0.6 for ch in text) + 6  # and the white outline
    height = 2 * size + font * 1.3  # from the node's top to the label's foot
    return max(width / 2, size) + 5, height / 2 + 4, height / 2 - size


def _layout(nodes: list[int], pairs: list[tuple[int, int]], labels: list[str], importance: list[int],
            centre: int | None = None) -> dict[int, tuple[int, int]]:
    """Positions (integers) of linked nodes: spring layout with a fixed seed (``centre``, if given, held in the
    middle), spread evenly and scaled to the labels' sizes, then overlapping label boxes pushed apart; the same
    graph always gives the same numbers."""
    if not nodes:
        return {}
    boxes = np.array([_box(labels[i], importance[i]) for i in nodes])
    spread = math.sqrt(float((4 * boxes[:, 0] * boxes[:, 1]).sum())) * 1.6  # room for every label, and air
    origin = nodes.index(centre) if centre in nodes else None
    points = _even_out(_spring(nodes, pairs, origin), origin)
    points = points * spread / 2 * np.array([ASPECT, 1 / ASPECT]) ** 0.5
    offset = np.column_stack([np.zeros(len(nodes)), boxes[:, 2]])
    points = _separate(points + offset, boxes[:, 0], boxes[:, 1]) - offset  # boxes apart, then back to the nodes
    return {i: (int(round(x)), int(round(y))) for i, (x, y) in zip(nodes, points)}


def _spring(nodes: list[int], pairs: list[tuple[int, int]], origin: int | None) -> np.ndarray:
    """Fruchterman-Reingold positions (networkx's dense algorithm, vectorised: its sparse variant for more than
    500 nodes loops in Python), from a seeded start, ``origin`` held at (0, 0). An iteration compares every
    pair: 60 of them up to 600 nodes, fewer beyond, so a view of 2,000 nodes is laid out in seconds."""
    n = len(nodes)
    iterations = 60 if n <= 600 else max(15, 60 * 600 * 600 // (n * n))
    at = {i: k for k, i in enumerate(nodes)}
    linked = np.zeros((n, n), dtype=np.float32)
    for a, b in pairs:
        linked[at[a], at[b]] = linked[at[b], at[a]] = 1.0
    points = np.random.RandomState(7).rand(n, 2).astype(np.float32)
    if origin is not None:
        points[origin] = 0.0
    k, heat = 1 / math.sqrt(n), 0.1
    cool = heat / (iterations + 1)
    for _ in range(iterations):
        delta = points[:, None, :] - points[None, :, :]
        distance = np.maximum(np.hypot(delta[..., 0], delta[..., 1]), 0.01)
        force = k * k / distance ** 2 - linked * distance / k  # repulsion from all, attraction along links
        move = np.einsum("ijk,ij->ik", delta, force)
        length = np.maximum(np.hypot(move[:, 0], move[:, 1]), 0.01)
        step = move * (heat / length)[:, None]
        if origin is not None:
            step[origin] = 0.0
        points += step
        heat -= cool
    return points


def _even_out(points: np.ndarray, origin: int | None = None) -> np.ndarray:
    """Spread a spring layout evenly over the unit disc around its median (or the node ``origin``): each node
    keeps its direction from the centre and its rank by distance, so the dense core opens up and far-flung
    small groups come in."""
    if len(points) < 3:
        return points
    centred = points - (points[origin] if origin is not None else np.median(points, axis=0))
    radius = np.hypot(centred[:, 0], centred[:, 1])
    rank = np.empty(len(points))
    rank[np.lexsort((np.arange(len(points)), radius))] = np.arange(len(points))
    wanted = np.sqrt((rank + 0.5) / len(points))
    scale = np.where(radius > 0, wanted / np.maximum(radius, 1e-12), 0.0)
    return centred * scale[:, None]


def _separate(points: np.ndarray, half_w: np.ndarray, half_h: np.ndarray) -> np.ndarray:
    """Push overlapping boxes apart until none overlaps: each round every box moves half of its largest overlap
    along the axis where the overlap is smaller (the largest, not the sum, so a box in a crowd does not
    overshoot). A round compares every pair, so rounds are budgeted: 300 for a few hundred boxes, fewer
    beyond (a view of a thousand nodes keeps some overlaps; zooming in shows them apart)."""
    rounds = int(min(300, 3e7 / max(len(points), 1) ** 2))
    order = np.arange(len(points))
    same = order[:, None] == order[None, :]
    tie = np.where(order[:, None] < order[None, :], -1.0, 1.0)  # two boxes on one spot: the lower index goes left/up
    width, height = half_w[:, None] + half_w[None, :], half_h[:, None] + half_h[None, :]
    for _ in range(rounds):
        dx = points[:, 0][:, None] - points[None, :, 0]
        dy = points[:, 1][:, None] - points[None, :, 1]
        over_x, over_y = width - np.abs(dx), height - np.abs(dy)
        clash = (over_x > 1) & (over_y > 1) & ~same
        if not clash.any():
            break
        along_x = clash & (over_x / width <= over_y / height)
        push_x = np.where(along_x, over_x * np.where(dx == 0, tie, np.sign(dx)), 0.0)
        push_y = np.where(clash & ~along_x, over_y * np.where(dy == 0, tie, np.sign(dy)), 0.0)
        points = points + 0.5 * np.column_stack([_largest(push_x), _largest(push_y)])
    return points


def _largest(pushes: np.ndarray) -> np.ndarray:
    """Per row, the push of largest size (with its sign)."""
    high, low = pushes.max(axis=1), pushes.min(axis=1)
    return np.where(high >= -low, high, low)


def _grid(nodes: list[int], placed: dict[int, tuple[int, int]], labels: list[str],
          importance: list[int]) -> dict[int, tuple[int, int]]:
    """Rows of nodes below the laid-out ones (nodes linked to nothing else drawn)."""
    if not nodes:
        return {}
    xs = [x for x, _ in placed.values()] or [0]
    ys = [y for _, y in placed.values()] or [0]
    left, top, width = min(xs), max(ys) + 160, max(max(xs) - min(xs), 1200)
    out, x, y, row_height = {}, left, top, 0.0
    for i in nodes:
        half_w, half_h, _ = _box(labels[i], importance[i])
        if x + 2 * half_w > left + width and x > left:
            x, y, row_height = left, y + row_height + 10, 0.0
        out[i] = (int(round(x + half_w)), int(round(y + half_h)))
        x += 2 * half_w + 10
        row_height = max(row_height, 2 * half_h)
    return out


# -- the columns every node has ----------------------------------------------------------------
def _labels(nodes: list[dict], lang: str) -> list[str]:
    labels = [node["label"] for node in nodes]
    if lang == "en":
        return [node["english"] or node["label"] for node in nodes]
    if lang == "zh-Hant":  # one conversion of all labels (a line each) instead of one call per label
        converted = to_traditional("\n".join(label.replace("\n", " ") for label in labels)).split("\n")
        return converted if len(converted) == len(labels) else [to_traditional(label) for label in labels]
    return labels


def _importance(pageranks: list[float], shown: list[int]) -> list[int]:
    """PageRank on a log scale from the least central node drawn at first (0) to the most central (100);
    nodes less central than any drawn are 0. Node and label sizes follow it."""
    logs = [math.log(p) if p > 0 else -math.inf for p in pageranks]
    drawn = [logs[i] for i in shown if logs[i] > -math.inf]
    if not drawn or max(drawn) - min(drawn) < 1e-9:
        return [50] * len(pageranks)
    low, high = min(drawn), max(drawn)
    return [min(100, max(0, int(round(100 * (value - low) / (high - low))))) if value > -math.inf else 0
            for value in logs]


def _names(graph: EntityGraph, corpus: _Corpus, labels: list[str]) -> list[str]:
    """Each node's other names (tab-separated), for the search; an article's file name is left out
    (its title is its label), and so is any name that folds to the label's own lookup form."""
    others: list[list[str]] = [[] for _ in corpus.nodes]
    article = [node["cls"] == "Article" for node in corpus.nodes]
    for node, name in graph.all_names():
        i = corpus.index[node]
        if not (article[i] and name != corpus.nodes[i]["label"]):
            others[i].append(name.replace("\t", " ").replace("\n", " "))
    folded_labels = _fold_many(labels)
    folded_names = iter(_fold_many([name for names in others for name in names]))
    out = []
    for i, names in enumerate(others):
        seen, kept = {folded_labels[i]}, []
        for name in names:
            folded = next(folded_names)
            if folded not in seen:
                seen.add(folded)
                kept.append(name)
        out.append("\t".join(kept))
    return out


def _fold_many(names: list[str]) -> list[str]:
    """The page's lookup form of each name (its script does the same with the ``fold`` table): Simplified,
    lower case, no dots, single spaces. One conversion for all names: one call per name costs seconds."""
    lines = [name.replace("\n", " ") for name in names]
    simple = to_simplified("\n".join(lines)).split("\n")
    if len(simple) != len(lines):
        simple = [to_simplified(line) for line in lines]
    return [" ".join(line.lower().replace("’", "'").replace(".", "").split()) for line in simple]


def _fold_table(texts: list[str]) -> list[str]:
    """Traditional characters and their Simplified forms, for every Han character the names use in either
    script: the page folds a query and each name with it, so 林鄭月娥 finds 林郑月娥 and the reverse."""
    chars = sorted({ch for text in texts for ch in text if ord(ch) >= 0x3400})
    simple = to_simplified("\n".join(chars)).split("\n")
    traditional = to_traditional("\n".join(chars)).split("\n")
    if not (len(simple) == len(traditional) == len(chars)):
        simple, traditional = [to_simplified(ch) for ch in chars], [to_traditional(ch) for ch in chars]
    pairs = {}
    for ch, simple_ch, traditional_ch in zip(chars, simple, traditional):
        if simple_ch != ch and len(simple_ch) == 1:
            pairs[ch] = simple_ch
        elif len(traditional_ch) == 1 and traditional_ch != ch:
            pairs.setdefault(traditional_ch, ch)
    keys = sorted(pairs)
    return ["".join(keys), "".join(pairs[k] for k in keys)]


def _relation_name(relation: str, lang: str) -> str:
    if lang == "zh-Hant":
        return to_traditional(_RELATION_NAMES["zh-Hans"].get(relation, relation))
    return _RELATION_NAMES.get(lang, {}).get(relation, relation)


def _community_names(corpus: _Corpus, labels: list[str]) -> list[str]:
    """For each coloured community (the largest first), the label of its most central member."""
    best: dict[int, int] = {}
    for i, node in enumerate(corpus.nodes):
        c = node["community"]
        if 0 < c <= len(PALETTE) and (c not in best or node["pagerank"] > corpus.nodes[best[c]]["pagerank"]):
            best[c] = i
    return [labels[best[c]] if c in best else "" for c in range(1, len(PALETTE) + 1)]


# -- evidence, claims, facts: for the nodes and links drawn at first ------------------------------
class _EvidenceTable:
    """Sentences embedded once each, as (article, text); evidence lists refer to them by number. An article is
    its node (its title and date are the node's label and date); the links of the articles cited are kept apart."""

    def __init__(self, graph: EntityGraph, corpus: _Corpus):
        self.sentences: list[list] = []
        self._sentence: dict[tuple[str, str], int] = {}
        self._article = {file: corpus.index[node] for node, file in graph.article_files()}
        self._url: dict[int, str] = {}

    def ref(self, ev: Evidence) -> int:
        key = (ev.file, ev.sentence)
        if key not in self._sentence:
            text = ev.sentence if len(ev.sentence) <= SENTENCE_CHARS else ev.sentence[:SENTENCE_CHARS - 1] + "…"
            article = self._article[ev.file]
            if ev.url.startswith(("https://", "http://")):  # never javascript: or data: links
                self._url[article] = ev.url
            self._sentence[key] = len(self.sentences)
            self.sentences.append([article, text])
        return self._sentence[key]

    def refs(self, evidence) -> list[int]:
        return [self.ref(ev) for ev in evidence]

    def links(self) -> dict:
        """The articles' links, each as (article, prefix number, rest): most links of an outlet share a prefix."""
        prefixes = sorted({url[:url.rindex("/") + 1] for url in self._url.values()})
        number = {prefix: k for k, prefix in enumerate(prefixes)}
        out = []
        for article, url in sorted(self._url.items()):
            rest = url[url.rindex("/") + 1:]
            plain = unquote(rest)  # a percent-encoded Chinese path is three times longer than its characters
            encoded = quote(plain, safe=_URI_SAFE) if plain != rest and "%" not in plain else ""
            if encoded == rest:
                out.append([article, number[url[:url.rindex("/") + 1]], plain, 1])  # the page re-encodes it (encodeURI)
            elif encoded and re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), encoded) == rest:
                out.append([article, number[url[:url.rindex("/") + 1]], plain, 2])  # the same, in lower-case hex
            else:
                out.append([article, number[url[:url.rindex("/") + 1]], rest])
        return {"prefixes": prefixes, "of": out}


def _details(graph: EntityGraph, corpus: _Corpus, i: int, evidence: _EvidenceTable) -> dict:
    """What the panel shows of a node drawn at first beyond its links: facts, claims (with their sentence and
    the date they expect, the claim's own words only when they are not the sentence), evidence sentences."""
    node = corpus.nodes[i]
    facts, sentences = graph.node_facts(node["node"], NODE_EVIDENCE)
    out: dict = {"evidence": evidence.refs(sentences)}
    if facts:
        out["facts"] = [list(f) for f in facts[:30]]
    claims = graph.claims_by([node["node"]], NODE_CLAIMS).get(node["node"])
    if claims:
        out["claims"] = [[evidence.ref(ev), expected] + ([text] if text and text != ev.sentence else [])
                         for text, expected, ev in claims]
    return out


# -- the story ---------------------------------------------------------------------------------
def timeline_events(graph: EntityGraph, corpus: _Corpus | None = None,
                    evidence: _EvidenceTable | None = None) -> dict:
    """Meetings at their date, predictions at their publication date (with the date they expect),
    conditions at the date of the earliest article that states them; nodes by page index."""
    corpus = corpus or _Corpus.load(graph)
    evidence = evidence or _EvidenceTable(graph, corpus)

    def first_sentence(i: int) -> list[int]:
        return evidence.refs(graph.node_facts(corpus.nodes[i]["node"], 1)[1])

    meetings = sorted((node["date"], i) for i, node in enumerate(corpus.nodes)
                      if node["cls"] == "Meeting" and node["date"])
    predictions = [[said, corpus.index.get(speaker, -1), text, expected, evidence.ref(ev)]
                   for speaker, said, text, expected, ev in graph.predictions() if said]
    first = graph.first_stated("PolicyCondition")
    conditions = sorted((date, corpus.index[node]) for node, date in first.items())
    return {"meetings": [[date, i, first_sentence(i)] for date, i in meetings], "predictions": predictions,
            "conditions": [[date, i, first_sentence(i)] for date, i in conditions]}


# -- the page ------------------------------------------------------------------------------------
_HERE = Path(__file__).resolve().parent
_VIS = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"


def _json_for_script(data) -> str:
    """JSON that cannot end its <script> element or open another: <, > and & are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _page(data: dict, lang: str) -> str:
    template = (_HERE / "viz_page.html").read_text(encoding="utf-8")
    parts = {
        "{{lang}}": lang,
        "{{css}}": (_HERE / "viz_page.css").read_text(encoding="utf-8"),
        "{{vis}}": _VIS.read_text(encoding="utf-8"),
        "{{data}}": _json_for_script(data),
        "{{script}}": (_HERE / "viz_page.js").read_text(encoding="utf-8"),
    }
    out, rest = [], template
    for key in ("{{lang}}", "{{css}}", "{{vis}}", "{{data}}", "{{script}}"):  # in template order, each once
        head, _, rest = rest.partition(key)
        out.extend((head, parts[key]))
    out.append(rest)
    return "".join(out)
