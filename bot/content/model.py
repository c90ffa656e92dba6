"""Typed, immutable content: formats, questions and the rubric, and :class:`Content`, which
holds them with the interviewer's lines (:mod:`bot.content.lines`) and conversation
(:mod:`bot.content.conversation`).

The YAML in ``prompts/`` is validated by :mod:`bot.content.loader` and turned into these
dataclasses. The engine only ever sees these types, never raw dicts, so a typo in a YAML file
fails at start-up instead of in the middle of someone's interview.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.content.conversation import Conversation
from bot.content.lines import Lines
from bot.content.patterns import Match


@dataclass(frozen=True)
class Nudge:
    """A timing reminder inside a phase.

    Exactly one of ``at_fraction`` (share of the phase budget elapsed, e.g. 0.5 = half time)
    or ``before_end`` (time left before the deadline) is set.
    """

    at_fraction: float | None = None
    before_end: timedelta | None = None


@dataclass(frozen=True)
class Phase:
    id: str
    title: str
    budget: timedelta
    covers: tuple[str, ...]
    nudges: tuple[Nudge, ...] = ()
    auto_advance: bool = True


@dataclass(frozen=True)
class WorkingHours:
    """When nudges may be sent in an async format (issue 5); local to the schedule's zone."""

    start_hour: int = 9
    end_hour: int = 18
    weekends: bool = False


@dataclass(frozen=True)
class Format:
    id: str
    title: str
    description: str
    phases: tuple[Phase, ...]
    # A participant quiet for this long inside a phase gets a silence pivot.
    silence_after: timedelta
    # A phase that waits for the participants (auto_advance false) gets an over-time pivot
    # once it has run this long past its budget.
    overrun_after: timedelta
    # Extra time granted by a bare "extend".
    default_extension: timedelta
    working_hours: WorkingHours | None = None
    late_grace: timedelta = timedelta(seconds=30)
    """A reply this soon after its phase closed on time counts for that phase, marked late."""

    def phase(self, phase_id: str) -> Phase:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)

    def index_of(self, phase_id: str) -> int:
        return [p.id for p in self.phases].index(phase_id)

    @property
    def total_budget(self) -> timedelta:
        return sum((p.budget for p in self.phases), timedelta())


@dataclass(frozen=True)
class DeepDiveTopic:
    id: str
    title: str
    problem: str
    options: tuple[str, ...]
    edge_cases: tuple[str, ...]
    # Follow-up categories (keys of Lines.followups) that fit this topic.
    categories: tuple[str, ...] = ()


BASIC_SHARE = 0.35
"""Share of an element's weight that naming its idea earns, when the rubric also gives the
hard form (the decision that makes it work): "an idempotency key" earns this much of
"an idempotency key per payment attempt, kept across retries"."""


@dataclass(frozen=True)
class HardForm:
    """The specific decision that makes an idea work, as opposed to naming the idea."""

    label: str
    match: Match


@dataclass(frozen=True)
class Element:
    """One idea a strong answer to a question contains, e.g. a double-entry ledger."""

    id: str
    phase_id: str
    """The phase the outline lists it under; credit counts wherever it is said."""
    weight: int
    """What the idea earns stated in full (its hard form, when it has one)."""
    label: str
    match: Match
    tip: str = ""
    hard: HardForm | None = None
    basic_weight: float | None = None
    """What naming the idea earns when it has a hard form; default ``BASIC_SHARE`` of
    ``weight``."""

    def credit(self, *, hard: bool) -> float:
        """The weight earned: all of it in the hard form (or with none to ask for)."""
        if hard or self.hard is None:
            return float(self.weight)
        return self.basic_weight if self.basic_weight is not None else BASIC_SHARE * self.weight


@dataclass(frozen=True)
class RedFlag:
    """A known wrong move for a question, with why it is wrong and what to do instead."""

    id: str
    label: str
    match: Match
    why: str
    instead: str
    unless: tuple[str, ...] = ()
    """Patterns that, in the same sentence, show the correct version: the flag stays down."""
    severity: str = "major"
    contradicts: tuple[str, ...] = ()
    """Ids of the elements an answer making this wrong move has not shown, whatever words
    seemed to say them (the design that waves the race away has no atomic hold)."""


