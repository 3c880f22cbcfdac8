"""Conditions on places the seed articles never name: the rules must not know the seeds' answers.

Every sentence here uses places outside the five seed articles (珠海, 福建省, 横琴, 前海, 东莞,
澳门…), in Simplified and Traditional script, so a pattern that lists the seeds' places
(深圳, 广东省) cannot pass them.
"""

from __future__ import annotations

import pytest

from kg.knowledge import load_knowledge

from conftest import extract, facts_of


def details(doc, kind: str) -> set[str]:
    """The details of the doc's conditions of one kind (keys start with the kind)."""
    return {value for key, value in facts_of(doc, "detail") if key.startswith(kind + "_")}


@pytest.mark.parametrize("body", [
    "过关人士活动范围只限于福建省内，珠海是唯一通关口岸，通关人数每日设置配额。",
    "過關人士活動範圍只限於福建省內，珠海是唯一通關口岸，通關人數每日設置配額。",
], ids=["zh-Hans", "zh-Hant"])
def test_conditions_scope_and_only_port_are_any_place(body):
    doc = extract(body)
    assert details(doc, "GeographicScope") == {"福建省"}
    assert details(doc, "PortOfEntry") == {"珠海"}


@pytest.mark.parametrize("body, port", [
    ("消息指，横琴是唯一的通关口岸，其他口岸暂不开放。", "横琴"),
    ("消息指，橫琴是唯一的通關口岸，其他口岸暫不開放。", "横琴"),
    ("消息指，前海为唯一通关口岸，旅客须持核酸检测证明。", "前海"),
    ("消息指，拱北口岸是唯一通关口岸。", "拱北"),
], ids=["横琴-zh-Hans", "横琴-zh-Hant", "前海-为", "拱北口岸"])
def test_conditions_only_port_names_the_place_before_it(body, port):
    doc = extract(body, title="通关安排")
    assert details(doc, "PortOfEntry") == {port}


@pytest.mark.parametrize("body", [
    "据报道，初期青茂口岸是唯一通关口岸。",
    "據報道，初期青茂口岸是唯一通關口岸。",
], ids=["zh-Hans", "zh-Hant"])
def test_conditions_only_port_the_gazetteer_lacks_is_read_from_the_text(body):
    doc = extract(body, title="通关安排")
    assert details(doc, "PortOfEntry") == {"青茂"}


def test_conditions_only_port_without_a_name_invents_no_place():
    doc = extract("当局表示，通关初期将设唯一通关口岸。", title="通关安排")
    assert details(doc, "PortOfEntry") == {"唯一通关口岸"}


@pytest.mark.parametrize("body, scope", [
    ("林郑月娥表示，通关以东莞先行，再逐步扩展。", "东莞"),
    ("林鄭月娥表示，通關以東莞先行，再逐步擴展。", "东莞"),
    ("消息人士透露，通关初期范围仅限于前海及横琴。", "前海"),
    ("消息人士透露，通關初期範圍僅限於澳門。", "澳门"),
    ("消息人士透露，通关后旅客的活动范围只限于广西，其他省份暂不开放。", "广西壮族自治区"),
], ids=["先行-zh-Hans", "先行-zh-Hant", "仅限于-前海", "仅限于-澳门-zh-Hant", "short-form-to-canonical"])
def test_conditions_geographic_scope_is_any_place_in_canonical_form(body, scope):
    doc = extract(body, title="通关安排")
    assert scope in details(doc, "GeographicScope")


def test_conditions_geographic_scope_keeps_its_holder():
    doc = extract("消息人士透露，通关初期范围只限于福建省，其他省份暂不开放。", title="通关安排")
    assert facts_of(doc, "heldBy") >= {("GeographicScope_福建省", "消息人士")}


def test_conditions_scope_words_without_a_place_are_no_scope():
    doc = extract("消息人士透露，通关初期范围只限于商务人士，名额有限。", title="通关安排")
    assert details(doc, "GeographicScope") == set()


@pytest.mark.parametrize("body, code", [
    ("旅客入境须使用穗康码，并须接受核酸检测。", "穗康码"),
    ("旅客入境須使用澳康碼，並須接受核酸檢測。", "澳康码"),
], ids=["zh-Hans", "zh-Hant"])
def test_conditions_health_code_of_any_city(body, code):
    doc = extract(body, title="通关安排")
    assert code in details(doc, "HealthCodeRequirement")


@pytest.mark.parametrize("label, key", [
    ("福建", "福建省"), ("福建省", "福建省"), ("廣西", "广西壮族自治区"), ("内蒙古", "内蒙古自治区"),
    ("Fujian", "福建省"), ("東莞", "东莞"), ("Hengqin", "横琴"), ("灣仔", "湾仔"), ("深水埗", "深水埗"),
    ("澳門", "澳门"), ("氹仔", "氹仔"), ("大灣區", "粤港澳大湾区"), ("粤省", "广东省"),
])
def test_knowledge_place_gazetteer_in_every_script(label, key):
    entry = load_knowledge().lookup(label, "place")
    assert entry is not None and entry.key == key


