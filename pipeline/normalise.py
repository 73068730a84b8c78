"""Normalisation: a :class:`RawDocument` -> a clean :class:`Article`.

1. Small ``str -> str`` normalisers composed in order (:data:`NORMALISERS`):
   Unicode NFC, one kind of line ending, control characters other than
   newline and tab removed, white space tidied.
2. Blocks. Structured readers (HTML, Markdown) hand theirs over; plain text is
   segmented here: the title (first line, when it looks like one), headings
   (short title-case lines without final punctuation, also when glued to the
   end of the previous sentence), list items and paragraphs. Sentences glued
   without a space (``…to come.In conclusion``) get one.
3. Boilerplate (:func:`classify_boilerplate`): tables of contents, calls to
   action, related links, bylines, share and subscribe prompts, copyright
   lines, navigation, tags … each recorded as ``Boilerplate(kind, text, rule)``
   and kept out of ``Article.text``. This runs on every format, also on top
   of trafilatura's HTML extraction.
4. The article: blocks joined by a blank line (no newline inside a block),
   block offsets, sections (one per heading), metadata, language, id.

Every rule is general (English function words, punctuation, layout); none is
learned from, or names words of, a particular article.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from .config import IngestSettings
from .errors import PipelineError
from .models import Article, Block, Boilerplate, RawDocument, Section

__all__ = [
    "NORMALISERS",
    "normalise",
    "clean_text",
    "normalise_unicode",
    "normalise_line_endings",
    "remove_control_chars",
    "normalise_whitespace",
    "split_glued",
    "segment_text",
    "looks_like_heading",
    "classify_boilerplate",
    "make_id",
    "slugify",
    "detect_language",
    "iso_date",
    "MAX_ID_LENGTH",
]

MAX_ID_LENGTH = 80

# --------------------------------------------------------------------------
# 1. str -> str normalisers


def normalise_unicode(text: str) -> str:
    """Unicode NFC (composed characters)."""
    return unicodedata.normalize("NFC", text)


_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


def normalise_line_endings(text: str) -> str:
    """CRLF, CR, form feeds and Unicode line/paragraph separators -> ``\\n``."""
    return _LINE_BREAKS.sub("\n", text)


# C0/C1 controls except \t and \n, plus invisible format characters that only get in the way.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\ufffe]")


def remove_control_chars(text: str) -> str:
    """Remove control characters other than ``\\n`` and ``\\t`` (and soft hyphens, zero-width spaces, BOMs)."""
    return _CONTROLS.sub("", text)


_SPACES = re.compile(r"[^\S\n]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def normalise_whitespace(text: str) -> str:
    """Runs of spaces, tabs and no-break spaces -> one space; lines stripped; at most one blank line in a row."""
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _MANY_NEWLINES.sub("\n\n", text).strip("\n")


#: The text normalisers, applied in this order by :func:`clean_text`.
NORMALISERS: tuple[Callable[[str], str], ...] = (
    normalise_unicode,
    normalise_line_endings,
    remove_control_chars,
    normalise_whitespace,
)


def clean_text(text: str) -> str:
    """Apply every function of :data:`NORMALISERS` in order."""
    for fn in NORMALISERS:
        text = fn(text)
    return text


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


# --------------------------------------------------------------------------
# 2. plain-text structure

#: Words a title-case heading leaves in lower case (articles, conjunctions, short prepositions).
MINOR_WORDS: frozenset[str] = frozenset(
    """a an the and but or nor for so yet of to in on at by with from as into onto
    over per via vs vs. versus than up out off about after amid among under upon
    near past till until without within is are was were be its it's""".split()
)

#: Abbreviations that end in a full stop and may be followed directly by a capital.
_ABBREVIATIONS: frozenset[str] = frozenset(
    """mr mrs ms dr st jr sr prof gen col lt sgt capt sen rep gov pres rev hon
    inc ltd co corp no vol fig approx dept est jan feb mar apr jun jul aug sep sept
    oct nov dec mt ft vs etc""".split()
)

