"""claims.v1: who said what, through which outlet, how firmly, and when they expect the reopening.

A claim is a sentence with a speaker (a person, a body or an anonymous source
followed by a speech verb) or a cited outlet (据《星岛日报》报道, 根据彭博社引述,
According to Hong Kong media). A claim about the border reopening that names a
time (下月, 12月中旬, 明年2月, 12月10日左右, before 农历新年) is a prediction: it
carries the expected date with its precision and qualifier (a holiday or a dated event sets the
month: 农历新年前 → that month, before; 二十大后 → 2022-10, after). An outlet that reports
("香港经济日报今天报导") is cited, and "报导指出…" later goes on citing it.
"""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from ..dates import TimeExpr, names_a_holiday
from ..knowledge import Knowledge, load_events
from ..model import Doc, Mention, Node
from ..vocab import KG
from . import extractor
from .common import EVENT_AS_TITLE, date_literal, elsewhere, sentence_dates
from .conditions import TOPIC, on_topic
from .patterns import SPEECH_AFTER, SPEECH_VERBS, TIME_WORDS, is_media

NAME = "claims.v1"

_CITE_ZH = re.compile(r"据|根据|引述|引用")
_CITE_EN = re.compile(r"\bAccording to\b|\bciting\b|\breported\b", re.I)
_HEDGE = re.compile(r"可能|有望|极可能|或|估计|预计|料|最快|冀|期望|希望|力争|争取|may|might|could|expected|likely|hope", re.I)
# (豁免检疫 is the exemption some travellers have, not a reopening: "收紧豁免检疫安排")
# (通关 naming something of the crossing is no reopening: "通关高峰期", "通关系统", "通关人次")
_REOPEN = re.compile(r"通关(?!对接|安排|课题|事宜|的讨论|会议|高峰|系统|人次|人数|柜[台位]|时间|流程|手续|效率)|恢复[^，。；]{0,12}往来|口岸[^，。；]{0,8}恢复|重新开放|重开|"
                     r"(?<!豁)免检疫|(?<!豁)免隔离|跨境旅行|customs clearance|reopen", re.I)
# "香港经济日报今天报导": an outlet that reports, named before its verb
_REPORTS = re.compile(rf"{TIME_WORDS}(?:也|又|亦|则|再)?(?:报导|报道|引述|披露|社论|头版)")
# "报导指出，…", "文章同时引述…": the report the article cited last, going on
_THE_REPORT = re.compile(r"(?:该|这篇|有关|上述)?(?:报导|报道|文章|社论)(?:又|还|亦|同时|并|更)?(?:指出|指|称|说|引述|提到|表示|透露)")
# "本月8日起", "明日起", "下周一起": from a day on, as a decided thing is said ("起" after the date)
_FROM_THEN = re.compile(r"\s*起")
# a reopening word the clause takes back: "收紧豁免检疫安排，包括取消…到港后免检疫"
_TAKEN_BACK = re.compile(r"收紧|取消|暂停|叫停")
_EVENT_DAY = re.compile(r"[^，,。；;]{0,3}?(?:开幕|闭幕|召开|举行|举办|登场)")
_AFTER = re.compile(r"后|之后|以来|後|since|after")
_NEAR = 40  # characters between a predicted date and the reopening word
_PRONOUN = re.compile(r"(?:他|她)(?:也|又|亦|还|并|则|再)?(?:表示|说|透露|指|称|认为|强调|提到)|(?:He|She) (?:also )?(?:said|added|noted)")
# "李家超总结大陆专家团四天的行程时说": the speech verb ends a clause about what the speaker was doing
_WHILE_SAYING = re.compile(rf"[^，,。；;：:！？“”「」\n]{{1,24}}?时(?:{SPEECH_VERBS})")
_NEGATION = re.compile(r"不可能|没可能|无可能|难以|无法|不会|不能|未能|机会不大|机会微|机会甚微|渺茫|"
                       r"impossible|unlikely|not (?:be )?(?:possible|expected|likely)|no chance", re.I)
_CLAUSE_END = re.compile(r"[，,。；;！？!?]")
# The reopening this project follows: 通关 says it, other words (重新开放, reopen) need Hong Kong or the mainland
_ASKED = re.compile(r"问及|问到|问起|提问|记者问|被问|asked (?:whether|if|about|when)", re.I)
_EN_SPEECH = re.compile(r"\s+(?:also\s+)?(?:said|says|pointed out|stated|told|added|announced|noted|mentioned)\b")


