"""organizations.v1: government bodies, media outlets and other organizations.

Found by structure, not by list: a run of characters ending in an
organizational suffix (…局, …署, …办, …委员会, …办公室, …政府, …大学, …日报, …社),
an outlet cited as a source (据《星岛日报》报道, 据香港01报道), English names ending
in Bureau/Department/Office/Commission/Council. Reference knowledge joins
forms of one body (港澳办 = 国务院港澳事务办公室 = HKMAO) and gives its kind.
"""

from __future__ import annotations

import re


from ..knowledge import Knowledge, fold
from ..model import Doc, Node
from ..vocab import KG
from . import extractor
from .patterns import HAN, add_entity, emit_entities, folded_text, gazetteer, left_extent, overlaps

NAME = "organizations.v1"

_ZH_SUFFIX = re.compile(
    r"(?:办公室|委员会|常委会|事务局|政策局|局|署|办|政府|当局|大学|日报|晚报|时报|通讯社|新闻社|电视台|电台|"
    r"中心|医院|法院|立法会|国务院|卫健委|联络办|议会|协会|商会|家长会|联合会|总会|基金会|公司|银行|集团|"
    r"研究所|研究院|协调组|工作组|专责小组|专家组|航空公司)"
    r"(?![\u4e00-\u9fff]{0,0}(?:长|员|主任|发言人|人士|属|势|面|限|门|部|家))"
)
_MEDIA_SUFFIX = ("日报", "晚报", "时报", "通讯社", "新闻社", "电视台", "电台", "新闻", "周刊", "社")
_GOV_SUFFIX = ("局", "署", "办", "政府", "当局", "国务院", "卫健委", "委员会", "常委会", "办公室", "立法会", "法院", "联络办")
_CITED = re.compile(
    r"(?:据|根据|引述|引用)(?:网媒|港媒|媒体|传媒)?《?((?![另一这该])[\u4e00-\u9fffA-Za-z0-9]{2,10}?)》?"
    r"(?:[今昨前]天|[今昨]日|早前|此前)?(?:自[\u4e00-\u9fff]{1,4})?(?:报道|报导|引述)"
)
_ZH_BOOK = re.compile(r"《([^》\s]{2,12})》")
_EN_ORG = re.compile(
    r"\b(?:the )?((?:[A-Z][a-z]+ )+(?:Bureau|Department|Office|Commission|Council|Committee|Government|Authority|Agency|University))\b"
)
# Verbs and adverbs that end an organization's name when reading leftwards.
_ORG_STOP = set("要希望持建议呼吁批评指包括出席进入带领引述听取返回融担心攻读改装使迫搞助退免审冲知虽界成领签不是有没可能让令给靠少往涌供足综且届设他她它")
# "外国商会", "当地政府": a kind of body, not a named one
_INDEFINITE = re.compile(r"^(?:外国|本地|本港|当地|海外|各地|两地|民选|地方|各级|上级|下级|新一届|新|大型|跨国|大型跨国)?"
                         r"(?:商会|公司|银行|政府|当局|医院|法院|中心|协会|议会)$")
_VERB_BIGRAMS = ("设立", "成立", "建立", "确立", "订立", "创立")
# Suffix characters that, with the character before them, make an ordinary word.
_NOT_ORG_ENDINGS = ("骗局", "大局", "格局", "布局", "结局", "当局", "部署", "签署", "举办", "创办", "怎么办", "特办",
                    "送办", "接办", "营办", "复办", "不办", "有办", "理办", "窗口办",
                    "办商会", "应商会", "包商会")  # 营办商 / 供应商 / 承包商 + 会 ("will")
_COUNTED = re.compile(r"[\d一二三四五六七八九十两几多]+[个家间所名]")
_PLACE_LIKE = re.compile(r"(?:港|澳|国|省|市|区|州|县|特区|中央|地方|当地)$")
# A suffix alone, or a generic word + suffix, is not a name ("该局", "有关当局").
_TOO_GENERIC = {"当局", "政府", "有关当局", "相关部门", "该局", "本局", "两地政府", "中心", "医院", "公司", "银行", "大学",
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
    else:
        for match in _EN_ORG.finditer(article.text):
            start, end = match.span(1)
            if not overlaps(doc, start, end, ("org",)):
                _add(doc, knowledge, start, end, kinds)

    emit_entities(doc, knowledge, "org", lambda node: (getattr(KG, kinds[node]), KG.Organization), NAME)


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
