"""Property tests: whatever the input, the reader and the parsers raise only their documented errors."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.dates import find_dates
from kg.errors import ArticleError
from kg.extractors.conditions import _value
from kg.reader import read_article

# the number of inputs comes from the profile (conftest.py): 300, or 25 under mutation testing
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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
@given(st.text(max_size=400))
def test_fuzz_reader_front_matter_posts_with_any_body_keep_their_title(tmp_path, body):
    path = Path(tmp_path) / "x.md"
    path.write_bytes(("---\ntitle: t\n---\n" + body).encode("utf-8", "replace"))  # lone surrogates cannot be UTF-8
    try:
        article = read_article(path, "x.md")
    except ArticleError as error:  # the front matter is fine: only the body can be wrong
        assert str(error) in ("x.md: holds no article text", "x.md: is a binary file, not text"), error
        return
    assert article.title == "t"
    assert article.text and article.text == article.text.strip()
    for span in article.sentences:
        assert 0 <= span.start < span.end <= len(article.text)


@FUZZ
@given(CHINESE | st.text(max_size=60), st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1),
                                                                        max_value=date(2060, 12, 31))))
def test_fuzz_dates_never_raise_and_stay_inside_the_text(text, reference):
    for expr in find_dates(text, reference, context=text):
        assert 0 <= expr.start < expr.end <= len(text)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}-Q1|--\d{2}-\d{2}|--\d{2}", expr.value), expr


@FUZZ
@given(st.integers(0, 999_999_999), st.one_of(st.none(), st.integers(0, 99)), st.sampled_from([None, "万"]))
def test_fuzz_quota_numbers_parse_to_the_number_written(whole, cents, wan):
    written = f"{whole:,}" + (f".{cents:02d}" if cents is not None else "")  # 1,234,567.05
    value = _value(written, wan)
    assert value == (whole + Fraction(cents or 0, 100)) * (10000 if wan else 1)
    if value == int(value):
        assert str(value) == str(int(value))  # 10000, not 1E+4 or 10000.00
