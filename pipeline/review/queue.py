"""What there is to review in an output directory: articles, flags, their status.

The status of every flag is computed when asked, from the analysis JSON
(``<out_dir>/<id>.json``), the decisions in the database and the suppressions
in the settings, so it is right even when an output has not been refreshed.
Articles come most loaded first (unquoted flags per 1,000 words), flags in
article order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ..errors import PipelineError
from ..models import Analysis, Sentence
from .decisions import flag_key, match_decisions, suppressed

__all__ = ["FlagView", "ReviewItem", "ArticleState", "resolve_targets", "analysis_ids", "load_analysis_file", "article_state", "outlet_of"]

#: Sentences of context shown before and after a flagged sentence.
CONTEXT = 1


@dataclass(frozen=True, slots=True)
class FlagView:
    """A flag as a reviewer sees it; ``start``/``end`` are offsets into its sentence."""

    key: str
    category: str
    rule: str
    cue: str
    start: int
    end: int
    weight: float
    status: str
    carried_over: bool = False
    suppressed: bool = False
    quoted: bool = False
    #: The key the decision is stored under (the old sentence's, when carried over).
    decision_key: str | None = None
    reviewer: str | None = None
    decided: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One flag to review, with its sentence and the sentences around it."""

    article_id: str
    sentence_id: str
    sentence: str
    flag: FlagView
    #: Every flag of the sentence (for highlighting), this one included.
    flags: tuple[FlagView, ...]
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleState:
    """An article's flags with their current status, and its orphaned decisions."""

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    source: str
    load: float
    items: tuple[ReviewItem, ...]
    orphans: tuple[Mapping[str, Any], ...] = ()

    def counts(self) -> dict[str, int]:
        out = {"pending": 0, "accepted": 0, "dismissed": 0}
        for item in self.items:
            out[item.flag.status] += 1
        return out


def outlet_of(analysis: Analysis) -> str | None:
    """The publication: a site name or source from the metadata, else the URL's host."""
    meta = analysis.article.meta or {}
    for name in ("outlet", "sitename", "publisher", "source", "hostname"):
        value = meta.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    if analysis.article.url:
        return urlparse(analysis.article.url).hostname
    return None


def load_analysis_file(path: Path) -> Analysis:
    """An analysis read and validated as :func:`pipeline.io.analyses.read_analysis` does (a
    regular file, a schema version this pipeline reads, valid, its id a safe file name)."""
    from ..chain import SCHEMA_VERSION
    from ..io.analyses import read_analysis

    return read_analysis(path, current=SCHEMA_VERSION)


def analysis_ids(out_dir: Path) -> list[str]:
    """The ids of the analyses in ``out_dir`` (``<id>.json`` next to ``<id>.md``)."""
    return sorted(p.stem for p in out_dir.glob("*.json") if not p.name.startswith(".") and p.with_suffix(".md").is_file())


def resolve_targets(targets: Sequence[str], out_dir: str | Path) -> tuple[Path, list[str] | None]:
    """The output directory and article ids that ``targets`` name.

    A target is an output directory, an analysis JSON file, or an article id in
    ``out_dir``. No target: every article of ``out_dir`` (ids None). Raises
    E209 for a target that names nothing, E212 for several directories.
    """
    default = Path(out_dir)
    if not targets:
        return default, None
    dirs: set[Path] = set()
    ids: list[str] = []
    whole = False
    for t in targets:
        p = Path(t)
        if p.is_dir():
            dirs.add(p.resolve())
            whole = True
        elif p.is_file() and p.suffix.lower() == ".json":
            dirs.add(p.resolve().parent)
            ids.append(p.stem)
        elif (default / f"{t}.json").is_file():
            dirs.add(default.resolve())
            ids.append(t)
        else:
            raise PipelineError("E209", None, target=t, out_dir=str(default))
    if len(dirs) > 1:
        raise PipelineError("E212", None, dirs=", ".join(sorted(map(str, dirs))))
    return dirs.pop(), None if whole else ids


def _view(s: Sentence, j: int, decisions: Mapping[str, Mapping[str, Any]], match: Any, suppress: Iterable[str]) -> FlagView:
    f = s.flags[j]
    key = flag_key(s, f)
    rec = decisions.get(match.key) if match else None
    is_suppressed = match is None and bool(suppress) and suppressed(f, suppress)
    return FlagView(
        key=key,
        category=f.category,
        rule=f.rule,
        cue=f.cue,
        start=f.start - s.start,
        end=f.end - s.start,
        weight=f.weight,
        status=match.decision if match else ("dismissed" if is_suppressed else "pending"),
        carried_over=bool(match and match.carried_over),
        suppressed=is_suppressed,
        quoted=f.quoted,
        decision_key=match.key if match else None,
        reviewer=rec.get("reviewer") if rec else None,
        decided=rec.get("decided") if rec else None,
    )


def article_state(analysis: Analysis, decisions: Mapping[str, Mapping[str, Any]], *, suppress: Sequence[str] = ()) -> ArticleState:
    """Every flag of ``analysis`` with its status under ``decisions`` and ``suppress``."""
    sentences = analysis.sentences
    marks, orphans = match_decisions(sentences, decisions)
    items = []
    for i, s in enumerate(sentences):
        if not s.flags:
            continue
        views = tuple(_view(s, j, decisions, marks.get((i, j)), suppress) for j in range(len(s.flags)))
        before = tuple(x.text for x in sentences[max(0, i - CONTEXT) : i])
        after = tuple(x.text for x in sentences[i + 1 : i + 1 + CONTEXT])
        for v in views:
            items.append(ReviewItem(analysis.article.id, s.id, s.text, v, views, before, after))
    words = analysis.article.word_count
    unquoted = sum(1 for it in items if not it.flag.quoted and it.flag.status != "dismissed")
    return ArticleState(
        article_id=analysis.article.id,
        title=analysis.article.title,
        outlet=outlet_of(analysis),
        published=analysis.article.published,
        source=analysis.article.source,
        load=round(1000 * unquoted / words, 2) if words else 0.0,
        items=tuple(items),
        orphans=tuple({"article_id": analysis.article.id, "key": k, **decisions[k]} for k in orphans),
    )
