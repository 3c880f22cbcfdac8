"""meetings.v1: meetings, video conferences and visits, with date, place, participants.

A meeting is a trigger word (对接会议, 视像会议, 会议, 会面, 访港, meeting, talks,
"went to X to discuss") with a resolved date in the same sentence. The same
meeting mentioned twice in an article is one node: docking meetings are keyed by
their ordinal (第二次) when they have one, other meetings by date and kind.
"""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from ..knowledge import Knowledge
from ..model import Doc, Mention, Node
from ..vocab import KG
from . import extractor
from .conditions import on_topic
from .patterns import SPEECH_VERBS, is_media
from .common import clause_of, date_literal, nearest, sentence_dates

NAME = "meetings.v1"

_ZH_TRIGGER = re.compile(
    r"(?:第([一二三四五六七八九十\d]+)次的?(?:[\u4e00-\u9fff]{0,12}?))?(通关)?"
    r"(对接会议|视像会议|视频会议|视讯会议|在线会议|行政会议|会议|会面|会晤|访港行程|访港|考察|视频交流)"
)
_EN_TRIGGER = re.compile(
    r"\b(?:the )?(first|second|third|fourth|fifth)?\s*(?:customs clearance |matchmaking |docking |video |executive )?"
    r"(meeting|conference|talks)\b|\bwent to (?P<place>[A-Z][a-z]+)(?= .{0,30}\bto discuss)",
    re.I,
)
_ORDINALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_NOT_MEETING = re.compile(r"会议厅|会议室|会议员|会议中心|行政会议成员|举行会议的|开会")
_SPEECH = re.compile(rf"{SPEECH_VERBS}|said|says|told|announced|confirmed")
_LEADS = re.compile(r"(?:今日|今天|昨天|昨日|明天|将)?率(?:团|领|队)")
_LEAD_CLAUSE = re.compile(r"率团|率领|率队|led by")
_HELD = re.compile(r"举行|召开|展开|开了|已经?再次|举办|held|met\b")
_PLANNED = re.compile(r"将|将于|计划|拟|准备|希望|will|plans? to|is to")


@extractor(NAME, needs=("person", "org", "place"), adds=("meeting",))
def extract_meetings(doc: Doc, knowledge: Knowledge) -> None:
    article = doc.article
    if not on_topic(doc):
        return  # meetings of the border story only; other politics is out of scope
    text = article.simplified if article.script != "en" else article.text
    trigger = _ZH_TRIGGER if article.script != "en" else _EN_TRIGGER
    found = []  # (kind, ordinal, date, sentence, clause, trigger mention)
    for span in article.sentences:
        dates = sentence_dates(doc, span)
        for match in trigger.finditer(text, span.start, span.end):
            if _NOT_MEETING.search(text, max(span.start, match.start() - 1), min(span.end, match.end() + 2)):
                continue
            kind, ordinal = _kind(match, article.script)
            clause = clause_of(doc, span, match.start())
            # Only a date in the meeting's own clause dates it: in "发言人昨天证实，…已举行会议"
            # yesterday is when it was confirmed, not when they met.
            when = nearest([d for d in dates if clause.start <= d.start < clause.end], match.start())
            if when is None:
                # "李家超今日率团，在深圳…举行会议": an earlier date of the same sentence, unless a
                # speech verb stands between (then it dates the saying)
                before = nearest([d for d in dates if d.end <= match.start()], match.start(), before_only=True)
                if before is not None and not _SPEECH.search(text, before.end, match.start()):
                    when = before
            if when is None and not ordinal and not _HELD.search(text, clause.start, clause.end):
                continue  # neither dated, counted nor said to take place: a word, not a meeting
            found.append((kind, ordinal, when, span, clause, Mention(match.start(), match.end())))
    # One docking meeting per date: "明天举行的对接会议" is the "第二次对接会议" of the same day.
    ordinal_by_date = {(k, w.value): o for k, o, w, *_ in found if o and w}
    # An article that counts meetings ("the third customs clearance meeting") without dating them,
    # and reports one dated meeting ("went to Shenzhen on the 14th"), reports the newest one it counts.
    undated = [o for k, o, w, *_ in found if o and not w and k == "docking"]
    dated = {w.value for k, o, w, *_ in found if w and not o and k in ("visit", "meeting", "docking")}
    newest = max(undated) if undated and len(dated) == 1 else None
    resolved = []
    for kind, ordinal, when, span, clause, trigger_m in found:
        if newest and when and not ordinal and kind in ("visit", "meeting", "docking"):
            kind, ordinal = "docking", newest
        if newest and ordinal == newest and not when:
            when = next(w for k, o, w, *_ in found if w and not o and k in ("visit", "meeting", "docking"))
        ordinal = ordinal or (ordinal_by_date.get((kind, when.value)) if when else None)
        resolved.append((kind, ordinal, when, span, clause, trigger_m))
    named = {key for k, o, w, *_ in resolved if (key := _key(k, o, w))}
    for kind, ordinal, when, span, clause, trigger_m in resolved:
        key = _key(kind, ordinal, when)
        if key:
            meeting = Node("meeting", key)
        elif len(named) == 1 and kind in ("meeting", "docking") and not ordinal:
            # "在会议中达成共识": the one meeting the article dates or counts
            meeting = Node("meeting", next(iter(named)))
        else:
            # neither dated nor one of the counted docking series ("期望争取开第二次会议": second of
            # what?), though said to take place or counted: a meeting of this article only
            meeting = Node("meeting", kind + (f"-{ordinal}" if ordinal else ""), scope=article.id)
        _emit(doc, meeting, kind, ordinal, when, span, clause, trigger_m, text)


