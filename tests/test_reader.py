"""Reading articles: both Jekyll flavours, plain text, HTML pages, and bad files."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kg.errors import ArticleError
from kg.reader import MAX_BYTES, iter_article_files, read_article

from conftest import SEEDS

ZAOBAO_POST = """---
layout: post
title: "陆港通关对接会议将于明天举行"
date: 2021-11-24T01:38:51.384Z
author: 联合早报
from: https://www.zaobao.com/realtime/china/story20211124-1216534
tags: [ 联合早报 ]
categories: [ 联合早报 ]
---
<!--1637742960000-->
[陆港通关对接会议将于明天举行](https://www.zaobao.com/realtime/china/story20211124-1216534)
------

<div>
<p>香港特首林郑月娥昨天宣布，第二次的通关对接会议将于明天在深圳举行。她说会有配额。</p><section id="imu"><div id="dfp-ad-imu1">AD</div></section>
<p>第二段。</p><a href="https://subscribe.sph.com.sg/promotions/x"><img src="paywall.png"></a>
<div class="cx_paywall_placeholder">subscribe now</div>
</div>
"""

RTHK_POST = """---
layout: post
title: 李家超與廣東省副省長張新商討落實恢復「通關」安排
date: 2021-12-14 20:41:09.000000000 +08:00
link: https://news.rthk.hk/rthk/ch/component/k2/1624201-20211214.htm
categories: rthk
---

政務司司長李家超今日率領相關政策局和部門代表，在深圳舉行會議。

當局表示，在會議中達成多方面共識。
"""


def test_reader_reads_zaobao_flavour_and_drops_ads_and_paywall(tmp_path):
    path = tmp_path / "post.txt"
    path.write_text(ZAOBAO_POST, encoding="utf-8")
    article = read_article(path, "post.txt")
    assert article.title == "陆港通关对接会议将于明天举行"
    assert article.url == "https://www.zaobao.com/realtime/china/story20211124-1216534"
    assert article.published == datetime(2021, 11, 24, 1, 38, 51, 384000, tzinfo=timezone.utc)
    assert article.outlet == "联合早报"
    assert article.script == "zh-Hans"
    assert article.text == "香港特首林郑月娥昨天宣布，第二次的通关对接会议将于明天在深圳举行。她说会有配额。\n第二段。"
    assert [article.span_text(s) for s in article.sentences] == [
        "香港特首林郑月娥昨天宣布，第二次的通关对接会议将于明天在深圳举行。", "她说会有配额。", "第二段。"]


def test_reader_reads_rthk_flavour_with_link_and_local_time(tmp_path):
    path = tmp_path / "rthk.md"
    path.write_text(RTHK_POST, encoding="utf-8")
    article = read_article(path, "rthk.md")
    assert article.url.startswith("https://news.rthk.hk/")
    assert article.published == datetime(2021, 12, 14, 20, 41, 9, tzinfo=timezone(timedelta(hours=8)))
    assert article.outlet == "香港電台"
    assert article.script == "zh-Hant"
    assert len(article.paragraphs) == 2


def test_reader_reads_plain_english_text_without_front_matter():
    article = read_article(SEEDS / "004_145c9e9e37f0ccd1.txt", "004_145c9e9e37f0ccd1.txt")
    assert article.title is None and article.published is None
    assert article.script == "en"
    assert article.text.startswith("The Hong Kong government team went to Shenzhen on the 14th")


def test_reader_reads_html_page_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        '<html><head><title>Border talks</title><meta property="og:url" content="https://example.org/a">'
        '<meta property="article:published_time" content="2021-12-14T10:00:00+08:00"></head>'
        "<body><script>alert(1)</script><p>Officials met in Shenzhen.</p></body></html>", encoding="utf-8")
    article = read_article(path, "page.html")
    assert (article.title, article.url) == ("Border talks", "https://example.org/a")
    assert article.published.isoformat() == "2021-12-14T10:00:00+08:00"
    assert article.text == "Officials met in Shenzhen."


def test_reader_sentences_and_paragraphs_are_spans_of_the_text(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: t\n---\n\n林郑月娥昨天表示，通关有序推进。她说会有配额！\n\n第二段。Really? Yes.\n",
                    encoding="utf-8")
    article = read_article(path, "a.md")
    assert article.text == "林郑月娥昨天表示，通关有序推进。她说会有配额！\n第二段。Really? Yes."
    assert [(s.start, s.end) for s in article.sentences] == [(0, 16), (16, 23), (24, 28), (28, 35), (36, 40)]
    assert [article.span_text(s) for s in article.sentences] == ["林郑月娥昨天表示，通关有序推进。", "她说会有配额！",
                                                                 "第二段。", "Really?", "Yes."]
    assert [article.span_text(p) for p in article.paragraphs] == ["林郑月娥昨天表示，通关有序推进。她说会有配额！",
                                                                  "第二段。Really? Yes."]


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir()))
def test_reader_sentences_of_a_real_article_tile_its_paragraphs_in_order(seed):
    article = read_article(SEEDS / seed, seed)
    assert "\n".join(article.span_text(p) for p in article.paragraphs) == article.text
    covered = []
    for paragraph in article.paragraphs:
        inside = [s for s in article.sentences if paragraph.start <= s.start < s.end <= paragraph.end]
        covered += inside
        # the paragraph's sentences, in order, are the paragraph up to the spaces between them
        assert "".join(article.span_text(s) for s in inside).replace(" ", "") == \
            article.span_text(paragraph).replace(" ", "")
        for sentence in inside:
            assert article.span_text(sentence) == article.span_text(sentence).strip() != ""
    assert covered == list(article.sentences)  # every sentence lies inside one paragraph, none out of order


def test_reader_reads_a_file_of_exactly_the_size_limit_and_refuses_one_byte_more(tmp_path):
    article = "---\ntitle: big\n---\n\n林郑月娥昨天表示，通关有序推进。\n".encode()
    at_limit = article + b"\n" * (MAX_BYTES - len(article))  # trailing blank lines: cheap to read
    (tmp_path / "at.md").write_bytes(at_limit)
    (tmp_path / "over.md").write_bytes(at_limit + b"\n")
    assert read_article(tmp_path / "at.md").text == "林郑月娥昨天表示，通关有序推进。"
    with pytest.raises(ArticleError) as error:
        read_article(tmp_path / "over.md")
    assert str(error.value) == "over.md: is too large (5.0 MB; the limit is 5 MB)"


@pytest.mark.parametrize("content, reason", [
    ("---\ntitle: [unclosed\n---\nbody\n", "front matter is not valid YAML (line 2)"),
    ("---\ntitle: no end\nbody\n", "front matter has no closing '---' line"),
    ("---\ntitle: x\ndate: not a date\n---\nbody\n", "front matter 'date' is not a date: 'not a date'"),
    ("---\ntitle: [a, b]\n---\nbody\n", "front matter 'title' is a list, not text"),
    ("", "holds no article text"),
    ("   \n\n  ", "holds no article text"),
    ("---\ndate: 2022-03-27 11:55:59 +08:00\n---\n\n\n", "holds no article text"),  # neither body nor title
])
def test_reader_names_the_file_and_the_reason_for_bad_input(tmp_path, content, reason):
    path = tmp_path / "bad.md"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ArticleError) as error:
        read_article(path, "bad.md")
    assert str(error.value) == f"bad.md: {reason}"


def test_reader_a_post_with_only_a_headline_is_read_as_its_headline(tmp_path):
    path = tmp_path / "headline.md"
    path.write_text("---\ntitle: 特首：接種疫苗是恢復與內地通關必要條件\ndate: 2022-03-27 11:55:59 +08:00\n---\n\n\n",
                    encoding="utf-8")
    article = read_article(path, "headline.md")
    assert (article.title, article.text) == ("特首：接種疫苗是恢復與內地通關必要條件", "特首：接種疫苗是恢復與內地通關必要條件")
    assert [article.span_text(s) for s in article.sentences] == [article.text]


def test_reader_rejects_binary_files_and_undecidable_encodings(tmp_path):
    (tmp_path / "bin.md").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "latin.md").write_bytes("café crème brûlée, déjà vu à Genève".encode("latin-1"))
    with pytest.raises(ArticleError, match="binary file"):
        read_article(tmp_path / "bin.md", "bin.md")
    with pytest.raises(ArticleError, match="not valid UTF-8 .* its encoding could not be told"):
        read_article(tmp_path / "latin.md", "latin.md")


@pytest.mark.parametrize("encoding, text", [
    ("gbk", "香港特首林郑月娥今日表示，通关工作正有序推进。"),
    ("big5", "香港特首林鄭月娥今日表示，通關工作正有序推進。"),
    ("utf-8-sig", "香港特首林鄭月娥今日表示，通關工作正有序推進。"),
])
def test_reader_decodes_gbk_big5_and_bom_without_mojibake(tmp_path, encoding, text):
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    assert read_article(path, "a.txt").text == text


def test_reader_crlf_line_endings_read_like_lf(tmp_path):
    (tmp_path / "crlf.md").write_bytes("---\r\ntitle: 通关\r\ndate: 2021-11-24\r\n---\r\n\r\n第一段。\r\n\r\n第二段。\r\n".encode())
    article = read_article(tmp_path / "crlf.md", "crlf.md")
    assert (article.title, article.text) == ("通关", "第一段。\n第二段。")


def test_reader_lists_article_files_sorted_with_relative_names(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/2.md", "a.txt", "b/1.html", "notes.json", ".hidden.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [name for _, name in iter_article_files(tmp_path)] == ["a.txt", "b/1.html", "b/2.md"]


def test_reader_drops_agency_datelines_credits_photo_captions_and_related_links(tmp_path):
    path = tmp_path / "cna.html"
    path.write_text(
        "---\ntitle: t\ndate: 2023-01-14 17:53:00 +08:00\nlink: https://www.cna.com.tw/news/x.aspx\n---\n"
        "<div><p>圖為民眾經大橋前往珠海。（中新社提供）中央社 112年1月14日</p>"
        "<p>（中央社台北14日電）港府今天公布上調配額。</p><p>第二段。（編輯：陳沛冰/呂佳蓉）1120114</p>"
        "<p>香港</p><p>其他新聞標題</p></div>", encoding="utf-8")
    article = read_article(path, "cna.html")
    assert article.text == "港府今天公布上調配額。\n第二段。"


def test_reader_a_missing_corpus_folder_is_named_in_the_error(tmp_path):
    with pytest.raises(ArticleError) as error:
        list(iter_article_files(tmp_path / "nope"))
    assert (error.value.path, error.value.reason) == (str(tmp_path / "nope"), "no such file or directory")


def test_reader_lists_upper_case_suffixes_and_skips_folders_named_like_articles(tmp_path):
    (tmp_path / "x.md").mkdir()  # a folder, not an article
    (tmp_path / "x.md" / "a.MD").write_text("x", encoding="utf-8")
    (tmp_path / "b.HTM").write_text("x", encoding="utf-8")
    assert [name for _, name in iter_article_files(tmp_path)] == ["b.HTM", "x.md/a.MD"]


def test_reader_article_ids_are_stable_short_hashes_of_the_file_name():
    from kg.reader import article_id

    assert article_id("a/b.md") == "c5c408ab229d6419"  # sha1 of the UTF-8 name, 16 hex digits
    assert article_id("通关.md") != article_id("通關.md")


@pytest.mark.parametrize("html, depth", [
    ("<div><p>x</p></div>", 2), ("<p>a</p><p>b</p>", 1), ("<br><img src=x><hr/>", 0), ("<BR><P>x", 1),
    ("<x/><y/>", 0), ("</p></p><b>x</b>", 1), ("<div><div><div>", 3), ("text only", 0),
])
def test_reader_html_nesting_depth_counts_open_elements_only(html, depth):
    from kg.reader import _nesting_depth

    assert _nesting_depth(html) == depth


def test_reader_refuses_html_nested_deeper_than_it_can_read(tmp_path):
    from kg.reader import MAX_HTML_DEPTH

    path = tmp_path / "deep.html"
    path.write_text("<div>" * (MAX_HTML_DEPTH + 1) + "通关" + "</div>" * (MAX_HTML_DEPTH + 1), encoding="utf-8")
    with pytest.raises(ArticleError, match=f"nested more than {MAX_HTML_DEPTH} levels deep"):
        read_article(path, "deep.html")
    path.write_text("<div>" * MAX_HTML_DEPTH + "香港特首今日表示，通关有序推进。" + "</div>" * MAX_HTML_DEPTH, encoding="utf-8")
    assert read_article(path, "deep.html").text == "香港特首今日表示，通关有序推进。"


@pytest.mark.parametrize("block", [
    '<div class="ad-banner">广告</div>', '<div id="dfp_ad1">广告</div>', '<div class="Related-Articles">广告</div>',
    '<div data-selfpromo-id="3">广告</div>', '<a href="/subscribe/now">广告</a>', '<a href="x?promotion=1">广告</a>',
    '<aside>广告</aside>', '<script>var 广告 = 1;</script>', '<div class="share_buttons">广告</div>',
    '<a href="/Subscribe">广告</a>', '<div class="x" id="PAYWALL-box">广告</div>',
])
def test_reader_drops_ads_promotions_and_related_boxes_by_tag_id_class_or_link(tmp_path, block):
    path = tmp_path / "p.html"
    path.write_text(f"<html><body><p>香港特首今日表示，通关有序推进。</p>{block}<p>第二段。</p></body></html>",
                    encoding="utf-8")
    assert "广告" not in read_article(path, "p.html").text


@pytest.mark.parametrize("block", ['<div class="adventure">探险</div>', '<div class="header-road">探险</div>',
                                   '<a href="/news/1">探险</a>', '<div class="loaded">探险</div>'])
def test_reader_keeps_text_whose_class_only_contains_an_ad_word(tmp_path, block):
    path = tmp_path / "p.html"
    path.write_text(f"<html><body><p>香港特首今日表示，通关有序推进。</p>{block}</body></html>", encoding="utf-8")
    assert "探险" in read_article(path, "p.html").text


def test_reader_html_metadata_by_name_and_the_open_graph_title_when_there_is_no_title(tmp_path):
    path = tmp_path / "page.html"
    path.write_text('<html><head><meta name="description" content="x"><meta name="pubdate" content="2021-12-14">'
                    '<meta property="og:title" content="  Border   talks "></head>'
                    "<body><p>Officials met in Shenzhen.</p></body></html>", encoding="utf-8")
    article = read_article(path, "page.html")
    assert article.title == "Border talks"
    assert article.published.date().isoformat() == "2021-12-14"


@pytest.mark.parametrize("written, published", [
    ("2021-11-24", "2021-11-24T00:00:00+00:00"),  # a YAML date: midnight UTC
    ("2021-11-24 09:30:00", "2021-11-24T09:30:00+00:00"),  # a YAML datetime without zone: UTC
    ("'2021-11-24T09:30:00'", "2021-11-24T09:30:00+00:00"),
    ("'2021-11-24T09:30:00+08:00'", "2021-11-24T09:30:00+08:00"),
    ("'2021-11-24T01:38:51Z'", "2021-11-24T01:38:51+00:00"),
    ("'2021-12-14 20:41:09.123456789 +08:00'", "2021-12-14T20:41:09.123456+08:00"),  # Jekyll's nanoseconds
    ("'2021-12-14 20:41:09 +0800'", "2021-12-14T20:41:09+08:00"),
    ("''", None),
])
def test_reader_front_matter_dates_in_every_form_jekyll_writes(tmp_path, written, published):
    path = tmp_path / "p.md"
    path.write_text(f"---\ntitle: t\ndate: {written}\n---\n\n林郑月娥昨天表示，通关有序推进。\n", encoding="utf-8")
    article = read_article(path, "p.md")
    assert (article.published.isoformat() if article.published else None) == published


def test_reader_a_date_that_is_not_one_is_named_and_cut_to_forty_characters(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: t\ndate: " + "x" * 50 + "\n---\n\nbody\n", encoding="utf-8")
    with pytest.raises(ArticleError) as error:
        read_article(path, "p.md")
    assert error.value.reason == f"front matter 'date' is not a date: {'x' * 40!r}"
