"""Corpus-level resolution: one node for a thing that several articles report differently.

Runs after extraction, over every article's facts, before any triple is minted.
Today it joins meetings: a generic "会议" on a day for which the corpus holds
exactly one specific meeting (a video conference, a docking meeting) is that
meeting ("上周二展开了会议" in one article, "周二（2日）…举行视像会议" in another).

The decision needs only a small summary of each article (:func:`meeting_summary`),
so a build can keep summaries of thousands of articles in memory, decide the
aliases once (:func:`meeting_aliases`) and re-render only the articles whose
nodes are renamed (:func:`rename`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from .model import Doc, Fact, Node
from .vocab import KG

__all__ = ["resolve", "meeting_summary", "meeting_aliases", "rename", "MeetingSummary"]

_GENERIC = "meeting"

#: What one article says about its meetings: (node, kinds it gives, full day it gives or "").
MeetingSummary = tuple[tuple[Node, tuple[str, ...], str], ...]


def resolve(docs: list[Doc]) -> None:
    """Rewrite the facts of ``docs`` in place so that equal things share one node."""
    mapping = meeting_aliases(meeting_summary(doc) for doc in docs)
    for doc in docs:
        rename(doc, mapping)


def meeting_summary(doc: Doc) -> MeetingSummary:
    """The article's corpus-level meetings with the kinds and full-day dates it states (sorted)."""
    kinds: dict[Node, set[str]] = defaultdict(set)
    dates: dict[Node, str] = {}
    for fact in doc.facts:
        for node in (fact.subject, fact.object):
            if isinstance(node, Node) and node.kind == "meeting" and not node.scope:
                kinds.setdefault(node, set())
        if fact.subject.kind != "meeting" or fact.subject.scope:
            continue
        if fact.predicate == KG.meetingKind:
            kinds[fact.subject].add(str(fact.object))
        elif fact.predicate == KG.date and len(str(fact.object)) == 10:  # a full day
            dates[fact.subject] = str(fact.object)
    return tuple(sorted((node, tuple(sorted(k)), dates.get(node, "")) for node, k in kinds.items()))


def meeting_aliases(summaries: Iterable[MeetingSummary]) -> dict[Node, Node]:
    """Generic meetings that are the one specific meeting of their day, mapped to it."""
    kinds: dict[Node, set[str]] = defaultdict(set)
    dates: dict[Node, str] = {}
    for summary in summaries:
        for node, node_kinds, day in summary:
            kinds[node].update(node_kinds)
            if day:
                dates[node] = day
    specific_by_day: dict[str, set[Node]] = defaultdict(set)
    for node, day in dates.items():
        if kinds[node] - {_GENERIC, "executive-council", "visit"}:
            specific_by_day[day].add(node)
    mapping = {}
    for node, day in dates.items():
        if kinds[node] == {_GENERIC} and len(specific_by_day[day]) == 1:
            mapping[node] = next(iter(specific_by_day[day]))
    return mapping


def rename(doc: Doc, mapping: dict[Node, Node]) -> bool:
    """Apply ``mapping`` to the facts of ``doc`` in place; True when anything changed."""
    if not mapping:
        return False
    renamed = [_rename(fact, mapping) for fact in doc.facts]
    changed = any(new is not old for new, old in zip(renamed, doc.facts))
    doc.facts = renamed
    return changed


def _rename(fact: Fact, mapping: dict[Node, Node]) -> Fact:
    subject = mapping.get(fact.subject, fact.subject)
    obj = mapping.get(fact.object, fact.object) if isinstance(fact.object, Node) else fact.object
    if subject is fact.subject and obj is fact.object:
        return fact
    return replace(fact, subject=subject, object=obj)
