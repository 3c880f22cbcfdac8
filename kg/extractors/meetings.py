"""meetings.v2: meetings, video conferences, visits and conferences, with date, place, participants.

A meeting is a trigger of the language, in Simplified/Traditional Chinese (read on the
Simplified copy) or English: a meeting noun (对接会议, 视像会议, 会议, 峰会, 论坛, meeting, summit),
a meeting verb (会见, 接见, 会晤, 会面, 会谈; "A met B"; "与B商讨/讨论/交流/见面/磋商/谈判"), a visit (述职,
访京, 出访, 访问 a place, 视察; "my visit to", "led a delegation to", "went to X to discuss"). Every
trigger is checked for its other senses (会议厅, 行政会议成员, 访问网站, 接受访问, 文化交流活动, 简报会议,
代表大会, "talks about", "meeting the needs", "press conference") and for what is not a meeting held:
a telephone call (电话会谈), a denied one (未出国访问), one only needed or supposed (需要进行会谈, 如果),
an inspection of a facility where no one is met (视察口岸). The bare nouns (会议, 考察, meeting, talks)
count only when the sentence dates them, counts them (第二次, 第5轮) or says they take place (举行,
held; 出席 unless it only sets the scene of a remark: 出席行政会议前说); the verbs and named events
count as they are. The meeting's own clause dates it, else an earlier date of the sentence with no
speech verb between, else the next clause's "明早举行"; never a dateline's date. Its status is held,
planned (a later day or month, 将), postponed (押后, 延期) or cancelled (取消).

Meetings are found in every article. The border story's meetings keep corpus-wide keys (docking
meetings by ordinal, others by date and kind), so two articles reporting one meeting give one node;
any other dated meeting is keyed by date, kind and the people in it, so two meetings of one day in
different stories stay apart (with nobody named, it is the article's meeting of named people on that
day, if there is one); an undated one belongs to its article. One clause gives one meeting
(会见来京述职的 is one meeting, not two).
"""

from __future__ import annotations

import re
from datetime import date

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, XSD

from ..article import Span
from ..knowledge import Knowledge
from ..dates import TimeExpr
from ..model import Doc, Mention, Node
from ..vocab import KG
from . import extractor
from .conditions import on_topic
from .patterns import SPEECH_VERBS, is_media
from .common import EVENT_AS_TITLE, clause_of, date_literal, nearest, sentence_dates

NAME = "meetings.v2"

_ZH_TRIGGER = re.compile(
    r"(?:第([一二三四五六七八九十\d]+)[次轮届]的?(?:[\u4e00-\u9fff]{0,12}?))?(通关)?"
    r"(对接会议|视像会议|视频会议|视讯会议|在线会议|网上会议|行政会议|交流会|座谈会|研讨会|峰会|论坛|(?<!人)大会|会议|"
    r"会面|会晤|会见|接见|会谈|见面|访港行程|访港|访京|访华|出访|到访|访问|述职|考察|视察|视频交流|商讨|讨论|交流|"
    r"磋商|会商|谈判)"
)
# Case-insensitive words, case-sensitive names: "met Vice Premier Han Zheng", not "met with our programme".
_EN_TRIGGER = re.compile(
    r"\b(?i:(?:the )?(first|second|third|fourth|fifth)?\s*(?:customs clearance |matchmaking |docking |video |"
    r"executive |plenary |annual )?(meeting|conference|talks|summit|forum|seminar)s?)\b"
    r"|\b(?i:went) to (?P<place>[A-Z][a-z]+)(?= .{0,30}\bto discuss)"
    r"|\b(?P<met>(?i:met|meets?))(?: with)? (?=(?:the |senior |state |local |government |business )?"
    r"(?:[A-Z]|leaders|officials|representatives|members|ministers|delegat))"
    r"|\b(?P<visit>(?i:paid an? (?:[a-z-]+ )?visit|visit(?:s|ed|ing)?))(?: to)? (?=[A-Z])"
    r"|\b(?P<delegation>(?i:(?:lead|leads|led|leading) (?:a|the|an) (?:[a-zA-Z-]+ ){0,3}delegation))\b",
)
_ORDINALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
# Words of v1, whose meetings in border articles keep their corpus-wide keys.
_V1_WORDS = {"对接会议", "视像会议", "视频会议", "视讯会议", "在线会议", "行政会议", "会议", "会面", "会晤", "访港行程",
             "访港", "考察", "视频交流", "meeting", "conference", "talks", "went to"}
