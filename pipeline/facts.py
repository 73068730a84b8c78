"""Figures, quotes and attributions: how much, and who says so.

- :func:`extract_figures`: money, percentages, quantities (spaCy MONEY, PERCENT,
  QUANTITY) and counted nouns (a CARDINAL followed by the noun it counts,
  ``1,000 students``), with the amount as a number (``about $100 million`` ->
  ``100000000.0``), a unit (ISO 4217 code for money, ``%`` for percentages, else
  the unit or counted noun) and the qualifier (``about``, ``more than`` …). A
  rate word right after a figure (``annually``, ``a year``, ``per day``) is kept
  in its text.
- :func:`extract_quotes`: direct quotes between straight or curly double quotes
  (at least a few words, or introduced by a reporting verb), with the speaker:
  the subject of the nearest reporting verb outside the quote, or the source of
  ``according to X``, resolved to the canonical entity name; a pronoun subject
  goes to the most recent person named before it; None when nobody is named.
- :func:`extract_attributions`: ``according to X`` and ``X said/says/stated/
  reported/told/argued …``; ``named=True`` when the source is, or contains, a
  named entity (a person, organisation, place …; nationality adjectives alone do
  not name a source) and then ``source`` is that entity's canonical name;
  otherwise ``named=False`` with the vague source text (``an expert``, ``experts``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .entities import doc_text, token_positions
from .models import Attribution, Entity, Figure, Quote, Sentence
from .sentences import SentenceIndex

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["REPORTING_VERBS", "SOURCE_NOUNS", "extract_figures", "extract_quotes", "extract_attributions", "parse_amount"]

#: Lemmas of verbs that report speech or a claim.
REPORTING_VERBS: frozenset[str] = frozenset(
    """say state tell report add argue claim write explain note warn declare insist comment remark
    assert acknowledge admit reply respond conclude suggest announce contend observe
    estimate predict believe think agree confirm deny allege testify recall stress emphasize
    emphasise tweet caution concede""".split()
)
#: Reporting verbs that take a quote or a clause (used for quotes; stricter than attributions).
_QUOTE_VERBS = REPORTING_VERBS - {"believe", "think", "agree", "estimate", "predict"}
#: Verbs that report speech by themselves; the others need a clause ("agree that ...").
_SPEECH_VERBS = frozenset({"say", "state", "tell", "report", "add", "write", "announce", "declare", "tweet", "testify"})

#: Head nouns of unnamed sources ("an expert says", "officials said"); a vague
#: subject outside this list ("the evidence suggests") is not an attribution.
SOURCE_NOUNS: frozenset[str] = frozenset(
    """expert analyst official critic observer source report study survey researcher scientist
    scholar academic commentator spokesperson spokesman spokeswoman diplomat insider person people
    someone many some others most few several everyone nobody witness resident leader authority
    government ministry agency investigator economist historian journalist reporter paper poll
    document statement memo aide adviser advisor lawmaker politician member group organization
    organisation firm company campaigner activist supporter opponent proponent skeptic sceptic
    intelligence officer administration department office spokesperson representative media
    newspaper outlet estimate data figure record""".split()
)

#: Labels that name a source (NORP adjectives alone do not).
_NAMING_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT"})

_CURRENCY_SYMBOLS: dict[str, str] = {
    "us$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "c$": "CAD",
    "a$": "AUD",
    "hk$": "HKD",
    "₽": "RUB",
    "₩": "KRW",
    "chf": "CHF",
}
_CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD",
    "usd": "USD",
    "euro": "EUR",
    "eur": "EUR",
    "pound": "GBP",
    "sterling": "GBP",
    "gbp": "GBP",
    "yen": "JPY",
    "jpy": "JPY",
    "rupee": "INR",
    "yuan": "CNY",
    "renminbi": "CNY",
    "franc": "CHF",
    "ruble": "RUB",
    "rouble": "RUB",
    "peso": "MXN",
    "won": "KRW",
    "rand": "ZAR",
    "lira": "TRY",
    "shekel": "ILS",
    "rial": "IRR",
    "riyal": "SAR",
    "dinar": "DINAR",
    "cent": "USD",
}
_SCALES: dict[str, float] = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "hundred": 1e2,
    "dozen": 12,
    "lakh": 1e5,
    "crore": 1e7,
}
_NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
    "half": 0.5,
}
QUALIFIERS: tuple[str, ...] = (
    "approximately",
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "some",
    "at least",
    "at most",
    "more than",
    "less than",
    "fewer than",
    "over",
    "under",
    "up to",
    "as many as",
    "as much as",
    "as few as",
    "as little as",
    "an estimated",
    "estimated",
    "close to",
    "just over",
    "just under",
    "well over",
    "upwards of",
    "in excess of",
    "no more than",
    "no less than",
    "only",
    "just",
    "circa",
    "c.",
    "~",
)
_QUALIFIER_RE = re.compile(
    r"^(" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\s*",
    re.IGNORECASE,
)
_RATE_RE = re.compile(
    r"\s+(annually|yearly|monthly|weekly|daily|a year|a month|a week|a day|per year|per month|"
    r"per week|per day|per annum|each year|every year|each month|every month|a head|per capita|per person)\b",
    re.IGNORECASE,
)


def parse_amount(text: str, label: str = "MONEY") -> tuple[float | None, str | None, str | None]:
    """(amount, unit, qualifier) of a figure's text; parts that cannot be read are None."""
    t = text.strip()
    qualifier = None
    m = _QUALIFIER_RE.match(t)
    if m:
        qualifier = m.group(1).lower()
        t = t[m.end() :]
    low = t.lower()
    unit: str | None = None
    for sym in sorted(_CURRENCY_SYMBOLS, key=len, reverse=True):
        if low.startswith(sym) or low.endswith(sym) and not sym.isalpha():
            unit = _CURRENCY_SYMBOLS[sym]
            low = low.replace(sym, " ", 1)
            break
    words = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+|%", low)
    if unit is None:
        for w in words:
            base = w[:-1] if w.endswith("s") and w[:-1] in _CURRENCY_WORDS else w
            if base in _CURRENCY_WORDS:
                unit = _CURRENCY_WORDS[base]
                if base == "cent":
                    unit = "USD"
                break
    if "%" in words or "percent" in words or "per" in words and "cent" in words or "percentage" in words:
        unit = "%"
    number: float | None = None
    scale = 1.0
    spelled = 0.0
    seen_spelled = False
    for w in words:
        if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", w):
            if number is None:
                try:
                    number = float(w.replace(",", ""))
                except ValueError:  # pragma: no cover
                    number = None
        elif w in _SCALES and (number is not None or seen_spelled):
            scale *= _SCALES[w]
        elif w in _NUMBER_WORDS and number is None:
            spelled += _NUMBER_WORDS[w]
            seen_spelled = True
    if number is None and seen_spelled:
        number = spelled
    if unit == "%" or label == "PERCENT":
        unit = "%"
    if "cent" in words and unit == "USD" and not any(w in ("dollar", "dollars") for w in words):
        scale *= 0.01
    amount = None if number is None else round(number * scale, 6)
    if amount is not None and amount == int(amount):
        amount = float(int(amount))
    if unit is None and label == "QUANTITY":
        tail = [w for w in words if not re.fullmatch(r"\d[\d,]*(?:\.\d+)?", w) and w not in _SCALES and w not in _NUMBER_WORDS]
        unit = tail[-1] if tail else None
    return amount, unit, qualifier


