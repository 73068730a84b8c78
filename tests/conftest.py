"""Shared fixtures: a real spaCy model, the sample article, the shared data sets."""

from __future__ import annotations

from collections.abc import Callable
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


GOLDEN_DIR = ROOT / "tests" / "golden"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str | Path, str], None]:
    """Compare text with a golden file; ``--update-golden`` rewrites it (``make golden``).

    A missing golden file fails: it is never written silently. ``name`` is relative to
    ``tests/golden/`` unless it is an absolute path (``docs/cli.md`` is pinned the same way).
    """
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str | Path, actual: str) -> None:
        path = Path(name) if Path(name).is_absolute() else GOLDEN_DIR / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        if not path.is_file():
            pytest.fail(f"golden file {path} is missing: run `make golden` and review the diff")
        assert actual == path.read_text(encoding="utf-8"), f"{path} differs from the current output: run `make golden` and review the diff"

    return check
