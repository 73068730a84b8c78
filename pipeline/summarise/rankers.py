"""The sumy rankers, one small class each, in a registry by name.

Imported only when a summariser is loaded (:func:`pipeline.summarise.load_summariser`):
importing sumy pulls in NLTK, which ``python -m pipeline --help`` must not pay for.

Each ranker is a sumy summarizer subclass that only scores: its
``rate_sentences(document)`` gives *every* sentence of the sumy document a
rating (higher is better; the scale is the ranker's). LexRank, TextRank, LSA
and Reduction build their matrices with NumPy and KL its divergences: the same
figures as sumy's loops (a test checks they agree), much faster.

To add a ranker: subclass a sumy summarizer and :class:`Ranker`, give it a
``rate_sentences`` if sumy's class has none, decorate it with
``@register("name")`` and add the name to :data:`pipeline.config.SUMMARIZERS`
(the list the settings accept; a test checks the two agree).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

import numpy
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

__all__ = ["RANKERS", "register", "Ranker", "english", "STIGMA_BASE"]

#: Every ranker class by name, in the order registered.
RANKERS: dict[str, type[Ranker]] = {}

# First and second person pronouns: in news prose they mark commentary and
# appeals to the reader. Edmundson's stigma words, beside the flagger's cues.
STIGMA_BASE: tuple[str, ...] = ("i", "me", "my", "we", "us", "our", "you", "your")

_R = TypeVar("_R", bound="type[Ranker]")


def register(name: str) -> Callable[[_R], _R]:
    """Class decorator: the ranker ``name`` (a value of ``summary.summarizer``)."""

    def add(cls: _R) -> _R:
        if name in RANKERS:
            raise ValueError(f"ranker {name!r} is registered twice")
        RANKERS[name] = cls
        return cls

    return add


def english() -> tuple[Callable[[str], str], frozenset[str]]:
    """sumy's English Snowball stemmer behind a per-word cache, and sumy's English stop words."""
    stem = Stemmer("english")
    return lru_cache(maxsize=200_000)(stem), frozenset(get_stop_words("english"))


class Ranker:
    """What every registered ranker adds to its sumy summarizer.

    :meth:`build` makes the one instance a summariser keeps; :meth:`for_article`
    gives the instance that rates one article (itself, unless the ranker holds
    per-article words); sumy's ``rate_sentences(document)`` rates.
    """

    @classmethod
    def build(cls, stem: Callable[[str], str], stop_words: frozenset[str]) -> Any:
        """An instance with sumy's stemmer and stop words."""
        ranker: Any = cls(stem)  # type: ignore[call-arg]  # the sumy summarizer's constructor
        ranker.stop_words = stop_words
        return ranker

    def for_article(self, *, bonus: Iterable[str], stigma: Iterable[str]) -> Any:
        """The ranker for one article: ``bonus`` holds its heading words, ``stigma`` the
        cues of its judgement flags. No per-article state here: one instance serves all."""
        return self


def _counts(sentences_words: list[list[str]]) -> Any:
    """Word counts per sentence (rows) over the words in order of first use (columns)."""
    vocab: dict[str, int] = {}
    for words in sentences_words:
        for w in words:
            vocab.setdefault(w, len(vocab))
    m = numpy.zeros((len(sentences_words), max(len(vocab), 1)))
    for i, words in enumerate(sentences_words):
        for w in words:
            m[i, vocab[w]] += 1
    return m


