"""Entities: spaCy's named-entity mentions grouped into one entity per real-world thing.

``extract_entities(doc, index, text=..., aliases=...)`` reads the mentions spaCy finds
inside prose sentences (headings and other text outside sentences give none;
DATE, TIME, CARDINAL, ORDINAL, MONEY, PERCENT and QUANTITY feed the dates and
figures stages instead) and groups them:

1. each mention is cleaned: leading determiners (``the``, ``a`` …) and a trailing
   possessive (``'s``) are cut off, and so are stray quotes and punctuation;
2. case and punctuation variants share one key (``U.S.`` = ``US`` = ``u.s.``);
3. an acronym defined in the text (``Long Form Name (LFN)``) joins its long form,
   and later bare uses of the acronym are found even when spaCy missed them;
4. the alias file (below) merges names the rules cannot know;
5. a shorter name joins the one longer name of the same label that starts or
   ends with it (``Islamic Republic`` -> ``Islamic Republic of Iran``; a surname
   -> the full name) when exactly one such longer name exists.

Each entity gets a canonical ``name`` (the alias-file target; for people the
longest name; else the most frequent form, ties going to a defined acronym, then
to the longer form), its majority ``label``, ``count``, the other surface forms as
``aliases``, its ``sentence_ids``, ``first_sentence_id``, ``mentions`` and a
``salience``::

    salience = 0.7 * log(1 + count) / log(1 + max_count)
             + 0.3 * (1 - first_sentence_index / number_of_sentences)

(frequency, scaled so the most frequent entity scores 0.7, plus an early-mention
bonus of up to 0.3). Entities are ordered by salience, highest first.

Alias file format (TOML, UTF-8), one ``[aliases]`` table mapping a variant to
the canonical name it should be merged into::

    [aliases]
    "US State Department" = "US Department of State"
    "UN" = "United Nations"

Names are matched after cleaning, case- and punctuation-insensitively. Read it
with :func:`load_aliases`; errors are :class:`~pipeline.errors.PipelineError`
E401 (not found / unreadable), E402 (not TOML), E403 (no ``[aliases]`` table or
unknown top-level key), E404 (a value that is not a non-empty string).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import PipelineError
from .models import Entity, Mention
from .sentences import SentenceIndex

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["NON_ENTITY_LABELS", "extract_entities", "load_aliases", "entity_key", "clean_name"]

#: spaCy labels that are values, not entities (dates and figures read them).
NON_ENTITY_LABELS: frozenset[str] = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


def token_positions(doc: Doc, attr: str, values: Iterable[str]) -> list[int]:
    """Indices of the tokens whose ``attr`` (``LOWER``, ``LEMMA``, ``POS``, ...) is one of
    ``values``, from one ``Doc.to_array`` call: the stages that look for a few words
    visit those tokens only instead of making a ``Token`` for every word."""
    import numpy
    import spacy.attrs
    from spacy.strings import get_string_id

    ids = numpy.unique(numpy.array([get_string_id(v) for v in values], dtype=numpy.uint64))
    if not len(doc) or not len(ids):
        return []
    column = doc.to_array(getattr(spacy.attrs, attr))
    # as numpy.isin, without sorting the column on every call (3 times faster)
    return numpy.flatnonzero(ids[ids.searchsorted(column) % len(ids)] == column).tolist()


_LEAD = re.compile(r"^(?:(?:the|a|an|this|that|these|those)\s+)+", re.IGNORECASE)
_TRAIL = re.compile(r"(?:['’]s|['’])$")
_EDGE = "\"'“”‘’«»()[]{},;:!?-–— \n\t"


@lru_cache(maxsize=65536)
def clean_name(text: str) -> tuple[int, int]:
    """The (start, end) of the name inside ``text`` after dropping determiners, possessives and edge punctuation."""
    start, end = 0, len(text)
    changed = True
    while changed and start < end:
        changed = False
        while start < end and text[start] in _EDGE:
            start += 1
            changed = True
        while end > start and (text[end - 1] in _EDGE or (text[end - 1] == "." and "." not in text[start : end - 1])):
            end -= 1
            changed = True
        m = _LEAD.match(text, start, end)
        if m and m.end() < end:
            start = m.end()
            changed = True
        m = _TRAIL.search(text[start:end])
        if m and m.start() > 0:
            end = start + m.start()
            changed = True
    return start, end


_KEY_DROP = re.compile(r"[.'\"“”‘]")
_KEY_SPACE = re.compile(r"[-–—_/,\s]+")


@lru_cache(maxsize=65536)
def entity_key(name: str) -> str:
    """Case- and punctuation-insensitive key: ``U.S.`` and ``us`` both give ``us``."""
    t = _KEY_DROP.sub("", name.lower().replace("’", "'"))
    return _KEY_SPACE.sub(" ", t).strip()


def load_aliases(path: str | Path) -> dict[str, str]:
    """Read a TOML alias file (format in the module docstring): variant -> canonical name.

    Raises :class:`PipelineError` E401-E404 when the file is missing, not TOML,
    or not shaped as documented.
    """
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError("E401", str(p), detail=str(exc) if p.exists() else "no such file") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise PipelineError("E402", str(p), detail=str(exc)) from None
    extra = [k for k in data if k != "aliases"]
    if "aliases" not in data or extra or not isinstance(data.get("aliases"), dict):
        found = ", ".join(sorted(data)) or "nothing"
        raise PipelineError("E403", str(p), found=found)
    out: dict[str, str] = {}
    for variant, canonical in data["aliases"].items():
        if not isinstance(canonical, str) or not canonical.strip() or not variant.strip():
            raise PipelineError("E404", str(p), key=variant, got=canonical)
        out[variant.strip()] = canonical.strip()
    return out


# --------------------------------------------------------------------------


class _Group:
    __slots__ = ("mentions", "labels", "forms", "acronym", "alias_target")

    def __init__(self) -> None:
        self.mentions: list[Mention] = []
        self.labels: Counter[str] = Counter()
        self.forms: Counter[str] = Counter()
        self.acronym: str | None = None
        self.alias_target: str | None = None


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


_CONNECTORS = frozenset({"of", "and", "for", "the", "de", "du", "la", "&", "on", "in", "to"})


def _is_acronym_of(acr: str, long: str) -> bool:
    """``IRGC`` for ``Islamic Revolutionary Guard Corps``: initials of the content words."""
    letters = [c for c in acr if c.isalpha()]
    if len(letters) < 2:
        return False
    words = [w for w in re.split(r"[\s\-]+", long) if w]
    initials = "".join(w[0] for w in words if w.lower() not in _CONNECTORS and w[0].isalpha()).upper()
    all_initials = "".join(w[0] for w in words if w[0].isalpha()).upper()
    target = "".join(letters).upper()
    return target in (initials, all_initials)


_ACRONYM_DEF = re.compile(r"\s*\(\s*([A-Z][A-Za-z&.\-]{1,9})\s*\)")


def _mentions(doc: Doc, index: SentenceIndex, text: str) -> list[tuple[Mention, str]]:
    out: list[tuple[Mention, str]] = []
    for ent in doc.ents:
        if ent.label_ in NON_ENTITY_LABELS:
            continue
        s, e = ent.start_char, ent.end_char
        paren = text.find(" (", s, e)
        if paren > s and ")" not in text[paren:e]:
            e = paren  # "Long Form (LF" - the acronym definition is read separately
        a, b = clean_name(text[s:e])
        if b <= a:
            continue
        start, end = s + a, s + b
        # a fragment ending in a preposition loses it ("School of Engineering at")
        while True:
            head, _, last = text[start:end].rpartition(" ")
            if not head or last.lower() not in _DANGLING:
                break
            end = start + len(head.rstrip(" ,"))
        if "\n" in text[start:end] or not any(c.isalpha() for c in text[start:end]):
            continue
        if not any(c.isupper() for c in text[start:end]) and not any(c.isdigit() for c in text[start:end]):
            continue  # a lower-case word ("showy") is not a name
        sent = index.covering(start, end)
        if sent is None:
            continue
        out.append((Mention(text[start:end], start, end, sent.id), ent.label_))
    return out


#: The built-in alias table: ``Canonical: variant | variant`` a line.
ALIAS_FILE = Path(__file__).resolve().parent / "lexicons" / "_entity_aliases.txt"
#: Labels a built-in alias may merge (never a person, a work or a nationality).
_ALIAS_LABELS = frozenset({"GPE", "LOC", "ORG", "FAC"})


@lru_cache(maxsize=1)
def builtin_aliases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The built-in alias table (:data:`ALIAS_FILE`): (canonical name, variant keys) pairs."""
    out = []
    for line in ALIAS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        canonical, _, rest = line.partition(":")
        out.append((canonical.strip(), tuple(entity_key(v) for v in rest.split("|") if v.strip())))
    return tuple(out)


