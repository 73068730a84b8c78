"""Extractive summary: sumy ranks spaCy's sentences, a position prior and neutral selection pick.

What goes in: the prose sentences (:class:`~pipeline.models.Sentence`, with
their flags when the flagger has run), the spaCy ``Doc`` of ``Article.text``,
and optionally the article's sections and title (Edmundson's heading signal).
What comes out: a :class:`~pipeline.models.Summary` whose key points are in
article order, each with its sentence id.

How it works, step by step:

1. **Candidates.** Only ``kind == "paragraph"`` sentences with at least
   :data:`MIN_WORDS` word tokens and a verb (no headings, list items,
   boilerplate, or fragments such as a heading left inside a paragraph). All candidates are ranked; flags only matter at selection.
2. **sumy over spaCy tokens.** Each candidate becomes a sumy ``Sentence``
   whose *text is its sentence id* and whose tokenizer is a tiny adapter that
   returns the spaCy tokens already computed for that id. sumy never
   segments or tokenizes, and its results map back to our sentences by id
   (sumy hashes sentences by text, so the id also keeps equal sentences apart).
   Paragraphs follow the article's line breaks; section titles and the
   article title are sumy headings (Edmundson's title/location signal).
   Stemming is sumy's English Snowball stemmer behind a per-word cache; the
   stop words are sumy's English list. LexRank, TextRank, LSA and Reduction
   build their matrices with NumPy and KL its divergences (same figures as
   sumy's loops, see the ``Fast*`` classes; a test checks they agree); every
   ranker's own rating function gives a score to *every* candidate.
   Edmundson: the article title and section titles are its headings (title
   and location methods) and its bonus words; its stigma words are the cues
   of the flagger's opinion/booster/weasel/rhetorical flags plus first and
   second person pronouns; its null words are the stop words.
3. **Blend with position.** ``r_i`` = the sumy rating min-max scaled to [0, 1]
   over the candidates, ``p_i = 1 / (1 + i / scale)`` for the i-th of n
   candidates (0-based; news puts the key facts first), where
   ``scale = max(POSITION_SCALE, POSITION_SPREAD * n)`` (a long feature has a
   longer lead than a news story), ``q_i`` = the share of
   the sentence inside double quotation marks (direct speech rarely states
   the news), and, with ``w = settings.position_weight``::

       score_i = (1 - w) * r_i + w * p_i - QUOTE_PENALTY * q_i
                 + FACT_BONUS * e_i - SUBJECTIVE_PENALTY * j_i

   where ``e_i`` = min(1, evidence mentions / 2) counts dates, times,
   amounts, counts and named people in the sentence (what a reader of a
   neutral summary looks for first) and ``j_i`` is 1 when the flagger judged
   the sentence subjective (a booster or hedge heavy enough to tip its score).
   The defaults (``w = 0.8``, ``POSITION_SCALE = 8``, ``POSITION_SPREAD = 0.25``,
   ``QUOTE_PENALTY = 0.2``, ``FACT_BONUS = 0.05``, ``SUBJECTIVE_PENALTY = 0.1``,
   ``MMR_PENALTY = 0.1``) were chosen by hand from small grids on the
   development sets of ``../shared/data/summaries`` (BBC News Summary: CC0 per
   its mirror, BBC text for research use; CNN/DailyMail test stories: research
   use), taking the setting whose worse margin over Lead-k on the two sets was
   largest while keeping the subjective penalty (neutrality over a few tenths
   of ROUGE); they are seven numbers, not a learned model, and no text of those
   sets ships. A larger position weight favours CNN/DailyMail (whose highlights
   are written from the lead), a smaller one BBC.
4. **Neutral selection.** Sentences with an unquoted ``opinion``, ``weasel``
   or ``rhetorical`` flag are left out while enough other candidates exist
   (a cue inside quotation marks, or in reported speech (``Flag.reported``),
   is a source's words that the article reports, not the article's own
   judgement, so it does not exclude). With ``settings.reword`` (the
   default), a sentence whose only such cues are ``opinion`` modifiers that
   :func:`pipeline.neutral.neutralise` deletes ("the legendary guitarist" ->
   "the guitarist") competes like an unflagged one; if chosen, its key point
   carries that ``neutral_text`` and ``removed`` cues, ``Summary.text`` uses
   the neutral wording and a note names it. When flagged sentences must fill
   the summary, ``Summary.notes`` says which. A sentence whose unquoted
   booster is a clause's predicate ("the link is undeniable") is kept out
   like a flagged one: that clause asserts the author's judgement and no
   deletion can remove it. In an article of three or more
   sections each key point already taken from a section lowers that section's
   other sentences by ``SECTION_PENALTY`` (0.1), so a long feature's summary
   covers its parts. With ``settings.exclude_subjective`` (off by default),
   sentences the flagger judges subjective (after any rewording: the logit
   less the weights of the deleted cues) are also kept out while others exist;
   on the development sets it cuts the subjective share of key points from
   2.7% to 0.0% (CNN/DailyMail) and 3.8% to 1.2% (BBC) and costs ROUGE-2
   (19.52 -> 19.13, below Lead-3's 19.27; 52.36 -> 52.16).
   ``hedge`` sentences may be chosen; their key point has ``hedged=True``.
5. **Redundancy (MMR).** Greedy maximal marginal relevance over the blended
   scores: the next key point maximises ``score_i - MMR_PENALTY * max_sim``,
   where ``max_sim`` is the cosine between stemmed content-word counts of the
   sentence and the key points already chosen; a sentence whose ``max_sim``
   exceeds ``settings.max_similarity`` is not chosen while others remain.
6. **Length.** ``settings.sentences`` when set; else ``round(ratio * n)``
   (at least 1) when ``settings.ratio`` is set; else
   ``clamp(round(sqrt(n)), 3, 7)`` for ``n`` candidates — about 3 key points
   for a short story, 5 for 25 sentences, 7 for 49 or more. Never more than
   ``n``.

Raises :class:`~pipeline.errors.PipelineError` E007 for an unknown summarizer.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from .config import SUMMARIZERS, SummarySettings
from .entities import doc_text
from .errors import PipelineError
from .models import FLAG_CATEGORIES, Flag, KeyPoint, Section, Sentence, Summary

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = [
    "summarise",
    "rank_sentences",
    "summary_length",
    "residual_subjective",
    "excluding_flags",
    "SUMMARIZERS",
    "EXCLUDING_FLAGS",
    "POSITION_SCALE",
    "MMR_PENALTY",
    "MIN_WORDS",
]

#: Flag categories that keep a sentence out of the summary while others exist.
EXCLUDING_FLAGS: frozenset[str] = frozenset({"opinion", "weasel", "rhetorical"})

#: The position prior halves at this candidate index (at least): p_i = 1 / (1 + i / scale).
POSITION_SCALE: float = 8.0

#: In long articles the scale grows to this share of the candidates.
POSITION_SPREAD: float = 0.25

#: Penalty times the share of the sentence inside quotation marks (direct speech).
QUOTE_PENALTY: float = 0.2

#: Bonus times the share of "evidence" a sentence carries: dates, times, amounts,
#: counts and named people (spaCy entities), capped at two such mentions.
FACT_BONUS: float = 0.05

#: Entity labels that count as evidence for FACT_BONUS.
EVIDENCE_LABELS: frozenset[str] = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "PERSON"})

#: Penalty for a sentence the flagger judges subjective (its cues outweigh the bias).
SUBJECTIVE_PENALTY: float = 0.1

#: MMR: weight of the largest similarity to a chosen key point.
MMR_PENALTY: float = 0.1

#: In an article of at least SECTION_MIN sections, the penalty for each key point
#: already chosen from the same section: a long feature's summary covers its parts
#: instead of retelling its introduction.
SECTION_PENALTY: float = 0.1
SECTION_MIN: int = 3

#: A candidate needs at least this many word tokens (no punctuation).
MIN_WORDS: int = 4

# First and second person pronouns: in news prose they mark commentary and
# appeals to the reader. Edmundson's stigma words, beside the flagger's cues.
_STIGMA_BASE: tuple[str, ...] = ("i", "me", "my", "we", "us", "our", "you", "your")

_HEADING_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


# --------------------------------------------------------------------------
# sumy plumbing (imported lazily: sumy pulls in NLTK's stemmer module)


@lru_cache(maxsize=1)
def _sumy() -> Any:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    stem = Stemmer("english")
    cached = lru_cache(maxsize=200_000)(stem)

    return {
        "ODM": ObjectDocumentModel,
        "Paragraph": Paragraph,
        "Sentence": SumySentence,
        "stemmer": cached,
        "stop_words": frozenset(get_stop_words("english")),
    }


class _Words:
    """sumy tokenizer adapter: the sentence's text is its id; the words are spaCy's tokens."""

    __slots__ = ("_words",)

    def __init__(self, words: Mapping[str, tuple[str, ...]]) -> None:
        self._words = words

    def to_words(self, key: str) -> tuple[str, ...]:
        return self._words[key]

    def to_sentences(self, key: str) -> tuple[str, ...]:  # pragma: no cover - sumy API
        return (key,)


@lru_cache(maxsize=1)
def _summarizer_classes() -> dict[str, type]:
    import numpy
    from sumy.summarizers.edmundson import EdmundsonSummarizer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.reduction import ReductionSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    def counts(sentences_words: list[list[str]]) -> Any:
        vocab: dict[str, int] = {}
        for words in sentences_words:
            for w in words:
                vocab.setdefault(w, len(vocab))
        m = numpy.zeros((len(sentences_words), max(len(vocab), 1)))
        for i, words in enumerate(sentences_words):
            for w in words:
                m[i, vocab[w]] += 1
        return m

    class FastLexRank(LexRankSummarizer):
        """LexRank with the idf-modified cosine matrix computed by NumPy (same values as sumy)."""

        def rate_sentences(self, document: Any) -> dict[Any, float]:
            # sumy's _to_words_set without its per-word indirections: the words are
            # already lower-case, the stop words normalised, the stemmer cached.
            stop, stem = self._stop_words, self._stemmer
            sentences_words = [[stem(w) for w in map(str.lower, s.words) if w not in stop] for s in document.sentences]
            c = counts(sentences_words)
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

    class FastTextRank(TextRankSummarizer):
        """TextRank whose edge weights (shared words / sum of log lengths) come from NumPy."""

        def _create_matrix(self, document: Any) -> Any:
            sentences_words = [self._to_words_set(s) for s in document.sentences]
            n = len(sentences_words)
            c = counts(sentences_words)
            rank = c @ c.T
            lengths = numpy.array([max(len(w), 1) for w in sentences_words], dtype=float)
            logs = numpy.log(lengths)
            norm = logs[:, None] + logs[None, :]
            weights = numpy.where(rank == 0, 0.0, numpy.where(numpy.isclose(norm, 0.0), rank, rank / numpy.where(norm == 0, 1, norm)))
            weights /= weights.sum(axis=1)[:, numpy.newaxis] + self._ZERO_DIVISION_PREVENTION
            return numpy.full((n, n), (1.0 - self.damping) / n) + self.damping * weights

    class FastReduction(ReductionSummarizer):
        """Reduction with the pairwise edge weights computed by NumPy."""

        def rate_sentences(self, document: Any) -> dict[Any, float]:
            sentences_words = [self._to_words_set(s) for s in document.sentences]
            c = counts(sentences_words)
            rank = c @ c.T
            lengths = numpy.array([max(len(w), 1) for w in sentences_words], dtype=float)
            logs = numpy.log(lengths)
            norm = logs[:, None] + logs[None, :]
            weights = numpy.where((rank == 0) | (norm == 0), 0.0, rank / numpy.where(norm == 0, 1, norm))
            numpy.fill_diagonal(weights, 0.0)
            return dict(zip(document.sentences, weights.sum(axis=1)))

    class FastLsa(LsaSummarizer):
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

    class RatedLuhn(LuhnSummarizer):
        def rate_sentences(self, document: Any) -> dict[Any, float]:
            significant = frozenset(self._get_significant_words(document.words))
            return {s: float(self.rate_sentence(s, significant)) for s in document.sentences}

    class RatedEdmundson(EdmundsonSummarizer):
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

    class FastKL(KLSummarizer):
        """KL-Sum's greedy order, with each pass's divergences computed by NumPy.

        Same quantities as sumy's ``_compute_ratings``: the document distribution
        is over lower-cased content words; the joint distribution of a sentence
        plus the summary so far counts the sentence's content words and all the
        summary's words (sumy keeps stop words on the summary side).
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

    class RatedSumBasic(SumBasicSummarizer):
        def rate_sentences(self, document: Any) -> dict[Any, float]:
            return self._compute_ratings(document.sentences)

    return {
        "lexrank": FastLexRank,
        "textrank": FastTextRank,
        "lsa": FastLsa,
        "luhn": RatedLuhn,
        "edmundson": RatedEdmundson,
        "kl": FastKL,
        "sumbasic": RatedSumBasic,
        "reduction": FastReduction,
    }