def extract_figures(doc: Doc, sentences: Sequence[Sentence]) -> tuple[Figure, ...]:
    """Money, percentages, quantities and counted nouns inside prose sentences, in text order."""
    index = SentenceIndex(sentences)
    text = doc_text(doc)
    out: list[Figure] = []
    for ent in doc.ents:
        label = ent.label_
        start, end = ent.start_char, ent.end_char
        unit_override = None
        if label == "CARDINAL":
            # a counted noun: "1,000 students" (not years, not list numbers)
            nxt = doc[ent.end] if ent.end < len(doc) else None
            if nxt is None or nxt.tag_ not in ("NNS", "NNPS") or not any(c.isdigit() for c in ent.text):
                continue
            end = nxt.idx + len(nxt.text)
            unit_override = nxt.lemma_.lower()
        elif label not in ("MONEY", "PERCENT", "QUANTITY"):
            continue
        rate = _RATE_RE.match(text, end)
        if rate and "\n" not in rate.group(0):
            end = rate.end()
        sent = index.covering(start, end)
        if sent is None:
            continue
        amount, unit, qualifier = parse_amount(ent.text, "QUANTITY" if label == "CARDINAL" else label)
        if unit_override:
            unit = unit_override
        out.append(Figure(text[start:end], start, end, sent.id, amount, unit, qualifier))
    return tuple(out)


