"""The CLI reference (docs/cli.md) is generated from --help and must stay in step.

Regenerate with ``python -m pytest tests/test_docs.py --update-golden`` (or ``make golden``).
"""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from pipeline.cli import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _commands() -> list[str]:
    return sorted(main.commands)


def render_reference() -> str:
    runner = CliRunner()
    parts = [
        "# CLI reference",
        "",
        "Generated from `--help`; regenerate with `make golden`.",
        "",
        "```",
        runner.invoke(main, ["--help"], terminal_width=100).stdout.rstrip(),
        "```",
    ]
    for name in _commands():
        out = runner.invoke(main, [name, "--help"], terminal_width=100).stdout.rstrip()
        parts += ["", f"## pipeline {name}", "", "```", out, "```"]
    return "\n".join(parts) + "\n"


def test_docs_every_command_has_a_summary_and_an_example():
    for name, cmd in main.commands.items():
        assert isinstance(cmd, click.Command)
        assert cmd.help and cmd.get_short_help_str(), name
        assert "Example" in cmd.help, name


def test_docs_cli_reference_is_current(golden):
    golden(DOC.resolve(), render_reference())


def test_docs_readme_names_every_command():
    readme = (DOC.parent.parent / "README.md").read_text(encoding="utf-8")
    for name in _commands():
        assert f"pipeline {name}" in readme, name


def test_docs_readme_example_is_the_sample_golden():
    """The README's example output is the head of the sample's golden Markdown, as it is now."""
    root = DOC.parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    start = readme.index("```markdown\n") + len("```markdown\n")
    shown = readme[start : readme.index("```", start)]
    golden_md = (root / "tests" / "golden" / "sample-summary.md").read_text(encoding="utf-8")
    assert shown.strip() == golden_md[: golden_md.index("## Who")].strip()
