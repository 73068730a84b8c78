"""Stage ``report``: an offline HTML report of analysed articles.

Reads analysis JSON files (``outputs/<id>.json``, as :func:`pipeline.api.load_analysis`
reads them) and adds nothing to them: it writes one self-contained HTML page per
article (summary, then the article with entities, flag cues, quotes and key
points marked, boilerplate collapsed) and a sortable index with a small chart
of flags per 1,000 words by category. The pages make no external request
(inline style, no fonts, no CDN; only the index has a small inline sort script)
and open from a file.

>>> from pipeline.report import write_report
>>> result = write_report(["outputs"])  # doctest: +SKIP
>>> result.index  # doctest: +SKIP
PosixPath('outputs/report/index.html')
"""

from __future__ import annotations

from .build import INDEX, ReportResult, find_analyses, page_name, write_report
from .figures import ArticleFigures, article_figures
from .index import render_index
from .markup import Span, render_spans
from .page import render_article, safe_url

__all__ = [
    "INDEX",
    "ReportResult",
    "ArticleFigures",
    "Span",
    "article_figures",
    "find_analyses",
    "page_name",
    "render_article",
    "render_index",
    "render_spans",
    "safe_url",
    "write_report",
]