def _key(kind: str, ordinal: int | None, when) -> str | None:
    """The corpus-wide key of a meeting (one node across articles), or None if only its article can
    tell it apart: docking meetings by ordinal, others by date and kind (and ordinal, if counted)."""
    if ordinal and kind == "docking":
        return f"{kind}-{ordinal}"
    if when is None:
        return None
    return f"{when.value}_{kind}" + (f"-{ordinal}" if ordinal else "")


def _emit(doc, meeting, kind, ordinal, when, span, clause, trigger_m, text) -> None:
    article = doc.article
    reference = article.published.date() if article.published else None
    evidence = [trigger_m] + ([Mention(when.start, when.end)] if when else [])
    doc.add(meeting, RDF.type, KG.Meeting, evidence, NAME)
    doc.add(meeting, RDFS.label, Literal(doc.text(trigger_m), lang=_lang(article)), [trigger_m], NAME)
    doc.add(meeting, KG.meetingKind, Literal(kind), [trigger_m], NAME)
    if ordinal:
        doc.add(meeting, KG.ordinal, Literal(ordinal, datatype=XSD.integer), [trigger_m], NAME)
    if when:
        doc.add(meeting, KG.date, date_literal(when), evidence, NAME)
        doc.add(meeting, KG.datePrecision, Literal(when.precision), evidence, NAME)
        future = reference is not None and when.precision == "day" and when.value > reference.isoformat()
        status = "planned" if future or _PLANNED.search(text, clause.start, trigger_m.start) else "held"
        doc.add(meeting, KG.status, Literal(status), evidence, NAME)
    _participants(doc, span, clause, meeting, trigger_m)


def _kind(match, script: str) -> tuple[str, int | None]:
    if script == "en":
        ordinal = _ORDINALS.get((match.group(1) or "").lower())
        words = match.group(0).lower()
        if "went to" in words:
            return "visit", None
        kind = "docking" if ("customs clearance" in words or "matchmaking" in words or "docking" in words) else \
            "video" if "video" in words else "executive-council" if "executive" in words else "meeting"
        return kind, ordinal
    raw_ordinal, word = match.group(1), match.group(3)
    ordinal = (int(raw_ordinal) if raw_ordinal.isdigit() else _ORDINALS.get(raw_ordinal)) if raw_ordinal else None
    if word == "对接会议" or (match.group(2) and word == "会议"):
        return "docking", ordinal
    if word in ("视像会议", "视频会议", "视讯会议", "在线会议", "视频交流"):
        return "video", ordinal
    if word == "行政会议":
        return "executive-council", ordinal
    if word in ("访港行程", "访港", "考察"):
        return "visit", ordinal
    return "meeting", ordinal


def _participants(doc: Doc, sentence, clause, meeting: Node, trigger: Mention) -> None:
    """Participants, leader and venue: from the meeting's clause and a following 率团 clause."""
    text = doc.article.simplified
    place_found = False
    entities = doc.entities_in(clause)
    lead = _LEAD_CLAUSE.search(text, clause.end, sentence.end)
    if lead:
        entities += doc.entities_in(clause_of(doc, sentence, lead.start()))
    # the subject of the sentence ("李家超今日率领…，在深圳与…举行会议"), unless it only reports it
    if not _SPEECH.search(text, sentence.start, clause.start):
        entities = doc.entities_in(type(clause)(sentence.start, clause.start)) + entities
    for em in entities:
        evidence = [trigger, em.mention]
        if em.node.kind == "place":
            # 在深圳举行 / went to Shenzhen / in Shenzhen: a place right before the verb is the venue
            before = text[max(sentence.start, em.mention.start - 3): em.mention.start]
            if not place_found and (before.endswith(("在", "到", "赴", "于")) or before.endswith(("to ", "in "))):
                doc.add(meeting, KG.place, em.node, evidence, NAME)
                place_found = True
        elif em.node.kind in ("person", "org") and not is_media(doc, em.node):
            doc.add(meeting, KG.participant, em.node, evidence, NAME)
            if _LEADS.match(text, em.mention.end) or text[max(0, em.mention.start - 7): em.mention.start].endswith("led by "):
                doc.add(meeting, KG.ledBy, em.node, evidence, NAME)



def _lang(article) -> str:
    return "en" if article.script == "en" else article.script
