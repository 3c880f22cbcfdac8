"""Time expressions resolve against the article's own date and keep their precision."""

from __future__ import annotations

from datetime import date

import pytest

from kg.dates import find_dates


def resolve(text: str, reference: date | None):
    return [(text[e.start:e.end], e.value, e.precision, e.qualifier) for e in find_dates(text, reference)]


@pytest.mark.parametrize("text, reference, expected", [
    ("昨天（23日）结束", date(2021, 11, 24), ("昨天（23日）", "2021-11-23", "day", "")),
    ("将于明天举行", date(2021, 11, 24), ("明天", "2021-11-25", "day", "")),
    ("今天（5日）公布", date(2021, 11, 5), ("今天（5日）", "2021-11-05", "day", "")),
    ("港府周二（2日）与专家举行会议", date(2021, 11, 5), ("周二（2日）", "2021-11-02", "day", "")),
    ("双方刚于上周二展开了会议", date(2021, 11, 8), ("上周二", "2021-11-02", "day", "")),
    ("上周四（4日）的一份声明", date(2021, 11, 10), ("上周四（4日）", "2021-11-04", "day", "")),
    ("有望下月率先试行", date(2021, 11, 5), ("下月", "2021-12", "month", "")),
    ("期望明年2月恢复", date(2021, 11, 5), ("明年2月", "2022-02", "month", "")),
    ("最快可在12月中旬启动", date(2021, 11, 5), ("12月中旬", "2021-12", "month", "mid")),
    ("在12月10日左右就可以恢复", date(2021, 11, 24), ("12月10日左右", "2021-12-10", "day", "approx")),
    ("力争今年12月底前落实", date(2021, 11, 8), ("今年12月底前", "2021-12", "month", "before")),
    ("力争年底前落实", date(2021, 11, 8), ("年底前", "2021-12", "month", "before")),
    ("最快料明年首季通关", date(2021, 10, 4), ("明年首季", "2022-Q1", "quarter", "")),
    ("in early January", date(2021, 12, 20), ("early January", "2022-01", "month", "early")),
    ("around the winter solstice", date(2021, 11, 1), ("winter solstice", "2021-12-21", "day", "approx")),
    ("冬至前后", date(2022, 11, 1), ("冬至", "2022-12-22", "day", "approx")),
])
def test_dates_resolve_relative_and_partial_forms(text, reference, expected):
    assert resolve(text, reference)[0] == expected


def test_dates_bracketed_day_of_a_named_day_with_before():
    assert resolve("希望在农历新年（2月1日）前恢复", date(2021, 11, 10)) == [("2月1日", "2022-02-01", "day", "before")]


def test_dates_month_day_crosses_into_next_year_when_nearer():
    assert resolve("1月8日起通关", date(2022, 12, 30))[0][1] == "2023-01-08"


def test_dates_without_reference_keep_month_day_and_never_invent_a_year():
    text = "They went on the 14th. From December 10th to December 14th, many applied."
    assert resolve(text, None) == [
        ("on the 14th", "--12-14", "monthday", ""),
        ("December 10th", "--12-10", "monthday", ""),
        ("December 14th", "--12-14", "monthday", ""),
    ]
    assert resolve("明天举行", None) == []


def test_dates_ignore_impossible_dates():
    assert resolve("13月40日", date(2021, 11, 1)) == []


@pytest.mark.parametrize("text, reference, expected", [
    ("希望在一月中前落實", date(2022, 12, 24), ("一月中前", "2023-01", "month", "before")),
    ("十二月二十三日舉行", date(2022, 12, 1), ("十二月二十三日", "2022-12-23", "day", "")),
    ("自本月8日與內地首階段通關", date(2023, 1, 18), ("本月8日", "2023-01-08", "day", "")),
])
def test_dates_chinese_numerals_and_this_month(text, reference, expected):
    assert resolve(text, reference)[0] == expected


def test_dates_named_days_and_dated_events():
    assert resolve("希望在农历新年前恢复", date(2021, 11, 10)) == [("农历新年前", "2022-02-01", "day", "before")]
    assert resolve("春节前开放", date(2022, 12, 1))[0][1] == "2023-01-22"
    events = {"Legislative Council election": (date(2016, 9, 4), date(2021, 12, 19))}
    found = find_dates("may announce the date before the Legislative Council election.", date(2021, 11, 10),
                       events=events)
    assert [(e.value, e.qualifier) for e in found] == [("2021-12-19", "before")]