# Bare nouns: a meeting only when dated, counted or said to take place.
_WEAK = {"对接会议", "视像会议", "视频会议", "视讯会议", "在线会议", "网上会议", "行政会议", "会议", "考察", "大会",
         "访港行程", "访港", "视频交流", "meeting", "conference", "talks"}
_MEETING_VERBS = {"会见", "接见", "会晤", "会面", "会谈", "met"}
_VISIT = {"访港行程", "访港", "访京", "访华", "出访", "到访", "访问", "述职", "考察", "视察"}
_CONFERENCE = {"交流会", "座谈会", "研讨会", "峰会", "论坛", "大会", "summit", "forum", "seminar"}
# 商讨, 讨论, 交流, 见面, 磋商, 谈判 are a meeting only with whom: "与张新商讨", "和港区人大代表交流",
# "曾与普京见面", "恢复与各大国之间的谈判".
_WITH_WHOM = {"商讨", "讨论", "交流", "见面", "磋商", "会商", "谈判"}
_WITH = re.compile(r"[与和同跟][^，,；;。]{1,24}?(?:进行|展开|开展|举行|就[^，,；;。]{1,20}?)?$")
# Talks going on, not a meeting: "大陆当局和港府都十分积极磋商", "一直与内地密切商讨"
_ONGOING = re.compile(r"(?:积极|正在|持续|一直|不断|密切|多次|反复)$")
# whom may be set off by a comma: "并与包括陈肇始在内，负责防疫工作的官员见面交流"
_WITH_APART = re.compile(r"[与和同跟](?:包括)?[^，,；;。]{1,24}?在内[，,][^，,；;。]{1,24}?$")

# The trigger in another sense, checked on the characters around it.
_NOT_MEETING = re.compile(r"会议厅|会议室|会议员|会议中心|会议展览|会议(?:非官守|官守)?(?:成员|召集人)|举行会议的|开会(?!议)|会议记录|社会面|"
                          r"(?:追悼|悼念|追思|庆祝|颁奖|誓师)(?:大会|会)|"  # a funeral or a ceremony: no one meets to talk
                          r"简报会|代表大会|[\d一二三四五六七八九十]大会议|"  # a briefing; a party congress's sitting
                          r"见面会|谈判桌")
_NOT_AFTER = {
    "会面": re.compile(r"[对临]"),  # 会面对 / 会面临: 会 (will) + 面对 (face)
    "会见": re.compile(r"[到得效]|传媒|记者|媒体"),  # 会见到 (will see); 会见传媒 is a press conference
    "会谈": re.compile(r"[及到论起判]"),  # 会谈及 (will touch on), 入会谈判 (accession talks)
    "大会": re.compile(r"[堂议]"),  # 人民大会堂 is a hall
    "论坛": re.compile(r"报|上[发留]|帖|网"),  # 论坛报 (a newspaper), 论坛上发帖 (a web forum)
    "访港": re.compile(r"[^，,。]{0,4}?(?:旅客|游客|陆客|人[次数]|客)"),  # 访港外地旅客: tourists
    "到访": re.compile(r"[^，,。]{0,4}?(?:旅客|游客|陆客|人[次数]|客)|率|量|记录"),
    "交流": re.compile(r"活动|合作|平台|机制|方面|渠道|计划|交锋|频繁|[团营]"),
    "讨论": re.compile(r"区|度|热"),
    "考察": re.compile(r"了解|研究"),
}
_NOT_BEFORE = re.compile(r"(?<!之间)的$|受$|接受[^，,；;。]{0,20}$|电话$|民意$|文化$|学术$|人文$|经贸$|民间$")
# By telephone, no one meets: "电话会谈", "在电话交谈中讨论", "通电话"
_BY_PHONE = re.compile(r"(?:电话|通话|致电)[^，,；;。]{0,6}$")
# A meeting that did not take place: "已近2年未出国访问", "从未与他会面"
_NEGATED = re.compile(r"(?:(?<![从并尚])未(?!来)|从未|并未|没有?|不曾)[^，,；;。]{0,4}$")
# A meeting someone needs or would hold if…, not one that is held or planned: "认为需要进行会谈"
_WISHED = re.compile(r"(?:需要|必须|应该|应当)(?:尽快|再)?(?:进行|举行|召开|展开)?[^，,；;。]{0,4}$|如果|倘若|假如|一旦")
# An inspection of a facility: "视察紧急交通事故协调中心", "到罗湖口岸视察", "到访医院、诊所": no one met
_FACILITY = re.compile(r"医院|诊所|药房|学校|中心|口岸|管制站|机场|码头|工地|设施|社区|院舍|酒店|工厂|实验室|隔离营|检疫")
# A visit that may happen, not one that did: "能够让他们到内地视察", "将会跟…商讨"
_HYPOTHETICAL = re.compile(r"让|能够|可以|必须|需要|如果|若|倘|将会|[会要应可能]$|应该$")
_EN_NOT = re.compile(r"press conference|news conference|conference (?:room|hall|cent(?:re|er)|call)|"
                     r"meeting (?:room|hall)", re.I)
