"""What extractors produce: mentions (views into an article) and facts.

A :class:`Fact` is subject, predicate, object, the mentions that support it and
the extractor that made it. Only :mod:`kg.rdf` turns facts into triples, so no
triple can exist without an article and evidence behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from .article import Article, Span

__all__ = ["Mention", "Node", "Fact", "Doc", "EntityMention"]


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    """A character range ``[start, end)`` of the article's text that supports a fact."""

    start: int
    end: int


@dataclass(frozen=True, slots=True, order=True)
class Node:
    """A thing in the graph, named by kind and a canonical key; :mod:`kg.rdf` mints its IRI.

    ``scope`` is set for things that exist only within one article (an
    anonymous source, a claim), so equal keys in two articles stay apart.
    """

    kind: str
    key: str
    scope: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement with its evidence."""

    subject: Node
    predicate: URIRef
    object: Node | Literal
    mentions: tuple[Mention, ...]
    extractor: str


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A mention resolved to a node (a person, organization, place, ...)."""

    node: Node
    mention: Mention
    label: str
    role: str = ""  # e.g. the title that introduced a person


@dataclass
class Doc:
    """An article travelling through the extractors, collecting what they find."""

    article: Article
    entities: list[EntityMention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    #: (extractor name, "ExceptionType: message") for each extractor that raised on this article
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: words and entity spans from the trained labeller (:mod:`kg.tokens`); empty without the model
    tokens: tuple = ()

    def __getstate__(self) -> dict:
        """Pickled without its tokens: they serve the extractors only, and a cached Doc is read for its facts."""
        state = dict(self.__dict__)
        state["tokens"] = ()
        return state

    def add(self, subject: Node, predicate: URIRef, obj: Node | Literal, mentions, extractor: str) -> Fact:
        """Record a fact; ``mentions`` must not be empty (provenance or it did not happen) and must lie
        inside the article's text.

        Raises:
            ValueError: no mention, or one outside the text.
        """
        length = len(self.article.text)
        if bad := [m for m in mentions if not 0 <= m.start < m.end <= length]:
            raise ValueError(f"{extractor}: evidence {bad[0].start}-{bad[0].end} is outside the text (0-{length})")
        mentions = tuple(sorted({self._trim(m) for m in mentions}))
        if not mentions:
            raise ValueError(f"{extractor}: a fact needs at least one mention")
        fact = Fact(subject, predicate, obj, mentions, extractor)
        self.facts.append(fact)
        return fact

    def _trim(self, mention: Mention) -> Mention:
        """The mention without surrounding white space (a span must not start between sentences)."""
        text = self.article.text
        start, end = mention.start, mention.end
        while start < end - 1 and text[start].isspace():
            start += 1
        while end > start + 1 and text[end - 1].isspace():
            end -= 1
        return mention if (start, end) == (mention.start, mention.end) else Mention(start, end)

    def entities_in(self, span: Span, kinds: tuple[str, ...] = ()) -> list[EntityMention]:
        """Entity mentions inside ``span``, in text order, optionally of the given kinds."""
        found = [
            e for e in self.entities
            if span.start <= e.mention.start and e.mention.end <= span.end and (not kinds or e.node.kind in kinds)
        ]
        return sorted(found, key=lambda e: (e.mention.start, -e.mention.end))

    def text(self, mention: Mention) -> str:
        return self.article.text[mention.start : mention.end]
