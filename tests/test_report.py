"""The offline HTML report: pages and index from real analyses, escaping, span nesting, no external requests."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.api import analyse, load_analysis, write_outputs
from pipeline.cli import main
from pipeline.report import Span, article_figures, render_article, render_index, render_spans, safe_url, write_report

VOID = {"meta", "br", "img", "input", "hr", "link", "wbr", "source", "col", "area", "base", "embed", "track"}
SVG_EMPTY = {"line", "rect"}  # written as <line .../> in the inline SVG

HOSTILE = {
    "title": '<script>alert("title")</script> Budget "approved" & signed',
    "url": "javascript:alert(document.cookie)",
    "author": "<img src=x onerror=alert(1)>",
    "source": "<b>Evil</b> Outlet",
    "text": (
        'The mayor said the plan is <script>alert("x")</script> clearly a crucial step for Paris.\n\n'
        "Critics say [click here](javascript:alert(1)) and <img src=x onerror=alert(2)> may be wrong.\n\n"
        '"It is perhaps the worst budget in years," said Anne Hidalgo, the mayor of Paris.'
    ),
}


class Tree(HTMLParser):
    """A strict reader: every element closed in order; text, attributes and the text of one element kept."""

    def __init__(self, *, capture: tuple[str, str] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.attrs: list[tuple[str, dict[str, str | None]]] = []
        self.capture = capture
        self.depth = 0  # > 0 while inside the captured element
        self.captured: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._raw: str | None = None

    def handle_starttag(self, tag, attrs):
        self.attrs.append((tag, dict(attrs)))
        if tag in VOID:
            return
        if tag in ("script", "style"):
            self._raw = tag
        self.stack.append(tag)
        if self.depth:
            self.depth += 1
        elif self.capture and (self.capture[0], self.capture[1]) in attrs:
            self.depth = 1

    def handle_startendtag(self, tag, attrs):
        self.attrs.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        self._raw = None
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self._raw == "script":
            self.scripts.append(data)
        elif self._raw == "style":
            self.styles.append(data)
        if self.depth:
            self.captured.append(data)


def parse(html: str, *, capture: tuple[str, str] | None = ("class", "entities")) -> Tree:
    tree = Tree(capture=capture)
    tree.feed(html)
    tree.close()
    assert not tree.errors, tree.errors[:5]
    assert tree.stack == [], tree.stack
    return tree


def article_text_of(html: str) -> str:
    """The text of the page's marked-up article (the ``<div class="entities">``)."""
    tree = parse(html, capture=("class", "entities"))
    return "".join(tree.captured)


# --------------------------------------------------------------------------
# fixtures: real spaCy on the sample and on a hostile article


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory, nlp, sample_path):
    from pipeline.io import read_path

    out = tmp_path_factory.mktemp("report") / "outputs"
    raws, errors = read_path(sample_path)
    assert not errors
    analysis = pipeline.analyse_document(raws[0])
    write_outputs(analysis, out)
    return out


@pytest.fixture(scope="module")
def hostile_analysis(nlp):
    return analyse(json.dumps(HOSTILE), source="hostile.json", format="json")


# --------------------------------------------------------------------------
# the sample


def test_report_writes_a_page_per_article_and_an_index(sample_out, tmp_path):
    result = write_report([sample_out], out_dir=tmp_path / "site")
    assert result.errors == ()
    assert [p.name for p in result.pages] == ["iran-hamas-connection.html"]
    assert result.index == tmp_path / "site" / "index.html"
    analysis = load_analysis(sample_out / "iran-hamas-connection.json")
    page = result.pages[0].read_text(encoding="utf-8")
    parse(page)
    assert "<h1>Unraveling The Iran-Hamas Connection: A Decades-Long Alliance</h1>" in page
    assert article_text_of(page) == analysis.article.text
    flags = [f for s in analysis.sentences for f in s.flags]
    assert flags and page.count('class="flag flag-') >= len(flags)
    assert page.count('<mark class="entity ent-') >= sum(len(e.mentions) for e in analysis.entities) > 0
    for kp in analysis.summary.key_points:  # every key point links to its sentence, which has that id once
        assert f'href="#{kp.id}"' in page
        assert page.count(f'id="{kp.id}"') == 1
    assert 'data-speaker="Robert Finer"' in page
    assert '<details class="boilerplate">' in page and "Table of Contents" in page
    assert f"Review: {len(flags)} pending, 0 accepted, 0 dismissed." in page
    index = result.index.read_text(encoding="utf-8")
    parse(index, capture=None)
    assert 'href="iran-hamas-connection.html"' in index
    assert "<svg" in index and index.count("<rect") == 5 * 2  # the overall chart and one row


