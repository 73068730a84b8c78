"""Helpers shared by the stage tests."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.models import Article, Block


def article_by_lines(text: str) -> Article:
    """An Article over ``text`` with one block per line, for testing a stage on its own.

    Glued headings are split off and lines without end punctuation are marked
    as headings, roughly as ingestion would; the stage tests then do not
    depend on the ingestion rules.
    """
    blocks = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cuts = [0] + [m.start() for m in re.finditer(r"(?<=[a-z][.!?])(?=[A-Z])", line)] + [len(line)]
        for a, b in zip(cuts, cuts[1:]):
            piece = line[a:b]
            kind = "paragraph" if piece.rstrip().endswith((".", "?", "!", '"', "”")) else "heading"
            blocks.append(Block(kind, piece, start + a, start + b))
    return Article(id="x", source="x", sha256="", text=text, blocks=tuple(blocks))


def write_articles(folder: Path, text: str, n: int, per: int = 3) -> list[Path]:
    """``n`` small real articles in ``folder``: ``per`` consecutive paragraphs of ``text``
    (the sample article) each, its title line left out."""
    paras = [p.strip() for p in text.split("\n") if p.strip()][1:]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"article-{i:02d}.txt"
        path.write_text("\n\n".join(paras[i * per : (i + 1) * per]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def date_mentions(nlp, text: str, reference):  # type: ignore[no-untyped-def]
    """The date mentions of ``text`` (one paragraph per line) by their text, read against ``reference``."""
    from pipeline.dates.extract import extract_date_values
    from pipeline.sentences import SentenceIndex, split_sentences

    article = article_by_lines(text)
    doc = nlp(article.text)
    found = extract_date_values(doc, SentenceIndex(split_sentences(article, doc)), text=article.text, reference=reference)
    return {m.text: m for m, _ in found}
