"""organizations.v2: government bodies, media outlets and other organizations.

Found by structure, not by list: a run of characters ending in an
organizational suffix (…局, …署, …办, …委员会, …办公室, …政府, …大学, …日报, …社),
an outlet cited as a source (据《星岛日报》报道, 据香港01报道), English names ending
in Bureau/Department/Office/Commission/Council. Reference knowledge joins
forms of one body (港澳办 = 国务院港澳事务办公室 = HKMAO) and gives its kind.

With the token layer (:mod:`kg.tokens`), the labeller's words bound the suffix
names (a name starts at a word, never with a verb: 已接洽|中华民国体操协会), and
the labeller's ORG spans add names no suffix marks (欧盟, 国际刑警组织, 摩根大通)
when the text supports them (see :func:`_model_orgs`).
"""

from __future__ import annotations

import re


from ..knowledge import Knowledge, fold
from ..model import Doc, Mention, Node
from ..vocab import KG
from . import extractor
from .patterns import (
    HAN, SPEECH_AFTER, ZH_TITLES, add_entity, emit_entities, folded_text, gazetteer, is_place, left_extent, overlaps,
)

NAME = "organizations.v2"

_ZH_SUFFIX = re.compile(
    r"(?:办公室|委员会|常委会|事务局|政策局|局|署|办|政府|当局|大学|日报|晚报|时报|通讯社|新闻社|电视台|电台|"
    r"中心|医院|法院|立法会|国务院|卫健委|联络办|议会|协会|商会|家长会|联合会|总会|基金会|公司|银行|集团|"
    r"研究所|研究院|协调组|工作组|专责小组|专家组|航空公司|联盟|事务处|警务处|消防处|海事处|入境处|海关|"
    r"(?<=[\u4e00-\u9fff]{2})社(?![会区交运福工评论群团])|(?<=[济交育防务安政法化通业源境信贸])部)"
    r"(?![\u4e00-\u9fff]{0,0}(?:长|员|主任|发言人|人士|属|势|面|限|门|部|家|分|位|落|队|联盟|党团))"
)
_MEDIA_SUFFIX = ("日报", "晚报", "时报", "通讯社", "新闻社", "电视台", "电台", "新闻", "周刊", "社")
_GOV_SUFFIX = ("局", "署", "办", "政府", "当局", "国务院", "卫健委", "委员会", "常委会", "办公室", "立法会", "法院", "联络办")
_CITED = re.compile(
    r"(?:据|根据|引述|引用)(?:网媒|港媒|媒体|传媒)?《?((?![另一这该])[\u4e00-\u9fffA-Za-z0-9]{2,10}?)》?"
    r"(?:[今昨前]天|[今昨]日|早前|此前)?(?:自[\u4e00-\u9fff]{1,4})?(?:报道|报导|引述)"
)
_ZH_BOOK = re.compile(r"《([^》\s]{2,12})》")
# English names: a run of capitalised words joined by "of (the)", "for", "on", "in (the)", "and", "&",
# holding a head word that names a body ("Ministry of Commerce", "Chairman of the Hong Kong Trade
# Development Council" -> the Council, "Standing Committee of the National People's Congress").
_EN_WORD = r"[A-Z][\w'’\u2010\u2011-]*"
_EN_PHRASE = re.compile(
    rf"(?<![\w'’-]){_EN_WORD}(?:(?:[ \xa0]|[ \xa0](?:(?:of|for|on|in)(?: the)?|and|&|[–-])[ \xa0]){_EN_WORD})*")
