"""Markdown rendering of an analysis (first version; deepened by the summary work)."""

from __future__ import annotations

from ..models import Analysis

__all__ = ["render_markdown"]


def render_markdown(analysis: Analysis) -> str:
    a = analysis.article
    lines = [f"# {a.title or a.id}", "", f"Source: `{a.source}`", "", "## Key points", ""]
    if analysis.summary:
        for kp in analysis.summary.key_points:
            mark = " *(hedged)*" if kp.hedged else ""
            lines.append(f"- {kp.text}{mark} `[{kp.id}]`")
    lines += ["", "## Who", ""]
    for e in analysis.entities[:10]:
        lines.append(f"- {e.name} ({e.label}, {e.count}×)")
    return "\n".join(lines) + "\n"