def test_report_default_output_is_dir_report(sample_out):
    result = write_report([sample_out])
    assert result.index == sample_out / "report" / "index.html"
    assert result.index.is_file()


def test_report_index_figures_and_order(sample_out, hostile_analysis):
    sample = load_analysis(sample_out / "iran-hamas-connection.json")
    rows = [article_figures(sample, page="a.html"), article_figures(hostile_analysis, page="b.html")]
    assert rows[0].flags_total == sample.stats.flags_total
    assert rows[0].per_1000 == pytest.approx(sample.stats.flags_per_1000_words, abs=0.01)
    assert rows[0].subjective_share == pytest.approx(sample.stats.subjective_share, abs=1e-4)
    html = render_index(rows)
    parse(html, capture=None)
    by_load = sorted(rows, key=lambda r: -r.per_1000)
    assert html.index(f'href="{by_load[0].page}"') < html.index(f'href="{by_load[1].page}"')


def test_report_dismissed_and_quoted_flags_are_not_counted(hostile_analysis):
    sentences = list(hostile_analysis.sentences)
    first = sentences[0]
    flags = list(first.flags)
    flags[0] = dataclasses.replace(flags[0], review="dismissed")
    flags[1] = dataclasses.replace(flags[1], quoted=True)
    sentences[0] = dataclasses.replace(first, flags=tuple(flags))
    changed = dataclasses.replace(hostile_analysis, sentences=tuple(sentences))
    before, after = article_figures(hostile_analysis, page="x"), article_figures(changed, page="x")
    assert after.flags_total == before.flags_total - 2
    assert after.reviews["dismissed"] == 1
    page = render_article(changed)
    assert "review: dismissed" in page and 'class="flag flag-' in page


def test_report_genre_and_outlet_when_present(hostile_analysis):
    article = dataclasses.replace(hostile_analysis.article, genre=None, meta={"genre": "opinion <i>column</i>", "sitename": "Le Monde"})
    analysis = dataclasses.replace(hostile_analysis, article=article)
    page = render_article(analysis)
    assert "opinion &lt;i&gt;column&lt;/i&gt;" in page and "Le Monde" in page
    row = article_figures(analysis, page="x.html")
    assert (row.genre, row.outlet) == ("opinion <i>column</i>", "Le Monde")
    assert "opinion &lt;i&gt;column&lt;/i&gt;" in render_index([row])


# --------------------------------------------------------------------------
# hostile input


def test_report_hostile_article_is_rendered_as_text(hostile_analysis, tmp_path):
    out = tmp_path / "out"
    write_outputs(hostile_analysis, out)
    result = write_report([out])
    assert result.errors == ()
    page = result.pages[0].read_text(encoding="utf-8")
    index = result.index.read_text(encoding="utf-8")
    for html in (page, index):
        tree = parse(html, capture=None)
        assert "<script>alert" not in html and "<img" not in html and "<b>Evil" not in html
        for tag, attrs in tree.attrs:
            assert not any(name.startswith("on") for name in attrs), (tag, attrs)
            for name in ("href", "src", "action", "formaction"):
                assert not (attrs.get(name) or "").strip().lower().startswith(("javascript:", "data:")), (tag, attrs)
    assert "<script" not in page  # an article page runs no script at all
    tree = parse(index, capture=None)
    assert [tag for tag, _ in tree.attrs].count("script") == 1
    assert "<h1>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Budget &quot;approved&quot; &amp; signed</h1>" in page
    assert article_text_of(page) == hostile_analysis.article.text  # Markdown link syntax and tags kept as text
    assert "[click here](javascript:alert(1))" in article_text_of(page)
    assert "javascript:alert(document.cookie)" in page  # shown as text, not a link
    assert not re.search(r"href=\"[^\"]*javascript", page)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.com/a?b=1&c=2#d", "https://example.com/a?b=1&c=2#d"),
        ("http://example.com/a b<c>\"d'", "http://example.com/a%20b%3Cc%3E%22d'"),
        ("HTTPS://EXAMPLE.COM/", "HTTPS://EXAMPLE.COM/"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("jav&#x09;ascript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example/x", None),
        ("/relative/path", None),
        ("http://", None),
        ("http://exa mple.com", None),
        ("", None),
        (None, None),
    ],
)
def test_report_safe_url(url, expected):
    assert safe_url(url) == expected