_EN_HEADS = {
    "Bureau", "Department", "Office", "Commission", "Council", "Committee", "Government", "Authority", "Agency",
    "University", "Academy", "Museum", "Group", "Chamber", "Centre", "Center", "Association", "Corporation",
    "Company", "Limited", "Ltd", "Institute", "Institution", "Federation", "Foundation", "Society", "Bank",
    "Board", "Exchange", "Registry", "Organization", "Organisation", "Force", "Ministry", "Parliament", "Congress",
    "Party", "Court", "Police", "Hospital", "College", "Club", "Union", "Fund", "Trust", "Alliance", "League",
    "Nations", "Secretariat", "Administration", "Daily", "Post", "Times", "Agency", "Television", "Radio", "Reserve",
}
_EN_CONNECTOR = re.compile(r"[ \xa0](?:of|for|on|in)(?:[ \xa0]the)?[ \xa0]")
_EN_TIME_WORDS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
_EN_LEADING = {"The", "the", "My", "Our", "This", "That", "His", "Her", "Their", "Its", "A", "An", "Both", "All"}
_EN_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z&]{1,9})\)")
# Verbs and adverbs that end an organization's name when reading leftwards.
_ORG_STOP = set("要希望持建议呼吁批评指包括出席进入带领引述听取返回融担心攻读改装使迫搞助退免审冲知虽界成领签不是有没可能让令给靠少往涌供足综且届设他她它")
# "外国商会", "当地政府": a kind of body, not a named one
_INDEFINITE = re.compile(r"^(?:外国|本地|本港|当地|海外|各地|两地|民选|地方|各级|上级|下级|新一届|新|大型|跨国|大型跨国)?"
                         r"(?:商会|公司|银行|政府|当局|医院|法院|中心|协会|议会)$")
_VERB_BIGRAMS = ("设立", "成立", "建立", "确立", "订立", "创立")
# Suffix characters that, with the character before them, make an ordinary word.
_NOT_ORG_ENDINGS = ("筹办", "骗局", "大局", "格局", "布局", "结局", "当局", "部署", "签署", "举办", "创办", "怎么办", "特办",
                    "送办", "接办", "营办", "复办", "不办", "有办", "理办", "窗口办",
                    "办商会", "应商会", "包商会")  # 营办商 / 供应商 / 承包商 + 会 ("will")
_COUNTED = re.compile(r"[\d一二三四五六七八九十两几多]+[个家间所名]")
_PLACE_LIKE = re.compile(r"(?:港|澳|国|省|市|区|州|县|特区|中央|地方|当地)$")
# A suffix alone, or a generic word + suffix, is not a name ("该局", "有关当局").
_TOO_GENERIC = {"委员会", "利益集团", "当局", "政府", "有关当局", "相关部门", "该局", "本局", "两地政府", "中心", "医院", "公司", "银行", "大学",
                "电视台", "市政府", "政策局", "管理局", "当地政府", "航空公司", "本地电视台"}
_LEADING_NOISE = re.compile(r"^(?:由|向|与|和|及|到|从|据|在|对|中国的|另|各|有关|相关|所有|其他|多个|一个|这个|该|部分|一些|不少|关(?=[\u4e00-\u9fff]{2}))")


