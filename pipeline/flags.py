"""Hedge and opinion flags: which sentences report, and which judge, speculate or
lean on unnamed authority, with the cue that says why.

Every flag has one category (``hedge``, ``booster``, ``opinion``, ``weasel``,
``rhetorical``), the exact cue text, its character offsets into ``Article.text``
(== ``Doc`` offsets), the rule that raised it (``<lexicon>:<entry>`` or
``rule:<id>``), whether it sits inside a direct quote, and its weight in the
sentence score.

Cues come from the lexicons in ``pipeline/lexicons/*.txt`` (one entry a line; the
file name before the first ``_`` is the category: ``hedge_belief.txt`` holds
hedges). Plain entries are matched with spaCy's ``PhraseMatcher`` on the lower-case
form, and on the lemma when the entry's first word is already a lemma (``suggest``
matches "suggested", ``remain to be seen`` matches "remained to be seen").
Entries with pattern syntax (``a|b``, ``x?``, ``ADV*``, optionally named
``name: pattern``) are token patterns on lemmas and tags, matched as spaCy's
``Matcher`` would but indexed by their first token (:class:`_TokenPatterns`; the
Matcher tests every set-valued token predicate at every token). A ``# pos: ADJ`` header line
restricts a file's single-word entries to that part of speech.
Users add or drop entries with ``[flags.add]`` / ``[flags.remove]`` in the config.

Rules where words alone mislead (rule ids in brackets):

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

A flag inside a direct quote (straight or curly double quotes, or a ``Quote``
passed in) has ``quoted=True``: it is the speaker's language, not the author's.

Sentence decision rule (documented in README and in ``flag_weights.json``)::

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
import json
import logging
import math
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import FlagSettings
from .errors import PipelineError
from .facts.quotes import quote_spans
from .facts.speech import CONTEXT_VERBS, REPORTING_VERBS
from .models import FLAG_CATEGORIES, Attribution, Flag, Quote, Sentence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

__all__ = [
    "LEXICON_DIR",
    "WEIGHTS_FILE",
    "Lexicon",
    "load_lexicons",
    "load_weights",
    "flag_sentences",
    "flag_stats",
    "flag_texts",
]

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
WEIGHTS_FILE = LEXICON_DIR / "flag_weights.json"
#: Fixed terms in which a cue word names a thing instead of judging it ("critical
#: condition", "conspiracy to"): a cue inside one is not raised. Not a lexicon (no category).
TERMS_FILE = LEXICON_DIR / "_terms.txt"

#: When two cues overlap, the longer wins; on a tie, the earlier category here.
_PRIORITY = {c: i for i, c in enumerate(("weasel", "booster", "hedge", "opinion", "rhetorical"))}

_MODALS = frozenset({"may", "might", "could", "would", "should", "must", "ought"})
#: Verbs with which ``could`` reports a (past) ability, not a possibility.
_ABILITY_VERBS = frozenset(
    {"see", "hear", "smell", "taste", "feel", "afford", "remember", "recall", "manage", "swim", "read", "speak", "walk"}
)
#: Determiners before ``kind of`` / ``sort of`` that make them a noun phrase.
_DETERMINERS = frozenset(
    {
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "what",
        "some",
        "any",
        "every",
        "each",
        "one",
        "no",
        "same",
        "other",
        "another",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
    }
)
#: Entity labels whose words are names, not the author's wording.
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"})
#: Doubt words that become boosters when negated ("no doubt", "cannot be denied").
_DOUBT_WORDS = frozenset({"doubt", "doubtful", "question", "questionable", "deny", "dispute", "disputable", "deniable", "contest"})
#: The lemma spellings a doubt word can have (a capitalised word may keep its case as lemma).
_DOUBT_LEMMAS = tuple(v for w in sorted(_DOUBT_WORDS) for v in (w, w.capitalize(), w.upper()))
_NEGATORS = frozenset({"no", "not", "n't", "never", "little", "without", "beyond", "nobody", "none", "neither", "nor"})
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
#: Subjects that make a "reporting" verb the author's own voice ("we think", "this suggests").
_AUTHOR_SUBJECTS = frozenset({"i", "we", "you", "it", "this", "that", "these", "those", "one"})
#: Categories a source can own in reported speech (a weasel is the attribution itself;
#: direct address is always the author's).
_REPORTABLE = frozenset({"hedge", "booster", "opinion"})
_TOKEN_POS = frozenset({"ADV", "ADJ", "DET", "NOUN", "VERB", "NUM", "PROPN", "PRON", "ADP", "AUX", "PART"})


# --------------------------------------------------------------------------
# lexicons


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One lexicon file (or the entries a user added): a name, its category, its entries."""

    name: str
    category: str
    entries: tuple[str, ...]
    version: str = ""
    #: Universal POS tags a single-word match must carry (``# pos: ADJ`` in the file); empty: any.
    pos: tuple[str, ...] = ()


