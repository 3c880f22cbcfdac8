"""people.v2 finds names from context in Simplified, Traditional and English text."""

from __future__ import annotations

from kg.extractors import run_pipeline
from kg.knowledge import Knowledge, load_knowledge

from conftest import entity_keys, entity_labels, extract, facts_of, make_article

EMPTY = Knowledge()  # no reference knowledge: patterns alone must find the names


def people(body: str, knowledge=EMPTY) -> set[str]:
    doc = run_pipeline(make_article(body), knowledge, pipeline=(("people", "people.v2"),))
    return entity_labels(doc, "person")


def test_people_title_then_name_in_simplified_without_reference_knowledge():
    assert people("香港特首林郑月娥昨天宣布，会议将于明天举行。") == {"林郑月娥"}
    assert people("广东省副省长张新及内地相关部门代表出席。") == {"张新"}
    assert people("中国全国人大常委谭耀宗昨天表示，配额可逐步增加。") == {"谭耀宗"}


def test_people_title_then_name_in_traditional():
    assert people("食物及衞生局局長陳肇始今日表示，會加強檢測。") == {"陳肇始"}
    assert people("政務司司長李家超率團前往深圳。") == {"李家超"}


def test_people_name_then_speech_verb_with_time_word():
    assert people("王小明昨天表示，通关需要时间。") == {"王小明"}
    assert people("陳大文指出，政府會繼續努力。") == {"陳大文"}


def test_people_short_form_joins_the_full_name_in_the_same_article():
    doc = run_pipeline(make_article("香港特首林郑月娥今天公布进展。林郑早上在论坛上说，讨论取得进展。"), EMPTY,
                       pipeline=(("people", "people.v2"),))
    assert entity_keys(doc, "person") == {"林郑月娥"}
    assert entity_labels(doc, "person") == {"林郑月娥", "林郑"}


def test_people_no_fragments_time_words_or_function_words():
    assert people("林郑月娥上周五说，进展良好。林郑昨天又说，磋商顺利。") == {"林郑月娥", "林郑"}
    assert people("但没有给出时间框架。对方表示如果香港通关，澳门也可以跟随。") == set()
    assert people("发言人周四表示，工作有序推进。") == set()


def test_people_anonymous_sources_are_not_named_people():
    assert people("消息人士透露，通关有望下月试行。") == set()


def test_people_english_title_and_speech_patterns():
    assert people("When the Chief Executive Carrie Lam met with reporters, she spoke.") == {"Carrie Lam"}
    assert people("Lam Cheng Yuet-ngor also pointed out that the plan would expand.") == {"Lam Cheng Yuet-ngor"}
    assert people("Hong Kong's Chief Secretary for Administration Li Jiachao said it was ready.") == {"Li Jiachao"}
    assert people("The Hong Kong Government said it was ready.") == set()


def test_people_reference_knowledge_joins_scripts_into_one_node():
    doc = extract("When the Chief Executive Carrie Lam met reporters, she spoke. Lam Cheng Yuet-ngor also said more.",
                  published=None)
    assert entity_keys(doc, "person") == {"林郑月娥"}
    traditional = extract("香港特首林鄭月娥昨日宣布，會議將於明天舉行。")
    assert entity_keys(traditional, "person") == {"林郑月娥"}


def test_people_positions_link_person_post_and_organization_with_report_date():
    doc = extract("中国全国人大常委谭耀宗昨天表示，近日与澳门特首贺一诚联络。")
    assert facts_of(doc, "member") == {("谭耀宗|全国人大常委", "谭耀宗"), ("贺一诚|澳门行政长官", "贺一诚")}
    assert facts_of(doc, "organization") == {
        ("谭耀宗|全国人大常委", "全国人民代表大会常务委员会"), ("贺一诚|澳门行政长官", "澳门特别行政区政府")}
    assert ("贺一诚|澳门行政长官", "2021-11-24") in facts_of(doc, "reportedOn")


def test_people_unknown_post_keeps_its_own_title():
    doc = extract("保安局局长张三丰今日表示，会加强执法。")
    assert facts_of(doc, "role") == {("张三丰|保安局局长", "保安局局长")}


def test_people_names_listed_after_a_titled_name():
    assert people("受审者包括前立法会议员如毛孟静丶区诺轩和梁国雄。") == {"毛孟静", "区诺轩", "梁国雄"}
    assert people("前立法會議員如毛孟靜、區諾軒和梁國雄出庭。") == {"毛孟靜", "區諾軒", "梁國雄"}


