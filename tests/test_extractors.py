"""Organizations, places, meetings, conditions and claims from small hand-written sentences."""

from __future__ import annotations

import pytest

from kg.extractors import PIPELINE, registry

from conftest import entity_keys, entity_labels, extract, facts_of


def test_registry_declares_what_each_extractor_needs_and_adds():
    names = [ex.name for ex in registry(PIPELINE)]
    assert names == ["tokens.lac1", "people.v2", "organizations.v2", "places.v1", "sources.v1", "meetings.v2", "conditions.v1",
                     "claims.v1"]


def test_organizations_by_suffix_and_by_cited_outlet():
    doc = extract("据《星岛日报》报道，食物及卫生局与香港大学专家会面讨论通关。")
    assert {"星岛日报", "食物及卫生局", "香港大学"} <= entity_keys(doc, "org")


def test_organizations_in_three_scripts_resolve_to_one_node():
    zh_hans = extract("中国国务院港澳办发言人证实，工作有序推进。")
    zh_hant = extract("港澳辦表示，內地與香港恢復通關工作正有序推進。")
    english = extract("The Hong Kong and Macao Affairs Office said work was progressing.", published=None)
    for doc in (zh_hans, zh_hant, english):
        assert "国务院港澳事务办公室" in entity_keys(doc, "org")


def test_organizations_ordinary_words_with_suffixes_are_not_organizations():
    doc = extract("他认为这是一个骗局，全面部署后怎么办，整个大局不变。")
    assert entity_keys(doc, "org") == set()


def test_meetings_date_place_ordinal_and_leader():
    doc = extract("第二次的通关对接会议将于明天在深圳举行，香港将由政务司司长李家超率团前往。", title="通关对接会议明天举行")
    assert facts_of(doc, "date") == {("docking-2", "2021-11-25")}
    assert facts_of(doc, "place") == {("docking-2", "深圳")}
    assert facts_of(doc, "ledBy") == {("docking-2", "李家超")}
    assert facts_of(doc, "status") == {("docking-2", "planned")}


def test_meetings_a_date_of_saying_does_not_date_the_meeting():
    # a border-story title, so the meetings extractor reads the article at all
    said_yesterday = extract("港澳办发言人昨天证实，大陆与香港的防疫专家已再次举行会议，通关工作有序推进。",
                             title="通关工作有序推进")
    assert facts_of(said_yesterday, "meetingKind") == {("meeting", "meeting")}  # a meeting, found
    assert facts_of(said_yesterday, "date") == set()  # yesterday is when it was confirmed
    met_yesterday = extract("港澳办发言人证实，大陆与香港的防疫专家昨天已再次举行会议，通关工作有序推进。",
                            title="通关工作有序推进")
    assert facts_of(met_yesterday, "date") == {("2021-11-23_meeting", "2021-11-23")}


def test_meetings_traditional_and_english():
    hant = extract("政務司司長李家超今日率團，在深圳與廣東省副省長張新舉行會議，商討通關安排。",
                   published="2021-12-14T20:00:00+08:00", title="商討落實恢復通關安排")
    assert ("2021-12-14_meeting", "2021-12-14") in facts_of(hant, "date")
    assert ("2021-12-14_meeting", "李家超") in facts_of(hant, "ledBy")
    english = extract("The Hong Kong government team went to Shenzhen on the 14th to discuss customs clearance. "
                      "Customs clearance talks continue.", published="2021-12-20T10:00:00+08:00")
    assert facts_of(english, "place") == {("2021-12-14_visit", "深圳")}


def test_conditions_quota_values_bounds_period_and_holders_on_both_sides():
    doc = extract("据报道，大陆认为“小通关”初期，每日返回大陆的免检疫人数应控制在1000人或以下，"
                  "而港府原先力争每日5000至6000人。通关有待开会确定。")
    quotas = {k: v for k, v in facts_of(doc, "heldBy") if k.startswith("quota")}
    assert quotas == {"quota_1000或以下_day_中国大陆当局": "中国大陆当局",
                      "quota_5000-6000_day_香港特别行政区政府": "香港特别行政区政府"}
    assert ("quota_5000-6000_day_香港特别行政区政府", "5000") in facts_of(doc, "minValue")
    assert ("quota_5000-6000_day_香港特别行政区政府", "6000") in facts_of(doc, "maxValue")
    assert ("quota_1000或以下_day_中国大陆当局", "1000") in facts_of(doc, "maxValue")