_EN_VERB_MEETING = re.compile(r"\s(?:the|their|its|our|all|these|those|this|that|demand|needs|targets?|"
                              r"requirements?|expectations?)\b", re.I)
_EN_NOUN_BEFORE = re.compile(r"\b(?:the|a|an|our|my|his|her|their|this|that|its|first|second|third|plenary|"
                             r"annual|video|executive)\s+$", re.I)
_EN_TOURIST = re.compile(r"tourists?|travell?ers?|visitors?|residents|people|passengers|you|we want|to$",
                         re.I)
_SPEECH = re.compile(rf"{SPEECH_VERBS}|告诉|告知|披露|报道|报导|said|says|told|announced|confirmed")
# The next clause says when it is held: "习近平与拜登的视像会议，本港时间明早举行"
_HELD_NEXT = re.compile(r"[^，,；;。]{0,3}?(?:举行|召开|进行|登场|开幕)")
_LEADS = re.compile(r"(?:今日|今天|昨天|昨日|明天|将)?率(?:团|领|队)")
_LEAD_CLAUSE = re.compile(r"率团|率领|率队|led by")
_HELD = re.compile(r"举行|召开|展开|开了|已经?再次|举办|主持|held|met\b|attended|chaired")
# Attended, so held: "到深圳出席专家对接会议"; not a setting for what someone said before or after
# ("出席行政会议前说", "出席有关航天城的论坛后说")
_ATTENDED = re.compile(r"出席|参加|列席|参与")
_SETTING = re.compile(r"[^，,；;。]{0,2}?[前后](?:[^，,；;。]{0,12}?(?:表示|说|指|称|回应|接受))?")
_CALLED_OFF = re.compile(r"(?<!不会)(?<!未)(?:取消|推迟|延期|押后|改期|叫停|告吹|cancell?ed|called off|postponed|delayed)", re.I)
_PLANNED = re.compile(r"将|将于|计划|拟|准备|希望|will|plans? to|is to")


