"""Hypothesis properties of ingestion and of the whole analysis of one article.

Arbitrary Unicode (combining marks, right-to-left text, emoji, zero-width and control
characters, lone surrogates in JSON), long tokens and lines, text without punctuation,
only punctuation or only numbers. Ingestion: no exception but a :class:`PipelineError`,
offsets slice back, normalisation idempotent, the same bytes give the same article. The
whole analysis: no exception, every sentence ``text == article.text[start:end]``, every
flag and entity mention inside its sentence, the JSON validates, the same input twice
gives the same output.

The normal run tries few examples; ``--slow`` tries more than 10,000 on ingestion.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline.api
from pipeline.config import Settings
from pipeline.errors import PipelineError
from pipeline.io import read_bytes
from pipeline.normalise import clean_text, normalise

PIECES = st.one_of(
    st.characters(codec="utf-8"),  # anything
    st.sampled_from(list("abcdefghij ABC.,;:!?\"'()-\n\n\t0123456789#*_`<>&[]")),
    st.sampled_from(["\u0301", "\u0308", "\u200b", "\u200d", "\u202e", "\u202c", "\ufeff", "\x00", "\x07", "\x1b", "\x85", "\u2028"]),
    st.sampled_from(["\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\U0001f600", "\U0001f1eb\U0001f1f7", "\u4e2d\u6587"]),
)


def _text(max_size: int) -> st.SearchStrategy[str]:
    """Strings of :data:`PIECES` (single characters and short runs of script)."""
    return st.lists(PIECES, max_size=max_size).map("".join)


WORDS = st.sampled_from(
    [
        "The",
        "minister",
        "said",
        "on",
        "Monday",
        "that",
        "prices",
        "rose",
        "3.5%",
        "in",
        "Paris",
        "arguably",
        "experts",
        "say",
        "\u201cgood\u201d",
        "may",
        "Reuters",
        "2006",
        "very",
        "the",
        "critics",
        "called",
        "it",
        "a",
        "disaster",
    ]
)

TEXTS = st.one_of(
    _text(400),
    st.lists(WORDS, min_size=1, max_size=80).map(" ".join),
    st.lists(st.lists(WORDS, min_size=1, max_size=20).map(lambda w: " ".join(w) + "."), min_size=1, max_size=12).map("\n\n".join),
    st.builds(lambda c, n: c * n, st.sampled_from(list("#(.-=*!?0a ")), st.integers(1, 3000)),
    st.lists(st.integers(-(10**6), 10**6).map(str), min_size=1, max_size=200).map(" ".join),
)

FORMATS = st.sampled_from(["txt", "md", "html", "json", "jsonl"])


def _as_format(text: str, fmt: str) -> bytes:
    if fmt in ("json", "jsonl"):
        return json.dumps({"title": text[:40], "text": text}).encode("utf-8")
    if fmt == "html":
        return f"<html><head><title>{text[:40]}</title></head><body><article><p>{text}</p></article></body></html>".encode(
            "utf-8", "surrogatepass"
        )
    return text.encode("utf-8", "surrogatepass")


def _ingest(data: bytes, fmt: str) -> None:
    try:
        raws = read_bytes(data, source=f"x.{fmt}", format=fmt, errors=[])
    except PipelineError:
        return
    for raw in raws:
        try:
            article = normalise(raw)
        except PipelineError:
            continue
        assert clean_text(article.text) == article.text or "\n\n" in article.text
        for b in article.blocks:
            assert article.text[b.start : b.end] == b.text
        assert normalise(raw) == article


def _raw_bytes() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=600),
        _text(300).map(lambda t: t.encode("utf-8", "surrogatepass")),
        _text(200).map(lambda t: t.encode("utf-16-le", "surrogatepass")),
        st.text(max_size=200).map(lambda t: t.encode("cp1252", "replace")),
        st.builds(
            lambda t, i, b: t.encode("utf-8")[:i] + b + t.encode("utf-8")[i:],
            _text(200),
            st.integers(0, 200),
            st.binary(min_size=1, max_size=3),
        ),
        _text(100).map(lambda t: ('{"text": "' + t + ' \\ud800 x", "id": "../' + t[:10] + '"}').encode("utf-8", "surrogatepass")),
    )


def _ingest_any(data: bytes, fmt: str) -> None:
    _ingest(data, fmt)


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _slow(n: int) -> settings:
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


#: Examples in the slow group: 10,000 on ingestion (text, bytes, normalisers), 1,000 on escaping.
SLOW_TEXT, SLOW_BYTES, SLOW_NORMALISE, SLOW_ESCAPE = 3000, 4000, 3000, 1000


@FAST
@given(TEXTS, FORMATS)
def test_properties_ingestion_of_text(text: str, fmt: str) -> None:
    _ingest(_as_format(text, fmt), fmt)


@FAST
@given(_raw_bytes(), FORMATS)
def test_properties_ingestion_of_bytes(data: bytes, fmt: str) -> None:
    _ingest_any(data, fmt)


@pytest.mark.slow
@_slow(SLOW_TEXT)
@given(TEXTS, FORMATS)
def test_properties_ingestion_of_text_many(text: str, fmt: str) -> None:
    _ingest(_as_format(text, fmt), fmt)


@pytest.mark.slow
@_slow(SLOW_BYTES)
@given(_raw_bytes(), FORMATS)
def test_properties_ingestion_of_bytes_many(data: bytes, fmt: str) -> None:
    _ingest_any(data, fmt)


@pytest.mark.slow
@_slow(SLOW_NORMALISE)
@given(_text(2000))
def test_properties_normalisers_idempotent_many(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@pytest.mark.slow
@_slow(SLOW_ESCAPE)
@given(_text(200))
def test_properties_markdown_escape_many(text: str) -> None:
    from pipeline.io.markdown import _code, _esc, _link

    for out in (_esc(text), _link(text)):
        assert "\n" not in out
    assert "<" not in _esc(text).replace("\\<", "")
    code = _code(text)
    fence = code.split(" ", 1)[0] if code.startswith("``") else "`"
    assert fence not in code[len(fence) : -len(fence)]


def _analyse_checked(text: str, fmt: str) -> None:
    try:
        raws = read_bytes(_as_format(text, fmt), source=f"x.{fmt}", format=fmt, errors=[])
    except PipelineError:
        return
    for raw in raws[:1]:
        try:
            a = pipeline.api.analyse_document(raw, settings=Settings())
        except PipelineError:
            return
        again = pipeline.api.analyse_document(raw, settings=Settings())
        text_ = a.article.text
        for s in a.sentences:
            assert text_[s.start : s.end] == s.text
            for f in s.flags:
                assert s.start <= f.start <= f.end <= s.end
        spans = {s.id: s for s in a.sentences}
        for e in a.entities:
            for m in e.mentions:
                s = spans.get(m.sentence_id) if getattr(m, "sentence_id", None) else None
                if s is not None:
                    assert s.start <= m.start <= m.end <= s.end
        data = json.loads(pipeline.api.analysis_json(a))
        pipeline.api.validate(data)
        assert pipeline.api.analysis_json(again) == pipeline.api.analysis_json(a)
        pipeline.api.render_markdown(a)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, FORMATS)
def test_properties_whole_analysis(nlp, text: str, fmt: str) -> None:
    _analyse_checked(text, fmt)


@pytest.mark.slow
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(TEXTS, FORMATS)
def test_properties_whole_analysis_many(nlp, text: str, fmt: str) -> None:
    _analyse_checked(text, fmt)