@extractor(NAME, needs=("person", "org", "source"), adds=("claim",))
def extract_claims(doc: Doc, knowledge: Knowledge) -> None:
    article = doc.article
    text = article.simplified if article.script != "en" else article.text
    reference = article.reference.isoformat() if article.reference else None
    previous_outlet = last_outlet = None
    previous_speaker = None
    topical = on_topic(doc)
    for index, span in enumerate(article.sentences):
        entities = doc.entities_in(span, ("person", "org", "source"))
        outlets = [e for e in entities if is_media(doc, e.node) and _cited(text, span.start, e.mention.start, e.mention.end, article.script)]
        speakers = [e for e in entities if not is_media(doc, e.node) and _speaks(text, e.mention.end, article.script)]
        pronoun = _PRONOUN.match(text, span.start)
        if not speakers and pronoun and previous_speaker is not None and _same_paragraph(article, previous_speaker, span):
            # "他又透露，…": the speaker of the previous sentence in the same paragraph
            speakers = [previous_speaker]
        previous_speaker = speakers[0] if speakers and speakers[0].node.kind == "person" else None
        predictions = _predictions(doc, span, text, reference) if topical else []
        inherited = None
        if not speakers and not outlets and predictions and previous_outlet is not None:
            inherited = previous_outlet  # "According to X, ... . It is expected that ..."
        elif not speakers and not outlets and last_outlet is not None and _THE_REPORT.match(text, span.start):
            inherited = last_outlet  # "报导指出，…": the report cited last, going on
        previous_outlet = outlets[0] if outlets else None
        last_outlet = outlets[0] if outlets else last_outlet
        if not speakers and not outlets and inherited is None and not predictions:
            continue
        claim = Node("claim", f"s{index}", scope=article.id)
        sentence = Mention(span.start, span.end)
        doc.add(claim, RDF.type, KG.Claim, [sentence], NAME)
        doc.add(claim, RDFS.label, Literal(article.text[span.start:span.end][:80], lang=article.script), [sentence], NAME)
        for speaker in speakers[:1]:
            doc.add(claim, KG.speaker, speaker.node, [sentence, speaker.mention], NAME)
            doc.add(claim, KG.anonymous, Literal(speaker.node.kind == "source"), [speaker.mention], NAME)
        for outlet in outlets or ([inherited] if inherited else []):
            doc.add(claim, KG.citedOutlet, outlet.node, [sentence, outlet.mention], NAME)
        said = {e.node for e in speakers[:1]} | {e.node for e in outlets}
        for other in entities:
            if other.node not in said and other.node.kind in ("person", "org"):
                doc.add(claim, KG.about, other.node, [sentence, other.mention], NAME)
        hedge = _HEDGE.search(text, span.start, span.end)
        doc.add(claim, KG.hedged, Literal(bool(hedge)), [Mention(hedge.start(), hedge.end())] if hedge else [sentence], NAME)
        for expr, negation in predictions:  # every date the sentence gives
            evidence = [sentence, Mention(expr.start, expr.end)]
            if negation is not None:  # "年底前不可能通关": that date is ruled out, not predicted
                doc.add(claim, KG.ruledOutReopening, date_literal(expr), evidence + [negation], NAME)
                continue
            if _FROM_THEN.match(text, expr.end) and not _HEDGE.search(text, _clause_start(text, span, expr.start),
                                                                      _clause_end(text, span, expr.end)):
                # "香港明日起与内地全面通关", "本港与内地下周一起全面通关，…难以估计旅客量": decided in its clause
                doc.add(claim, KG.announcedReopening, date_literal(expr), evidence, NAME)
                continue
            doc.add(claim, KG.expectedReopening, date_literal(expr), evidence, NAME)
            doc.add(claim, KG.expectedPrecision, Literal(expr.precision + (f"/{expr.qualifier}" if expr.qualifier else "")), evidence, NAME)
            if article.published is None and article.inferred:  # the year is the corpus's, not the article's
                doc.add(claim, KG.dateInferred, Literal(True), evidence, NAME)


def _same_paragraph(article, speaker, span) -> bool:
    return any(p.start <= speaker.mention.start and span.end <= p.end for p in article.paragraphs)


def _cited(text: str, sentence_start: int, mention_start: int, mention_end: int, script: str) -> bool:
    before = text[max(sentence_start, mention_start - 20): mention_start]
    return bool((_CITE_EN if script == "en" else _CITE_ZH).search(before)) or script != "en" and \
        (text[mention_start - 1: mention_start] == "《" or bool(_REPORTS.match(text, mention_end)))