def _category_of(name: str) -> str:
    return name.split("_", 1)[0]


def _read_lexicon(path: Path) -> Lexicon:
    category = _category_of(path.stem)
    if category not in FLAG_CATEGORIES:
        raise PipelineError("E009", str(path), detail=f"file name must start with a category ({', '.join(FLAG_CATEGORIES)})")
    entries: list[str] = []
    version = ""
    pos: tuple[str, ...] = ()
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            m = re.match(r"#\s*version:\s*(\S+)", stripped)
            if m:
                version = m.group(1)
            m = re.match(r"#\s*pos:\s*(.+)", stripped)
            if m:
                pos = tuple(p.strip().upper() for p in m.group(1).split(",") if p.strip())
            continue
        if not stripped:
            continue
        entry = " ".join(stripped.split())
        if entry not in entries:
            entries.append(entry)
    return Lexicon(path.stem, category, tuple(entries), version, pos)


@lru_cache(maxsize=1)
def _shipped_lexicons() -> tuple[Lexicon, ...]:
    return tuple(_read_lexicon(p) for p in sorted(LEXICON_DIR.glob("*.txt")) if not p.name.startswith("_"))


@lru_cache(maxsize=1)
def _shipped_terms() -> tuple[str, ...]:
    """The entries of :data:`TERMS_FILE` (one term a line, ``#`` comments)."""
    lines = (line.strip() for line in TERMS_FILE.read_text(encoding="utf-8").splitlines())
    return tuple(dict.fromkeys(" ".join(line.split()).lower() for line in lines if line and not line.startswith("#")))


def _normalise_entries(entries: Iterable[str], key: str) -> tuple[str, ...]:
    out = []
    for e in entries:
        if not isinstance(e, str) or not e.strip():
            raise PipelineError("E009", None, detail=f"empty entry in {key}")
        out.append(" ".join(e.strip().split()))
    return tuple(out)


def _entry_name(entry: str) -> str:
    """The rule name of an entry: ``experts_say`` for a named pattern, else the entry."""
    named = _NAMED_PATTERN.match(entry)
    return named.group(1) if named else entry.lower()


def _check_category(category: str, key: str) -> None:
    if category not in FLAG_CATEGORIES:
        raise PipelineError("E009", None, detail=f"unknown flag category {category!r} in {key}; choose one of {', '.join(FLAG_CATEGORIES)}")


def load_lexicons(settings: FlagSettings | None = None) -> tuple[Lexicon, ...]:
    """The shipped lexicons with the user's ``add``/``remove`` entries applied.

    ``remove`` drops an entry from every lexicon of its category (compared
    case-insensitively; a named pattern by its name, e.g. ``experts_say``); ``add`` puts entries in a lexicon named after the
    category (``hedge``). Raises :class:`PipelineError` E009 for an unknown
    category or an empty entry.
    """
    settings = settings or FlagSettings()
    remove: dict[str, set[str]] = {}
    for category, entries in settings.remove.items():
        _check_category(category, "flags.remove")
        remove[category] = {e.lower() for e in _normalise_entries(entries, f"flags.remove.{category}")}
    added: dict[str, tuple[str, ...]] = {}
    for category, entries in settings.add.items():
        _check_category(category, "flags.add")
        added[category] = _normalise_entries(entries, f"flags.add.{category}")
    out: list[Lexicon] = []
    names = set()
    for lex in _shipped_lexicons():
        drop = remove.get(lex.category, set())
        entries = tuple(e for e in lex.entries if e.lower() not in drop and _entry_name(e) not in drop)
        extra = tuple(e for e in added.get(lex.category, ()) if lex.name == lex.category and e not in entries)
        out.append(Lexicon(lex.name, lex.category, entries + extra, lex.version, lex.pos))
        names.add(lex.name)
    for category, entries in added.items():
        if category not in names:
            out.append(Lexicon(category, category, entries, "user"))
    return tuple(out)


