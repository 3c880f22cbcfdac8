"""conditions.v1: policy conditions of the reopening, with structured values and holders.

Kinds: quota (number, unit, period, phase, bounds), circuit breaker (trigger),
quarantine rule (place), health-code requirement, testing, vaccination,
geographic scope, port of entry, priority group. Conditions are looked for only
in paragraphs about crossing the border, so unrelated articles yield none.
The holder is the actor that states, demands or proposes the condition
("大陆认为…", "港府力争…", "消息人士透露…").

A keyword is a condition only where it can be one: isolation of patients or contacts, a quarantine
facility or someone now in quarantine is no quarantine rule; who needs a vaccine ("有需要人士") is
no vaccination requirement; people who cross each day ("10万人每日往返") are no quota.

A geographic scope or an only port of entry is whatever place stands in its
pattern ("范围只限于福建省", "珠海是唯一通关口岸"): the places extractor finds the
place (the gazetteer is ontology/places.ttl) and these rules name none.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ..knowledge import Knowledge
from ..text import to_simplified
from ..model import Doc, Mention, Node
from ..vocab import KG
from . import extractor
from .common import clause_of
from .patterns import HAN, SPEECH_VERBS, TIME_WORDS, add_entity, is_media, left_extent

NAME = "conditions.v1"

# 过关 is crossing a border only with a traveller, a port or a direction beside it: a bill, a vote or a
# sports round also 过关 ("议案过关", "直落四过关")
_CROSSING = (r"(?:排队|等候|预约|经|由|从|口岸|跨境|市民|旅客|港人|人士|司机|顺利|免检疫)过关|"
             r"过关(?:人士|旅客|者|人数|人次|配额|名额|赴|往|到|返|回|入境|出境|口岸|手续|安排|时间|北上|南下)")
TOPIC = re.compile(rf"通关|免检疫|免隔离|{_CROSSING}|口岸|跨境|康码|入境(?:香港|内地|大陆|澳门|深圳|珠海)|[回来]港易|"
                   r"border|customs clearance|reopen", re.I)
_NUMBER = r"(\d[\d,]*(?:\.\d+)?)\s*(万)?"
_QUOTA = re.compile(
    rf"{_NUMBER}(?:\s*(?:至|到|-|－|~)\s*{_NUMBER})?\s*"
    # 个 alone counts places where the clause goes on about them: "由每日1000个增加至1500个", "预留500个供探亲"
    r"(人次|人|个名额|名额|个配额|配额|个限额|限额|个(?=[，。；、]|增加|减少|不变|供|给|予)|people|persons)(或以下|以下|以内|或以上|以上)?"
)
# "名额由5.1万增至6.7万": numbers in 万 without a unit, where the clause is about a quota
_QUOTA_WAN = re.compile(r"(\d+(?:\.\d+)?)\s*(万)(?![\d人个名配限])")
_QUOTA_WORD = re.compile(r"配额|名额|限额|quota", re.I)
_QUOTA_CONTEXT = re.compile(r"配额|名额|限额|每日|每天|每周|单日|人数|quota", re.I)
_PERIOD = re.compile(r"每日|每天|单日|每周|每星期|每月|a day|per day|daily|a week|per week|weekly")
_PHASE = re.compile(r"初期|首阶段|第一阶段|起步|试行|initial")
_SIMPLE = [
    ("CircuitBreaker", re.compile(r"熔断|circuit breaker", re.I)),
    # 免检疫, 豁免隔离, 取消检疫: an exemption is a quarantine rule too (a different one from a stay)
    ("QuarantineRule", re.compile(r"(?:免|豁免|毋须|无须|取消|不需要?(?:接受)?|不必(?:接受)?|免除)(?:隔离|检疫)(?:安排)?|"
                                  r"quarantine[- ]free|检疫(?:限制|措施|要求|规定)|"
                                  r"(?:指定处所|家居|酒店|检疫中心|集中)(?:隔离|检疫)(?:检疫)?|(?:逆向)?(?<!免)(?<!豁免)隔离(?:检疫)?|"
                                  r"(?<!免)检疫安排|\d{1,2}\s*[日天](?:的)?检疫|quarantine", re.I)),
    # "香港健康码", and any one-character 康码 of a province or city (粤康码, 澳康码, 穗康码)
    ("HealthCodeRequirement", re.compile(r"(?:香港|澳门)?健康码|[\u4e00-\u9fff]康码|health code|health system", re.I)),
    # "48小时核酸", "核酸采样", "定期接受病毒检测", "抗原检测": a test (a rule only in a requirement's sentence)
    ("TestingRequirement", re.compile(r"核酸(?:检测|采样|测试)?|核检|检测证明|病毒检测|抗原(?:检测|测试)|快速测试|PCR test",
                                      re.I)),
    ("VaccinationRequirement", re.compile(r"接种[^，。；]{0,4}疫苗|疫苗接种|打[^，。；]{0,3}针|第三针|vaccinat\w+", re.I)),
    # "唯一通关口岸" names its port before it ("珠海是唯一通关口岸"): _only_port reads it
    ("PortOfEntry", re.compile(r"唯一(?:的)?(?:通关|陆路|入境|过境)?口岸|"
                               r"口岸(?:包括|有|为)((?:[\u4e00-\u9fff]{2,6}[、和及]){1,8}[\u4e00-\u9fff]{2,6})|"
                               r"((?:[\u4e00-\u9fff]{2,4}[和、及／/]){0,4}[\u4e00-\u9fff]{2,4})口岸(?=[，。；、）)]|$)")),
    ("PriorityGroup", re.compile(r"商务人员|商务|商界|经商|探亲|家庭团聚|紧急需要|恩恤|体恤|奔丧|特殊家庭|business|family visits|"
                                 r"compassionate", re.I)),
]
# 范围只限于 / 仅限 / 限于 ... then a place within a few characters of the same clause
_SCOPE_GAP = 6
_SCOPE_BEFORE = re.compile(rf"(?:只?限于|仅限于?|只限|范围)[^，。；,;]{{0,{_SCOPE_GAP}}}$")
_PORT_COPULA = re.compile(r"(?:是|为)$")
_LEADING_TIME = re.compile(r"(?:初期|首阶段|第一阶段|目前|现时|暂时|届时)?")
_DAYS = re.compile(r"\d{1,2}\s*(?:天|日|days?)(?!内)")
_GENERIC_PORT = re.compile(r"^(?:.*?(?:各|该|相关|指定|陆路|多个|所有|两地|个|有关|其他|部分|这些|重开|开放|关闭|的|通关|人数))$|"
                           r"^(?:在|从|经|由|于|到|前往)")
_TRIGGER_DETAIL = re.compile(r"(一|1|两|二|2|三|3|\d+)\s*(例|宗|个)(本地)?(确诊|个案|群组)")
_STANCE = re.compile(  # "大陆认为", "港府原先力争", "谭耀宗昨天表示"
    rf"{TIME_WORDS}(?:当局)?(?:原先|都|一直|亦|也|则|仍|曾)?(?:认为|要求|力争|争取|希望|坚持|提出|建议|接受|主张|拒绝|同意|准许|{SPEECH_VERBS})"
)


@extractor(NAME, needs=("person", "org", "place", "source"), adds=("condition",))
def extract_conditions(doc: Doc, knowledge: Knowledge) -> None:
    article = doc.article
    text = article.simplified if article.script != "en" else article.text
    if not on_topic(doc):
        return
    for span in article.sentences:
        if _QUOTA_CONTEXT.search(text, span.start, span.end) and (
                _QUOTA_WORD.search(text, span.start, span.end) or _LIMIT.search(text, span.start, span.end)):
            found = False
            for match in _QUOTA.finditer(text, span.start, span.end):
                clause = clause_of(doc, span, match.start())
                if _TRAVELLERS.match(text, match.end()) and not _QUOTA_WORD.search(text, clause.start, clause.end):
                    continue
                _quota(doc, knowledge, match, span, text)
                found = True
            for match in _QUOTA_WAN.finditer(text, span.start, span.end):
                clause = text[max(text.rfind("，", span.start, match.start()), span.start):match.end()]
                change = re.search(r"(?:增加|减少|多|少)约?$", text[max(span.start, match.start() - 4):match.start()])
                if _QUOTA_WORD.search(clause) and not change and not _overlaps_quota(doc, match):
                    _quota(doc, knowledge, match, span, text)
                    found = True
            quota_word = _QUOTA_WORD.search(text, span.start, span.end)
            if not found and quota_word:
                # "都是有序有配额": a quota is stated, its size is not
                _simple(doc, knowledge, "Quota", quota_word.span(), span, "")
        for kind, regex in _SIMPLE:
            if kind in _CONTEXT and not _CONTEXT[kind].search(text, span.start, span.end):
                continue
            for match in regex.finditer(text, span.start, span.end):
                if kind == "QuarantineRule":
                    clause = clause_of(doc, span, match.start())
                    if _NOT_A_RULE.search(text, clause.start, clause.end):
                        continue
                start, detail = _detail(doc, kind, match, text, span)
                if kind == "PortOfEntry" and any(_GENERIC_PORT.search(part) for part in re.split(r"[和、及／/]", detail)):
                    continue  # "各口岸", "指定陆路口岸": no port is named
                _simple(doc, knowledge, kind, (start, match.end()), span, detail)
        for start, end, place in _scopes(doc, text, span):
            _simple(doc, knowledge, "GeographicScope", (start, end), span, place)


# Priority groups, tests and vaccination are conditions only where the sentence sets them
# (需 as a rule, not "有需要人士", "视乎有否需要": who needs it)
_NEED = r"须|(?<![有否])需(?!要人士)"
_CONTEXT = {
    "PriorityGroup": re.compile(r"优先|涵盖|包括|满足|主要供|首批|先行|预留|拨出|[名配]额[予给]|不计入|priority|first", re.I),
    "VaccinationRequirement": re.compile(rf"{_NEED}|要求|必须|先决|条件|符合|规定|should|must|requir", re.I),
    "TestingRequirement": re.compile(rf"{_NEED}|要求|必须|先决|条件|符合|规定|证明|should|must|requir", re.I),
}
# 隔离 that is no rule for crossing: a facility (隔离设施), a patient's or a contact's isolation
# ("轻症确诊隔离0+n天", "密切接触者须隔离"), someone who is in quarantine now ("正在隔离检疫的…")
_NOT_A_RULE = re.compile(r"隔离(?:设施|病房|病床|营)|确诊|轻症|患者|密切接触|密接|感染者|正在隔离|正在检疫")
# A number of people is a quota where the sentence names one (配额, 名额), sets or demands a limit ("控制在1000人
# 或以下", "港府力争每日5000人") or a phase of the reopening ("初期每日1000人"); otherwise it counts someone
# ("发热门诊单日接诊1800人次", "港铁每日约416万人次", "每10万人有200人感染")
_LIMIT = re.compile(r"控制在|限制|限于|限定|设限|不超过|不多于|上限|\bcap\b|limit|初期|首阶段|第一阶段|起步|试行|initial|"
                    r"力争|争取|要求|建议|倡议", re.I)
# "有10万人每日往返两地": people who cross, not a quota of them
_TRAVELLERS = re.compile(r"(?:每日|每天|每周)?(?:往返|来往|往来|出入境|入境|过关|北上|南下|确诊|感染)")


def on_topic(doc: Doc) -> bool:
    """Whether the article is about crossing the border: a topic word in the title or twice in the text."""
    article = doc.article
    text = article.simplified if article.script != "en" else article.text
    title = to_simplified(article.title or "")
    return bool(TOPIC.search(title)) or len(TOPIC.findall(text)) >= 2


def _overlaps_quota(doc: Doc, match) -> bool:
    return any(f.subject.kind == "condition" and f.predicate == RDFS.label and
               any(m.start <= match.start() < m.end for m in f.mentions) for f in doc.facts)


def _value(number: str, wan: str | None) -> Decimal:
    value = Decimal(number.replace(",", "")) * (10000 if wan else 1)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _quota(doc, knowledge, match, span, text) -> None:
    wide = match.re is _QUOTA
    # "3至5万": the 万 of the upper bound is the lower one's too (not in "8000至1.5万")
    shared = wide and match.group(3) and match.group(4) and not match.group(2) and \
        _value(match.group(1), None) <= _value(match.group(3), None)
    low = _value(match.group(1), match.group(2) or (match.group(4) if shared else None))
    high = _value(match.group(3), match.group(4)) if wide and match.group(3) else None
    unit = {"人次": "person-trips", "people": "people", "persons": "people"}.get(match.group(5) if wide else "", "people")
    bound = (match.group(6) if wide else "") or ""
    clause_start = max(text.rfind(c, span.start, match.start()) for c in "，,；;") + 1
    clause_start = max(clause_start, span.start)
    period_match = _PERIOD.search(text, clause_start, match.end()) or _PERIOD.search(text, span.start, span.end)
    period = None
    if period_match:
        period = "week" if ("周" in period_match.group(0) or "week" in period_match.group(0)) else \
            "month" if "月" in period_match.group(0) else "day"
    holder = _holder(doc, knowledge, span, match.start())
    value_key = f"{low:g}-{high:g}" if high else f"{low:g}{bound}"
    node = Node("condition", f"quota_{value_key}_{period or ''}_{holder.key if holder else ''}", scope=doc.article.id)
    m = Mention(match.start(), match.end())
    doc.add(node, RDF.type, KG.Quota, [m], NAME)
    doc.add(node, RDF.type, KG.PolicyCondition, [m], NAME)
    doc.add(node, RDFS.label, Literal(doc.text(m), lang=doc.article.script), [m], NAME)
    if high is None and bound in ("或以下", "以下", "以内"):
        doc.add(node, KG.maxValue, Literal(low, datatype=XSD.decimal), [m], NAME)
        doc.add(node, KG.value, Literal(low, datatype=XSD.decimal), [m], NAME)
    elif high is None and bound in ("或以上", "以上"):
        doc.add(node, KG.minValue, Literal(low, datatype=XSD.decimal), [m], NAME)
        doc.add(node, KG.value, Literal(low, datatype=XSD.decimal), [m], NAME)
    elif high is None:
        doc.add(node, KG.value, Literal(low, datatype=XSD.decimal), [m], NAME)
    else:
        doc.add(node, KG.minValue, Literal(low, datatype=XSD.decimal), [m], NAME)
        doc.add(node, KG.maxValue, Literal(high, datatype=XSD.decimal), [m], NAME)
    doc.add(node, KG.unit, Literal(unit), [m], NAME)
    if period:
        doc.add(node, KG.period, Literal(period), [m, Mention(period_match.start(), period_match.end())], NAME)
    phase = _PHASE.search(text, span.start, span.end)
    if phase:
        doc.add(node, KG.phase, Literal("initial"), [m, Mention(phase.start(), phase.end())], NAME)
    if holder:
        doc.add(node, KG.heldBy, holder.node, [m, holder.mention], NAME)


def _scopes(doc: Doc, text: str, span):
    """Geographic scopes: a place after 限于/范围 ("范围只限于福建省") or before 先行 ("以粤省先行").

    Yields (start, end, place key). The places are those the places extractor found
    (the gazetteer in ontology/places.ttl, and venues), so any place can be a scope.
    """
    for em in doc.entities_in(span, ("place",)):
        start, end = em.mention.start, em.mention.end
        window = max(span.start, start - len("只限于") - _SCOPE_GAP)
        trigger = _SCOPE_BEFORE.search(text, window, start)
        if trigger:
            yield trigger.start(), end, em.node.key
        elif text.startswith("先行", end):
            yield (start - 1 if text[start - 1:start] == "以" else start), end + 2, em.node.key


def _only_port(doc: Doc, text: str, span, pos: int) -> tuple[int, str] | None:
    """The port named right before ``pos`` (where 唯一通关口岸 starts): (start, name) or None.

    "珠海是唯一通关口岸" names a place the places extractor found; "拱北口岸为唯一…" a
    port by its own name; "莲塘是唯一…" a name the gazetteer lacks, read back to the
    start of its clause.
    """
    lead = _PORT_COPULA.search(text, max(span.start, pos - 2), pos)
    end = lead.start() if lead else pos
    for em in doc.entities_in(span, ("place",)):
        if em.mention.end in (end, end - 2) and text[em.mention.end:end] in ("", "口岸"):
            return em.mention.start, em.node.key
    start = left_extent(text, end, limit=6)
    start += len(_LEADING_TIME.match(text, start, end).group(0))  # "初期青茂口岸": the port is 青茂
    name = text[start:end].removesuffix("口岸")
    if 2 <= len(name) <= 4 and all(HAN.match(c) for c in name) and not _GENERIC_PORT.search(name):
        return start, name
    return None  # "只有一个唯一通关口岸": no port is named


def _detail(doc: Doc, kind, match, text, span) -> tuple[int, str]:
    """Where the condition's mention starts, and its detail (the trigger, the place, the rule)."""
    if kind == "PortOfEntry" and not match.lastindex:
        named = _only_port(doc, text, span, match.start())
        return named if named else (match.start(), match.group(0))
    return match.start(), _detail_text(kind, match, text, span)


