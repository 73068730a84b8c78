"""Date and time expressions in a parsed document: candidate spans from spaCy's
DATE/TIME entities (trimmed, split at ranges, ages and frequency adjectives dropped)
plus rule matches (``now``, ``recently``, ``every year`` …), each normalised with the
tense of its sentence, inside prose sentences.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING, Any

from ..models import DateMention, Sentence
from ..sentences import SentenceIndex
from .anchors import Anchor, Narrative, anchor_date, is_deictic, is_month_day, moved_year
from .holidays import HOLIDAY_RE
from .nondates import YEAR_TITLE, habitual_day, no_date_word, not_a_date
from .normalise import DateValue, normalise_date
from .periods import iso_of
from .vocabulary import MONTH_RE, WEEKDAY_RE

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["extract_dates", "extract_date_values"]


_EXTRA_WORDS = re.compile(
    r"\b(?:now|today|tomorrow|yesterday|currently|current|recently|daily|weekly|annually|nowadays|the future|the near future|the (?:near|short) term|"
    r"in the past|(?:recent|coming) (?:years|months|weeks|days)|(?:every|each) (?:day|week|month|year|quarter)|"
    r"(?:the\s+)?(?:first|second|third|fourth)[-\s]quarter)\b",
    re.IGNORECASE,
)
#: A weekday, or a month with its day, as written in running text (capitalised): found even when spaCy misses it
#: ("Late Monday, officials said", "the Aug. 7 bombings").
_NAMED_DAY = re.compile(
    r"(?=[A-Z])\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
    r"|(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.\s+\d{1,2}\b|(?:January|February|March|April|June|July|August|September|October|November|December)\s+\d{1,2}\b)"
    r"(?!\s*(?:%|percent|[A-Z]))"
)
_EARLY_LATE_BEFORE = re.compile(r"\b(?:[Ee]arly|[Ll]ate)\s+$")
#: Words one of which a text must contain for the holiday pattern to be run on it.
_HOLIDAY_CUES = (
    "Thanksgiving",
    "Christmas",
    "New Year",
    "Independence Day",
    "Halloween",
    "Labor Day",
    "Memorial Day",
    "Election Day",
    "Easter",
    "Good Friday",
    "Black Friday",
    "Cyber Monday",
)
_HOLIDAY = re.compile(HOLIDAY_RE)  # capitalised: spaCy often labels a holiday EVENT
_TRIM_LEAD = re.compile(
    r"^(?:(?:about|around|approximately|roughly|nearly|almost|some|at least|more than|less than|"
    r"over|under|up to|only|just|since|until|through|from|during|by|in|on|at|for|of|within|after|before|"
    r"as early as|as late as|as of)\s+)+",
    re.IGNORECASE,
)


_IN_THE = re.compile(r"\b(?:early|late|earlier|later)\s+in\s+$", re.IGNORECASE)


#: ``the quarter ended Sept. 30``: the period and its end date, two expressions.
_PERIOD_ENDED = re.compile(
    r"(.*?\b(?:quarter|year|months|weeks|period|half))\s+(?:ended|ending|that ended|which ended)\s+((?:\w+\.?\s+\d{1,2}|\d{1,2}\s+\w+)(?:,?\s+\d{4})?)$",
    re.IGNORECASE,
)
_ENDED_BEFORE = re.compile(r"\s(?:ended|ending)\s+$")
_ARTICLE_BEFORE_ORDINAL = re.compile(rf"an?\s+(?=(?:first|second|third|fourth)[-\s](?:quarter|half)\b|{MONTH_RE}\s+\d)", re.IGNORECASE)
#: ``four hours Friday``: an amount of time and the day it fell on, two expressions.
_AMOUNT_THEN_DAY = re.compile(
    rf"((?:\S+\s+)?(?!the\b|that\b|this\b)\S+\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?))\s+((?:on\s+)?{WEEKDAY_RE}|today|yesterday|tomorrow)$",
    re.IGNORECASE,
)
#: ``the first nine months of 1997``: an amount of time and the year it is counted in, two expressions.
_MONTHS_OF = re.compile(
    r"((?:the\s+)?first\s+\w+\s+(?:months|weeks|days))\s+of\s+((?:the\s+)?(?:\d{4}|year|this year|last year))$", re.IGNORECASE
)
_RANGE = re.compile(
    r"^(?:between\s+|from\s+)?(\S+(?:\s+\S+)?)\s*(?:\band\b|\bto\b|\bthrough\b|-|–)\s*(\S+(?:\s+\S+)?)$",
    re.IGNORECASE,
)
#: What one end of a range can be: a year, a month (with its year), a day of a month, a weekday, today/tomorrow/yesterday.
_RANGE_END = re.compile(rf"\d{{4}}|{MONTH_RE}(?:\s+\d{{4}}|\s+\d{{1,2}})?|{WEEKDAY_RE}|today|tomorrow|yesterday")
_ANCHORED = re.compile(
    r"^(?:the\s+)?(?:a year (?:ago|earlier|before)|year[- ](?:earlier|ago)(?:\s+(?:period|quarter|level|results?))?|"
    r"the same (?:period|quarter) (?:a year (?:ago|earlier)|last year))$",
    re.IGNORECASE,
)


def _split_range(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``1994 and 1997``, ``June to August`` -> the two ends as separate expressions."""
    seg = text[start:end]
    m = _RANGE.match(seg)
    if not m:
        return [(start, end)]
    left, right = m.group(1), m.group(2)

    def ok(x: str) -> bool:
        return bool(_RANGE_END.fullmatch(x.lower()))

    if not (ok(left) and ok(right)):
        return [(start, end)]
    a = start + m.start(1)
    b = start + m.start(2)
    return [(a, a + len(left)), (b, b + len(right))]


