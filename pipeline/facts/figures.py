"""Figures: money, percentages, quantities and counted nouns, with the amount as a number.

See :func:`extract_figures` and :func:`parse_amount`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..models import Figure
from ..numbers import NUMBER_WORDS
from ..sentences import SentenceIndex

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["QUALIFIERS", "ABSTRACT_NOUNS", "extract_figures", "parse_amount", "format_amount"]

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
    "inr": "INR",
    "cny": "CNY",
    "rmb": "CNY",
    "chf": "CHF",
    "rub": "RUB",
    "krw": "KRW",
    "cad": "CAD",
    "aud": "AUD",
    "hkd": "HKD",
    "zar": "ZAR",
    "brl": "BRL",
    "real": "BRL",
    "mxn": "MXN",
    "sgd": "SGD",
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
_NUMBER_WORDS: dict[str, float] = {**NUMBER_WORDS, "a": 1, "an": 1, "half": 0.5}
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
    "as low as",
    "as high as",
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


#: Two numbers joined as a range: "40 to 80", "between 5 and 6", "3-4", "$5m–$6m".
_RANGE_RE = re.compile(r"\d(?:[\d,.]*\d)?\s*[a-z%]*\s*(?:to|and|-|–|—)\s*[^\s\d]{0,3}\s*\d", re.IGNORECASE)


def parse_amount(text: str, label: str = "MONEY") -> tuple[float | None, str | None, str | None]:
    """(amount, unit, qualifier) of a figure's text; parts that cannot be read are None.

    A range (``40 to 80 percent``) has no single amount: None, with its unit. Currency
    words name money only outside a QUANTITY (``243 pounds`` is a weight; ``£243`` and
    a MONEY ``2 million pounds`` are GBP).
    """
    t = text.strip()
    qualifier = None
    m = _QUALIFIER_RE.match(t)
    if m:
        qualifier = m.group(1).lower()
        t = t[m.end() :]
    low = t.lower()
    unit: str | None = None
    digit = re.search(r"\d", low)
    lead = low[: digit.start()].rstrip() if digit else low
    for sym in sorted(_CURRENCY_SYMBOLS, key=len, reverse=True):
        if lead.endswith(sym) and (not sym.isalpha() or lead == sym) or low.endswith(sym) and not sym.isalpha():
            unit = _CURRENCY_SYMBOLS[sym]
            low = low.replace(sym, " ", 1)
            break
    words = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+|%", low)
    # a measure, not money: "243 pounds" (a weight) is a QUANTITY; money says so by its label or a symbol
    if unit is None and label != "QUANTITY":
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
            if number is not None:
                break  # a second number ("between 5 million and 6 million"): its scale is its own
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
    if any(w in ("cent", "cents") for w in words) and unit == "USD" and not any(w in ("dollar", "dollars") for w in words):
        scale *= 0.01
    if _RANGE_RE.search(t):
        number = None  # "40 to 80 percent", "$5m-$6m": no single amount (the text keeps both ends)
    amount = None if number is None else round(number * scale, 6)
    if amount is not None and amount == int(amount):
        amount = float(int(amount))
    if unit is None and label == "QUANTITY":
        tail = [w for w in words if not re.fullmatch(r"\d[\d,]*(?:\.\d+)?", w) and w not in _SCALES and w not in _NUMBER_WORDS]
        unit = tail[-1] if tail else None
    return amount, unit, qualifier


#: Nouns too abstract to be counted things: "3 restrictions" is not a figure, "6,000 masks" is.
ABSTRACT_NOUNS: frozenset[str] = frozenset(
    """restriction reason way thing time step issue factor problem question point idea option change rule measure aspect
    lesson priority goal principle scenario area case example kind type sort level stage phase part round term side
    condition criterion element feature method approach category dimension pillar theme topic concern""".split()
)
_SYMBOL_BEFORE = frozenset("$€£¥₹₽₩")


def format_amount(amount: float | None, unit: str | None) -> str | None:
    """An amount of money or a percentage in full with digit grouping and its unit: ``210,000,000 USD``,
    ``3.5 %``; None without an amount or for other units (a counted thing reads well as written)."""
    if amount is None or not (unit == "%" or (unit and len(unit) == 3 and unit.isupper()) or unit is None):
        return None
    number = f"{int(amount):,}" if amount == int(amount) else f"{amount:,.6f}".rstrip("0").rstrip(".")
    return f"{number} {unit}" if unit else number


def _counted_noun(doc: Doc, i: int) -> Token | None:
    """The plural noun a number counts, at token ``i`` or after up to two modifiers (``6,000 surgical masks``)."""
    for k in range(i, min(i + 3, len(doc))):
        t = doc[k]
        if t.tag_ in ("NNS", "NNPS"):
            return t
        if not (t.pos_ == "ADJ" or (t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("compound", "amod"))):
            return None
    return None


def extract_figures(doc: Doc, index: SentenceIndex, *, text: str) -> tuple[Figure, ...]:
    """Money, percentages, quantities and counted nouns inside the prose sentences of ``index``, in text order.

    ``doc`` is the parse of ``text``.
    """
    out: list[Figure] = []
    for ent in doc.ents:
        label = ent.label_
        start, end = ent.start_char, ent.end_char
        unit_override = None
        if label == "CARDINAL":
            # a counted thing: "1,000 students", "6,000 surgical masks" (not years, list numbers or abstract nouns)
            nxt = _counted_noun(doc, ent.end) if ent.end < len(doc) else None
            if nxt is None or not any(c.isdigit() for c in ent.text) or nxt.lemma_.lower() in ABSTRACT_NOUNS:
                continue
            end = nxt.idx + len(nxt.text)
            unit_override = nxt.lemma_.lower()
        elif label not in ("MONEY", "PERCENT", "QUANTITY"):
            continue
        elif start > 0 and text[start - 1] in _SYMBOL_BEFORE:
            start -= 1  # the model left the currency symbol out ("¥" + "5 billion")
        rate = _RATE_RE.match(text, end)
        if rate and "\n" not in rate.group(0):
            end = rate.end()
        sent = index.covering(start, end)
        if sent is None:
            continue
        amount, unit, qualifier = parse_amount(text[start : ent.end_char], "QUANTITY" if label == "CARDINAL" else label)
        if unit_override:
            unit = unit_override
        out.append(Figure(text[start:end], start, end, sent.id, amount, unit, qualifier))
    return tuple(out)
