"""meetings.v2: meetings worded as verbs, visits and conferences, in every article, and the words
that only look like a meeting."""

from __future__ import annotations

import pytest

from conftest import extract, facts_of


def meetings(doc) -> set[str]:
    """Keys of the meetings the doc reports."""
    return {key for key, obj in facts_of(doc, "type") if obj.endswith("Meeting")}


def dates(doc) -> set[str]:
    return {value for _, value in facts_of(doc, "date")}


def participants(doc) -> set[str]:
    return {who for _, who in facts_of(doc, "participant")}


# ---------------------------------------------------------------- who met whom, in any article

@pytest.mark.parametrize("body", [
    "国务院总理李克强22日在北京会见来京述职的香港特别行政区行政长官林郑月娥。",
    "國務院總理李克強22日在北京會見來京述職的香港特別行政區行政長官林鄭月娥。",
])
def test_meetings_a_receives_b_gives_one_meeting_dated_by_the_bare_day_with_both(body):
    # no border word anywhere: the meeting is found all the same
    doc = extract(body, published="2021-12-23T09:00:00+08:00")
    assert meetings(doc) == {"2021-12-22_meeting_李克强+林郑月娥"}  # 会见 and 述职: one meeting, not two
    assert {"李克强", "林郑月娥"} <= participants(doc)
    assert dates(doc) == {"2021-12-22"}


def test_meetings_a_bare_day_after_publication_is_last_month():
    doc = extract("国务院总理李克强28日在北京会见行政长官林郑月娥。", published="2021-12-03T09:00:00+08:00")
    assert dates(doc) == {"2021-11-28"}


def test_meetings_a_bare_day_in_a_range_is_not_read_alone():
    doc = extract("金融管理局计划在11月1至2日举办国际投资峰会。", published="2022-07-14T09:00:00+08:00")
    assert "2022-07-02" not in dates(doc)


@pytest.mark.parametrize("body", [
    "行政长官李家超今日与广东省副省长张新会晤。",
    "行政長官李家超今日與廣東省副省長張新會晤。",
    "国家主席习近平今日接见行政长官李家超。",
    "政务司司长李家超今日与广东省副省长张新会谈。",
])
def test_meetings_meeting_verbs_in_both_scripts(body):
    doc = extract(body)
    assert dates(doc) == {"2021-11-24"}
    assert len(participants(doc)) == 2


def test_meetings_an_undated_meeting_verb_between_named_people_is_a_meeting():
    doc = extract("一批经民联成员与行政长官李家超会面约一小时。")
    assert len(meetings(doc)) == 1
    assert "李家超" in participants(doc)


def test_meetings_an_undated_meeting_verb_with_nobody_named_is_not_a_meeting():
    assert meetings(extract("他们不时与久未碰头的家人会面。")) == set()


def test_meetings_who_met_whom_names_the_clause_before_a_visit_word():
    doc = extract("正在北京述职的行政长官林郑月娥昨日获国务院总理李克强接见。")
    assert {k for _, k in facts_of(doc, "meetingKind")} == {"meeting"}


def test_meetings_a_meeting_told_twice_in_an_article_is_one_node():
    doc = extract("国务院总理李克强22日在北京会见行政长官林郑月娥。据电视台片段，李克强会见林郑月娥时表示肯定。",
                  published="2021-12-23T09:00:00+08:00")
    assert meetings(doc) == {"2021-12-22_meeting_李克强+林郑月娥"}


def test_meetings_two_meetings_of_one_day_in_other_stories_stay_apart():
    first = extract("国务院总理李克强22日在北京会见行政长官林郑月娥。", published="2021-12-23T09:00:00+08:00")
    second = extract("美国总统拜登22日会见波兰总统杜达。", published="2021-12-23T09:00:00+08:00")
    assert meetings(first).isdisjoint(meetings(second))


@pytest.mark.parametrize("body", [
    "政务司司长李家超昨日与广东省副省长张新商讨通关安排。",
    "政務司司長李家超昨日與廣東省副省長張新商討通關安排。",
    "局长薛永恒昨日与香港大学专家讨论健康码。",
    "美国总统拜登昨日曾与俄罗斯总统普京见面。",
    "外交部长王毅昨日与伊朗外交部之间的谈判取得进展。",
    "政务司司长李家超昨日与广东省副省长张新磋商。",
])
def test_meetings_discussing_with_someone_is_a_meeting(body):
    assert dates(extract(body)) == {"2021-11-23"}


