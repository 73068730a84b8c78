"""Fixtures for the reliability suite: one analysis written to disk, a CLI runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

GOOD = "The committee met in Paris on Monday. It approved the plan, officials said.\n\nThe vote was 7 to 2. Critics called it a mistake.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def analysis_dict(nlp: Any) -> dict[str, Any]:
    """A real analysis as the dict of its JSON file."""
    import pipeline.api

    return json.loads(pipeline.api.analysis_json(pipeline.analyse(GOOD, source="good.txt")))


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