def _detail_text(kind, match, text, span) -> str:
    if kind == "CircuitBreaker":
        # the trigger nearest this mention: "一例本地确诊便暂停" / "两个群组…才作为熔断点"
        triggers = list(_TRIGGER_DETAIL.finditer(text, span.start, span.end))
        if not triggers:
            return ""
        return min(triggers, key=lambda t: min(abs(t.start() - match.end()), abs(match.start() - t.end()))).group(0)
    if kind == "QuarantineRule":
        # "隔离14天", "21天的集中检疫隔离", "3天酒店检疫": the length belongs to the rule
        days = _DAYS.search(text, max(span.start, match.start() - 8), min(span.end, match.end() + 6))
        rule = match.group(0)
        # "以家居方式进行隔离": the place, a few words before, belongs to the rule too
        where = None if _QUARANTINE_PLACE.search(rule) else _QUARANTINE_PLACE.search(text, max(span.start, match.start() - 8),
                                                                                       match.start())
        rule = f"{where.group(0)}…{rule}" if where else rule
        return f"{rule} {days.group(0)}" if days else rule
    if kind == "PortOfEntry" and match.lastindex:
        return next((g for g in match.groups() if g), match.group(0))
    return match.group(0)


def _simple(doc, knowledge, kind, where: tuple[int, int], span, detail) -> None:
    start, end = where
    holder = _holder(doc, knowledge, span, start)
    node = Node("condition", f"{kind}_{_identity(kind, detail, doc.article.simplified, span, where)}",
                scope=doc.article.id)
    restated = any(f.subject == node for f in doc.facts)
    m = Mention(start, end)
    doc.add(node, RDF.type, getattr(KG, kind), [m], NAME)
    doc.add(node, RDF.type, KG.PolicyCondition, [m], NAME)
    doc.add(node, RDFS.label, Literal(doc.article.text[start:end], lang=doc.article.script), [m], NAME)
    if detail and not restated:  # a restatement is more evidence, its wording not another value
        doc.add(node, KG.detail, Literal(detail), [m], NAME)
    if holder:
        doc.add(node, KG.heldBy, holder.node, [m, holder.mention], NAME)


