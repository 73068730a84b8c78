"""HTML input: a page's main text and metadata through trafilatura, and HTML fragments.

Pages are read by :func:`_read_html` (boilerplate removed by trafilatura,
blocks from its XML); an HTML fragment in a JSON body is read by
:func:`_fragment_blocks` (its block elements, nothing removed). Called by
:mod:`pipeline.io.read` and :mod:`pipeline.io.json`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..errors import PipelineError
from ..models import Block

__all__ = ["MIN_HTML_WORDS"]


#: trafilatura XML elements that hold inline text (everything else is a block).
_INLINE_TAGS: frozenset[str] = frozenset({"hi", "ref", "span", "del", "graphic"})
#: trafilatura XML elements that break a paragraph. Inside a paragraph, list item or
#: heading every other element (``<code>``, ``<hi>``, ``<ref>`` …) is inline and never
#: splits a sentence; at the top level ``<code>`` is a code block.
_BLOCK_TAGS: frozenset[str] = frozenset({"p", "head", "list", "item", "table", "row", "cell", "quote", "div", "main", "lb"})


def _itertext_with_breaks(el: Any, *, tidy: bool = True) -> str:
    """All text under ``el`` (``<lb/>`` read as a space); ``tidy`` collapses white space."""
    pieces: list[str] = []

    def rec(node: Any) -> None:
        if node.tag == "lb":
            pieces.append(" ")
        else:
            pieces.append(node.text or "")
            for child in node:
                rec(child)
                pieces.append(child.tail or "")

    rec(el)
    text = "".join(pieces)
    return " ".join(text.split()) if tidy else text


def _html_blocks(root: Any) -> list[Block]:
    """Blocks from trafilatura's XML: head -> heading, p/quote -> paragraph, item -> list item.

    Text that sits directly in a container (between or after its child
    blocks) becomes a paragraph too, and ``<lb/>`` inside a paragraph starts
    a new block, as trafilatura's own text output starts a new line there.
    """
    blocks: list[Block] = []
    main = root.find("main")
    if main is None:
        main = root

    def emit(kind: str, texts: Iterable[str]) -> None:
        for t in texts:
            if t:
                blocks.append(Block(kind, t))

    def container(el: Any, kind: str) -> None:
        """Mixed content: runs of inline text become ``kind`` blocks, child blocks are walked."""
        buf: list[str] = [el.text or ""]

        def flush() -> None:
            text = " ".join("".join(buf).split())
            if text:
                blocks.append(Block(kind, text))
            buf.clear()

        for child in el:
            if child.tag == "lb":
                flush()
            elif child.tag in _INLINE_TAGS or (el is not main and child.tag not in _BLOCK_TAGS):
                buf.append(_itertext_with_breaks(child, tidy=False))
            else:
                flush()
                block(child)
            buf.append(child.tail or "")
        flush()

    def block(el: Any) -> None:
        tag = el.tag
        if tag == "head":
            emit("heading", [_itertext_with_breaks(el)])
        elif tag == "list":
            for item in el:
                if item.tag == "item":
                    container(item, "list_item")
                elif item.tag == "head":
                    emit("heading", [_itertext_with_breaks(item)])
                else:
                    block(item)
        elif tag == "table":
            for row in el.iter("row"):
                emit("paragraph", [" ".join(_itertext_with_breaks(c) for c in row).strip()])
        elif tag in ("graphic",):
            return
        else:
            container(el, "paragraph")

    container(main, "paragraph")
    return blocks


#: An HTML extraction with fewer words than this, and no sentence, is menus or labels, not an article.
MIN_HTML_WORDS = 30


def _has_prose(blocks: Iterable[Block]) -> bool:
    """True when the blocks hold at least one sentence or a fair amount of text."""
    words = 0
    for b in blocks:
        n = len(b.text.split())
        words += n
        if n >= 5 and b.text.rstrip()[-1:] in ".!?\"”’')":
            return True
    return words >= MIN_HTML_WORDS


#: A card inside a paragraph needs this many links, and this share of its text in links.
CARD_LINKS = 2
CARD_LINK_SHARE = 0.6


def _drop_inline_cards(page: str) -> str:
    """The page without the pop-up cards nested in its paragraphs.

    A card is the smallest element around an image inside a ``<p>`` (not the
    paragraph itself) that holds at least :data:`CARD_LINKS` links, when the links
    make at least :data:`CARD_LINK_SHARE` of its text (a hover card with a person's photo,
    full name and latest headlines). Extracted as text, it would be glued into the
    sentence (``Gov. Kristi NoemKristi Lynn NoemSouth Dakota governor …``). The page
    is returned unchanged when it has none.
    """
    if "<img" not in page.lower() or "<p" not in page.lower():
        return page
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(page)
    except Exception:  # noqa: BLE001 - lxml raises several types on junk; trafilatura then reads the page as it is
        return page
    cards = []
    for img in root.iterfind(".//p//img"):
        el = img.getparent()
        while el is not None and el.tag != "p" and len(el.findall(".//a")) < CARD_LINKS:
            el = el.getparent()
        if el is None or el.tag == "p":
            continue
        text = " ".join(el.text_content().split())
        linked = sum(len(" ".join(a.text_content().split())) for a in el.iterfind(".//a"))
        if text and linked >= CARD_LINK_SHARE * len(text):
            cards.append(el)
    if not cards:
        return page
    for el in cards:
        if el.getparent() is not None:
            el.drop_tree()
    return str(lxml_html.tostring(root, encoding="unicode"))


def _read_html(text: str, source: str) -> tuple[dict[str, Any], tuple[Block, ...]]:
    """Main text and metadata of a web page, with trafilatura (no comments); pop-up
    cards inside paragraphs are dropped first (:func:`_drop_inline_cards`)."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        _drop_inline_cards(text),
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=True,
    )
    if not xml:
        raise PipelineError("E109", source)
    try:
        root = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError:  # pragma: no cover - trafilatura writes valid XML
        raise PipelineError("E109", source) from None
    blocks = _html_blocks(root)
    if not _has_prose(blocks):
        raise PipelineError("E109", source)
    meta = {k: v for k, v in root.attrib.items() if v}
    return meta, tuple(blocks)


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(p|div|br|h[1-6]|li|ul|ol|article)[\s/>]", text[:4000], re.I))


def _fragment_blocks(fragment: str) -> tuple[Block, ...]:
    """Blocks of an HTML fragment (a JSON body), by its block elements; no boilerplate removal."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several types on junk
        return ()
    out: list[Block] = []
    kinds = {
        "h1": "heading",
        "h2": "heading",
        "h3": "heading",
        "h4": "heading",
        "h5": "heading",
        "h6": "heading",
        "li": "list_item",
        "p": "paragraph",
        "blockquote": "paragraph",
    }
    for el in root.iter():
        kind = kinds.get(el.tag if isinstance(el.tag, str) else "")
        if kind is None:
            continue
        if el.tag in ("blockquote",) and el.find(".//p") is not None:
            continue
        if el.tag == "li" and el.find(".//p") is not None:
            continue
        text = " ".join(el.text_content().split())
        if text:
            out.append(Block(kind, text))
    if not out:
        text = " ".join(root.text_content().split())
        if text:
            out.append(Block("paragraph", text))
    return tuple(out)