@pytest.mark.parametrize("body", [
    "特区政府昨日加强与广东省政府的交流。",  # 与…的交流: relations, not a meeting
    "香港特区政府昨日与广东省政府开展交流活动。",
    "两地举办文化交流活动，推动青年交流。",
    "本港可与内地当局商讨能否恢复探访。",  # may discuss
    "委员会正讨论通关问题。",  # with nobody
    "大陆当局和港府都十分积极磋商。",  # talks going on, no one meeting
])
def test_meetings_discussion_words_in_other_senses_are_not_meetings(body):
    assert meetings(extract(body)) == set()


def test_meetings_whom_set_off_by_a_comma_still_makes_a_meeting():
    doc = extract("专家团今日与包括食物及卫生局局长陈肇始在内，负责防疫的香港官员见面交流。")
    assert "陈肇始" in participants(doc) and dates(doc) == {"2021-11-24"}


def test_meetings_a_round_is_counted_like_a_time():
    doc = extract("沙特外交大臣费萨尔预计双方很快就会举行第5轮会谈。", title="会谈")
    assert {o for _, o in facts_of(doc, "ordinal")} == {"5"}


@pytest.mark.parametrize("body", [
    "国务委员兼外长王毅昨日与瑞士外长卡西斯电话会谈。",
    "俄罗斯总统普京昨日与亚美尼亚总理帕希尼扬在电话交谈中讨论了局势。",
])
def test_meetings_a_telephone_call_is_not_a_meeting(body):
    assert meetings(extract(body)) == set()


@pytest.mark.parametrize("body", [
    "自疫情大流行以来，国家主席习近平已近2年未出国访问。",
    "克里姆林宫表示，莫斯科和华盛顿都认为需要进行会谈。",
])
def test_meetings_a_meeting_that_is_denied_or_only_needed_is_not_one(body):
    assert meetings(extract(body)) == set()


def test_meetings_a_meeting_to_wait_for_is_still_one():
    doc = extract("特首表示，需要待两地第二次对接会议。", title="通关")
    assert len(meetings(doc)) == 1


def test_meetings_a_dateline_does_not_date_the_meeting():
    doc = extract("【共同社华盛顿11月19日电】日本外务事务次官森健良18日在首都华盛顿与副国务卿谢尔曼举行会谈。",
                  published="2021-11-19T09:00:00+08:00")
    assert dates(doc) == {"2021-11-18"}


def test_meetings_the_next_clause_may_say_when_it_is_held():
    doc = extract("国家主席习近平与美国总统拜登的视像会议，本港时间明早举行。", published="2021-11-15T09:00:00+08:00")
    assert dates(doc) == {"2021-11-16"}


def test_meetings_the_day_someone_told_reporters_does_not_date_the_meeting():
    doc = extract("克里姆林宫周二告诉记者，新一轮会谈还没有确定的时间框架。", published="2021-11-10T09:00:00+08:00")
    assert "2021-11-09" not in dates(doc)


def test_meetings_the_day_of_an_arrival_dates_a_meeting_after_it():
    doc = extract("专家团昨天抵达香港后，先在政府总部与政务司司长李家超会面。")
    assert dates(doc) == {"2021-11-23"}


@pytest.mark.parametrize("second", [
    "欧洲理事会主席米歇尔表示，会晤将于12月15日在布鲁塞尔与亚美尼亚总理帕希尼扬举行。",  # a person
    "会议将于下月15日在布鲁塞尔举行的欧盟峰会间歇举行。",  # a body
])
def test_meetings_unnamed_parties_on_the_day_of_a_named_meeting_are_that_meeting(second):
    doc = extract("亚美尼亚和阿塞拜疆领导人将于12月中旬在布鲁塞尔会晤。" + second, published="2021-11-22T09:00:00+08:00")
    assert len(meetings(doc)) == 1


# ---------------------------------------------------------------- visits