@dataclass(frozen=True)
class QuestionRubric:
    domain: tuple[str, ...]
    """Patterns of the question's subject matter: an answer with none is not about it."""
    elements: tuple[Element, ...]
    red_flags: tuple[RedFlag, ...] = ()
    plain_words: tuple[tuple[str, str], ...] = ()
    """(plain words, the rubric's term): "piece" -> "chunk", read before matching so a strong
    answer in everyday words meets patterns written in the trade's words."""


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    prompt: str
    difficulty: str  # "easy" | "medium" | "hard"
    tags: tuple[str, ...]
    scale_hints: tuple[str, ...]
    deep_dives: tuple[DeepDiveTopic, ...]
    rubric: QuestionRubric | None = None
    """What a strong answer to this question contains; None for a team question without one."""

    def topic(self, topic_id: str) -> DeepDiveTopic:
        for topic in self.deep_dives:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)


@dataclass(frozen=True)
class RubricItem:
    id: str
    label: str
    # Lower-case words or phrases whose presence (in a sentence) shows the item.
    phrases: tuple[str, ...]
    # One concrete "next time" suggestion for someone who did not show the item.
    tip: str = ""


@dataclass(frozen=True)
class Mistake:
    id: str
    title: str
    advice: str
    cost: float = 0.0
    """Share of the phases' points it costs when seen (0.1 = a tenth)."""


@dataclass(frozen=True)
class Contradiction:
    """Two claims that cannot both hold for the same thing, said in one sentence."""

    id: str
    label: str
    first: str
    second: str
    why: str


@dataclass(frozen=True)
class Rubric:
    phases: dict[str, tuple[RubricItem, ...]]  # by phase id
    deep_dive_checklist: tuple[RubricItem, ...]
    mistakes: tuple[Mistake, ...]
    # Words that mean "scaling talk" (sharding, replicas...): said before the end-to-end
    # flow they trigger the scaling-too-early pivot.
    scaling_terms: tuple[str, ...]
    # Score weights per phase id (issue 4 uses them); they sum to 100.
    weights: dict[str, int] = field(default_factory=dict)
    # Words that show failure handling (failover, retry...); none at all is a mistake.
    failure_terms: tuple[str, ...] = ()
    # Words that show an alternative was weighed in the deep dives (option, vs, instead of).
    alternative_terms: tuple[str, ...] = ()
    # Words that fit any system ("scales horizontally", "microservices"): an answer dense in
    # them is boilerplate (the mistake "boilerplate", costing more the denser it is).
    boilerplate_terms: tuple[str, ...] = ()
    # Words naming a problem ("data loss"): negating one ("no data loss") still addresses it,
    # so scoring does not treat "no"/"without" before them as a negation.
    hazard_terms: tuple[str, ...] = ()
    # Chat shorthand expanded before matching ("ws" -> "websocket"), so terse answers count.
    abbreviations: dict[str, str] = field(default_factory=dict)
    # Everyday words put in the trade's terms ("only ever goes up" -> "monotonic"); each
    # question's rubric adds its own (QuestionRubric.plain_words).
    plain_words: tuple[tuple[str, str], ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    # Words that show a sentence names a wrong move to reject it ("in case", "instead of"):
    # a red flag does not fire there.
    dismissals: tuple[str, ...] = ()
    # Words that show a sentence leaves a question's idea open or only to be handled
    # ("depending on the use case", "we have to handle"): the idea is not credited there.
    rejections: tuple[str, ...] = ()
    # Rejections that argue an idea away as not worth its cost ("overkill", "avoids the
    # complexity of"): a core idea named only with one is a wrong move (engine.turned_down).
    turn_downs: tuple[str, ...] = ()
    # Words that show a sentence states the design chosen ("I'll go with", "we'll use"): a red
    # flag raised there weighs in full, however much else of the design the answer states.
    decisions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Content:
    formats: dict[str, Format]
    questions: dict[str, Question]
    lines: Lines
    rubric: Rubric
    conversation: Conversation