def _candidate_spans(doc: Doc, text: str) -> list[tuple[int, int, str, int, str]]:
    """(start, end, label, root token index, text to normalise) of DATE/TIME expressions in ``text`` (the text of ``doc``):
    spaCy's entities plus rule matches. The text to normalise is the expression's own, except for the period of
    ``the quarter ended Sept. 30``, which is valued with its end date (and the end date is an expression of its own).
    """
    raw: list[tuple[int, int, str, int, str]] = []
    ents = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    merged: list[list[Any]] = []
    for ent in ents:
        # a DATE directly followed by a TIME ("Friday" + "night") is one expression
        if (
            merged
            and text[merged[-1][1] : ent.start_char].strip() == ""
            and ent.start_char - merged[-1][1] <= 1
            and (merged[-1][2] != ent.label_)
        ):
            merged[-1][1] = ent.end_char
            continue
        merged.append([ent.start_char, ent.end_char, ent.label_, ent.root.i])
    for start, end, label, root in merged:
        m = _TRIM_LEAD.match(text[start:end])
        if m and m.end() < end - start:
            start += m.end()
        while end > start and (text[end - 1] in ",.;:" or text[end - 1].isspace()):
            end -= 1
        lead = _IN_THE.search(text, max(0, start - 12), start) if text[start:end].lower().startswith("the ") else None
        if lead:
            start = lead.start()  # "later in" + "the day": one expression, anchored, not the duration "the day"
        seg = text[start:end]
        if seg.endswith("'s") or seg.endswith("’s"):
            end -= 2
        if end <= start or not_a_date(doc, text[start:end], root):
            continue
        article = _ARTICLE_BEFORE_ORDINAL.match(text, start, end)
        if article:
            start = article.end()  # "a fourth-quarter charge", "an Aug. 10 agreement": the article is the noun's, not the date's
        amount = _AMOUNT_THEN_DAY.match(text, start, end)
        if amount:
            raw.append((start, amount.end(1), label, root, text[start : amount.end(1)]))
            raw.append((amount.start(2), end, label, root, text[amount.start(2) : end]))
            continue
        ended = _PERIOD_ENDED.match(text, start, end) or _MONTHS_OF.match(text, start, end)
        if ended:
            raw.append((start, ended.end(1), label, root, text[start:end]))
            tail = text[ended.start(2) : end]
            # "of the year": a definite year, the one of the reference, not the duration "the year"
            raw.append((ended.start(2), end, label, root, "this year" if tail.lower() == "the year" else tail))
            continue
        if habitual_day(doc, text[start:end], root):
            raw.append((start, end, label, root, "every " + text[start:end]))  # "end Saturday publication": a set
            continue
        for s, e in _split_range(text, start, end):
            raw.append((s, e, label, root, text[s:e]))
    holidays = [(m.start(), m.end()) for m in _HOLIDAY.finditer(text)] if any(w in text for w in _HOLIDAY_CUES) else []
    for hs, he in holidays:
        # a holiday replaces the parts of it spaCy found ("Friday" of "Good Friday")
        raw = [c for c in raw if not (hs <= c[0] and c[1] <= he)]
    named = []
    for m in _NAMED_DAY.finditer(text):
        early = _EARLY_LATE_BEFORE.search(text, max(0, m.start() - 7), m.start())
        named.append((early.start() if early else m.start(), m.end()))  # "Late Monday"
    taken = [(s, e) for s, e, _, _, _ in raw]
    for s, e in (*holidays, *((m.start(), m.end()) for m in _EXTRA_WORDS.finditer(text)), *named):
        if any(a < e and s < b for a, b in taken):
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        habitual = span is not None and habitual_day(doc, text[s:e], span.root.i)
        raw.append((s, e, "DATE", span.root.i if span is not None else 0, ("every " if habitual else "") + text[s:e]))
        taken.append((s, e))
    raw.sort()
    return raw


