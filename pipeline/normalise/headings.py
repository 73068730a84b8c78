"""Headings in plain text, decided by general evidence: shape, position, neighbours.

A line is a heading when it has a heading's *shape* and stands where headings
stand. Each decision is named (the block's ``rule``) by the evidence behind it:

- ``toc_entry``: the line repeats an entry of the text's own table of
  contents (a ``Contents`` header and the short lines after it). The
  strongest evidence; also splits a heading glued onto the end of a sentence.
- ``title_case``: a short title-case line without final punctuation, followed
  by more text.
- ``sentence_case`` / ``question`` / ``numbered``: a short line without final
  punctuation (a question mark allowed), or ``1. Do this``, that sits between
  a finished paragraph and a longer prose paragraph, not inside a run of such
  short lines (that run is a list, or lines of a poem or a tweet) and not after
  a line that announces a list (``…:``).

Counter-evidence always wins (:func:`not_a_heading`): a line in quotation marks
is a quotation, one in brackets an aside; a line after a colon is a list item;
a line inside a run of short unpunctuated lines is a list; a line repeated
three times or more, or whose ``Label:`` part is, is a label of the page
(``Price: …``, a table's header row), since an article names each of its
sections once; a question that opens with a determiner (``The upshot?``) is a
rhetorical lead-in to the next sentence, and one with a tag (``…, isn't it?``)
a remark to the reader, not a heading.
No rule names words of any article; the only vocabulary is the English
table-of-contents header (:data:`TOC_HEADER`) and English determiners.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["TOC_HEADER", "toc_entries", "heading_shape", "glued_heading", "heading_rule", "is_quotation", "key", "labels", "not_a_heading"]

#: A table-of-contents header line.
TOC_HEADER = re.compile(
    r"^(table of contents|contents|in this (article|story|post|guide|piece)|on this page|jump to( section)?|quick links|"
    r"article contents|what'?s inside|skip ahead)\s*:?$",
    re.I,
)
_BULLET = re.compile(r"^(?:[-*•·‣◦▪●–—]|\(?\d{1,3}[.)])\s+(?=\S)")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_SENTENCE_CLOSE = re.compile(r"\w[.!?][\"'”’)]?$|\w[\"”’)]$")
_QUOTED = re.compile(r"^[\"“‘'].*[\"”’']$")
#: A line, or the label before its colon, seen this many times is a label of the page, not a heading.
MIN_LABEL_REPEATS = 3
#: Determiners: a question opening with one is a verbless lead-in (``The good news?``), not a heading.
DETERMINERS: frozenset[str] = frozenset("the a an this that these those my your our their his her its".split())
_TAG_QUESTION = re.compile(r",\s+\w+(?:n[’']t)?\s+(?:it|i|you|we|they|he|she|there|that)\?$", re.I)
_LABEL = re.compile(r"^([^:]{1,40}):\s+\S")
#: The most words a sentence-case heading has (title-case ones: see segment.looks_like_heading).
MAX_HEADING_WORDS = 12
#: The most words of a heading glued onto the end of a sentence (the glue is evidence too).
MAX_GLUED_WORDS = 16
#: A prose paragraph after a heading is at least this many words (six: a short finished sentence; every
#: fold of scripts/cv_ingestion.py chose it over 12 and 20 on the held-out articles).
MIN_PROSE_WORDS = 6


def key(text: str) -> str:
    """Comparison key: lower-case word characters only."""
    return "".join(re.findall(r"\w+", text.casefold()))


def is_quotation(line: str) -> bool:
    """True when the whole line stands in quotation marks (a quote, never a heading)."""
    return bool(_QUOTED.match(line.strip()))


def toc_entries(lines: Sequence[str]) -> frozenset[str]:
    """Keys of the entries of the text's table of contents: the short lines after a
    :data:`TOC_HEADER` line, up to the first that repeats an entry or reads as prose."""
    out: set[str] = set()
    for i, line in enumerate(lines):
        if not TOC_HEADER.match(line.strip()):
            continue
        for entry in lines[i + 1 :]:
            entry = _BULLET.sub("", entry.strip(), count=1) if entry.strip()[:1] in "-*•·‣◦▪●–—" else entry.strip()
            if not entry:
                continue
            k = key(entry)
            if not k or k in out or len(entry.split()) > 20 or entry.endswith("."):
                break
            out.add(k)
        break
    return frozenset(out)


def heading_shape(line: str, *, max_words: int | None = None) -> str | None:
    """``question``, ``numbered``, ``all_caps`` or ``sentence_case`` when ``line`` has a heading's shape, else None.

    Shape: at most :data:`MAX_HEADING_WORDS` words, a capital or a digit first, no
    final full stop, comma, colon, semicolon, exclamation mark or ellipsis, no
    sentence break inside, not wholly in quotation marks.
    """
    max_words = max_words or MAX_HEADING_WORDS
    t = line.strip()
    words = t.split()
    if not words or len(words) > max_words or len(t) > 8 * max_words:
        return None
    if not (t[-1].isalnum() or t[-1] in "?)\"'”’"):
        return None
    numbered = _NUMBERED.match(t)
    body = t[numbered.end() :] if numbered else t
    if t[-1] in ".,;:!…" or _QUOTED.match(t) or re.search(r"\w[.][\"”’)]?\s+[A-Z]", body):
        return None
    if not body[:1].isupper() and not body[:1].isdigit() and body[:1] not in "\"“‘'":
        return None
    if sum(ch.isalpha() for ch in body) < 3:
        return None
    if numbered:
        return "numbered"
    if t.endswith("?"):
        return "question"
    if body.isupper():
        return "all_caps"
    return "sentence_case"


_GLUED_TAIL = re.compile(r"(?<=[A-Za-z0-9%)\]”’\"'][.!?])(?:[\"”’)]?)(?=(?:\d{1,2}[.)] )?[A-Z“\"‘])")


def glued_heading(line: str, entries: frozenset[str]) -> tuple[str, str, str] | None:
    """``(prose, heading, rule)`` when a heading is glued onto the end of ``line``, else None.

    The heading is the text after the last sentence end that is followed
    without a space by a capital (or ``3. ``): either an entry of the table
    of contents (``toc_entry``), or a heading-shaped tail after a finished
    sentence (``glued_<shape>``).
    """
    t = line.rstrip()
    # an entry of the table of contents glued on the end, right after a sentence end
    if entries:
        for p in range(len(t) - 1, 0, -1):
            if t[p - 1] in '.!?"”’)' and t[p].isalnum() and _SENTENCE_CLOSE.search(t, 0, p) and key(t[p:]) in entries:
                return t[:p].rstrip(), t[p:].strip(), "toc_entry"
    matches = list(_GLUED_TAIL.finditer(t))
    if not matches:
        return None
    m = matches[-1]
    prose, tail = t[: m.end()].rstrip(), t[m.end() :].strip()
    before = re.search(r"(\w+)[.!?][\"”’)]?$", prose)
    if before is None or (len(before.group(1)) < 2 and not before.group(1).isdigit()):
        return None  # "U.S.A" and initials are not sentence ends
    if re.search(r"\b(mr|mrs|ms|dr|st|jr|sr|prof|no|vs|etc|inc|ltd|co)[.]$", prose, re.I):
        return None
    shape = heading_shape(tail, max_words=MAX_GLUED_WORDS)
    if shape is None or entries:
        return None  # with a table of contents, only its entries are glued headings
    return prose, tail, f"glued_{shape}"


def _short_unpunctuated(line: str | None) -> bool:
    return line is not None and len(line.split()) <= 20 and not _SENTENCE_END.search(line.strip())


def _is_prose(line: str | None) -> bool:
    return line is not None and len(line.split()) >= MIN_PROSE_WORDS and bool(_SENTENCE_END.search(line.strip()))


def _label_key(line: str) -> str | None:
    m = _LABEL.match(line.strip())
    return key(m.group(1)) + ":" if m else None


def labels(lines: Sequence[str]) -> frozenset[str]:
    """Keys of lines (or of their ``Label:`` part) repeated at least :data:`MIN_LABEL_REPEATS` times
    (the first line, a title, and list items, which may list the headings, do not count)."""
    counts: dict[str, int] = {}
    for line in lines[1:]:
        if _BULLET.match(line.strip()):
            continue
        for k in {key(line), _label_key(line)}:
            if k:
                counts[k] = counts.get(k, 0) + 1
    return frozenset(k for k, n in counts.items() if n >= MIN_LABEL_REPEATS)


def _labelled(line: str, repeated: frozenset[str]) -> bool:
    return key(line) in repeated or _label_key(line) in repeated


def _stacked(lines: Sequence[str], i: int) -> bool:
    """The next line is a numbered heading before prose and this one is not numbered: a heading over its first step.

    (Two unnumbered short lines before prose read as a list, see :func:`not_a_heading`.)
    """
    return (
        i + 2 < len(lines)
        and not _NUMBERED.match(lines[i].strip())
        and heading_shape(lines[i + 1]) == "numbered"
        and _is_prose(lines[i + 2])
    )


def not_a_heading(lines: Sequence[str], i: int, *, prev_heading: bool = False, repeated: frozenset[str] = frozenset()) -> bool:
    """Counter-evidence against ``lines[i]`` being a heading, whatever its shape (see the module docstring)."""
    line = lines[i].strip()
    prev = lines[i - 1].strip() if i > 0 else None
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else None
    if is_quotation(line) or (line[:1] in "([" and line[-1:] in ")]"):
        return True  # a quotation, or an aside in brackets
    if prev is not None and prev.endswith(":"):
        return True  # an item of an announced list
    if _labelled(line, repeated):
        return True  # a label the page repeats
    if not line.isupper():  # an all-capitals line heads its own list
        if prev is not None and i > 1 and not prev_heading and _short_unpunctuated(prev):
            return True  # after a short line that is not a heading: a list, a table, a poem
        if (
            nxt is not None
            and _short_unpunctuated(nxt)
            and not nxt.endswith(":")
            and not _labelled(nxt, repeated)
            and not _stacked(lines, i)
        ):
            return True  # before a short line: the head of a list
    if re.search(r"\w[.][\"”’)]?\s+[(\[]?[A-Z]", _NUMBERED.sub("", line)):
        return True  # two sentences (a "!" or "?" inside a heading is rhetoric: "Ready? Set? Go")
    words = line.split()
    if line.endswith("?") and _TAG_QUESTION.search(line):
        return True  # "…, isn't it?": a remark to the reader
    return line.endswith("?") and words[0].casefold() in DETERMINERS


def heading_rule(
    lines: Sequence[str],
    i: int,
    *,
    entries: frozenset[str],
    after_toc: int = 0,
    prev_heading: bool = False,
    repeated: frozenset[str] = frozenset(),
) -> str | None:
    """The rule that makes ``lines[i]`` a heading, or None (see the module docstring).

    ``entries`` are the keys of the table of contents (:func:`toc_entries`), and
    ``after_toc`` the index of the first line after it (entries before it are the
    table itself); ``prev_heading`` says the line before was taken as a heading;
    ``repeated`` are the page's labels (:func:`labels`).
    """
    line = lines[i].strip()
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else None
    if nxt is None:
        return None
    if entries and i >= after_toc and key(line) in entries and len(line.split()) <= 20:
        return "toc_entry"
    shape = heading_shape(line)
    if shape is None or entries or not_a_heading(lines, i, prev_heading=prev_heading, repeated=repeated):
        return None
    if shape == "numbered" and _NUMBERED.match(nxt) and not _stacked(lines, i):
        return None
    if not _is_prose(nxt) and not _stacked(lines, i) and not (nxt.endswith(":") and len(nxt.split()) >= 4):
        return None
    return shape
