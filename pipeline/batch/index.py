"""The index of an output directory: ``<out_dir>/.pipeline-index.sqlite``.

A SQLite database (standard library ``sqlite3``, WAL mode) that lists every
article written to the directory and every batch run. It is what makes
skipping fast: a run decides whether an article is up to date from the index
and a ``stat`` of its outputs, never by parsing an output file. It is derived
data: when it is missing, unreadable or of another schema version it is
rebuilt from the output JSON files (``article.id``, ``article.source``,
``article.sha256``, ``pipeline.settings_hash``, ``pipeline.version``).

Only the run that holds the output directory's lock (see :mod:`pipeline.batch.lock`)
writes to it; readers (``pipeline status``) may read at any time (WAL).

Schema, version :data:`SCHEMA_VERSION` (stored in ``PRAGMA user_version``)::

    articles                    one row per article (or per unreadable input)
      rowid             INTEGER PRIMARY KEY
      id                TEXT    article id = output file stem; NULL when the
                                input failed before an article existed;
                                unique when not NULL
      source            TEXT    the input, as the reader named it (RawDocument.source)
      sha256            TEXT    of the raw input bytes of the article
      settings_hash     TEXT    pipeline.settings_hash of the output
      pipeline_version  TEXT    pipeline.version of the output
      status            TEXT    'ok' (analysed by its last run), 'skipped'
                                (its last run found it up to date) or
                                'failed' (see reason; no valid outputs)
      reason            TEXT    one-line error for 'failed', else NULL
      outputs           TEXT    JSON list of output file names, relative to
                                the output directory (<id>.json, <id>.md)
      updated           TEXT    ISO 8601 UTC time of the last change

    files                       input files whose articles are all up to date
      path              TEXT PRIMARY KEY   resolved path of the input file
      sha256            TEXT    of the whole file
      settings_hash     TEXT
      pipeline_version  TEXT
      ids               TEXT    JSON list of the article ids the file produced

    runs                        one row per batch run
      id                INTEGER PRIMARY KEY
      started, finished TEXT    ISO 8601 UTC; finished is NULL while a run is
                                going on, or after it was killed
      pid               INTEGER
      status            TEXT    'running', 'done' or 'interrupted'
      processed, skipped, failed  INTEGER counts of articles
      settings_hash, pipeline_version  TEXT

The ``files`` table is a fast path (one hash per file and no reading of
formats); it is not rebuilt from outputs, so the first run after a rebuild
reads every input once (without spaCy) and then fills it again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..results import BatchStatus, FailedArticle, RunRecord, StatusCounts

__all__ = ["INDEX_NAME", "SCHEMA_VERSION", "ArticleRow", "Index", "utc_now"]

log = logging.getLogger(__name__)

INDEX_NAME = ".pipeline-index.sqlite"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT,
    source TEXT NOT NULL,
    sha256 TEXT,
    settings_hash TEXT,
    pipeline_version TEXT,
    status TEXT NOT NULL CHECK (status IN ('ok', 'skipped', 'failed')),
    reason TEXT,
    outputs TEXT NOT NULL DEFAULT '[]',
    updated TEXT NOT NULL
);
CREATE UNIQUE INDEX articles_by_id ON articles(id) WHERE id IS NOT NULL;
CREATE INDEX articles_by_source ON articles(source);
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    settings_hash TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    ids TEXT NOT NULL
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    pid INTEGER,
    status TEXT NOT NULL,
    processed INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    settings_hash TEXT,
    pipeline_version TEXT
);
"""

_TABLES = {"articles", "files", "runs"}


def utc_now() -> str:
    """The current time, ISO 8601 UTC to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One row of the ``articles`` table."""

    id: str | None
    source: str
    sha256: str | None
    settings_hash: str | None
    pipeline_version: str | None
    status: str
    reason: str | None = None
    outputs: tuple[str, ...] = ()
    updated: str = ""

    def outputs_exist(self, out_dir: str | Path) -> bool:
        """True when every output file (paths relative to ``out_dir``) exists."""
        return bool(self.outputs) and all(os.path.exists(os.path.join(out_dir, p)) for p in self.outputs)


def _row(r: sqlite3.Row | tuple[Any, ...]) -> ArticleRow:
    return ArticleRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], tuple(json.loads(r[7] or "[]")), r[8])