def test_conditions_circuit_breaker_trigger_and_other_kinds():
    doc = extract("大陆当局要求的熔断机制更加严格，倘若有一例本地确诊便暂停通关。"
                  "过关人士活动范围限于广东省内，深圳是唯一通关口岸，并须使用健康码系统。"
                  "通关初期涵盖商界、探亲、恩恤及奔丧等人士。")
    details = {v for _, v in facts_of(doc, "detail")}
    assert {"一例本地确诊", "广东省", "深圳", "健康码", "商界", "探亲", "恩恤", "奔丧"} <= details


def test_conditions_and_meetings_are_not_found_in_off_topic_articles():
    doc = extract("立法会选举将于19日举行，警方部署7000警力。选举委员会主席表示，每日投票人数预计10000人。")
    assert not any(f.subject.kind in ("condition", "meeting") for f in doc.facts)
    assert facts_of(doc, "expectedReopening") == set()


def test_claims_speaker_outlet_hedge_and_prediction():
    doc = extract("消息人士透露，若一切顺利，极可能在12月10日左右就可以恢复有限度免检通关。"
                  "根据彭博社引述这名不愿具名的大陆官员表示，当局希望在农历新年（2月1日）前恢复免隔离跨境旅行。")
    assert facts_of(doc, "expectedReopening") == {("s0", "2021-12-10"), ("s1", "2022-02-01")}
    assert facts_of(doc, "citedOutlet") == {("s1", "彭博社")}
    assert ("s0", "true") in facts_of(doc, "hedged")
    assert ("s0", "true") in facts_of(doc, "anonymous")


def test_claims_pronoun_takes_the_previous_speaker_in_the_paragraph():
    doc = extract("谭耀宗昨天表示，配额可逐步增加。他又透露，近日与澳门特首贺一诚联络，希望两地通关。")
    assert facts_of(doc, "speaker") == {("s0", "谭耀宗"), ("s1", "谭耀宗")}
    assert ("s1", "贺一诚") in facts_of(doc, "about")


def test_claims_english_according_to_outlet_carries_to_the_next_prediction():
    doc = extract("According to Hong Kong media, the government may announce the date. It is expected that there "
                  "will be a chance to implement customs clearance around the winter solstice.",
                  published="2021-12-01T10:00:00+08:00", title="Customs clearance expected")
    assert facts_of(doc, "citedOutlet") == {("s0", "香港媒体"), ("s1", "香港媒体")}
    assert facts_of(doc, "expectedReopening") == {("s1", "2021-12-21")}


def test_places_after_venue_verbs_but_not_times():
    doc = extract("双方在前海举行会议。会议在昨日举行。")
    assert entity_labels(doc, "place") == {"前海"}


def test_organizations_cited_with_time_and_place_words_and_reference_aliases():
    doc = extract("据法新社今天自香港报道称，审讯预计为期三个月。")
    assert "法新社" in entity_keys(doc, "org")
    hant = extract("工聯會理事長黃國表示，民建聯亦支持。")
    assert {"香港工会联合会", "民主建港协进联盟"} <= entity_keys(hant, "org")


def test_organizations_indefinite_and_verb_fragments_are_not_names():
    doc = extract("有外國商會指香港兩頭不到岸，很多在本港設立公司的外國企業都有業務，不少大型跨國公司考慮遷出。")
    assert entity_keys(doc, "org") == set()


def test_organizations_longer_name_swallows_a_known_one_it_continues():
    doc = extract("立法會交通事務委員會委員陳恒鑌則認為，通關初期港人未必一窩蜂去內地。")
    assert "立法会交通事务委员会" in entity_keys(doc, "org")
    assert "香港特别行政区立法会" not in entity_keys(doc, "org")


def test_conditions_quotas_in_wan_unsized_quotas_and_port_lists():
    doc = extract("4個指定口岸名額由5.1萬增至6.7萬，每日單向名額增加約1.6萬。三個陸路口岸均設配額。"
                  "第一階段恢復運行的口岸包括深圳灣、福田、文錦渡和蛇口。通關安排有序。",
                  published="2023-01-14T10:00:00+08:00", title="通關名額增加")
    values = {v for _, v in facts_of(doc, "value")}
    assert {"51000", "67000"} <= values and "16000" not in values
    assert any(k == "Quota_" for k, _ in facts_of(doc, "label"))  # a quota with no size
    assert ("PortOfEntry_深圳湾、福田、文锦渡和蛇口", "深圳湾、福田、文锦渡和蛇口") in facts_of(doc, "detail")