@pytest.mark.parametrize("text, reference, expected", [
    ("本周四举行", date(2021, 11, 22), ("本周四", "2021-11-25", "day", "")),
    ("下周二再开会", date(2021, 11, 22), ("下周二", "2021-11-30", "day", "")),
    ("星期一已经收到通知", date(2021, 11, 24), ("星期一", "2021-11-22", "day", "")),
])
def test_dates_weekdays_of_this_next_and_plain_week(text, reference, expected):
    assert resolve(text, reference)[0] == expected


@pytest.mark.parametrize("text, reference, expected", [
    # the article is dated a day early (UTC against Hong Kong time): the bracket wins
    ("今天（25日）公布", date(2021, 11, 24), ("今天（25日）", "2021-11-25", "day", "")),
    ("昨天（22日）结束", date(2021, 11, 24), ("昨天（22日）", "2021-11-22", "day", "")),
    # across a month end
    ("明天（1日）举行", date(2021, 11, 29), ("明天（1日）", "2021-12-01", "day", "")),
    # a bracket more than a day off is not a time zone: the relative day stands
    ("今天（10日）公布", date(2021, 11, 24), ("今天（10日）", "2021-11-24", "day", "")),
])
def test_dates_bracketed_day_wins_when_it_disagrees_by_a_day(text, reference, expected):
    assert resolve(text, reference)[0] == expected


@pytest.mark.parametrize("text, reference, expected", [
    ("年底通关", date(2021, 11, 8), ("年底", "2021-12", "month", "late")),
    ("明年年初恢复", date(2021, 11, 8), ("明年年初", "2022-01", "month", "early")),
    ("今年年初前", date(2021, 11, 8), ("今年年初前", "2021-01", "month", "before")),
    ("年中恢复", date(2022, 3, 1), ("年中", "2022-06", "month", "mid")),
    ("明年年中前", date(2021, 11, 8), ("明年年中前", "2022-06", "month", "before")),
    ("第一季前", date(2022, 1, 3), ("第一季前", "2022-Q1", "quarter", "before")),
    # the year word written short shares its 年 with the part (明年初 is next January, not this one)
    ("明年初通关", date(2021, 11, 8), ("明年初", "2022-01", "month", "early")),
    ("今年底前", date(2021, 11, 8), ("今年底前", "2021-12", "month", "before")),
    ("去年底", date(2022, 3, 1), ("去年底", "2021-12", "month", "late")),
    ("在2022年初会谈", date(2021, 11, 10), ("2022年初", "2022-01", "month", "early")),
    ("2023年底前", date(2021, 11, 10), ("2023年底前", "2023-12", "month", "before")),
])
def test_dates_parts_of_a_year_keep_month_precision_and_the_part(text, reference, expected):
    assert resolve(text, reference) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("本港时间明早举行", ("明早", "2021-11-11", "day", "")),
    ("昨晚会见", ("昨晚", "2021-11-09", "day", "")),
    ("今晨抵达", ("今晨", "2021-11-10", "day", "")),
])
def test_dates_a_part_of_a_near_day_is_that_day(text, expected):
    assert resolve(text, date(2021, 11, 10)) == [expected]


def test_dates_a_newspaper_named_after_the_evening_is_no_date():
    assert resolve("据天津今晚报报道", date(2021, 11, 10)) == []


def test_dates_parts_of_a_year_need_the_article_date():
    assert resolve("年底通关", None) == []


def test_dates_winter_solstice_without_a_year_is_december_approximately():
    assert resolve("冬至前后", None) == [("冬至", "--12", "gmonth", "approx")]


@pytest.mark.parametrize("year, day", [
    # Beijing time; 2021's solstice fell at 23:59 on the 21st, 2022's at 05:48 on the 22nd
    (2019, 22), (2020, 21), (2021, 21), (2022, 22), (2023, 22), (2024, 21), (2025, 21), (2026, 22),
    (2027, 22), (2028, 21), (2029, 21), (2030, 22),
])
def test_dates_winter_solstice_is_its_day_in_beijing_time(year, day):
    assert resolve("冬至", date(year, 11, 1)) == [("冬至", f"{year}-12-{day}", "day", "approx")]


