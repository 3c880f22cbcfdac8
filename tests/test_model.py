"""Facts carry their evidence: Doc.add checks and tidies mentions; a cached Doc drops its tokens."""

from __future__ import annotations

import pickle

import pytest
from rdflib import Literal

from kg.model import Doc, EntityMention, Mention, Node
from kg.vocab import KG

from conftest import make_article

PERSON = Node("person", "林郑月娥")


def test_model_add_keeps_the_mentions_sorted_and_once_each():
    doc = Doc(make_article("林郑月娥昨天表示，通关有序推进。"))
    fact = doc.add(PERSON, KG.date, Literal("x"), [Mention(5, 7), Mention(0, 4), Mention(5, 7)], "people.v2")
    assert fact.mentions == (Mention(0, 4), Mention(5, 7))
    assert doc.facts == [fact]
    assert (fact.subject, fact.predicate, fact.object, fact.extractor) == (PERSON, KG.date, Literal("x"), "people.v2")


@pytest.mark.parametrize("mention", [Mention(-1, 3), Mention(3, 3), Mention(4, 2), Mention(0, 99)])
def test_model_add_refuses_a_mention_that_is_empty_or_outside_the_text(mention):
    doc = Doc(make_article("林郑月娥昨天表示。"))
    with pytest.raises(ValueError, match=f"x.v1: evidence {mention.start}-{mention.end} is outside the text"):
        doc.add(PERSON, KG.date, Literal("x"), [mention], "x.v1")
    assert doc.facts == []


def test_model_add_accepts_a_mention_that_ends_with_the_text():
    doc = Doc(make_article("林郑月娥昨天表示。"))
    length = len(doc.article.text)
    assert doc.add(PERSON, KG.date, Literal("x"), [Mention(0, length)], "x.v1").mentions == (Mention(0, length),)


def test_model_add_trims_white_space_around_a_mention_but_never_to_nothing():
    doc = Doc(make_article("林郑月娥昨天表示。\n\n李家超今日到深圳。"))
    text = doc.article.text
    gap = text.index("\n")
    assert text[gap + 1] != "\n"  # paragraphs are joined by one line break
    leading = doc.add(PERSON, KG.date, Literal("x"), [Mention(gap, gap + 4)], "x.v1")
    assert leading.mentions == (Mention(gap + 1, gap + 4),)  # "\n李家超" -> "李家超"
    trailing = doc.add(PERSON, KG.date, Literal("y"), [Mention(gap - 3, gap + 1)], "x.v1")
    assert trailing.mentions == (Mention(gap - 3, gap),)  # "表示。\n" -> "表示。"
    padded = Doc(make_article("a  b"))  # two spaces inside a paragraph: both go
    assert padded.add(PERSON, KG.date, Literal("z"), [Mention(0, 4)], "x.v1").mentions == (Mention(0, 4),)
    assert padded.add(PERSON, KG.date, Literal("z"), [Mention(1, 4)], "x.v1").mentions == (Mention(3, 4),)
    assert padded.add(PERSON, KG.date, Literal("z"), [Mention(0, 3)], "x.v1").mentions == (Mention(0, 1),)
    kept = doc.add(PERSON, KG.date, Literal("w"), [Mention(0, 4)], "x.v1")
    assert kept.mentions[0] is not None and kept.mentions == (Mention(0, 4),)
    blank = doc.add(PERSON, KG.date, Literal("v"), [Mention(gap, gap + 1)], "x.v1")
    assert blank.mentions == (Mention(gap, gap + 1),)  # a lone line break stays one character, not empty


def test_model_entities_in_a_span_by_kind_in_text_order_longest_first():
    doc = Doc(make_article("林郑月娥和李家超在深圳会面。"))
    lam, lee, sz = Node("person", "林郑月娥"), Node("person", "李家超"), Node("place", "深圳")
    doc.entities += [EntityMention(sz, Mention(9, 11), "深圳"), EntityMention(lee, Mention(5, 8), "李家超"),
                     EntityMention(lam, Mention(0, 4), "林郑月娥"), EntityMention(lam, Mention(0, 2), "林郑")]
    from kg.article import Span

    assert [e.label for e in doc.entities_in(Span(0, 14))] == ["林郑月娥", "林郑", "李家超", "深圳"]
    assert [e.label for e in doc.entities_in(Span(0, 14), ("place",))] == ["深圳"]
    assert [e.label for e in doc.entities_in(Span(5, 8))] == ["李家超"]  # both ends inclusive of the span
    assert doc.entities_in(Span(5, 7)) == []  # a mention reaching past the span is not in it
    assert doc.text(Mention(9, 11)) == "深圳"


def test_model_a_pickled_doc_keeps_its_facts_and_drops_its_tokens():
    doc = Doc(make_article("林郑月娥昨天表示。"))
    doc.add(PERSON, KG.date, Literal("x"), [Mention(0, 4)], "x.v1")
    doc.tokens = (("林郑月娥", "PER"),)
    copy = pickle.loads(pickle.dumps(doc))
    assert copy.tokens == () and copy.facts == doc.facts and copy.article == doc.article
    assert doc.tokens == (("林郑月娥", "PER"),)  # the original keeps them
