"""Lexical patterns shared by the extractors (all in Simplified characters).

These are patterns of the language (surnames, titles, speech verbs, function
characters), not lists of the people or bodies in any article.
"""

from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from ..knowledge import Knowledge, fold, load_titles
from ..model import Doc, EntityMention, Mention, Node
from ..vocab import KG

# Common Chinese surnames (single and compound), Simplified. Characters that are far more often
# everyday words than surnames in news text (和, 向, 但, 支, 公) are left out.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆"
    "乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰卿国狄平"
    "计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇"
    "哈湛宾戎勾茅利於呼居揭干尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
# Surnames that are also everyday words' first characters (和, 向, 但, 周...): a name
# starting with one is taken only after a title, not before a speech verb alone.
WEAK_SURNAMES = set("和向于但支普单官应原公文国时平明南区海花强相初门云容敬展由幸元居利干印战全成来信都周高万从那任许")
# Second surnames of the Hong Kong married form (林郑月娥, 陈方安生).
MARRIED_SURNAMES = set("陈李黄张梁林刘何罗郑王吴谭邓周叶曾彭蔡苏卢蒋许杨朱胡郭马冯方范潘麦")
COMPOUND_SURNAMES = ("欧阳", "司徒", "上官", "诸葛", "司马", "东方", "皇甫", "尉迟", "公孙", "令狐", "长孙", "慕容", "夏侯")

# Characters that cannot end a name because they start the next word.
FUNCTION_CHARS = set("的了与和及在于是也又则就都而并但对向从到由把被将会已曾等说称指表透认宣率出回强重亦同跟访近随作提讲答谈其皆还较接再仍均更即便没内")

# Speech and stance verbs that follow a speaker.
SPEECH_VERBS = (
    "表示|说|指出|透露|称|认为|宣布|强调|重申|回应|解释|补充|坦言|直言|警告|呼吁|形容|相信|估计|预计|证实|承认|否认|"
    "提到|提出|指|希望|期望|期盼|冀|要求|主张|建议|答|谈到|宣称|声称|公布"
)
TIME_WORDS = (
    r"(?:昨天|昨日|今天|今日|明天|明日|前天|早前|日前|近日|此前|早上|上午|下午|晚上|今早|昨晚|"
    r"(?:上|本|下)?(?:周|星期)[一二三四五六日天]|[（(]\d{1,2}日[）)])*"
)
TIME_AFTER = re.compile(r"(?:昨天|昨日|今天|今日|明天|明日|前天|早前|日前|近日|此前|早上|上午|下午|晚上|今早|昨晚|(?:上|本|下)?(?:周|星期)[一二三四五六日天])")
SPEECH_AFTER = re.compile(rf"{TIME_WORDS}(?:也|又|亦|则|再|更|还|曾|均|都)?(?:{SPEECH_VERBS})")

# Characters at which a name of an organization or post stops when read leftwards.
STOP_CHARS = set("的与及和、，。；：！？“”「」『』《》〈〉（）()[]【】 \n在由向到从对给被把是了为将也都并又而但就据称说跟同其该各今昨明前后自率请以于等即")
HAN = re.compile(r"[\u4e00-\u9fff]")

# Titles that introduce a person: the lexicon in ontology/titles.ttl (by field, with the organization a
# title implies), longest first; an organization or place may precede them.
TITLES = load_titles()
ZH_TITLES = "|".join(re.escape(t) for t in TITLES.zh)
ZH_TITLE_RE = re.compile(rf"(?:{ZH_TITLES})")

# English titles: the lexicon's, with an optional Deputy/Vice, and the patterned ones.
EN_TITLES = (
    r"(?:Deputy |Vice[- ])?(?:" + "|".join(re.escape(t) for t in TITLES.en) + ")|"
    r"Secretary for (?:[A-Z][a-z]+)(?:(?: and)? [A-Z][a-z]+)*|Director of [A-Z][a-z]+(?: [A-Z][a-z]+)*|"
    r"Minister(?: of [A-Z][a-z]+)?"
)
# Honorifics before an English name ("Mrs Carrie Lam", "Professor Lord Robert Mair").
EN_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Madam|Dr|Professor|Prof|Sir|Lord|Dame)\.?"
EN_NAME = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Za-z][a-z]+)?){0,3}"
EN_SPEECH = r"(?:also |then |later |has |had )?(?:said|says|pointed out|stated|told|added|announced|noted|stressed|urged|explained|mentioned|warned|called)"
EN_NOT_NAME = {
    "The", "A", "An", "This", "That", "These", "Hong", "Kong", "China", "Chinese", "Mainland", "Government",
    "According", "But", "And", "In", "On", "At", "It", "He", "She", "They", "We", "Customs", "Health", "Code",
    "Legislative", "Council", "Executive", "Special", "Administrative", "Region", "SAR", "Omicron",
    "Central", "State", "Bureau", "Office", "Department", "Secretary",
    "Mr", "Mrs", "Ms", "Miss", "Madam", "Dr", "Professor", "Prof", "Sir", "Lord", "Dame", "Hon", "Honourable",
    "Members", "As", "If", "When", "While", "For", "With", "Today", "Yesterday", "Our", "My", "His", "Her", "Their",
    "Its", "After", "Before", "Since", "Also", "Both", "Each", "Thanks", "Dear", "Ladies", "Gentlemen", "Deputy",
    "Director", "Chairman", "Vice", "General", "Chief", "Premier", "President", "Minister",
}  # place names are no names either: people.v2 also asks the place gazetteer (ontology/places.ttl)


