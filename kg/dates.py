"""Find time expressions in text and resolve them against the article's own date.

Each :class:`TimeExpr` keeps its precision (day, month, quarter) and a
qualifier (approx, before, early, mid, late); a day is never invented: 12月中旬
is the month 2021-12 with qualifier ``mid``. Without a reference date, relative
expressions stay unresolved and a month-day without a year becomes ``--12-14``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

__all__ = ["TimeExpr", "find_dates"]


@dataclass(frozen=True, slots=True)
class TimeExpr:
    start: int
    end: int
    value: str  # ISO: 2021-11-25, 2021-12, 2022-Q1, or --12-14 (no year known)
    precision: str  # day | month | quarter | monthday | gmonth
    qualifier: str = ""  # approx | before | after | early | mid | late | ""


_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}

# Months and days in Arabic or Chinese numerals (十二月, 二十三日).
_M = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_D = r"(\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_ZH_FULL = re.compile(rf"(\d{{4}})年{_M}月{_D}[日号](左右)?(前)?")
_ZH_MONTH_DAY = re.compile(rf"(今年|明年|去年)?{_M}月{_D}[日号](左右)?(前)?")
_ZH_MONTH = re.compile(rf"(\d{{4}}年|今年|明年|去年)?(?<![\d一二三四五六七八九十个]){_M}月(上旬|中旬|下旬|初|中|底|末)?(前|左右)?(?!\d|份?[\d日号])")
_ZH_REL_MONTH_DAY = re.compile(r"(本|上|下)个?月(\d{1,2})[日号]")
_ZH_REL_MONTH = re.compile(r"(下个?月|本月|上个?月|这个月)(上旬|中旬|下旬|初|中|底|末)?(前)?")
# 年底, 今年底, 今年年底, 明年初, 2023年底: the year word shares its 年 with the part when written short
_ZH_YEAR_PART = re.compile(r"(?:(\d{4})年?|([今明去])年?)?(年底|年初|年中)(前)?")
# 第四季, 明年首季, 今年第三季度前; "in the fourth quarter", "Q4", "Q1 2023", "first quarter of next year"
_ZH_QUARTER = re.compile(r"(今年|明年|去年|\d{4}年)?(?:第([一二三四1-4])|(首))季度?(前|内|末|底)?")
_EN_QUARTER = re.compile(r"\b(?:(?:the )?(first|second|third|fourth) quarter|Q([1-4]))"
                         r"(?:(?: of)? (?:(\d{4})|(this|next|last) year))?\b", re.I)
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "首": 1, "first": 1, "second": 2, "third": 3, "fourth": 4}
_ZH_DAY = re.compile(r"(今天|今日|昨天|昨日|明天|明日|前天|后天|[今昨明][早晨晚午](?!报))(?:[（(](\d{1,2})日[）)])?")
_ZH_WEEKDAY = re.compile(r"(上|本|下|这)?(?:周|星期|礼拜)([一二三四五六日天])(?:[（(](\d{1,2})日[）)])?")
_EN_MONTH_DAY = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2})(?:st|nd|rd|th)?\b",
    re.I)
_EN_THE_DAY = re.compile(r"\bon the (\d{1,2})(?:st|nd|rd|th)\b")
_EN_PART_MONTH = re.compile(
    r"\b(early|mid|late|end of)[- ](January|February|March|April|May|June|July|August|September|October|November|December)\b",
    re.I)

_NAMED_DAY = re.compile(r"(农历新年|农历年|春节|新春|元旦|圣诞节?|国庆)(?:[（(][^）)]*[）)])?(前|之前|后)?|"
                        r"\b(?:before |after )?(Lunar New Year|Chinese New Year|Christmas|New Year's Day)\b", re.I)
_SOLSTICE = re.compile(r"冬至|winter solstice", re.I)
_PART = {"上旬": "early", "初": "early", "中旬": "mid", "中": "mid", "下旬": "late", "底": "late", "末": "late"}


def find_dates(text: str, reference: date | None, context: str | None = None,
               events: dict[str, tuple[date, ...]] | None = None) -> list[TimeExpr]:
    """All time expressions in ``text`` (Simplified Chinese or English), in order, without overlaps.

    ``context`` is the whole article, where an undated "on the 14th" looks for
    the month of an explicit "December 14th". ``events`` maps names of dated
    events (立法会选举, "Legislative Council election") to their dates; the next
    one after the reference is meant.
    """
    found: list[TimeExpr] = []

    def add(expr: TimeExpr | None) -> None:
        if expr and not any(e.start < expr.end and expr.start < e.end for e in found):
            found.append(expr)

    for m in _ZH_FULL.finditer(text):
        add(_day(m, int(m[1]), _number(m[2]), _number(m[3]), _qual(m[4], m[5])))
    for m in _ZH_MONTH_DAY.finditer(text):
        add(_month_day(m, reference, m[1], _number(m[2]), _number(m[3]), _qual(m[4], m[5])))
    for m in _ZH_REL_MONTH_DAY.finditer(text):
        if reference:
            year, month = _shift_month(reference.year, reference.month, {"上": -1, "下": 1}.get(m[1], 0))
            add(_day(m, year, month, int(m[2]), ""))
    for m in _ZH_DAY.finditer(text):
        add(_relative_day(m, reference))
    for m in _ZH_WEEKDAY.finditer(text):
        add(_weekday(m, reference))
    for m in _ZH_MONTH.finditer(text):
        add(_month(m, reference))
    for m in _ZH_REL_MONTH.finditer(text):
        if reference:
            shift = {"下": 1, "上": -1}.get(m[1][0], 0)
            year, month = _shift_month(reference.year, reference.month, shift)
            add(TimeExpr(m.start(), m.end(), f"{year:04d}-{month:02d}", "month", _qual(None, m[3], _PART.get(m[2] or ""))))
    for m in _ZH_YEAR_PART.finditer(text):
        add(_year_part(m, reference))
    for m in _ZH_QUARTER.finditer(text):
        year_word = m[1] or ""
        add(_quarter(m, reference, _QUARTERS.get(m[2] or m[3]) or int(m[2]),
                     {"今年": 0, "明年": 1, "去年": -1}.get(year_word), int(year_word[:4]) if year_word[:1].isdigit() else None,
                     {"前": "before", "末": "late", "底": "late"}.get(m[4] or "", "")))
    for m in _EN_QUARTER.finditer(text):
        add(_quarter(m, reference, _QUARTERS[m[1].lower()] if m[1] else int(m[2]),
                     {"this": 0, "next": 1, "last": -1}.get((m[4] or "").lower()), int(m[3]) if m[3] else None, ""))
    for m in _EN_MONTH_DAY.finditer(text):
        add(_month_day(m, reference, None, _MONTHS[m[1].lower()], int(m[2]), ""))
    for m in _EN_PART_MONTH.finditer(text):
        month = _MONTHS[m[2].lower()]
        part = {"early": "early", "mid": "mid", "late": "late", "end of": "late"}[m[1].lower()]
        add(_month_value(m, reference, None, month, part))
    for m in _EN_THE_DAY.finditer(text):
        add(_the_day(m, context or text, reference))
    for m in _SOLSTICE.finditer(text):
        add(_solstice(m, reference))
    for m in _NAMED_DAY.finditer(text):
        add(_named_day(m, reference))
    for name, days in sorted((events or {}).items(), key=lambda item: -len(item[0])):  # 20大会议 before 20大
        for m in re.finditer(re.escape(name) + r"(?:结束)?(前|之前|后|之后)?", text, re.I):
            add(_event(m, reference, days, text))
    # 农历新年（2月1日）前: the bracketed date of a named day, then "before".
    found = [
        TimeExpr(e.start, e.end, e.value, e.precision, "before") if text[e.end : e.end + 2] in ("）前", ")前") else e
        for e in found
    ]
    return sorted(found, key=lambda e: e.start)


def _qual(approx: str | None, before: str | None, part: str | None = None) -> str:
    if before == "前":
        return "before"
    if approx == "左右":
        return "approx"
    return part or ""


def _day(m, year: int, month: int, day: int, qualifier: str) -> TimeExpr | None:
    try:
        return TimeExpr(m.start(), m.end(), date(year, month, day).isoformat(), "day", qualifier)
    except ValueError:
        return None


def _nearest_year(reference: date, month: int, day: int = 15) -> int:
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append((abs((date(year, month, day) - reference).days), year))
        except ValueError:
            continue
    return min(candidates)[1] if candidates else reference.year


def _month_day(m, reference, year_word, month: int, day: int, qualifier: str) -> TimeExpr | None:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if reference is None and not year_word:
        try:
            date(2000, month, day)  # a leap year: any real month-day passes
        except ValueError:
            return None
        return TimeExpr(m.start(), m.end(), f"--{month:02d}-{day:02d}", "monthday", qualifier)
    if reference is None:
        return None
    year = {"今年": reference.year, "明年": reference.year + 1, "去年": reference.year - 1}.get(
        year_word or "", None) or _nearest_year(reference, month, min(day, 28))
    return _day(m, year, month, day, qualifier)


def _number(text: str) -> int:
    """1-31 from Arabic or Chinese numerals (十二 = 12, 二十三 = 23, 三十 = 30)."""
    if text.isdigit():
        return int(text)
    digits = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    if "十" in text:
        tens, _, ones = text.partition("十")
        return digits.get(tens, 1) * 10 + digits.get(ones, 0)
    return digits[text]


def _month(m, reference) -> TimeExpr | None:
    month = _number(m[2])
    if not 1 <= month <= 12:
        return None
    year_word = m[1]
    if year_word and year_word[0].isdigit():
        year = int(year_word[:4])
    elif reference is None:
        return None
    else:
        year = {"今年": reference.year, "明年": reference.year + 1, "去年": reference.year - 1}.get(
            year_word or "", None) or _nearest_year(reference, month)
    qualifier = _qual(m[4], m[4], _PART.get(m[3] or ""))
    return TimeExpr(m.start(), m.end(), f"{year:04d}-{month:02d}", "month", qualifier)


def _month_value(m, reference, year, month, qualifier) -> TimeExpr | None:
    if reference is None:
        return None
    year = year or _nearest_year(reference, month)
    return TimeExpr(m.start(), m.end(), f"{year:04d}-{month:02d}", "month", qualifier)


def _year_part(m, reference) -> TimeExpr | None:
    if reference is None:
        return None
    year = int(m[1]) if m[1] else reference.year + {"明": 1, "去": -1}.get(m[2] or "", 0)
    part, before = m[3], m[4] == "前"
    if part == "年底":
        return TimeExpr(m.start(), m.end(), f"{year:04d}-12", "month", "before" if before else "late")
    if part == "年初":
        return TimeExpr(m.start(), m.end(), f"{year:04d}-01", "month", "before" if before else "early")
    return TimeExpr(m.start(), m.end(), f"{year:04d}-06", "month", "before" if before else "mid")  # 年中


def _quarter(m, reference, quarter: int, shift: int | None, year: int | None, qualifier: str) -> TimeExpr | None:
    """A quarter of the year written (2023年, Q1 2023), of this/next/last year, or else the next one
    not yet over: "第一季" written in August is next year's."""
    if year is None:
        if reference is None:
            return None
        if shift is not None:
            year = reference.year + shift
        else:
            year = reference.year + (1 if quarter < (reference.month - 1) // 3 + 1 else 0)
    return TimeExpr(m.start(), m.end(), f"{year:04d}-Q{quarter}", "quarter", qualifier)


def names_a_holiday(words: str) -> bool:
    """Whether a time expression's words are a holiday ("农历新年前", "before Christmas"), not a day
    written as one: a forecast set by a holiday is read at the month's precision."""
    return bool(_NAMED_DAY.fullmatch(words))


def _relative_day(m, reference) -> TimeExpr | None:
    if reference is None:
        return None
    shift = {"今": 0, "昨": -1, "明": 1, "前": -2, "后": 2}[m[1][0]]
    day = reference + timedelta(days=shift)
    if m[2]:  # the bracketed day-of-month wins when it disagrees by a day (time zones)
        bracket = int(m[2])
        for delta in (0, -1, 1):
            candidate = day + timedelta(days=delta)
            if candidate.day == bracket:
                day = candidate
                break
    return TimeExpr(m.start(), m.end(), day.isoformat(), "day")


def _weekday(m, reference) -> TimeExpr | None:
    if reference is None:
        return None
    weekday = _CN_NUM[m[2]] - 1
    if m[3]:  # 周二（2日）: the bracketed day-of-month nearest the reference
        bracket = int(m[3])
        for back in range(0, 20):
            candidate = reference - timedelta(days=back)
            if candidate.day == bracket:
                return TimeExpr(m.start(), m.end(), candidate.isoformat(), "day")
        return None
    if not m[1]:  # 周日 alone: the nearest Sunday (yesterday, said on a Monday), not this week's last day
        day = next(reference + timedelta(days=k) for k in (0, -1, 1, -2, 2, -3, 3)
                   if (reference + timedelta(days=k)).weekday() == weekday)
        return TimeExpr(m.start(), m.end(), day.isoformat(), "day")
    monday = reference - timedelta(days=reference.weekday())
    offset = {"上": -7, "下": 7}.get(m[1], 0)  # 本周, 这周: this week
    day = monday + timedelta(days=offset + weekday)
    return TimeExpr(m.start(), m.end(), day.isoformat(), "day")


def _the_day(m, text: str, reference) -> TimeExpr | None:
    day = int(m[1])
    if reference is not None:
        candidate = reference.replace(day=1)
        try:
            value = candidate.replace(day=day)
        except ValueError:
            return None
        return TimeExpr(m.start(), m.end(), value.isoformat(), "day")
    # No article date: borrow the month of an explicit "Month D" naming the same day.
    for other in _EN_MONTH_DAY.finditer(text):
        if int(other[2]) == day:
            return TimeExpr(m.start(), m.end(), f"--{_MONTHS[other[1].lower()]:02d}-{day:02d}", "monthday")
    return None


def _solstice(m, reference) -> TimeExpr | None:
    """The December solstice: its day in Beijing time when the year is known, else December."""
    if reference is None:
        return TimeExpr(m.start(), m.end(), "--12", "gmonth", "approx")
    year = reference.year
    # Meeus, Astronomical Algorithms, ch. 27 (good to about a minute for 1000-3000)
    y = (year - 2000) / 1000
    jde = 2451900.05952 + 365242.74049 * y - 0.06223 * y**2 - 0.00823 * y**3 + 0.00032 * y**4
    utc = datetime(2000, 1, 1, 12, tzinfo=timezone.utc) + timedelta(days=jde - 2451545.0)
    local = (utc + timedelta(hours=8)).date()
    return TimeExpr(m.start(), m.end(), local.isoformat(), "day", "approx")


def _lunar_new_year(year: int) -> date:
    from lunardate import LunarDate

    return LunarDate(year, 1, 1).to_solar_date()


def _named_day(m, reference) -> TimeExpr | None:
    """Holidays: the next one on or after the reference date (农历新年 from the lunar calendar)."""
    if reference is None:
        return None
    name = (m[1] or m[3]).lower()
    before = (m[2] or "") in ("前", "之前") or m.group(0).lower().startswith("before")
    after = (m[2] or "") in ("后",) or m.group(0).lower().startswith("after")
    if not (before or after):
        return None  # "春节期间", "首个农历新年": the holiday itself, not a time something is set for
    for year in (reference.year, reference.year + 1):
        if name in ("农历新年", "农历年", "春节", "新春", "lunar new year", "chinese new year"):
            day = _lunar_new_year(year)
        elif name in ("元旦", "new year's day"):
            day = date(year + 1, 1, 1) if year == reference.year and reference.month > 1 else date(year, 1, 1)
        elif name.startswith(("圣诞", "christmas")):
            day = date(year, 12, 25)
        else:  # 国庆
            day = date(year, 10, 1)
        if day >= reference - timedelta(days=7):
            if "（" in m.group(0) or "(" in m.group(0):
                return None  # 农历新年（2月1日）前: the bracketed date is read on its own
            return TimeExpr(m.start(), m.end(), day.isoformat(), "day", "before" if before else "after")
    return None


def _event(m, reference, days: tuple[date, ...], text: str) -> TimeExpr | None:
    """A named event's date: the first on or after the reference (or the only one when undated)."""
    candidates = sorted(days)
    if reference is not None:
        candidates = [d for d in candidates if d >= reference - timedelta(days=7)]
    if not candidates or (reference is None and len(days) != 1):
        return None
    preceding = text[max(0, m.start() - 11):m.start()].lower()
    before = (m[1] or "") in ("前", "之前") or preceding.endswith(("before ", "before the "))
    after = (m[1] or "") in ("后", "之后") or preceding.endswith(("after ", "after the "))
    return TimeExpr(m.start(), m.end(), candidates[0].isoformat(), "day",
                    "before" if before else "after" if after else "")


def _shift_month(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1