@pytest.mark.parametrize("body", [
    "行政长官李家超今日出访中东。",
    "行政長官李家超今日出訪中東。",
    "新加坡副总理王瑞杰今日访问香港。",
    "医务卫生局局长卢宠茂今日到深圳视察。",
])
def test_meetings_visits_in_both_scripts(body):
    doc = extract(body)
    assert facts_of(doc, "meetingKind") and {k for _, k in facts_of(doc, "meetingKind")} == {"visit"}
    assert dates(doc) == {"2021-11-24"}


def test_meetings_a_part_of_the_day_dates_a_meeting_on_its_publication_day():
    doc = extract("医务卫生局局长卢宠茂下午与深圳市副市长会面。", published="2022-07-10T20:00:00+08:00")
    assert dates(doc) == {"2022-07-10"}


@pytest.mark.parametrize("body", [
    "医务卫生局局长卢宠茂今日到深圳湾口岸视察。",
    "行政长官李家超今日视察紧急交通事故协调中心后表示，安排会放宽。",
    "专家团在最后一日到访药房、私家诊所、学校及社区疫苗接种中心等。",
])
def test_meetings_an_inspection_of_a_facility_is_not_a_meeting(body):
    # no one is met: the guideline's "official visit where named parties meet" is not this
    assert meetings(extract(body)) == set()


def test_meetings_an_inspection_where_named_officials_are_met_is_one():
    doc = extract("专家团今天一早则到机场视察，并与食物及卫生局局长陈肇始在内的官员见面交流。")
    assert len(meetings(doc)) == 1 and "陈肇始" in participants(doc)


@pytest.mark.parametrize("body", [
    "市民可访问网站预约。",
    "这项调查访问了6000人。",
    "陈茂波昨日接受电台访问时表示，通关有望。",
    "访港旅客昨日达5万人次。",
    "能够让他们到内地视察和洽谈生意非常重要。",
    "患者昨日曾到访商场。",
])
def test_meetings_visit_words_in_other_senses_are_not_meetings(body):
    assert meetings(extract(body)) == set()


# ---------------------------------------------------------------- conferences and meeting nouns

@pytest.mark.parametrize("body", [
    "国际刑警组织第89届大会11月23日开幕。",
    "財政司司長陳茂波今日出席亞洲金融論壇。",
    "李家超今日出席一带一路高峰论坛。",
])
def test_meetings_conferences_and_forums(body):
    doc = extract(body)
    assert {k for _, k in facts_of(doc, "meetingKind")} == {"conference"}


@pytest.mark.parametrize("body", [
    "香港特区行政会议非官守成员叶刘淑仪昨日评论。",
    "立法会会议厅昨日开放。",
    "他们昨日在人民大会堂合照。",
    "市民昨日进入社会面活动。",
    "行政长官李家超昨日会面对更大压力。",
    "李家超昨日会见传媒。",
    "李家超昨日出席简报会议时表示，港府将继续防疫。",
    "中共第20次全国代表大会已定于10月16日召开。",
])
def test_meetings_meeting_words_in_other_senses_are_not_meetings(body):
    assert meetings(extract(body)) == set()


def test_meetings_an_unnamed_forum_where_something_was_said_is_not_a_meeting():
    assert meetings(extract("据香港01报道，行政长官林郑月娥早上在一个论坛上说，讨论取得良好进展。")) == set()
    assert meetings(extract("香港今年举办了多场论坛。")) == set()


def test_meetings_a_bare_meeting_noun_still_needs_a_date_or_a_held_verb():
    assert meetings(extract("林郑月娥出席行政会议前表示，通关是头等大事。")) == set()
    assert meetings(extract("他出席有关机场航天城的论坛后说，航天城是强心针。")) == set()
    assert len(meetings(extract("早前政务司司长带领团队到深圳出席专家对接会议。", title="通关"))) == 1  # attended: held
    assert len(meetings(extract("他稍后会返回政府总部主持会议。"))) == 1  # 主持: it takes place


def test_meetings_an_election_candidate_title_does_not_date_a_meeting():
    doc = extract("行政长官选举候选人李家超与商界举行视像会议。", published="2022-05-05T20:00:00+08:00")
    assert "2022-05-08" not in dates(doc)


# ---------------------------------------------------------------- English

