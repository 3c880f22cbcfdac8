"""Docs that cannot rot: the README shows every command, every saved query runs and returns rows."""

from __future__ import annotations

import re
import sys

import pytest

from kg.cli import main
from kg.query import list_saved_queries, run_query, saved_query

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_docs_readme_shows_every_command(command):
    assert re.search(rf"^\$ kg {command}\b", README, re.M), f"README has no example of 'kg {command}'"


@pytest.mark.parametrize("name", list_saved_queries())
def test_docs_every_saved_query_has_a_header_and_returns_rows_on_the_seeds(name, seed_store):
    text = saved_query(name)
    assert text.startswith("# "), f"{name}.rq starts with a comment saying what it answers"
    assert "Columns" in text
    assert run_query(seed_store, text).rows, f"{name}.rq returns no rows on the seed graph"


def test_docs_readme_starts_with_the_two_commands():
    head = README.split("\n## ", 1)[0]
    assert "kg build seeds -o out" in head
    assert "pytest" in head


def test_docs_every_readme_example_shows_what_a_real_run_prints():
    """The README's ``$ kg ...`` examples, run in order on the seeds, print what the README shows."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_examples", ROOT / "scripts" / "readme_examples.py")
    examples = importlib.util.module_from_spec(spec)
    sys.modules["readme_examples"] = examples  # its dataclass looks its module up there
    spec.loader.exec_module(examples)
    assert len(examples.examples(README.split("\n"))) >= 20
    problems = examples.check()
    assert not problems, "\n".join(problems) + "\n(python scripts/readme_examples.py --update rewrites them)"