# --------------------------------------------------------------------------
# sources

_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


def _entity_spans(entities: Sequence[Entity]) -> list[tuple[int, int, Entity]]:
    return sorted(((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda x: x[0])


def _named_in(spans: list[tuple[int, int, Entity]], start: int, end: int, region: list[tuple[int, int]] | None = None) -> Entity | None:
    """The best-named entity with a mention inside ``[start, end)`` (and touching ``region``): people and organisations first."""
    found = [
        e
        for a, b, e in spans
        if start <= a and b <= end and e.label in _NAMING_LABELS and (region is None or any(a < y and x < b for x, y in region))
    ]
    if not found:
        return None
    rank = {"PERSON": 0, "ORG": 1}
    return min(found, key=lambda e: rank.get(e.label, 2))


def _last_person_before(spans: list[tuple[int, int, Entity]], pos: int) -> Entity | None:
    best = None
    for a, _, e in spans:
        if a >= pos:
            break
        if e.label == "PERSON":
            best = e
    return best


def _phrase(token: Token) -> tuple[int, int]:
    """Character span of a subject phrase: the token's subtree, without relative clauses and appositions."""
    keep = [token]
    for child in token.children:
        if child.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl") and child.i > token.i:
            continue
        keep.extend(child.subtree)
    lo = min(t.idx for t in keep)
    hi = max(t.idx + len(t.text) for t in keep)
    return lo, hi


def _head_region(token: Token) -> list[tuple[int, int]]:
    """The head noun of a source phrase with its name-like modifiers (not its prepositional objects)."""
    keep = [token]
    for child in token.children:
        if child.dep_ in ("compound", "poss", "amod", "nmod", "appos", "flat", "npadvmod", "nummod"):
            keep.extend(child.subtree)
    return [(t.idx, t.idx + len(t.text)) for t in keep]


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    # "X, ..., stated" parsed with the subject on a coordinated / governing verb
    if verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return _subject(verb.head) if verb.head.pos_ in ("VERB", "AUX") else None
    return None


def _according_to(doc: Doc) -> list[tuple[int, int, int, list[tuple[int, int]] | None]]:
    """(cue start, source start, source end, head region) of ``according to X``."""
    out = []
    for i in token_positions(doc, "LOWER", ("according",)):
        tok = doc[i]
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if objs:
                lo, hi = _phrase(objs[0])
                region = _head_region(objs[0])
            else:  # parse without a pobj: take the noun phrase that follows
                j = to.i + 1
                k = j
                while k < len(doc) and not doc[k].is_punct and doc[k].pos_ not in ("VERB", "AUX") and doc[k].lower_ not in ("that",):
                    k += 1
                if k == j:
                    continue
                lo, hi = doc[j].idx, doc[k - 1].idx + len(doc[k - 1].text)
                region = None
            out.append((tok.idx, lo, hi, region))
    return out


def extract_attributions(doc: Doc, sentences: Sequence[Sentence], entities: Sequence[Entity]) -> tuple[Attribution, ...]:
    """Claims attributed to a source, named or vague, in text order."""
    index = SentenceIndex(sentences)
    spans = _entity_spans(entities)
    text = doc_text(doc)
    out: list[Attribution] = []

    def add(
        lo: int,
        hi: int,
        src_lo: int,
        src_hi: int,
        cue: str,
        region: list[tuple[int, int]] | None,
        head: Token | None = None,
    ) -> None:
        sent = index.covering(lo, hi)
        if sent is None:
            return
        ent = _named_in(spans, src_lo, src_hi, region)
        if ent is not None:
            out.append(Attribution(ent.name, True, sent.id, lo, hi, cue))
        elif head is None or head.lemma_.lower() in SOURCE_NOUNS or head.lower_ in SOURCE_NOUNS:
            out.append(Attribution(text[src_lo:src_hi], False, sent.id, lo, hi, cue))

    for cue_start, lo, hi, region in _according_to(doc):
        add(cue_start, hi, lo, hi, "according to", region)
    for i in token_positions(doc, "POS", ("VERB",)):
        tok = doc[i]
        if tok.lemma_.lower() not in REPORTING_VERBS:
            continue
        subj = _subject(tok)
        if subj is None:
            continue
        if subj.lower_ in _PRONOUNS or subj.lower_ in ("who", "that", "which"):
            if subj.lower_ == "it" and any(c.dep_ == "auxpass" for c in tok.children):
                # "it is said that": an agentless claim
                sent = index.at(subj.idx)
                if sent is not None:
                    hi = tok.idx + len(tok.text)
                    out.append(Attribution(None, False, sent.id, subj.idx, hi, tok.lemma_.lower()))
            continue
        if subj.dep_ == "nsubjpass":
            continue
        if tok.lemma_.lower() not in _SPEECH_VERBS and not any(c.dep_ in ("ccomp", "parataxis") for c in tok.children):
            continue
        s_lo, s_hi = _phrase(subj)
        lo, hi = min(s_lo, tok.idx), max(s_hi, tok.idx + len(tok.text))
        if hi - lo > 200:
            continue
        add(lo, hi, s_lo, s_hi, tok.lemma_.lower(), _head_region(subj), subj)
    out.sort(key=lambda a: a.start)
    return tuple(out)


# --------------------------------------------------------------------------
# quotes

_QUOTE_RE = re.compile(r"“([^”\n]{1,2000})”|\"([^\"\n]{1,2000})\"")


def extract_quotes(doc: Doc, sentences: Sequence[Sentence], entities: Sequence[Entity]) -> tuple[Quote, ...]:
    """Direct quotes with their speaker's canonical name (None when unnamed), in text order.

    ``start``/``end`` are the offsets of the quoted words (inside the quote marks).
    """
    index = SentenceIndex(sentences)
    spans = _entity_spans(entities)
    text = doc_text(doc)
    out: list[Quote] = []
    for m in _QUOTE_RE.finditer(text):
        g = 1 if m.group(1) is not None else 2
        lo, hi = m.start(g), m.end(g)
        inner = text[lo:hi]
        sent = index.at(m.start()) or index.at(lo)
        if sent is None:
            continue
        n_words = len(inner.split())
        verb = _reporting_verb(doc, sent, m.start(), m.end())
        if n_words < 2 or (n_words < 6 and verb is None):
            continue  # a scare-quoted term, not speech
        speaker = None
        if verb is not None:
            subj = _subject(verb)
            if subj is not None:
                if subj.lower_ in ("he", "she"):
                    e = _last_person_before(spans, subj.idx)
                    speaker = e.name if e else None
                else:
                    s_lo, s_hi = _phrase(subj)
                    e = _named_in(spans, s_lo, s_hi, _head_region(subj))
                    speaker = e.name if e else None
        if speaker is None:
            for cue, s_lo, s_hi, region in _according_to(doc):
                if sent.start <= cue < sent.end and not (m.start() <= cue < m.end()):
                    e = _named_in(spans, s_lo, s_hi, region)
                    speaker = e.name if e else None
                    break
        out.append(Quote(inner, speaker, sent.id, lo, hi))
    return tuple(out)


def _reporting_verb(doc: Doc, sent: Sentence, q_start: int, q_end: int) -> Token | None:
    """The reporting verb nearest the quote, outside it, in the quote's sentence (or the one it ends in)."""
    span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None:  # pragma: no cover
        return None
    tokens = list(span)
    if q_end > sent.end:
        tail = doc.char_span(q_end, min(len(doc_text(doc)), q_end + 200), alignment_mode="expand")
        if tail is not None:
            for k, t in enumerate(tail):
                if k and t.is_sent_start:
                    break
                tokens.append(t)
    best = None
    best_dist = 10**9
    for t in tokens:
        if q_start <= t.idx < q_end:
            continue
        if t.pos_ == "VERB" and t.lemma_.lower() in _QUOTE_VERBS:
            dist = q_start - t.idx if t.idx < q_start else t.idx - q_end
            if dist < best_dist:
                best, best_dist = t, dist
    return best
