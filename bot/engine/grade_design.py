"""What the design shows for *this* question: its ideas, its wrong moves, and whether it is
about this question at all (:mod:`bot.engine.relevance`).

An interviewer judges the design against the problem asked. So each question's rubric lists
the ideas a strong answer contains (credited wherever they are said, quoted), the known wrong
moves (each costs points and is explained), and the words of its subject.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.content.model import Element, QuestionRubric, RedFlag
from bot.engine.claim_index import ClaimIndex
from bot.engine.estimates import computations
from bot.engine.reading import Claim, mentioned
from bot.engine.relevance import Relevance, relevance_of


@dataclass(frozen=True)
class ElementSeen:
    element: Element
    quote: str
    phase_id: str
    """The phase it was said in (credit counts wherever it is said)."""
    hard: bool = True
    """Stated in its hard form (or it has none); False when the idea is only named."""

    @property
    def credit(self) -> float:
        return self.element.credit(hard=self.hard)


@dataclass(frozen=True)
class RedFlagSeen:
    flag: RedFlag
    quote: str
    phase_id: str
    decided: bool = False
    """Said as the design chosen ("I'll go with..."), not as an option weighed."""


@dataclass(frozen=True)
class DesignGrade:
    shown: tuple[ElementSeen, ...]
    missing: tuple[Element, ...]
    red_flags: tuple[RedFlagSeen, ...]
    relevance: Relevance
    on_topic_answers: frozenset[int]
    """Answers (by index) that mention the question's subject: only they earn craft credit."""


def grade_design(
    claims: Sequence[Claim],
    *,
    rubric: QuestionRubric,
    question_id: str,
    domains: Mapping[str, tuple[str, ...]],
    dismissals: Sequence[str] = (),
    rejections: Sequence[str] = (),
    rivals: Mapping[str, QuestionRubric] | None = None,
    decisions: Sequence[str] = (),
) -> DesignGrade:
    """Elements shown and red flags raised by ``claims``, and their relevance.

    ``domains`` holds every question's domain patterns by question id (the one asked
    included), to tell an answer to another question from a thin answer to this one. Red
    flags fire only in answers about the question, and not in a sentence with one of
    ``dismissals`` ("in case", "instead of"): there the wrong move is named to be avoided.
    Likewise an idea earns nothing in a sentence with one of ``rejections`` ("overkill"):
    there it is named to be turned down. A flag raised in a sentence with one of
    ``decisions`` ("I'll go with") is marked as decided. ``rivals`` holds every question's
    rubric, to tell which question an answer thin in this one's words is about.
    """
    index = ClaimIndex(claims)
    shown, missing = [], []
    weighed = _not_left_open(claims, rejections)
    ideas = index if len(weighed) == len(claims) else ClaimIndex(weighed)
    for element in rubric.elements:
        seen = _element_seen(element, ideas, rejections)
        if seen is None:
            missing.append(element)
        else:
            shown.append(seen)
    on_topic = frozenset(
        claims[i].answer for p in rubric.domain for i in index.mentioning(p)
    ) | frozenset(_answers_quoted(claims, shown))
    # A worked estimate ("6k posts/s x 200 followers = 1.2M inserts/s on push") sizes an
    # option; it does not choose it.
    sizing = {id(c) for c in computations(claims)}
    # Functional requirements say what people see ("if there's stock, they get a unit set
    # aside"), not how it is built: a wrong mechanism is judged where a mechanism is chosen.
    about = [
        i
        for i, c in enumerate(claims)
        if c.answer in on_topic and id(c) not in sizing and c.phase_id not in BEHAVIOUR_PHASES
    ]
    flags = []
    for flag in rubric.red_flags:
        match = _possible(flag.match, index)
        claim = (
            _flag_claim(index, about, match, unless=flag.unless, dismissals=dismissals)
            if match
            else None
        )
        if claim is not None:
            decided = any(mentioned(claim.plain, d) for d in decisions)
            flags.append(RedFlagSeen(flag, claim.quote, claim.phase_id, decided))
    relevance = relevance_of(
        index,
        question_id=question_id,
        domains=domains,
        ideas=len(shown),
        ideas_of=(lambda q: _ideas_shown(rivals[q], ideas, rejections)) if rivals else None,
    )
    return DesignGrade(tuple(shown), tuple(missing), tuple(flags), relevance, on_topic)


