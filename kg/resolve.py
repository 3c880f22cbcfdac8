"""Corpus-level resolution: one node for a thing that several articles report differently.

Runs after extraction, over every article's facts, before any triple is minted.
Today it joins meetings: a generic "会议" on a day for which the corpus holds
exactly one specific meeting (a video conference, a docking meeting) is that
meeting ("上周二展开了会议" in one article, "周二（2日）…举行视像会议" in another).

It also dates an article that has no publication date when the corpus can: a meeting it
reports with a day but no year ("on the 14th", --12-14) that belongs to a counted series other
articles date (the third docking meeting, after a second one on 2021-11-25) is on the first such
day after the series' previous meeting (2021-12-14); the article is then read again against that
day (:func:`inferred_days`, and ``Article.inferred``), its dates marked ``kg:dateInferred``.

The decision needs only a small summary of each article (:func:`meeting_summary`),
so a build can keep summaries of thousands of articles in memory, decide the
aliases once (:func:`meeting_aliases`) and re-render only the articles whose
nodes are renamed (:func:`rename`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date

from .model import Doc, Fact, Node
from .vocab import KG

__all__ = ["resolve", "meeting_summary", "meeting_aliases", "inferred_days", "read_again", "rename", "MeetingSummary"]

_GENERIC = "meeting"

#: What one article says about its meetings: (node, kinds it gives, day it gives or ""): a full day,
#: or a day without a year (--12-14) from an article with no publication date.
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
        elif fact.predicate == KG.date and (len(str(fact.object)) == 10 or _MONTH_DAY.match(str(fact.object))):
            dates[fact.subject] = str(fact.object)  # a full day, or a day whose year is not known
    return tuple(sorted((node, tuple(sorted(k)), dates.get(node, "")) for node, k in kinds.items()))


def meeting_aliases(summaries: Iterable[MeetingSummary]) -> dict[Node, Node]:
    """Generic meetings that are the one specific meeting of their day, mapped to it."""
    kinds: dict[Node, set[str]] = defaultdict(set)
    dates: dict[Node, str] = {}
    for summary in summaries:
        for node, node_kinds, day in summary:
            kinds[node].update(node_kinds)
            if day and (node not in dates or not _MONTH_DAY.match(day)):  # a full day wins
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


_MONTH_DAY = re.compile(r"--(\d\d)-(\d\d)$")
_SERIES = re.compile(r"(.+)-(\d+)$")  # docking-3: the corpus-wide key of a counted meeting


def inferred_days(summaries: Mapping[str, MeetingSummary]) -> dict[str, date]:
    """For articles (by key) that date a counted meeting without a year: the day the corpus dates them to.

    The series' meeting before it that some article dates (docking-2 on 2021-11-25) gives the year:
    the meeting is on the first such day after it (--12-14 -> 2021-12-14), unless an article gives
    the meeting itself a full day. The article's day is the latest of its meetings'.
    """
    full: dict[Node, date] = {}
    for summary in summaries.values():
        for node, _, day in summary:
            if len(day) == 10:
                full[node] = max(full.get(node, date.min), date.fromisoformat(day))
    out: dict[str, date] = {}
    for key, summary in summaries.items():
        days = []
        for node, _, day in summary:
            month_day, series = _MONTH_DAY.match(day), _SERIES.match(node.key)
            if not month_day or node.scope:
                continue
            if node in full:
                days.append(full[node])
                continue
            if not series:
                continue
            before = [(int(s[2]), d) for n, d in full.items() if not n.scope and (s := _SERIES.match(n.key))
                      and s[1] == series[1] and int(s[2]) < int(series[2])]
            if before:
                anchor = max(before)[1]
                month, day_of_month = int(month_day[1]), int(month_day[2])
                for year in (anchor.year, anchor.year + 1):
                    try:
                        candidate = date(year, month, day_of_month)
                    except ValueError:
                        continue  # --02-29 of a common year
                    if candidate > anchor:
                        days.append(candidate)
                        break
        if days:
            out[key] = max(days)
    return out


def read_again(doc: Doc, day: date, pipeline) -> Doc:
    """The undated article of ``doc`` extracted again against the day the corpus dates it to."""
    from .extractors import run_pipeline  # (the extractors are not needed to decide resolution)
    from .knowledge import load_knowledge

    return run_pipeline(replace(doc.article, inferred=day), load_knowledge(), pipeline)


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