@extractor(NAME, needs=("person", "org", "place"), adds=("meeting",))
def extract_meetings(doc: Doc, knowledge: Knowledge) -> None:
    article = doc.article
    border = on_topic(doc)  # the border story's meetings keep corpus-wide keys; others are told apart
    english = article.script == "en"
    text = article.text if english else article.simplified
    found = []  # (kind, ordinal, date, sentence, clause, trigger mention, word)
    for span in article.sentences:
        dates = sentence_dates(doc, span)
        clauses_taken: dict[int, int] = {}  # clause start -> index in found: one meeting per clause
        for match in (_EN_TRIGGER if english else _ZH_TRIGGER).finditer(text, span.start, span.end):
            word = _word(match, english)
            start, end = match.start(_group(match, english)), match.end(_group(match, english))
            if not _is_meeting(doc, text, span, match, word, start, end, english):
                continue
            kind, ordinal = _kind(match, english)
            clause = clause_of(doc, span, start)
            # Only a date in the meeting's own clause dates it: in "发言人昨天证实，…已举行会议"
            # yesterday is when it was confirmed, not when they met.
            # (a date written as one, or an event that dates it; not an event in a title: 选举候选人)
            # (nor the date of another event the meeting is counted from: "拜登1月底就任后…第3次视讯会议")
            when = nearest([d for d in dates if clause.start <= d.start < clause.end and
                            not EVENT_AS_TITLE.match(text, d.end) and not _SINCE_EVENT.match(text, d.end)],
                           start)
            if when is None and not english:
                when = _bare_day(doc, text, clause, start)
            if when is None:
                # "李家超今日率团，在深圳…举行会议": an earlier date of the same sentence, unless a
                # speech verb stands between (then it dates the saying)
                before = nearest([d for d in dates if d.end <= start and not _SINCE_EVENT.match(text, d.end)],
                                 start, before_only=True)
                # (a date written as one, not an event's name: "行政长官选举唯一候选人" dates no meeting)
                if before is not None and not _SPEECH.search(text, before.end, start) and \
                        re.search(r"[\d日月天周年]|day|week|month|year", text[before.start:before.end], re.I):
                    when = before
            if when is None and clause.end < span.end:
                following = clause_of(doc, span, clause.end + 1)
                when = next((d for d in dates if following.start <= d.start < following.end and
                             _HELD_NEXT.match(text, d.end, following.end)), None)
            trigger_m = Mention(match.start(), match.end())
            held = _HELD.search(text, clause.start, clause.end) or (
                _ATTENDED.search(text, clause.start, start) and not _SETTING.match(text, match.end()))
            if when is None and not ordinal and not held and (
                    word in _WEAK or not _names_someone(doc, span, clause, trigger_m)):
                continue  # neither dated, counted, said to take place nor between people: a word, not a meeting
            if when is None and not english:
                when = _part_of_today(doc, text, span, clause)
            entry = (kind, ordinal, when, span, clause, trigger_m, word)
            if clause.start in clauses_taken:
                taken = found[clauses_taken[clause.start]]
                if (ordinal and not taken[1]) or _rank(word) < _rank(taken[6]):
                    # the counted one, or the one that says who met whom, names the clause's meeting
                    found[clauses_taken[clause.start]] = entry
                continue
            clauses_taken[clause.start] = len(found)
            found.append(entry)
    # A visit whose next clause says whom the visitor met is that meeting ("尼克森访问中国，会见毛泽东"): one.
    found = [entry for i, entry in enumerate(found)
             if not (entry[6] in _VISIT and i + 1 < len(found) and found[i + 1][6] in _MEETING_VERBS and
                     found[i + 1][3] is entry[3] and text[entry[4].end:found[i + 1][4].start].strip() in ("，", ",", "") and
                     (found[i + 1][2] is None or entry[2] is None or found[i + 1][2].value == entry[2].value))]
    # One docking meeting per date: "明天举行的对接会议" is the "第二次对接会议" of the same day.
    ordinal_by_date = {(k, w.value): o for k, o, w, *_ in found if o and w}
    # An article that counts meetings ("the third customs clearance meeting") without dating them,
    # and reports one dated meeting ("went to Shenzhen on the 14th"), reports the newest one it counts.
    undated = [o for k, o, w, *_ in found if o and not w and k == "docking"]
    dated = {w.value for k, o, w, *_ in found if w and not o and k in ("visit", "meeting", "docking")}
    newest = max(undated) if undated and len(dated) == 1 else None
    resolved = []
    for kind, ordinal, when, span, clause, trigger_m, word in found:
        if newest and when and not ordinal and kind in ("visit", "meeting", "docking"):
            kind, ordinal = "docking", newest
        if newest and ordinal == newest and not when:
            when = next(w for k, o, w, *_ in found if w and not o and k in ("visit", "meeting", "docking"))
        ordinal = ordinal or (ordinal_by_date.get((kind, when.value)) if when else None)
        resolved.append((kind, ordinal, when, span, clause, trigger_m, word))
    keyed = []
    for kind, ordinal, when, span, clause, trigger_m, word in resolved:
        people = _participants(doc, span, clause, trigger_m)
        corpus_wide = border and word in _V1_WORDS
        keyed.append((_key(kind, ordinal, when, people, corpus_wide), kind, ordinal, when, span, clause, trigger_m,
                      people, corpus_wide))
    named = {key for key, _, o, w, *rest in keyed if key and rest[-1]}
    dated_by_kind: dict[tuple[str, str], set[Node]] = {}  # the article's own dated meetings, by kind and word
    with_someone: list[tuple[str, Node]] = []  # and those of them with a participant, by date
    for key, kind, ordinal, when, span, clause, trigger_m, people, corpus_wide in keyed:
        if when and not corpus_wide:
            node = Node("meeting", key) if key else \
                Node("meeting", f"{when.value}_{kind}" + (f"-{ordinal}" if ordinal else ""), scope=article.id)
            dated_by_kind.setdefault((kind, _label(doc, trigger_m)), set()).add(node)
            if _anyone(people):
                with_someone.append((when.value, node))
    for key, kind, ordinal, when, span, clause, trigger_m, people, corpus_wide in keyed:
        if key:
            meeting = Node("meeting", key)
        elif corpus_wide and len(named) == 1 and kind in ("meeting", "docking") and not ordinal:
            # "在会议中达成共识": the one meeting the article dates or counts
            meeting = Node("meeting", next(iter(named)))
        elif not corpus_wide and len(same := _same_people(keyed, people)) == 1:
            # "李克强接见林郑月娥时表示": the dated meeting of the same people, told again
            meeting = Node("meeting", same.pop())
        elif not corpus_wide and when and not _anyone(people) and len(same := {
                node for day, node in with_someone if day.startswith(when.value) or when.value.startswith(day)}) == 1:
            # "领导人将于12月中旬在布鲁塞尔会晤": nobody named, on the day (or in the month) of a meeting
            # with named parties the article reports ("欧盟…会议将于下月15日在布鲁塞尔举行"): that meeting
            meeting = same.pop()
        elif not corpus_wide and not when and not _persons(people) and \
                len(dated_by_kind.get((kind, _label(doc, trigger_m)), ())) == 1:
            # "第89届大会星期二开幕…由于大会将选举": the article's one dated meeting of that word, named again
            meeting = next(iter(dated_by_kind[(kind, _label(doc, trigger_m))]))
        else:
            # neither dated nor one of the counted docking series ("期望争取开第二次会议": second of
            # what?), though said to take place or counted: a meeting of this article only
            local = (f"{when.value}_" if when else "") + kind + (f"-{ordinal}" if ordinal else "")
            meeting = Node("meeting", local, scope=article.id)
        _emit(doc, meeting, kind, ordinal, when, clause, trigger_m, text, people)


