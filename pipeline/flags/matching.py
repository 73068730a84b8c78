"""Matching the lexicons and the numeric rules against a whole ``Doc``.

Plain entries are matched with spaCy's ``PhraseMatcher`` on the lower-case form,
and on the lemma when the entry's first word is already a lemma (``suggest``
matches "suggested", ``remain to be seen`` matches "remained to be seen").
Entries with pattern syntax (``a|b``, ``x?``, ``ADV*``, optionally named ``name:
pattern``) are token patterns on lemmas and tags, matched as spaCy's ``Matcher``
would but indexed by their first token (:class:`_TokenPatterns`). The matchers are
built once, by :func:`build_matchers`, for one spaCy pipeline and one set of
lexicons; the lemmas of the entries are kept on disk between processes
(:func:`_entry_lemmas`).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .lexicons import _NAMED_PATTERN, Lexicon

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

__all__ = ["CACHE_ENV", "Matchers", "build_matchers"]

_TOKEN_POS = frozenset({"ADV", "ADJ", "DET", "NOUN", "VERB", "NUM", "PROPN", "PRON", "ADP", "AUX", "PART"})
_PATTERN_CHARS = re.compile(r"[|?*]|\b[A-Z]{2,}\b")
#: Intensifiers that boost a figure ("significantly more than 50").
_NUM_INTENSIFIERS = [
    "significantly",
    "substantially",
    "considerably",
    "far",
    "well",
    "way",
    "vastly",
    "much",
    "dramatically",
    "sharply",
    "markedly",
    "easily",
    "massively",
    "hugely",
]
_NUM_COMPARATIVES = [
    "more",
    "less",
    "fewer",
    "higher",
    "lower",
    "greater",
    "larger",
    "bigger",
    "over",
    "above",
    "under",
    "below",
    "beyond",
    "exceeding",
    "in",
]
_NUM_ADJECTIVES = [
    "whopping",
    "staggering",
    "stunning",
    "astonishing",
    "astounding",
    "massive",
    "huge",
    "record",
    "mind-boggling",
    "eye-watering",
    "jaw-dropping",
    "incredible",
    "remarkable",
    "colossal",
]


@dataclass(frozen=True, slots=True)
class Matchers:
    """The matchers of one set of lexicons, built for one spaCy pipeline's vocab."""

    lower: Any  # PhraseMatcher (LOWER) of the plain entries
    lemma: Any  # PhraseMatcher (LEMMA) of the plain entries that start with a lemma
    patterns: Any  # _TokenPatterns of the pattern entries
    rules: Any  # _TokenPatterns of the numeric rules
    labels: dict[int, tuple[str, str, str]]  # match id -> (lexicon, category, entry)
    pos: dict[str, frozenset[str]]  # lexicon -> POS a single-word match must carry
    adjectives: frozenset[int]  # match ids of adjective entries (an inflected match must stay ADJ)
    terms: Any  # PhraseMatcher (LOWER) of the fixed terms in which cues are not raised


def _is_pattern(entry: str) -> bool:
    return bool(_PATTERN_CHARS.search(entry))


def _pattern_tokens(entry: str) -> list[dict[str, Any]]:
    """``a|b ADV* x?`` -> token patterns (spaCy Matcher syntax) on lemmas and tags."""
    out: list[dict[str, Any]] = []
    for word in entry.split():
        op = None
        if word.endswith(("*", "?", "+")) and len(word) > 1:
            word, op = word[:-1], word[-1]
        if word in _TOKEN_POS:
            tok: dict[str, Any] = {"POS": word}
        else:
            alts = [a.lower() for a in word.split("|") if a]
            tok = {"LEMMA": {"IN": sorted(set(alts) | {a.capitalize() for a in alts})}}
        if op:
            tok["OP"] = op
        out.append(tok)
    return out


