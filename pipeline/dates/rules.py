"""What a rule of the date grammar is (:data:`Rule`) and what it answers (:data:`Answer`).

A rule takes the cleaned text, the reference date (or None) and the tense of the
sentence (-1 past, 0 unknown or present, 1 future). It answers with a value
(:class:`Parse`: the grammar stops there), with None (not its form: the next rule
is tried) or with :data:`REJECT` (its form, but no value: the grammar stops with
None). Most rules are a regular expression that must match the whole text and a
handler that reads the match (:func:`fullmatch`).
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

__all__ = ["Parse", "parsed", "REJECT", "Answer", "Rule", "Handler", "fullmatch"]


@dataclass(frozen=True, slots=True)
class Parse:
    """What a grammar rule finds: the TimeML value, the ISO 8601 value and the kind (see ``DATE_KINDS``)."""

    timeml: str | None
    iso: str | None
    kind: str


def parsed(timeml: str | None, kind: str, iso: str | None = None) -> Parse:
    """A :class:`Parse` whose ISO value is the TimeML value unless given."""
    return Parse(timeml, iso if iso is not None else timeml, kind)


class _Reject(enum.Enum):
    REJECT = "reject"


REJECT = _Reject.REJECT
#: A value (stop), None (try the next rule) or REJECT (stop, no value).
Answer: TypeAlias = Parse | _Reject | None
Rule: TypeAlias = Callable[[str, _dt.date | None, int], Answer]
Handler: TypeAlias = Callable[[re.Match[str], str, _dt.date | None, int], Answer]


def fullmatch(pattern: str) -> Callable[[Handler], Rule]:
    """A rule from a handler, which is called with the match when ``pattern`` matches the whole text."""
    compiled = re.compile(pattern)

    def rule_of(handler: Handler) -> Rule:
        @functools.wraps(handler)
        def rule(t: str, ref: _dt.date | None, tense: int) -> Answer:
            m = compiled.fullmatch(t)
            return handler(m, t, ref, tense) if m else None

        return rule

    return rule_of
