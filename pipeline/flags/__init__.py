"""Hedge and opinion flags: which sentences report, and which judge, speculate or
lean on unnamed authority, with the cue that says why.

Stage :func:`flag_sentences`. Reads the spaCy ``Doc``, the ``Sentence`` spans, the
``Quote`` and ``Attribution`` spans of the facts stage, and a :class:`FlagModel`
(lexicons, fixed terms, weights and matchers, loaded once by :func:`load_flagger`).
Adds to each sentence its ``flags``, ``score`` and ``subjective``; ids, text and
offsets are unchanged.

Every flag has one category (``hedge``, ``booster``, ``opinion``, ``weasel``,
``rhetorical``), the exact cue text, its character offsets into ``Article.text``
(== ``Doc`` offsets), the rule that raised it (``<lexicon>:<entry>`` or
``rule:<id>``), whether it sits inside a direct quote, and its weight in the
sentence score.

Cues come from the lexicons in ``pipeline/lexicons/*.txt`` (one entry a line; the
file name before the first ``_`` is the category: ``hedge_belief.txt`` holds
hedges; :mod:`.lexicons`). Plain entries are matched with spaCy's ``PhraseMatcher`` on the lower-case
form, and on the lemma when the entry's first word is already a lemma (``suggest``
matches "suggested", ``remain to be seen`` matches "remained to be seen").
Entries with pattern syntax (``a|b``, ``x?``, ``ADV*``, optionally named
``name: pattern``) are token patterns on lemmas and tags, matched as spaCy's
``Matcher`` would but indexed by their first token (:mod:`.matching`; the
Matcher tests every set-valued token predicate at every token). A ``# pos: ADJ`` header line
restricts a file's single-word entries to that part of speech.
Users add or drop entries with ``[flags.add]`` / ``[flags.remove]`` in the config.

Rules where words alone mislead (rule ids in brackets; :mod:`.rules`):

- modal verbs (may, might, could, would, should, must) count only as modal
  auxiliaries: "May" the month (a PROPN or DATE entity) and "military might" are
  not hedges;
- ``could`` of past ability is not a hedge: negated ("could not afford") or with a
  verb of perception/ability ("could see", "could remember") [modal filter];
- a sentence-initial ``should`` ("Should the talks fail, ...") is a conditional,
  not advice;
- an inflected match of an adjective entry must still be an adjective ("dynamics"
  is not "dynamic");
- ``will`` and ``can`` are not hedges (they are in no lexicon);
- a hedge word right before a figure ("nearly 16 million", "approximately $5")
  approximates the figure and is not raised;
- ``kind of``/``sort of`` after a determiner ("a kind of alliance") is a noun
  phrase, not a hedge;
- lexicon cues inside a proper name or a named entity ("Great Britain",
  "the Great Depression") are not raised;
- a negated doubt word is a booster: "there is no doubt", "no one disputes",
  "cannot be denied" [``rule:negated_hedge``];
- an intensifier that modifies a figure is a booster: "significantly more than
  50", "well over 100", "a staggering 40 percent" [``rule:numeric_intensifier``];
- a hedge inside a named attribution ("according to the State Department, it is
  likely ...") is the source's hedge and is not raised; a weasel covered by a named
  attribution is not raised either (``attributions`` with ``named=True``);
- a sentence ending in "?" or "!" outside quotes, and an imperative addressed to the
  reader, are rhetorical [``rule:question``, ``rule:exclamation``,
  ``rule:imperative``]; pronouns count only as pronouns ("US" is not "us").
- the -ly adverb of an evaluative adjective of the opinion lexicons ("brutal" ->
  "brutally", "angry" -> "angrily"), where it is an adverb and no lexicon lists it, is an
  opinion cue of its own (``opinion_derived:<adverb>``; :mod:`.evidence`).

A flag inside a direct quote (:func:`pipeline.facts.quote_spans`, or a ``Quote``
passed in) has ``quoted=True``: it is the speaker's language, not the author's.

Sentence decision rule (documented in README and in ``flag_weights.json``; :mod:`.score`)::

    logit = bias + sum(flag.weight for flag in sentence.flags)
    score = 1 / (1 + exp(-logit))
    subjective = score >= settings.threshold

Each flag's weight is the learned weight of its *feature*: its lexicon (file stem)
or rule family, or ``<category>~quoted`` for a cue inside a quote, or
``<category>~quote`` for a (non-weasel) cue outside the quote of a sentence that
holds a direct quote, ``<category>~reported`` for one in a sentence that reports
someone's words ("she said", "according to"), or
``<category>~event`` for one in a sentence that narrates an event or states a figure
(past-tense main verb, a date or an amount) or names three or more words' worth of
actors. The weights are a logistic
regression trained by ``python -m pipeline.train_flags`` on the CheckThat! 2025
subjectivity data (CC BY-NC-SA 4.0); a sentence with no cue always scores below
0.5, and every subjective decision is the sum of the weights of its flags.
"""

