"""The pure engine with the weekly format: reminders only in working hours (local to the
drill's zone, weekdays unless the format allows weekends), naming only who joined and has
not answered the current phase."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.content.loader import builtin_prompts_dir, load_content
from bot.content.model import Content, WorkingHours
from bot.engine import interview
from bot.engine.effects import Kind, Say
from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState
from bot.engine.timing import next_event_at
from bot.engine.working_hours import next_working_moment
from tests.drill_support import at_local

ALICE, BOB, CAROL = "U0ALICE01", "U0BOB0001", "U0CAROL01"
NY, BERLIN = "America/New_York", "Europe/Berlin"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(builtin_prompts_dir())


class Drill:
    """One weekly drill driven like the scheduler drives it: a tick at every due moment."""

    def __init__(self, playbook: Playbook, *, start: datetime, tz: str) -> None:
        self.playbook, self.tz, self.now = playbook, tz, start
        step = interview.start(playbook=playbook, host=ALICE, seed=3, now=start, timezone=tz)
        self.state: InterviewState = step.state
        self.said: list[tuple[datetime, Say]] = [(start, s) for s in step.effects]
        self.finished = False

    def local(self, text: str) -> datetime:
        """A local wall time ("2025-03-03 09:30") in the drill's zone, as aware UTC."""
        return at_local(text, self.tz)

    def run_until(self, end: datetime) -> None:
        while not self.finished:
            due = next_event_at(self.state, self.playbook)
            if due is None or due > end:
                break
            self.now = max(self.now, due)
            step = interview.tick(self.state, playbook=self.playbook, now=self.now)
            self.state = InterviewState.from_dict(step.state.to_dict())
            self.said += [(self.now, s) for s in step.effects]
            self.finished = step.finished
        self.now = max(self.now, end)

    def answer(self, user: str, at: datetime) -> None:
        self.run_until(at)
        step = interview.record_answer(
            self.state, playbook=self.playbook, author=user, text="an answer", at=at
        )
        self.state = step.state
        self.said += [(at, s) for s in step.effects]

    def nudges(self) -> list[tuple[str, str]]:
        """(local time, text) of every nudge said."""
        zone = ZoneInfo(self.tz)
        return [
            (at.astimezone(zone).strftime("%a %H:%M"), s.text)
            for at, s in self.said
            if s.kind is Kind.NUDGE
        ]


def weekly(content: Content, *, weekends: bool = False) -> Playbook:
    fmt = content.formats["weekly"]
    if weekends:
        fmt = dataclasses.replace(fmt, working_hours=WorkingHours(9, 18, weekends=True))
    return Playbook(
        content.questions["url-shortener"], fmt, content.lines, content.rubric, content.conversation
    )


def test_a_monday_drill_nudges_only_in_working_hours_and_only_those_still_to_answer(
    content: Content,
) -> None:
    drill = Drill(weekly(content), start=datetime(2025, 3, 3, 14, tzinfo=UTC), tz=NY)  # Mon 09:00
    drill.answer(BOB, drill.local("2025-03-03 09:30"))
    drill.answer(CAROL, drill.local("2025-03-03 09:40"))
    drill.answer(ALICE, drill.local("2025-03-03 10:00"))
    drill.answer(BOB, drill.local("2025-03-04 10:00"))  # Tuesday: API phase
    drill.run_until(drill.local("2025-03-08 00:00"))

    assert drill.finished
    nudges = drill.nudges()
    # Requirements close at 13:00 and Tuesday 09:00: their nudges at 23:00 and 07:00 would
    # be deferred to the deadline, so they are dropped; the rest fall at 09:00-18:00.
    assert [when for when, _ in nudges] == [
        "Mon 12:00",  # functional, 1 h before its end
        "Tue 13:00",  # API
        "Wed 13:00",  # schema
        "Wed 17:00",  # end-to-end flow
        "Fri 09:00",  # deep dives half time (Thu 18:00 deferred to the next morning)
        "Fri 14:00",  # deep dives, 4 h before the end
    ]
    functional, api = nudges[0][1], nudges[1][1]
    assert "<@" not in functional  # everyone who had joined had answered this phase
    assert f"<@{ALICE}>" in api and f"<@{CAROL}>" in api and f"<@{BOB}>" not in api
    assert all("<!here" not in text and "<!channel" not in text for _, text in nudges)
    # The weekly format's reminder is the nudge: no per-person silence pivots on top.
    assert not [s for _, s in drill.said if s.kind is Kind.PIVOT and "<@" in s.text]


def test_phases_still_open_and_close_on_time_outside_working_hours(content: Content) -> None:
    drill = Drill(weekly(content), start=datetime(2025, 3, 3, 14, tzinfo=UTC), tz=NY)
    drill.run_until(drill.local("2025-03-08 00:00"))
    zone = ZoneInfo(NY)

    intros = [
        at.astimezone(zone).strftime("%a %H:%M")
        for at, s in drill.said
        if s.kind is Kind.PHASE_INTRO
    ]
    assert intros == ["Mon 09:00", "Mon 13:00", "Tue 09:00", "Tue 15:00", "Wed 09:00",
                      "Wed 15:00", "Wed 18:00"]  # fmt: skip
    assert drill.state.finished_at == drill.local("2025-03-07 18:00")


def test_a_thursday_drill_keeps_quiet_over_the_weekend(content: Content) -> None:
    drill = Drill(weekly(content), start=datetime(2025, 3, 6, 8, tzinfo=UTC), tz=BERLIN)  # Thu
    drill.run_until(drill.local("2025-03-11 00:00"))

    days = [when[:3] for when, _ in drill.nudges()]
    assert "Sat" not in days and "Sun" not in days
    assert days[-2:] == ["Mon", "Mon"]  # deep dives: Sunday's nudge waits for Monday 09:00


def test_a_format_that_allows_weekends_nudges_on_saturday(content: Content) -> None:
    drill = Drill(
        weekly(content, weekends=True), start=datetime(2025, 3, 6, 8, tzinfo=UTC), tz=BERLIN
    )
    drill.run_until(drill.local("2025-03-11 00:00"))

    assert any(when.startswith(("Sat", "Sun")) for when, _ in drill.nudges())


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2025-03-07 19:00", "2025-03-10 09:00"),  # Friday evening -> Monday morning
        ("2025-03-08 11:00", "2025-03-10 09:00"),  # Saturday -> Monday
        ("2025-03-10 07:30", "2025-03-10 09:00"),  # early Monday -> 09:00 that day
        ("2025-03-10 17:59", "2025-03-10 17:59"),  # inside working hours: unchanged
        ("2025-03-08 23:00", "2025-03-10 09:00"),  # the night DST starts in New York
    ],
)
def test_next_working_moment(local: str, expected: str) -> None:
    zone = ZoneInfo(NY)
    at = datetime.fromisoformat(local).replace(tzinfo=zone)

    moved = next_working_moment(at, hours=WorkingHours(9, 18), tz=zone)

    assert moved.astimezone(zone).strftime("%Y-%m-%d %H:%M") == expected


def test_the_zone_survives_the_json_round_trip(content: Content) -> None:
    drill = Drill(weekly(content), start=datetime(2025, 3, 3, 14, tzinfo=UTC), tz=BERLIN)

    assert InterviewState.from_dict(drill.state.to_dict()).timezone == BERLIN
    old = drill.state.to_dict()
    del old["timezone"]  # a state saved before the field existed
    assert InterviewState.from_dict(old).timezone is None
    assert drill.state.deadline - drill.state.phase_started_at == timedelta(hours=4)