def _speaks(text: str, end: int, script: str) -> bool:
    if script == "en":
        return bool(_EN_SPEECH.match(text, end))
    return bool(SPEECH_AFTER.match(text, end) or _WHILE_SAYING.match(text, end)) or \
        text.startswith(("的消息称", "的消息指", "的消息说"), end)


def _predictions(doc: Doc, span, text: str, reference: str | None):
    """Future time expressions in a sentence about the reopening, nearest the reopening word first,
    each with the word that rules it out (or None)."""
    # "通关后一星期内" speaks of time after the reopening, not of when it happens
    reopens = [r for r in _REOPEN.finditer(text, span.start, span.end) if not _AFTER.match(text, r.end())
               and not _TAKEN_BACK.search(text, _clause_start(text, span, r.start()), r.start())]
    if reopens and not any(r.group(0).startswith("通关") for r in reopens) and elsewhere(doc, span):
        return []  # "新西兰将于明年2月重新开放边境": another country's reopening, not Hong Kong's
    if not reopens or not TOPIC.search(text, span.start, span.end) or text[span.start:span.end].rstrip().endswith(("？", "?")):
        return []  # (a question predicts nothing: "会否在年底前通关？")
    future = [
        d for d in sentence_dates(doc, span)
        if not EVENT_AS_TITLE.match(text, d.end)  # "行政长官选举答问会": the event names a session, dates nothing
        and (reference is None or d.value.startswith("--") or d.value[:len(reference)] >= reference[:len(d.value)])
    ]
    if reference is not None:
        # a day that has passed is when something was said, not when the border opens
        future = [d for d in future if not (d.precision == "day" and d.value <= reference)]
    # the day an event opens or is held ("20大会议将于本月16日开幕") is that event's, not the reopening's
    future = [d for d in future if not _EVENT_DAY.match(text, d.end)]
    # a date that dates a meeting ("明天举行的对接会议") is not a reopening date
    meeting_dates = {(m.start, m.end) for f in doc.facts if f.subject.kind == "meeting" and f.predicate == KG.date
                     for m in f.mentions}
    future = [d for d in future if (d.start, d.end) not in meeting_dates]
    # a date inside a question put to the speaker ("被问到会否在年底前通关，他说…") is the asker's
    future = [d for d in future if not _ASKED.search(text[_clause_start(text, span, d.start):d.start])]
    # the date must stand near a reopening word: "明年2、3月可以恢复让跨境学童来港" is about schools
    def distance(d):
        return min(abs(d.start - r.start()) for r in reopens)
    near = sorted((d for d in future if distance(d) <= _NEAR), key=distance)
    # "农历新年前通关", "二十大后通关": a holiday or an event sets the month, not the day (the guideline
    # of tests/gold/README.md)
    near = [TimeExpr(d.start, d.end, d.value[:7], "month", d.qualifier)
            if d.precision == "day" and _named(text[d.start:d.end]) else d for d in near]
    return [(d, _negation(text, span, d, min(reopens, key=lambda r: abs(d.start - r.start())))) for d in near]


def _named(words: str) -> bool:
    """Whether a time expression is a holiday or a dated event by name, not a day written as one."""
    return names_a_holiday(words) or any(words.startswith(name) for name in load_events())


def _clause_start(text: str, span, offset: int) -> int:
    ends = [m.end() for m in _CLAUSE_END.finditer(text, span.start, offset)]
    return ends[-1] if ends else span.start


def _clause_end(text: str, span, offset: int) -> int:
    end = _CLAUSE_END.search(text, offset, span.end)
    return end.start() if end else span.end


def _negation(text: str, span, expr, reopen) -> Mention | None:
    """The word that rules a date out ("年底前不可能通关", "难以在农历新年前通关", "通关在年底前机会不大"):
    a negation between the date and the reopening word, or just before or after them, in their clause."""
    start = max(span.start, min(expr.start, reopen.start()) - 6)
    end = min(span.end, max(expr.end, reopen.end()) + 8)
    for clause_end in (m.start() for m in _CLAUSE_END.finditer(text, max(expr.end, reopen.end()), end)):
        end = clause_end
        break
    for clause_start in (m.end() for m in _CLAUSE_END.finditer(text, start, min(expr.start, reopen.start()))):
        start = clause_start
    found = _NEGATION.search(text, start, end)
    return Mention(found.start(), found.end()) if found else None