def _make_summarizer(name: str, *, bonus: Iterable[str], stigma: Iterable[str]) -> Any:
    if name != "edmundson":
        return _plain_summarizer(name)  # no per-article state: one instance per process
    return _new_summarizer(name, bonus=bonus, stigma=stigma)


@cache
def _plain_summarizer(name: str) -> Any:
    return _new_summarizer(name, bonus=(), stigma=())


def _new_summarizer(name: str, *, bonus: Iterable[str], stigma: Iterable[str]) -> Any:
    sumy = _sumy()
    cls = _summarizer_classes()[name]
    summarizer = cls(sumy["stemmer"])
    if name == "kl":
        # KL compares unstemmed lower-case words; its stop words are lower-case too.
        summarizer.stop_words = sumy["stop_words"]
    elif name == "edmundson":
        summarizer.null_words = sumy["stop_words"]
        bonus_set = {w for w in bonus if w.lower() not in sumy["stop_words"]}
        summarizer.bonus_words = bonus_set or {"_"}
        summarizer.stigma_words = set(stigma) | set(_STIGMA_BASE)
    else:
        summarizer.stop_words = sumy["stop_words"]
    return summarizer


# --------------------------------------------------------------------------
# tokens


def _sentence_words(sentences: Sequence[Sentence], doc: Doc) -> tuple[dict[str, tuple[str, ...]], frozenset[str], frozenset[str]]:
    """From one pass over ``doc``: the lower-cased word tokens (no punctuation or
    space) of each sentence, by id; the ids of sentences that follow a line
    break (they open a paragraph block); the ids of sentences with a verb."""
    if not sentences:
        return {}, frozenset(), frozenset()
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, POS
    from spacy.symbols import AUX, VERB

    starts = [s.start for s in sentences]
    out: dict[str, list[str]] = {s.id: [] for s in sentences}
    opens: set[str] = {sentences[0].id}
    verbs: set[str] = set()
    first, last = sentences[0].start, sentences[-1].end
    text, strings = doc_text(doc), doc.vocab.strings
    newline = False
    current = -1
    # token attributes as ids in one call: no Token objects (a token's trailing
    # whitespace is a single space or nothing, so only a space token holds a line break)
    for idx, length, is_space, is_punct, pos, lower in doc.to_array([IDX, LENGTH, IS_SPACE, IS_PUNCT, POS, LOWER]).tolist():
        if idx >= last:
            break
        if is_space:
            if "\n" in text[idx : idx + length]:
                newline = True
            continue
        if idx < first:
            continue
        i = bisect.bisect_right(starts, idx) - 1
        if i < 0 or idx >= sentences[i].end:
            continue
        if i != current:
            if newline:
                opens.add(sentences[i].id)
            current = i
            newline = False
        if not is_punct:
            out[sentences[i].id].append(strings[lower])
        if pos == VERB or pos == AUX:
            verbs.add(sentences[i].id)
    return {k: tuple(v) for k, v in out.items()}, frozenset(opens), frozenset(verbs)


