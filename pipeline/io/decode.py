"""Decoding raw input bytes.

UTF-8 (with or without BOM), UTF-16/32 with a BOM, or else the encoding
charset-normalizer detects (legacy encodings such as cp1252); binary input is
refused. The encoding used is returned beside the text.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata

from ..errors import MESSAGES, PipelineError

__all__ = ["decode_bytes"]

#: Share of control bytes above which undecodable input is called binary.
_BINARY_CONTROL_SHARE = 0.10


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > _BINARY_CONTROL_SHARE * len(head)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the bytes look like UTF-16 text without a BOM
    (mostly ASCII or Latin: every other byte is zero), else None."""
    head = data[:8192]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.3 and zeros_even < 0.02:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.02:
        return "utf-16-be"
    return None


#: UTF-8 with bad bytes is still read as UTF-8 (with U+FFFD) when there are at
#: most this many bad sequences for each good multi-byte character.
_BAD_PER_GOOD = 0.25


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """``(text, bad)`` when ``data`` is UTF-8 with a few bad bytes (replaced by U+FFFD), else None.

    Legacy single-byte text (cp1252 …) has few or no valid multi-byte
    sequences, so it is left to :func:`_detect`.
    """
    text = data.decode("utf-8", "replace")
    genuine = data.count(b"\xef\xbf\xbd")
    bad = text.count("\ufffd") - genuine
    good = sum(1 for ch in text if ord(ch) > 127) - bad - genuine
    if good > 0 and bad <= _BAD_PER_GOOD * good:
        return text, bad
    return None


def _bad_char_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\n\r\t\f")
    return bad / len(sample)


def _detect(data: bytes, path: str, pos: int) -> tuple[str, str]:
    """Legacy encodings: charset-normalizer, preferring cp1252 when it reads the bytes as well."""
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise PipelineError("E101", path, pos=pos)
    encoding, text = best.encoding, str(best)
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and encoding != "cp1252":
        close = [m for m in results if m.encoding == "cp1252" and m.chaos <= best.chaos + 0.01]
        if close or western == text:
            encoding, text = "cp1252", western
    if _bad_char_share(text) > 0.01:
        raise PipelineError("E101", path, pos=pos)
    return text, encoding


def decode_bytes(data: bytes, *, source: str = "<bytes>", warnings: list[str] | None = None) -> tuple[str, str]:
    """Decode raw input bytes; return ``(text, encoding)``.

    UTF-8 with a BOM (``utf-8-sig``), UTF-32/UTF-16 with a BOM, UTF-16
    without a BOM (zero bytes in every other place), plain UTF-8, UTF-8 with
    a few bad bytes (each replaced by U+FFFD, and a warning appended to
    ``warnings``), else the encoding charset-normalizer finds. Raises E102
    (empty), E104 (binary) or E101 (undecodable).
    """
    if not data:
        raise PipelineError("E102", source)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise PipelineError("E101", source, pos=exc.start + 3) from None
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise PipelineError("E101", source, pos=exc.start) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            if _bad_char_share(text) <= 0.01:
                return text, utf16
    if _looks_binary(data):
        raise PipelineError("E104", source)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        mostly = _mostly_utf8(data)
        if mostly is not None:
            text, bad = mostly
            if warnings is not None:
                warnings.append(MESSAGES["E125"].format(count=bad, pos=exc.start))
            return text, "utf-8"
        return _detect(data, source, exc.start)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
