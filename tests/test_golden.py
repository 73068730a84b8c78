"""Golden JSON and Markdown for small hand-written fixtures (one per input shape).

The whole chain on each file in ``tests/fixtures/golden/`` is pinned: the analysis JSON
(``pipeline.version`` and ``settings_hash`` blanked, so a version bump or a lexicon edit does
not churn every file on its own) and the Markdown. ``make golden`` regenerates them; a missing
golden file fails. Review the diff in git like code.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from pipeline import api
from pipeline.models import PipelineInfo

FIXTURES = Path(__file__).parent / "fixtures" / "golden"
CASES = sorted(p.name for p in FIXTURES.iterdir())
INFO = PipelineInfo(version="-", model="en_core_web_sm", model_version="3.8.0", settings_hash="-")


@pytest.fixture(scope="module")
def analyses() -> dict[str, api.Analysis]:
    settings = api.load_settings(cwd=FIXTURES)
    out = {}
    for name in CASES:
        path = FIXTURES / name
        out[name] = dataclasses.replace(api.analyse_file(path, settings=settings), pipeline=INFO)
    return out


@pytest.mark.parametrize("name", CASES)
def test_golden_json(analyses, golden, name):
    analysis = analyses[name]
    data = json.loads(api.analysis_json(analysis))
    data["article"]["source"] = f"tests/fixtures/golden/{name}"
    golden(f"{Path(name).stem}.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@pytest.mark.parametrize("name", CASES)
def test_golden_markdown(analyses, golden, name):
    analysis = analyses[name]
    article = dataclasses.replace(analysis.article, source=f"tests/fixtures/golden/{name}")
    golden(f"{Path(name).stem}.md", api.render_markdown(dataclasses.replace(analysis, article=article)))