def _heading_words(text: str) -> tuple[str, ...]:
    return tuple(m.group(0).lower() for m in _HEADING_WORD.finditer(text))


def _content_vector(words: Sequence[str]) -> dict[str, float]:
    sumy = _sumy()
    stop, stem = sumy["stop_words"], sumy["stemmer"]
    vec: dict[str, float] = {}
    for w in words:
        if w in stop or not any(ch.isalnum() for ch in w):
            continue
        s = stem(w)
        vec[s] = vec.get(s, 0.0) + 1.0
    return vec


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    if dot == 0.0:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)


# --------------------------------------------------------------------------
# ranking


def _document(
    candidates: Sequence[Sentence],
    words: Mapping[str, tuple[str, ...]],
    opens: frozenset[str],
    headings: Sequence[tuple[int, str]],
) -> tuple[Any, list[Any]]:
    """sumy's document model over the candidates; headings are placed by offset."""
    sumy = _sumy()
    all_words = dict(words)
    heads: list[tuple[int, Any]] = []
    for n, (offset, heading) in enumerate(headings):
        key = f"\x00h{n}"
        all_words[key] = _heading_words(heading)
        heads.append((offset, key))
    adapter = _Words(all_words)
    make = sumy["Sentence"]
    paragraphs: list[list[Any]] = []
    sumy_sentences: list[Any] = []
    current: list[Any] = []
    h = 0
    for s in candidates:
        new_paragraph = s.id in opens
        pending = []
        while h < len(heads) and heads[h][0] <= s.start:
            pending.append(make(heads[h][1], adapter, is_heading=True))
            h += 1
        if (new_paragraph or pending) and current:
            paragraphs.append(current)
            current = []
        current.extend(pending)
        sent = make(s.id, adapter)
        current.append(sent)
        sumy_sentences.append(sent)
    if current:
        paragraphs.append(current)
    doc_model = sumy["ODM"](sumy["Paragraph"](p) for p in paragraphs)
    return doc_model, sumy_sentences


