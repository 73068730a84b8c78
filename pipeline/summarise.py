"""Extractive summary ranked by sumy (first version; deepened by the summary work)."""

from __future__ import annotations

import math
from typing import Any, Sequence

from .config import SummarySettings
from .models import KeyPoint, Section, Sentence, Summary

__all__ = ["summarise"]


class _Words:
    """sumy tokenizer adapter: returns the words spaCy already produced."""

    def __init__(self, words: dict[str, tuple[str, ...]]) -> None:
        self._words = words

    def to_words(self, text: str) -> tuple[str, ...]:
        return self._words.get(text, ())

    def to_sentences(self, text: str) -> tuple[str, ...]:  # pragma: no cover - not used
        return (text,)


def summarise(sentences: Sequence[Sentence], doc: Any, *, settings: SummarySettings | None = None,
              sections: Sequence[Section] = (), title: str | None = None) -> Summary:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    settings = settings or SummarySettings()
    cands = [s for s in sentences if s.kind == "paragraph" and not any(f.category in ("opinion", "weasel", "rhetorical") for f in s.flags)]
    words = {s.text: tuple(t.text for t in doc.char_span(s.start, s.end, alignment_mode="expand") or () if t.is_alpha) for s in cands}
    tok = _Words(words)
    sumy_sents = [SumySentence(s.text, tok) for s in cands]
    by_obj = {id(o): s for o, s in zip(sumy_sents, cands)}
    model = ObjectDocumentModel((Paragraph(sumy_sents),))
    summ = LexRankSummarizer(Stemmer("english"))
    summ.stop_words = get_stop_words("english")
    n = settings.sentences or max(3, min(7, round(math.sqrt(len(cands)))))
    import numpy

    with numpy.errstate(all="ignore"):
        picked = summ(model, n)
    chosen = [by_obj[id(o)] for o in picked if id(o) in by_obj]
    chosen.sort(key=lambda s: s.start)
    kps = tuple(KeyPoint(s.id, s.text, hedged=any(f.category == "hedge" for f in s.flags)) for s in chosen)
    return Summary("lexrank", tuple(s.id for s in chosen), " ".join(s.text for s in chosen), kps)