def _labels(items: list[tuple[Mention, str]]) -> set[str]:
    return {label for _, label in items}


def _hyphen_joined(short: str, items: list[tuple[Mention, str]]) -> bool:
    """``short`` is a part of a hyphenated word in the longer name's forms (``American`` in ``African-American``)."""
    pattern = re.compile(r"-\s*" + re.escape(short) + r"\b|\b" + re.escape(short) + r"\s*-", re.IGNORECASE)
    return any(pattern.search(m.text.replace("\u2013", "-")) for m, _ in items)


#: Words a name does not end with: a span that does ("School of Engineering at") lost its end.
_DANGLING = frozenset({"at", "of", "in", "on", "for", "to", "and", "with", "by", "from", "or", "&"})


def extract_entities(
    doc: Doc,
    index: SentenceIndex,
    *,
    text: str,
    aliases: Mapping[str, str] | None = None,
) -> tuple[Entity, ...]:
    """Group the named-entity mentions of the prose sentences into entities, by salience.

    ``doc`` is the spaCy parse of the article ``text`` (its offsets are the
    sentences' offsets); ``index`` is the chain's :class:`SentenceIndex` of the prose
    sentences; ``aliases`` maps a variant name to its canonical name (see :func:`load_aliases`).
    """
    sentences = index.sentences
    found = _mentions(doc, index, text)
    if not found:
        return ()

    # acronym definitions: "Long Form (LF)" right after a mention
    acronyms: dict[str, tuple[str, str]] = {}  # acronym -> (long-form key, label)
    for m, label in found:
        after = _ACRONYM_DEF.match(text, m.end)
        if after and _is_acronym_of(after.group(1), m.text):
            acronyms.setdefault(after.group(1).replace(".", ""), (entity_key(m.text), label))
    # bare acronym uses spaCy missed
    if acronyms:
        have = {(m.start, m.end) for m, _ in found}
        pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True)) + r")\b")
        for sent in sentences:
            for hit in pattern.finditer(text, sent.start, sent.end):
                span = (hit.start(), hit.end())
                if span in have or any(m.start < span[1] and span[0] < m.end for m, _ in found if m.sentence_id == sent.id):
                    continue
                found.append((Mention(hit.group(1), span[0], span[1], sent.id), acronyms[hit.group(1)][1]))
        found.sort(key=lambda x: x[0].start)

    uf = _UnionFind()
    by_key: dict[str, list[tuple[Mention, str]]] = defaultdict(list)
    for m, label in found:
        by_key[entity_key(m.text)].append((m, label))
    for k in by_key:
        uf.find(k)
    for acr, (long_key, _) in acronyms.items():
        if long_key in by_key:
            uf.union(entity_key(acr), long_key)

    # the built-in alias table (places and organisations only), then the alias file
    alias_names: dict[str, str] = {}
    for canonical, variants in builtin_aliases():
        present = [k for k in (entity_key(canonical), *variants) if k in by_key and _labels(by_key[k]) <= _ALIAS_LABELS]
        if present:
            alias_names[entity_key(canonical)] = canonical
            uf.find(entity_key(canonical))
            for k in present:
                uf.union(k, entity_key(canonical))
    for variant, canonical in (aliases or {}).items():
        vk, ck = entity_key(variant), entity_key(canonical)
        alias_names[ck] = canonical
        if vk in by_key or ck in by_key:
            uf.union(vk, ck)

    def majority_label(keys: list[str]) -> str:
        c: Counter[str] = Counter(lbl for k in keys for _, lbl in by_key.get(k, ()))
        return c.most_common(1)[0][0] if c else ""

    # shorter names into the one longer name of the same label that starts/ends with them
    key_label = {k: majority_label([k]) for k in by_key}
    keys_by_label: dict[str, list[str]] = defaultdict(list)
    for k, lbl in key_label.items():
        keys_by_label[lbl].append(k)
    # a surname alone is often mislabelled ORG by the model: it joins the one full name ending in it
    people = [k for k in keys_by_label.get("PERSON", ()) if " " in k]
    # a short form that is also a place in this article ("Phoenix" the city) stays apart
    places = {k for k, items in by_key.items() if _labels(items) & {"GPE", "LOC", "FAC"}}
    surnames: list[str] = []  # joined to a full name: the group is that person, whatever the model called the surname
    for k, lbl in key_label.items():
        if lbl in ("ORG", "PERSON") and " " not in k and k not in places:
            targets = {uf.find(o) for o in people if o.endswith(" " + k)}
            targets.discard(uf.find(k))
            if len(targets) == 1:
                uf.union(k, next(iter(targets)))
                surnames.append(k)
    for lbl, keys in keys_by_label.items():
        if lbl == "NORP":
            continue  # "American" is not a short form of "African-American", nor "Western" of "Western European"
        multi = [k for k in keys if " " in k]
        for k in keys:
            if lbl == "PERSON" and k in places:
                continue
            targets = {
                uf.find(o)
                for o in multi
                if o != k and len(o) > len(k) and (o.startswith(k + " ") or o.endswith(" " + k)) and not _hyphen_joined(k, by_key[o])
            }
            targets.discard(uf.find(k))
            if len(targets) == 1:
                uf.union(k, next(iter(targets)))

    people_roots = {uf.find(k) for k in surnames}
    labels_by_span = {(m.start, m.end): lbl for m, lbl in found}
    groups: dict[str, _Group] = defaultdict(_Group)
    for k, items in by_key.items():
        g = groups[uf.find(k)]
        for m, lbl in items:
            g.mentions.append(m)
            g.labels[lbl] += 1
            g.forms[m.text] += 1
    acr_roots = {uf.find(entity_key(a)): a for a in acronyms}
    alias_roots = {uf.find(ck): name for ck, name in alias_names.items()}

    n_sent = max(len(sentences), 1)
    order = {s.id: i for i, s in enumerate(sentences)}
    max_count = max(len(g.mentions) for g in groups.values())
    entities: list[Entity] = []
    for root, g in groups.items():
        length: Counter[str] = Counter()
        for m in g.mentions:
            length[labels_by_span[(m.start, m.end)]] += len(m.text)
        label = "PERSON" if root in people_roots else max(g.labels, key=lambda lb: (g.labels[lb], length[lb]))
        # one spelling per key (the most frequent), then pick the canonical name
        spellings: dict[str, tuple[int, str]] = {}
        for form, c in g.forms.items():
            k = entity_key(form)
            if k not in spellings or c > spellings[k][0]:
                spellings[k] = (c, form)
        key_counts: Counter[str] = Counter()
        for form, c in g.forms.items():
            key_counts[entity_key(form)] += c
        name: str
        if root in alias_roots:
            name = alias_roots[root]
        elif label == "PERSON":
            name = max(spellings.values(), key=lambda x: (len(x[1].split()), x[0], len(x[1])))[1]
        else:
            acr_key = entity_key(acr_roots[root]) if root in acr_roots else None
            best = max(key_counts, key=lambda k: (key_counts[k], k == acr_key, len(k)))
            name = spellings[best][1]
        aliases_out = tuple(sorted({form for form in g.forms if form != name}, key=lambda f: (-g.forms[f], f)))
        mentions = tuple(sorted(g.mentions, key=lambda m: m.start))
        sids = tuple(sorted({m.sentence_id for m in mentions}, key=lambda s: order.get(s, 0)))
        first = sids[0] if sids else None
        count = len(mentions)
        salience = 0.7 * math.log1p(count) / math.log1p(max_count) + 0.3 * (1 - order.get(first or "", 0) / n_sent)
        entities.append(
            Entity(
                name=name,
                label=label,
                count=count,
                aliases=aliases_out,
                sentence_ids=sids,
                first_sentence_id=first,
                salience=round(salience, 4),
                mentions=mentions,
            )
        )
    entities.sort(key=lambda e: (-e.salience, order.get(e.first_sentence_id or "", 0), e.name))
    return tuple(entities)
