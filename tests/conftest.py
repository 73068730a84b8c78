"""Shared fixtures: a real spaCy model, the sample article, the shared data sets."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "iran-hamas-connection.txt"
DATA = ROOT.parent / "shared" / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False, help="run slow tests")
    parser.addoption("--update-golden", action="store_true", default=False, help="rewrite tests/golden/ from the current output")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import load_model

    return load_model(None)


@pytest.fixture(scope="session")
def flagger(nlp):
    """The flag model of the default settings, loaded once."""
    from pipeline.config import FlagSettings
    from pipeline.flags import load_flagger

    return load_flagger(FlagSettings(), nlp)


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """``../shared/data``; tests that need it skip cleanly when it is absent."""
    if not DATA.is_dir():
        pytest.skip("shared data sets not present")
    return DATA


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
