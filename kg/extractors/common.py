"""Helpers the event extractors share: clauses, dates of a sentence, literals."""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import XSD

from ..article import Span
from ..dates import TimeExpr, find_dates
from ..knowledge import load_events
from ..model import Doc

_CLAUSE = re.compile(r"[，,；;：:]")

DATATYPES = {"day": XSD.date, "month": XSD.gYearMonth, "monthday": XSD.gMonthDay, "gmonth": XSD.gMonth,
             "quarter": XSD.string}


# A named event in the name of something else dates nothing: "行政长官选举候选人", "选举答问会"
EVENT_AS_TITLE = re.compile(r"(?:唯一)?(?:候选人|当选人|参选人)|答问会|辩论会|选委")
# A dateline's date: "【共同社华盛顿11月19日电】", "路透莫斯科11月10日 - ": when the report was filed.
_DATELINE = re.compile(r"电|\s*[-–—]\s")


def sentence_dates(doc: Doc, span: Span) -> list[TimeExpr]:
    """Time expressions of one sentence, with offsets in the article (not a dateline's: it dates the
    report, not anything the sentence tells)."""
    reference = doc.article.reference
    text = doc.article.simplified[span.start : span.end]
    return [
        TimeExpr(e.start + span.start, e.end + span.start, e.value, e.precision, e.qualifier)
        for e in find_dates(text, reference, context=doc.article.text, events=load_events())
        if not _DATELINE.match(text, e.end)
    ]


# Hong Kong and the mainland, the two sides of this story's border (Taiwan, a place of the gazetteer,
# is not one of them)
_OTHER_SIDES = {"台湾"}
_OURS = re.compile(r"香港|港府|本港|[来回访赴抵离]港|港人|特区|内地|大陆|两地|深圳|广东|粤港|陆港|中港|Hong Kong|HK|mainland", re.I)


def elsewhere(doc: Doc, span: Span) -> bool:
    """Whether the sentence is about a place outside this story: it names one (a location the labeller
    tags that is not in the place gazetteer of Hong Kong and the mainland, or Taiwan) and neither Hong
    Kong nor the mainland ("新西兰将于明年2月重新开放边境", "台湾最快3月开放边境")."""
    if ours(doc, span):
        return False
    places = doc.entities_in(span, ("place",))
    return any(e.node.key in _OTHER_SIDES for e in places) or any(
        t.tag == "LOC" and span.start <= t.start and t.end <= span.end and t.end - t.start > 1 and
        not any(e.mention.start < t.end and t.start < e.mention.end for e in places)
        for t in doc.tokens)


def ours(doc: Doc, span: Span) -> bool:
    """Whether the sentence names Hong Kong or the mainland (in words, or a place of the gazetteer)."""
    return bool(_OURS.search(doc.article.simplified, span.start, span.end)) or any(
        e.node.key not in _OTHER_SIDES for e in doc.entities_in(span, ("place",)))


def clause_of(doc: Doc, span: Span, offset: int) -> Span:
    """The clause (between commas or semicolons) of ``span`` that holds ``offset``."""
    text = doc.article.simplified
    start, end = span.start, span.end
    for match in _CLAUSE.finditer(text, span.start, span.end):
        if match.end() <= offset:
            start = match.end()
        elif match.start() >= offset:
            end = match.start()
            break
    return Span(start, end)


def date_literal(expr: TimeExpr) -> Literal:
    return Literal(expr.value, datatype=DATATYPES[expr.precision])


def nearest(items, offset: int, before_only: bool = False):
    """The item whose start is closest to ``offset`` (preceding ones first when tied)."""
    candidates = [i for i in items if not before_only or i.start <= offset]
    if not candidates:
        return None
    return min(candidates, key=lambda i: (abs(i.start - offset), i.start > offset))
