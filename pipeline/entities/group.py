"""Grouping: spaCy's entity mentions merged into one :class:`~pipeline.models.Entity`
per real-world thing (:func:`extract_entities`; the method is described in
:mod:`pipeline.entities`), and :func:`token_positions`, the tokens of a few words
found from one attribute array.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..models import Entity, Mention
from ..sentences import SentenceIndex
from .names import builtin_aliases, clean_name, entity_key

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["NON_ENTITY_LABELS", "extract_entities", "token_positions"]

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
    covered = 0  # end of the last name completed past its entity span
    for ent in doc.ents:
        if ent.label_ in NON_ENTITY_LABELS or ent.start_char < covered:
            continue
        s, e = ent.start_char, ent.end_char
        first = ent[0]
        if len(ent) > 1 and first.is_sent_start and first.pos_ in ("ADJ", "NOUN", "VERB", "ADV") and ent[1].pos_ == "PROPN":
            s = ent[1].idx  # a capitalised common word opening the sentence is not the name's ("Recent Samsung TVs")
        paren = text.find(" (", s, e)
        if paren > s and ")" not in text[paren:e]:
            e = paren  # "Long Form (LF" - the acronym definition is read separately
        a, b = clean_name(text[s:e])
        if b <= a:
            continue
        start, end = s + a, s + b
        # a name cut off after a word inside it ("the Office of the" | "Deputy Prime Minister"):
        # the capitalised words that follow on the same line complete it
        if ent.label_ != "PERSON" and text[start:end].rpartition(" ")[2].lower() in _NAME_INNER:
            tail = _NAME_TAIL.match(text, end)
            if tail:
                end += len(tail.group(0))
                covered = end
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


#: Labels a built-in alias may merge (never a person, a work or a nationality).
_ALIAS_LABELS = frozenset({"GPE", "LOC", "ORG", "FAC"})


def _labels(items: list[tuple[Mention, str]]) -> set[str]:
    return {label for _, label in items}


def _hyphen_joined(short: str, items: list[tuple[Mention, str]]) -> bool:
    """``short`` is a part of a hyphenated word in the longer name's forms (``American`` in ``African-American``)."""
    pattern = re.compile(r"-\s*" + re.escape(short) + r"\b|\b" + re.escape(short) + r"\s*-", re.IGNORECASE)
    return any(pattern.search(m.text.replace("\u2013", "-")) for m, _ in items)


#: Words a name does not end with: a span that does ("School of Engineering at") lost its end.
_DANGLING = frozenset({"at", "of", "in", "on", "for", "to", "and", "with", "by", "from", "or", "&", "the"})
#: Function words inside a name ("Bank of England", "Office of the Deputy Prime Minister").
_NAME_INNER = frozenset({"of", "the", "and", "&", "for"})
#: The rest of a name after such a word: capitalised words (and inner words between them), on one line.
_NAME_TAIL = re.compile(r"(?:(?:[ ](?:of|the|and|&|for))*[ ][A-Z][\w'’-]*)+")


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
    # an acronym defined in the text is what its long form is ("ODPM" is an office, whatever the model said)
    if acronyms:
        found = [(m, acronyms[m.text.replace(".", "")][1] if m.text.replace(".", "") in acronyms else label) for m, label in found]
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
    # a surname alone is often mislabelled (ORG, now and then a place) by the model: it joins the one
    # full name ending in it, unless most of its mentions are a place
    people = [k for k in keys_by_label.get("PERSON", ()) if " " in k]
    # a short form that is also a place in this article ("Phoenix" the city) stays apart; a surname
    # the model called a place only now and then ("Mourinho" as FAC once, ORG once) is not one
    places = {k for k, items in by_key.items() if 2 * sum(1 for _, lbl in items if lbl in ("GPE", "LOC", "FAC")) > len(items)}
    surnames: list[str] = []  # joined to a full name: the group is that person, whatever the model called the surname
    for k, lbl in key_label.items():
        if lbl in ("ORG", "PERSON", "GPE", "LOC", "FAC") and " " not in k and k not in places:
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