#: Verbs of planning: a weekday or month they govern lies ahead ("scheduled a vote Thursday") ...
_SCHEDULING = frozenset({"plan", "schedule", "due", "postpone", "delay", "adjourn"})
#: ... and so does one governed by their infinitive, or by the infinitive of these ("is set to resume Monday").
_INTENDING = frozenset({"set", "expect", "intend", "prepare"})
#: Modals of prediction and obligation: with a bare infinitive (not "should have gone") they look ahead.
_DEADLINE = frozenset({"by", "until", "till"})
_PREDICTIVE = frozenset({"should", "must", "may", "might"})


def _tense(doc: Doc, i: int) -> int:
    """-1 past, 1 future, 0 unknown: from the verb that governs token ``i``.

    In a clause that is not past, a deadline (``by Thursday``, ``until Friday``) lies ahead.
    """
    tense = _verb_tense(doc, i)
    if tense == 0 and doc[i].head.lower_ in _DEADLINE and doc[i].dep_ == "pobj":
        return 1
    return tense


def _verb_tense(doc: Doc, i: int) -> int:
    token = doc[i]
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    words = [c for c in token.children if c.dep_ in ("aux", "auxpass")] + [token]
    for w in words:
        low = w.lower_
        if low in ("will", "'ll", "shall", "wo") or (w.tag_ == "MD" and low in ("will", "shall")):
            return 1
    infinitive = token.tag_ == "VB" and any(w.lower_ == "to" for w in words)
    if token.lemma_ in _SCHEDULING or (infinitive and token.head.lemma_ in _SCHEDULING | _INTENDING):
        return 1  # what is planned lies ahead: "scheduled a news conference Thursday", "planned to leave on Thursday"
    if any(w.tag_ == "MD" and w.lower_ == "would" for w in words):
        return 1  # the future of a reported past: "said it would meet Friday"
    if token.tag_ == "VB" and any(w.tag_ == "MD" and w.lower_ in _PREDICTIVE for w in words) and not any(w.lemma_ == "have" for w in words):
        return 1  # a prediction or an obligation with a bare infinitive looks ahead: "the winds should ease by Thursday"
    if token.tag_ == "VBD" or any(w.tag_ == "VBD" for w in words):
        return -1
    if token.tag_ == "VBN" and any(w.lemma_ == "have" for w in words):
        return -1
    if token.tag_ == "VBN" and len(words) == 1 and token.dep_ in ("acl", "advcl") and token.lemma_ not in _INTENDING:
        return -1  # a participle clause tells what was done: "his last physical, conducted in February"
    if token.tag_ in ("VBG", "VB") and any(w.lemma_ == "be" and w.tag_ in ("VBZ", "VBP") for w in words):
        return 1  # "is meeting on Friday", "is to meet"
    if token.tag_ == "VB" and any(w.lower_ == "to" for w in words):
        # an infinitive under a present or future verb looks ahead: "is set to resume Monday", "plans to leave Friday"
        head = token.head
        around = [c for c in head.children if c.dep_ in ("aux", "auxpass")] + [head]
        if head is not token and any(w.tag_ in ("VBZ", "VBP") or w.lower_ in ("will", "'ll", "shall") for w in around):
            return 1
    return 0