@pytest.mark.parametrize("body, kind", [
    ("On November 3, I met Vice Premier Han Zheng in Beijing.", "meeting"),
    ("The Chief Executive met with Governor Ma Xingrui on November 3.", "meeting"),
    ("During my visit to Beijing on November 3, I conveyed the difficulties.", "visit"),
    ("The Chief Executive will lead a delegation to Guangzhou on November 3.", "visit"),
    ("I spoke at the Belt and Road Summit on November 3.", "conference"),
    ("The two sides held talks with officials on November 3.", "meeting"),
])
def test_meetings_english_phrasings(body, kind):
    doc = extract(body, published="2020-11-10T09:00:00+08:00")
    assert {k for _, k in facts_of(doc, "meetingKind")} == {kind}
    assert dates(doc) == {"2020-11-03"}


@pytest.mark.parametrize("body", [
    "She talks about the economy on November 3.",
    "The plan is meeting the needs of residents on November 3.",
    "He spoke at a press conference on November 3.",
    "Tourists visit Hong Kong on November 3.",
    "It was a challenge, one we met with our Airport Core Programme on November 3.",
    "Many conferences have been held in Hong Kong since November 3.",
])
def test_meetings_english_words_in_other_senses_are_not_meetings(body):
    assert meetings(extract(body, published="2020-11-10T09:00:00+08:00")) == set()


@pytest.mark.parametrize("body", [
    "国家主席习近平与美国总统拜登举行了拜登今年1月底就任后的第3次视讯会议。",
    "李家超去年7月上任以来首次与广东省省长举行会谈，双方讨论通关安排。",
])
def test_meetings_the_date_of_another_event_it_is_counted_from_does_not_date_it(body):
    doc = extract(body, title="通关安排", published="2021-11-16T09:00:00+08:00")
    assert any(f.subject.kind == "meeting" for f in doc.facts)  # the meeting is read
    assert facts_of(doc, "date") == set()  # but 1月底 / 去年7月 is when someone took office


@pytest.mark.parametrize("body", [
    "特区政府明天举行追悼大会，悼念殉职消防员，行政长官林郑月娥将出席。",
    "香港各界庆祝大会今日在会展中心举行，政务司司长李家超出席。",
])
def test_meetings_a_funeral_or_a_ceremony_is_not_a_meeting(body):
    doc = extract(body, title="通关")
    assert not [f for f in doc.facts if f.subject.kind == "meeting"]


@pytest.mark.parametrize("body", [
    "金融管理局11月举办国际金融领袖投资峰会。",
    "全国人大常委会下月召开会议。",
])
def test_meetings_a_meeting_in_a_later_month_is_planned_not_held(body):
    doc = extract(body, title="通关", published="2022-07-14T09:00:00+08:00")
    assert {s for _, s in facts_of(doc, "status")} == {"planned"}


def test_meetings_a_bare_meeting_word_naming_again_what_is_no_meeting_is_none():
    doc = extract("报导指出，20大会议将于本月16日开幕，按惯例会议举行一周。", title="通关", published="2022-10-03T09:00:00+08:00")
    assert meetings(doc) == set()


def test_meetings_a_visit_to_a_country_the_gazetteer_lacks_is_a_visit():
    doc = extract("伊朗外交部发言人表示，国际原子能机构总干事拉斐尔·格罗西将很快访问伊朗。")
    assert {k for _, k in facts_of(doc, "meetingKind")} == {"visit"}


def test_meetings_an_exchange_online_with_someone_is_a_meeting():
    doc = extract("行政长官选举候选人李家超下午与工商界人士及选举委员会委员网上交流。", published="2022-04-21T20:00:00+08:00")
    assert dates(doc) == {"2022-04-21"}


def test_meetings_a_visit_and_whom_the_visitor_met_in_the_next_clause_are_one_meeting():
    doc = extract("1972年美国总统尼克森访问中国，会见时任中共领导人毛泽东。", title="会谈")
    assert len(meetings(doc)) == 1 and {"尼克森", "毛泽东"} <= participants(doc)


@pytest.mark.parametrize("body, status", [
    ("原定明天在深圳举行的第三次对接会议取消。", "cancelled"),
    ("原定明天在深圳举行的第三次对接会议押后。", "postponed"),
    ("第三次对接会议明天在深圳举行。", "planned"),
])
def test_meetings_a_meeting_called_off_or_put_back_says_so(body, status):
    doc = extract(body, title="通关")
    assert {s for _, s in facts_of(doc, "status")} == {status}
