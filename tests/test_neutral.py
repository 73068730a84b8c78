"""Neutral wording: deletion of flagged evaluative and boosting modifiers, nothing else."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from pipeline.models import Article, Block, Flag, Sentence
from pipeline.sentences import split_sentences
from pipeline.summarise.neutral import neutralise

WORD = re.compile(r"\w+|[^\w\s]")


def one_paragraph(nlp, text: str) -> tuple[Sentence, object]:
    doc = nlp(text)
    article = Article(id="x", source="x", sha256="", text=text, blocks=(Block("paragraph", text, 0, len(text)),))
    (sentence,) = split_sentences(article, doc)
    return sentence, doc


def flag(sentence: Sentence, word: str, category: str = "opinion", *, quoted: bool = False) -> Sentence:
    start = sentence.text.index(word) + sentence.start
    f = Flag(category, word, start, start + len(word), f"test:{category}", quoted=quoted)
    return dataclasses.replace(sentence, flags=sentence.flags + (f,))


def is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(tok in it for tok in small)


def test_neutral_deletes_coordinated_modifiers(nlp):
    sentence, doc = one_paragraph(nlp, "The intricate and often volatile relationship between the two groups shaped the region.")
    sentence = flag(flag(sentence, "intricate"), "volatile")
    text, removed = neutralise(sentence, doc)
    assert text == "The relationship between the two groups shaped the region."
    assert removed == ("intricate", "volatile")


def test_neutral_deletes_one_conjunct_and_its_joiner(nlp):
    sentence, doc = one_paragraph(nlp, "Officials described the new and remarkable plan on Monday.")
    text, removed = neutralise(flag(sentence, "remarkable"), doc)
    assert text == "Officials described the new plan on Monday."
    assert removed == ("remarkable",)


def test_neutral_deletes_boosting_adverbs(nlp):
    sentence, doc = one_paragraph(nlp, "Prices rose dramatically after the storm, and supplies were extremely tight.")
    sentence = flag(flag(sentence, "dramatically", "booster"), "extremely", "booster")
    text, removed = neutralise(sentence, doc)
    assert text == "Prices rose after the storm, and supplies were tight."
    assert removed == ("dramatically", "extremely")


def test_neutral_keeps_predicates_quotes_and_other_categories(nlp):
    sentence, doc = one_paragraph(nlp, 'The report is crucial, and the minister called it "a truly historic step".')
    # "crucial" is the predicate (not a modifier); "truly" sits inside a quotation.
    marked = flag(flag(sentence, "crucial"), "truly", "booster", quoted=True)
    assert neutralise(marked, doc) == (sentence.text, ())
    hedged = flag(sentence, "report", "hedge")
    assert neutralise(hedged, doc) == (sentence.text, ())


def test_neutral_never_recases_or_glues_words(nlp):
    sentence, doc = one_paragraph(nlp, "Clearly, the long-standing dispute will continue.")
    marked = flag(flag(sentence, "Clearly", "booster"), "long", "opinion")
    # Deleting "Clearly" would leave a lower-case start; deleting "long" would split "long-standing".
    assert neutralise(marked, doc) == (sentence.text, ())


def test_neutral_keeps_a_and_an_right(nlp):
    sentence, doc = one_paragraph(nlp, "It was an impressive result for a small team.")
    text, removed = neutralise(flag(sentence, "impressive"), doc)
    assert (text, removed) == (sentence.text, ())  # "a result" would need a changed article
    text, removed = neutralise(flag(sentence, "small"), doc)
    assert text == "It was an impressive result for a team."


def test_neutral_removes_bracketing_commas(nlp):
    sentence, doc = one_paragraph(nlp, "The results, however, were not accepted by the council.")
    text, removed = neutralise(flag(sentence, "however", "booster"), doc)
    assert text == "The results were not accepted by the council."


def _check_article(nlp_doc, sentences, failures: list[str]) -> int:
    """Flag every adjectival/adverbial modifier as opinion; check the deletion-only property."""
    checked = 0
    for s in sentences:
        span = nlp_doc.char_span(s.start, s.end, alignment_mode="expand")
        flags = tuple(
            Flag("opinion", t.text, t.idx, t.idx + len(t.text), "test:all-modifiers")
            for t in span
            if t.dep_ in ("amod", "advmod") and t.pos_ in ("ADJ", "ADV")
        )
        if not flags:
            continue
        text, removed = neutralise(dataclasses.replace(s, flags=flags), nlp_doc)
        checked += 1
        if not is_subsequence(WORD.findall(text), WORD.findall(s.text)):
            failures.append(f"not a deletion: {s.text!r} -> {text!r}")
        for ent in span.ents:
            if ent.text not in text:
                failures.append(f"lost entity {ent.text!r} ({ent.label_}): {s.text!r} -> {text!r}")
        for t in span:
            if t.like_num and t.text not in text:
                failures.append(f"lost number {t.text!r}: {s.text!r} -> {text!r}")
        for pattern in (r"  ", r" ,", r"^[,;: ]", r"\b(?:and|or)\s*[,.]", r",\s*[,.]", r"\b(?:the|a|an)\s*[,.]"):
            if len(re.findall(pattern, text)) > len(re.findall(pattern, s.text)):
                failures.append(f"untidy ({pattern}): {s.text!r} -> {text!r}")
        if text and text[0].islower() and not s.text[0].islower():
            failures.append(f"lower-case start: {text!r}")
        if removed and not set(removed) <= {f.cue for f in flags}:
            failures.append(f"removed cues not flagged: {removed}")
    return checked


def test_neutral_deletion_only_on_the_sample(nlp, sample_text):
    from tests.test_summarise import article_from_lines

    article = article_from_lines(sample_text)
    doc = nlp(article.text)
    failures: list[str] = []
    checked = _check_article(doc, split_sentences(article, doc), failures)
    assert checked > 80
    assert failures == []


@pytest.mark.data
def test_neutral_deletion_only_on_bbc_articles(nlp, data_dir):
    from pipeline.evaluation.summary import build_article

    rows = [json.loads(line) for line in (data_dir / "summaries" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:40]]
    failures: list[str] = []
    checked = 0
    articles = [build_article(r) for r in rows]
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        checked += _check_article(doc, split_sentences(article, doc), failures)
    assert checked > 300
    assert failures == []