# A sentence end glued to the next sentence: "to come.In conclusion" / "for X.X's Ascent".
_GLUE = re.compile(r"(?<=[a-z0-9%)\]”’\"'])([.!?]+)(?=[A-Z][a-z’']|[A-Z] \w|[“\"‘][A-Z]|\$\d)")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[\"'”’)\]]*$")
_LIST_MARK = re.compile(r"^(?:[-*•·‣◦▪●–—]|\(?\d{1,3}[.)]|[a-z][.)])\s+(?=\S)")
_FINAL_PUNCT = ".,;:!"
_WORD = re.compile(r"[^\W_][\w’'.\-]*", re.U)


def _is_title_case(text: str) -> bool:
    """First word capitalised and (almost) every other non-minor word too."""
    words = [w.strip("\"'“”‘’()[]*_:;,") for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return False
    first = next((w for w in words if w[0].isalpha()), None)
    if first is None or not first[0].isupper():
        return False
    lower = upper = 0
    for w in words[1:]:
        if not w[0].isalpha():
            continue
        if w[0].isupper():
            upper += 1
        elif w.lower() not in MINOR_WORDS:
            # hyphenated compounds ("Decades-Long") count by their first part
            lower += 1
    return lower == 0 or (lower == 1 and upper >= 4)


def looks_like_heading(line: str, *, max_words: int = 15) -> bool:
    """A short title-case line without final punctuation (a question mark is allowed)."""
    line = line.strip()
    if not line or len(line) > 150:
        return False
    n = len(line.split())
    if n == 0 or n > max_words:
        return False
    if line[-1] in _FINAL_PUNCT or line.endswith(("...", "…")):
        return False
    if not any(ch.isalpha() for ch in line):
        return False
    return _is_title_case(line)


def _looks_like_title(line: str) -> bool:
    """The first line of plain text is a title when it is short and is not a finished sentence."""
    line = line.strip()
    n = len(line.split())
    if n == 0 or n > 25 or len(line) > 250:
        return False
    if line[-1] in ".,;:" and not line.endswith("..."):
        return False
    if _LIST_MARK.match(line):
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"“‘'"


def _glue_points(line: str) -> list[int]:
    """Offsets just after the punctuation of each glued sentence end in ``line``."""
    out = []
    for m in _GLUE.finditer(line):
        before = _WORD_BEFORE.search(line, 0, m.start())
        word = before.group(1) if before else ""
        if before and (len(word) < 2 or word.lower() in _ABBREVIATIONS):
            continue
        if before is None and not line[m.start() - 1].isdigit():
            continue
        out.append(m.end())
    return out


def split_glued(line: str) -> tuple[str, str | None]:
    """Repair one line glued without spaces.

    Returns ``(prose, heading)``: a heading glued to the end of the line
    (``…ally for X.The Next Part`` at the end of the line) is split off and
    returned second; every other glued sentence end gets a space inserted.
    """
    points = _glue_points(line)
    if not points:
        return line, None
    heading = None
    last = points[-1]
    tail = line[last:]
    if looks_like_heading(tail) and len(line[:last].split()) >= 4:
        heading = tail.strip()
        line = line[:last]
        points = points[:-1]
    for p in reversed(points):
        line = line[:p] + " " + line[p:]
    return line, heading


def _insert_glue_spaces(text: str) -> str:
    points = _glue_points(text)
    for p in reversed(points):
        text = text[:p] + " " + text[p:]
    return text


def _wrap_width(lines: Sequence[str]) -> int | None:
    """The fixed width of hard-wrapped text (e-mail, old archives), or None when lines are not wrapped.

    In wrapped text, the lines that continue a paragraph are all close to one
    width; blank lines separate paragraphs.
    """
    if "" not in lines or any(len(line) > 110 for line in lines):
        return None
    cont = [len(line) for line, nxt in zip(lines, lines[1:]) if line and nxt]
    if len(cont) < 3:
        return None
    width = max(cont)
    if width < 40:
        return None
    near = sum(1 for n in cont if n >= 0.6 * width)
    return width if near >= 0.75 * len(cont) else None


def _unwrap(lines: Sequence[str], width: int) -> list[str]:
    """Join wrapped lines into paragraphs: a line far shorter than the width, a blank line or a list item ends one."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            out.append(" ".join(buf))
            buf.clear()

    for line in lines:
        if not line:
            flush()
            out.append("")
            continue
        if _LIST_MARK.match(line):
            flush()
        buf.append(line)
        if len(line) < 0.6 * width:
            flush()
    flush()
    return out


def segment_text(text: str, *, title: str | None = None) -> list[Block]:
    """Blocks of cleaned plain text (offsets are not set yet).

    Each line is a block (or, in hard-wrapped text, each run of lines); the
    first line is the title when it looks like one (or equals ``title``);
    short title-case lines without final punctuation that are followed by
    more text are headings; bulleted or numbered lines are list items.
    """
    raw_lines = text.split("\n")
    width = _wrap_width(raw_lines)
    lines = _unwrap(raw_lines, width) if width else raw_lines

    # repair glued sentences and glued headings
    pieces: list[tuple[str, bool]] = []  # (line, forced heading)
    for line in lines:
        line = line.strip()
        if not line:
            continue
        prose, heading = split_glued(line)
        pieces.append((prose, False))
        if heading:
            pieces.append((heading, True))

    # the title: the first line that is not boilerplate (a byline may come first)
    first = 0
    while first < len(pieces) - 1 and first < 3 and _pattern_kind(Block("paragraph", pieces[first][0])) is not None:
        first += 1
    blocks: list[Block] = []
    for i, (line, forced) in enumerate(pieces):
        m = _LIST_MARK.match(line)
        if (
            i == first
            and not forced
            and (
                (title and _same(line, title))
                or (not m and _looks_like_title(line) and len(pieces) > i + 1 and _pattern_kind(Block("paragraph", line)) is None)
            )
        ):
            blocks.append(Block("title", line))
            continue
        if m and not forced:
            blocks.append(Block("list_item", line[m.end() :].strip()))
            continue
        nxt = pieces[i + 1][0] if i + 1 < len(pieces) else None
        if forced or (nxt is not None and looks_like_heading(line) and not _LIST_MARK.match(line)):
            blocks.append(Block("heading", line))
            continue
        blocks.append(Block("paragraph", line))
    return blocks


def _same(a: str, b: str) -> bool:
    norm = lambda s: " ".join(re.findall(r"\w+", s.casefold()))  # noqa: E731
    return norm(a) == norm(b)


# --------------------------------------------------------------------------
# 3. boilerplate


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


_TOC_HEADER = _rx(
    r"^(table of contents|contents|in this (article|story|post|guide|piece)|on this page|jump to( section)?|quick links|article contents|what'?s inside|skip ahead)\s*:?$"
)
_RELATED_HEADER = _rx(
    r"^(related( articles| stories| posts| content| coverage| reading| links| news| topics)?|read (more|next|also)|see also|also read|"
    r"more (from|stories|news|articles|coverage)\b.{0,60}|more (on|about) this (story|topic)|you (may|might) (also )?(like|enjoy|be interested in)|recommended( for you| reading| stories| articles)?|"
    r"most (popular|read|viewed|shared)|trending( now| stories)?|latest (news|stories|articles|headlines)|don'?t miss|further reading|top stories|editor'?s picks|what to read next|keep reading)\s*[:.]?$"
)
_RELATED_INLINE = _rx(
    r"^(related( content| stories| articles| coverage)?|read more|read also|also read|see also|see more|more|watch( more)?|listen|read next|recommended|must read|must see|don'?t miss|trending|more news)\s*(:|\||»|>|\s[–-])\s*\S"
)
_CTA = _rx(
    r"\b(in the comments?( section)?( below)?|leave a (comment|reply)|let us know|tell us (what|how|in|your)|what (are|do) you think|what are your (thoughts|views)|"
    r"share your (thoughts|insights|views|opinions?|experiences?|stories?)|join the (conversation|discussion|debate)|"
    r"(explore|check out|browse|read) (our|more of our) (other |latest |related )?(articles|stories|posts|coverage|guides)|"
    r"follow (us|me|him|her|them) on|^follow [\w@.’' ]{1,40} on (twitter|facebook|instagram|youtube|tiktok|linkedin|threads|bluesky|x)\b|like us on|click here|tap here|sign up (now|today|here)|download (our|the) app|drop (us )?a (comment|line))\b"
)
_SUBSCRIBE = _rx(
    r"(\b(subscribe|sign up|signup|register)\b.{0,60}\b(newsletters?|updates|inbox|alerts|mailing list|briefings?)\b|"
    r"\bsubscribe (to|on)\b.{0,40}\b(channel|podcast)\b|"
    r"\bnewsletter\b.{0,60}\b(sign up|subscribe)\b|^subscribe\b|\b(delivered )?(straight |directly |right )?(to|in|into) your inbox\b|\bsubscribers only\b|\bbecome a (member|subscriber)\b)"
)
#: Prompts speak to the reader: an imperative first word, or you / your / our / us.
_TO_READER = _rx(
    r"^(please |now |so )?(subscribe|sign|click|tap|follow|join|share|get|download|read|watch|listen|leave|tell|let|explore|check|browse|drop|like|don'?t|what|do)\b|\b(you|your|our|us)\b"
)
#: News prose reports what someone said; a prompt does not.
_REPORTED = _rx(r"\b(said|says|told|according to|announced|asked|urged|appealed)\b|[“\"][^”\"]{6,}[,.!?][”\"]")


_SHARE_WORDS = r"(share( this( article| story| post| page)?)?( on \w+)?|tweet|email|e-mail|print( article| this( article| page)?)?|(order )?reprints?|pin( it)?|whatsapp|facebook|twitter|x|linkedin|reddit|pinterest|telegram|flipboard|copy( the)? link|save|comments?|\d+ comments?)"
_SHARE = _rx(rf"^{_SHARE_WORDS}(\s*[|/·•,]?\s*{_SHARE_WORDS})*\s*:?$")
_COPYRIGHT = _rx(
    r"(^(©|\(c\)|copyright\s*(©|\(c\)|\d{4}|by\b))|^copyright\b[^.]{0,40}\b(19|20)\d\d\b[^.]*$|\ball rights reserved\b|\bmay not be (re)?published, broadcast\b|\bfor your personal,? non-commercial use only\b)"
)
_BYLINE = _rx(
    r"^(by|written by|posted by|words by|story by|text by|report by)\s+[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3}"
    r"(\s*(,|and|&|\||—|–|-|·)\s*[\w.,'’ :/|-]{0,60})?$"
)
_CREDITS = _rx(
    r"^\(?((additional )?(reporting|editing|writing|research|compiled) by|(originally|first) (published|appeared) (on|in|at|by))\b"
)
_DATELINE = _rx(
    r"^(published|posted|updated|last updated|first published)(\s+(on|at))?\s*:?\s*(\w+,?\s+)?"
    r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d|\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
)
_NAVIGATION = _rx(
    r"^(home|menu|search|skip to (main )?content|back to top|previous( article| post| story)?|next( article| post| story)?|"
    r"sign in|log in|login|close|open menu|main menu|navigation|show more|load more|view all|see all|more|tags|topics|categories|filed under)\s*:?\s*[›»>]?$"
)
_TAGS_HEADER = _rx(r"^(tags|topics|categories|filed under|keywords)\s*:?$")
_BREADCRUMB = re.compile(r"^[^.!?]{1,40}(\s+[>»›/|]\s+[^.!?]{1,40}){2,}$")
_ADVERT = _rx(
    r"^(advertisement|advertisements|sponsored( content)?|ad|ads|story continues below( advertisement)?|article continues below( advertisement)?|continue reading( below| the main story)?|scroll to continue( with content)?)\s*:?$"
)
_MEDIA = _rx(
    r"^(\(?(photo|image|picture|video|illustration|graphic)s?( credits?)?\s*(:|by\b)|.{0,80}\((photo|image):?[^)]*\)$|.{0,60}/\s*(getty images|reuters|ap|afp|shutterstock)\)?$)"
)
_CONTACT = _rx(
    r"^((write|e-?mail|contact|reach) (to )?[A-Z][\w.'’ -]{1,60}\s+(at|via|on)\s+\S+@\S+|\S+@\S+\.\w+)$|\b(may|can) be reached at \S+@\S+"
)
_INTERFACE = _rx(
    r"^(an error has occurred.{0,40}|please try again( later)?\.?|thank you\.?|loading\.*|this (article|story) has been sent to.{0,40}|sorry, .{0,40}(not available|no longer available)\.?|javascript is (disabled|required).{0,80})$"
)
_SITE_SUFFIX = re.compile(r"\s[|]\s[A-Z][\w.'’ -]{1,40}$")
#: A longer run of short lines at the end is a list that belongs to the article.
MAX_TRAILING_HEADLINES = 8
_END_PUNCT = ".!?:;,\"”’')…"


def _nwords(text: str) -> int:
    return len(text.split())


def _pattern_kind(block: Block) -> tuple[str, str] | None:
    """Boilerplate kind and rule for one block from its own text, or None."""
    t = block.text.strip()
    n = _nwords(t)
    if n <= 12 and _NAVIGATION.match(t):
        return "navigation", "navigation_word"
    if n <= 12 and _ADVERT.match(t):
        return "advertisement", "advert_label"
    if n <= 16 and _SHARE.match(t):
        return "share", "share_buttons"
    if n <= 60 and _COPYRIGHT.search(t):
        return "copyright", "copyright_notice"
    if n <= 14 and (_BYLINE.match(t) and not t.endswith(".")):
        return "byline", "byline_by"
    if n <= 30 and _CREDITS.match(t):
        return "byline", "credits_by"
    if n <= 12 and _DATELINE.match(t) and re.search(r"\d", t):
        return "byline", "dateline"
    prompt = bool(_TO_READER.search(t)) and not _REPORTED.search(t)
    if n <= 60 and prompt and _SUBSCRIBE.search(t):
        return "subscribe", "subscribe_prompt"
    if n <= 70 and prompt and _CTA.search(t) and len(re.findall(r"[.!?](\s|$)", t)) <= 3:
        return "call_to_action", "call_to_action"
    if n <= 25 and _RELATED_INLINE.match(t) and block.kind != "heading":
        return "related_links", "related_prefix"
    if n <= 25 and _MEDIA.match(t):
        return "media_credit", "media_credit"
    if n <= 40 and _CONTACT.search(t):
        return "byline", "contact"
    if n <= 16 and _INTERFACE.match(t):
        return "navigation", "interface_message"
    if _is_tag_list(t):
        return "tags", "keyword_list"
    if n <= 25 and _BREADCRUMB.match(t) and not t.endswith("."):
        return "navigation", "breadcrumb"
    return None


def _is_tag_list(text: str) -> bool:
    """A comma-separated list of short keyword phrases (a page's tags), not a sentence."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 6 or text.rstrip()[-1:] in ".!?":
        return False
    if sum(1 for p in parts if p[:1].islower()) < 0.7 * len(parts):
        return False
    sizes = [len(p.split()) for p in parts]
    return max(sizes) <= 5 and sum(sizes) / len(sizes) <= 3.5


def _headline_like(block: Block) -> bool:
    """A line that reads like a linked headline: a few words, no sentence punctuation at the end."""
    t = block.text.strip()
    words = t.split()
    if not 4 <= len(words) <= 20 or t[-1] in _END_PUNCT:
        return False
    if "@" in t or "http" in t or "www." in t:
        return False
    digits = sum(1 for w in words if any(ch.isdigit() for ch in w))
    return digits <= 2


def classify_boilerplate(blocks: Sequence[Block]) -> list[tuple[str, str] | None]:
    """For each block, ``(kind, rule)`` when it is boilerplate, else None.

    Rules, all general:
    - one block on its own: navigation, advert labels, share buttons,
      copyright, bylines and credits, subscribe and comment prompts, related
      links with a prefix, photo credits, breadcrumbs;
    - a table-of-contents header and the list (or short lines) after it, or a
      run of three or more list items that repeat later headings;
    - a related-links header and the short lines or list items after it;
    - a run of two to eight headline-like lines at the very end, after the
      last prose paragraph (not a list the text introduces with a colon).
    """
    n = len(blocks)
    out: list[tuple[str, str] | None] = [None] * n

    for i, b in enumerate(blocks):
        if b.kind == "title":
            continue
        out[i] = _pattern_kind(b)

    for i in range(n - 1):
        if out[i] is not None and _TAGS_HEADER.match(blocks[i].text.strip()) and out[i + 1] is None:
            nxt = blocks[i + 1].text.strip()
            if _nwords(nxt) <= 40 and nxt[-1] not in ".!?":
                out[i] = ("tags", "tags_header")
                out[i + 1] = ("tags", "tags_list")

    i = 0
    while i < n:
        b = blocks[i]
        t = b.text.strip()
        if b.kind != "title" and _nwords(t) <= 8 and _TOC_HEADER.match(t):
            out[i] = ("table_of_contents", "toc_header")
            j = i + 1
            entries: set[str] = set()
            while j < n:
                nb = blocks[j]
                key = _key(nb.text)
                # entries: list items, or short unpunctuated lines until one repeats (the first heading)
                if nb.kind == "list_item" or (_nwords(nb.text) <= 15 and nb.text.strip()[-1] not in ".!?" and key not in entries):
                    out[j] = ("table_of_contents", "toc_entry")
                    entries.add(key)
                    j += 1
                else:
                    break
            i = j
            continue
        if b.kind != "title" and _nwords(t) <= 10 and _RELATED_HEADER.match(t):
            out[i] = ("related_links", "related_header")
            j = i + 1
            while j < n and (blocks[j].kind == "list_item" or _headline_like(blocks[j])):
                out[j] = ("related_links", "related_entry")
                j += 1
            i = j
            continue
        i += 1

    # a run of list items that repeats later headings is a table of contents
    i = 0
    while i < n:
        if blocks[i].kind == "list_item" and out[i] is None:
            j = i
            while j < n and blocks[j].kind == "list_item":
                j += 1
            run = range(i, j)
            later = {_key(b.text) for b in blocks[j:] if b.kind == "heading"}
            hits = sum(1 for k in run if _key(blocks[k].text) in later)
            if len(run) >= 3 and hits >= max(3, 0.6 * len(run)):
                for k in run:
                    out[k] = ("table_of_contents", "toc_repeats_headings")
            i = j
        else:
            i += 1

    # trailing headlines: the last blocks, after the last prose, read like links
    run: list[int] = []
    k = n - 1
    while k >= 0:
        if out[k] is not None:
            k -= 1
            continue
        if out[k] is None and blocks[k].kind in ("paragraph", "heading", "list_item") and _headline_like(blocks[k]):
            run.append(k)
            k -= 1
            continue
        break
    prose_before = any(blocks[x].kind in ("paragraph", "list_item") and out[x] is None for x in range(0, k + 1))
    if k >= 0 and blocks[k].text.rstrip().endswith(":"):
        run = []  # a list the article introduces ("The rules include:") is not a list of links
    if prose_before and (2 <= len(run) <= MAX_TRAILING_HEADLINES or (len(run) == 1 and _SITE_SUFFIX.search(blocks[run[0]].text))):
        for x in run:
            out[x] = ("related_links", "trailing_headlines")
    return out


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


# --------------------------------------------------------------------------
# 4. metadata


def slugify(text: str, *, max_length: int = MAX_ID_LENGTH) -> str:
    """A safe file name: ASCII letters, digits, ``-`` and ``_``; lower case; bounded length."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-_").lower()
    text = re.sub(r"-{2,}", "-", text)
    if len(text) > max_length:
        text = text[:max_length].rstrip("-_")
    return text


_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


def make_id(raw: RawDocument, used_ids: set[str] | None = None) -> str:
    """The article id: the JSON id, else a slug of the file name (a record of a list gets ``-N``).

    Always a safe file name (no path separators, no ``..``, at most
    :data:`MAX_ID_LENGTH` characters); ``-2``, ``-3`` … are added to stay
    unique within ``used_ids``, which is updated.
    """
    if raw.id is not None and str(raw.id).strip():
        base = slugify(str(raw.id))
    else:
        source = raw.source
        m = re.search(r"[:#](\d+)$", source)
        suffix = ""
        if m and not source.startswith("<"):
            suffix = f"-{m.group(1)}"
            source = source[: m.start()]
        name = Path(source.replace("\\", "/")).name if source not in ("-", "<stdin>") else "stdin"
        stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
        base = slugify(stem, max_length=MAX_ID_LENGTH - len(suffix)) + suffix if slugify(stem) else slugify(suffix.lstrip("-"))
    if not base:
        base = "article"
    if base in _WINDOWS_RESERVED:
        base = f"{base}-article"
    if used_ids is None:
        return base
    candidate, n = base, 1
    while candidate in used_ids:
        n += 1
        tail = f"-{n}"
        candidate = base[: MAX_ID_LENGTH - len(tail)].rstrip("-_") + tail
    used_ids.add(candidate)
    return candidate


#: Characters of prose read to identify the language.
LANGUAGE_SAMPLE = 1200


@functools.lru_cache(maxsize=1)
def _langid():  # pragma: no cover - trivial
    import py3langid

    return py3langid


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid), or None when too short to tell.

    Reads the first :data:`LANGUAGE_SAMPLE` characters: a paragraph or two names the
    language as surely as the whole article, at a fraction of the cost."""
    sample = text[:LANGUAGE_SAMPLE]
    if len(re.findall(r"\w+", sample)) < 8:
        return None
    lang, _score = _langid().classify(sample)
    return str(lang)


def iso_date(value: str | None) -> str | None:
    """ISO 8601 form of a date string (ISO, RFC 2822 or a common written form), or None."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    try:
        d = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return d.isoformat()
    except ValueError:
        pass
    try:
        d = email.utils.parsedate_to_datetime(value)
        if d is not None:
            return d.isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        import dateparser

        d = dateparser.parse(value, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]})
    except Exception:  # noqa: BLE001 - dateparser raises many types on odd input
        d = None
    if d is None:
        return None
    if d.hour == d.minute == d.second == 0 and not re.search(r"\d{1,2}:\d{2}", value):
        return d.date().isoformat()
    return d.isoformat()


# --------------------------------------------------------------------------
# 5. the article


_TITLE_SEPARATORS = re.compile(r"\s+[|–—·:-]{1,2}\s+")


def _title_variants(title: str | None) -> list[str]:
    """The title and its parts around a site-name separator ("Story | Site", "Opinion | Story")."""
    if not title:
        return []
    parts = [title] + [p for p in _TITLE_SEPARATORS.split(title) if len(p.split()) >= 2]
    return [_key(p) for p in parts if _key(p)]


def _prepare_blocks(raw: RawDocument, *, drop_repeats: bool = True) -> tuple[list[Block], list[Boilerplate]]:
    """Cleaned blocks, and the repeats of the title (and the page URL) found among them."""
    title = _one_line(raw.title) if raw.title else None
    variants = set(_title_variants(title))
    if raw.blocks:
        out: list[Block] = []
        for b in raw.blocks:
            text = _insert_glue_spaces(_one_line(b.text))
            if not text:
                continue
            kind = b.kind
            if not out and kind in ("heading", "title", "paragraph") and _key(text) in variants:
                kind = "title"
            elif kind == "title" and out:
                kind = "heading"
            out.append(Block(kind, text))
    else:
        out = segment_text(clean_text(raw.text), title=title)
    if not drop_repeats:
        return out, []
    title_block = out[0].text if out and out[0].kind == "title" else None
    if title_block:
        variants.add(_key(title_block))
    repeats: list[Boilerplate] = []
    kept: list[Block] = []
    url = raw.url.strip().rstrip("/") if raw.url else None
    for i, b in enumerate(out):
        if url and b.text.strip().rstrip("/") == url:
            repeats.append(Boilerplate("navigation", b.text, "page_url"))
            continue
        if i > 0 and b.kind != "title" and variants and _key(b.text) in variants:
            repeats.append(Boilerplate("repeated_title", b.text, "repeated_title"))
            continue
        kept.append(b)
    return kept, repeats


def normalise(
    raw: RawDocument,
    *,
    settings: IngestSettings | None = None,
    used_ids: set[str] | None = None,
) -> Article:
    """Clean one raw document into an :class:`Article`.

    Boilerplate is recognised (unless ``settings.boilerplate`` is False) and
    listed in ``Article.boilerplate``, not in ``Article.text``. ``used_ids``
    (updated) keeps ids unique within one run. Raises
    :class:`PipelineError` E114 when no article text is left.
    """
    settings = settings or IngestSettings()
    blocks, repeats = _prepare_blocks(raw, drop_repeats=settings.boilerplate)
    boilerplate: list[Boilerplate] = [Boilerplate(b.kind, _one_line(b.text), b.rule) for b in raw.boilerplate]
    boilerplate.extend(repeats)
    if settings.boilerplate and blocks:
        kinds = classify_boilerplate(blocks)
        kept = []
        for b, k in zip(blocks, kinds):
            if k is None:
                kept.append(b)
            else:
                boilerplate.append(Boilerplate(k[0], b.text, k[1]))
        blocks = kept
    # a heading with no prose after it (before the next heading or the end) is not a section
    blocks = _demote_empty_headings(blocks)
    if not any(b.kind in ("paragraph", "list_item") for b in blocks):
        raise PipelineError("E114", raw.source)

    parts: list[str] = []
    placed: list[Block] = []
    pos = 0
    for b in blocks:
        if parts:
            pos += 2
        placed.append(Block(b.kind, b.text, pos, pos + len(b.text)))
        parts.append(b.text)
        pos += len(b.text)
    text = "\n\n".join(parts)

    heads = [b for b in placed if b.kind == "heading"]
    sections = tuple(
        Section(
            id=f"h{i + 1:02d}",
            title=h.text,
            start=h.start,
            end=heads[i + 1].start if i + 1 < len(heads) else len(text),
        )
        for i, h in enumerate(heads)
    )
    title_block = next((b for b in placed if b.kind == "title"), None)
    title = _one_line(raw.title) if raw.title else (title_block.text if title_block else None)

    prose = " ".join(b.text for b in placed if b.kind in ("paragraph", "list_item"))
    lang = detect_language(prose)
    warnings: list[str] = []
    language = lang or "en"
    if lang is not None and lang != "en":
        warnings.append(
            f"the text looks like language {lang!r}, not English; it was analysed with an English model, so sentences, entities and flags may be unreliable"
        )
    author = _one_line(raw.author) if raw.author else _author_from_bylines(boilerplate)
    published = iso_date(raw.published)
    meta = dict(raw.meta)
    if raw.published and published is None:
        meta.setdefault("published_raw", raw.published)

    return Article(
        id=make_id(raw, used_ids),
        source=raw.source,
        sha256=raw.sha256,
        text=text,
        title=title or None,
        author=author,
        published=published,
        url=raw.url.strip() if raw.url else None,
        language=language,
        encoding=raw.encoding,
        format=raw.format,
        word_count=len(_WORD.findall(text)),
        blocks=tuple(placed),
        sections=sections,
        boilerplate=tuple(boilerplate),
        meta=meta,
        warnings=tuple(warnings),
    )


_BYLINE_NAME = re.compile(r"^(?:by|written by|posted by|words by|story by|text by|report by)\s+(.+?)\s*(?:[,|—–·]|\s-\s|$)", re.I)


def _author_from_bylines(boilerplate: Sequence[Boilerplate]) -> str | None:
    """The name in the first "By …" byline, when the input gave no author."""
    for b in boilerplate:
        if b.rule == "byline_by":
            m = _BYLINE_NAME.match(b.text)
            if m:
                return m.group(1).strip()
    return None


def _demote_empty_headings(blocks: list[Block]) -> list[Block]:
    out = list(blocks)
    for i, b in enumerate(out):
        if b.kind != "heading":
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        if nxt is None:
            out[i] = Block("paragraph", b.text)
    return out