_BARE_DAY = re.compile(r"(?<![\d月号日年])(\d{1,2})日(?![\d电讯报])")


def _bare_day(doc: Doc, text: str, clause, before: int) -> TimeExpr | None:
    """A day of the month alone before the trigger in its clause ("李克强22日在北京会见"), as news writes
    the latest such day: of the publication month, or of the month before if that day is still to come."""
    published = doc.article.reference  # the publication day, or the day the corpus dates the article to
    match = _BARE_DAY.search(text, clause.start, before)  # the first: "14日下午（台北时间15日凌晨）" is the 14th
    if match is not None and re.search(r"[月至到、~－-]", text[max(clause.start, match.start() - 5):match.start()]):
        return None  # "11月1至2日": a range of a month the dates reader names, not a bare day
    if match is None or published is None or not 1 <= int(match.group(1)) <= 31:
        return None
    day, year, month = int(match.group(1)), published.year, published.month
    if day > published.day and not _TO_COME.search(text, clause.start, before):  # "预计在14日召开" is to come
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    try:
        value = date(year, month, day).isoformat()
    except ValueError:
        return None
    return TimeExpr(match.start(), match.end(), value, "day")


# 1月底就任后, 上任以来: a date to count from (not "昨天抵达香港后，先…会面": the same day)
_SINCE_EVENT = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:就任|上任|上台|执政|当选|就职|成立|爆发|开始|实施)(?:后|之后|以来)|"
                          r"[\u4e00-\u9fff]{1,4}?以来")
