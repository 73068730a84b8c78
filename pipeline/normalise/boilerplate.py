"""Boilerplate: which blocks are not the article (:func:`classify_boilerplate`).

Tables of contents, calls to action, related links, bylines, share and
subscribe prompts, copyright lines, navigation, tags … each found by a
general rule (English function words, punctuation, layout) and named by kind
and rule.

Notes to the reader are found by their function: the vocabulary of their class
(paywall, editorial standards, commissions and sponsors, letters and comments,
hand-offs to a video or a colleague) in a line that speaks to the reader or
about "this article", never in one that reports what someone said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Block

__all__ = ["classify_boilerplate", "MAX_TRAILING_HEADLINES"]


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
    r"(write|e-?mail) to us|(write|send|submit|e-?mail) (us )?(a |your )?letters?\b|letters? to the editor|have your say|"
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
    r"^\(?((additional )?(reporting|editing|writing|research|compiled) by|(this (article|story|post|piece|column) )?(was |is )?"
    r"(originally|first) (published|appeared|ran|posted) (on|in|at|by))\b|\bcontributed( reporting)? to this (report|story|article)\b"
)
#: About "this article": a notice on the page, not a sentence of the story.
_ABOUT_PAGE = _rx(r"\bthis (article|story|content|post|page|piece|report)\b")
_PAYWALL = _rx(
    r"\b(subscribers?[- ]only|(available|exclusive(ly)?|reserved) (only )?(to|for) (paid |digital |premium )?(subscribers|members)|"
    r"(free|remaining) (articles|stories)|articles? (left|remaining) this month|(reached|used) (your|the) (limit|maximum)|"
    r"already (a )?(subscriber|member)|(log|sign) ?in to (read|continue|keep reading)|to (continue|keep) reading|"
    r"unlock (this|the full|unlimited)|unlimited (digital )?access|paywall)\b"
)
_STANDARDS = _rx(
    r"\b((our|its) (editorial )?(standards|principles)|(editorial|ethics|corrections?) (standards|polic(y|ies)|guidelines|code)|"
    r"trust principles|(spot|spotted|see|found|notice|noticed) an? (error|mistake|typo))\b"
)
_DISCLOSURE = _rx(
    r"(^(advertiser|affiliate|advertising|editorial) disclosure\b|^disclosure:|\b(may|might|could|will) (earn|receive|get) (a )?(small )?"
    r"(commission|compensation|share of (the )?(revenue|sales))|\baffiliate (links?|commissions?|partnerships?)\b|"
    r"^(this (article|post|story|content|series|feature|page) (is|was) )?(sponsored|paid for|underwritten|brought to you) by\b)"
)
_HANDOFF = _rx(
    r"^((now,? )?(watch|see|listen to|hear) (the |our |this )?(full |related |latest )?(video|clip|report|interview|segment|podcast|episode)\b[^.!?]{0,40}"
    r"(above|below|here|now)?[.!:]?$|(here'?s|over to|back to) [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3},? with (more|the (story|details|report|latest))\b.{0,40}$|"
    r"[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3} (has|is here with|joins us with) (more|the (story|details|latest))( on [^.!?]{1,40})?[.!]?$)"
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
    r"^(\(?(photo|image|picture|video|illustration|graphic)s?( credits?)?\s*(:|by\b|courtesy\b)|^\(?credits?:\s*\S|\((photo|image|credit|courtesy)\b[^)]*\)$|.{0,80}\((photo|image):?[^)]*\)$|.{0,60}/\s*(getty images|reuters|ap|afp|shutterstock)\)?$)"
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
    if n <= 30 and _CREDITS.search(t):
        return "byline", "credits_by"
    if n <= 12 and _DATELINE.match(t) and re.search(r"\d", t):
        return "byline", "dateline"
    prompt = bool(_TO_READER.search(t)) and not _REPORTED.search(t)
    notice = (prompt or bool(_ABOUT_PAGE.search(t))) and not _REPORTED.search(t)
    if n <= 50 and notice and _PAYWALL.search(t):
        return "paywall", "paywall_notice"
    if n <= 40 and notice and _STANDARDS.search(t):
        return "standards", "standards_note"
    if n <= 60 and not _REPORTED.search(t) and _DISCLOSURE.search(t):
        return "disclosure", "disclosure_note"
    if n <= 25 and _HANDOFF.match(t):
        return "handoff", "handoff_line"
    if n <= 60 and prompt and _SUBSCRIBE.search(t):
        return "call_to_action", "subscribe_prompt"
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
    # a headline may end in a question mark, or in a closing quotation mark after a word
    ends_like_sentence = t[-1] in _END_PUNCT and not (t[-1] == "?" or (t[-1] in "'’”\"" and t[-2:-1].isalnum()))
    if not 4 <= len(words) <= 20 or ends_like_sentence or t[0].islower():
        return False  # (a headline starts with a capital, a digit or a quotation mark)
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
            items = range(i, j)
            later = {_key(b.text) for b in blocks[j:] if b.kind == "heading"}
            hits = sum(1 for k in items if _key(blocks[k].text) in later)
            if len(items) >= 3 and hits >= max(3, 0.6 * len(items)):
                for k in items:
                    out[k] = ("table_of_contents", "toc_repeats_headings")
            i = j
        else:
            i += 1

    # trailing headlines: the last blocks, after the last prose, read like links
    run: list[int] = []
    k = n - 1
    after_prompt = False
    while k >= 0:
        if out[k] is not None and out[k][0] == "call_to_action" and run:  # type: ignore[index]
            after_prompt = True  # a prompt to the reader closes the article: what follows it is not the body
            break
        if out[k] is not None:
            k -= 1
            continue
        if blocks[k].kind == "list_item" and any(blocks[x].kind != "list_item" for x in run):
            break  # the body's own list ends a run of teasers that follows it
        if out[k] is None and blocks[k].kind in ("paragraph", "heading", "list_item") and _headline_like(blocks[k]):
            run.append(k)
            k -= 1
            continue
        break
    prose_before = after_prompt or any(blocks[x].kind in ("paragraph", "list_item") and out[x] is None for x in range(0, k + 1))
    if k >= 0 and not after_prompt and blocks[k].text.rstrip().endswith(":"):
        run = []  # a list the article introduces ("The rules include:") is not a list of links
    # a longer run is still teasers when half of it are headings with no prose under them
    teasers = len(run) > MAX_TRAILING_HEADLINES and 2 * sum(blocks[x].kind == "heading" for x in run) >= len(run)
    if prose_before and (
        2 <= len(run) <= MAX_TRAILING_HEADLINES or teasers or (len(run) == 1 and _SITE_SUFFIX.search(blocks[run[0]].text))
    ):
        for x in run:
            out[x] = ("related_links", "trailing_headlines")
    return out


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))