# --------------------------------------------------------------------------
# spans


def _spans_page(text: str, spans: list[Span]) -> str:
    html = f'<div class="entities">{render_spans(text, spans)}</div>'
    return html


@pytest.mark.parametrize(
    "spans",
    [
        [Span(0, 5, "mark"), Span(0, 20, "span")],  # entity inside a flag cue, same start
        [Span(6, 15, "span"), Span(10, 20, "mark")],  # crossing
        [Span(0, 10, "b"), Span(0, 10, "i"), Span(0, 10, "u")],  # the same characters
        [Span(0, 5, "b"), Span(5, 10, "i")],  # touching
        [Span(0, 12, "p", block=True), Span(14, 26, "p", block=True), Span(8, 18, "span")],  # inline across blocks
        [Span(3, 3, "b"), Span(-1, 4, "b"), Span(20, 99, "b")],  # empty and out of range: ignored
    ],
)
def test_report_overlapping_spans_make_well_formed_html(spans):
    text = 'Hamas <& Iran> said\n\nit "may" last.'
    html = _spans_page(text, spans)
    assert article_text_of(html) == text


def test_report_split_span_keeps_first_and_last_attributes_once():
    text = "aaaa bbbb cccc"
    inner = Span(5, 14, "mark", (("class", "e"),), first=(("id", "s1"),), last=(("data-label", "X"),))
    html = render_spans(text, [Span(0, 9, "span", (("class", "q"),)), inner])
    assert html == '<span class="q">aaaa <mark class="e" id="s1">bbbb</mark></span><mark class="e" data-label="X"> cccc</mark>'
    html = render_spans(text, [Span(0, 14, "mark", first=(("id", "s1"),), last=(("data-label", "X"),))])
    assert html == '<mark id="s1" data-label="X">aaaa bbbb cccc</mark>'


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="ab <&\"'\n", min_size=1, max_size=40),
    raw=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(["span", "mark", "b"])), max_size=8),
)
def test_report_any_spans_give_well_formed_html_with_the_same_text(text, raw):
    spans = [
        Span(min(a, b), max(a, b), tag, (("title", f"{a}<{b}"),), first=(("id", f"x{i}"),), order=i) for i, (a, b, tag) in enumerate(raw)
    ]
    html = _spans_page(text, spans)
    assert article_text_of(html) == text
    for i in range(len(raw)):
        assert html.count(f'id="x{i}"') <= 1