def _lexicon_key(settings: FlagSettings | None) -> tuple[Any, ...]:
    if settings is None:
        return ((), ())

    def freeze(m: Mapping[str, Sequence[str]]) -> tuple[Any, ...]:
        return tuple(sorted((k, tuple(v)) for k, v in m.items()))

    return (freeze(settings.add), freeze(settings.remove))


# --------------------------------------------------------------------------
# weights


@lru_cache(maxsize=4)
def load_weights(path: str | None = None) -> dict[str, Any]:
    """The shipped decision-rule weights (``flag_weights.json``).

    Returns ``{"bias": float, "weights": {feature: float}, ...}``. When the file
    is absent, a hand-set fallback (every cue +1, bias -0.5) is used.
    """
    p = Path(path) if path else WEIGHTS_FILE
    if not p.is_file():
        return {"bias": -0.5, "weights": {c: 1.0 for c in FLAG_CATEGORIES}, "source": "fallback"}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        float(data["bias"])
        dict(data["weights"])
    except (ValueError, KeyError, TypeError) as exc:
        raise PipelineError("E009", str(p), detail=f"bad weights file: {exc}") from None
    return data


def _weight(weights: Mapping[str, float], feature: str, category: str) -> float:
    if feature in weights:
        return float(weights[feature])
    base = feature.split("~", 1)[0]
    if base in weights:
        return float(weights[base])
    return float(weights.get(category, 0.0))


# --------------------------------------------------------------------------
# matchers (built once per vocab and lexicon settings)


@dataclass(slots=True)
class _Matchers:
    lower: Any
    lemma: Any
    patterns: Any
    rules: Any
    labels: dict[int, tuple[str, str, str]]  # match id -> (lexicon, category, entry)
    pos: dict[str, frozenset[str]]  # lexicon -> POS a single-word match must carry
    adjectives: frozenset[int]  # match ids of adjective entries (an inflected match must stay ADJ)
    terms: Any = None  # PhraseMatcher (LOWER) of the fixed terms in which cues are not raised


_LOCK = threading.Lock()
_MATCHERS: dict[tuple[Any, ...], _Matchers] = {}
_LEMMAS: dict[tuple[int, str], tuple[str, ...]] = {}
_ADJECTIVES: set[tuple[int, str]] = set()  # single-word entries tagged ADJ on their own
_PATTERN_CHARS = re.compile(r"[|?*]|\b[A-Z]{2,}\b")
#: ``name: pattern`` — a pattern entry with a rule name.
_NAMED_PATTERN = re.compile(r"^([a-z][a-z0-9_]*):\s+(.+)$")


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
        """Per attribute, the array of ids some pattern starts with (made once)."""
        if self._starts is None:
            import numpy

            by_attr: dict[str, list[int]] = {}
            for attr, v in self.index:
                by_attr.setdefault(attr, []).append(v)
            self._starts = {attr: numpy.array(vs, dtype=numpy.uint64) for attr, vs in by_attr.items()}
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
            for i in numpy.flatnonzero(numpy.isin(table[:, j], keys)).tolist():
                starts.setdefault(i, []).extend(self.index[(attr, col[i])])
        found: set[tuple[int, int, int]] = set()
        for i in range(n) if self.anywhere else sorted(starts):
            for k in starts.get(i, []) + self.anywhere:
                mid, specs = self.patterns[k]
                for e in ends(specs, 0, i):
                    if e > i:
                        found.add((mid, i, e))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))


def _find_nlp(vocab: Any) -> Language | None:
    from . import nlp as nlp_module

    for candidate in list(getattr(nlp_module, "_CACHE", {}).values()):
        if candidate.vocab is vocab:
            return candidate
    return None


#: Where lemmatised lexicon entries are kept between runs (see :func:`_entry_lemmas`).
CACHE_ENV = "PIPELINE_CACHE_DIR"