_TO_COME = re.compile(r"将|预计|预定|定于|计划|拟|准备|即将|will")
_PART_OF_DAY = re.compile(r"今早|今晨|今午|今晚|上午|中午|下午|傍晚|晚上|早上|稍后")


def _part_of_today(doc: Doc, text: str, sentence, clause) -> TimeExpr | None:
    """A part of the day with no day named ("盧寵茂下午到深圳灣口岸視察", "他稍後會主持會議"): news
    reports the day it is published, so the publication date, when the clause or sentence says no other."""
    published = doc.article.published
    match = _PART_OF_DAY.search(text, clause.start, clause.end) or _PART_OF_DAY.search(text, sentence.start, sentence.end)
    if match is None or published is None or \
            [d for d in sentence_dates(doc, sentence) if not EVENT_AS_TITLE.match(text, d.end)] or \
            _SPEECH.search(text, min(match.end(), clause.start), max(match.start(), clause.start)):
        return None
    return TimeExpr(match.start(), match.end(), published.date().isoformat(), "day")


def _rank(word: str) -> int:
    """Which trigger of a clause names its meeting: who met whom, then a meeting noun, then the rest
    ("会见来京述职的", "立法会大会恢复举行实体会议")."""
    return 0 if word in _MEETING_VERBS else 1 if word in _V1_WORDS else 2


def _label(doc: Doc, trigger: Mention) -> str:
    """The trigger's last word, as the label compares: "第89届大会" and "大会" are one word."""
    words = re.findall(r"[a-z]+|[\u4e00-\u9fff]{2}$", doc.article.simplified[trigger.start:trigger.end].lower())
    return words[-1] if words else ""


def _persons(people: list) -> set[str]:
    return {node.key for predicate, node, _ in people if predicate == KG.participant and node.kind == "person"}


def _same_people(keyed: list, people: list) -> set[str]:
    """Keys of the article's dated meetings (not the border's series) whose people include all of ``people``."""
    persons = _persons(people)
    if not persons:
        return set()
    return {key for key, *rest in keyed if key and not rest[-1] and persons <= _persons(rest[-2])}


def _anyone(people: list) -> bool:
    """Whether a person or a body takes part."""
    return any(predicate == KG.participant for predicate, _, _ in people)


def _names_someone(doc: Doc, sentence, clause, trigger: Mention) -> bool:
    """Whether the meeting's clause or the sentence's subject names a person or a body."""
    return _anyone(_participants(doc, sentence, clause, trigger))


def _word(match, english: bool) -> str:
    if not english:
        return match.group(3)
    if match.group("place"):
        return "went to"
    if match.group("met"):
        return "met"
    if match.group("visit"):
        return "visit"
    if match.group("delegation"):
        return "delegation"
    return match.group(2).lower()


def _group(match, english: bool):
    """The group that holds the trigger word itself (checked for other senses)."""
    if not english:
        return 3
    for name in ("met", "visit", "delegation"):
        if match.group(name):
            return name
    return 2 if match.group(2) else 0


