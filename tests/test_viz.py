"""The HTML graph: what it embeds and draws first, offline, deterministic, inert for hostile text.

Small graphs are written by hand as the articles' parts of the entity graph (``write_index``), so each
test shows exactly which links it is about; the browser behaviour is in test_browser.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build
from kg.entity_index import INDEX_FILE, Part, write_index
from kg.explore import load_entity_graph
from kg.timeline import timeline
from kg.viz import page_data

ID = "https://w3id.org/kg-news/id/"
CLASS_OF = {"person": "Person", "org": "GovernmentBody", "meeting": "Meeting", "condition": "PolicyCondition",
            "place": "Place", "role": "Role", "outlet": "MediaOutlet"}


def part(number: int, date: str, *links: tuple[str, str, str], names: dict[str, list[tuple[str, str]]] | None = None,
         attributes: tuple[tuple[str, str, str], ...] = ()) -> Part:
    """One article's share of the entity graph: each link ("person/甲", "speaks in", "article") gets a sentence
    of its own; nodes are typed by the first part of their key and named by the second."""
    art = f"{ID}article/a{number}"
    iri = lambda key: art if key == "article" else ID + key  # noqa: E731
    types, labels, edges, sentences = set(), set(), set(), []
    for source, relation, target in links:
        for key in (source, target):
            if key != "article":
                types.add((iri(key), CLASS_OF[key.split("/")[0]]))
                labels.add((iri(key), key.split("/", 1)[1], "pref"))
        edges.add((iri(source), relation, iri(target), len(sentences)))
        sentences.append(f"{source.split('/')[-1]} {relation} {target.split('/')[-1]} (article {number}).")
    for key, extra in (names or {}).items():
        labels.update((iri(key), label, lang) for label, lang in extra)
    facts = set()
    for key, prop, value in attributes:
        types.add((iri(key), CLASS_OF[key.split("/")[0]]))
        facts.add((iri(key), prop, value, len(sentences)))
        sentences.append(f"{key} {prop} {value}.")
    return Part((art, f"a{number}.md", f"Article {number}", date, f"https://example.org/a{number}"),
                tuple(sorted(types)), tuple(sorted(labels)), tuple(sorted(facts)), tuple(sorted(edges)), (),
                tuple(sentences))


def index(tmp_path: Path, *parts: Part) -> Path:
    write_index(tmp_path / INDEX_FILE, parts)
    return tmp_path


def test_viz_page_loads_nothing_from_the_network(seed_graph):
    page = (seed_graph / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert "vis.Network" in page and "kg-legend" in page


def test_viz_hostile_titles_and_names_are_data_not_markup(tmp_path):
    hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)>'
    (tmp_path / "a.md").write_text(
        f"---\ntitle: '{hostile}'\ndate: 2021-11-24\n---\n\n<p>香港特首林郑月娥昨天宣布通关安排。{hostile}</p>\n",
        encoding="utf-8")
    build(tmp_path, tmp_path / "out")
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    start = page.index('<script type="application/json" id="kg-data">') + len('<script type="application/json" id="kg-data">')
    data = page[start:page.index("</script>", start)]
    assert "<" not in data and ">" not in data  # every string is JSON-escaped (\u003c)
    assert hostile not in page and "<img src=x" not in page
    assert hostile in json.loads(data)["nodes"]["label"]  # and still the title, once parsed


def test_viz_overview_keeps_the_most_central_nodes_and_says_showing_n_of_m(seed_graph):
    graph = load_entity_graph(seed_graph)
    everything = graph.nodes()
    central = sorted(everything, key=lambda n: (-n["pagerank"], n["label"], n["node"]))[:10]
    data = page_data(graph, max_nodes=10)
    assert sorted(data["nodes"]["label"][i] for i in data["overview"]["nodes"]) == sorted(n["label"] for n in central)
    assert data["status"].startswith(f"Showing 10 of {len(everything)} nodes (the most central)")
    assert "use the search, --focus or --max-nodes to see more" in data["status"]
    # a small graph is drawn whole, and says so
    assert page_data(graph)["status"].startswith(f"Showing all {len(everything)} nodes")


def test_viz_focus_draws_the_nearest_nodes_first(seed_graph):
    graph = load_entity_graph(seed_graph)
    neighbours = {graph.name(n) for _, n in graph.neighbors("李家超", hops=1)}
    data = page_data(graph, focus="李家超", hops=2, max_nodes=len(neighbours) + 2)
    labels = {data["nodes"]["label"][i] for i in data["overview"]["nodes"]}
    assert data["nodes"]["label"][data["focus"]] == "李家超"
    # the entity, everything one hop away, then the most central of those two hops away
    rank = {n["node"]: (-n["pagerank"], n["label"], n["node"]) for n in graph.nodes()}
    farther = min((n for d, n in graph.neighbors("李家超", hops=2) if d == 2), key=rank.get)
    assert labels == neighbours | {"李家超", graph.name(farther)}
    assert "within 2 hops of 李家超" in data["status"]


def test_viz_isolated_nodes_are_listed_apart(tmp_path):
    data = page_data(load_entity_graph(index(
        tmp_path,
        part(1, "2021-11-01", ("person/甲", "speaks in", "article"), ("person/甲", "holds", "condition/每日名额"),
             attributes=(("condition/孤立条件", "value", "1000"),)))))
    labels = data["nodes"]["label"]
    assert [labels[i] for i in data["overview"]["unlinked"]] == ["孤立条件"]
    assert "孤立条件" in [labels[i] for i in data["overview"]["nodes"]]  # drawn, behind the switch


def test_viz_the_same_graph_gives_the_same_bytes_whatever_the_hash_seed(seed_graph, tmp_path):
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"page-{seed}.html"
        subprocess.run([sys.executable, "-m", "kg.cli", "viz", "--graph", str(seed_graph), "-o", str(out)],
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True)
        pages.append(out.read_bytes())
    assert pages[0] == pages[1] == (seed_graph / "graph.html").read_bytes()


def test_viz_timeline_has_each_seed_meeting_at_its_date(seed_graph):
    data = page_data(load_entity_graph(seed_graph))
    drawn = sorted((date, data["nodes"]["label"][i]) for date, i, _ in data["timeline"]["meetings"])
    # the same meetings and dates kg timeline reads from the store
    told = sorted(row[0] for row in timeline(seed_graph).rows if row[1] == "meeting" and row[0])
    assert [date for date, _ in drawn] == told
    assert ("2021-11-02", "video meeting 2021-11-02") in drawn
    assert all(date in label for date, label in drawn if label.startswith(("docking", "video")))
    predictions = {(said, expected) for said, _, _, expected, _ in data["timeline"]["predictions"]}
    assert ("2021-11-10", "2022-02-01") in predictions and ("2021-11-24", "2021-12-10") in predictions


def test_viz_timeline_dates_a_condition_by_the_first_article_that_states_it(tmp_path):
    data = page_data(load_entity_graph(index(
        tmp_path,
        part(1, "2021-11-20", ("org/港府", "holds", "condition/配额"), attributes=(("condition/配额", "value", "1000"),)),
        part(2, "2021-11-09", ("org/港府", "holds", "condition/配额")),  # its holder, stated earlier
        part(3, "2021-11-12", ("org/港府", "holds", "condition/隔离"), attributes=(("condition/隔离", "period", "14"),)),
        part(4, "2021-11-03", ("person/甲", "speaks in", "article")))))
    dated = [(date, data["nodes"]["label"][i]) for date, i, _ in data["timeline"]["conditions"]]
    assert dated == [("2021-11-09", "配额"), ("2021-11-12", "隔离")]


def test_viz_people_view_links_people_who_met_are_quoted_together_or_speak_about_each_other(tmp_path):
    data = page_data(load_entity_graph(index(
        tmp_path,
        part(1, "2021-11-01", ("person/甲", "takes part in", "meeting/m1"), ("person/乙", "takes part in", "meeting/m1")),
        part(2, "2021-11-02", ("person/丙", "speaks in", "article"), ("person/丁", "speaks in", "article"),
             ("person/丙", "said about", "org/港府")),
        part(3, "2021-11-03", ("person/戊", "said about", "person/己"), ("person/戊", "speaks in", "article")))))
    labels, sentences = data["nodes"]["label"], data["sentences"]
    links = {(labels[link["a"]], labels[link["b"]]): link for link in data["people"]["links"]}
    assert set(links) == {("乙", "甲"), ("丁", "丙"), ("己", "戊")}
    met = links[("乙", "甲")]
    assert met["met"] and not met["quotedCount"] and not met["about"]
    assert {sentences[s][1] for s in met["met"]} == {"甲 takes part in m1 (article 1).", "乙 takes part in m1 (article 1)."}
    quoted = links[("丁", "丙")]
    assert quoted["quotedCount"] == 1 and not quoted["met"]
    article, evidence = quoted["quoted"][0]
    assert (labels[article], data["dates"][0]) == ("Article 2", "")
    assert {sentences[s][1] for s in evidence} == {"丙 speaks in article (article 2).", "丁 speaks in article (article 2)."}
    (speaker, about, evidence), = links[("己", "戊")]["about"]
    assert (labels[speaker], labels[about]) == ("戊", "己")
    assert [sentences[s][1] for s in evidence] == ["戊 said about 己 (article 3)."]
    assert {labels[i] for i in data["people"]["nodes"]} == {"甲", "乙", "丙", "丁", "戊", "己"}  # 港府 is no person


def test_viz_search_index_holds_every_name_and_both_scripts_fold_alike(seed_graph):
    data = page_data(load_entity_graph(seed_graph))
    labels, names = data["nodes"]["label"], data["names"]
    lam = labels.index("林郑月娥")
    assert {"Carrie Lam", "Lam Cheng Yuet-ngor"} <= set(names[lam].split("\t"))
    fold = dict(zip(data["fold"][0], data["fold"][1]))
    assert "".join(fold.get(ch, ch) for ch in "林鄭月娥") == "林郑月娥"


@pytest.mark.parametrize(("lang", "label"), [("en", "Carrie Lam"), ("zh-Hant", "林鄭月娥"), ("zh-Hans", "林郑月娥")])
def test_viz_lang_names_nodes_in_that_language(seed_graph, lang, label):
    data = page_data(load_entity_graph(seed_graph), lang=lang)
    graph = load_entity_graph(seed_graph)
    position = [n["node"] for n in graph.nodes()].index(graph.find("林郑月娥"))
    assert data["nodes"]["label"][position] == label


def test_viz_lang_en_falls_back_to_chinese_without_an_english_name(seed_graph):
    data = page_data(load_entity_graph(seed_graph), lang="en")
    assert "谭耀宗" not in data["nodes"]["label"] and "Tam Yiu-chung" in data["nodes"]["label"]
    assert "国家卫健委大数据办公室" in data["nodes"]["label"]  # a body the graph gives no English name
