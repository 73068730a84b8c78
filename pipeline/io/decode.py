"""Decoding raw input bytes.

UTF-8 (with or without BOM), UTF-16/32 with a BOM, or else the encoding
charset-normalizer detects (legacy encodings such as cp1252); binary input is
refused. The encoding used is returned beside the text.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata

from ..errors import PipelineError

__all__ = ["decode_bytes"]

#: Share of control bytes above which undecodable input is called binary.
_BINARY_CONTROL_SHARE = 0.10


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > _BINARY_CONTROL_SHARE * len(head)


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


def decode_bytes(data: bytes, *, source: str = "<bytes>") -> tuple[str, str]:
    """Decode raw input bytes; return ``(text, encoding)``.

    UTF-8 with a BOM (``utf-8-sig``), UTF-32/UTF-16 with a BOM, plain UTF-8,
    else the encoding charset-normalizer finds. Raises E102 (empty), E104
    (binary) or E101 (undecodable).
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
    if _looks_binary(data):
        raise PipelineError("E104", source)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        return _detect(data, source, exc.start)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