def _is_meeting(doc, text: str, span, match, word: str, start: int, end: int, english: bool) -> bool:
    """Whether the trigger word is used in its meeting sense here."""
    if english:
        around = text[max(span.start, start - 12): min(span.end, end + 8)]
        if _EN_NOT.search(around):
            return False
        if word == "meeting" and _EN_VERB_MEETING.match(text, end, span.end) and \
                not _EN_NOUN_BEFORE.search(text, span.start, start):
            return False  # "meeting the needs of": the verb
        if word == "talks" and (re.match(r"\s+(?:about|to|of)\b", text[end:end + 7]) or
                                re.search(r"\b(?:he|she|it|who|that|one)\s+$", text[max(span.start, start - 6):start], re.I)):
            return False  # "she talks about": the verb
        if re.search(r"\b(?:many|several|various|numerous|other|more)\s+$", text[max(span.start, start - 12):start], re.I):
            return False  # "many conferences have been held": no one meeting
        if word in ("visit", "met") and _EN_TOURIST.search(text[max(span.start, start - 25):start].rstrip()):
            return False  # "tourists visit Hong Kong", "want to visit": not an official visit
        return True
    if _NOT_MEETING.search(text, max(span.start, start - 2), min(span.end, end + 5)):
        return False
    if word == "会议" and _NOT_MEETING.search(text, span.start, start):
        return False  # "20大会议将于16日开幕，按惯例会议举行一周": the same sitting, named again
    if _BY_PHONE.search(text[max(span.start, start - 8):start]) or _NEGATED.search(text[max(span.start, start - 8):start]):
        return False
    after = _NOT_AFTER.get(word)
    if after and after.match(text, end, span.end):
        return False
    if word in _WITH_WHOM and _NOT_BEFORE.search(text[max(span.start, start - 24):start]):
        return False
    if word in _CONFERENCE and re.search(r"(?:一个|一场|一次|某个?|一些|多个|多场|各种)$", text[max(span.start, start - 3):start]):
        return False  # "在一个论坛上说", "多场论坛": no one event named, a setting for what was said
    clause = clause_of(doc, span, start)
    if word in _VISIT and _HYPOTHETICAL.search(text, clause.start, start) or _WISHED.search(text[clause.start:start]):
        return False
    if word in ("视察", "考察", "到访") and _FACILITY.search(text, clause.start, clause.end):
        return False  # (officials met there are a meeting of their own clause: "并与陈肇始…见面交流")
    if word == "到访" and not _names_someone(doc, span, clause, Mention(start, end)):
        return False  # "2月到访分行的非本地居民", "曾到访这二人的住所": visitors, not a visit
    if word in _WITH_WHOM:
        if _ONGOING.search(text[max(clause.start, start - 6):start]):
            return False
        with_whom = _WITH.search(text[clause.start:start])
        if not with_whom and clause.start > span.start:
            clause = Span(clause_of(doc, span, clause.start - 1).start, clause.end)
            with_whom = _WITH_APART.search(text[clause.start:start])
        if not with_whom or _HYPOTHETICAL.search(text[clause.start:clause.start + with_whom.start()]):
            return False
        whom = clause.start + with_whom.start() + 1
        return any(e.node.kind in ("person", "org") and whom <= e.mention.start < start
                   for e in doc.entities_in(clause))
    if word == "访问":
        # a visit to a place or by a delegation ("访问北京", "访问团", "出国访问"), not an interview or a survey
        return bool(re.match(r"团|期间|行程", text[end:end + 2])) or any(
            e.node.kind == "place" and e.mention.start == end for e in doc.entities) or \
            any(t.tag == "LOC" and t.start == end and t.end - t.start > 1 for t in doc.tokens) or \
            bool(re.search(r"(?:出国|正式|国事|工作|进行|展开|率团|前往[^，,；;。]{1,12})$", text[max(span.start, start - 16):start]))
    return True


def _key(kind: str, ordinal: int | None, when, people: list, corpus_wide: bool) -> str | None:
    """The corpus-wide key of a meeting (one node across articles), or None if only its article can
    tell it apart. The border story's: docking meetings by ordinal, others by date and kind (and
    ordinal, if counted). Any other dated meeting: by date, kind and the people in it, so two meetings
    of one day stay apart; with nobody named, only its article tells it apart."""
    if ordinal and kind == "docking" and corpus_wide:
        return f"{kind}-{ordinal}"
    if when is None:
        return None
    base = f"{when.value}_{kind}" + (f"-{ordinal}" if ordinal else "")
    if corpus_wide:
        return base
    persons = sorted(_persons(people))
    return f"{base}_{'+'.join(persons[:4])}" if persons else None