def rank_sentences(
    candidates: Sequence[Sentence],
    doc: Doc,
    *,
    summarizer: str = "lexrank",
    sections: Sequence[Section] = (),
    title: str | None = None,
    words: Mapping[str, tuple[str, ...]] | None = None,
    opens: frozenset[str] | None = None,
) -> dict[str, float]:
    """sumy's rating of every candidate, by sentence id (higher is better; scale is the ranker's)."""
    if summarizer not in SUMMARIZERS:
        raise PipelineError("E007", None, name=summarizer, choices=", ".join(SUMMARIZERS))
    if not candidates:
        return {}
    if words is None or opens is None:
        words, opens, _ = _sentence_words(candidates, doc)
    headings: list[tuple[int, str]] = []
    if title:
        headings.append((-1, title))
    headings.extend((sec.start, sec.title) for sec in sections if sec.title)
    headings.sort(key=lambda h: h[0])
    model, sumy_sentences = _document(candidates, words, opens, headings)
    stigma: set[str] = set()
    for s in candidates:
        for f in s.flags:
            if f.category in EXCLUDING_FLAGS or f.category == "booster":
                stigma.update(_heading_words(f.cue))
    bonus = {w for _, h in headings for w in _heading_words(h)}
    ranker = _make_summarizer(summarizer, bonus=bonus, stigma=stigma)
    ratings = ranker.rate_sentences(model)
    # sumy sentences hash by text, which is the sentence id: map back by id.
    return {str(ss): float(ratings.get(ss, 0.0)) for ss in sumy_sentences}