class _TokenPatterns:
    """Token patterns matched like spaCy's Matcher (every match of every length) for the
    few attributes the lexicon patterns (``a|b ADV* x?``) and the numeric rules use:
    ``LEMMA``/``LOWER`` (a value or an ``IN`` set), ``POS``, ``LIKE_NUM``,
    ``IS_CURRENCY``, with the operators ``?``, ``*`` and ``+``. Patterns are indexed
    by their first token's value, so only the tokens where some pattern can start are
    tried; spaCy's Matcher evaluates every ``IN`` predicate at every token, which made
    these patterns cost 4 % of the parse. The token attributes are read as spaCy's
    ids with one ``Doc.to_array`` call (no ``Token`` objects), and the pattern values
    are turned into the same ids when they are added."""

    _ATTRS = ("LEMMA", "LOWER", "POS", "LIKE_NUM", "IS_CURRENCY")
    _KEYED = ("LEMMA", "LOWER", "POS")

    def __init__(self) -> None:
        self.patterns: list[tuple[int, tuple[tuple[str, Any, str | None], ...]]] = []
        self.index: dict[tuple[str, int], list[int]] = {}
        self.anywhere: list[int] = []
        self.used: tuple[str, ...] = ()
        self._starts: dict[str, Any] | None = None

    @classmethod
    def _spec(cls, token: dict[str, Any]) -> tuple[str, Any, str | None]:
        from spacy.strings import get_string_id

        (attr,) = [k for k in token if k != "OP"]
        if attr not in cls._ATTRS:
            raise ValueError(f"unsupported pattern attribute {attr}")  # pragma: no cover - our own patterns
        value = token[attr]
        if attr in cls._KEYED:
            values = value["IN"] if isinstance(value, dict) else [value]
            value = frozenset(get_string_id(v) for v in values)  # the ids Doc.to_array gives
        else:
            value = int(bool(value))
        return attr, value, token.get("OP")

    def add(self, mid: int, tokens: list[dict[str, Any]]) -> None:
        specs = tuple(self._spec(t) for t in tokens)
        n = len(self.patterns)
        self.patterns.append((mid, specs))
        self.used = tuple(a for a in self._ATTRS if a in self.used or any(a == spec[0] for spec in specs))
        self._starts = None
        attr, value, op = specs[0]
        if op in ("?", "*") or not isinstance(value, frozenset):
            self.anywhere.append(n)
        else:
            for v in value:
                self.index.setdefault((attr, v), []).append(n)

    def _keys(self) -> dict[str, Any]:
        """Per attribute, the sorted array of ids some pattern starts with (made once)."""
        if self._starts is None:
            import numpy

            by_attr: dict[str, list[int]] = {}
            for attr, v in self.index:
                by_attr.setdefault(attr, []).append(v)
            self._starts = {attr: numpy.unique(numpy.array(vs, dtype=numpy.uint64)) for attr, vs in by_attr.items()}
        return self._starts

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        n = len(doc)
        if not self.patterns or not n:
            return []
        import numpy
        import spacy.attrs

        table = doc.to_array([getattr(spacy.attrs, a) for a in self.used]).reshape(n, len(self.used))
        columns = {attr: table[:, j].tolist() for j, attr in enumerate(self.used)}

        def fits(spec: tuple[str, Any, str | None], i: int) -> bool:
            if i >= n:
                return False
            attr, value, _op = spec
            got = columns[attr][i]
            return got in value if isinstance(value, frozenset) else got == value

        def ends(specs: tuple[Any, ...], k: int, i: int) -> Iterable[int]:
            if k == len(specs):
                yield i
                return
            spec = specs[k]
            if spec[2] in ("?", "*"):
                yield from ends(specs, k + 1, i)
            j = i
            while fits(spec, j):
                j += 1
                yield from ends(specs, k + 1, j)
                if spec[2] in (None, "?"):
                    break

        # where a pattern can start: the positions whose value some pattern begins with
        starts: dict[int, list[int]] = {}
        for j, attr in enumerate(self.used):
            keys = self._keys().get(attr)
            if keys is None:
                continue
            col = columns[attr]
            # as numpy.isin, with the keys sorted once (isin sorts them and the column every call)
            at = keys.searchsorted(table[:, j]) % len(keys)
            for i in numpy.flatnonzero(keys[at] == table[:, j]).tolist():
                starts.setdefault(i, []).extend(self.index[(attr, col[i])])
        found: set[tuple[int, int, int]] = set()
        for i in range(n) if self.anywhere else sorted(starts):
            for k in starts.get(i, []) + self.anywhere:
                mid, specs = self.patterns[k]
                for e in ends(specs, 0, i):
                    if e > i:
                        found.add((mid, i, e))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))


#: Where lemmatised lexicon entries are kept between runs (see :func:`_entry_lemmas`).
CACHE_ENV = "PIPELINE_CACHE_DIR"


def _lemma_cache_path(nlp: Language) -> Path:
    """``$PIPELINE_CACHE_DIR`` (default ``$XDG_CACHE_HOME/pipeline``, ``~/.cache/pipeline``)
    / one JSON file per model, model version, spaCy version and set of components."""
    import hashlib
    import os

    import spacy.about

    from ..nlp import model_info

    base = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "pipeline"
    )
    name, version = model_info(nlp)
    pipes = hashlib.sha256(" ".join(nlp.pipe_names).encode("utf-8")).hexdigest()[:8]
    return Path(base) / f"lemmas-{name}-{version}-spacy{spacy.about.__version__}-{pipes}.json"