def test_knowledge_place_gazetteer_covers_every_provincial_division():
    keys = {key for kind, key in load_knowledge().entries if kind == "place"}
    provinces = {"河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省", "江西省",
                 "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省",
                 "甘肃省", "青海省", "台湾", "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区",
                 "新疆维吾尔自治区", "北京", "天津", "上海", "重庆", "香港", "澳门"}
    assert provinces <= keys


@pytest.mark.parametrize("body", [
    "陈国基今日表示，通关初期范围只限于横琴。",
    "陳國基今日表示，通關初期範圍只限於橫琴。",
], ids=["zh-Hans", "zh-Hant"])
def test_conditions_holder_is_found_across_a_time_word(body):
    doc = extract(body, title="通关安排")
    assert ("GeographicScope_横琴", "陈国基") in facts_of(doc, "heldBy")


# --- one condition per stated requirement (tests/gold/README.md, Events) ---------------------------

def conditions(doc, kind: str) -> set[str]:
    """The condition nodes of one kind (their keys)."""
    return {key for key, value in facts_of(doc, "type") if value.endswith(kind) and key.startswith(kind + "_")}


def test_conditions_a_requirement_restated_in_other_words_and_sentences_is_one_condition():
    doc = extract("政府表示，通关后旅客须接受酒店隔离。\n\n林郑月娥重申，通关初期入境人士仍要在酒店隔离检疫。",
                  title="通关安排")
    assert len(conditions(doc, "QuarantineRule")) == 1
    assert len([f for f in doc.facts if f.subject.kind == "condition" and str(f.predicate).endswith("#type")
                and str(f.object).endswith("QuarantineRule")]) == 2  # both statements are its evidence


def test_conditions_quarantines_of_different_lengths_formulas_or_an_exemption_are_different_conditions():
    doc = extract("现时入境须隔离14天，专家建议缩短至隔离7天。\n\n业界希望改为「3+4」检疫安排，长远争取免检疫通关。",
                  title="通关安排")
    assert conditions(doc, "QuarantineRule") == {"QuarantineRule_14", "QuarantineRule_7", "QuarantineRule_3+4",
                                                 "QuarantineRule_exempt"}


def test_conditions_tests_are_told_apart_by_their_hours():
    doc = extract("通关人士须持48小时核酸检测阴性证明。\n\n抵港后须再做核酸检测，并须持24小时核酸检测证明返回。",
                  title="通关安排")
    assert conditions(doc, "TestingRequirement") == {"TestingRequirement_48", "TestingRequirement_24",
                                                     "TestingRequirement_"}


def test_conditions_two_health_codes_recognised_by_each_other_are_one_requirement():
    doc = extract("通关人士须使用香港健康码，并与粤康码互认，当局要求申请人上传资料。", title="通关安排")
    assert len(conditions(doc, "HealthCodeRequirement")) == 1


@pytest.mark.parametrize("body", ["当局宣布，香港与内地今日恢复免检疫通关。", "當局宣布，香港與內地今日恢復免檢疫通關。",
                                  "港府表示，豁免检疫安排将于下月取消。"])
def test_conditions_an_exemption_from_quarantine_is_a_quarantine_rule(body):
    assert conditions(extract(body, title="通关"), "QuarantineRule") == {"QuarantineRule_exempt"}


@pytest.mark.parametrize("title", ["台湾镜电视过关 近10年首家准设新闻台", "法国疫苗通行证议案今晨在国民议会过关",
                                   "桌球世锦赛直落四过关"])
def test_conditions_a_bill_or_a_match_that_passes_is_not_about_the_border(title):
    doc = extract("议员表示，法案要求民众接种两剂疫苗，并须出示检测证明，每日名额500人。", title=title)
    assert not [f for f in doc.facts if f.subject.kind == "condition"]


@pytest.mark.parametrize("title", ["市民排队过关赴深圳", "过关人士须持核酸证明", "深圳湾口岸过关旅客增加"])
def test_conditions_crossing_at_a_port_is_about_the_border(title):
    doc = extract("当局表示，旅客须接种两剂疫苗。", title=title)
    assert conditions(doc, "VaccinationRequirement")


def test_conditions_a_quota_counted_in_places_that_grows_or_is_set_aside():
    doc = extract("政府宣布，即日起上调预约名额，由每日1000个增加至1500个。协会表示，若首阶段名额设为1000个，应预留不少于500个供探亲人士申请。",
                  title="来港易名额增加")
    assert {v for _, v in facts_of(doc, "value")} >= {"1000", "1500", "500"}


@pytest.mark.parametrize("title", ["经深圳湾入境香港名额即日起增至1500个", "回港易名额增加"])
def test_conditions_entering_hong_kong_or_its_schemes_are_about_the_border(title):
    assert facts_of(extract("当局表示，每日名额为1500个。", title=title), "value") == {("quota_1500_day_", "1500")}


