"""Small closed word lists that tell a sentence from a list of terms.

A pasted keyword list is nouns only ("qps dau storage sharding"); a sentence has a verb and
little glue words. These lists do not have to be complete: a sentence needs only one word from
each, and every design answer uses some of the common ones below.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """Word lists are kept as prose-like blocks: easier to read and extend than literals."""
    return frozenset(text.split())


FUNCTION_WORDS = _words(
    """a an the we i you they it he she this that these those our my your their its who which
    what where when why how if because so then than as to of for with without from by on in at
    into onto over under per via and or but is are was were be been being will would should can
    could must may might shall do does did has have had not no there each every all any some one
    we'll we'd we're i'll i'd i'm it's that's there's they'll you'd let's during while until
    after before between against doesn't don't isn't won't can't"""
)
AUXILIARIES = _words(
    """am is are was were be been being will would should can could must may might shall do
    does did has have had need needs let let's"""
)
SUBJECTS = _words("we i you they it he she")
_VERBS = _words("""use store save write read send receive get put post fetch return call create
delete update shorten redirect click look map hash encode decode generate assign pick choose
go hit serve cache shard replicate partition index scale handle need want expect estimate
keep add check count process publish consume subscribe push pull poll run load route forward
split batch flush retry fail crash lose grow support allow make take give show see mean avoid
prevent ensure guarantee reach access open visit share track aggregate compute sort rank merge
match query scan insert lock reserve expire evict invalidate refresh sync upload download
stream deliver notify sign log monitor detect recover design build start stop sit live happen
depend require cost cover ask dig walk come move hold break talk think know try enter paste
type follow land flow drop skip lease collide append persist queue buffer throttle limit
block reject accept answer respond pay book order search list filter join commit roll replay
dedupe deduplicate rebuild warm fill serve rotate switch fall spread say tell plan prefer
trade outnumber dominate exceed double triple stay become remain contain include lead win
lag miss fit wait work help matter care own set expose carry point change pass
control cap pin attach tag shuffle sample host deploy""")


def _inflect(verb: str) -> set[str]:
    forms = {verb, verb + "s", verb + "es", verb + "ed", verb + "d", verb + "ing"}
    if verb.endswith("e"):
        forms.add(verb[:-1] + "ing")
    if verb.endswith("y"):
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    if (
        len(verb) > 2
        and verb[-1] not in "aeiouwxy"
        and verb[-2] in "aeiou"
        and verb[-3] not in "aeiou"
    ):
        forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


VERB_FORMS = frozenset(form for verb in _VERBS for form in _inflect(verb)) | {
    "went",
    "gone",
    "sent",
    "got",
    "kept",
    "made",
    "took",
    "shown",
    "seen",
    "ran",
    "lost",
    "held",
    "broke",
    "came",
    "chose",
    "chosen",
    "built",
    "thought",
    "known",
    "read",
    "written",
    "wrote",
    "paid",
    "said",
}


def is_verbish(word: str) -> bool:
    """A word that makes a clause: an auxiliary, a subject pronoun, a contraction or a verb."""
    return (
        word in AUXILIARIES
        or word in SUBJECTS
        or word in VERB_FORMS
        or word.endswith(("'ll", "'d", "'re", "'ve", "n't"))
    )