from __future__ import annotations

import bisect
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import FlagSettings
from ..facts.quotes import quote_spans
from ..models import Attribution, Flag, Quote, Sentence
from .evidence import adverb_cues, derived_adverbs
from .lexicons import LEXICON_DIR, TERMS_FILE, Lexicon, lexicon_files, load_lexicons, load_terms
from .matching import Matchers, build_matchers
from .rules import (
    _REPORTABLE,
    _context,
    _Cue,
    _cue_context,
    _indirect_candidates,
    _indirect_spans,
    _keep_lexicon_match,
    _negated_hedges,
    _resolve,
    _sentence_rules,
    _SpanSet,
)
from .score import WEIGHTS_FILE, _context_of, feature_of, flag_stats, load_weights, weigh_sentence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "LEXICON_DIR",
    "TERMS_FILE",
    "WEIGHTS_FILE",
    "FlagModel",
    "feature_of",
    "Lexicon",
    "load_flagger",
    "load_lexicons",
    "load_terms",
    "load_weights",
    "flag_sentences",
    "flag_stats",
]


@dataclass(frozen=True, slots=True)
class FlagModel:
    """Everything the flags stage reads, loaded once (:func:`load_flagger`) and shared by every article.

    ``files`` lists every data file read to build it (the lexicons, the fixed terms and the
    weights), so that a caller can put a hash of their contents in its result key.
    """

    settings: FlagSettings
    lexicons: tuple[Lexicon, ...]
    terms: tuple[str, ...]
    bias: float
    weights: Mapping[str, float]
    matchers: Matchers
    files: tuple[Path, ...]
    #: Each entry's learned deviation from its feature's weight (``Flag.rule`` -> float).
    entries: Mapping[str, float] = field(default_factory=lambda: types.MappingProxyType({}))
    #: Adverbs derived from the evaluative adjectives (adverb -> adjective; :mod:`.evidence`).
    adverbs: Mapping[str, str] = field(default_factory=lambda: types.MappingProxyType({}))


def load_flagger(settings: FlagSettings, nlp: Language) -> FlagModel:
    """Read the lexicons (with the ``add``/``remove`` of ``settings``), the fixed terms and the
    weights, and build the matchers on ``nlp`` (the pipeline whose Docs will be flagged; it
    tokenises and lemmatises the entries, see :mod:`.matching`).

    Raises :class:`PipelineError` E009 for a bad lexicon setting or weights file.
    """
    lexicons = load_lexicons(settings)
    terms = load_terms()
    model = load_weights()
    files = lexicon_files() + (TERMS_FILE,) + ((WEIGHTS_FILE,) if WEIGHTS_FILE.is_file() else ())
    return FlagModel(
        settings=settings,
        lexicons=lexicons,
        terms=terms,
        bias=float(model["bias"]),
        weights=types.MappingProxyType(dict(model["weights"])),
        matchers=build_matchers(nlp, lexicons, terms),
        files=files,
        entries=types.MappingProxyType({str(k): float(v) for k, v in dict(model.get("entries", {})).items()}),
        adverbs=types.MappingProxyType(derived_adverbs(lexicons, exclude=settings.remove.get("opinion", ()))),
    )


