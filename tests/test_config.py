"""Settings: defaults, config file, overrides, hash, TOML round trip."""

from __future__ import annotations

import pytest

from pipeline.config import Settings, load_settings, settings_hash
from pipeline.errors import PipelineError
from pipeline.settings_toml import settings_to_toml


def test_config_defaults_without_file(tmp_path):
    s = load_settings(cwd=tmp_path)
    assert s == Settings()
    assert s.summary.summarizer == "lexrank"


def test_config_file_in_working_directory_is_read(tmp_path):
    (tmp_path / "pipeline.toml").write_text('model = "x_model"\n[summary]\nsentences = 4\n', encoding="utf-8")
    s = load_settings(cwd=tmp_path)
    assert s.model == "x_model"
    assert s.summary.sentences == 4


def test_config_overrides_beat_the_file(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[summary]\nsentences = 4\nsummarizer = "luhn"\n', encoding="utf-8")
    s = load_settings(cfg, {"summary.sentences": 6, "summary.summarizer": None})
    assert s.summary.sentences == 6
    assert s.summary.summarizer == "luhn"


@pytest.mark.parametrize(
    "body, key",
    [
        ("colour = 1\n", "colour"),
        ("[summary]\nsentance = 3\n", "summary.sentance"),
        ("[flags.add]\nhedge = 3\n", "flags.add.hedge"),
    ],
)
def test_config_unknown_or_wrong_key_names_the_key(tmp_path, body, key):
    cfg = tmp_path / "c.toml"
    cfg.write_text(body, encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        load_settings(cfg)
    assert key in info.value.line()
    assert str(cfg) in info.value.line()


def test_config_invalid_toml_is_one_line(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("model = \n", encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        load_settings(cfg)
    assert info.value.code == "E005"
    assert "\n" not in info.value.line()


def test_config_unknown_summarizer_is_rejected():
    with pytest.raises(PipelineError) as info:
        load_settings(None, {"summary.summarizer": "gpt"}, cwd="/nonexistent")
    assert info.value.code == "E007"


def test_config_toml_round_trip(tmp_path):
    s = load_settings(None, {"model": "m", "summary.sentences": 3, "flags.add": {"hedge": ["arguably"]}}, cwd=tmp_path)
    cfg = tmp_path / "out.toml"
    cfg.write_text(settings_to_toml(s), encoding="utf-8")
    assert load_settings(cfg) == s


def test_config_hash_ignores_settings_that_do_not_change_results():
    base = Settings()
    assert settings_hash(base) == settings_hash(load_settings(None, {"batch.jobs": 7}, cwd="/nonexistent"))
    assert settings_hash(base) != settings_hash(load_settings(None, {"summary.sentences": 2}, cwd="/nonexistent"))
    assert settings_hash(base, model="a") != settings_hash(base, model="b")


def test_config_shipped_defaults_file_is_what_config_prints(tmp_path):
    """``pipeline/settings.toml`` holds every default with its description; ``pipeline config``
    reproduces it exactly when nothing is overridden, and it reads back as the defaults."""
    from click.testing import CliRunner

    from pipeline.cli import main
    from pipeline.config import defaults_path

    shipped = defaults_path().read_text(encoding="utf-8")
    assert shipped == settings_to_toml(Settings())
    assert load_settings(defaults_path()) == Settings()
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=tmp_path):
        result = runner.invoke(main, ["config"])
    assert result.exit_code == 0
    assert result.stdout == shipped
