"""What every command module shares: the click context, the one-line error at the CLI
boundary, settings from the config file and flags, the common options."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from .. import api
from ..errors import PipelineError

__all__ = ["CONTEXT", "PipelineClickError", "_settings", "_guard", "_common", "_summary_options"]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class PipelineClickError(click.ClickException):
    """A :class:`PipelineError` at the CLI boundary: one line, a given exit code."""

    def __init__(self, error: PipelineError, exit_code: int = 1) -> None:
        super().__init__(error.line())
        self.exit_code = exit_code  # type: ignore[misc]  # click reads it per instance

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _settings(config: str | None, overrides: dict[str, Any]) -> api.Settings:
    try:
        return api.load_settings(config, overrides)
    except PipelineError as exc:
        raise PipelineClickError(exc, exit_code=2) from None


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one-line CLI errors."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PipelineError as exc:
            raise PipelineClickError(exc) from None

    return wrapper


def _common(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option(
        "--model", metavar="NAME", help="spaCy pipeline to use (default: en_core_web_sm if installed, else the bundled copy)."
    )(fn)
    fn = click.option(
        "--config",
        "config",
        metavar="FILE",
        type=click.Path(dir_okay=False),
        help="TOML config file (default: ./pipeline.toml if present).",
    )(fn)
    return fn


def _summary_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--neutralise/--no-neutralise", default=None, help="Also write a neutral wording of each key point.")(fn)
    fn = click.option("--ratio", type=click.FloatRange(0, 1, min_open=True), help="Share of candidate sentences to keep.")(fn)
    fn = click.option("--sentences", type=click.IntRange(min=1), help="Number of key points (default adapts to length).")(fn)
    fn = click.option("--summarizer", type=click.Choice(api.SUMMARIZERS), help="sumy ranker (default lexrank).")(fn)
    return fn
