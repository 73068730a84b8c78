"""Analyse a fixed set of real articles and write their analysis JSON, for before/after comparisons.

A restructuring must not change any result. Run this before and after, then compare::

    python scripts/snapshot_analyses.py /tmp/before
    ... change the code ...
    python scripts/snapshot_analyses.py /tmp/after
    python scripts/snapshot_analyses.py --compare /tmp/before /tmp/after

The set: the sample in ``inputs/``, the first 60 BBC and 40 CNN/DailyMail articles of
``../shared/data/summaries`` and the first 50 pages of ``../shared/data/articles-html``
(151 articles). ``--compare`` ignores ``pipeline.version`` and ``pipeline.settings_hash`` (the
result key, which covers the version), since a version bump is not a change of result.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def _inputs() -> list[tuple[str, bytes, str]]:
    out: list[tuple[str, bytes, str]] = []
    for path in sorted((ROOT / "inputs").glob("*.txt")):
        out.append((path.name, path.read_bytes(), "txt"))
    for name, count in (("dev.jsonl", 60), ("cnndm-dev.jsonl", 40)):
        lines = (DATA / "summaries" / name).read_text(encoding="utf-8").splitlines()[:count]
        for n, line in enumerate(lines):
            out.append((f"{name}-{n:03d}", line.encode("utf-8"), "json"))
    pages = sorted((DATA / "articles-html" / "html").glob("*.html"))[:50]
    out.extend((p.name, p.read_bytes(), "html") for p in pages)
    return out


def snapshot(dest: Path) -> int:
    from pipeline import api

    dest.mkdir(parents=True, exist_ok=True)
    settings = api.load_settings()
    n = 0
    for name, data, fmt in _inputs():
        analysis = api.analyse(data.decode("utf-8", errors="replace"), source=name, settings=settings, format=fmt)
        doc = json.loads(api.analysis_json(analysis))
        doc["pipeline"]["version"] = "-"
        (dest / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        n += 1
    return n


def _comparable(path: Path) -> object:
    """The analysis without the fields a restructuring may change on purpose: the pipeline
    version and ``settings_hash`` (the result key, which covers the version)."""
    if not path.is_file():
        return None
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["pipeline"]["version"] = doc["pipeline"]["settings_hash"] = "-"
    return doc


def compare(a: Path, b: Path) -> int:
    names = sorted({p.name for p in a.glob("*.json")} | {p.name for p in b.glob("*.json")})
    differ = [n for n in names if _comparable(a / n) is None or _comparable(a / n) != _comparable(b / n)]
    print(f"{len(names)} analyses compared, {len(differ)} differ")
    for n in differ[:20]:
        print(f"  differs: {n}")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--compare", action="store_true", help="compare two snapshot directories")
    args = parser.parse_args()
    if args.compare:
        return compare(*args.dirs[:2])
    print(f"{snapshot(args.dirs[0])} analyses written to {args.dirs[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