def left_extent(text: str, end: int, limit: int = 14) -> int:
    """Start of the Han run ending at ``end``, stopping at a stop character or ``limit``."""
    start = end
    while start > 0 and end - start < limit:
        char = text[start - 1]
        if char in STOP_CHARS or not (HAN.match(char) or char.isalnum()):
            break
        start -= 1
    return start


def add_entity(doc: Doc, node: Node, start: int, end: int, label: str, role: str = "") -> EntityMention:
    """Record an entity mention, ignoring an exact duplicate."""
    em = EntityMention(node, Mention(start, end), label, role)
    if em not in doc.entities:
        doc.entities.append(em)
    return em


def overlaps(doc: Doc, start: int, end: int, kinds: tuple[str, ...] = ()) -> bool:
    """Whether an entity mention already covers any of ``[start, end)``."""
    return any(
        e.mention.start < end and start < e.mention.end and (not kinds or e.node.kind in kinds) for e in doc.entities
    )


def gazetteer(knowledge: Knowledge, kind: str) -> re.Pattern | None:
    """One regex over every folded label of ``kind`` in the reference knowledge (made once per knowledge)."""
    cache = knowledge.derived
    if ("gazetteer", kind) not in cache:
        cache[("gazetteer", kind)] = _gazetteer(knowledge, kind)
    return cache[("gazetteer", kind)]


def _gazetteer(knowledge: Knowledge, kind: str) -> re.Pattern | None:
    labels = knowledge.labels_of_kind(kind)
    if not labels:
        return None
    parts = []
    for label in labels:
        escaped = re.escape(label)
        parts.append(rf"\b{escaped}\b" if label.isascii() else escaped)
    return re.compile("|".join(parts))


def folded_text(doc: Doc) -> str:
    """The article text in the form gazetteer patterns match: Simplified, case-folded, same offsets
    (computed once per article: ``Article.folded``)."""
    return doc.article.folded


def is_place(knowledge: Knowledge, name: str) -> bool:
    """Whether the reference knowledge or the place gazetteer knows ``name``, whole, as a place."""
    if knowledge.lookup(name, "place"):
        return True
    places = gazetteer(knowledge, "place")
    return bool(places is not None and places.fullmatch(fold(name)))


def label_lang(label: str, script: str) -> str:
    """Language tag of a name: English when ASCII, else the article's Chinese script."""
    return "en" if label.isascii() else script if script != "en" else "zh-Hans"


def emit_entities(doc: Doc, knowledge: Knowledge, kind: str, classes, extractor_name: str) -> None:
    """Type, canonical name and every surface form of each entity of ``kind`` found in ``doc``.

    ``classes(node)`` gives the node's kg classes; the canonical name comes from the
    reference knowledge, else it is the node's own key.
    """
    by_node: dict[Node, list[EntityMention]] = {}
    for em in doc.entities:
        if em.node.kind == kind:
            by_node.setdefault(em.node, []).append(em)
    for node, mentions in sorted(by_node.items()):
        evidence = [m.mention for m in mentions]
        for cls in classes(node):
            doc.add(node, RDF.type, cls, evidence, extractor_name)
        entry = knowledge.get(kind, node.key)
        pref = entry.pref_label if entry else node.key
        doc.add(node, SKOS.prefLabel, Literal(pref, lang="en" if pref.isascii() else "zh-Hans"), evidence,
                extractor_name)
        for label in sorted({m.label for m in mentions}):
            doc.add(node, RDFS.label, Literal(label, lang=label_lang(label, doc.article.script)),
                    [m.mention for m in mentions if m.label == label], extractor_name)


def is_media(doc: Doc, node: Node) -> bool:
    """Whether an earlier extractor typed ``node`` as a media outlet."""
    return any(f.subject == node and f.predicate == RDF.type and f.object == KG.MediaOutlet for f in doc.facts)
