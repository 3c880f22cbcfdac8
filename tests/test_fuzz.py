"""Property tests: whatever the input, the reader and the parsers raise only their documented errors."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.dates import find_dates
from kg.errors import ArticleError
from kg.extractors.conditions import _value
from kg.reader import read_article

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CHINESE = st.text(alphabet=st.sampled_from(list("今天昨明年月日周二三上下前后左右中旬底初首季农历新年冬至0123456789（）()，。的在于")),
                  max_size=40)


@FUZZ
@given(st.binary(max_size=2000))
def test_fuzz_reader_raises_only_article_errors_on_any_bytes(tmp_path, data):
    path = Path(tmp_path) / "x.md"
    path.write_bytes(data)
    try:
        article = read_article(path, "x.md")
    except ArticleError:
        return
    assert article.text and all(s.end > s.start for s in article.sentences)


@FUZZ
@given(st.text(max_size=400).map(lambda body: "---\ntitle: t\n---\n" + body))
def test_fuzz_reader_front_matter_posts_with_any_body(tmp_path, text):
    path = Path(tmp_path) / "x.md"
    path.write_bytes(text.encode("utf-8", "replace"))  # lone surrogates cannot be UTF-8
    try:
        read_article(path, "x.md")
    except ArticleError:
        pass


@FUZZ
@given(CHINESE | st.text(max_size=60), st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1),
                                                                        max_value=date(2060, 12, 31))))
def test_fuzz_dates_never_raise_and_stay_inside_the_text(text, reference):
    for expr in find_dates(text, reference, context=text):
        assert 0 <= expr.start < expr.end <= len(text)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}-Q1|--\d{2}-\d{2}|--\d{2}", expr.value), expr


@FUZZ
@given(st.from_regex(r"\d{1,3}(,\d{3}){0,2}(\.\d{1,2})?", fullmatch=True), st.sampled_from([None, "万"]))
def test_fuzz_quota_numbers_parse_to_non_negative_decimals(number, wan):
    value = _value(number, wan)
    assert value >= 0
