"""The build cache keeps what each article gave, by key, and survives being damaged."""

from __future__ import annotations

import pickle

import pytest

from kg.cache import Cache, Entry, article_key


def _put(cache: Cache, key: str, entry: Entry) -> None:
    dump = lambda value: pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)  # noqa: E731
    cache.put_pickled(key, dump(entry.meetings), dump(entry))


def test_cache_gives_back_what_was_put_and_none_for_an_unknown_key(tmp_path):
    with Cache(tmp_path / "c.sqlite") as cache:
        _put(cache, "k1", Entry("a.md", error="empty"))
        assert cache.get("k1") == Entry("a.md", error="empty")
        assert cache.get("k2") is None
        assert cache.keys() == {"k1"}


def test_cache_entries_outlive_the_process_that_wrote_them(tmp_path):
    with Cache(tmp_path / "c.sqlite") as cache:
        _put(cache, "k1", Entry("a.md", error="empty"))
    with Cache(tmp_path / "c.sqlite") as cache:
        assert cache.get("k1").name == "a.md"


def test_cache_reads_only_the_meeting_summary_and_raises_on_an_unknown_key(tmp_path):
    summary = ((("meeting", "m1"), ("深圳",), "2021-11-25"),)
    with Cache(tmp_path / "c.sqlite") as cache:
        _put(cache, "k1", Entry("a.md", meetings=summary))
        assert cache.meetings("k1") == summary
        with pytest.raises(KeyError, match="nope"):
            cache.meetings("nope")


def test_cache_keep_only_deletes_the_rest_and_counts_them(tmp_path):
    with Cache(tmp_path / "c.sqlite") as cache:
        for key in "abc":
            _put(cache, key, Entry(f"{key}.md"))
        assert cache.keep_only(["a", "c", "zz"]) == 1
        assert cache.keys() == {"a", "c"}
        assert cache.keep_only(["a"]) == 1  # a second call starts from an empty wish list
        assert cache.keys() == {"a"}


def test_cache_a_damaged_file_is_started_again_not_an_error(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with Cache(path) as cache:
        assert cache.keys() == set()
        _put(cache, "k", Entry("k.md"))
    with Cache(path) as cache:
        assert cache.keys() == {"k"}


def test_cache_key_changes_with_the_path_the_bytes_and_the_pipeline():
    pipeline = (("people", "people.v2"),)
    key = article_key("a.md", b"text", pipeline)
    assert len(key) == 64
    assert article_key("a.md", b"text", pipeline) == key
    assert article_key("b.md", b"text", pipeline) != key
    assert article_key("a.md", b"text!", pipeline) != key
    assert article_key("a.md", b"text", (("people", "people.v3"),)) != key
    # the name and the bytes are kept apart: "a.m" + "dtext" is not "a.md" + "text"
    assert article_key("a.m", b"dtext", pipeline) != key