def _lemma_cache_path(nlp: Language) -> Path:
    """``$PIPELINE_CACHE_DIR`` (default ``$XDG_CACHE_HOME/pipeline``, ``~/.cache/pipeline``)
    / one JSON file per model, model version, spaCy version and set of components."""
    import hashlib
    import os

    import spacy

    from .nlp import model_info

    base = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "pipeline"
    )
    name, version = model_info(nlp)
    pipes = hashlib.sha256(" ".join(nlp.pipe_names).encode("utf-8")).hexdigest()[:8]
    return Path(base) / f"lemmas-{name}-{version}-spacy{spacy.__version__}-{pipes}.json"


def _entry_lemmas(nlp: Language | None, entries: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Lemmas of each entry (parsed once per vocab and cached).

    Tagging ~1,500 entries costs about 0.7 s of CPU in every new process (each
    worker of a batch run), so the results are also kept on disk, per model
    (:func:`_lemma_cache_path`); a missing, unreadable or unwritable cache only
    means the entries are tagged again.
    """
    vid = id(nlp.vocab) if nlp is not None else 0
    todo = [e for e in entries if (vid, e) not in _LEMMAS]
    if todo and nlp is None:
        for e in todo:
            _LEMMAS[(vid, e)] = ()
    elif todo:
        assert nlp is not None
        path = _lemma_cache_path(nlp)
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(stored, dict):
                stored = {}
        except (OSError, ValueError):
            stored = {}
        missing = []
        for e in todo:
            hit = stored.get(e)
            if isinstance(hit, list) and len(hit) == 2 and isinstance(hit[0], list):
                _LEMMAS[(vid, e)] = tuple(str(w) for w in hit[0])
                if hit[1]:
                    _ADJECTIVES.add((vid, e))
            else:
                missing.append(e)
        if missing:
            disable = [p for p in nlp.pipe_names if p in ("parser", "ner")]
            for e, d in zip(missing, nlp.pipe(missing, disable=disable, batch_size=256)):
                _LEMMAS[(vid, e)] = tuple(t.lemma_.lower() for t in d)
                adjective = len(d) == 1 and d[0].pos_ == "ADJ"
                if adjective:
                    _ADJECTIVES.add((vid, e))
                stored[e] = [list(_LEMMAS[(vid, e)]), adjective]
            try:
                from .io.files import atomic_write_text

                atomic_write_text(path, json.dumps(stored, ensure_ascii=False, sort_keys=True))
            except OSError as exc:
                log.debug("lemma cache not written: %s", exc)
    return {e: _LEMMAS[(vid, e)] for e in entries}


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


def _matchers(vocab: Any, lexicons: Sequence[Lexicon], key: tuple[Any, ...], nlp: Language | None) -> _Matchers:
    cache_key = (id(vocab), key)
    with _LOCK:
        found = _MATCHERS.get(cache_key)
        if found is not None:
            return found
        from spacy.matcher import PhraseMatcher

        nlp = nlp or _find_nlp(vocab)
        from spacy.tokens import Doc

        lower = PhraseMatcher(vocab, attr="LOWER")
        lemma = PhraseMatcher(vocab, attr="LEMMA")
        patterns = _TokenPatterns()
        rules = _TokenPatterns()
        labels: dict[int, tuple[str, str, str]] = {}
        adjectives: set[int] = set()
        plain = [e for lex in lexicons for e in lex.entries if not _is_pattern(e)]
        lemmas = _entry_lemmas(nlp, sorted(set(plain)))
        tokenizer = nlp.tokenizer if nlp is not None else None
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
                words = entry.lower()
                pattern_doc = tokenizer(words) if tokenizer is not None else Doc(vocab, words=words.split())
                lower.add(label, [pattern_doc])
                lem = lemmas.get(entry, ())
                if lem and lem[0] == pattern_doc[0].lower_ and len(lem) == len(pattern_doc):
                    # The entry starts with a lemma: match inflected forms too.
                    lemma_doc = Doc(vocab, words=list(lem))
                    for tok, w in zip(lemma_doc, lem):
                        tok.lemma_ = w
                    lemma.add(label, [lemma_doc])
                    if (id(nlp.vocab) if nlp is not None else 0, entry) in _ADJECTIVES:
                        adjectives.add(mid)
        numeric = vocab.strings.add("rule:numeric_intensifier")
        for rule in _numeric_rules():
            rules.add(numeric, rule)
        terms = PhraseMatcher(vocab, attr="LOWER")
        for term in _shipped_terms():
            terms.add("term", [tokenizer(term) if tokenizer is not None else Doc(vocab, words=term.split())])
        built = _Matchers(
            lower,
            lemma,
            patterns,
            rules,
            labels,
            {lex.name: frozenset(lex.pos) for lex in lexicons if lex.pos},
            frozenset(adjectives),
            terms,
        )
        _MATCHERS[cache_key] = built
        return built


# --------------------------------------------------------------------------
# quotes


class _SpanSet:
    """Sorted, merged spans with a fast containment test."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.ends[i] >= end

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.ends, start + 1)
        return i < len(self.starts) and self.starts[i] < end


