"""The reporting verbs, in one table: every use takes its subset from it.

Each line is a verb's lemma and the uses it has:

- ``a`` attribution: "X said/argued/believes ..." attributes a claim to X
  (:func:`pipeline.facts.extract_attributions`);
- ``q`` quote: the verb introduces a direct quote, and its subject is the speaker
  (:func:`pipeline.facts.extract_quotes`; stricter than ``a``: no verbs of belief);
- ``s`` speech: the verb reports speech by itself; the other ``a`` verbs make an
  attribution only with a clause ("agree that ...");
- ``c`` context: a sentence with the verb reports someone's words, and its cues
  weigh as reported (:mod:`pipeline.flags.rules`);
- ``-`` none of these.

Every verb of the table, whatever its uses, governs reported speech: its clausal
complement with a third-party subject is a source's view ("X complained [...]",
:mod:`pipeline.flags.rules`). ``told`` is listed for the parses that keep it as its
own lemma.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "VERB_USES",
    "REPORTING_VERBS",
    "ATTRIBUTION_VERBS",
    "QUOTE_VERBS",
    "SPEECH_VERBS",
    "CONTEXT_VERBS",
]

_TABLE = """
say         a q s c
state       a q s c
tell        a q s c
report      a q s c
add         a q s c
argue       a q c
claim       a q c
write       a q s c
explain     a q c
note        a q c
warn        a q c
declare     a q s c
insist      a q c
comment     a q
remark      a q
assert      a q c
acknowledge a q c
admit       a q c
reply       a q
respond     a q
conclude    a q c
suggest     a q c
announce    a q s c
contend     a q c
observe     a q
estimate    a
predict     a c
believe     a c
think       a c
agree       a
confirm     a q
deny        a q c
allege      a q c
testify     a q s c
recall      a q c
stress      a q c
emphasize   a q c
emphasise   a q c
tweet       a q s c
caution     a q
concede     a q
quip        q
joke        q
exclaim     q
shout       q
whisper     q
mutter      q
retort      q
ask         q
answer      q
sigh        q
boast       q
scoff       q
describe    c
call        c
accuse      c
told        c
maintain    c
quote       c
post        c
complain    -
reveal      -
vow         -
find        -
show        -
fear        -
hope        -
expect      -
urge        -
indicate    -
demand      -
"""

#: verb lemma -> its uses (letters, see above).
VERB_USES: Mapping[str, frozenset[str]] = {
    verb: frozenset(u for u in uses if u != "-") for verb, *uses in (line.split() for line in _TABLE.splitlines() if line.strip())
}


def _with(use: str) -> frozenset[str]:
    return frozenset(verb for verb, uses in VERB_USES.items() if use in uses)


#: Every verb of the table: the verbs whose clause is a source's reported view.
REPORTING_VERBS: frozenset[str] = frozenset(VERB_USES)
#: ``a``: verbs that attribute a claim to their subject.
ATTRIBUTION_VERBS = _with("a")
#: ``q``: verbs that introduce a direct quote.
QUOTE_VERBS = _with("q")
#: ``s``: verbs that report speech without a clause.
SPEECH_VERBS = _with("s")
#: ``c``: verbs that make their sentence reported speech (the flags' sentence context).
CONTEXT_VERBS = _with("c")
