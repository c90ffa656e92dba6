"""Where a red flag is said: a wrong move proposed, not one judged, weighed or argued down.

A strong candidate names the wrong move to turn it down ("instead of", "is pointless"), keeps it
only as a fallback, or negates it; a fluent but wrong one states it and gives reasons for it
("commits the offset immediately so a slow job doesn't block"). These rules tell the two apart
from the words of one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engine.claim_index import ClaimIndex
from bot.engine.reading import Claim
from bot.engine.words import OTHER_THAN


def flag_claim(
    index: ClaimIndex,
    about: Sequence[int],
    match: Sequence[Sequence[str]],
    *,
    unless: Sequence[str],
    dismissals: Sequence[str],
) -> Claim | None:
    """The first claim (of the positions ``about``) stating the wrong move. A dismissal
    ("don't", "instead of") spares the sentence only when it lies outside the words of the
    move (in "we don't put a TTL on the lock" the negation is the move itself) and before
    any reason given for it (in "commits the offset immediately so a slow job doesn't block
    the partition" the move is argued for, not turned down)."""
    maybe = [index.maybe_all(group) for group in match]
    for i in about:
        if not index.claims[i].states or offered_as_option(index.claims[i].text):
            continue
        for group, may in zip(match, maybe, strict=True):
            said = index.group_spans(i, group) if i in may else None
            if said is None or index.mentions_any(i, unless):
                continue
            claim = index.claims[i]
            if claim.phase_id == "schema" and not _one_field(claim.plain, said):
                continue
            if not index.mentions_any(i, dismissals):
                return claim
            reasons = _reasons_from(claim.plain, said)
            if not any(
                index.mentioned(i, d)
                and _outside(index, i, d, said, before=reasons)
                and _reaches(index, i, d, said)
                for d in dismissals
            ):
                return claim
    return None


_OPTION_LABEL = re.compile(
    r"\s*(?:[-*•]\s*)?(?:\(?[1-9a-e]\)\s"
    r"|opt(?:ion)?\s*(?:[1-9a-e]|one|two|three)?\s*[:)\-]"
    r"|option\s+(?:one|two|three|[1-9a-e])\b"
    r"|alt(?:ernative)?s?\s*(?:[:\-]|is\b)"
    r"|(?:first|second|third|another|other)\s+option\b"
    r"|the\s+alternative\b)",
    re.IGNORECASE,
)

_CHOSEN = re.compile(
    r"\b(?:chosen|chose|choose|pick|picked|going with|go with|winner|i'll|we'll)\b",
    re.IGNORECASE,
)


def offered_as_option(text: str) -> bool:
    """The sentence opens as one option of several ("(1) lat/lng B-tree: ...", "opt2: timer
    per job", "alt: send the offer to 3 drivers", "Option one is to copy every post"): the
    candidate is weighing it, and says what they chose elsewhere. (Numbered steps, "1.",
    are a flow, not options; "option B (chosen)" is the design.)"""
    return _OPTION_LABEL.match(text) is not None and _CHOSEN.search(text) is None


FIELD_LIST_SEGMENTS = 4
FIELD_WORDS = 3
_FIELD_BREAK = re.compile(r"[,()]")
_NAMES_A_RECORD = re.compile(r"\s*(?:table\s*)?[(:]")


def _one_field(plain: str, spans: Sequence[tuple[int, int]]) -> bool:
    """True unless ``plain`` is a record written as its fields ("notifications: id, caller
    request id, user, channel, status (queued, sent...)") and ``spans`` fall in different
    fields: each field is said on its own, so a wrong move needs its words in one field
    ("amount DOUBLE PRECISION"), or in one field and the record's name ("photos(id, image
    blob)")."""
    if plain.count(",") < FIELD_LIST_SEGMENTS - 1:
        return True  # most sentences: settled without splitting
    fields = [f for f in _FIELD_BREAK.split(plain) if f.strip()]
    words = sorted(len(f.split()) for f in fields)
    if len(fields) < FIELD_LIST_SEGMENTS or words[len(words) // 2] > FIELD_WORDS:
        return True
    cuts = [m.start() for m in _FIELD_BREAK.finditer(plain)]
    inside = {
        sum(1 for c in cuts if c < start)
        for start, end in spans
        if not _NAMES_A_RECORD.match(plain, end)  # a record's name belongs to every field
    }
    return len(inside) <= 1


def _outside(
    index: ClaimIndex,
    i: int,
    pattern: str,
    spans: Sequence[tuple[int, int]],
    *,
    before: int | None = None,
) -> bool:
    """``pattern`` appears in claim ``i`` somewhere not within ``spans`` (and, given
    ``before``, starting before that position)."""
    return any(
        not any(a <= start and end <= b for a, b in spans) and (before is None or start < before)
        for start, end in index.spans(i, pattern)
    )


# Of the dismissals, those of words.OTHER_THAN turn down only what follows them, up to a
# clause break: in "rather than precomputing top-K at every node, I compute it at read time"
# the move is the second clause.
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s-\s|—")


def _reaches(index: ClaimIndex, i: int, dismissal: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``dismissal`` in claim ``i`` bears on the move said at ``spans`` (in its
    patterns' order): always, but for those of :data:`OTHER_THAN`, which bear on a move whose
    first word lies in their clause, after them."""
    if dismissal not in OTHER_THAN:
        return True
    plain = index.claims[i].plain
    start = spans[0][0]
    return any(
        end <= start and not _CLAUSE_BREAK.search(plain, end, start)
        for _, end in index.spans(i, dismissal)
    )


_REASON = re.compile(r"\b(?:so that|so|because|since|to avoid|to keep|to make sure|which means)\b")
_CONTRAST = re.compile(r"\b(?:but|however|though|although|yet|except|unless|until)\b")


def _reasons_from(plain: str, spans: Sequence[tuple[int, int]]) -> int | None:
    """Where ``plain`` starts giving reasons for the move said at ``spans`` ("..., so a
    slow job doesn't block"): the first reason word after the move, unless a contrast
    ("but", "however") comes between, which turns the sentence against it."""
    end = max(e for _, e in spans)
    found = _REASON.search(plain, end)
    if found is None or _CONTRAST.search(plain, end, found.start()):
        return None
    return found.start()
