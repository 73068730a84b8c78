"""Article metadata: ids (safe file names), language, ISO dates, title variants and bylines."""

from __future__ import annotations

import datetime as _dt
import email.utils
import functools
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..models import Boilerplate, RawDocument
from .boilerplate import _key

__all__ = [
    "MAX_ID_LENGTH",
    "LANGUAGE_SAMPLE",
    "make_id",
    "safe_id",
    "slugify",
    "detect_language",
    "iso_date",
    "split_site_name",
    "clean_author",
]

MAX_ID_LENGTH = 80


def slugify(text: str, *, max_length: int = MAX_ID_LENGTH) -> str:
    """A safe file name: ASCII letters, digits, ``-`` and ``_``; lower case; bounded length."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-_").lower()
    text = re.sub(r"-{2,}", "-", text)
    if len(text) > max_length:
        text = text[:max_length].rstrip("-_")
    return text


_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


def safe_id(text: str) -> str:
    """``text`` as a safe file name, as every article id is made at ingest.

    A slug (:func:`slugify`), ``article`` when nothing is left, a Windows
    device name (``con``, ``nul`` …) given an ``-article`` tail. A slug maps to
    itself, so an id made here passes through unchanged.
    """
    base = slugify(text) or "article"
    if base in _WINDOWS_RESERVED:
        base = f"{base}-article"
    return base


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
    base = safe_id(base)
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
def _langid() -> Any:  # pragma: no cover - trivial
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

        parsed = dateparser.parse(value, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]})
    except Exception:  # noqa: BLE001 - dateparser raises many types on odd input
        parsed = None
    if not isinstance(parsed, _dt.datetime):
        return None
    if parsed.hour == parsed.minute == parsed.second == 0 and not re.search(r"\d{1,2}:\d{2}", value):
        return parsed.date().isoformat()
    return parsed.isoformat()


_TITLE_SEPARATORS = re.compile(r"\s+[|–—·:-]{1,2}\s+")


def _title_variants(title: str | None) -> list[str]:
    """The title and its parts around a site-name separator ("Story | Site", "Opinion | Story")."""
    if not title:
        return []
    parts = [title] + [p for p in _TITLE_SEPARATORS.split(title) if len(p.split()) >= 2]
    return [_key(p) for p in parts if _key(p)]


_BYLINE_NAME = re.compile(r"^(?:by|written by|posted by|words by|story by|text by|report by)\s+(.+?)\s*(?:[,|—–·]|\s-\s|$)", re.I)


def _author_from_bylines(boilerplate: Sequence[Boilerplate]) -> str | None:
    """The name in the first "By …" byline, when the input gave no author."""
    for b in boilerplate:
        if b.rule == "byline_by":
            m = _BYLINE_NAME.match(b.text)
            if m:
                return m.group(1).strip()
    return None


def _loose(text: str) -> str:
    return "".join(re.findall(r"[a-z0-9]+", text.casefold()))


def split_site_name(title: str | None, *, sitename: str | None = None, hostname: str | None = None) -> tuple[str | None, str | None]:
    """``(title, outlet)``: the site name cut from the end (or start) of a page title.

    A part after the last (or before the first) separator (`` | ``, `` - ``,
    `` — ``, `` · ``) is the site name when it equals the page's site name or its
    host name (letters and digits compared, ``www.`` and the top-level domain
    ignored); the rest must keep two words. The outlet is the page's site name,
    else the part cut. Nothing is cut on weaker evidence: "Opinion | Story" stays.
    """
    outlet = " ".join(sitename.split()) if sitename else None
    names = {_loose(sitename)} if sitename else set()
    if hostname:
        host = hostname.casefold().removeprefix("www.")
        names.add(_loose(host.rsplit(".", 1)[0] if "." in host else host))
    names.discard("")
    seps = list(_TITLE_SEPARATORS.finditer(title or ""))
    if title and seps and names:
        last, first = seps[-1], seps[0]
        for cut, rest in ((title[last.end() :], title[: last.start()]), (title[: first.start()], title[first.end() :])):
            if _loose(cut) in names and len(rest.split()) >= 2:
                return rest.strip(), outlet or cut.strip()
    return title, outlet


#: Words of a by-line that name a role or a desk, not a person: an author made only of
#: these (after the outlet's own name) is a placeholder ("No Author", "Admin", "Staff Writer").
_ROLE_WORDS: frozenset[str] = frozenset(
    """no none null nil n/a na unknown anonymous author authors admin administrator webmaster user guest
    staff writer writers editor editors editorial team desk newsroom bureau reporter reporters correspondent
    contributor contributors web digital online news by the and our site wire columnist columnists
    editor-at-large producer""".split()
)
#: A label before the name ("Analysis by Jane Doe", "Opinion by …", "By …").
_BY_LABEL = re.compile(r"^(?:[A-Z][\w-]*\s+)?by\s+(?=\S)", re.I)


def _clean_byline_part(part: str, *, first: bool, outlet: str | None) -> str | None:
    """One name of a by-line ("A; B"): its label and trailing job title cut; None when the
    part is only a title (a later part naming the first author's desk: "AP National Security
    Writer", "CNN Editor-at-large")."""
    part = _BY_LABEL.sub("", part.strip())
    words = part.split()
    ends_in_role = bool(words) and words[-1].casefold().strip(",.") in _ROLE_WORDS
    if not first and ends_in_role and (words[0].isupper() or (outlet and part.casefold().startswith(outlet.casefold()))):
        return None
    while len(words) > 2 and words[-1].casefold().strip(",.") in _ROLE_WORDS:
        words.pop()  # "Tom Gillespie News reporter" -> "Tom Gillespie"
    return " ".join(words).strip(" ,") or None


def clean_author(author: str | None, *, outlet: str | None = None) -> str | None:
    """The author, or None when it is a placeholder: only role words ("Staff Writer",
    "No Author", "admin"), or the outlet's own name with role words ("Vox Staff").

    Each name of a by-line (``;``-separated) loses a label before it ("Analysis by
    Jane Doe") and a job title after it ("Jane Doe News reporter"); a later part that
    is only the first author's title ("CNN Editor-at-large") is dropped."""
    if not author:
        return None
    parts = [p for p in (_clean_byline_part(p, first=i == 0, outlet=outlet) for i, p in enumerate(author.split(";"))) if p]
    name = "; ".join(parts)
    rest = name
    if outlet and name.casefold().startswith(outlet.casefold()):
        rest = name[len(outlet) :]
    words = re.findall(r"[\w/]+", rest.casefold())
    if not words or all(w in _ROLE_WORDS for w in words):
        return None
    # a byline run together with its date ("Jane Doe November 15, 2019", "Jane Doe November"):
    # the date is not part of the name; a lone month after one word may be a surname ("Sarah June")
    hit = _TRAILING_DATE.search(name)
    if hit and (hit.group("rest") or len(name[: hit.start()].split()) >= 2):
        return name[: hit.start()].strip(" ,|·-–—") or name
    return name


_MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december"
_TRAILING_DATE = re.compile(
    rf"[\s,|·–—-]+(?:(?:{_MONTH_NAMES})(?P<rest>\s+\d.*)?|\d{{1,2}}\s+(?:{_MONTH_NAMES})\b.*|\d{{4}}-\d{{2}}-\d{{2}}.*)$", re.I
)
