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