@extractor(NAME, adds=("org",))
def extract_organizations(doc: Doc, knowledge: Knowledge) -> None:
    article = doc.article
    text = article.simplified
    kinds: dict[Node, str] = {}

    pattern = gazetteer(knowledge, "org")
    if pattern is not None:
        for match in pattern.finditer(folded_text(doc)):
            _add(doc, knowledge, match.start(), match.end(), kinds)

    if article.script != "en":
        for match in _ZH_SUFFIX.finditer(text):
            end = match.end()
            start = left_extent(text, match.start(), limit=14)
            for pos in range(match.start() - 1, start - 1, -1):
                if text[pos] in _ORG_STOP:
                    start = pos + 1
                    break
            counted = _COUNTED.match(text, start, match.start())  # "15个政策局", "一家…公司"
            if counted:
                start = counted.end()
            while start < match.start() and _LEADING_NOISE.match(text[start:]):
                start += _LEADING_NOISE.match(text[start:]).end()
            if text[start - 1 : start + 1] in _VERB_BIGRAMS:
                start += 1  # "在本港设立公司": the verb's second character is no name
            if doc.tokens:
                start = _word_start(doc, start, match.start())
            name = text[start:end]
            suffix = match.group(0)
            if name.endswith(_NOT_ORG_ENDINGS) and not (suffix in ("当局",) and _PLACE_LIKE.search(name[: -len(suffix)])):
                continue
            if suffix == "政府" and not _PLACE_LIKE.search(name[: -len(suffix)]):
                continue
            if suffix == "日报" and (text[match.start() - 1 : match.start()].isdigit() or text[start - 1 : start].isdigit()):
                continue  # "1月29日报道"
            if len(name) < 3 or name in _TOO_GENERIC or _INDEFINITE.match(name) or overlaps(doc, start, end, ("person",)):
                continue
            # a longer name that continues past a known one swallows it (立法会 + 交通事务委员会);
            # one that only adds words before it does not ("受访者表示立法会")
            inside = [e for e in doc.entities if e.node.kind == "org" and start <= e.mention.start and e.mention.end < end]
            if overlaps(doc, start, end, ("org",)) and (not inside or any(
                    e.mention.start < start < e.mention.end or e.mention.start < end < e.mention.end
                    for e in doc.entities if e.node.kind == "org")):
                continue
            for contained in inside:
                doc.entities.remove(contained)
            if not all(HAN.match(c) or c.isalnum() for c in name):
                continue
            _add(doc, knowledge, start, end, kinds)
        for regex in (_CITED, _ZH_BOOK):
            for match in regex.finditer(text):
                start, end = match.span(1)
                name = text[start:end]
                if not knowledge.lookup(name, "org") and not name.endswith(_MEDIA_SUFFIX + ("报", "杂志", "网", "01")):
                    continue  # 《香港国安法》 is a law and "据法新社今天自香港报道" no outlet's name
                if not overlaps(doc, start, end, ("org", "person")):
                    _add(doc, knowledge, start, end, kinds, media=True)
        if doc.tokens:
            _model_orgs(doc, knowledge, kinds)
            _place_before(doc, knowledge, kinds)
    else:
        _english_orgs(doc, knowledge, kinds)

    _drop_memberships(doc)
    _drop_bylines(doc)
    emit_entities(doc, knowledge, "org", lambda node: (getattr(KG, kinds[node]), KG.Organization), NAME)


# Tags of words that never start an organization's name (verbs, adverbs, prepositions, pronouns, numbers...).
_NOT_NAME_START_TAGS = {"v", "vd", "d", "p", "c", "u", "r", "m", "q", "xc", "w", "ad", "TIME", "f", "a"}
# Suffixes of names the labeller finds (besides those of _ZH_SUFFIX).
_MODEL_SUFFIX = re.compile(r"(?:部|院|组织|党|盟|党团|社|处|会|署|台|网|报|委|联|集团|银行|团体|协会|基金|交易所|"
                           r"航空|学院|中学|小学|国小|分行|警|军|队)$")
# Events and gatherings the labeller calls ORG (北京冬奥会, 博鳌论坛, 记者会): no body.
_EVENT = re.compile(r"(?:奥会|运会|博会|览会|峰会|大会|论坛|晚会|音乐会|研讨会|发布会|记者会|招待会|交流会|座谈会|会议|比赛|赛事)$")
_GENERIC_BODIES = {"执政党", "反对党", "在野党", "联合政府", "执政联盟", "政党", "国会", "议会", "警方", "军方", "国际",
                   "中央", "北京中央", "党", "内阁"}


_MEMBERSHIP = re.compile(r"常委")


def _drop_memberships(doc: Doc) -> None:
    """A body named only in a standing-committee member's title before a person (全国人大常委谭耀宗) is
    that person's post in another body (the standing committee), not a body the article speaks of:
    that mention is not kept as the organization's."""
    text = doc.article.simplified
    starts = {e.mention.start for e in doc.entities if e.node.kind == "person"}
    for em in [e for e in doc.entities if e.node.kind == "org"]:
        title = _MEMBERSHIP.match(text, em.mention.end)
        if title and title.end() in starts:
            doc.entities.remove(em)


_BYLINE = re.compile(r"(?:记者|特派员|特约记者)[\u4e00-\u9fff]{2,4}(?:摄|攝|报道|电|/)|(?:驻[\u4e00-\u9fff]{1,4})?记者[\u4e00-\u9fff]{2,4}\d{1,2}日")


