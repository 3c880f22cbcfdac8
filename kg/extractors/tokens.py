"""tokens.lac1: the token layer (words, part of speech, entity spans) on the Doc, before any extractor.

It adds no facts: it fills ``doc.tokens`` (see :mod:`kg.tokens`) for the extractors
after it. A build without the model (``kg build --no-model``) leaves this step out.
"""

from __future__ import annotations

from ..knowledge import Knowledge
from ..model import Doc
from ..tokens import tag_sentences
from . import extractor

NAME = "tokens.lac1"


@extractor(NAME, adds=("tokens",))
def tokenize(doc: Doc, knowledge: Knowledge) -> None:
    if doc.article.script == "en":
        return  # LAC reads Chinese only; English sentences inside Chinese articles are skipped in kg.tokens
    doc.tokens = tag_sentences(doc.article.simplified, doc.article.sentences)
