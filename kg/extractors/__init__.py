"""Extractor registry: small named units that read a :class:`~kg.model.Doc` and add to it.

An extractor is a function ``(doc, knowledge) -> None`` registered under a
versioned name with the :func:`extractor` decorator, declaring what it needs
(entity kinds other extractors must have found first) and what it adds.
Adding one means adding a module here and its name to :data:`PIPELINE`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..article import Article
from ..knowledge import Knowledge, load_knowledge
from ..model import Doc

__all__ = ["Extractor", "extractor", "registry", "run_pipeline", "PIPELINE", "without_model"]

#: The extractors a build runs, in order (module name, registered name). The first step
#: is the trained labeller's token layer (:mod:`kg.tokens`); it adds no facts.
PIPELINE: tuple[tuple[str, str], ...] = (
    ("tokens", "tokens.lac1"),
    ("people", "people.v2"),
    ("organizations", "organizations.v2"),
    ("places", "places.v1"),
    ("sources", "sources.v1"),
    ("meetings", "meetings.v2"),
    ("conditions", "conditions.v1"),
    ("claims", "claims.v1"),
)


def without_model(pipeline: Iterable[tuple[str, str]] = PIPELINE) -> tuple[tuple[str, str], ...]:
    """``pipeline`` without the trained labeller (``kg build --no-model``): the patterns alone."""
    return tuple(step for step in pipeline if step[0] != "tokens")


@dataclass(frozen=True)
class Extractor:
    name: str  # "people.v2": the name and version written into provenance
    func: Callable[[Doc, Knowledge], None]
    needs: tuple[str, ...]
    adds: tuple[str, ...]

    def __call__(self, doc: Doc, knowledge: Knowledge) -> None:
        self.func(doc, knowledge)


_REGISTRY: dict[str, Extractor] = {}


def extractor(name: str, *, needs: Iterable[str] = (), adds: Iterable[str] = ()):
    """Register the decorated function as extractor ``name`` (e.g. ``"people.v2"``)."""

    def register(func):
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise ValueError(f"extractor {name!r} is registered twice")
        _REGISTRY[name] = Extractor(name, func, tuple(needs), tuple(adds))
        return func

    return register


def registry(pipeline: Iterable[tuple[str, str]] = PIPELINE) -> list[Extractor]:
    """The extractors of ``pipeline`` in order, importing their modules."""
    chosen = []
    for module, name in pipeline:
        importlib.import_module(f"{__name__}.{module}")
        if name not in _REGISTRY:
            raise ValueError(f"module kg.extractors.{module} does not register {name!r}")
        chosen.append(_REGISTRY[name])
    available: set[str] = set()
    for ex in chosen:
        missing = set(ex.needs) - available
        if missing:
            raise ValueError(f"extractor {ex.name} needs {sorted(missing)} from an earlier extractor")
        available.update(ex.adds)
    return chosen


def run_pipeline(article: Article, knowledge: Knowledge | None = None,
                 pipeline: Iterable[tuple[str, str]] = PIPELINE) -> Doc:
    """Run every extractor of ``pipeline`` over ``article`` and return the filled Doc.

    An extractor that raises loses only its own work on this article: whatever it
    had added to the Doc is taken back (nothing half-added), the failure is recorded
    in ``doc.failures`` as ``(extractor name, "ExceptionType: message")``, and the
    extractors after it still run on what the others found. One bug in one
    extractor must not cost an article its people, organizations and claims.
    """
    knowledge = knowledge or load_knowledge()
    doc = Doc(article)
    for ex in registry(pipeline):
        entities, facts = len(doc.entities), len(doc.facts)
        try:
            ex(doc, knowledge)
        except Exception as exc:  # contained: reported by the build, never the whole article lost
            del doc.entities[entities:], doc.facts[facts:]
            doc.failures.append((ex.name, _describe(exc)))
    return doc


def _describe(exc: Exception) -> str:
    """``"AttributeError: 'NoneType' object has no attribute 'value' (meetings.py:97)"``: the error and
    where in kg it was raised, so a report names the line to fix without a traceback."""
    import traceback

    package = Path(__file__).resolve().parent.parent
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).is_relative_to(package)]
    where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message[:200]}{where}"
