"""A review session over one output directory: what the terminal loop and the web app use.

:class:`ReviewSession` reads the analyses (cached until their file changes),
records decisions in the store at once, undoes the session's last step, and
refreshes an article's outputs after its decisions changed (see
:mod:`pipeline.review.refresh`: no re-reading of the source; the article text
stored in the analysis is parsed again only when the summary must be chosen
again, and the parse is kept for the next decision on the same article). The
methods are safe to call from several threads (the web server's).
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PipelineError
from ..models import Analysis, Article
from .queue import ArticleState, ReviewItem, analysis_ids, article_state, load_analysis_file
from .refresh import refresh_analysis
from .store import Change, ReviewStore, default_reviewer

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from ..config import Settings

__all__ = ["ReviewSession"]

#: Parses kept in memory (articles a reviewer is likely to come back to).
DOC_CACHE = 8


class ReviewSession:
    """Decisions on the flags of the articles ``ids`` (None: all) of ``out_dir``."""

    def __init__(
        self,
        out_dir: str | Path,
        *,
        settings: Settings,
        ids: Sequence[str] | None = None,
        reviewer: str | None = None,
        session: str | None = None,
    ) -> None:
        self.out_dir = Path(out_dir)
        self.settings = settings
        self.ids = None if ids is None else list(ids)
        self.reviewer = reviewer or default_reviewer()
        self.session = session or secrets.token_hex(8)
        self.store = ReviewStore.open(self.out_dir)
        self._lock = threading.RLock()
        self._analyses: dict[str, tuple[int, Analysis]] = {}
        self._docs: OrderedDict[tuple[str, str], Doc] = OrderedDict()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> ReviewSession:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ read

    def article_ids(self) -> list[str]:
        return analysis_ids(self.out_dir) if self.ids is None else list(self.ids)

    def analysis(self, article_id: str) -> Analysis:
        path = self.out_dir / f"{article_id}.json"
        with self._lock:
            try:
                mtime = path.stat().st_mtime_ns
            except OSError:
                raise PipelineError("E209", None, target=article_id, out_dir=str(self.out_dir)) from None
            hit = self._analyses.get(article_id)
            if hit is None or hit[0] != mtime:
                hit = (mtime, load_analysis_file(path))
                self._analyses[article_id] = hit
            return hit[1]

    def state(self, article_id: str) -> ArticleState:
        with self._lock:
            return article_state(self.analysis(article_id), self.store.decisions(article_id), suppress=self.settings.review.suppress)

    def states(self) -> list[ArticleState]:
        """Every article, the most loaded first (unquoted, undismissed flags per 1,000 words)."""
        with self._lock:
            states = [self.state(a) for a in self.article_ids()]
        return sorted(states, key=lambda st: (-st.load, st.article_id))

    def items(self, *, status: str | None = "pending", category: str | None = None, rule: str | None = None) -> list[ReviewItem]:
        """The flags to review, in queue order (filters: None for any)."""
        return [
            it
            for st in self.states()
            for it in st.items
            if (status is None or it.flag.status == status)
            and (category is None or it.flag.category == category)
            and (rule is None or it.flag.rule == rule)
        ]

    def orphans(self) -> list[dict[str, Any]]:
        """Decisions that match no flag of their article any more (and articles gone)."""
        out: list[dict[str, Any]] = []
        ids = set(self.article_ids())
        with self._lock:
            for article_id, decisions in sorted(self.store.all_decisions().items()):
                if self.ids is not None and article_id not in ids:
                    continue
                if not (self.out_dir / f"{article_id}.json").is_file():
                    out.extend({"article_id": article_id, "key": k, **rec, "why": "article gone"} for k, rec in decisions.items())
                    continue
                out.extend({**o, "why": "sentence gone"} for o in self.state(article_id).orphans)
        return out

    def find(self, article_id: str, key: str) -> ReviewItem:
        """The flag of ``article_id`` with this key (its own, or its decision's); E206 if none."""
        for it in self.state(article_id).items:
            if key in (it.flag.key, it.flag.decision_key):
                return it
        raise PipelineError("E206", str(self.out_dir / f"{article_id}.json"), key=key)

    def locate(self, key: str) -> list[str]:
        """The articles with a flag of this key."""
        return [a for a in self.article_ids() if any(key in (it.flag.key, it.flag.decision_key) for it in self.state(a).items)]

    # ----------------------------------------------------------------- write

    def decide(self, decisions: Iterable[tuple[str, str, str]], *, refresh: bool = True, note: str | None = None) -> set[str]:
        """Record ``(article_id, key, decision)`` triples as one step (accepted,
        dismissed or clear); refresh the outputs of the articles touched; return their ids."""
        with self._lock:
            changes = []
            for article_id, key, decision in decisions:
                item = self.find(article_id, key)
                f = item.flag
                if decision == "clear":
                    changes.append(Change(article_id, f.decision_key or f.key, "clear"))
                else:
                    replaces = f.decision_key if f.carried_over else None
                    changes.append(Change(article_id, f.key, decision, f.category, f.rule, f.cue, item.sentence, replaces=replaces))
            self.store.record(changes, reviewer=self.reviewer, session=self.session, note=note)
            touched = {c.article_id for c in changes}
            if refresh:
                for article_id in sorted(touched):
                    self.refresh(article_id)
            return touched

    def undo(self, *, refresh: bool = True) -> tuple[str, str] | None:
        """Undo this session's last step; returns its (article_id, key) or None."""
        with self._lock:
            done = self.store.undo(self.session)
            if done is not None and refresh:
                self.refresh(done[0])
            return done

    def refresh(self, article_id: str) -> Analysis:
        """Rewrite ``<id>.json`` and ``<id>.md`` with the article's current decisions."""
        from ..io.output import write_outputs

        with self._lock:
            analysis = self.analysis(article_id)
            new = refresh_analysis(analysis, self.store.decisions(article_id), settings=self.settings, doc_for=self._doc)
            if new != analysis:
                write_outputs(new, self.out_dir)
            return new

    def _doc(self, article: Article) -> Doc:
        key = (article.id, article.sha256)
        doc = self._docs.get(key)
        if doc is None:
            from ..chain import pipeline_for
            from ..parse import parse_text

            doc = parse_text(article.text, pipeline_for(self.settings).resources.nlp)
            self._docs[key] = doc
            while len(self._docs) > DOC_CACHE:
                self._docs.popitem(last=False)
        self._docs.move_to_end(key)
        return doc