# --------------------------------------------------------------------------
# flagging


@dataclass(slots=True)
class _Cue:
    category: str
    lexicon: str
    rule: str
    start: int  # token indices
    end: int
    sentence_level: bool = False


def _keep_lexicon_match(doc: Doc, cue: _Cue, entry: str) -> bool:
    """The dependency and form rules where words alone mislead."""
    first: Token = doc[cue.start]
    lower = first.lower_
    span = doc[cue.start : cue.end]
    if cue.category == "weasel":
        return True
    if lower in _MODALS and first.tag_ != "MD":
        return False  # "May" the month, "military might", "should" never mis-tagged as MD
    if lower == "may" and first.ent_type_ == "DATE":
        return False
    if lower == "should" and first.is_sent_start and not first.sent[-1].text == "?":
        return False  # "Should the talks fail, ...": a conditional, not advice
    if lower == "could" and cue.end - cue.start == 1 and cue.category == "hedge":
        head = first.head
        if any(c.dep_ == "neg" for c in head.children) or head.lemma_ in _ABILITY_VERBS:
            return False  # could of past ability: "could not afford", "could see"
    if cue.category == "hedge" and cue.end < len(doc) and (doc[cue.end].like_num or doc[cue.end].is_currency):
        return False  # an approximate figure ("nearly 16 million") is precision, not a hedge
    if cue.lexicon == "opinion_prescriptive" and first.tag_ == "VBD":
        return False  # "had to", "needed to": a past necessity narrated, not advice
    if lower in ("kind", "sort") and cue.start > 0 and doc[cue.start - 1].lower_ in _DETERMINERS:
        return False  # "a kind of alliance" is a noun phrase
    if cue.category == "rhetorical" and cue.end - cue.start == 1 and first.tag_ not in ("PRP", "PRP$"):
        return False  # "US" the country; "I" as a numeral
    if cue.category in ("hedge", "booster", "opinion"):
        if all(t.pos_ == "PROPN" for t in span):
            return False  # part of a name: "Great Britain"
        if any(t.ent_type_ in _NAME_LABELS for t in span):
            return False
        if cue.category == "hedge" and first.lemma_ in _DOUBT_WORDS and _negated(first):
            return False  # handled by the negated-hedge rule
    return True


def _negated(token: Token) -> bool:
    for child in token.children:
        if child.dep_ == "neg" or child.lower_ in ("no", "little", "nobody", "none"):
            return True
    head = token.head
    if token.dep_ in ("pobj", "dobj") and head.lower_ in ("without", "beyond"):
        return True
    if token.dep_ == "pobj" and head.head is not head and any(c.dep_ == "neg" for c in head.head.children):
        return True
    if token.pos_ in ("ADJ", "NOUN") and token.dep_ in ("acomp", "attr") and any(c.dep_ == "neg" for c in head.children):
        return True
    if token.dep_ == "nsubj" and any(c.lower_ in ("no", "nobody") for c in token.children):
        return True
    for c in token.children:  # "no one disputes", "nobody doubts"
        if c.dep_ == "nsubj" and (c.lower_ in ("nobody", "none") or any(g.lower_ == "no" for g in c.children)):
            return True
    return False