def _emit(doc, meeting, kind, ordinal, when, clause, trigger_m, text, people) -> None:
    article = doc.article
    reference = article.reference
    evidence = [trigger_m] + ([Mention(when.start, when.end)] if when else [])
    doc.add(meeting, RDF.type, KG.Meeting, evidence, NAME)
    doc.add(meeting, RDFS.label, Literal(doc.text(trigger_m), lang=_lang(article)), [trigger_m], NAME)
    doc.add(meeting, KG.meetingKind, Literal(kind), [trigger_m], NAME)
    if ordinal:
        doc.add(meeting, KG.ordinal, Literal(ordinal, datatype=XSD.integer), [trigger_m], NAME)
    called_off = _CALLED_OFF.search(text, clause.start, clause.end)
    if called_off:  # "原定明天举行的会议取消", "会谈押后": whatever its date, it did not or will not take place then
        status = "postponed" if re.match(r"推迟|延期|押后|改期|postponed|delayed", called_off.group(0), re.I) else "cancelled"
        doc.add(meeting, KG.status, Literal(status), [trigger_m, Mention(called_off.start(), called_off.end())], NAME)
    if when:
        doc.add(meeting, KG.date, date_literal(when), evidence, NAME)
        doc.add(meeting, KG.datePrecision, Literal(when.precision), evidence, NAME)
        if article.published is None and article.inferred:  # the year is the corpus's, not the article's
            doc.add(meeting, KG.dateInferred, Literal(True), evidence, NAME)
        # after the article's day, or in a later month ("下月举行", "11月举行" written in July): to come
        future = reference is not None and when.precision in ("day", "month") and \
            when.value > reference.isoformat()[:len(when.value)]
        if not called_off:
            status = "planned" if future or _PLANNED.search(text, clause.start, trigger_m.start) else "held"
            doc.add(meeting, KG.status, Literal(status), evidence, NAME)
    for predicate, node, mentions in people:
        doc.add(meeting, predicate, node, mentions, NAME)


def _kind(match, english: bool) -> tuple[str, int | None]:
    if english:
        ordinal = _ORDINALS.get((match.group(1) or "").lower())
        word = _word(match, english)
        if word in ("went to", "visit", "delegation"):
            return "visit", None
        if word == "met":
            return "meeting", None
        if word in _CONFERENCE:
            return "conference", ordinal
        words = match.group(0).lower()
        kind = "docking" if ("customs clearance" in words or "matchmaking" in words or "docking" in words) else \
            "video" if "video" in words else "executive-council" if "executive" in words else "meeting"
        return kind, ordinal
    raw_ordinal, word = match.group(1), match.group(3)
    ordinal = (int(raw_ordinal) if raw_ordinal.isdigit() else _ORDINALS.get(raw_ordinal)) if raw_ordinal else None
    if word == "对接会议" or (match.group(2) and word == "会议"):
        return "docking", ordinal
    if word in ("视像会议", "视频会议", "视讯会议", "在线会议", "网上会议", "视频交流"):
        return "video", ordinal
    if word == "行政会议":
        return "executive-council", ordinal
    if word in _VISIT:
        return "visit", ordinal
    if word in _CONFERENCE:
        return "conference", ordinal
    return "meeting", ordinal


def _participants(doc: Doc, sentence, clause, trigger: Mention) -> list[tuple]:
    """(predicate, node, evidence) of participants, leader and venue: from the meeting's clause, the
    sentence's subject before it and a following 率团 clause ("A 会见 B", "A met B": both)."""
    text = doc.article.simplified
    out = []
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
                out.append((KG.place, em.node, evidence))
                place_found = True
        elif em.node.kind in ("person", "org") and not is_media(doc, em.node):
            out.append((KG.participant, em.node, evidence))
            if _LEADS.match(text, em.mention.end) or text[max(0, em.mention.start - 7): em.mention.start].endswith("led by "):
                out.append((KG.ledBy, em.node, evidence))
    return out


def _lang(article) -> str:
    return "en" if article.script == "en" else article.script
