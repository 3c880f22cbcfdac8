"""Every extractor over real text: no failure, no fact without evidence, no evidence outside its sentence.

The shared corpora are swept whole (skipped when ``../shared`` is absent; bench/sweep.py sweeps
bench-2111); the seeds' real sentences are mutated by hypothesis (cut, numerals in Chinese, parts
removed, scripts switched, dates moved) and every mutant must keep the same invariants.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal

from conftest import SEEDS, SHARED, make_article
from kg.audit import audit_doc, sweep
from kg.extractors import run_pipeline
from kg.model import Doc, Fact, Mention, Node
from kg.reader import read_article
from kg.text import to_simplified
from kg.vocab import KG


@pytest.mark.parametrize("corpus", ["dev", "dev-en", "story"])
def test_sweep_every_shared_article_keeps_every_invariant(corpus):
    folder = SHARED / "corpus" / corpus
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the shared corpora are not in the repository)")
    report = sweep(folder, jobs=2)
    assert report.files > 40 and report.facts > 1000
    assert report.problems == {}, report.format()


def test_sweep_the_seeds_keep_every_invariant():
    report = sweep(SEEDS, jobs=1)
    assert (report.files, report.unreadable, report.empty, report.problems) == (5, 0, [], {})


def test_audit_names_a_failure_a_fact_without_evidence_and_evidence_across_sentences():
    doc = Doc(make_article("林郑月娥昨天表示，通关有序推进。李家超今日到深圳。"))
    person = Node("person", "林郑月娥")
    doc.failures.append(("meetings.v1", "KeyError: 'x'"))
    doc.add(person, KG.date, Literal("2021"), [Mention(0, 4)], "people.v2")  # inside the first sentence: fine
    doc.add(person, KG.date, Literal("2021"), [Mention(10, 20)], "claims.v1")  # across the full stop
    with pytest.raises(ValueError, match="claims.v1: evidence 20-99 is outside the text"):
        doc.add(person, KG.date, Literal("2021"), [Mention(20, 99)], "claims.v1")
    with pytest.raises(ValueError, match="places.v1: a fact needs at least one mention"):
        doc.add(person, KG.date, Literal("2021"), [], "places.v1")
    # what Doc.add refuses, the audit still names (facts can be appended to the list directly)
    doc.facts.append(Fact(person, KG.date, Literal("2021"), (Mention(20, 99),), "claims.v1"))
    doc.facts.append(Fact(person, KG.date, Literal("2021"), (), "places.v1"))
    problems = audit_doc(doc)
    assert problems[0] == "extractor meetings.v1 failed (KeyError: 'x')"
    assert problems[1].startswith("claims.v1: evidence '关有序推进。李家超今' (10-20) is not inside one sentence")
    assert problems[2] == f"claims.v1: evidence 20-99 outside the text (0-{len(doc.article.text)})"
    assert problems[3].startswith("places.v1: a fact with no evidence")
    assert len(problems) == 4


# --- property tests: the seeds' real sentences, mutated ---------------------------------------------

def _seed_sentences() -> list[str]:
    sentences = []
    for path in sorted(SEEDS.iterdir()):
        article = read_article(path, path.name)
        sentences += [article.span_text(s).strip() for s in article.sentences if len(article.span_text(s).strip()) > 4]
    return sentences


SENTENCES = _seed_sentences()
_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """12 -> 十二, 305 -> 三百零五, 2021 -> 二千零二十一: how Chinese articles also write numbers."""
    if number < 10:
        return _DIGITS[number]
    out, zero = "", False
    for value, unit in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十")):
        digit, number = divmod(number, value) if value != 10000 else (number // value, number % value)
        if value == 10000 and digit:
            out += chinese_numeral(digit) + unit
        elif digit:
            out += ("零" if zero and out else "") + ("" if value == 10 and digit == 1 and not out else _DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    if number:
        out += ("零" if zero else "") + _DIGITS[number]
    return out


def test_chinese_numeral_writes_numbers_as_articles_do():
    assert [chinese_numeral(n) for n in (3, 10, 12, 20, 305, 1000, 2021, 67000)] == \
        ["三", "十", "十二", "二十", "三百零五", "一千", "二千零二十一", "六万七千"]


def _to_traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2hk").convert(text)


MUTATIONS = {
    "cut": lambda s, r: s[: r.randint(1, len(s))],
    "cut head": lambda s, r: s[r.randint(0, len(s) - 1):],
    "drop a part": lambda s, r: (lambda i, j: s[:i] + s[j:])(*sorted((r.randint(0, len(s)), r.randint(0, len(s))))),
    "chinese numerals": lambda s, r: re.sub(r"\d+", lambda m: chinese_numeral(int(m[0][:6])), s),
    "move dates": lambda s, r: re.sub(r"\d{1,2}(?=[月日号])", lambda m: str(r.randint(1, 31)), s),
    "traditional": lambda s, r: _to_traditional(s),
    "simplified": lambda s, r: to_simplified(s),
    "no punctuation": lambda s, r: re.sub(r"[，。、：；「」“”]", "", s),
    "doubled": lambda s, r: s + s,
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(SENTENCES), st.sampled_from(sorted(MUTATIONS)), st.randoms()),
                min_size=1, max_size=5),
       st.sampled_from([None, "2021-11-24T09:00:00+08:00", "2022-12-31T23:00:00+08:00"]))
def test_extractors_keep_every_invariant_on_mutated_real_sentences(parts, published):
    body = "\n".join(MUTATIONS[name](sentence, rand) or "。" for sentence, name, rand in parts)
    if not body.strip():
        return
    doc = run_pipeline(make_article(body, published=published, title="通关"))
    assert audit_doc(doc) == [], body