def _anchor_shift(prev: str | None, t: str) -> str | None:
    """``a year earlier`` after a quarter/month/day: the same period one year back."""
    if prev is None:
        return None
    m = re.fullmatch(r"(\d{4})(-.*)?", prev)
    if not m:
        return None
    return f"{int(m.group(1)) - 1}{m.group(2) or ''}"


def extract_date_values(doc: Doc, index: SentenceIndex, *, text: str, reference: _dt.date | None) -> list[tuple[DateMention, DateValue]]:
    """The mentions of :func:`extract_dates`, each with its full :class:`DateValue` (the TimeML value too).

    The tense of the verb that governs each expression goes to the normaliser. Each
    relative expression is resolved against its anchor (:mod:`.anchors`): the story's
    last date for ``four years later``, the day of the quote for ``today`` inside a
    quote, else the publication date ``reference``.
    """
    found: list[tuple[int, int, str, int, Sentence, DateValue, Anchor]] = []
    anchor: str | None = None
    story = Narrative(reference)
    for start, end, label, root, phrase in _candidate_spans(doc, text):
        sent = index.covering(start, end)
        if sent is None:
            continue
        seg = text[start:end]
        tense = _tense(doc, root)
        where = story.anchor_for(seg, section=sent.section)
        dv = normalise_date(phrase, reference=where.date, label=label, tense=tense)
        if _ANCHORED.match(seg.strip()) and anchor and re.fullmatch(r"\d{4}-(?:Q\d|H\d|\d{2}|\d{2}-\d{2})", anchor):
            shifted = _anchor_shift(anchor, seg)
            if shifted:
                iso = iso_of(shifted)
                dv = DateValue(iso if reference else None, "relative", iso if reference else None, shifted)
                where = Anchor("narrative", None, anchor)
        elif (
            dv.timeml
            and re.fullmatch(r"\d{4}(?:-(?:Q\d|H\d|\d{2}(?:-\d{2})?))?", dv.timeml)
            and not _ANCHORED.match(seg.strip())
            and not _ENDED_BEFORE.search(text, max(0, start - 20), start)
        ):
            anchor = dv.timeml  # (the end date of "the quarter ended Sept. 30" leaves the quarter as the period compared)
        if dv.value is None and dv.timeml is None and no_date_word(seg):
            continue  # a name or a title spaCy read as a date ("Holliday")
        if YEAR_TITLE.search(text, max(0, start - 30), end):
            continue  # a title: the film "1917"
        story.saw(dv.timeml)
        found.append((start, end, label, tense, sent, dv, where))
    found = _quote_time(text, index, found)
    if reference is not None:
        found = _story_year(doc, text, found, reference)
    out: list[tuple[DateMention, DateValue]] = []
    for start, end, _, _, sent, dv, where in found:
        relative = dv.kind == "relative" and dv.value is not None
        mention = DateMention(
            text=text[start:end],
            start=start,
            end=end,
            sentence_id=sent.id,
            value=dv.value,
            kind=dv.kind,
            resolved=dv.resolved,
            anchor=where.kind if relative else None,
            anchor_value=where.value if relative else None,
        )
        out.append((mention, dv))
    return out


