"""The browser review app in a real browser: Debian's chromium driven by Playwright.

Skips when the ``playwright`` package or a ``chromium`` executable is absent
(``apt-get install chromium``; ``pip install playwright``: the browser is not
downloaded, the system one is used).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import pipeline
from pipeline.config import BatchSettings, Settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

BUDGET = (
    "City Council Approves Budget\n"
    "The city council approved a budget of $4 million on Tuesday. "
    "The plan is a crucial and remarkable step for the district, critics say. "
    "It funds three new schools and a library. "
    "The mayor said construction may begin in March.\n"
)
HOSTILE_SENTENCE = (
    'Critics say the <img src=x onerror="alert(1)"> plan is a disgraceful [deal](javascript:alert(2)) <script>alert(3)</script>.'
)
HOSTILE = {
    "title": "<b onmouseover=alert(4)>Hostile</b> report",
    "outlet": "<i>Evil</i> Times",
    "url": "javascript:alert(5)",
    "text": f"The board met on Monday. {HOSTILE_SENTENCE} The vote is on Friday.",
}


def _browser_or_skip():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("no chromium executable (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright)")
    return exe, sync_playwright


@pytest.fixture
def project(tmp_path, nlp):
    (tmp_path / "budget.txt").write_text(BUDGET, encoding="utf-8")
    (tmp_path / "hostile.json").write_text(json.dumps(HOSTILE), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        report = pipeline.run_batch([Path("budget.txt"), Path("hostile.json")], Path("out"), Settings(batch=BatchSettings(jobs=1)))
        assert report.count("ok") == 2
        yield tmp_path / "out"
    finally:
        os.chdir(cwd)


def _card(page):
    return page.get_attribute("#card", "data-article"), page.get_attribute("#card", "data-key")


def test_review_web_keyboard_reload_and_hostile_text(project):
    from pipeline.review.web import start_in_thread

    exe, sync_playwright = _browser_or_skip()
    dialogs: list[str] = []
    requests: list[str] = []
    with pipeline.api.open_review(out_dir=project, reviewer="carol") as session:
        url, server, thread = start_in_thread(session)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
                # the page's Content-Security-Policy forbids eval, which wait_for_function needs
                page = browser.new_page(bypass_csp=True)
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                page.on("request", lambda r: requests.append(r.url))
                response = page.goto(url)
                assert "script-src 'self'" in response.headers["content-security-policy"]
                page.wait_for_selector("body[data-ready]")
                first = _card(page)
                assert first[1]
                # d dismisses, a accepts the next, u undoes the accept, ? shows help
                page.keyboard.press("d")
                page.wait_for_function(f"document.querySelector('#card').dataset.key !== '{first[1]}'")
                second = _card(page)
                page.keyboard.press("a")
                page.wait_for_function(f"document.querySelector('#card').dataset.key !== '{second[1]}'")
                page.keyboard.press("u")
                page.wait_for_function(f"document.querySelector('#card').dataset.key === '{second[1]}'")
                page.keyboard.press("a")
                page.wait_for_function(f"document.querySelector('#card').dataset.key !== '{second[1]}'")
                page.keyboard.press("?")
                assert page.is_visible("#help")
                # a reload keeps every decision (they are in the database already)
                page.reload()
                page.wait_for_selector("body[data-ready]")
                decided = {a: session.store.decisions(a) for a in ("budget", "hostile")}
                assert decided[first[0]][first[1]]["decision"] == "dismissed"
                assert decided[second[0]][second[1]]["decision"] == "accepted"
                assert decided[second[0]][second[1]]["reviewer"] == "carol"
                page.select_option("#f-status", "all")
                page.wait_for_function("document.querySelector('#progress').textContent.includes('shown')")
                page.wait_for_load_state("networkidle")  # the state the filter asked for has arrived
                counts = page.inner_text("#article-list")
                assert "1 accepted" in counts and "1 dismissed" in counts
                # the hostile article: every piece of it is text
                page.click("li[data-article=hostile]")
                page.wait_for_function("document.querySelector('#card').dataset.article === 'hostile'")
                page.wait_for_load_state("networkidle")
                page.wait_for_function("document.querySelector('#card').dataset.article === 'hostile'")
                card = page.inner_text("#card")
                for fragment in ('<img src=x onerror="alert(1)">', "[deal](javascript:alert(2))", "<script>alert(3)</script>"):
                    assert fragment in card
                assert page.inner_text("#title") == HOSTILE["title"]
                assert "<i>Evil</i> Times" in page.inner_text("#meta")
                assert page.locator("#card img, #card a, #card script, #card b, #card i, #article-list b").count() == 0
                assert page.locator("script").count() == 1  # the page's own
                assert page.locator("#sentence .cue").count() >= 1
                page.keyboard.press("d")
                page.wait_for_timeout(300)
                assert dialogs == []
                assert all(r.startswith(url) for r in requests), requests
                browser.close()
        finally:
            server.should_exit = True
            thread.join(10)
