"""The questions of COMPETENCY.md, answered by the saved queries on the seed graph."""

from __future__ import annotations

SEED_000, SEED_001, SEED_002, SEED_003, SEED_004 = (
    "000_c506f010440d950d.txt", "001_c4ff518b203b6675.txt", "002_369c29fb22d1d2f6.txt",
    "003_c51ed2c6366fe5d1.txt", "004_145c9e9e37f0ccd1.txt")
PERSON = "https://w3id.org/kg-news/id/person/"


def test_q1_positions_of_the_four_people(ask):
    rows = {(r["person"].removeprefix(PERSON), r["position"], r["org"]) for r in ask("positions")}
    assert rows == {
        ("林郑月娥", "行政长官", "香港特别行政区政府"),
        ("李家超", "政务司司长", "香港特别行政区政府"),
        ("谭耀宗", "全国人大常委", "全国人民代表大会常务委员会"),
        ("贺一诚", "澳门行政长官", "澳门特别行政区政府"),
    }


def test_q1_every_form_of_a_name_is_one_node(ask):
    names = {}
    for row in ask("people"):
        names.setdefault(row["person"].removeprefix(PERSON), set()).add(row["name"])
    assert {"林郑月娥", "林郑", "Carrie Lam", "Lam Cheng Yuet-ngor"} <= names["林郑月娥"]
    assert {"李家超", "Li Jiachao"} <= names["李家超"]
    assert set(names) == {"林郑月娥", "李家超", "谭耀宗", "贺一诚"}


def test_q2_meetings_with_dates_places_and_sources(ask):
    rows = {r["meeting"].rsplit("/", 1)[1]: r for r in ask("meeting_overview")}
    second = rows["docking-2"]
    assert (second["date"], second["place"], second["leader"], second["status"]) == \
        ("2021-11-25", "深圳", "李家超", "planned")
    assert set(second["sources"].split(", ")) == {SEED_000, SEED_002, SEED_004}
    video = rows["2021-11-02_video"]
    assert set(video["sources"].split(", ")) == {SEED_001, SEED_003}  # 周二（2日） and 上周二: one meeting
    assert {"香港特别行政区政府", "中国大陆当局"} <= set(video["participants"].split(", "))
    assert rows["2021-11-23_visit"]["date"] == "2021-11-23"
    assert rows["2021-11-23_executive-council"]["participants"].startswith("林郑月娥")
    third = rows["docking-3"]  # 004 has no date: the day is known, the year is not
    assert (third["date"], third["place"]) == ("--12-14", "深圳")


def test_q3_conditions_with_values_and_holders(ask):
    rows = {(r["kind"], r["value"], r["unit"], r["holder"], r["file"]) for r in ask("conditions_by_holder")}
    assert ("Quota", "1000", "people/day", "中国大陆当局", SEED_003) in rows
    assert ("Quota", "5000-6000", "people/day", "香港特别行政区政府", SEED_003) in rows
    assert ("Quota", "1000", "people/day", "消息人士", SEED_000) in rows
    assert ("Quota", "1000", "people/week", "消息人士", SEED_001) in rows
    assert ("CircuitBreaker", "一例本地确诊", None, "中国大陆当局", SEED_003) in rows
    assert ("CircuitBreaker", "两个群组", None, "香港特别行政区政府", SEED_003) in rows
    kinds_values = {(k, v) for k, v, *_ in rows}
    assert {("GeographicScope", "广东省"), ("PortOfEntry", "深圳"), ("QuarantineRule", "指定处所隔离检疫"),
            ("HealthCodeRequirement", "粤康码"), ("HealthCodeRequirement", "香港健康码"),
            ("PriorityGroup", "商务"), ("PriorityGroup", "探亲"), ("PriorityGroup", "恩恤"),
            ("PriorityGroup", "奔丧")} <= kinds_values


def test_q3_the_quota_disagreement_shows_both_sides(ask):
    rows = {(r["holderA"], r["valueA"], r["holderB"], r["valueB"]) for r in ask("quota_disagreement")}
    assert ("中国大陆当局", "1000", "香港特别行政区政府", "5000-6000") in rows


def test_q4_expected_reopening_dates_by_source(ask):
    rows = {(r["expected"], r["speaker"], r["outlet"], r["file"]) for r in ask("reopening_predictions")}
    assert ("2021-12", "消息人士", None, SEED_001) in rows  # next month, trial run
    assert ("2021-12", "中国大陆卫生官员", "南华早报", SEED_001) in rows  # mid-December at the earliest
    assert ("2022-02", "林郑月娥", None, SEED_002) in rows  # February, at scale
    assert ("2021-12", "消息人士", None, SEED_003) in rows  # before the end of December
    assert ("2022-02-01", "中国大陆官员", "彭博社", SEED_002) in rows  # before Lunar New Year
    assert ("2021-12-10", "消息人士", None, SEED_000) in rows  # around 10 December
    assert ("--12", None, "香港媒体", SEED_004) in rows  # around the winter solstice, year unknown
    precisions = {(r["expected"], r["precision"]) for r in ask("reopening_predictions")}
    assert {("2021-12-10", "day/approx"), ("2022-02-01", "day/before"), ("2021-12", "month/mid")} <= precisions


def test_q5_cited_outlets(ask):
    rows = {(r["outlet"], r["file"]) for r in ask("cited_outlets")}
    assert rows >= {("星岛日报", SEED_000), ("香港01", SEED_001), ("香港01", SEED_003), ("南华早报", SEED_001),
                    ("彭博社", SEED_002), ("香港政府新闻公报", SEED_004), ("香港媒体", SEED_004)}


def test_q6_lam_and_ho_are_connected_through_tam_with_evidence(ask):
    rows = ask("connection")
    assert {r["via"] for r in rows} == {"谭耀宗"}
    assert all(r["fileA"] == SEED_000 for r in rows)
    assert any("贺一诚" in r["evidenceB"] for r in rows)


def test_q7_agencies_in_the_health_code_talks(ask):
    rows = {r["agency"] for r in ask("health_code_agencies")}
    assert rows == {"国家卫健委大数据办公室", "创新及科技局", "政府资讯科技总监办公室"}
