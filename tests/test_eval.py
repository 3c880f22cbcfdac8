"""kg eval: scores against gold files, from hand-made graphs and (when present) the dev corpus."""

from __future__ import annotations

import json

import pytest

from kg.build import build
from kg.evaluate import evaluate

from conftest import ROOT, SHARED

ARTICLE = "---\ntitle: 通关\ndate: 2021-11-24 09:00:00 +08:00\n---\n\n{body}\n"


def gold(tmp_path, file, **categories):
    folder = tmp_path / "gold"
    folder.mkdir(exist_ok=True)
    (folder / f"{file}.json").write_text(json.dumps({"file": file, **categories}, ensure_ascii=False),
                                         encoding="utf-8")
    return folder


def test_eval_counts_hits_misses_and_false_alarms_per_category(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.md").write_text(ARTICLE.format(
        body="香港特首林郑月娥昨天表示，通关有望下月实现。据《星岛日报》报道，港府力争每日5000人通关。"), encoding="utf-8")
    build(corpus, tmp_path / "out", html=False)
    folder = gold(tmp_path, "a.md",
                  people=[{"name": "林鄭月娥", "mentions": ["林鄭月娥"]}, {"name": "李家超", "mentions": ["李家超"]}],
                  organizations=[{"name": "星岛日报", "mentions": ["星島日報"], "kind": "media"}],
                  conditions=[{"kind": "Quota", "value": "5000"}],
                  predictions=[{"speaker": "林郑月娥", "expected": "2021-12"}])
    report = evaluate(folder, tmp_path / "out")
    people = report.scores["people"]
    assert (people.tp, people.fp, people.fn) == (1, 0, 1)  # Traditional gold name matches the Simplified text
    assert report.errors["a.md"]["people"] == (["李家超"], [])
    organizations = report.scores["organizations"]
    assert (organizations.tp, organizations.fn) == (1, 0)
    assert organizations.fp == 1 and report.errors["a.md"]["organizations"][1] == ["港府"]
    assert report.scores["quota values"].tp == 1
    assert report.scores["predictions"].tp == 1
    assert "people" in report.format() and "missed: 李家超" in report.format()


def test_eval_events_match_one_to_one_by_kind_and_sentence_date_and_expected_date(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.md").write_text(ARTICLE.format(
        body="林郑月娥表示，通关后旅客须接受酒店隔离。\n\n她重申，入境人士仍要在酒店隔离检疫。\n\n"
             "李家超昨天在深圳与广东省副省长张新举行会议。\n\n谭耀宗估计，通关有望下月实现。\n\n"
             "他又说，通关不可能在明年二月前实现。"), encoding="utf-8")
    build(corpus, tmp_path / "out", html=False)
    folder = gold(tmp_path, "a.md",
                  meetings=[{"date": "2021-11", "evidence": "x"}, {"date": "2021-10-01", "evidence": "y"}],
                  # one requirement stated twice: one entry, the restatement in "also" (one node in the graph)
                  conditions=[{"kind": "QuarantineRule", "evidence": "旅客須接受酒店隔離", "also": ["仍要在酒店隔離檢疫"]},
                              {"kind": "TestingRequirement", "evidence": "旅客須接受酒店隔離"}],
                  predictions=[{"expected": "2021-12"}, {"expected": "2022-02", "negated": True}])
    report = evaluate(folder, tmp_path / "out")
    meetings, conditions = report.scores["meetings"], report.scores["conditions"]
    assert (meetings.tp, meetings.fp, meetings.fn) == (1, 0, 1)  # 2021-11-23 fits 2021-11, not 2021-10-01
    assert (conditions.tp, conditions.fp, conditions.fn) == (1, 0, 1)  # the kind must match too
    assert report.errors["a.md"]["conditions"][0] == ["TestingRequirement: 旅客須接受酒店隔離"]
    predictions = report.scores["predictions"]
    # a negated date is not a prediction to find; the claim that expects it would be a false alarm
    assert (predictions.tp, predictions.fn) == (1, 0)
    assert report.scored == {"meetings", "conditions", "quota values", "predictions"}
    assert "people" not in report.format()  # not annotated in these files, so not scored


