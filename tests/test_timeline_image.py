"""The timeline with policy conditions, and the timeline drawn (SVG, PNG) for reports."""

from __future__ import annotations

import shutil

from kg.query import open_graph, run_query
from kg.timeline import timeline

KG = "https://w3id.org/kg-news/ns#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _graph_of(store, file_name: str) -> str:
    return run_query(store, f'SELECT ?g WHERE {{ GRAPH ?g {{ ?a kg:fileName "{file_name}" }} }}').rows[0][0]


def test_timeline_lists_conditions_at_their_first_date(seed_graph, tmp_path):
    # The 5000-6000 a day quota of 003 (published 2021-11-08) is stated again, by hand, in 001
    # (2021-11-05) and 000 (2021-11-24): it was first stated on 2021-11-05, in 001's words.
    store = open_graph(seed_graph)
    quota = run_query(store, "SELECT ?c WHERE { ?c a kg:Quota ; kg:minValue ?min FILTER (?min = 5000) }").rows[0][0]
    restated = ""
    for n, (name, sentence) in enumerate((("001_c4ff518b203b6675.txt", "港府五日已提出每日5000至6000人的配额。"),
                                         ("000_c506f010440d950d.txt", "港府廿四日再提每日5000至6000人。"))):
        restated += (f"<{_graph_of(store, name)}> {{ <{quota}> a <{KG}PolicyCondition>, <{KG}Quota> .\n"
                     f"  <{KG}test-fact-{n}> <{RDF}subject> <{quota}> ; <{RDF}predicate> <{RDF}type> ;"
                     f" <{KG}evidence> <{KG}test-mention-{n}> .\n"
                     f'  <{KG}test-mention-{n}> <{KG}sentence> "{sentence}" . }}\n')
    graph = tmp_path / "graph"
    graph.mkdir()
    shutil.copy(seed_graph / "graph.ttl", graph / "graph.ttl")
    (graph / "graph.trig").write_text((seed_graph / "graph.trig").read_text(encoding="utf-8") + "\n" + restated,
                                      encoding="utf-8")

    rows = timeline(graph).as_dicts()

    conditions = [r for r in rows if r["event"] == "condition"]
    assert {"date": "2021-11-05", "event": "condition", "what": "quota: 5000-6000 people/day",
            "who": "香港特别行政区政府", "outlet": "", "expected": "",
            "sources": "000_c506f010440d950d.txt, 001_c4ff518b203b6675.txt, 003_c51ed2c6366fe5d1.txt",
            "evidence": "港府五日已提出每日5000至6000人的配额。"} in conditions
    assert {"date": "2021-11-08", "event": "condition", "what": "circuit breaker: 一例本地确诊", "who": "中国大陆当局",
            "outlet": "", "expected": "", "sources": "003_c51ed2c6366fe5d1.txt",
            "evidence": "另有消息人士指，大陆当局要求的熔断机制更加严格，倘若有一例本地确诊便暂停通关，然而港府认为此条件太高，"
                        "希望大陆当局谅解，接受以两个群组在香港同时暴发才作为“熔断点”，有关机制仍有待进一步开会确定。"} in conditions
    # each condition once, in date order among the meetings and predictions; 004 has no date: last
    assert len({(r["what"], r["who"], r["sources"]) for r in conditions}) == len(conditions)
    dated = [r["date"] for r in rows if r["date"][:1].isdigit()]
    assert dated == sorted(dated)
    assert {r["date"] for r in conditions} == {"2021-11-05", "2021-11-08", "2021-11-24", ""}
    assert rows.index(next(r for r in conditions if r["date"] == "")) > rows.index(conditions[0])