def _drop_bylines(doc: Doc) -> None:
    """The outlet in its own byline or photo credit (中央社记者张三摄, 新华社记者…报道) is the publisher
    signing, not a body the article speaks of."""
    text = doc.article.simplified
    for em in [e for e in doc.entities if e.node.kind == "org"]:
        if _BYLINE.match(text, em.mention.end):
            doc.entities.remove(em)


def _word_start(doc: Doc, start: int, suffix_start: int) -> int:
    """Where a suffix name really starts, by the labeller's words: at the start of the word it begins
    in, after any verbs, adverbs or numbers before the name proper (已接洽|中华民国体操协会)."""
    tagged = next((t for t in doc.tokens if t.tag == "ORG" and t.start < suffix_start < t.end), None)
    if tagged is not None and tagged.end - tagged.start >= 3 and start < tagged.start:
        return tagged.start  # the labeller's own bounds of this name (体育署已接洽|中华民国体操协会)
    words = [t for t in doc.tokens if t.end > start and t.start < suffix_start]
    if words and words[0].start < start and words[0].tag in ("ORG", "LOC", "nz", "n", "nw", "vn"):
        start = words[0].start  # left_extent stopped inside a word (中国和平|统一促进会: 和 is a stop character)
    for word in words:
        if word.tag not in _NOT_NAME_START_TAGS:
            break
        start = max(start, word.end)
    return min(start, suffix_start)


# A post or an English name right after a tagged body: 摩根大通首席执行官, 摩根大通（JP Morgan Chase）
_ROLE_AFTER = re.compile(rf"(?:{ZH_TITLES}|CEO|首席|旗下)|[（(][A-Z]")


def _model_orgs(doc: Doc, knowledge: Knowledge, kinds: dict) -> None:
    """The labeller's ORG spans the patterns missed, kept when the text supports them: the reference
    knowledge knows the name, it ends like a body's name (…部, …组织, …党, …社), or it is cited or
    speaks (据…报道, …表示), or a post or its English name follows it (摩根大通首席执行官); a mere repetition is no support (维吾尔族 and 穆斯林 recur too). Single
    characters, places, events, Latin words, generic bodies (执政党) and a title before a name
    (全国人大常委|谭耀宗) are not organizations."""
    text = doc.article.simplified
    # each ORG token on its own: two tagged names side by side are two bodies (美国乔治城大学|亚洲法律中心)
    for start, end in [(t.start, t.end) for t in doc.tokens if t.tag == "ORG"]:
        name = text[start:end]
        _with_place(doc, knowledge, start, end, kinds)
        if len(name) < 2 or overlaps(doc, start, end, ("org", "person")):
            continue
        if not all(HAN.match(c) or c.isalnum() for c in name) or (name.isascii() and not name[:1].isupper()):
            continue
        if name in _TOO_GENERIC or name in _GENERIC_BODIES or _INDEFINITE.match(name) or is_place(knowledge, name) \
                or _EVENT.search(name):
            continue
        if any(e.node.kind == "person" and e.mention.start == end for e in doc.entities):
            continue  # a post before a name (全国人大常委谭耀宗), not the body
        known = knowledge.lookup(doc.article.text[start:end], "org")
        role = _ROLE_AFTER.match(text, end)
        cited = text[max(0, start - 3) : start].endswith(("据", "根据", "引述")) or bool(SPEECH_AFTER.match(text, end)) \
            or bool(role and not role.group(0).startswith(name[-1]))  # 政务司|司长 is a post's title, not a body
        if name.isascii() and not (known or cited):
            continue  # COVID, Omicron: Latin words the labeller calls ORG
        if known or _ZH_SUFFIX.search(name) or _MODEL_SUFFIX.search(name) or cited:
            _add(doc, knowledge, start, end, kinds)


