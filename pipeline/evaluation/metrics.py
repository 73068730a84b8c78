"""Small metric helpers shared by the evaluation tasks."""

from __future__ import annotations

__all__ = ["prf", "safe_div"]


def safe_div(a: float, b: float) -> float:
    return a / b if b else 0.0


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from true-positive, false-positive and false-negative counts."""
    p = safe_div(tp, tp + fp)
    r = safe_div(tp, tp + fn)
    f = safe_div(2 * p * r, p + r)
    return p, r, f