def _quote_time(
    text: str, index: SentenceIndex, found: list[tuple[int, int, str, int, Sentence, DateValue, Anchor]]
) -> list[tuple[int, int, str, int, Sentence, DateValue, Anchor]]:
    """``today`` inside a quote, re-resolved against the day the quote was given when its sentence names one outside the quote."""
    from ..facts.quotes import quote_spans

    quotes = quote_spans(text)
    if not quotes:
        return found

    def quote_of(pos: int) -> tuple[int, int] | None:
        return next((q for q in quotes if q[0] <= pos < q[1]), None)

    out = list(found)
    for k, (start, end, label, tense, sent, _dv, _where) in enumerate(found):
        q = quote_of(start)
        if q is None or not is_deictic(text[start:end]):
            continue
        first, last = index.at(q[0]) or sent, index.at(max(q[1] - 1, q[0])) or sent
        lo, hi = min(first.start, sent.start), max(last.end, sent.end)
        said = [
            (other_dv.timeml, other_start)
            for other_start, _, _, _, _, other_dv, _ in found
            if lo <= other_start < hi and quote_of(other_start) is None and (anchor_date(other_dv.timeml) or (None, 0))[1] == 3
        ]
        if not said:
            continue
        value = min(said, key=lambda x: abs(x[1] - start))[0]
        day = anchor_date(value)
        assert day is not None and value is not None
        new = normalise_date(text[start:end], reference=day[0], label=label, tense=tense)
        out[k] = (start, end, label, tense, sent, new, Anchor("quote", day[0], value.split("T", 1)[0]))
    return out


def _governor(doc: Doc, start: int, end: int) -> tuple[int, bool]:
    """The verb that governs the expression at ``start:end`` (its token index) and whether the expression
    is a time adjunct of it (not a modifier of a noun: ``the 1987 level``, ``the August 1988 cease-fire``)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return -1, False
    root = span.root
    adjunct = root.dep_ not in ("compound", "nmod", "amod", "nummod", "poss")
    token = root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    return token.i, adjunct


def _story_year(
    doc: Doc, text: str, found: list[tuple[int, int, str, int, Sentence, DateValue, Anchor]], reference: _dt.date
) -> list[tuple[int, int, str, int, Sentence, DateValue, Anchor]]:
    """A month-day without a year in a past clause takes the earlier year its story has moved to (narrative anchor):
    one named as a time of the same verb in its sentence, or as a time adjunct before it in its paragraph."""
    years, dated = [], []
    for start, end, _, _, _, dv, _ in found:
        if dv.timeml and re.match(r"\d{4}", dv.timeml):
            dated.append((start, int(dv.timeml[:4])))
        if dv.kind == "point" and dv.timeml and re.match(r"\d{4}(?:$|-\d)", dv.timeml) and dv.timeml[:4] in text[start:end]:
            verb, adjunct = _governor(doc, start, end)
            if adjunct:
                years.append((start, int(dv.timeml[:4]), verb))
    if not years:
        return found
    out = list(found)
    for k, (start, end, label, tense, sent, dv, _where) in enumerate(found):
        if dv.kind != "relative" or not dv.timeml or tense > 0 or not is_month_day(text[start:end]):
            continue
        verb = _governor(doc, start, end)[0]
        own = [(pos, y) for pos, y, v in years if v == verb or not sent.start <= pos < sent.end]
        year = moved_year(
            own, dated, at=start, sentence=(sent.start, sent.end), paragraph=text.rfind("\n", 0, start) + 1, publication=reference.year
        )
        if year is None or dv.timeml.startswith(str(year)):
            continue
        value = f"{year}{dv.timeml[4:]}"
        if anchor_date(value) is None:
            continue  # no such day that year (29 February)
        out[k] = (start, end, label, tense, sent, DateValue(value, "relative", value, value), Anchor("narrative", None, str(year)))
    return out


def extract_dates(doc: Doc, index: SentenceIndex, *, text: str, reference: _dt.date | None = None) -> tuple[DateMention, ...]:
    """DATE/TIME expressions inside the prose sentences of ``index``, each with its normalised value.

    ``doc`` is the parse of ``text``. ``reference`` (the publication date) resolves
    relative expressions; without it they keep ``value=None``. Expressions outside
    sentences (headings) are dropped.
    """
    return tuple(m for m, _ in extract_date_values(doc, index, text=text, reference=reference))