def _minmax(values: Sequence[float]) -> list[float]:
    if not values:
        return []
    lo, hi = min(values), max(values)
    if not math.isfinite(lo) or not math.isfinite(hi) or hi - lo <= 1e-12:
        return [0.5] * len(values)
    return [(v - lo) / (hi - lo) for v in values]


def position_prior(i: int, n: int = 0) -> float:
    """The prior of the i-th of n candidates (0-based): ``1 / (1 + i / scale)`` with
    ``scale = max(POSITION_SCALE, POSITION_SPREAD * n)``: 1 for the lead, 0.5 at
    ``scale``; long articles (features with sections) get a longer lead."""
    scale = max(POSITION_SCALE, POSITION_SPREAD * n)
    return 1.0 / (1.0 + i / scale)


_QUOTE_SPAN = re.compile(r'"[^"]*"|“[^”]*”')


def _quoted_share(text: str) -> float:
    """Share of the sentence's characters inside double quotation marks."""
    inside = sum(m.end() - m.start() for m in _QUOTE_SPAN.finditer(text))
    if text.count('"') % 2 == 1 or text.count("“") != text.count("”"):
        inside = max(inside, len(text) // 2)  # a quotation that runs over the sentence boundary
    return min(1.0, inside / max(len(text), 1))


def summary_length(n_candidates: int, settings: SummarySettings) -> int:
    """How many key points: ``sentences``, else ``ratio``, else clamp(round(sqrt(n)), 3, 7); at most n."""
    if n_candidates <= 0:
        return 0
    if settings.sentences is not None:
        k = settings.sentences
    elif settings.ratio is not None:
        k = max(1, round(settings.ratio * n_candidates))
    else:
        k = min(7, max(3, round(math.sqrt(n_candidates))))
    return max(0, min(k, n_candidates))


# --------------------------------------------------------------------------
# selection


#: Dependency labels of a predicate adjective or noun ("is undeniable", "is a certainty").
_PREDICATE_DEPS = frozenset({"acomp", "attr", "oprd"})


def _asserted_booster(sentence: Sentence, doc: Doc) -> bool:
    """True when an unquoted booster is a clause's predicate ("the link is undeniable",
    "it is clear that"): the clause then asserts the author's judgement itself, which
    no deletion can take out, unlike a booster that modifies a claim ("clearly won")."""
    for f in sentence.flags:
        if f.category != "booster" or f.quoted or f.reported:
            continue
        span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if span is not None and len(span) and span.root.dep_ in _PREDICATE_DEPS:
            return True
    return False


def excluding_flags(sentence: Sentence) -> list[Flag]:
    """The sentence's flags that keep it out of the summary: opinion, weasel or
    rhetorical cues in the article's own voice (not quoted, not reported speech)."""
    return [f for f in sentence.flags if f.category in EXCLUDING_FLAGS and not f.quoted and not f.reported]


def _excluding(sentence: Sentence) -> tuple[str, ...]:
    cats = {f.category for f in excluding_flags(sentence)}
    return tuple(c for c in ("opinion", "weasel", "rhetorical") if c in cats)


def _reword(sentence: Sentence, doc: Doc) -> tuple[str, tuple[str, ...]] | None:
    """The neutral wording of a sentence whose excluding flags are all opinion modifiers
    that :func:`pipeline.neutral.neutralise` deletes; None when any would stay."""
    from .neutral import neutralise

    flags = excluding_flags(sentence)
    if any(f.category != "opinion" for f in flags):
        return None
    cues = [f.cue for f in flags]
    text, removed = neutralise(sentence, doc)
    left = list(removed)
    for cue in cues:
        if cue not in left:
            return None
        left.remove(cue)
    return text, removed


def residual_subjective(sentence: Sentence, removed: Sequence[str] = ()) -> bool:
    """Whether the sentence stays subjective once the cues in ``removed`` are deleted:
    its logit less those flags' weights (each flag's weight is its contribution) at
    the prior-neutral cut 0.5."""
    if not sentence.subjective:
        return False
    if not removed:
        return True
    p = min(max(sentence.score, 1e-6), 1 - 1e-6)
    logit = math.log(p / (1 - p))
    left = list(removed)
    for f in sentence.flags:
        if f.cue in left:
            left.remove(f.cue)
            logit -= f.weight
    return logit >= 0.0


def _flagged(sentence: Sentence) -> tuple[str, ...]:
    cats = {f.category for f in sentence.flags if not f.quoted}
    return tuple(c for c in FLAG_CATEGORIES if c in cats)


@dataclass(slots=True)
class _Cand:
    sentence: Sentence
    score: float
    vector: dict[str, float]


def _mmr(
    pool: list[_Cand],
    k: int,
    chosen: list[_Cand],
    max_similarity: float,
    *,
    sectioned: bool = False,
    admit: Callable[[_Cand], bool] | None = None,
) -> list[_Cand]:
    """Add up to ``k`` candidates from ``pool`` to ``chosen`` by MMR (hard cap on
    similarity); with ``sectioned``, each key point already taken from a sentence's
    section lowers it by :data:`SECTION_PENALTY`. ``admit`` is asked about a candidate
    only when it would be picked (a costly check, run for few); refused, it leaves the pool."""
    pool = sorted(pool, key=lambda c: -c.score)
    picked: list[_Cand] = []
    sims = {id(c): max((_cosine(c.vector, x.vector) for x in chosen), default=0.0) for c in pool}
    taken: dict[str | None, int] = {}
    for x in chosen:
        taken[x.sentence.section] = taken.get(x.sentence.section, 0) + 1
    while pool and len(picked) < k:
        best, best_value = None, -math.inf
        for c in pool:
            sim = sims[id(c)]
            if sim > max_similarity:
                continue
            value = c.score - MMR_PENALTY * sim
            if sectioned:
                value -= SECTION_PENALTY * taken.get(c.sentence.section, 0)
            if value > best_value:
                best, best_value = c, value
            if c.score < best_value:
                break  # the pool is sorted by score: no later candidate can win
        if best is None:
            break
        pool.remove(best)
        if admit is not None and not admit(best):
            continue
        picked.append(best)
        taken[best.sentence.section] = taken.get(best.sentence.section, 0) + 1
        for c in pool:
            s = _cosine(c.vector, best.vector)
            if s > sims[id(c)]:
                sims[id(c)] = s
    return picked


def _evidence(sentences: Sequence[Sentence], doc: Doc) -> dict[str, int]:
    """How many evidence entities (:data:`EVIDENCE_LABELS`) each sentence holds."""
    starts = [s.start for s in sentences]
    out: dict[str, int] = {}
    for ent in doc.ents:
        if ent.label_ not in EVIDENCE_LABELS:
            continue
        i = bisect.bisect_right(starts, ent.start_char) - 1
        if i >= 0 and ent.end_char <= sentences[i].end:
            sid = sentences[i].id
            out[sid] = out.get(sid, 0) + 1
    return out


def summarise(
    sentences: Sequence[Sentence],
    doc: Doc,
    *,
    settings: SummarySettings | None = None,
    sections: Sequence[Section] = (),
    title: str | None = None,
) -> Summary:
    """Choose the key points of an article (see the module docstring for the method).

    ``sentences`` are the article's sentences in order (``split_sentences``,
    flagged or not); ``doc`` is the spaCy parse of ``Article.text``. Returns
    a :class:`Summary` with key points in article order. Raises
    :class:`PipelineError` E007 for an unknown summarizer.
    """
    settings = settings or SummarySettings()
    name = settings.summarizer
    if name not in SUMMARIZERS:
        raise PipelineError("E007", None, name=name, choices=", ".join(SUMMARIZERS))
    prose = [s for s in sentences if s.kind == "paragraph"]
    words, opens, verbs = _sentence_words(prose, doc)
    candidates = [s for s in prose if len(words.get(s.id, ())) >= MIN_WORDS and s.id in verbs]
    if not candidates:
        return Summary(method=name, sentence_ids=(), text="", notes=("no prose sentences to summarise",))
    k = summary_length(len(candidates), settings)
    ratings = rank_sentences(candidates, doc, summarizer=name, sections=sections, title=title, words=words, opens=opens)
    scaled = _minmax([ratings[s.id] for s in candidates])
    w = min(max(settings.position_weight, 0.0), 1.0)
    evidence = _evidence(candidates, doc) if FACT_BONUS else {}
    cands = [
        _Cand(
            s,
            (1.0 - w) * r
            + w * position_prior(i, len(candidates))
            - QUOTE_PENALTY * _quoted_share(s.text)
            + FACT_BONUS * min(1.0, evidence.get(s.id, 0) / 2)
            - SUBJECTIVE_PENALTY * float(s.subjective),
            _content_vector(words[s.id]),
        )
        for i, (s, r) in enumerate(zip(candidates, scaled))
    ]
    # A flagged sentence that the neutral wording may clear is tried lazily (rewording
    # parses its modifiers): it competes with the clean ones and is checked only when
    # MMR would pick it; refused, it joins the tier its flags put it in.
    order = {id(c): i for i, c in enumerate(cands)}
    reworded: dict[str, tuple[str, tuple[str, ...]]] = {}
    asserted = {id(c) for c in cands if _asserted_booster(c.sentence, doc)}
    excluded = {id(c) for c in cands if excluding_flags(c.sentence)}
    pending = {i for i in excluded - asserted if settings.reword}
    flagged = [c for c in cands if id(c) not in pending and (id(c) in excluded or id(c) in asserted)]
    judging = [
        c for c in cands if id(c) not in pending and c not in flagged and settings.exclude_subjective and residual_subjective(c.sentence)
    ]
    clean = [c for c in cands if c not in flagged and c not in judging]

    def admit(c: _Cand) -> bool:
        if id(c) not in pending:
            return True
        pending.discard(id(c))
        wording = _reword(c.sentence, doc)
        if wording is None:
            flagged.append(c)
            return False
        reworded[c.sentence.id] = wording
        if settings.exclude_subjective and residual_subjective(c.sentence, wording[1]):
            judging.append(c)
            return False
        return True

    sectioned = len({s.section for s in candidates}) >= SECTION_MIN
    chosen: list[_Cand] = []
    notes: list[str] = []
    tiers = (
        (clean, ""),
        (judging, "are judged subjective by the flagger"),
        (flagged, "carry opinion, weasel or rhetorical flags or an asserted booster"),
    )
    for pool, why in tiers:
        if len(chosen) >= k:
            break
        for c in [c for c in clean if id(c) in pending and c not in chosen] if why else []:
            if admit(c):  # clean after all, but held back by the similarity cap
                continue
        pool.sort(key=lambda c: order[id(c)])
        extra = _mmr(pool, k - len(chosen), chosen, settings.max_similarity, sectioned=sectioned, admit=admit)
        if extra and why:
            ids = ", ".join(c.sentence.id for c in extra)
            notes.append(f"{len(extra)} key point(s) {why} ({ids}): too few other sentences to fill the summary")
        chosen.extend(extra)
    if len(chosen) < k:
        # Everything left is too similar to what was chosen; fill by score anyway.
        rest = [c for c in cands if c not in chosen]
        rest.sort(key=lambda c: -c.score)
        chosen.extend(rest[: k - len(chosen)])
    chosen.sort(key=lambda c: c.sentence.start)
    for c in chosen:
        if id(c) in pending:  # chosen as a last resort before its wording was tried
            wording = _reword(c.sentence, doc)
            if wording is not None:
                reworded[c.sentence.id] = wording

    neutralise: Callable[..., tuple[str, tuple[str, ...]]] | None = None
    if settings.neutralise:
        from .neutral import neutralise as neutralise

    points = []
    used = [c.sentence.id for c in chosen if c.sentence.id in reworded]
    if used:
        notes.append(
            f"{len(used)} key point(s) are given in neutral wording, their opinion modifiers deleted "
            f"({', '.join(used)}); the original text is kept beside it"
        )
    for c in chosen:
        s = c.sentence
        neutral_text, removed = None, ()
        if s.id in reworded:
            neutral_text, removed = reworded[s.id]
        elif neutralise is not None:
            neutral_text, removed = neutralise(s, doc)
        points.append(
            KeyPoint(
                id=s.id,
                text=s.text,
                score=round(c.score, 4),
                hedged=any(f.category == "hedge" for f in s.flags),
                flagged=_flagged(s),
                neutral_text=neutral_text,
                removed=removed,
            )
        )
    return Summary(
        method=name,
        sentence_ids=tuple(p.id for p in points),
        text=" ".join(p.neutral_text if p.id in reworded and p.neutral_text else p.text for p in points),
        key_points=tuple(points),
        notes=tuple(notes),
    )
