"""Named entities grouped under one name (first version; deepened by the entities work)."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from .models import Entity, Mention, Sentence
from .sentences import SentenceIndex

__all__ = ["extract_entities", "load_aliases"]

SKIP = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def load_aliases(path: Any) -> dict[str, str]:
    return {}


def extract_entities(doc: Any, sentences: Sequence[Sentence], *, aliases: Mapping[str, str] | None = None) -> tuple[Entity, ...]:
    index = SentenceIndex(sentences)
    groups: dict[tuple[str, str], list[Mention]] = {}
    for ent in doc.ents:
        if ent.label_ in SKIP:
            continue
        s = index.covering(ent.start_char, ent.end_char)
        if s is None:
            continue
        groups.setdefault((ent.text.lower(), ent.label_), []).append(Mention(ent.text, ent.start_char, ent.end_char, s.id))
    out = []
    for (_, label), ms in groups.items():
        sids = tuple(dict.fromkeys(m.sentence_id for m in ms))
        out.append(Entity(ms[0].text, label, len(ms), (), sids, sids[0], float(len(ms)), tuple(ms)))
    return tuple(sorted(out, key=lambda e: -e.salience))
