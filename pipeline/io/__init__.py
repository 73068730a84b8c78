"""Input and output: files, directories and standard input -> :class:`RawDocument`; atomic writes, Markdown.

Reads: paths, raw bytes or a string. Adds: one :class:`RawDocument` per
article, with its text, SHA-256, format, encoding and the metadata and blocks
its format carries.

Every common article format is read here: plain text, Markdown
(:mod:`.md`), HTML (main text and metadata through trafilatura, :mod:`.html`),
one JSON article object (or a list of them) and JSON Lines (:mod:`.json`).
Bytes are decoded as UTF-8 (with or without BOM), UTF-16/32 with a BOM, or
else detected with charset-normalizer (legacy encodings such as cp1252); the
encoding used is recorded (:mod:`.decode`). :mod:`.paths` finds the files to
read and their format; :mod:`.read` holds the public readers.

Nothing here cleans the text: :func:`pipeline.normalise.normalise` does that.
Structured readers (Markdown, HTML) hand over the blocks they already know
(title, headings, paragraphs, list items) in ``RawDocument.blocks``.

File-level problems raise :class:`PipelineError` (E101-E117); problems with
one record of a JSON list or a JSON Lines file are returned beside the good
records, so a batch carries on.

Output helpers live beside the readers: :mod:`.files` (atomic writes) and
:mod:`.markdown` (the Markdown rendering of an analysis).
"""

from __future__ import annotations

from .decode import decode_bytes
from .json import JSON_FIELDS, JSON_TEXT_FIELDS
from .paths import EXTENSIONS, FORMATS, format_for, iter_input_paths
from .read import read_bytes, read_path, read_text, sniff_format

__all__ = [
    "FORMATS",
    "EXTENSIONS",
    "JSON_TEXT_FIELDS",
    "JSON_FIELDS",
    "iter_input_paths",
    "format_for",
    "sniff_format",
    "decode_bytes",
    "read_path",
    "read_bytes",
    "read_text",
]