_EXEMPT = re.compile(r"^(?:免|豁免|毋须|无须|取消|不需|不必)|quarantine[- ]free", re.I)
_QUARANTINE_PLACE = re.compile(r"指定处所|家居|居家|酒店|检疫中心|集中|hotel|home", re.I)
_FORMULA = re.compile(r"(\d{1,2})\s*[+＋]\s*(\d{1,2})")
_HOURS = re.compile(r"(\d{1,3})\s*(?:小时|hours?|-hour)", re.I)


def _identity(kind: str, detail: str, text: str, span, where: tuple[int, int]) -> str:
    """What tells one stated condition from another of its kind in an article: one condition per
    requirement, its restatements (other words, other sentences, other speakers) are more evidence.

    A quarantine by its formula (3+4), its place and length, as reverse quarantine or as an
    exemption; a test by its hours (48小时核酸检测); a vaccination or health-code requirement is one;
    the other kinds by their detail (the port, the place, the group, the trigger, the code).
    """
    start, end = where
    if kind == "QuarantineRule":
        if _EXEMPT.search(detail):
            return "exempt"
        formula = _FORMULA.search(text, max(span.start, start - 12), min(span.end, end + 12))
        if formula:  # "3+4": days in a hotel, then days at home
            return f"{formula.group(1)}+{formula.group(2)}"
        days = _DAYS.search(detail)
        length = re.sub(r"\D", "", days.group(0)) if days else "reverse" if "逆向" in detail else ""
        # the place the detail names: "指定处所隔离" demanded and "家居…隔离" allowed are two positions, not one
        place = _QUARANTINE_PLACE.search(detail)
        return f"{place.group(0)}{length}" if place else length
    if kind == "TestingRequirement":
        hours = _HOURS.search(text, max(span.start, start - 12), min(span.end, end + 4))
        return hours.group(1) if hours else ""
    if kind in ("VaccinationRequirement", "HealthCodeRequirement"):  # 港康码 and 粤康码 "互认": one requirement
        return ""
    return detail