@pytest.mark.parametrize("text, reference, expected", [
    # a bracketed day-of-month picks the weekday's date at or before the article's date
    ("周五（5日）宣布", date(2021, 11, 5), ("周五（5日）", "2021-11-05", "day", "")),
    ("周二（26日）开会", date(2021, 11, 5), ("周二（26日）", "2021-10-26", "day", "")),
    # no such day in the three weeks before: not resolved
    ("周二（6日）开会", date(2021, 11, 5), None),
    ("上周五的会议", date(2021, 11, 10), ("上周五", "2021-11-05", "day", "")),
])
def test_dates_weekday_with_a_bracketed_day_or_last_week(text, reference, expected):
    found = resolve(text, reference)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize("text, reference, expected", [
    ("农历年前", date(2022, 12, 1), ("农历年前", "2023-01-22", "day", "before")),
    ("新春之前", date(2021, 11, 10), ("新春之前", "2022-02-01", "day", "before")),
    ("before Chinese New Year", date(2021, 11, 10), ("before Chinese New Year", "2022-02-01", "day", "before")),
    ("after Lunar New Year", date(2022, 1, 3), ("after Lunar New Year", "2022-02-01", "day", "after")),
    # a holiday up to a week past still counts ("春节后" written just after it), not next year's
    ("春节后", date(2022, 2, 5), ("春节后", "2022-02-01", "day", "after")),
    ("春节后", date(2022, 2, 20), ("春节后", "2023-01-22", "day", "after")),
    ("元旦前", date(2021, 11, 10), ("元旦前", "2022-01-01", "day", "before")),
    ("元旦后", date(2022, 1, 1), ("元旦后", "2022-01-01", "day", "after")),
    ("before New Year's Day", date(2021, 12, 2), ("before New Year's Day", "2022-01-01", "day", "before")),
    ("圣诞节前", date(2021, 11, 10), ("圣诞节前", "2021-12-25", "day", "before")),
    ("圣诞后", date(2022, 1, 10), ("圣诞后", "2022-12-25", "day", "after")),
    ("after Christmas", date(2021, 12, 1), ("after Christmas", "2021-12-25", "day", "after")),
    ("国庆后", date(2021, 9, 20), ("国庆后", "2021-10-01", "day", "after")),
    ("国庆之前", date(2021, 11, 10), ("国庆之前", "2022-10-01", "day", "before")),
])
def test_dates_holidays_before_or_after_resolve_to_the_next_one(text, reference, expected):
    assert resolve(text, reference) == [expected]


@pytest.mark.parametrize("text", ["春节期间", "首个农历新年", "圣诞节", "Christmas"])
def test_dates_a_holiday_named_without_before_or_after_is_no_date(text):
    assert resolve(text, date(2021, 11, 10)) == []


def test_dates_a_holiday_needs_the_article_date():
    assert resolve("春节前", None) == []


ELECTION = {"立法会选举": (date(2016, 9, 4), date(2021, 12, 19))}


@pytest.mark.parametrize("text, reference, expected", [
    ("立法会选举前", date(2021, 11, 10), ("立法会选举前", "2021-12-19", "day", "before")),
    ("立法会选举结束之后", date(2021, 11, 10), ("立法会选举结束之后", "2021-12-19", "day", "after")),
    ("立法会选举后", date(2021, 12, 22), ("立法会选举后", "2021-12-19", "day", "after")),  # within a week
    ("立法会选举", date(2016, 8, 1), ("立法会选举", "2016-09-04", "day", "")),  # the first one still to come
    ("立法会选举前", None, None),  # two elections and no article date: which one is not known
    ("立法会选举后", date(2022, 1, 10), None),  # every election is past
])
def test_dates_named_events_take_the_next_date_and_before_or_after(text, reference, expected):
    found = [(text[e.start:e.end], e.value, e.precision, e.qualifier)
             for e in find_dates(text, reference, events=ELECTION)]
    assert (found[0] if found else None) == expected


def test_dates_a_named_event_with_one_date_needs_no_article_date():
    found = find_dates("after the Legislative Council election", None,
                       events={"Legislative Council election": (date(2021, 12, 19),)})
    assert [(e.value, e.qualifier) for e in found] == [("2021-12-19", "after")]


@pytest.mark.parametrize("numeral, value", [
    ("一", 1), ("二", 2), ("三", 3), ("四", 4), ("五", 5), ("六", 6), ("七", 7), ("八", 8), ("九", 9), ("十", 10),
    ("十一", 11), ("十二", 12), ("二十", 20), ("二十三", 23), ("三十", 30), ("三十一", 31), ("十九", 19),
])
def test_dates_chinese_numerals_of_days_read_as_their_number(numeral, value):
    assert resolve(f"十二月{numeral}日举行", date(2022, 12, 1))[0][1] == f"2022-12-{value:02d}"