def _entry_lemmas(nlp: Language, entries: Sequence[str]) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """The lemmas of each entry, and the entries that are one adjective on their own.

    Tagging ~1,500 entries costs about 0.7 s of CPU in every new process (each
    worker of a batch run), so the results are kept on disk, per model
    (:func:`_lemma_cache_path`); a missing, unreadable or unwritable cache only
    means the entries are tagged again.
    """
    lemmas: dict[str, tuple[str, ...]] = {}
    adjectives: set[str] = set()
    if not entries:
        return lemmas, frozenset(adjectives)
    path = _lemma_cache_path(nlp)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(stored, dict):
            stored = {}
    except (OSError, ValueError):
        stored = {}
    missing = []
    for e in entries:
        hit = stored.get(e)
        if isinstance(hit, list) and len(hit) == 2 and isinstance(hit[0], list):
            lemmas[e] = tuple(str(w) for w in hit[0])
            if hit[1]:
                adjectives.add(e)
        else:
            missing.append(e)
    if missing:
        disable = [p for p in nlp.pipe_names if p in ("parser", "ner")]
        for e, d in zip(missing, nlp.pipe(missing, disable=disable, batch_size=256)):
            lemmas[e] = tuple(t.lemma_.lower() for t in d)
            adjective = len(d) == 1 and d[0].pos_ == "ADJ"
            if adjective:
                adjectives.add(e)
            stored[e] = [list(lemmas[e]), adjective]
        try:
            from ..io.files import atomic_write_text

            atomic_write_text(path, json.dumps(stored, ensure_ascii=False, sort_keys=True))
        except OSError as exc:
            log.debug("lemma cache not written: %s", exc)
    return lemmas, frozenset(adjectives)


def _numeric_rules() -> list[list[dict[str, Any]]]:
    number = {"LIKE_NUM": True}
    money = {"IS_CURRENCY": True, "OP": "?"}
    return [
        [
            {"LOWER": {"IN": _NUM_INTENSIFIERS}},
            {"LOWER": {"IN": _NUM_COMPARATIVES}},
            {"LOWER": {"IN": ["than", "of", "excess"]}, "OP": "*"},
            money,
            number,
        ],
        [{"LOWER": {"IN": ["a", "an"]}}, {"LOWER": {"IN": _NUM_ADJECTIVES}}, money, number],
        [{"LOWER": {"IN": ["no"]}}, {"LOWER": {"IN": ["fewer", "less"]}}, {"LOWER": "than"}, money, number],
        [{"LOWER": "as"}, {"LOWER": {"IN": ["many", "much", "high", "long"]}}, {"LOWER": "as"}, money, number],
        [{"LOWER": {"IN": ["fully", "nearly", "almost"]}}, {"LOWER": {"IN": ["doubled", "tripled", "quadrupled", "tenfold"]}}],
    ]


def build_matchers(nlp: Language, lexicons: Sequence[Lexicon], terms: Sequence[str]) -> Matchers:
    """The matchers of ``lexicons``, the numeric rules and the fixed ``terms``, on ``nlp``'s vocab.

    ``nlp`` tokenises the entries and lemmatises the plain ones (see :func:`_entry_lemmas`).
    """
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    vocab = nlp.vocab
    lower = PhraseMatcher(vocab, attr="LOWER")
    lemma = PhraseMatcher(vocab, attr="LEMMA")
    patterns = _TokenPatterns()
    rules = _TokenPatterns()
    labels: dict[int, tuple[str, str, str]] = {}
    adjectives: set[int] = set()
    plain = [e for lex in lexicons for e in lex.entries if not _is_pattern(e)]
    lemmas, adjective_entries = _entry_lemmas(nlp, sorted(set(plain)))
    tokenizer = nlp.tokenizer
    for lex in lexicons:
        for entry in lex.entries:
            label = f"{lex.name}:{entry}"
            mid = vocab.strings.add(label)
            labels[mid] = (lex.name, lex.category, entry)
            if _is_pattern(entry):
                named = _NAMED_PATTERN.match(entry)
                if named:
                    label = f"{lex.name}:{named.group(1)}"
                    mid = vocab.strings.add(label)
                    labels[mid] = (lex.name, lex.category, named.group(1))
                patterns.add(mid, _pattern_tokens(named.group(2) if named else entry))
                continue
            pattern_doc = tokenizer(entry.lower())
            lower.add(label, [pattern_doc])
            lem = lemmas.get(entry, ())
            if lem and lem[0] == pattern_doc[0].lower_ and len(lem) == len(pattern_doc):
                # The entry starts with a lemma: match inflected forms too.
                lemma_doc = Doc(vocab, words=list(lem))
                for tok, w in zip(lemma_doc, lem):
                    tok.lemma_ = w
                lemma.add(label, [lemma_doc])
                if entry in adjective_entries:
                    adjectives.add(mid)
    numeric = vocab.strings.add("rule:numeric_intensifier")
    for rule in _numeric_rules():
        rules.add(numeric, rule)
    term_matcher = PhraseMatcher(vocab, attr="LOWER")
    for term in terms:
        term_matcher.add("term", [tokenizer(term)])
    return Matchers(
        lower,
        lemma,
        patterns,
        rules,
        labels,
        {lex.name: frozenset(lex.pos) for lex in lexicons if lex.pos},
        frozenset(adjectives),
        term_matcher,
    )