def test_people_transliterated_foreign_names():
    assert people("好莱坞女星妮可·基德曼赴港拍片，获准免于隔离。") == {"妮可·基德曼"}
    assert people("德國前總理安格拉·默克爾表示支持。") == {"安格拉·默克爾"}


def test_people_short_forms_do_not_join_different_people_across_articles(tmp_path):
    from kg.build import build
    from kg.query import open_graph, run_query

    (tmp_path / "a.md").write_text("---\ntitle: a\n---\n\n工聯會理事長黃國表示，通關是新年大禮。黃國指，希望重開口岸。\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: b\n---\n\n立法會議員黃國健表示，支持通關。黃國健說，要做好準備。\n",
                                   encoding="utf-8")
    build(tmp_path, tmp_path / "out", html=False)
    rows = run_query(open_graph(tmp_path / "out"), "SELECT ?p WHERE { ?p a kg:Person } ORDER BY ?p").rows
    assert [r[0].rsplit("/", 1)[1] for r in rows] == ["黄国", "黄国健"]


def test_people_former_posts_are_not_current_positions():
    doc = extract("前特首林郑月娥出席活动。When former Chief Executive Carrie Lam arrived, she spoke.")
    assert facts_of(doc, "member") == set()
    assert entity_keys(doc, "person") == {"林郑月娥"}


def test_people_honorific_forms_join_the_full_name_or_stay_in_their_article():
    joined = run_pipeline(make_article("裁判官陳大文昨日判刑。陳官認為，被告另有圖謀。"), EMPTY, pipeline=(("people", "people.v2"),))
    assert entity_keys(joined, "person") == {"陈大文"}
    assert entity_labels(joined, "person") == {"陳大文", "陳官"}
    alone = run_pipeline(make_article("一位姓陈的市民陈小姐表示，希望尽快通关。"), EMPTY, pipeline=(("people", "people.v2"),))
    assert [(e.node.key, bool(e.node.scope)) for e in alone.entities] == [("陈小姐", True)]
    assert people("消息人士透露，该官员表示会跟进。") == set()


def test_organizations_english_names_by_their_heads():
    doc = extract("The Food and Health Bureau and the Transport Department said the checkpoints would reopen.",
                  published=None)
    assert {"Food and Health Bureau", "Transport Department"} <= {e.label for e in doc.entities if e.node.kind == "org"}


def test_people_a_place_before_a_speech_verb_is_not_a_person():
    # any place of the gazetteer (ontology/places.ttl), not a list of the seeds' places
    places = load_knowledge()
    assert people("Fujian Province said on Monday that the border would reopen.", places) == set()
    assert people("Qianhai Authority said the crossing would reopen.", places) == set()
    assert people("Wong Kam-sing said the crossing would reopen.", places) == {"Wong Kam-sing"}  # not Wong Tai Sin


def test_sources_a_posted_official_is_one_source_wherever_posted():
    doc = extract("一位驻北京的官员表示，通关工作有序推进。驻廣州的消息人士透露，通关有望下月实施。")
    assert entity_labels(doc, "source") == {"一位驻北京的官员", "驻廣州的消息人士"}


def test_people_titles_come_from_the_lexicon_by_field():
    from kg.knowledge import load_titles

    titles = load_titles()
    fields = {"government", "legislature", "foreign government", "party", "judiciary", "academia", "business",
              "civil society", "media", "sport", "religion", "military", "police"}
    assert set(titles.fields.values()) == fields  # every title has one of the declared fields, each field is used
    assert {"主帅", "候选人", "主教", "创办人", "议员"} <= set(titles.zh)
    assert {"Professor", "Bishop", "Ambassador"} <= set(titles.en)


def test_people_a_title_of_any_field_introduces_a_name():
    assert people("这场比赛由主帅李明德带队。") == {"李明德"}  # sport: no speech verb, no model
    assert people("候選人陳大明在選區拉票。") == {"陳大明"}  # elections, Traditional
    assert people("Bishop John Smith visited the school.") == {"John Smith"}


def test_people_a_title_that_implies_its_organization_gives_the_post_its_body():
    doc = extract("立法会议员陈大明昨天表示，会继续跟进。")
    assert facts_of(doc, "organization") == {("陈大明|立法会议员", "香港特别行政区立法会")}


def test_people_a_title_then_an_ordinary_word_is_no_name():
    assert entity_keys(extract("将以保障选手权益为前提，检讨赛事筹办。"), "person") == set()