def _ideas_shown(rubric: QuestionRubric, index: ClaimIndex, rejections: Sequence[str]) -> int:
    """How many of another question's ideas the answers show."""
    return sum(1 for e in rubric.elements if _element_seen(e, index, rejections) is not None)


BEHAVIOUR_PHASES = frozenset({"functional"})
"""Phases that describe behaviour, not mechanisms: no red flag fires in them."""
HEDGE_WORDS = 8
"""A sentence this short that only hedges ("Each has trade-offs.") speaks of the one before."""


def _not_left_open(claims: Sequence[Claim], rejections: Sequence[str]) -> list[Claim]:
    """``claims`` without those a short hedge right after leaves undecided: in "geohash is
    simple, quadtrees adapt to density. Each has trade-offs; it depends." the options are
    listed, not chosen, as if the hedge were said in the same sentence."""
    kept = []
    for i, claim in enumerate(claims):
        after = claims[i + 1] if i + 1 < len(claims) else None
        hedged = (
            after is not None
            and after.answer == claim.answer
            and len(after.plain.split()) <= HEDGE_WORDS
            and any(mentioned(after.plain, p) for p in rejections)
        )
        if not hedged:
            kept.append(claim)
    return kept


def _element_seen(
    element: Element, index: ClaimIndex, rejections: Sequence[str]
) -> ElementSeen | None:
    """The element as shown, quoting its hard form when stated (which implies the idea)."""
    home = element.phase_id  # quote an idea from its own phase when it was said there too
    if element.hard is not None:
        hard = _possible(element.hard.match, index)
        claim = index.first_claim(hard, home=home, unless=rejections) if hard else None
        if claim is not None:
            return ElementSeen(element, claim.quote, claim.phase_id, hard=True)
    match = _possible(element.match, index)
    claim = index.first_claim(match, home=home, unless=rejections) if match else None
    if claim is None:
        return None
    return ElementSeen(element, claim.quote, claim.phase_id, hard=element.hard is None)


def _flag_claim(
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
        if not index.claims[i].states:
            continue
        for group, may in zip(match, maybe, strict=True):
            said = index.group_spans(i, group) if i in may else None
            if said is None or index.mentions_any(i, unless):
                continue
            claim = index.claims[i]
            if claim.phase_id == "schema" and not _one_field(claim.plain, said):
                continue
            reasons = _reasons_from(claim.plain, said)
            if not index.mentions_any(i, dismissals) or not any(
                index.mentioned(i, d)
                and _outside(index, i, d, said, before=reasons)
                and _reaches(index, i, d, said)
                for d in dismissals
            ):
                return index.claims[i]
    return None


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
        not any(a <= start and end <= b for a, b in spans)
        and (before is None or start < before)
        for start, end in index.spans(i, pattern)
    )


OTHER_THAN = ("instead of", "rather than")
"""Dismissals that turn down only what follows them, up to a clause break: in "rather than
precomputing top-K at every node, I compute it at read time" the move is the second clause."""
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


def _answers_quoted(claims: Sequence[Claim], shown: Sequence[ElementSeen]) -> set[int]:
    """Answers that showed an element are on topic even without a domain word."""
    quotes = {s.quote for s in shown}
    return {c.answer for c in claims if c.quote in quotes}


def _possible(match: Sequence[Sequence[str]], index: ClaimIndex) -> list[Sequence[str]]:
    """The alternatives whose every pattern appears somewhere in the answers: a cheap test
    that spares checking each sentence for ideas the person never mentioned."""
    return [group for group in match if all(index.anywhere(p) for p in group)]