def _negated_hedges(doc: Doc) -> list[_Cue]:
    from .entities import token_positions

    out = []
    for i in token_positions(doc, "LEMMA", _DOUBT_LEMMAS):
        token = doc[i]
        if token.lemma_.lower() in _DOUBT_WORDS and _negated(token):
            neg_positions = [c.i for c in token.children if c.dep_ == "neg" or c.lower_ in _NEGATORS]
            if token.head.lower_ in ("without", "beyond"):
                neg_positions.append(token.head.i)
            if token.dep_ in ("acomp", "attr", "pobj"):
                neg_positions += [c.i for c in token.head.children if c.dep_ == "neg"]
                if token.head.head is not token.head:
                    neg_positions += [c.i for c in token.head.head.children if c.dep_ == "neg"]
            neg_positions += [g.i for c in token.children if c.dep_ == "nsubj" for g in c.subtree if g.lower_ in ("no", "nobody", "none")]
            start = min([token.i] + [p for p in neg_positions if token.i - p <= 6])
            out.append(_Cue("booster", "rule", "rule:negated_hedge", start, token.i + 1))
    return out


def _sentence_rules(doc: Doc, span: Span, quotes: _SpanSet) -> list[_Cue]:
    """Questions, exclamations and imperatives addressed to the reader."""
    out: list[_Cue] = []
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return out
    last = tokens[-1]
    # Trailing closing quotes belong to the quote; a question inside it is the speaker's.
    if last.text in ("?", "!") and not quotes.covers(last.idx, last.idx + 1):
        rule = "rule:question" if last.text == "?" else "rule:exclamation"
        out.append(_Cue("rhetorical", "rule", rule, tokens[0].i, last.i + 1, sentence_level=True))
    root = span.root
    first = tokens[0]
    if (
        root.tag_ == "VB"
        and root.i == first.i
        and first.is_title
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "mark") for c in root.children)
        and len(tokens) > 2
        and not quotes.covers(first.idx, first.idx + 1)
    ):
        out.append(_Cue("rhetorical", "rule", "rule:imperative", root.i, root.i + 1))
    return out