_COLUMNS = "id, source, sha256, settings_hash, pipeline_version, status, reason, outputs, updated"


class Index:
    """The index of one output directory; open with :meth:`Index.open`."""

    def __init__(self, out_dir: Path, conn: sqlite3.Connection, *, rebuilt: bool = False) -> None:
        self.out_dir = out_dir
        self.path = out_dir / INDEX_NAME
        self.conn = conn
        #: True when this open created the database from the output files.
        self.rebuilt = rebuilt

    # ------------------------------------------------------------------ open

    @classmethod
    def open(cls, out_dir: str | Path) -> Index:
        """Open the index of ``out_dir``, creating or rebuilding it as needed.

        A database that lacks a table or has another schema version has the index's
        own tables dropped and rebuilt from the ``*.json`` outputs (other tables in the
        file, such as the review decisions, are kept); one that cannot be read at all is
        deleted and rebuilt.
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        path = out / INDEX_NAME
        existed = path.exists()
        if existed:
            try:
                conn = cls._connect(path)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if version == SCHEMA_VERSION and _TABLES <= names:
                    conn.execute("SELECT count(*) FROM articles").fetchone()
                    return cls(out, conn)
                log.warning("%s: schema version %s, expected %s; rebuilding the index tables", path, version, SCHEMA_VERSION)
                with conn:
                    for table in sorted(_TABLES & names):
                        conn.execute(f"DROP TABLE {table}")
                    conn.executescript(_SCHEMA)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                index = cls(out, conn, rebuilt=True)
                index.rebuild()
                return index
            except sqlite3.DatabaseError as exc:
                log.warning("%s: damaged (%s); rebuilding from the outputs", path, exc)
                try:
                    conn.close()
                except Exception:  # noqa: BLE001 - closing a broken connection
                    pass
            for suffix in ("", "-wal", "-shm", "-journal"):
                try:
                    os.unlink(f"{path}{suffix}")
                except FileNotFoundError:
                    pass
        conn = cls._connect(path)
        with conn:
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        index = cls(out, conn, rebuilt=existed or any(out.glob("*.json")))
        if index.rebuilt:
            index.rebuild()
        return index

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(path, timeout=30)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # --------------------------------------------------------------- rebuild

    def rebuild(self) -> int:
        """Fill the ``articles`` table from the ``*.json`` outputs; returns how many.

        A file that is not an analysis (unparsable, no ``article.id``) is left out.
        """
        n = 0
        with self.conn:
            self.conn.execute("DELETE FROM articles")
            self.conn.execute("DELETE FROM files")
            for json_path in sorted(self.out_dir.glob("*.json")):
                try:
                    data = json.loads(json_path.read_text(encoding="utf-8"))
                    article, info = data["article"], data["pipeline"]
                    aid = article["id"]
                    if json_path.stem != aid:
                        continue
                    row = ArticleRow(
                        id=aid,
                        source=article["source"],
                        sha256=article.get("sha256"),
                        settings_hash=info.get("settings_hash"),
                        pipeline_version=info.get("version"),
                        status="ok",
                        outputs=tuple(p.name for p in (json_path, json_path.with_suffix(".md")) if p.exists()),
                        updated=dt.datetime.fromtimestamp(json_path.stat().st_mtime, dt.UTC).replace(microsecond=0).isoformat(),
                    )
                except (OSError, ValueError, KeyError, TypeError) as exc:
                    log.warning("%s: not an analysis file (%s); left out of the index", json_path, exc)
                    continue
                self._put(row)
                n += 1
        log.info("%s: rebuilt from %d output files", self.path, n)
        return n

    # -------------------------------------------------------------- articles

    def _put(self, row: ArticleRow) -> None:
        if row.id is not None:
            self.conn.execute("DELETE FROM articles WHERE id = ?", (row.id,))
        else:
            self.conn.execute("DELETE FROM articles WHERE source = ? AND id IS NULL", (row.source,))
        self.conn.execute(
            f"INSERT INTO articles ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.id,
                row.source,
                row.sha256,
                row.settings_hash,
                row.pipeline_version,
                row.status,
                row.reason,
                json.dumps(list(row.outputs)),
                row.updated or utc_now(),
            ),
        )

    def put(self, row: ArticleRow, *, commit: bool = True) -> None:
        """Insert or replace the row of ``row.id`` (of ``row.source`` when id is None)."""
        self._put(row)
        if commit:
            self.conn.commit()

    def get(self, article_id: str) -> ArticleRow | None:
        r = self.conn.execute(f"SELECT {_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _row(r) if r else None

    def by_source(self, source: str) -> list[ArticleRow]:
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM articles WHERE source = ? ORDER BY rowid", (source,))
        return [_row(r) for r in rows]

    def owner(self, article_id: str) -> str | None:
        """The source whose article has this id, or None when the id is free."""
        r = self.conn.execute("SELECT source FROM articles WHERE id = ?", (article_id,)).fetchone()
        return r[0] if r else None

    def forget_unread(self, source: str) -> None:
        """Drop the 'failed before an article existed' row of ``source``."""
        self.conn.execute("DELETE FROM articles WHERE source = ? AND id IS NULL", (source,))

    def mark_skipped(self, ids: Iterable[str]) -> None:
        """Set status 'skipped' (their last run found them up to date); no commit."""
        now = utc_now()
        self.conn.executemany("UPDATE articles SET status = 'skipped', updated = ? WHERE id = ?", ((now, i) for i in ids))

    def commit(self) -> None:
        self.conn.commit()

    def rows(self, status: str | None = None) -> Iterator[ArticleRow]:
        if status is None:
            cur = self.conn.execute(f"SELECT {_COLUMNS} FROM articles ORDER BY source, id")
        else:
            cur = self.conn.execute(f"SELECT {_COLUMNS} FROM articles WHERE status = ? ORDER BY source, id", (status,))
        for r in cur:
            yield _row(r)

    # ----------------------------------------------------------------- files

    def file(self, path: str) -> tuple[str, str, str, tuple[str, ...]] | None:
        """(sha256, settings_hash, pipeline_version, ids) recorded for an input file."""
        r = self.conn.execute("SELECT sha256, settings_hash, pipeline_version, ids FROM files WHERE path = ?", (path,)).fetchone()
        return (r[0], r[1], r[2], tuple(json.loads(r[3]))) if r else None

    def put_file(self, path: str, sha256: str, settings_hash: str, version: str, ids: Iterable[str]) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO files (path, sha256, settings_hash, pipeline_version, ids) VALUES (?, ?, ?, ?, ?)",
            (path, sha256, settings_hash, version, json.dumps(list(ids))),
        )

    def forget_file(self, path: str) -> None:
        self.conn.execute("DELETE FROM files WHERE path = ?", (path,))

    # ------------------------------------------------------------------ runs

    def start_run(self, *, settings_hash: str, version: str) -> int:
        """Record a new run (the caller holds the directory's lock, so any run
        still marked 'running' was killed: it is marked 'interrupted')."""
        with self.conn:
            self.conn.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            cur = self.conn.execute(
                "INSERT INTO runs (started, pid, status, settings_hash, pipeline_version) VALUES (?, ?, 'running', ?, ?)",
                (utc_now(), os.getpid(), settings_hash, version),
            )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, *, processed: int, skipped: int, failed: int, status: str = "done") -> None:
        with self.conn:
            self.conn.execute(
                "UPDATE runs SET finished = ?, status = ?, processed = ?, skipped = ?, failed = ? WHERE id = ?",
                (utc_now(), status, processed, skipped, failed, run_id),
            )

    # ---------------------------------------------------------------- status

    def summary(self) -> BatchStatus:
        """Counts by status, the failures with their reasons, and the last run."""
        counts = {"ok": 0, "skipped": 0, "failed": 0}
        for status, n in self.conn.execute("SELECT status, count(*) FROM articles GROUP BY status"):
            counts[status] = n
        failures = tuple(FailedArticle(r.id, r.source, r.reason, r.updated) for r in self.rows("failed"))
        last = self.conn.execute(
            "SELECT id, started, finished, pid, status, processed, skipped, failed FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        runs = self.conn.execute("SELECT count(*) FROM runs").fetchone()[0]
        return BatchStatus(
            out_dir=str(self.out_dir),
            index=str(self.path),
            articles=sum(counts.values()),
            counts=StatusCounts(**counts),
            failures=failures,
            runs=runs,
            last_run=RunRecord(*last) if last else None,
            rebuilt=self.rebuilt,
        )