# --------------------------------------------------------------------------
# nothing external


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def test_report_makes_no_external_requests(sample_out, tmp_path):
    analysis = load_analysis(sample_out / "iran-hamas-connection.json")
    analysis = dataclasses.replace(analysis, article=dataclasses.replace(analysis.article, url="https://news.example/iran-hamas"))
    write_outputs(analysis, tmp_path / "out")
    result = write_report([tmp_path / "out"])
    for path in (*result.pages, result.index):
        html = path.read_text(encoding="utf-8")
        tree = parse(html, capture=None)
        for tag, attrs in tree.attrs:
            assert "src" not in attrs and tag not in ("link", "img", "iframe", "object", "embed"), (tag, attrs)
            if "href" in attrs:
                href = attrs["href"] or ""
                assert href.startswith("#") or "://" not in href and not href.startswith("//") or href == "https://news.example/iran-hamas"
        assert "@import" not in html and "url(" not in html
        rest = html.replace('href="https://news.example/iran-hamas"', "").replace(">https://news.example/iran-hamas<", "")
        assert "http://" not in rest and "https://" not in rest
        # the CSP names the inline style and script by hash: a hash out of step would block them
        policy = next(a["content"] for t, a in tree.attrs if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
        assert "default-src 'none'" in policy
        assert all(_hash(s) in policy for s in tree.styles) and tree.styles
        assert all(_hash(s) in policy for s in tree.scripts)


# --------------------------------------------------------------------------
# the command


def test_report_cli_directory_ids_and_errors(sample_out, tmp_path):
    runner = CliRunner()
    site = tmp_path / "site"
    result = runner.invoke(main, ["report", str(sample_out), "-o", str(site)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 page(s) and index written, 0 failed")
    assert result.stderr == ""
    assert (site / "index.html").is_file() and (site / "iran-hamas-connection.html").is_file()

    result = runner.invoke(main, ["report", str(sample_out), "iran-hamas-connection", "no-such-id", "-o", str(tmp_path / "two")])
    assert result.exit_code == 1
    assert result.stderr == f"error: no-such-id: [E251] not a file, a directory or the id of an analysis in {sample_out}\n"
    assert result.stdout.startswith("1 page(s)")

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.json").write_text("{not json", encoding="utf-8")
    shutil.copy(sample_out / "iran-hamas-connection.json", broken)
    result = runner.invoke(main, ["report", str(broken)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {broken / 'bad.json'}: [E204]")
    assert (broken / "report" / "iran-hamas-connection.html").is_file()

    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(main, ["report", str(empty)])
    assert result.exit_code == 1
    assert "[E250]" in result.stderr and result.stdout.startswith("0 page(s)")


# --------------------------------------------------------------------------
# a real browser (optional: Debian's chromium and the playwright package)


def test_report_in_a_browser_sorts_and_screenshots_the_index(sample_out, hostile_analysis, tmp_path, request):
    """Sorting works without network, nothing is requested, no article script runs.

    With --update-golden the index is screenshotted into docs/report-index.png."""
    chromium = shutil.which("chromium")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not chromium:
        pytest.skip("no chromium on PATH")
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(sample_out / "iran-hamas-connection.json", out)
    write_outputs(hostile_analysis, out)
    result = write_report([out])
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 700})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(result.index.as_uri())
        titles = lambda: page.locator("tbody tr td:first-child").all_inner_texts()  # noqa: E731
        first = titles()
        page.click("th:nth-child(1) button")
        assert titles() == sorted(first, key=str.lower)
        page.click("th:nth-child(5) button")  # words, descending first
        words = [int(w.replace(",", "")) for w in page.locator("tbody tr td:nth-child(5)").all_inner_texts()]
        assert words == sorted(words, reverse=True)
        page.click("th:nth-child(7) button")
        shot = (
            Path(__file__).resolve().parent.parent / "docs" / "report-index.png"
            if request.config.getoption("--update-golden")
            else tmp_path / "index.png"
        )
        page.screenshot(path=str(shot), full_page=True)
        for html_page in result.pages:
            page.goto(html_page.as_uri())
        assert dialogs == []  # no script from the article ran
        assert all(u.startswith("file://") for u in requests), requests
        browser.close()


def test_report_lede_is_the_sentence_not_its_id_and_claims_say_whose():
    text = (
        "Bridge Reopens\n\n"
        "The harbour bridge will probably reopen on Friday after two weeks of repairs, the city said on Monday.\n\n"
        "Engineers replaced the steel cables and repainted the deck.\n\n"
        "The long closure was a shameful failure of planning.\n"
    )
    analysis = analyse(text)
    assert analysis.summary is not None and analysis.summary.lede
    lede = next(s for s in analysis.sentences if s.id == analysis.summary.lede)
    page = render_article(analysis)
    shown = re.search(r'<p class="lede"><strong>(.*?)</strong>', page)
    assert shown is not None and shown.group(1) == lede.text.replace("&", "&amp;")
    assert f'href="#{lede.id}"' in page.split('<p class="lede">', 1)[1].split("</p>", 1)[0]
    assert analysis.summary.claims
    for claim in analysis.summary.claims:
        # whose words the claim is, as in the Markdown
        assert re.search(re.escape(claim.text[:30]) + r".*?\u2014 the (author argues|article states)", page)


def test_report_index_says_what_pending_counts_and_counts_in_the_singular():
    text = (
        "Bridge Reopens\n\n"
        "The long closure was a shameful failure of planning.\n\n"
        '"It was a disgrace and a scandal," said the mayor, Ana Ruiz.\n\n'
        "Engineers replaced the steel cables and repainted the deck on Monday.\n"
    )
    analysis = analyse(text)
    row = article_figures(analysis, page="x.html")
    index = render_index([row])
    # quoted flags are not in Flags but are pending review: the page says so
    assert row.reviews["pending"] > row.flags_total
    assert "pending review counts every flag still to review, those inside quotations too" in index
    one = [c for c, n in row.flags.items() if n == 1]
    assert one, row.flags
    assert f"({row.flags[one[0]]} flag)" in index and "(1 flags)" not in index
    assert "(0 flags)" in index  # counter-example: the plural elsewhere
