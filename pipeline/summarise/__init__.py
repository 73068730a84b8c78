"""Extractive summary: sumy ranks spaCy's sentences, a position prior and neutral selection pick.

What goes in: the prose sentences (:class:`~pipeline.models.Sentence`, with
their flags when the flagger has run), the spaCy ``Doc`` of ``Article.text``,
and optionally the article's sections and title (Edmundson's heading signal).
What comes out: a :class:`~pipeline.models.Summary` whose key points are in
article order, each with its sentence id.

How it works, step by step:

1. **Candidates.** Only ``kind == "paragraph"`` sentences with at least
   :data:`MIN_WORDS` word tokens and a verb (no headings, list items,
   boilerplate, or fragments: no finite verb, such as a heading left inside a
   paragraph or a sentence cut by a splitting error). All candidates are
   ranked; flags only matter at selection. (A candidate that does not open as a
   sentence does, :func:`opens_like_a_sentence`, is never the lede; it stays a
   candidate for key points, where leaving such pieces out lowered ROUGE on
   CNN/DailyMail.) A sentence wholly inside a direct quote of several sentences
   (``quotes``, :func:`~.coherence.within_quotes`) is the speaker's words cut from
   the attribution and is no candidate while others exist.
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
   ranker's own rating function gives a score to *every* candidate. An
   article with more than :data:`RANK_WINDOW` candidates is rated in
   consecutive windows of at most that many (memory grows linearly, not
   with the square of the number of sentences).
   Edmundson: the article title and section titles are its headings (title
   and location methods) and its bonus words; its stigma words are the cues
   of the flagger's opinion/booster/weasel/rhetorical flags plus first and
   second person pronouns; its null words are the stop words.
3. **Blend with position.** ``r_i`` = the sumy rating min-max scaled to [0, 1]
   over the candidates, ``p_i = 1 / (1 + i / scale)`` for the i-th of n
   candidates (0-based; news puts the key facts first), where
   ``scale = max(POSITION_SCALE, POSITION_SPREAD * n)``, ``q_i`` = the share of
   the sentence inside double quotation marks (direct speech rarely states
   the news), and, with ``w = settings.position_weight * (1 - k / n)`` for a summary
   of k of the n candidates (:func:`.scoring.prior_weight`: the larger the share of
   the article the summary keeps, the more the ranker decides)::

       score_i = w * p_i + (1 - w) * (r_i - QUOTE_PENALTY * q_i
                                      + FACT_BONUS * e_i - SUBJECTIVE_PENALTY * j_i)

   where ``e_i`` = min(1, evidence mentions / 2) counts dates, times,
   amounts, counts and named people in the sentence (what a reader of a
   neutral summary looks for first) and ``j_i`` is 1 when the flagger judged
   the sentence subjective (a booster or hedge heavy enough to tip its score).
   The quote, evidence and subjective terms adjust the ranker's rating, so they
   weigh ``1 - w`` like it. The prior falls steeply over the lead (1, 0.67, 0.5,
   0.4 for the first four) and is nearly flat after it, so past the lead the
   ranker decides. Why (per-article errors on BBC, see docs/summary.md): with the
   old prior (scale 8, growing with n) the 10th sentence still lost 0.3 to the
   3rd, more than the ranker's whole weight (0.2), so a k of 40 % of the article
   was Lead-k; and the fixed penalties, unscaled, outweighed the ranker's 0.2 too.
   A fixed w = 0.8 gave three key points of a thirty-sentence story and eight of a
   twenty-sentence one the same lead; the scaled weight lets the ranker choose when
   the summary keeps a large share (BBC) and keeps the lead when it keeps a small one
   (CNN/DailyMail).
   The defaults (``position_weight = 0.95``, ``POSITION_SCALE = 2``, ``POSITION_SPREAD = 0``,
   ``QUOTE_PENALTY = 0.2``, ``FACT_BONUS = 0.05``, ``SUBJECTIVE_PENALTY = 0.1``,
   ``MMR_PENALTY = 0``) were chosen from small grids on the
   development sets of ``../shared/data/summaries`` (BBC News Summary: CC0 per
   its mirror, BBC text for research use; CNN/DailyMail test stories: research
   use), keeping only a change that raises both sets, and checked by tuning on
   one set and scoring the other and by 5-fold cross-validation by article;
   they are seven numbers, not a learned model, and no text of those sets ships.
4. **Neutral selection.** Sentences with an unquoted ``opinion``, ``weasel``
   or ``rhetorical`` flag are left out while enough other candidates exist
   (a cue inside quotation marks, or in reported speech (``Flag.reported``),
   is a source's words that the article reports, not the article's own
   judgement, so it does not exclude). With ``settings.reword`` (the
   default), a sentence whose only such cues are ``opinion`` modifiers that
   :func:`.neutral.neutralise` deletes ("the legendary guitarist" ->
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
5. **Coherence.** With ``settings.coherent`` (the default), a candidate that
   opens with an anaphor or a connective ("It", "This", "He", "However", …;
   :mod:`.coherence`) whose preceding sentence is not a key point comes with
   that sentence when it is a neutral candidate of the same tier (and room is
   left), and is left out otherwise (the next candidate takes its place).
6. **Lede and claims** (:mod:`.claims`): the lede is the neutral sentence that
   best states what happened; the claims are the article's own evaluative
   sentences, attributed to the author (opinion, review, press release) or to
   the article (news), kept as they stand with their flags.
7. **Redundancy (MMR).** Greedy maximal marginal relevance over the blended
   scores: the next key point maximises ``score_i - MMR_PENALTY * max_sim``,
   where ``max_sim`` is the cosine between stemmed content-word counts of the
   sentence and the key points already chosen; a sentence whose ``max_sim``
   exceeds ``settings.max_similarity`` is not chosen while others remain. The soft
   penalty is 0 by default (it cost about 1 ROUGE-2 on BBC and nothing measurable on
   CNN/DailyMail: LexRank already rates a sentence by what it shares with the rest);
   the hard cap keeps near-duplicates out.
8. **Dateline** (:mod:`.dateline`): a wire opener at the start of the body
   (``SAN FRANCISCO (AP) — ``, ``(CNN)``) stays in the text but not in what the
   summary shows: key point ``text``, ``Summary.text`` and ``Summary.lede_text``
   leave it out, and ``Summary.dateline`` records it.
9. **Length.** ``settings.sentences`` when set; else ``round(ratio * n)``
   (at least 1) when ``settings.ratio`` is set; else
   ``clamp(round(sqrt(n)), 3, 7)`` for ``n`` candidates — about 3 key points
   for a short story, 5 for 25 sentences, 7 for 49 or more. Never more than
   ``n``.

Reads: the sentences (``kind``, offsets, ``flags``, ``subjective``, ``score``,
``section``), the spaCy ``Doc``, the article's sections, blocks, title and genre, and
the direct quotes. Adds:
the :class:`~pipeline.models.Summary` (key points, lede, claims).

Modules: :mod:`.rankers` (the sumy rankers in a registry, imported only by
:func:`load_summariser`), :mod:`.document` (spaCy sentences and tokens as a
sumy document), :mod:`.scoring` (score blend), :mod:`.selection` (neutral
selection, MMR, length), :mod:`.coherence` (dangling openings, pieces of a quote), :mod:`.dateline`
(wire datelines), :mod:`.claims` (lede and claims) and :mod:`.neutral` (the neutral wording). Load the rankers once with
:func:`load_summariser` and pass the :class:`Summariser` to every call.

Raises :class:`~pipeline.errors.PipelineError` E007 for an unknown summarizer
(from :func:`load_summariser`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..config import SummarySettings
from ..errors import PipelineError
from ..models import Block, KeyPoint, Quote, Section, Sentence, Summary
from .claims import choose_claims, choose_lede
from .coherence import antecedents, inside_quotes, opens_like_a_sentence, within_quotes
from .dateline import find_dateline
from .document import build_document, heading_words, sentence_words
from .neutral import neutralise
from .scoring import POSITION_SCALE, evidence_counts, prior_weight, score_candidates
from .selection import EXCLUDING_FLAGS, MMR_PENALTY, choose, excluding_flags, flag_categories, residual_subjective, summary_length

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = [
    "summarise",
    "Summariser",
    "load_summariser",
    "rank_sentences",
    "candidate_sentences",
    "summary_length",
    "residual_subjective",
    "excluding_flags",
    "EXCLUDING_FLAGS",
    "POSITION_SCALE",
    "MMR_PENALTY",
    "MIN_WORDS",
    "opens_like_a_sentence",
    "RANK_WINDOW",
    "rank_windows",
    "find_dateline",
    "within_quotes",
]

#: Entity labels that make a lede state when or how much (:data:`.claims.LEDE_EVIDENCE`).
LEDE_LABELS: frozenset[str] = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"})

#: A candidate needs at least this many word tokens (no punctuation).
MIN_WORDS: int = 4

#: The most candidates rated together. LexRank, TextRank and Reduction compare
#: every pair of sentences (memory grows with the square of their number: a
#: 4 MB article has about 40,000), so a longer article is rated in consecutive
#: windows of nearly equal length, each by the ranker on its own, and the
#: ratings are merged. Articles with fewer candidates are rated whole.
RANK_WINDOW: int = 500


@dataclass(frozen=True, slots=True)
class Summariser:
    """What :func:`summarise` needs loaded: the settings, the ranker they name, and
    sumy's English stemmer (behind a per-word cache) and stop words. Build it once
    with :func:`load_summariser` and share it; nothing in it changes per article."""

    settings: SummarySettings
    ranker: Any
    stem: Callable[[str], str]
    stop_words: frozenset[str]


def load_summariser(settings: SummarySettings) -> Summariser:
    """The :class:`Summariser` for ``settings`` (imports sumy and the rankers).

    Raises :class:`~pipeline.errors.PipelineError` E007 when ``settings.summarizer``
    names no registered ranker.
    """
    from .rankers import RANKERS, english

    if settings.summarizer not in RANKERS:
        raise PipelineError("E007", None, name=settings.summarizer, choices=", ".join(RANKERS))
    stem, stop_words = english()
    return Summariser(settings, RANKERS[settings.summarizer].build(stem, stop_words), stem, stop_words)


def candidate_sentences(sentences: Sequence[Sentence], doc: Doc) -> tuple[list[Sentence], dict[str, tuple[str, ...]], frozenset[str]]:
    """The candidates for key points (prose sentences of at least :data:`MIN_WORDS` words
    with a finite verb), their words by id and the ids that open a paragraph block
    (:func:`~.document.sentence_words`)."""
    prose = [s for s in sentences if s.kind == "paragraph"]
    words, opens, verbs = sentence_words(prose, doc)
    return (
        [s for s in prose if len(words.get(s.id, ())) >= MIN_WORDS and s.id in verbs],
        words,
        opens,
    )


def rank_sentences(
    candidates: Sequence[Sentence],
    doc: Doc,
    *,
    summariser: Summariser,
    sections: Sequence[Section] = (),
    title: str | None = None,
    words: Mapping[str, tuple[str, ...]] | None = None,
    opens: frozenset[str] | None = None,
) -> dict[str, float]:
    """sumy's rating of every candidate, by sentence id (higher is better; scale is the ranker's).

    ``words`` and ``opens`` are :func:`~.document.sentence_words` of the
    candidates, computed here when not given.
    """
    if not candidates:
        return {}
    if words is None or opens is None:
        words, opens, _ = sentence_words(candidates, doc)
    headings: list[tuple[int, str]] = []
    if title:
        headings.append((-1, title))
    headings.extend((sec.start, sec.title) for sec in sections if sec.title)
    headings.sort(key=lambda h: h[0])
    stigma: set[str] = set()
    for s in candidates:
        for f in s.flags:
            if f.category in EXCLUDING_FLAGS or f.category == "booster":
                stigma.update(heading_words(f.cue))
    bonus = {w for _, h in headings for w in heading_words(h)}
    ranker = summariser.ranker.for_article(bonus=bonus, stigma=stigma)
    result: dict[str, float] = {}
    after = -1  # headings at or before this offset belong to an earlier window
    for window in rank_windows(len(candidates), size=RANK_WINDOW):
        part = candidates[window.start : window.stop]
        heads = [h for h in headings if h[0] < 0 or h[0] > after]
        after = part[-1].start
        model, sumy_sentences = build_document(part, words, opens, heads)
        ratings = ranker.rate_sentences(model)
        # sumy sentences hash by text, which is the sentence id: map back by id.
        result.update((str(ss), float(ratings.get(ss, 0.0))) for ss in sumy_sentences)
    return result


def rank_windows(n: int, *, size: int = RANK_WINDOW) -> list[range]:
    """The candidates ``0..n-1`` cut into consecutive windows of nearly equal length,
    none longer than ``size``: one window when ``n <= size``."""
    k = max(1, -(-n // size))
    return [range(i * n // k, (i + 1) * n // k) for i in range(k)]


def summarise(
    sentences: Sequence[Sentence],
    doc: Doc,
    *,
    summariser: Summariser,
    sections: Sequence[Section] = (),
    title: str | None = None,
    genre: str | None = None,
    blocks: Sequence[Block] = (),
    quotes: Sequence[Quote] = (),
) -> Summary:
    """Choose the key points, the lede and the claims of an article (see the module
    docstring for the method).

    ``sentences`` are the article's sentences in order (``split_sentences``,
    flagged or not); ``doc`` is the spaCy parse of ``Article.text``;
    ``summariser`` comes from :func:`load_summariser` and carries the summary
    settings; ``genre`` is the article's :class:`~pipeline.models.Genre` label
    (it decides whose the claims are); ``blocks`` are the article's blocks (where the
    body starts, for its dateline: :mod:`.dateline`) and ``quotes`` its direct quotes
    (a sentence wholly inside one of several sentences is no candidate:
    :func:`~.coherence.within_quotes`). Returns a :class:`Summary` with key points
    in article order.
    """
    settings = summariser.settings
    name = settings.summarizer
    candidates, words, opens = candidate_sentences(sentences, doc)
    quoted_words = within_quotes(candidates, quotes)
    if quoted_words and len(quoted_words) < len(candidates):
        candidates = [c for c in candidates if c.id not in quoted_words]
    if not candidates:
        return Summary(method=name, sentence_ids=(), text="", notes=("no prose sentences to summarise",))
    k = summary_length(len(candidates), settings)
    ratings = rank_sentences(candidates, doc, summariser=summariser, sections=sections, title=title, words=words, opens=opens)
    cands = score_candidates(
        candidates,
        ratings,
        doc,
        words,
        position_weight=prior_weight(settings.position_weight, k, len(candidates)),
        stem=summariser.stem,
        stop_words=summariser.stop_words,
    )
    chosen, reworded, notes = choose(cands, k, doc, settings=settings, before=antecedents(sentences))

    points = []
    used = [c.sentence.id for c in chosen if c.sentence.id in reworded]
    if used:
        notes.append(
            f"{len(used)} key point(s) are given in neutral wording, their opinion modifiers deleted "
            f"({', '.join(used)}); the original text is kept beside it"
        )
    dateline = find_dateline(doc.text, blocks)
    shown = _without_dateline(sentences, dateline)
    for c in chosen:
        s = c.sentence
        neutral_text: str | None = None
        removed: tuple[str, ...] = ()
        if s.id in reworded:
            neutral_text, removed = reworded[s.id]
        elif settings.neutralise:
            neutral_text, removed = neutralise(s, doc)
        if s.id in shown and neutral_text is not None:
            neutral_text = _cut(neutral_text, s.text, shown[s.id])
        points.append(
            KeyPoint(
                id=s.id,
                text=shown.get(s.id, s.text),
                score=round(c.score, 4),
                hedged=any(f.category == "hedge" for f in s.flags),
                flagged=flag_categories(s),
                neutral_text=neutral_text,
                removed=removed,
            )
        )
    quoted = inside_quotes([s for s in sentences if s.kind == "paragraph"], opens)
    lede = choose_lede(cands, evidence_counts(candidates, doc, LEDE_LABELS), quoted=quoted, doc=doc, shown=shown)
    claims = choose_claims(cands, genre=genre, exclude={p.id for p in points if p.id not in reworded}, doc=doc, limit=k)
    return Summary(
        method=name,
        sentence_ids=tuple(p.id for p in points),
        text=" ".join(p.neutral_text if p.id in reworded and p.neutral_text else p.text for p in points),
        key_points=tuple(points),
        notes=tuple(notes),
        lede=lede,
        claims=claims,
        dateline=doc.text[dateline[0] : dateline[1]] if dateline else None,
        lede_text=shown.get(lede) if lede else None,
    )


def _without_dateline(sentences: Sequence[Sentence], dateline: tuple[int, int] | None) -> dict[str, str]:
    """The text shown for each sentence that holds (part of) the dateline: from the
    dateline's end, by id (a sentence wholly inside it is left out)."""
    if dateline is None:
        return {}
    return {s.id: s.text[dateline[1] - s.start :] for s in sentences if s.start < dateline[1] < s.end}


def _cut(wording: str, text: str, shown: str) -> str:
    """``wording`` (a rewording of ``text``) without the dateline that ``shown`` leaves out of ``text``."""
    head = text[: len(text) - len(shown)]
    return wording[len(head) :] if wording.startswith(head) else wording