def _english_orgs(doc: Doc, knowledge: Knowledge, kinds: dict) -> None:
    """English names of bodies (see ``_EN_PHRASE``), and their acronyms: "the National Development and
    Reform Commission (NDRC)" makes NDRC, wherever it recurs, a name of the same body."""
    text = doc.article.text
    acronyms: dict[str, tuple[int, int]] = {}
    for match in _EN_PHRASE.finditer(text):
        for start, end in _en_names(text, match.start(), match.end()):
            inside = [e for e in doc.entities if e.node.kind == "org" and start <= e.mention.start
                      and e.mention.end <= end and (e.mention.start, e.mention.end) != (start, end)]
            if inside and not overlaps(doc, start, end, ("person",)) and not any(
                    e.node.kind == "org" and (e.mention.start < start < e.mention.end or e.mention.start < end < e.mention.end)
                    for e in doc.entities):
                # a known short name inside a longer one: at its start, a fuller name of the same body
                # ("Liaison Office" + " of the Central People's Government …"); elsewhere part of another name
                head = next((e for e in inside if e.mention.start == start), None)
                for contained in inside:
                    doc.entities.remove(contained)
                if head is not None and not knowledge.lookup(text[start:end], "org"):
                    add_entity(doc, head.node, start, end, text[start:end])
                    continue
            if not overlaps(doc, start, end, ("org", "person")):
                _add(doc, knowledge, start, end, kinds)
            acronym = _EN_ACRONYM.match(text, end)
            if acronym:
                acronyms.setdefault(acronym.group(1), (start, end))
    for acronym, (start, end) in acronyms.items():
        node = next((e.node for e in doc.entities if e.node.kind == "org" and e.mention == Mention(start, end)), None)
        if node is None:
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            if not overlaps(doc, match.start(), match.end()):
                add_entity(doc, node, match.start(), match.end(), acronym)


def _en_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names of bodies in one capitalised phrase ``text[start:end]``: the phrase cut at "X and Y"
    between two names, each part from its first segment with a head word, up to its last head word."""
    phrase = text[start:end]
    parts, offset = [], 0
    for match in re.finditer(r"\s+(?:and|&)\s+", phrase):  # "Asian Development Bank and Asian Infrastructure …"
        before, after = phrase[offset : match.start()], phrase[match.end() :]
        if before.split()[-1] in _EN_HEADS and _EN_HEADS & set(after.split()):
            parts.append((offset, match.start()))
            offset = match.end()
    parts.append((offset, len(phrase)))
    names = []
    for part_start, part_end in parts:
        part = phrase[part_start:part_end]
        cuts = [0] + [m.end() for m in _EN_CONNECTOR.finditer(part)]
        first = next((c for c in cuts if _EN_HEADS & set(_segment(part, c).split())), None)
        if first is None:
            continue
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", part)]
        connector = _EN_CONNECTOR.search(part, first)
        segment_end = connector.start() if connector else len(part)
        last_head = max(e for s_, e in words if first <= s_ < segment_end and part[s_:e] in _EN_HEADS)
        after = part[last_head:segment_end].split()
        if after and after[0][0].isupper() and after[0] not in _EN_HEADS:
            continue  # "Smart Government Innovation Lab", "… Cultural Exchange Conference": named after a body
        name_end = part_start + _name_end(part, last_head)
        name_start = part_start + first
        while True:
            word = re.match(r"\S+\s+", phrase[name_start:name_end])
            if word and word.group(0).strip() in _EN_LEADING:
                name_start += word.end()
            else:
                break
        name = phrase[name_start:name_end]
        if name.endswith(("'s", "’s")):
            name_end -= 2
            name = name[:-2]
        if len(name.split()) < 2 or re.search(r"\b(?:an?|any|every|each)\s+$", text[max(0, start - 6) : start]):
            continue  # a lone head word, or "an International Financial Centre": no named body
        names.append((start + name_start, start + name_end))
    return names


def _name_end(part: str, end: int) -> int:
    """The end of a name whose last head word ends at ``end``: on over "of the State Council" (… Commission
    of the State Council) and "in the … Region" (… Government in the Hong Kong Special Administrative
    Region), not over "on July" or "in Hong Kong"."""
    while True:
        connector = _EN_CONNECTOR.match(part, end)
        if not connector:
            return end
        following = _EN_CONNECTOR.search(part, connector.end())
        segment_end = following.start() if following else len(part)
        segment = part[connector.end() : segment_end].split()
        word = connector.group(0).split()[0]
        if not segment or segment[0] in _EN_TIME_WORDS or word == "in" and segment[-1] != "Region" \
                or word == "of" and segment[0] in ("HKSAR", "SAR", "Hong") and segment[-1] in ("Government", "Region", "HKSAR"):
            return end  # "… Bureau of the HKSAR Government": the bureau's name ends before its government
        end = segment_end


def _segment(part: str, cut: int) -> str:
    match = _EN_CONNECTOR.search(part, cut)
    return part[cut : match.start() if match else len(part)]


_OWN_COUNTRY = ("中国", "中华人民共和国", "国家", "中央", "中共")


def _with_place(doc: Doc, knowledge: Knowledge, start: int, end: int, kinds: dict) -> None:
    """A tagged ORG span that is a found name with a place before it (巴基斯坦|外交部) names that
    place's body: the mention takes the place, and becomes a node of its own unless the place is
    China's own (中国|外交部 is the body the reference knowledge means by 外交部)."""
    text = doc.article.simplified
    inner = [e for e in doc.entities if e.node.kind == "org" and e.mention.end == end and start < e.mention.start]
    if len(inner) != 1 or overlaps(doc, start, inner[0].mention.start):
        return
    place = text[start : inner[0].mention.start]
    if len(place) < 2 or place in _OWN_COUNTRY or not (is_place(knowledge, place) or all(HAN.match(c) for c in place)):
        return
    doc.entities.remove(inner[0])
    _add(doc, knowledge, start, end, kinds)


