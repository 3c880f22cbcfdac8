"""The extractor registry refuses a pipeline that runs an extractor before what it needs."""

from __future__ import annotations

import pytest

from kg.extractors import registry, run_pipeline

from conftest import make_article


def test_registry_refuses_an_extractor_placed_before_what_it_needs():
    with pytest.raises(ValueError, match=r"extractor meetings\.v2 needs \['org', 'place'\] from an earlier extractor"):
        registry([("people", "people.v2"), ("meetings", "meetings.v2"), ("organizations", "organizations.v2"),
                  ("places", "places.v1")])


def test_registry_refuses_a_need_added_only_later_in_the_pipeline():
    # sources.v1 adds what claims.v1 needs, but after it: the order is wrong, not the set
    with pytest.raises(ValueError, match=r"extractor claims\.v1 needs \['source'\] from an earlier extractor"):
        registry([("people", "people.v2"), ("organizations", "organizations.v2"), ("claims", "claims.v1"),
                  ("sources", "sources.v1")])


def test_registry_accepts_the_same_extractors_in_needs_order():
    names = [ex.name for ex in registry([("people", "people.v2"), ("organizations", "organizations.v2"),
                                         ("sources", "sources.v1"), ("claims", "claims.v1")])]
    assert names == ["people.v2", "organizations.v2", "sources.v1", "claims.v1"]


def test_registry_a_pipeline_out_of_order_runs_nothing():
    # the order is checked before the first extractor runs, not recorded as a failure per article
    with pytest.raises(ValueError, match="meetings.v2 needs"):
        run_pipeline(make_article("林郑月娥昨天表示，通关有序推进。"), pipeline=[("meetings", "meetings.v2")])


def test_registry_refuses_a_module_that_does_not_register_the_name():
    with pytest.raises(ValueError, match=r"module kg\.extractors\.people does not register 'people\.v1'"):
        registry([("people", "people.v1")])  # the old version's name: people.py now registers people.v2


def test_registry_no_model_pipeline_is_the_same_extractors_without_the_labeller():
    from kg.extractors import PIPELINE, without_model

    assert ("tokens", "tokens.lac1") in PIPELINE
    assert without_model() == tuple(step for step in PIPELINE if step != ("tokens", "tokens.lac1"))
    assert without_model([("tokens", "tokens.lac1"), ("people", "people.v2")]) == (("people", "people.v2"),)


def test_registry_a_name_registered_again_for_another_function_is_refused():
    from kg.extractors import extractor

    def first(doc, knowledge):
        pass

    extractor("test-twice.v1")(first)
    extractor("test-twice.v1")(first)  # the same function again (a module imported twice) is fine
    with pytest.raises(ValueError, match="extractor 'test-twice.v1' is registered twice"):
        extractor("test-twice.v1")(lambda doc, knowledge: None)
