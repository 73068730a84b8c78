"""Nothing an article (or a crafted analysis file) holds escapes the output directory or
becomes live markup in the Markdown."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import pipeline
import pipeline.api
from pipeline.cli import main
from pipeline.convert import from_dict
from pipeline.errors import PipelineError
from pipeline.io.markdown import render_markdown
from pipeline.models import Analysis

from .conftest import write_json


def test_load_analysis_rejects_a_traversing_id(tmp_path: Path, analysis_dict: dict) -> None:
    data = copy.deepcopy(analysis_dict)
    data["article"]["id"] = "../../../../tmp/x"
    path = write_json(tmp_path / "a.json", data)
    with pytest.raises(PipelineError) as err:
        pipeline.load_analysis(path)
    assert err.value.code == "E204" and "article.id" in err.value.detail


def test_review_of_a_crafted_analysis_writes_nothing_outside(tmp_path: Path, runner, analysis_dict: dict) -> None:
    out = tmp_path / "deep" / "out"
    out.mkdir(parents=True)
    data = copy.deepcopy(analysis_dict)
    data["article"]["id"] = "../../escaped"
    path = write_json(out / "a.json", data)
    result = runner.invoke(main, ["review", str(path), "--list"])
    assert result.exit_code == 1
    assert "[E204]" in result.stderr and "Traceback" not in result.stderr
    outside = [p for p in tmp_path.rglob("*") if p not in (tmp_path / "deep", out) and out not in p.parents]
    assert outside == []
    assert not any("escaped" in p.name for p in tmp_path.rglob("*"))


def test_write_outputs_refuses_an_unsafe_id(tmp_path: Path, analysis_dict: dict) -> None:
    analysis = from_dict(Analysis, analysis_dict)
    import dataclasses

    bad = dataclasses.replace(analysis, article=dataclasses.replace(analysis.article, id="../x"))
    with pytest.raises(PipelineError) as err:
        pipeline.write_outputs(bad, tmp_path / "out")
    assert err.value.code == "E202"
    assert not (tmp_path / "x.json").exists()


def test_load_analysis_sanitises_an_id_the_schema_allows(tmp_path: Path, analysis_dict: dict) -> None:
    data = copy.deepcopy(analysis_dict)
    data["article"]["id"] = "CON"
    loaded = pipeline.load_analysis(write_json(tmp_path / "a.json", data))
    assert loaded.article.id == "con-article"


@pytest.mark.parametrize(
    ("change", "code", "where"),
    [
        (lambda d: d.update(schema_version="9.0"), "E801", "9.0"),  # another schema version
        (lambda d: d["article"].update(text=5), "E204", "article.text"),
        (lambda d: d.update(sentences="x"), "E204", "sentences"),
    ],
)
def test_load_analysis_validates_against_the_schema(tmp_path: Path, analysis_dict: dict, change, code: str, where: str) -> None:
    data = copy.deepcopy(analysis_dict)
    change(data)
    with pytest.raises(PipelineError) as err:
        pipeline.load_analysis(write_json(tmp_path / "a.json", data))
    assert err.value.code == code and where in err.value.detail


def test_diff_refuses_an_unknown_schema_version(tmp_path: Path, runner, analysis_dict: dict) -> None:
    a = write_json(tmp_path / "a.json", analysis_dict)
    data = copy.deepcopy(analysis_dict)
    data["schema_version"] = "9.0"
    b = write_json(tmp_path / "b.json", data)
    result = runner.invoke(main, ["diff", str(a), str(b)])
    assert result.exit_code == 2  # an error, as diff(1)
    assert result.stderr.startswith("error: ") and "[E801]" in result.stderr and len(result.stderr.splitlines()) == 1


def _with_article(analysis_dict: dict, **fields: object) -> Analysis:
    data = copy.deepcopy(analysis_dict)
    data["article"].update(fields)
    return from_dict(Analysis, data)


def _html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(markdown)


HOSTILE_URLS = [
    "https://example.com/a> <img src=x onerror=alert(1)>",
    'http://example.com/"><script>alert(1)</script>',
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "https://example.com/`code` &amp; <b>",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_markdown_url_is_text_or_a_safe_link(analysis_dict: dict, url: str) -> None:
    html = _html(render_markdown(_with_article(analysis_dict, url=url)))
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    for href in __import__("re").findall(r'href="([^"]*)"', html):
        assert href.startswith(("http://", "https://")), href
        assert " " not in href and "<" not in href and ">" not in href


def test_markdown_http_url_is_a_percent_encoded_link(analysis_dict: dict) -> None:
    md = render_markdown(_with_article(analysis_dict, url="https://example.com/a b?q=1&r=<2>"))
    assert "<https://example.com/a%20b?q=1&r=%3C2%3E>" in md


@pytest.mark.parametrize("source", ["x` <img src=x onerror=alert(1)> `y.txt", "``a``.txt", "a\nb.txt", "<script>.txt"])
def test_markdown_source_name_stays_in_its_code_span(analysis_dict: dict, source: str) -> None:
    md = render_markdown(_with_article(analysis_dict, source=source))
    line = next(ln for ln in md.splitlines() if ln.startswith("Source:"))
    html = _html(line)
    assert "<img" not in html and "<script" not in html
    assert html.count("<code>") == 1


@pytest.mark.parametrize(
    "title",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "![x](http://e/x.png)",
        "&lt;b&gt; &amp; &#60;i&#62;",
        "**bold** _it_ `c`",
    ],
)
def test_markdown_title_and_text_render_as_text(analysis_dict: dict, title: str) -> None:
    html = _html(render_markdown(_with_article(analysis_dict, title=title, author=title)))
    assert "<script" not in html and "<a " not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "<strong>bold" not in html and "<em>it" not in html


def test_markdown_ampersand_is_escaped(analysis_dict: dict) -> None:
    md = render_markdown(_with_article(analysis_dict, title="AT&T &copy;"))
    assert "# AT\\&T \\&copy;" in md
    assert "AT&amp;T &amp;copy;" in _html(md)


def test_markdown_of_hostile_article_text(nlp) -> None:
    text = "Officials said <img src=x onerror=alert(1)> was [a link](javascript:x) and **loud**.\n\nThe vote was `7` to 2 &amp; more.\n"
    html = _html(render_markdown(pipeline.analyse(text, source="<b>x</b>.txt")))
    assert "<img" not in html and "<a " not in html and "<b>" not in html


def test_json_output_of_a_hostile_article_validates(nlp) -> None:
    a = pipeline.analyse('He said "\u202eevil\u202c" <script>x</script>.\n\nIt rained.\n', source="../x.txt")
    data = json.loads(pipeline.api.analysis_json(a))
    pipeline.validate(data)
    assert data["article"]["id"] == "x"