@pytest.mark.parametrize("text, reference, expected", [
    ("12月31日举行", date(2021, 12, 1), "2021-12-31"),
    ("2月29日举行", date(2024, 1, 10), "2024-02-29"),
    ("去年12月5日", date(2022, 3, 1), "2021-12-05"),
    ("今年1月5日", date(2022, 12, 20), "2022-01-05"),  # not the nearer 2023-01-05: the year is written
    ("明年1月5日", date(2022, 3, 1), "2023-01-05"),
    ("12月5日", date(2023, 1, 3), "2022-12-05"),  # the nearest December 5th is last year's
    ("2022年3月", date(2021, 11, 1), "2022-03"),
    ("去年12月", date(2022, 3, 1), "2021-12"),
    ("今年1月", date(2022, 12, 20), "2022-01"),
    ("明年3月", date(2022, 12, 20), "2023-03"),
    ("2月", date(2022, 12, 20), "2023-02"),
    ("前天（22日）", date(2021, 11, 24), "2021-11-22"),
    ("后天", date(2021, 11, 24), "2021-11-26"),
    ("前天", date(2021, 11, 24), "2021-11-22"),
])
def test_dates_years_written_or_nearest_and_days_before_and_after(text, reference, expected):
    assert resolve(text, reference)[0][1] == expected


@pytest.mark.parametrize("text", ["12月32日", "13月5日", "2月30日"])
def test_dates_no_such_day_without_a_year_is_no_date(text):
    assert resolve(text, None) == []


def test_dates_a_month_day_keeps_its_qualifier_without_a_year():
    assert resolve("12月31日前", None) == [("12月31日前", "--12-31", "monthday", "before")]
    assert resolve("2月29日", None) == [("2月29日", "--02-29", "monthday", "")]  # a leap day is a real day


@pytest.mark.parametrize("text, reference, expected", [
    ("今年第四季通关", date(2022, 8, 1), ("今年第四季", "2022-Q4", "quarter", "")),
    ("第四季度恢复", date(2022, 8, 1), ("第四季度", "2022-Q4", "quarter", "")),
    ("最快第三季", date(2022, 8, 1), ("第三季", "2022-Q3", "quarter", "")),  # the quarter under way
    ("第一季前", date(2022, 8, 1), ("第一季前", "2023-Q1", "quarter", "before")),  # over: next year's
    ("明年第2季", date(2022, 8, 1), ("明年第2季", "2023-Q2", "quarter", "")),
    ("去年第四季末", date(2022, 8, 1), ("去年第四季末", "2021-Q4", "quarter", "late")),
    ("2023年首季", date(2022, 8, 1), ("2023年首季", "2023-Q1", "quarter", "")),
    ("in the fourth quarter", date(2022, 8, 1), ("the fourth quarter", "2022-Q4", "quarter", "")),
    ("by Q1", date(2022, 8, 1), ("Q1", "2023-Q1", "quarter", "")),
    ("in Q2 2022", date(2022, 8, 1), ("Q2 2022", "2022-Q2", "quarter", "")),
    ("the first quarter of next year", date(2022, 8, 1), ("the first quarter of next year", "2023-Q1", "quarter", "")),
    ("in the third quarter this year", date(2022, 1, 5), ("the third quarter this year", "2022-Q3", "quarter", "")),
])
def test_dates_quarters_of_a_year_written_named_or_the_next_not_yet_over(text, reference, expected):
    assert resolve(text, reference) == [expected]


def test_dates_a_quarter_needs_a_year_or_the_article_date():
    assert resolve("第四季", None) == []
    assert resolve("2023年第一季", None) == [("2023年第一季", "2023-Q1", "quarter", "")]


@pytest.mark.parametrize("text, reference, expected", [
    ("周日举行", date(2021, 11, 22), "2021-11-21"),  # said on a Monday: yesterday, not six days on
    ("周一开会", date(2021, 11, 21), "2021-11-22"),  # said on a Sunday: tomorrow
    ("周四举行", date(2021, 11, 22), "2021-11-25"),
    ("星期三", date(2021, 11, 24), "2021-11-24"),  # the day itself
    ("本周日", date(2021, 11, 22), "2021-11-28"),  # 本周: this week's, as written
    ("上周日", date(2021, 11, 22), "2021-11-21"),
])
def test_dates_a_weekday_alone_is_the_nearest_one_and_this_week_s_when_said(text, reference, expected):
    assert resolve(text, reference)[0][1] == expected