@register("lexrank")
class FastLexRank(Ranker, LexRankSummarizer):
    """LexRank with the idf-modified cosine matrix computed by NumPy (same values as sumy)."""

    def rate_sentences(self, document: Any) -> dict[Any, float]:
        # sumy's _to_words_set without its per-word indirections: the words are
        # already lower-case, the stop words normalised, the stemmer cached.
        stop, stem = self._stop_words, self._stemmer
        sentences_words = [[stem(w) for w in map(str.lower, s.words) if w not in stop] for s in document.sentences]
        c = _counts(sentences_words)
        n = len(sentences_words)
        tf = c / numpy.maximum(c.max(axis=1, keepdims=True), 1)
        df = (c > 0).sum(axis=0)
        idf = numpy.log(n / (1 + df))
        x = tf * idf
        norms = numpy.sqrt((x * x).sum(axis=1))
        sim = x @ x.T
        denom = numpy.outer(norms, norms)
        sim = numpy.divide(sim, denom, out=numpy.zeros_like(sim), where=denom > 0)
        adj = (sim > self.threshold).astype(float)
        degrees = adj.sum(axis=1)
        degrees[degrees == 0] = 1
        matrix = adj / degrees[:, None]
        scores = self.power_method(matrix, self.epsilon)
        return dict(zip(document.sentences, scores))

    @staticmethod
    def power_method(matrix: Any, epsilon: float) -> Any:
        """sumy's power method, but a matrix that sends everything to zero (no two
        sentences alike: sumy divides by a zero norm and returns NaN, with a numpy
        RuntimeWarning) gives every sentence the same score, as the NaN did."""
        n = len(matrix)
        p = numpy.full(n, 1.0 / n)
        change = 1.0
        while change > epsilon:
            nxt = matrix.T @ p
            norm = numpy.linalg.norm(nxt)
            if norm == 0:
                return p
            nxt /= norm
            change = float(numpy.linalg.norm(nxt - p))
            p = nxt
        return p


@register("textrank")
class FastTextRank(Ranker, TextRankSummarizer):
    """TextRank whose edge weights (shared words / sum of log lengths) come from NumPy."""

    def _create_matrix(self, document: Any) -> Any:
        sentences_words = [self._to_words_set(s) for s in document.sentences]
        n = len(sentences_words)
        c = _counts(sentences_words)
        rank = c @ c.T
        lengths = numpy.array([max(len(w), 1) for w in sentences_words], dtype=float)
        logs = numpy.log(lengths)
        norm = logs[:, None] + logs[None, :]
        weights = numpy.where(rank == 0, 0.0, numpy.where(numpy.isclose(norm, 0.0), rank, rank / numpy.where(norm == 0, 1, norm)))
        weights /= weights.sum(axis=1)[:, numpy.newaxis] + self._ZERO_DIVISION_PREVENTION
        return numpy.full((n, n), (1.0 - self.damping) / n) + self.damping * weights


@register("lsa")
class FastLsa(Ranker, LsaSummarizer):
    """LSA with sumy's smoothed term frequency computed by NumPy."""

    def _compute_term_frequency(self, matrix: Any, smooth: float = 0.4) -> Any:
        mx = matrix.max(axis=0)
        safe = numpy.where(mx == 0, 1, mx)
        scaled = smooth + (1.0 - smooth) * matrix / safe
        return numpy.where(mx[None, :] != 0, scaled, matrix)

    def rate_sentences(self, document: Any) -> dict[Any, float]:
        dictionary = self._create_dictionary(document)
        if not dictionary:
            return {s: 0.0 for s in document.sentences}
        matrix = self._create_matrix(document, dictionary)
        matrix = self._compute_term_frequency(matrix)
        _u, sigma, v = numpy.linalg.svd(matrix, full_matrices=False)
        return dict(zip(document.sentences, self._compute_ranks(sigma, v)))

    def _create_matrix(self, document: Any, dictionary: dict[str, int]) -> Any:
        # sumy's loop, without its "fewer words than sentences" warning
        # (short articles trip it; the ranking is still defined).
        sentences = document.sentences
        matrix = numpy.zeros((len(dictionary), len(sentences)))
        for col, sentence in enumerate(sentences):
            for word in map(self.stem_word, sentence.words):
                row = dictionary.get(word)
                if row is not None:
                    matrix[row, col] += 1
        return matrix


@register("luhn")
class RatedLuhn(Ranker, LuhnSummarizer):
    def rate_sentences(self, document: Any) -> dict[Any, float]:
        significant = frozenset(self._get_significant_words(document.words))
        return {s: float(self.rate_sentence(s, significant)) for s in document.sentences}


