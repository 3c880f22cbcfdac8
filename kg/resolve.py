"""Corpus-level resolution: one node for a thing that several articles report differently.

Runs after extraction, over every article's facts, before any triple is minted.
Today it joins meetings: a generic "会议" on a day for which the corpus holds
exactly one specific meeting (a video conference, a docking meeting) is that
meeting ("上周二展开了会议" in one article, "周二（2日）…举行视像会议" in another).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from .model import Doc, Fact, Node
from .vocab import KG

__all__ = ["resolve"]

_GENERIC = "meeting"


def resolve(docs: list[Doc]) -> None:
    """Rewrite the facts of ``docs`` in place so that equal things share one node."""
    mapping = _meeting_aliases(docs)
    if not mapping:
        return
    for doc in docs:
        doc.facts = [_rename(fact, mapping) for fact in doc.facts]


def _meeting_aliases(docs: list[Doc]) -> dict[Node, Node]:
    kinds: dict[Node, set[str]] = defaultdict(set)
    dates: dict[Node, str] = {}
    for doc in docs:
        for fact in doc.facts:
            if fact.subject.kind != "meeting" or fact.subject.scope:
                continue
            if fact.predicate == KG.meetingKind:
                kinds[fact.subject].add(str(fact.object))
            elif fact.predicate == KG.date and len(str(fact.object)) == 10:  # a full day
                dates[fact.subject] = str(fact.object)
    specific_by_day: dict[str, set[Node]] = defaultdict(set)
    for node, day in dates.items():
        if kinds[node] - {_GENERIC, "executive-council", "visit"}:
            specific_by_day[day].add(node)
    mapping = {}
    for node, day in dates.items():
        if kinds[node] == {_GENERIC} and len(specific_by_day[day]) == 1:
            mapping[node] = next(iter(specific_by_day[day]))
    return mapping


def _rename(fact: Fact, mapping: dict[Node, Node]) -> Fact:
    subject = mapping.get(fact.subject, fact.subject)
    obj = mapping.get(fact.object, fact.object) if isinstance(fact.object, Node) else fact.object
    if subject is fact.subject and obj is fact.object:
        return fact
    return replace(fact, subject=subject, object=obj)