def _analyse(
    doc: Doc,
    sentences: Sequence[Sentence],
    *,
    flagger: FlagModel,
    quotes: Sequence[Quote],
    attributions: Sequence[Attribution],
    text: str,
) -> list[list[Flag]]:
    """Per sentence: the flags, without their weights (their ``context`` set)."""
    m = flagger.matchers
    quote_set = _SpanSet(quote_spans(text) + [(q.start, q.end) for q in quotes])
    named = [(a.start, a.end) for a in attributions if a.named]
    named_set = _SpanSet(named)
    attrib_set = _SpanSet((a.start, a.end) for a in attributions)

    # Whole-document matching, then cues assigned to sentences by token position.
    raw: dict[tuple[int, int, str], _Cue] = {}
    terms = [(s, e) for _mid, s, e in m.terms(doc)]
    for matcher in (m.lower, m.lemma, m.patterns):
        for mid, s, e in matcher(doc):
            if matcher is m.lemma and mid in m.adjectives and doc[s].pos_ != "ADJ":
                continue  # "dynamics" is not the adjective "dynamic"
            lex_name, category, entry = m.labels[mid]
            cue = _Cue(category, lex_name, f"{lex_name}:{entry}", s, e)
            wanted = m.pos.get(lex_name)
            if wanted and e - s == 1 and doc[s].pos_ not in wanted:
                continue
            if cue.category != "weasel" and any(a <= s and e <= b for a, b in terms):
                continue  # a fixed term: "critical condition", "conspiracy to"
            if _keep_lexicon_match(doc, cue, entry):
                raw.setdefault((s, e, cue.rule), cue)
    for _mid, s, e in m.rules(doc):
        raw.setdefault((s, e, "rule:numeric_intensifier"), _Cue("booster", "rule", "rule:numeric_intensifier", s, e))
    for cue in _negated_hedges(doc):
        raw.setdefault((cue.start, cue.end, cue.rule), cue)
    for cue in adverb_cues(doc, flagger.adverbs):
        if _keep_lexicon_match(doc, cue, cue.rule):
            raw.setdefault((cue.start, cue.end, cue.rule), cue)

    candidates = _indirect_candidates(doc)
    sent_starts = [s.start for s in sentences]
    per_sentence: list[list[_Cue]] = [[] for _ in sentences]
    for cue in raw.values():
        c0 = doc[cue.start].idx
        c1 = doc[cue.end - 1].idx + len(doc[cue.end - 1].text)
        i = bisect.bisect_right(sent_starts, c0) - 1
        if i >= 0 and sentences[i].start <= c0 and c1 <= sentences[i].end:
            per_sentence[i].append(cue)

    out: list[list[Flag]] = []
    for sent, cues in zip(sentences, per_sentence):
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        sentence_cues = _sentence_rules(doc, span, quote_set) if span is not None else []
        cues = _resolve([c for c in sentence_cues if not c.sentence_level] + cues)
        cues += [c for c in sentence_cues if c.sentence_level]
        context = _context(span, attrib_set, quote_set) if span is not None else ""
        indirect = _SpanSet(_indirect_spans(span, candidates)) if span is not None else _SpanSet(())
        flags: list[Flag] = []
        cue_tokens = frozenset(i for c in cues if not c.sentence_level for i in range(c.start, c.end))
        for cue in sorted(cues, key=lambda c: (c.start, c.end)):
            c0 = doc[cue.start].idx
            c1 = doc[cue.end - 1].idx + len(doc[cue.end - 1].text)
            if cue.sentence_level:
                c0, c1 = max(c0, sent.start), min(c1, sent.end)
            if cue.category == "weasel" and named_set.overlaps(c0, c1):
                continue  # the attribution names its source
            if cue.category == "hedge" and named_set.covers(c0, c1):
                continue  # the named source's own hedge, as in reported speech
            quoted = quote_set.covers(c0, c1) if not cue.sentence_level else False
            reported = not quoted and not cue.sentence_level and cue.category in _REPORTABLE and indirect.covers(c0, c1)
            own = _cue_context(doc, cue, span, cue_tokens) if span is not None and not cue.sentence_level else ""
            ctx = _context_of(cue, quoted=quoted, context=context, reported=reported, own=own)
            flags.append(Flag(cue.category, text[c0:c1], c0, c1, cue.rule, quoted, reported=reported, context=ctx))
        out.append(flags)
    return out


def flag_sentences(
    doc: Doc,
    sentences: Sequence[Sentence],
    *,
    flagger: FlagModel,
    quotes: Sequence[Quote] = (),
    attributions: Sequence[Attribution] = (),
    text: str | None = None,
) -> tuple[Sentence, ...]:
    """The same sentences (same ids and offsets) with ``flags``, ``subjective`` and ``score`` set.

    ``doc`` is the spaCy parse of the article text (Doc offsets == article
    offsets), made by the pipeline ``flagger`` was loaded with (:func:`load_flagger`);
    ``quotes`` and ``attributions`` come from the facts stage (a cue inside a quote is
    quoted; a weasel covered by a named attribution is not raised). Raises nothing of
    its own: the lexicons and weights were checked when ``flagger`` was loaded. ``text`` is
    the article text (``doc.text``, which spaCy otherwise rebuilds token by token).
    """
    text = doc.text if text is None else text
    analysed = _analyse(doc, sentences, flagger=flagger, quotes=quotes, attributions=attributions, text=text)
    threshold = flagger.settings.threshold
    return tuple(
        weigh_sentence(sent, flags, weights=flagger.weights, bias=flagger.bias, threshold=threshold, entries=flagger.entries)
        for sent, flags in zip(sentences, analysed)
    )
