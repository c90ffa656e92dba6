"""Pacing of what the bot says unprompted (issue 15, item 4): no pile-ups.

Each test replays one of the pile-ups seen in use and asserts the rule that prevents it:
one unprompted message per phase in any 20 s, no silence ping to someone who just answered,
no follow-up right after another question, coaching timed from the participants' last word.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.engine.effects import Kind, Say
from bot.engine.pace import PACE, RECENT
from bot.engine.timing import next_event_at
from tests.engine_harness import T0, Transcript, kinds
from tests.factories import make_content

UNPROMPTED = {Kind.NUDGE, Kind.PIVOT, Kind.FOLLOWUP}
SHORT = (1, 1, 1, 1, 1, 1, 12)
"""Budgets in units: six one-unit phases, then the deep dives."""


def short_drill(unit_seconds: int = 4, silence: int = 12) -> Transcript:
    content = make_content(
        unit=timedelta(seconds=unit_seconds),
        budgets=SHORT,
        silence_after=timedelta(seconds=silence),
    )
    return Transcript(content)


def ticks_until(drill: Transcript, end: datetime) -> list[tuple[datetime, Say]]:
    """Tick whenever something is due, as the scheduler does; what each tick said, timed."""
    out: list[tuple[datetime, Say]] = []
    while (due := next_event_at(drill.state, drill.playbook)) is not None and due <= end:
        drill.now = max(drill.now, due)
        out += [(drill.now, say) for say in drill.tick()]
    return out


def unprompted_moments(said: list[tuple[datetime, Say]]) -> list[datetime]:
    return sorted({at for at, say in said if say.kind in UNPROMPTED})


def test_deep_dive_pile_up_is_paced_to_one_message_per_20_seconds() -> None:
    drill = short_drill()
    deep = T0 + timedelta(seconds=24)  # six 4 s phases
    drill.run_until(seconds=24)
    drill.answer("earlier thoughts", user="U2", at=deep - timedelta(seconds=2))
    drill.now = deep + timedelta(seconds=1)
    assert kinds(drill.do("choose_topic", topic="1")) == [Kind.FOLLOWUP]  # one question
    drill.answer("options: a queue or a table", at=deep + timedelta(seconds=5))
    said = ticks_until(drill, deep + timedelta(seconds=48))
    moments = unprompted_moments(said)
    assert moments, "the phase should still get its nudges and coaching"
    gaps = [b - a for a, b in zip([drill.state.topic_started_at, *moments], moments, strict=False)]
    assert all(gap >= PACE for gap in gaps), moments
    # One message per moment: several due pings are said together or not at all.
    for moment in moments:
        assert len([s for at, s in said if at == moment and s.kind is Kind.PIVOT]) <= 1


def test_no_move_on_coaching_16_seconds_after_a_topic_was_picked() -> None:
    drill = short_drill()
    drill.run_until(seconds=24)
    drill.do("choose_topic", topic="1")
    drill.answer("a cache in front", at=T0 + timedelta(seconds=30))
    drill.answer("and a queue", at=T0 + timedelta(seconds=38))
    # Due 16 s after the pick by the topic's share of the budget, but they are talking.
    said = ticks_until(drill, T0 + timedelta(seconds=38) + PACE - timedelta(seconds=1))
    assert not [s for at, s in said if "[stuck" in s.text]


def test_no_stuck_coaching_before_anyone_spoke_on_the_topic() -> None:
    drill = short_drill()
    drill.run_until(seconds=24)
    drill.do("choose_topic", topic="1")
    said = ticks_until(drill, T0 + timedelta(seconds=71))
    assert not [s for _, s in said if "[stuck" in s.text]


def test_no_silence_ping_to_someone_who_answered_in_the_last_minute() -> None:
    drill = Transcript(make_content(silence_after=timedelta(seconds=30)))
    drill.answer("riders and drivers", at=T0 + timedelta(seconds=20))
    said = ticks_until(drill, T0 + timedelta(seconds=20) + RECENT - timedelta(seconds=1))
    assert not [s for _, s in said if s.kind is Kind.PIVOT and "<@U1>" in s.text]


def test_a_follow_up_waits_for_an_answer_to_the_last_question() -> None:
    drill = Transcript(make_content())
    drill.run_until(minutes=25)
    drill.do("choose_topic", topic="2")
    said = ticks_until(drill, T0 + timedelta(minutes=34, seconds=30))  # half-time nudge: 34:00
    assert Kind.NUDGE in kinds([s for _, s in said])
    assert Kind.FOLLOWUP not in kinds([s for _, s in said])  # the topic's question is open


def test_a_follow_up_comes_with_a_nudge_once_the_question_was_answered() -> None:
    drill = Transcript(make_content())
    drill.run_until(minutes=25)
    drill.do("choose_topic", topic="2")
    drill.answer("a table keyed by id", at=T0 + timedelta(minutes=33, seconds=50))
    said = ticks_until(drill, T0 + timedelta(minutes=34, seconds=30))
    assert [s.kind for _, s in said] == [Kind.NUDGE, Kind.FOLLOWUP]  # said as one message
    assert "[followup scalability" in said[1][1].text


def test_a_check_in_answer_holds_back_the_next_unprompted_message() -> None:
    drill = Transcript(make_content())
    drill.now = T0 + timedelta(seconds=50)
    assert kinds(drill.answer("does this make sense?")) == [Kind.CHECKIN]
    assert drill.at(seconds=60) == []  # the half-time nudge waits for the pace
    assert kinds(drill.at(seconds=70)) == [Kind.NUDGE]