def _place_before(doc: Doc, knowledge: Knowledge, kinds: dict) -> None:
    """A government body's name right after a place the labeller tags (美国|国务院, 广东|卫健委): the place
    is part of the name, so the mention takes it and is resolved again: the same body when the reference
    knowledge knows the longer form (香港立法会), else a body of its own, not China's (国务院). An outlet or
    company keeps its name (新加坡|联合早报 is 联合早报)."""
    text = doc.article.simplified
    places = {t.end: t for t in doc.tokens if t.tag == "LOC" and t.end - t.start >= 2}
    for em in [e for e in doc.entities if e.node.kind == "org"]:
        place = places.get(em.mention.start)
        if place is None or text[place.start : place.end] in _OWN_COUNTRY or overlaps(doc, place.start, place.end):
            continue
        longer = doc.article.text[place.start : em.mention.end]
        entry = knowledge.lookup(longer, "org")
        inner = knowledge.lookup(doc.article.text[em.mention.start : em.mention.end], "org")
        if entry is None and (inner is None or inner.cls != "GovernmentBody"):
            continue  # a name of the article's own making keeps its bounds; 新加坡|联合早报 is still 联合早报
        doc.entities.remove(em)
        _add(doc, knowledge, place.start, em.mention.end, kinds)


def _add(doc: Doc, knowledge: Knowledge, start: int, end: int, kinds: dict, media: bool = False) -> None:
    original = doc.article.text[start:end]
    if overlaps(doc, start, end, ("org",)):
        return
    entry = knowledge.lookup(original, "org")
    if entry is None and not original.isascii() and original[:2] in ("中国", "中共") and len(original) > 4:
        entry = knowledge.lookup(original[2:], "org")  # 中国国务院港澳办 = 国务院港澳办
    if entry:
        node, kind = Node("org", entry.key), entry.cls
    else:
        key = fold(original) if not original.isascii() else original
        node = Node("org", key)
        kind = _kind_of(key, media)
    kinds[node] = kind
    add_entity(doc, node, start, end, original)


def _kind_of(name: str, media: bool) -> str:
    if media or name.endswith(_MEDIA_SUFFIX):
        return "MediaOutlet"
    if name.endswith(_GOV_SUFFIX) or name.endswith(("Bureau", "Department", "Office", "Commission", "Government")):
        return "GovernmentBody"
    return "OtherOrganization"