def test_conditions_priority_groups_and_vaccination_need_a_requirement_context():
    stated = extract("國際旅遊與商務活動對香港重要，超過90%的港人已接種疫苗。通關有望。", title="通關")
    assert not any(f.subject.kind == "condition" for f in stated.facts)
    required = extract("通關初期以廣東省先行，市民須接種兩劑疫苗，恩恤和商務需要人士優先通關。", title="通關")
    details = {v for _, v in facts_of(required, "detail")}
    assert {"广东省", "接种两剂疫苗", "恩恤", "商务"} <= details  # details are kept in Simplified


def test_claims_prediction_without_a_named_speaker_and_chinese_numeral_months():
    doc = extract("本港有望在下月中前，逐步、有序與內地通關。李家超希望在一月中前落實全面通關。",
                  published="2022-12-26T10:00:00+08:00", title="通關有望")
    assert facts_of(doc, "expectedReopening") == {("s0", "2023-01"), ("s1", "2023-01")}


def test_claims_a_date_far_from_the_reopening_word_is_not_a_prediction():
    doc = extract("黃菁葒表示，通關初期跨境學童未必是首批到港的群組感到非常失望，希望政府不要只照顧商人，"
                  "亦應關顧學生的讀書需要，如果明年2、3月可以恢復讓跨境學童來港，他們都會很高興。", title="通關")
    assert facts_of(doc, "expectedReopening") == set()


def test_claims_a_meeting_date_is_not_a_reopening_date():
    doc = extract("据悉，明天举行的对接会议，将就通关具体安排作最后拍板。香港特首林郑月娥公布，期望明年2月恢复有规模的通关。",
                  title="通关对接会议")
    assert facts_of(doc, "expectedReopening") == {("s1", "2022-02")}
    assert ("s1", "林郑月娥") in facts_of(doc, "speaker")


def test_conditions_quarantine_place_and_length():
    doc = extract("港府仍准许机组人员以家居方式进行隔离。入境人士须在指定处所隔离14天，通关安排另定。", title="通关")
    details = {v for _, v in facts_of(doc, "detail")}
    assert "指定处所隔离 14天" in details
    assert any(d.startswith("隔离") or d.startswith("家居") for d in details)


@pytest.mark.parametrize("body, ruled_out", [
    ("谭耀宗表示，年底前不可能通关。", "2021-12"),
    ("谭耀宗表示，香港难以在农历新年前与内地通关。", "2022-02"),  # the month of the holiday (tests/gold/README.md)
    ("譚耀宗表示，不能肯定農曆新年前是否能夠通關。", "2022-02"),
    ("谭耀宗认为，通关在年底前机会不大。", "2021-12"),
])
def test_claims_a_date_the_speaker_rules_out_is_not_a_prediction(body, ruled_out):
    doc = extract(body, title="通关")
    assert facts_of(doc, "expectedReopening") == set()
    assert {v for _, v in facts_of(doc, "ruledOutReopening")} == {ruled_out}


def test_claims_a_negation_in_another_clause_does_not_rule_the_date_out():
    doc = extract("谭耀宗表示，疫情不会反弹，通关有望在年底前实现。", title="通关")
    assert {v for _, v in facts_of(doc, "expectedReopening")} == {"2021-12"}
    assert facts_of(doc, "ruledOutReopening") == set()


def test_claims_every_date_a_sentence_predicts_is_kept():
    doc = extract("谭耀宗估计，通关最快在12月，最迟明年2月实现。", title="通关")
    assert {v for _, v in facts_of(doc, "expectedReopening")} == {"2021-12", "2022-02"}


@pytest.mark.parametrize("body", [
    "记者问：香港会否在年底前与内地通关？",
    "被问到会否在年底前通关，谭耀宗说现时难以估计。",
])
def test_claims_a_date_in_a_question_put_to_the_speaker_is_no_prediction(body):
    doc = extract(body, title="通关")
    assert facts_of(doc, "expectedReopening") == set()


def test_claims_another_country_s_reopening_is_not_a_prediction_of_hong_kong_s():
    foreign = extract("新西兰总理阿德恩表示，新西兰将于明年2月重新开放口岸。", title="新西兰明年重开口岸")
    assert facts_of(foreign, "expectedReopening") == set()
    taiwan = extract("指挥中心表示，台湾最快明年3月重新开放口岸。", title="台湾明年重开口岸")  # Taiwan is no side of it
    assert facts_of(taiwan, "expectedReopening") == set()
    ours = extract("消息人士表示，香港与内地有望明年2月重新开放口岸。", title="香港通关")
    assert {v for _, v in facts_of(ours, "expectedReopening")} == {"2022-02"}