@pytest.mark.parametrize("a, b, compatible", [
    ("2021-11", "2021-11-25", True), ("2021-11-25", "2021-11-25", True), ("--11-25", "2021-11-25", True),
    ("2021-11-24", "2021-11-25", False), ("2021-12", "2021-11-25", False), ("--11-24", "2021-11-25", False),
    ("--11", "2021-11-25", False),
])
def test_eval_meeting_dates_are_compatible_when_one_is_the_other_more_precisely(a, b, compatible):
    from kg.evaluate import _dates_compatible

    assert _dates_compatible(a, b) is compatible and _dates_compatible(b, a) is compatible


def test_eval_an_organization_matches_with_or_without_one_leading_place_name():
    from kg.evaluate import _without_place

    widened = _without_place({"香港特别行政区政府": {"香港特区政府"}, "香港01": {"香港01"}, "x": {"巴基斯坦外交部"}})
    assert widened["香港特别行政区政府"] == {"香港特区政府", "特区政府"}
    assert widened["香港01"] == {"香港01"}  # a name that is a place and a number keeps its place


def test_eval_rejects_an_empty_gold_folder(tmp_path, seed_graph):
    from kg.errors import KgError

    with pytest.raises(KgError, match="no gold files"):
        evaluate(tmp_path, seed_graph)


# F1 floors per gold set and category: the figures of November 2026 (rounded down to two decimals), so that
# losing one item in any category fails. Raise a floor when a figure improves; lower one only on purpose.
# Events are matched one to one since 2026-11-29 (a condition by kind and sentence, not a set of kinds per
# article), which lowered the conditions figures: they measure the granularity the kinds hid. Lowered on
# purpose (heldout conditions 0.79 -> 0.76, fresh 0.71 -> 0.70): these sets annotate one condition per kind
# and article, so a goal of quarantine-free crossing and a 3+4 rule in one article, two requirements under
# the event guideline of tests/gold/README.md, count as one there (events and wide rose: 0.65 -> 0.70, 0.48 -> 0.58).
FLOORS = {
    "dev": {"people": 1.0, "organizations": 1.0, "meetings": 0.88, "conditions": 0.80, "quota values": 1.0,
            "predictions": 0.90},
    # heldout's one prediction, "深港口岸将于星期日起…恢复往来", is a reopening stated as decided: under the event
    # guideline an announcement (kg:announcedReopening), not a prediction, so that set's predictions floor is 0
    "heldout": {"people": 1.0, "organizations": 0.90, "meetings": 1.0, "conditions": 0.76, "quota values": 1.0,
                "predictions": 0.0},
    "fresh": {"people": 1.0, "organizations": 1.0, "meetings": 1.0, "conditions": 0.70, "quota values": 1.0,
              "predictions": 1.0},
}


@pytest.mark.skipif(not (SHARED / "corpus" / "dev").is_dir(), reason="../shared/corpus/dev is not here")
def test_eval_on_the_annotated_dev_articles_holds_every_category_at_its_floor(tmp_path):
    build(SHARED / "corpus" / "dev", tmp_path, html=False)
    for folder, floors in FLOORS.items():
        report = evaluate(ROOT / "tests" / "gold" / folder, tmp_path)
        assert set(report.scores) == set(floors), folder  # a new category needs a floor
        below = {c: round(report.scores[c].f1, 3) for c, floor in floors.items() if report.scores[c].f1 < floor}
        assert below == {}, (folder, report.format(details=False))


OFF_TOPIC = ("2022-12-01-DW-", "2022-01-04-RFI-", "2023-02-03-RFI-", "2021-10-03-RTHK-", "2022-07-01-RTHK-",
             "2021-12-03-RTHK-", "2021-12-03-CNA-")