class _Holder:
    def __init__(self, node: Node, mention: Mention):
        self.node, self.mention, self.key = node, mention, node.key


def _holder(doc: Doc, knowledge: Knowledge, span, offset: int) -> _Holder | None:
    """The nearest actor before ``offset`` in the sentence that states or demands something."""
    text = doc.article.simplified
    candidates = []
    for em in doc.entities_in(span, ("person", "org", "source")):
        if em.mention.end <= offset and _STANCE.match(text, em.mention.end) and not is_media(doc, em.node):
            candidates.append(_Holder(em.node, em.mention))
    for label, entry in knowledge.by_actor_label.items():
        for match in re.finditer(re.escape(label), text[span.start:offset]):
            start = span.start + match.start()
            end = span.start + match.end()
            if _STANCE.match(text, end) and not any(c.mention.start <= start < c.mention.end for c in candidates):
                node = Node("org", entry.key)
                mention = Mention(start, end)
                # The actor is now an entity of this article, with its type and names.
                add_entity(doc, node, start, end, doc.article.text[start:end])
                doc.add(node, RDF.type, getattr(KG, entry.cls), [mention], NAME)
                doc.add(node, RDF.type, KG.Organization, [mention], NAME)
                doc.add(node, SKOS.prefLabel, Literal(entry.pref_label, lang="zh-Hans"), [mention], NAME)
                doc.add(node, RDFS.label, Literal(doc.article.text[start:end], lang=doc.article.script), [mention], NAME)
                candidates.append(_Holder(node, mention))
    if not candidates:
        return None
    return max(candidates, key=lambda c: c.mention.start)