@pytest.mark.parametrize("body, expected", [
    ("谭耀宗期望香港与内地在农历新年前可逐步免检疫通关。", ("2022-02", "month/before")),
    ("谭耀宗估计，中共20大会议结束后，香港与大陆的通关政策有机会放宽。", ("2022-10", "month/after")),
])
def test_claims_a_holiday_or_an_event_sets_the_month_of_a_prediction(body, expected):
    doc = extract(body, title="通关", published="2021-11-24T09:00:00+08:00" if "农历" in body else "2022-10-03T09:00:00+08:00")
    assert ({v for _, v in facts_of(doc, "expectedReopening")}, {v for _, v in facts_of(doc, "expectedPrecision")}) == \
        ({expected[0]}, {expected[1]})


def test_claims_the_date_a_quarantine_exemption_is_tightened_is_no_reopening():
    doc = extract("港府公布，由本月12日起全面收紧豁免检疫安排。", title="港府收紧豁免检疫安排",
                  published="2021-11-01T09:00:00+08:00")
    assert facts_of(doc, "expectedReopening") == set()


def test_claims_an_outlet_that_reports_is_cited_and_its_report_goes_on():
    doc = extract("香港经济日报今天报导，预期通关的好消息将于10月底陆续发布。\n\n此外，谭耀宗说，通关要有序。\n\n"
                  "报导指出，本月底大陆方面有望对香港通关松绑。", title="港媒：将放宽与香港通关",
                  published="2022-10-03T09:00:00+08:00")
    assert facts_of(doc, "citedOutlet") == {("s0", "香港经济日报"), ("s2", "香港经济日报")}


def test_claims_an_event_naming_a_session_or_a_candidate_dates_no_reopening():
    doc = extract("行政长官选举候选人李家超出席「行政长官选举答问会」时承诺，当选后首要处理与内地通关。", title="通关",
                  published="2022-05-01T09:00:00+08:00")
    assert facts_of(doc, "expectedReopening") == set()


def test_claims_a_peak_of_crossings_after_the_reopening_is_no_prediction():
    doc = extract("香港与内地1月初恢复首阶段通关后，本周六起将迎来首个通关高峰期。", title="陆港恢复通关后4月将迎来首个高峰期",
                  published="2023-03-30T09:00:00+08:00")
    assert facts_of(doc, "expectedReopening") == set()


def test_claims_the_day_an_event_opens_is_not_the_reopening_s():
    doc = extract("报导指出，20大会议将于本月16日开幕，按惯例会议举行一周，换言之，本月底大陆方面有望对香港通关松绑。",
                  title="港媒：20大后将放宽与香港通关", published="2022-10-03T09:00:00+08:00")
    assert {v for _, v in facts_of(doc, "expectedReopening")} == {"2022-10"}


@pytest.mark.parametrize("body, published, day", [
    ("政府宣布本月8日起，实施与内地首阶段免检疫通关。", "2023-01-06T09:00:00+08:00", "2023-01-08"),
    ("本港与内地下周一起全面通关，局长表示，目前难以估计今年访港旅客量。", "2023-02-04T09:00:00+08:00", "2023-02-06"),
])
def test_claims_a_reopening_stated_as_decided_is_announced_not_predicted(body, published, day):
    doc = extract(body, title="通关", published=published)
    assert facts_of(doc, "expectedReopening") == set()
    assert {v for _, v in facts_of(doc, "announcedReopening")} == {day}


def test_claims_a_hedged_reopening_from_a_day_on_is_still_a_prediction():
    doc = extract("消息人士透露，通关有望下月起实施。", title="通关", published="2021-11-24T09:00:00+08:00")
    assert {v for _, v in facts_of(doc, "expectedReopening")} == {"2021-12"}


def test_claims_quarantine_free_entry_a_clause_takes_back_is_no_reopening():
    doc = extract("政府公布于本月12日起收紧豁免检疫安排，包括取消绝大部分豁免类别人士到港后免检疫。", title="通关",
                  published="2021-11-02T09:00:00+08:00")
    assert facts_of(doc, "expectedReopening") == set() and facts_of(doc, "announcedReopening") == set()
