"""English number words, shared by the dates and figures stages.

:data:`NUMBER_WORDS` holds the cardinals written as one word, ``one`` to
``nineteen`` and the tens to ``ninety``. Each stage builds its own table on it:
:data:`pipeline.dates.vocabulary.SMALL_NUMBERS` adds ``a``, ``zero``,
``hundred``, ``couple``, ``dozen`` …; :mod:`pipeline.facts.figures` adds ``a``
and ``half`` (its scales, ``hundred`` to ``trillion``, are multipliers).
"""

from __future__ import annotations

__all__ = ["NUMBER_WORDS"]

#: One-word English cardinals: one to nineteen, and the tens to ninety.
NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