def _first_person_subject(verb: Token) -> bool:
    """True for "we predicted", "I said": the author reporting their own view."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("i", "we") for c in verb.children)


_EVENT_LABELS = frozenset({"DATE", "MONEY", "PERCENT", "CARDINAL", "QUANTITY"})
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _context(span: Span, attributions: _SpanSet, quotes: _SpanSet) -> str:
    """The sentence's context, which sets the weight of its hedge/booster/opinion cues.

    ``quote``: it holds a direct quote (the cue is outside it); ``reported``: it
    reports someone's words (a reporting verb, "according to", an attribution);
    ``event``: it narrates an event or states a
    figure (a past-tense main verb, a date, an amount) or names its actors (three or
    more words of named people, organisations, places or groups); else ``""``. Cues
    in such sentences weigh less: the sentence is anchored in facts someone can check.
    """
    if quotes.overlaps(span.start_char, span.end_char):
        return "quote"
    if attributions.overlaps(span.start_char, span.end_char):
        return "reported"
    event = False
    for t in span:
        if t.lemma_ in CONTEXT_VERBS and t.pos_ == "VERB" and not _first_person_subject(t):
            return "reported"
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            return "reported"
        if (t.dep_ == "ROOT" and t.tag_ == "VBD") or t.ent_type_ in _EVENT_LABELS:
            event = True
    if event:
        return "event"
    if sum(1 for t in span if t.ent_type_ in _ACTOR_LABELS) >= 3:
        return "event"  # dense with named actors: reporting on who did what
    return ""


def _indirect_candidates(doc: Doc) -> list[int]:
    """The tokens :func:`_indirect_spans` looks at (verbs and "according"), in order."""
    from .entities import token_positions

    return sorted(token_positions(doc, "POS", ("VERB",)) + token_positions(doc, "LOWER", ("according",)))


def _indirect_spans(span: Span, candidates: Sequence[int]) -> list[tuple[int, int]]:
    """Character spans of the sentence's reported speech: the clause a reporting verb
    with a third-party subject governs ("Martinez complained [the referee should have
    ...]", "[it is ruined], the manager said"), or the whole sentence when it carries
    "according to X". Only the ``candidates`` (from :func:`_indirect_candidates`)
    inside the sentence are looked at."""
    out: list[tuple[int, int]] = []
    doc = span.doc
    lo, hi = bisect.bisect_left(candidates, span.start), bisect.bisect_left(candidates, span.end)
    for t in (doc[i] for i in candidates[lo:hi]):
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            if any(c.dep_ == "pobj" for c in t.doc[t.i + 1].children):
                return [(span.start_char, span.end_char)]
        if t.pos_ != "VERB" or t.lemma_.lower() not in REPORTING_VERBS:
            continue
        subjects = [c for c in t.children if c.dep_ == "nsubj"]
        if len(subjects) != 1 or subjects[0].lower_ in _AUTHOR_SUBJECTS:
            continue
        for c in t.children:
            if c.dep_ in ("ccomp", "parataxis") and c.i > subjects[0].i or (c.dep_ == "ccomp" and c.i < t.i):
                sub = list(c.subtree)
                out.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
        if t.dep_ in ("ccomp", "parataxis") and t.head.i < t.i and t.head.i >= span.start and subjects[0].i > t.head.i:
            # "It is ruined, the manager said": the governing clause is the report.
            head = t.head
            lo = min(x.idx for x in head.subtree if x.i < t.i)
            out.append((lo, subjects[0].idx))
    return out


def _resolve(cues: list[_Cue]) -> list[_Cue]:
    """Drop cues overlapping a longer (or equally long, earlier, higher-priority) cue.

    A hedge inside a weasel is kept: "it is widely believed" is a weasel, and its
    "believed" is also the hedge of the claim that follows."""
    ordered = sorted(cues, key=lambda c: (-(c.end - c.start), c.start, _PRIORITY[c.category]))
    taken: list[tuple[int, int, str]] = []
    kept = []
    for c in ordered:
        if any(c.start < b and a < c.end and {c.category, cat} != {"weasel", "hedge"} for a, b, cat in taken):
            continue
        taken.append((c.start, c.end, c.category))
        kept.append(c)
    return kept


def _feature(cue: _Cue, *, quoted: bool, context: str, reported: bool = False) -> str:
    if quoted:
        return f"{cue.category}~quoted"
    if reported:
        return f"{cue.category}~indirect"
    if cue.lexicon == "rule":
        return cue.rule.replace("rule:", f"{cue.category}~")
    if context and cue.category != "weasel":
        return f"{cue.category}~{context}"
    return cue.lexicon


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _analyse(
    doc: Doc,
    sentences: Sequence[Sentence],
    *,
    settings: FlagSettings | None,
    quotes: Sequence[Quote],
    attributions: Sequence[Attribution],
    nlp: Language | None = None,
) -> list[list[tuple[Flag, str]]]:
    """Per sentence: (flag without weight, feature name)."""
    key = _lexicon_key(settings)
    # built once per vocab and settings: only then are the lexicons read and checked
    m = _MATCHERS.get((id(doc.vocab), key)) or _matchers(doc.vocab, load_lexicons(settings), key, nlp)
    text = doc.text
    quote_set = _SpanSet(quote_spans(text) + [(q.start, q.end) for q in quotes])
    named = [(a.start, a.end) for a in attributions if a.named]
    named_set = _SpanSet(named)
    attrib_set = _SpanSet((a.start, a.end) for a in attributions)

    # Whole-document matching, then cues assigned to sentences by token position.
    raw: dict[tuple[int, int, str], _Cue] = {}
    terms = [(s, e) for _mid, s, e in m.terms(doc)] if m.terms is not None else []
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

    candidates = _indirect_candidates(doc)
    sent_starts = [s.start for s in sentences]
    per_sentence: list[list[_Cue]] = [[] for _ in sentences]
    for cue in raw.values():
        c0 = doc[cue.start].idx
        c1 = doc[cue.end - 1].idx + len(doc[cue.end - 1].text)
        i = bisect.bisect_right(sent_starts, c0) - 1
        if i >= 0 and sentences[i].start <= c0 and c1 <= sentences[i].end:
            per_sentence[i].append(cue)

    out: list[list[tuple[Flag, str]]] = []
    for sent, cues in zip(sentences, per_sentence):
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        sentence_cues = _sentence_rules(doc, span, quote_set) if span is not None else []
        cues = _resolve([c for c in sentence_cues if not c.sentence_level] + cues)
        cues += [c for c in sentence_cues if c.sentence_level]
        context = _context(span, attrib_set, quote_set) if span is not None else ""
        indirect = _SpanSet(_indirect_spans(span, candidates)) if span is not None else _SpanSet(())
        flags: list[tuple[Flag, str]] = []
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
            flag = Flag(cue.category, text[c0:c1], c0, c1, cue.rule, quoted, reported=reported)
            flags.append((flag, _feature(cue, quoted=quoted, context=context, reported=reported)))
        out.append(flags)
    return out


def flag_sentences(
    doc: Doc,
    sentences: Sequence[Sentence],
    *,
    settings: FlagSettings | None = None,
    quotes: Sequence[Quote] = (),
    attributions: Sequence[Attribution] = (),
    nlp: Language | None = None,
) -> tuple[Sentence, ...]:
    """The same sentences (same ids and offsets) with ``flags``, ``subjective`` and ``score`` set.

    ``doc`` is the spaCy parse of the article text (Doc offsets == article
    offsets); ``quotes`` and ``attributions`` come from the entities stage (a
    weasel covered by a named attribution is not raised). ``nlp`` is the
    pipeline that made ``doc``, used once to lemmatise the lexicons; when None,
    the pipeline loaded by :func:`pipeline.nlp.load_model` for the same vocab is
    used. Raises :class:`PipelineError` E009 for a bad lexicon setting.
    """
    settings = settings or FlagSettings()
    model = load_weights()
    weights: Mapping[str, float] = model["weights"]
    bias = float(model["bias"])
    analysed = _analyse(doc, sentences, settings=settings, quotes=quotes, attributions=attributions, nlp=nlp)
    out = []
    for sent, flags in zip(sentences, analysed):
        weighted = tuple(replace(f, weight=round(_weight(weights, feat, f.category), 4)) for f, feat in flags)
        logit = bias + sum(f.weight for f in weighted)
        score = round(_sigmoid(logit), 4)
        out.append(replace(sent, flags=weighted, score=score, subjective=score >= settings.threshold))
    return tuple(out)


def flag_stats(sentences: Sequence[Sentence], *, word_count: int) -> dict[str, Any]:
    """Article-level figures: flags per category (quoted ones counted apart), flags per
    1,000 words (unquoted), the share of subjective sentences and the flagged sentences."""
    per_category = {c: 0 for c in FLAG_CATEGORIES}
    quoted = {c: 0 for c in FLAG_CATEGORIES}
    flagged = 0
    subjective = 0
    for s in sentences:
        if any(not f.quoted for f in s.flags):
            flagged += 1
        subjective += bool(s.subjective)
        for f in s.flags:
            bucket = quoted if f.quoted else per_category
            bucket[f.category] = bucket.get(f.category, 0) + 1
    total = sum(per_category.values())
    return {
        "sentences": len(sentences),
        "flagged_sentences": flagged,
        "flags": per_category,
        "quoted_flags": quoted,
        "flags_total": total,
        "flags_per_1000_words": round(1000 * total / word_count, 2) if word_count else 0.0,
        "subjective_sentences": subjective,
        "subjective_share": round(subjective / len(sentences), 4) if sentences else 0.0,
    }


def _pipe_features(
    texts: Sequence[str],
    *,
    nlp: Language,
    settings: FlagSettings | None = None,
    batch_size: int = 64,
) -> Iterable[tuple[Sentence, list[tuple[Flag, str]]]]:
    """Each text parsed as its own Doc (``nlp.pipe``) and flagged as one sentence."""
    for i, (text, doc) in enumerate(zip(texts, nlp.pipe(texts, batch_size=batch_size))):
        sent = Sentence(id=f"t{i + 1:05d}", text=text, start=0, end=len(text))
        yield sent, _analyse(doc, [sent], settings=settings, quotes=(), attributions=(), nlp=nlp)[0]


def flag_texts(
    texts: Sequence[str],
    *,
    nlp: Language,
    settings: FlagSettings | None = None,
    batch_size: int = 64,
) -> list[Sentence]:
    """Flag stand-alone sentences (evaluation data): each text is its own Doc and Sentence.

    Returns one :class:`Sentence` per text, ids ``t00001`` …, offsets into the text.
    """
    settings = settings or FlagSettings()
    out = []
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=batch_size)):
        sent = Sentence(id=f"t{len(out) + 1:05d}", text=text, start=0, end=len(text))
        out.append(flag_sentences(doc, [sent], settings=settings, nlp=nlp)[0])
    return out