def test_conditions_quarantine_in_designated_premises_and_at_home_are_two_positions():
    doc = extract("大陆方面要求机组人员须在指定处所隔离检疫，但港府仍准许机组人员以家居方式进行隔离。", title="通关安排")
    assert conditions(doc, "QuarantineRule") == {"QuarantineRule_指定处所", "QuarantineRule_家居"}


def test_conditions_a_quarantine_of_some_days_is_a_rule_without_the_word_isolation():
    doc = extract("何栢良认为，应该安排于竹篙湾检疫中心完成21日检疫。", title="通关安排")
    assert conditions(doc, "QuarantineRule") == {"QuarantineRule_检疫中心21"}


@pytest.mark.parametrize("body", [
    "指挥中心预估，轻症确诊隔离0+n天最快3月底上路。",  # a patient's isolation
    "目前正在隔离检疫的证监会行政总裁欧达礼透过视像出席活动。",  # someone in quarantine now
    "当局担心输入个案会对医疗系统或隔离设施做成压力。",  # a facility
    "卫生署表示，密切接触者须接受隔离。",
])
def test_conditions_isolation_that_is_no_rule_for_crossing_is_not_a_quarantine_rule(body):
    assert conditions(extract(body, title="通关安排"), "QuarantineRule") == set()


@pytest.mark.parametrize("body", [
    "曾祈殷表示，是否打第三针是个人选择，视乎当事人有否需要。",
    "他又指，应该鼓励有需要人士接种第三剂疫苗。",
])
def test_conditions_who_needs_a_vaccine_is_no_vaccination_requirement(body):
    assert conditions(extract(body, title="通关安排"), "VaccinationRequirement") == set()


def test_conditions_people_who_cross_each_day_are_not_a_quota():
    doc = extract("协会表示，有10万人每日往返两地工作，亦有10万个家庭等待团聚。", title="通关名额")
    assert facts_of(doc, "value") == set()
    doc = extract("协会建议，每日名额10万人往返两地。", title="通关名额")  # with the quota word, it is one
    assert {v for _, v in facts_of(doc, "value")} == {"100000"}


def test_conditions_a_range_in_wan_counts_both_bounds_in_wan():
    doc = extract("议员建议，初期每日名额设3至5万个。", title="通关名额")
    assert {v for _, v in facts_of(doc, "minValue")} == {"30000"}
    assert {v for _, v in facts_of(doc, "maxValue")} == {"50000"}
    doc = extract("议员建议，初期每日名额设8000至1.5万个。", title="通关名额")
    assert {v for _, v in facts_of(doc, "minValue")} == {"8000"}


@pytest.mark.parametrize("body", [
    "儿童医院门诊部主任表示，发热门诊平日每日接诊约900人次，高峰达每日1800人次。",
    "至于载客量，港铁去年平均每日约416万人次。",
    "德国平均感染率升至每10万人有超过200人感染。",
])
def test_conditions_a_count_of_people_with_no_quota_or_limit_named_is_no_quota(body):
    assert facts_of(extract(body, title="通关"), "value") == set()


def test_conditions_a_limit_set_on_people_is_a_quota_without_the_word():
    doc = extract("消息人士说，大陆认为每日返回大陆的免检疫人数应控制在1000人或以下。", title="通关")
    assert {v for _, v in facts_of(doc, "maxValue")} == {"1000"}
    doc = extract("消息人士透露，极可能在12月10日左右恢复有限度免检通关，初期每日1000人。", title="通关")  # a phase
    assert {v for _, v in facts_of(doc, "value")} == {"1000"}
    doc = extract("据报道，港府力争每日5000人通关。", title="通关")  # a demand
    assert {v for _, v in facts_of(doc, "value")} == {"5000"}


@pytest.mark.parametrize("body", [
    "当局表示，入境仍需48小时核酸。",
    "跨境司机每次入境时须在口岸区域进行核酸采样。",
    "任何获豁免人士必须定期接受病毒检测。",
    "旅客入境前须出示24小时内抗原检测阴性证明。",
])
def test_conditions_tests_worded_without_核酸检测_are_testing_requirements(body):
    assert conditions(extract(body, title="通关安排"), "TestingRequirement")


@pytest.mark.parametrize("body", [
    "南华早报报导，从香港进入大陆的旅客不需要接受隔离检疫。",
    "消息指，届时旅客不必接受隔离。",
])
def test_conditions_not_needing_quarantine_is_an_exemption(body):
    assert conditions(extract(body, title="通关安排"), "QuarantineRule") == {"QuarantineRule_exempt"}


def test_conditions_tightened_quarantine_restrictions_are_a_quarantine_rule():
    doc = extract("市场关注香港进一步收紧入境人士的检疫限制。", title="通关")
    assert conditions(doc, "QuarantineRule")


def test_conditions_places_set_aside_for_a_group_make_it_a_priority_group():
    doc = extract("社协吁留至少一半通关名额予探亲等申请。", title="通关名额")
    assert details(doc, "PriorityGroup") == {"探亲"}
