"""Split evaluation of the date stage on TimeML files: rules written on one part, scored on the other.

The files under DIR (sorted by path, as ``pipeline eval dates`` reads them) are split
two ways: half A (even positions) and half B (odd positions), and by corpus (the
``TimeBank`` and ``AQUAINT`` folders). Value F1 and relaxed F1 are printed for the
whole set and for each part, so a rule written from half A's errors is checked on
half B, and one written from TimeBank on AQUAINT::

    python scripts/cv_dates.py ../shared/data/dates
    python scripts/cv_dates.py ../shared/data/dates --errors A     # half A's mistakes
    python scripts/cv_dates.py ../shared/data/dates --errors TimeBank

The spaCy parses are cached (``--cache``, a DocBin in /tmp by default) so that a change
to the rules is rescored in seconds; the data is read at run time, never copied.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

from pipeline.config import Settings
from pipeline.evaluation.dates import COUNTS, figures, read_tml, score_document, system_values
from pipeline.nlp import load_model


def parts_of(files: list[Path]) -> dict[str, list[int]]:
    """The named parts: position lists into ``files``."""
    return {
        "all": list(range(len(files))),
        "A": [i for i in range(len(files)) if i % 2 == 0],
        "B": [i for i in range(len(files)) if i % 2 == 1],
        "TimeBank": [i for i, f in enumerate(files) if "TimeBank" in f.parts],
        "AQUAINT": [i for i, f in enumerate(files) if "AQUAINT" in f.parts],
    }


def parsed_docs(files: list[Path], texts: list[str], cache: Path | None):  # type: ignore[no-untyped-def]
    from spacy.tokens import DocBin

    nlp = load_model(Settings().model)
    key = hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]
    path = cache or Path(f"/tmp/cv_dates-{key}.spacy")
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=16))
    bin_ = DocBin(store_user_data=False)
    for d in docs:
        bin_.add(d)
    bin_.to_disk(path)
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--errors", help="print the mistakes of this part (all, A, B, TimeBank, AQUAINT)")
    ap.add_argument("--cache", type=Path, help="DocBin file for the parses")
    args = ap.parse_args(argv)
    files = sorted(args.directory.rglob("*.tml"))
    tmls = [read_tml(f) for f in files]
    docs = parsed_docs(files, [t.text for t in tmls], args.cache)
    per_doc = []
    for tml, doc in zip(tmls, docs):
        per_doc.append(score_document(tml, system_values(tml, doc)))
    print("| part | files | gold | relaxed F1 | value F1 |")
    print("| --- | --- | --- | --- | --- |")
    parts = parts_of(files)
    for name, idx in parts.items():
        total = Counter({k: 0 for k in COUNTS})
        for i in idx:
            total.update(per_doc[i][0])
        fig = figures(dict(total))
        print(f"| {name} | {len(idx)} | {fig['n']} | {fig['relaxed_f1']:.4f} | {fig['value_f1']:.4f} |")
    if args.errors:
        for i in parts[args.errors]:
            for text, got, gold in per_doc[i][2]:
                print(f"{files[i].name}\t{text!r}\t{got}\t{gold}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
