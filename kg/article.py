"""The Article: one input file as clean text with metadata and sentence offsets.

Everything downstream (mentions, facts, provenance) points into
``Article.text`` by character offsets; nothing copies it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from .text import to_simplified

__all__ = ["Article", "Span"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of ``Article.text``."""

    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """A news article read from one file.

    Attributes:
        id: stable identifier derived from ``file`` (the same file name gives the same id).
        file: the path as given to ``kg build``, relative to the input root (POSIX form).
        title: headline, or None when the file has none.
        url: the source URL from the front matter, or None.
        published: timezone-aware publication time, or None when unknown.
        inferred: for an article with no publication date, the day the corpus dates it to (the
            newest meeting it reports, dated through a series other articles date); None otherwise.
        outlet: the publishing outlet's name, or None.
        script: ``zh-Hans``, ``zh-Hant`` or ``en``.
        text: the clean body text, paragraphs separated by one newline.
        paragraphs: spans of ``text``, one per paragraph.
        sentences: spans of ``text``, one per sentence, in order.
    """

    id: str
    file: str
    title: str | None
    url: str | None
    published: datetime | None
    outlet: str | None
    script: str
    text: str
    paragraphs: tuple[Span, ...] = field(default=())
    sentences: tuple[Span, ...] = field(default=())
    inferred: date | None = None

    @property
    def reference(self) -> date | None:
        """The day relative dates are read against: the publication day, else the inferred one."""
        return self.published.date() if self.published else self.inferred

    @cached_property
    def simplified(self) -> str:
        """``text`` converted to Simplified characters, offset for offset."""
        return to_simplified(self.text)

    @cached_property
    def folded(self) -> str:
        """``simplified``, case-folded (what gazetteer patterns match), offset for offset.

        Case folding keeps the length for the scripts we read; where it would not, lower case does.
        """
        folded = self.simplified.casefold()
        return folded if len(folded) == len(self.text) else self.simplified.lower()

    def sentence_at(self, offset: int) -> Span:
        """Return the sentence span containing ``offset``."""
        for span in self.sentences:
            if span.start <= offset < span.end:
                return span
        for span in self.sentences:  # white space between sentences belongs to the next one
            if offset < span.end:
                return span
        raise ValueError(f"offset {offset} is outside every sentence of {self.file}")

    def span_text(self, span: Span) -> str:
        """The original text of ``span``."""
        return self.text[span.start : span.end]