@pytest.mark.skipif(not (SHARED / "corpus" / "dev").is_dir(), reason="../shared/corpus/dev is not here")
def test_eval_off_topic_dev_articles_yield_no_meetings_conditions_or_predictions(tmp_path):
    from kg.extractors import run_pipeline
    from kg.reader import iter_article_files, read_article

    checked = 0
    for path, name in iter_article_files(SHARED / "corpus" / "dev"):
        if name.startswith(OFF_TOPIC):
            doc = run_pipeline(read_article(path, name))
            kinds = {f.subject.kind for f in doc.facts}
            assert not kinds & {"meeting", "condition"}, name
            assert not any(str(f.predicate).endswith("expectedReopening") for f in doc.facts), name
            checked += 1
    assert checked == len(OFF_TOPIC)


def linked_corpus(tmp_path, gold_set: str):
    """A folder of links to the articles a gold set annotates (they come from several folders of
    ../shared/corpus/: story/, bench-2111/, dev-en/), so only those are built."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    for path in sorted((ROOT / "tests" / "gold" / gold_set).glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        (corpus / entry["file"]).symlink_to(SHARED / "corpus" / entry["corpus"] / entry["file"])
    return corpus


# tests/gold/wide, November 2026, rounded down. Predictions: 2 gold entries, annotated before the event
# guideline of tests/gold/README.md, which counts a reopening set by an event ("二十大后通关政策有机会放宽",
# 2022-10); `wide` does not (and counts 二十大 as a meeting), so those forecasts are its false alarms.
WIDE_FLOORS = {"people": 0.96, "organizations": 0.79, "meetings": 0.45, "conditions": 0.58, "quota values": 1.0,
               "predictions": 0.33}


@pytest.mark.skipif(not (SHARED / "corpus" / "story").is_dir(), reason="../shared/corpus is not here")
def test_eval_on_the_wide_gold_set_holds_every_category_at_its_floor(tmp_path):
    build(linked_corpus(tmp_path, "wide"), tmp_path / "out", html=False)
    report = evaluate(ROOT / "tests" / "gold" / "wide", tmp_path / "out")
    below = {c: round(report.scores[c].f1, 3) for c, floor in WIDE_FLOORS.items() if report.scores[c].f1 < floor}
    assert below == {}, report.format(details=False)


# tests/gold/events (the open half of the event gold), first measured 2026-11-29 (0.56, 0.49, 0.40, 0.69),
# now, rounded down
EVENT_FLOORS = {"meetings": 0.75, "conditions": 0.70, "quota values": 1.0, "predictions": 0.91}


@pytest.mark.skipif(not (SHARED / "corpus" / "story").is_dir(), reason="../shared/corpus is not here")
def test_eval_on_the_open_event_gold_holds_every_event_category_at_its_floor(tmp_path):
    build(linked_corpus(tmp_path, "events"), tmp_path / "out", html=False)
    report = evaluate(ROOT / "tests" / "gold" / "events", tmp_path / "out")
    assert report.scored == {"meetings", "conditions", "quota values", "predictions"}
    below = {c: round(report.scores[c].f1, 3) for c, floor in EVENT_FLOORS.items() if report.scores[c].f1 < floor}
    assert below == {}, report.format(details=False)


def test_eval_quota_values_in_words_are_left_to_the_conditions_score(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.md").write_text(ARTICLE.format(body="消息人士透露，通关初期每日1000人。"), encoding="utf-8")
    build(corpus, tmp_path / "out", html=False)
    folder = gold(tmp_path, "a.md", conditions=[{"kind": "Quota", "value": "1000"}, {"kind": "Quota", "value": "设配额"},
                                                {"kind": "Quota", "value": "数百"}])
    quota = evaluate(folder, tmp_path / "out").scores["quota values"]
    assert (quota.tp, quota.fp, quota.fn) == (1, 0, 0)
