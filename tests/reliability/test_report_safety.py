"""Output safety of the HTML report and the review app's JSON: hostile titles, URLs,
authors, file names and article text come out as text, never as markup or script."""

from __future__ import annotations

import asyncio
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import pipeline
import pipeline.api
from pipeline.cli import main

MARK = "PWNED"
HOSTILE_TEXT = (
    f"Officials said <script>alert('{MARK}')</script> was fine, and <img src=x onerror=alert('{MARK}')> followed.\n\n"
    f"The minister called it [a link](javascript:alert('{MARK}')) and **loud** `code` &amp; <b>{MARK}</b> on Monday.\n\n"
    f'Critics said "<a href=\\"javascript:{MARK}\\">x</a>" was a mistake in Paris.\n'
)
HOSTILE_FIELDS = {
    "title": f"<script>alert('{MARK}')</script> [t](javascript:{MARK}) <img src=x onerror={MARK}>",
    "author": f'"><svg onload={MARK}>',
    "url": f"javascript:alert('{MARK}')",
}
HOSTILE_SOURCE = f"x` <img src=x onerror={MARK}> `y.txt"
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside script and style elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.raw: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        (self.raw if self._in else self.text).append(data)


def _check_page(html: str) -> str:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    assert not any(MARK in raw for raw in parser.raw), "article text inside a script or style element"
    for tag, attrs in parser.tags:
        assert tag not in ("img", "iframe", "object", "embed", "b"), f"a <{tag}> element from the article"
        for name, value in attrs:
            value = value or ""
            assert not (name.startswith("on") and MARK in value), f"{name}= carries article text"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert not value.strip().lower().startswith(BAD_SCHEMES), f"{name}={value!r}"
    return "".join(parser.text)


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory, nlp) -> Path:
    """An output directory holding one analysis whose every article field is hostile."""
    out = tmp_path_factory.mktemp("hostile") / "out"
    out.mkdir()
    data = json.loads(pipeline.api.analysis_json(pipeline.analyse(HOSTILE_TEXT, source=HOSTILE_SOURCE)))
    data["article"].update(HOSTILE_FIELDS)
    pipeline.validate(data)
    (out / f"{data['article']['id']}.json").write_text(json.dumps(data), encoding="utf-8")
    return out


def test_report_of_a_hostile_analysis_renders_it_as_text(hostile_out: Path, tmp_path: Path, runner) -> None:
    site = tmp_path / "site"
    result = runner.invoke(main, ["report", str(hostile_out), "-o", str(site)])
    assert result.exit_code == 0, result.stderr
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 2  # the index and the article's page
    shown = ""
    for page in pages:
        shown += _check_page(page.read_text(encoding="utf-8"))
    # The hostile strings are there, as text a reader sees.
    assert "<script>alert('PWNED')</script>" in shown
    assert "onerror=alert('PWNED')" in shown
    assert "[a link](javascript:alert('PWNED'))" in shown


async def _get(app: Any, path: str, query: bytes = b"") -> tuple[int, dict[str, str], str]:
    """One GET through the ASGI app (no HTTP client needed): status, headers, body."""
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], headers, body.decode("utf-8")


def test_review_app_serves_hostile_text_as_json_data(hostile_out: Path) -> None:
    """The review app's state is JSON (never HTML) under a script-src 'self' policy, and
    its script puts article text in with textContent only: no markup from the article
    can run, even without a browser to prove it (tests/test_review_web.py does, with one)."""
    pytest.importorskip("starlette")
    from pipeline.config import Settings
    from pipeline.review.session import ReviewSession
    from pipeline.review.web import STATIC, create_app

    ids = [p.stem for p in hostile_out.glob("*.json")]
    with ReviewSession(hostile_out, settings=Settings(), ids=ids) as session:
        status, headers, body = asyncio.run(_get(create_app(session, token="t"), "/api/state", b"status=all"))
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    assert headers["x-content-type-options"] == "nosniff"
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert MARK in body and json.loads(body)  # the hostile text is there, as JSON strings
    script = (STATIC / "review.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink
