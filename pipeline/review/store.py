"""Review decisions in the output directory's SQLite database.

The decisions live in ``<out_dir>/.pipeline-index.sqlite``, the batch index,
in tables of their own (the index's tables are not touched; WAL mode, so a
run and a reviewer can use the file at the same time)::

    review_decisions            the decision in force, one row per (article, flag key)
      article_id  TEXT          the article's id (output file stem)
      key         TEXT          the flag key (:func:`pipeline.review.flag_key`)
      decision    TEXT          'accepted' or 'dismissed'
      category, rule, cue TEXT  the flag, as it was when decided
      sentence    TEXT          the sentence's text when decided (for carrying over)
      reviewer    TEXT          who decided (--reviewer, default the OS user name)
      decided     TEXT          ISO 8601 UTC time
      note        TEXT
      PRIMARY KEY (article_id, key)

    review_log                  every change, in order (audit trail and undo)
      id          INTEGER PRIMARY KEY
      session     TEXT          the terminal or web session that made it
      step        INTEGER       one per record() call: what one undo takes back
      article_id, key TEXT
      decision    TEXT          'accepted', 'dismissed' or 'clear'
      previous    TEXT          JSON of the row it replaced (null: none)
      reviewer, time TEXT
      undone      INTEGER       1 once undone

    review_meta                 name -> value ('schema' = 1, 'migrated' = time)

Decisions recorded before this database existed, ``<out_dir>/reviews/<id>.json``,
are moved in on first use, and the folder is renamed ``reviews.migrated/``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..models import Flag, Sentence
from .decisions import DECISIONS, key_of

__all__ = ["DB_NAME", "Change", "ReviewStore", "default_reviewer", "load_reviews", "legacy_key"]

log = logging.getLogger(__name__)

#: The output directory's database, shared with the batch index.
DB_NAME = ".pipeline-index.sqlite"
STORE_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS review_decisions (
    article_id TEXT NOT NULL,
    key TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'dismissed')),
    category TEXT NOT NULL,
    rule TEXT NOT NULL,
    cue TEXT NOT NULL,
    sentence TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    decided TEXT NOT NULL,
    note TEXT,
    PRIMARY KEY (article_id, key)
);
CREATE TABLE IF NOT EXISTS review_log (
    id INTEGER PRIMARY KEY,
    session TEXT NOT NULL,
    step INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    key TEXT NOT NULL,
    decision TEXT NOT NULL,
    previous TEXT,
    reviewer TEXT NOT NULL,
    time TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS review_log_by_session ON review_log(session, undone);
CREATE TABLE IF NOT EXISTS review_meta (name TEXT PRIMARY KEY, value TEXT);
"""

_FIELDS = ("decision", "category", "rule", "cue", "sentence", "reviewer", "decided", "note")


def default_reviewer() -> str:
    """The OS user name (``unknown`` when it cannot be found)."""
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError):
        return "unknown"


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def legacy_key(sentence: Sentence, flag: Flag) -> str:
    """The key ``reviews/<id>.json`` files used (sha1 of category, cue, sentence, offset)."""
    import hashlib

    offset = flag.start - sentence.start
    blob = "\x1f".join((flag.category, flag.cue.lower(), " ".join(sentence.text.split()), str(offset)))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True, slots=True)
class Change:
    """One decision to record: ``decision`` is accepted, dismissed or clear."""

    article_id: str
    key: str
    decision: str
    category: str = ""
    rule: str = ""
    cue: str = ""
    sentence: str = ""
    #: The key of a decision this one replaces (a carried-over one), removed with it.
    replaces: str | None = None


