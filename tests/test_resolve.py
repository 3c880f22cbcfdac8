"""Corpus resolution: an undated article's meeting dated through a series other articles date."""

from __future__ import annotations

from datetime import date

from kg.build import build
from kg.query import open_graph, run_query
from kg.model import Node
from kg.resolve import inferred_days


def _docking(n: int) -> Node:
    return Node("meeting", f"docking-{n}")


def test_resolve_a_yearless_day_of_a_series_takes_the_year_after_the_previous_meeting():
    summaries = {"dated": ((_docking(2), ("docking",), "2021-11-25"),),
                 "undated": ((_docking(3), ("docking",), "--12-14"),)}
    assert inferred_days(summaries) == {"undated": date(2021, 12, 14)}


def test_resolve_a_yearless_day_before_the_previous_meeting_s_is_next_year():
    summaries = {"dated": ((_docking(2), ("docking",), "2021-11-25"),),
                 "undated": ((_docking(3), ("docking",), "--01-10"),)}
    assert inferred_days(summaries) == {"undated": date(2022, 1, 10)}


def test_resolve_the_nearest_earlier_meeting_of_the_same_series_sets_the_year():
    summaries = {"a": ((_docking(1), ("docking",), "2020-06-01"),), "b": ((_docking(2), ("docking",), "2021-11-25"),),
                 "c": ((Node("meeting", "video-2"), ("video",), "2022-05-01"),),  # another series
                 "undated": ((_docking(3), ("docking",), "--12-14"),)}
    assert inferred_days(summaries) == {"undated": date(2021, 12, 14)}


def test_resolve_a_meeting_another_article_dates_gives_its_own_day():
    summaries = {"dated": ((_docking(3), ("docking",), "2021-12-14"),),
                 "undated": ((_docking(3), ("docking",), "--12-14"),)}
    assert inferred_days(summaries) == {"undated": date(2021, 12, 14)}


def test_resolve_no_dated_earlier_meeting_or_an_article_s_own_meeting_dates_nothing():
    assert inferred_days({"undated": ((_docking(3), ("docking",), "--12-14"),)}) == {}
    assert inferred_days({"dated": ((_docking(2), ("docking",), "2021-11-25"),),
                          "later": ((_docking(1), ("docking",), "--12-14"),)}) == {}  # no earlier one
    assert inferred_days({"dated": ((_docking(2), ("docking",), "2021-11-25"),),
                          "undated": ((Node("meeting", "docking-3", scope="x"), ("docking",), "--12-14"),)}) == {}


def test_resolve_an_undated_article_is_read_against_the_day_the_corpus_dates_it_to(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("---\ntitle: 通关对接会议\ndate: 2021-11-24 09:00:00 +0800\n---\n"
                                 "政务司司长李家超明天率团到深圳出席第二次通关对接会议。\n", encoding="utf-8")
    (corpus / "b.txt").write_text("The third customs clearance meeting was held in Shenzhen on December 14, "
                                  "said the Hong Kong government. It is expected that there will be a chance to "
                                  "implement the small customs clearance around the winter solstice.\n",
                                  encoding="utf-8")
    build(corpus, tmp_path / "out", html=False)
    store = open_graph(tmp_path / "out")
    rows = run_query(store, """PREFIX kg: <https://w3id.org/kg-news/ns#>
        SELECT ?date ?inferred WHERE { ?m kg:ordinal 3 ; kg:date ?date . OPTIONAL { ?m kg:dateInferred ?inferred } }""")
    assert [(str(r["date"]), str(r["inferred"])) for r in rows.as_dicts()] == [("2021-12-14", "true")]
    rows = run_query(store, """PREFIX kg: <https://w3id.org/kg-news/ns#>
        SELECT ?date WHERE { ?c kg:expectedReopening ?date ; kg:dateInferred true }""")
    assert [str(r["date"]) for r in rows.as_dicts()] == ["2021-12-21"]  # the solstice of that year