@register("edmundson")
class RatedEdmundson(Ranker, EdmundsonSummarizer):
    """Edmundson: the article title and section titles are its headings (title and
    location methods) and its bonus words; its stigma words are the cues of the
    flagger's judgement flags plus first and second person pronouns
    (:data:`STIGMA_BASE`); its null words are the stop words."""

    _plain_stop_words: frozenset[str] = frozenset()

    @classmethod
    def build(cls, stem: Callable[[str], str], stop_words: frozenset[str]) -> Any:
        ranker = cls(stem)
        ranker.null_words = stop_words
        ranker._plain_stop_words = stop_words
        return ranker

    def for_article(self, *, bonus: Iterable[str], stigma: Iterable[str]) -> Any:
        ranker = copy.copy(self)  # the summariser's instance is never changed
        bonus_set = {w for w in bonus if w.lower() not in self._plain_stop_words}
        ranker.bonus_words = bonus_set or {"_"}
        ranker.stigma_words = set(stigma) | set(STIGMA_BASE)
        return ranker

    def rate_sentences(self, document: Any) -> dict[Any, float]:
        ratings: dict[Any, float] = {s: 0.0 for s in document.sentences}
        methods = []
        if self._cue_weight > 0:
            methods.append(self._build_cue_method_instance().rate_sentences(document))
        if self._title_weight > 0:
            methods.append(self._build_title_method_instance().rate_sentences(document))
        if self._location_weight > 0:
            methods.append(self._build_location_method_instance().rate_sentences(document))
        for rated in methods:
            for s, r in rated.items():
                ratings[s] += r
        return ratings


@register("kl")
class FastKL(Ranker, KLSummarizer):
    """KL-Sum's greedy order, with each pass's divergences computed by NumPy.

    Same quantities as sumy's ``_compute_ratings``: the document distribution
    is over lower-cased content words; the joint distribution of a sentence
    plus the summary so far counts the sentence's content words and all the
    summary's words (sumy keeps stop words on the summary side). Its stop
    words (set by :meth:`Ranker.build`) are lower-case, as are the unstemmed
    words it compares.
    """

    def rate_sentences(self, document: Any) -> dict[Any, float]:
        sentences = list(document.sentences)
        if not sentences:
            return {}
        content = [self._get_content_words_in_sentence(s) for s in sentences]
        vocab: dict[str, int] = {}
        for ws in content:
            for w in ws:
                vocab.setdefault(w, len(vocab))
        total = sum(len(ws) for ws in content)
        if not vocab or total == 0:
            return {s: -float(i) for i, s in enumerate(sentences)}
        m = numpy.zeros((len(sentences), len(vocab)))
        for i, ws in enumerate(content):
            for w in ws:
                m[i, vocab[w]] += 1
        doc_freq = m.sum(axis=0) / total
        lengths = m.sum(axis=1)
        raw_lengths = numpy.array([len(s.words) for s in sentences], dtype=float)
        summary_counts = numpy.zeros(len(vocab))
        summary_len = 0.0
        remaining = list(range(len(sentences)))
        ratings: dict[Any, float] = {}
        while remaining:
            sub = m[remaining] + summary_counts
            denom = (lengths[remaining] + summary_len)[:, None]
            joint = numpy.divide(sub, denom, out=numpy.zeros_like(sub), where=denom > 0)
            with numpy.errstate(divide="ignore", invalid="ignore"):
                terms = numpy.where(joint > 0, doc_freq * numpy.log(doc_freq / numpy.where(joint > 0, joint, 1)), 0.0)
            kls = terms.sum(axis=1)
            best = remaining.pop(int(numpy.argmin(kls)))
            ratings[sentences[best]] = -float(len(ratings))
            summary_counts += m[best]
            summary_len += raw_lengths[best]
        return ratings


@register("sumbasic")
class RatedSumBasic(Ranker, SumBasicSummarizer):
    def rate_sentences(self, document: Any) -> dict[Any, float]:
        ratings: dict[Any, float] = self._compute_ratings(document.sentences)
        return ratings


@register("reduction")
class FastReduction(Ranker, ReductionSummarizer):
    """Reduction with the pairwise edge weights computed by NumPy."""

    def rate_sentences(self, document: Any) -> dict[Any, float]:
        sentences_words = [self._to_words_set(s) for s in document.sentences]
        c = _counts(sentences_words)
        rank = c @ c.T
        lengths = numpy.array([max(len(w), 1) for w in sentences_words], dtype=float)
        logs = numpy.log(lengths)
        norm = logs[:, None] + logs[None, :]
        weights = numpy.where((rank == 0) | (norm == 0), 0.0, rank / numpy.where(norm == 0, 1, norm))
        numpy.fill_diagonal(weights, 0.0)
        return dict(zip(document.sentences, weights.sum(axis=1)))