class ReviewStore:
    """The review tables of one output directory; open with :meth:`ReviewStore.open`."""

    def __init__(self, out_dir: Path, conn: sqlite3.Connection) -> None:
        self.out_dir = out_dir
        self.conn = conn

    @classmethod
    def open(cls, out_dir: str | Path) -> ReviewStore:
        """Open (creating the tables if needed) and migrate old ``reviews/*.json`` files.

        The database file should already exist (the batch index creates it;
        ``pipeline.api`` opens the index first). Raises E208 when it cannot be used.
        """
        out = Path(out_dir)
        path = out / DB_NAME
        try:
            conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
            if not _has_tables(conn):
                conn.execute("PRAGMA journal_mode = WAL")
                with conn:
                    conn.executescript(_SCHEMA)
                    conn.execute("INSERT OR IGNORE INTO review_meta (name, value) VALUES ('schema', ?)", (STORE_VERSION,))
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise PipelineError("E208", str(path), detail=str(exc)) from None
        store = cls(out, conn)
        if (out / "reviews").is_dir():
            store.migrate()
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------------ read

    def decisions(self, article_id: str) -> dict[str, dict[str, Any]]:
        """The decisions in force for an article: ``{key: record}``."""
        rows = self.conn.execute(
            f"SELECT key, {', '.join(_FIELDS)} FROM review_decisions WHERE article_id = ? ORDER BY key", (article_id,)
        ).fetchall()
        return {r[0]: dict(zip(_FIELDS, r[1:])) for r in rows}

    def all_decisions(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Every article's decisions: ``{article_id: {key: record}}``."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for r in self.conn.execute(f"SELECT article_id, key, {', '.join(_FIELDS)} FROM review_decisions ORDER BY article_id, key"):
            out.setdefault(r[0], {})[r[1]] = dict(zip(_FIELDS, r[2:]))
        return out

    # ----------------------------------------------------------------- write

    def record(self, changes: Iterable[Change], *, reviewer: str, session: str = "", note: str | None = None) -> int:
        """Record decisions at once (one transaction); returns how many rows changed.

        ``clear`` forgets a decision. Raises E207 for an unknown decision.
        """
        now = _now()
        n = 0
        with self.conn:
            step = self.conn.execute("SELECT coalesce(max(step), 0) + 1 FROM review_log").fetchone()[0]
            for c in changes:
                if c.decision != "clear" and c.decision not in DECISIONS:
                    raise PipelineError("E207", None, decision=c.decision)
                previous = self._row(c.article_id, c.key)
                if c.replaces and c.replaces != c.key:
                    replaced = self._row(c.article_id, c.replaces)
                    if replaced is not None:
                        self.conn.execute("DELETE FROM review_decisions WHERE article_id = ? AND key = ?", (c.article_id, c.replaces))
                        self._log(session, step, c.article_id, c.replaces, "clear", replaced, reviewer, now)
                if c.decision == "clear":
                    if previous is None:
                        continue
                    self.conn.execute("DELETE FROM review_decisions WHERE article_id = ? AND key = ?", (c.article_id, c.key))
                else:
                    rec = previous or {}
                    self.conn.execute(
                        "INSERT OR REPLACE INTO review_decisions (article_id, key, decision, category, rule, cue, sentence, reviewer, decided, note)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            c.article_id,
                            c.key,
                            c.decision,
                            c.category or rec.get("category", ""),
                            c.rule or rec.get("rule", ""),
                            c.cue or rec.get("cue", ""),
                            c.sentence or rec.get("sentence", ""),
                            reviewer,
                            now,
                            note,
                        ),
                    )
                self._log(session, step, c.article_id, c.key, c.decision, previous, reviewer, now)
                n += 1
        return n

    def undo(self, session: str) -> tuple[str, str] | None:
        """Undo the last :meth:`record` call of ``session`` (every change it made);
        returns the (article_id, key) it decided, or None when there is nothing to undo."""
        with self.conn:
            last = self.conn.execute("SELECT max(step) FROM review_log WHERE session = ? AND undone = 0", (session,)).fetchone()[0]
            if last is None:
                return None
            rows = self.conn.execute(
                "SELECT id, article_id, key, previous FROM review_log WHERE session = ? AND step = ? AND undone = 0 ORDER BY id DESC",
                (session, last),
            ).fetchall()
            for log_id, aid, k, previous in rows:
                self.conn.execute("DELETE FROM review_decisions WHERE article_id = ? AND key = ?", (aid, k))
                if previous:
                    rec = json.loads(previous)
                    self.conn.execute(
                        f"INSERT INTO review_decisions (article_id, key, {', '.join(_FIELDS)}) VALUES (?, ?, {', '.join('?' * len(_FIELDS))})",
                        (aid, k, *(rec.get(f) for f in _FIELDS)),
                    )
                self.conn.execute("UPDATE review_log SET undone = 1 WHERE id = ?", (log_id,))
        return rows[0][1], rows[0][2]

    def _row(self, article_id: str, key: str) -> dict[str, Any] | None:
        r = self.conn.execute(
            f"SELECT {', '.join(_FIELDS)} FROM review_decisions WHERE article_id = ? AND key = ?", (article_id, key)
        ).fetchone()
        return dict(zip(_FIELDS, r)) if r else None

    def _log(
        self, session: str, step: int, article_id: str, key: str, decision: str, previous: Mapping[str, Any] | None, reviewer: str, now: str
    ) -> None:
        self.conn.execute(
            "INSERT INTO review_log (session, step, article_id, key, decision, previous, reviewer, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (session, step, article_id, key, decision, json.dumps(dict(previous)) if previous else None, reviewer, now),
        )

    # ------------------------------------------------------------- migration

    def migrate(self) -> int:
        """Move ``reviews/<id>.json`` decisions into the database; returns how many.

        A decision is re-keyed through the article's current analysis
        (``<id>.json``) when its flag is still there; otherwise it is kept with
        the sentence, cue and category the file recorded (no rule: it carries
        over to a flag of any rule). The folder is then renamed
        ``reviews.migrated/`` so that nothing is migrated twice.
        """
        folder = self.out_dir / "reviews"
        rows = []
        for path in sorted(folder.glob("*.json")):
            article_id = path.stem
            try:
                records = read_legacy(path)
            except PipelineError as exc:
                log.warning("%s; not migrated", exc.line())
                continue
            current: dict[str, tuple[Sentence, Flag]] = {}
            analysis_path = self.out_dir / f"{article_id}.json"
            if analysis_path.is_file():
                try:
                    from .queue import load_analysis_file

                    analysis = load_analysis_file(analysis_path)
                    current = {legacy_key(s, f): (s, f) for s in analysis.sentences for f in s.flags}
                except PipelineError as exc:
                    log.warning("%s: cannot read (%s); migrating %s without it", analysis_path, exc.detail, path)
            for old_key, rec in records.items():
                if rec.get("decision") not in DECISIONS:
                    continue
                if old_key in current:
                    s, f = current[old_key]
                    text, rule, cue, category = s.text, f.rule, f.cue, f.category
                else:
                    text, rule, cue, category = str(rec.get("sentence", "")), "", str(rec.get("cue", "")), str(rec.get("category", ""))
                key = key_of(text, rule=rule, cue=cue, category=category)
                rows.append(
                    (
                        article_id,
                        key,
                        rec["decision"],
                        category,
                        rule,
                        cue,
                        text,
                        "migrated",
                        str(rec.get("time") or _now()),
                        rec["note"] if isinstance(rec.get("note"), str) else None,
                    )
                )
        with self.conn:
            self.conn.executemany(
                "INSERT OR IGNORE INTO review_decisions (article_id, key, decision, category, rule, cue, sentence, reviewer, decided, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            self.conn.execute("INSERT OR REPLACE INTO review_meta (name, value) VALUES ('migrated', ?)", (_now(),))
        target = self.out_dir / "reviews.migrated"
        n = 1
        while target.exists():
            n += 1
            target = self.out_dir / f"reviews.migrated.{n}"
        os.replace(folder, target)
        log.info("%s: %d decisions migrated from %s (now %s)", self.out_dir, len(rows), folder, target)
        return len(rows)


def read_legacy(path: Path) -> dict[str, dict[str, Any]]:
    """The decisions of one ``reviews/<id>.json`` file; raises E205 when it is damaged."""
    if not path.is_file():  # a directory, or a named pipe that would block the read
        raise PipelineError("E205", str(path), detail="it is a directory, not a file" if path.is_dir() else "it is not a regular file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("it is not a JSON object")
        decisions = data["decisions"]
        if not isinstance(decisions, dict):
            raise ValueError("'decisions' is not an object")
        for key, rec in decisions.items():
            if not isinstance(rec, dict):
                raise ValueError(f"decision {key[:40]!r} is not an object")
    except OSError as exc:
        raise PipelineError("E205", str(path), detail=exc.strerror or str(exc)) from None
    except KeyError:
        raise PipelineError("E205", str(path), detail="it has no 'decisions'") from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise PipelineError("E205", str(path), detail=str(exc)) from None
    return decisions


def _has_tables(conn: sqlite3.Connection) -> bool:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {"review_decisions", "review_log", "review_meta"} <= names


def load_reviews(out_dir: str | Path, article_id: str) -> dict[str, dict[str, Any]]:
    """The decisions recorded for an article (key -> record); empty when none.

    Only reads (a batch run calls it while it holds the database): the review
    table when it exists, and an old ``reviews/<id>.json`` not yet migrated
    (its decisions carry over by sentence, cue and category). Raises E205 for a
    damaged old file, E208 for an unreadable database.
    """
    out = Path(out_dir)
    found = _legacy_records(out / "reviews" / f"{article_id}.json")
    if (out / DB_NAME).exists():
        try:
            conn = sqlite3.connect(out / DB_NAME, timeout=30)
            try:
                if _has_tables(conn):
                    found.update(ReviewStore(out, conn).decisions(article_id))
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise PipelineError("E208", str(out / DB_NAME), detail=str(exc)) from None
    return found


def _legacy_records(legacy: Path) -> dict[str, dict[str, Any]]:
    if not legacy.exists() and not legacy.is_symlink():
        return {}
    return {
        key_of(str(r.get("sentence", "")), rule="", cue=str(r.get("cue", "")), category=str(r.get("category", ""))): {
            "decision": r["decision"],
            "category": str(r.get("category", "")),
            "rule": "",
            "cue": str(r.get("cue", "")),
            "sentence": str(r.get("sentence", "")),
        }
        for r in read_legacy(legacy).values()
        if r.get("decision") in DECISIONS
    }
