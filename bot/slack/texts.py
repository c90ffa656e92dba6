"""Short ephemeral texts about interviews: status, steering done, refusals (plain mrkdwn, no
blocks). Texts about questions are in :mod:`bot.slack.question_texts`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.content.model import Content
from bot.engine.lines import human_duration
from bot.engine.state import InterviewState
from bot.interviews.errors import RunningHere
from bot.interviews.rows import Interview

NO_INTERVIEW = "No interview is running in this channel. Start one with `/drill start`."
FINISHED = "This interview has finished. Start a new one with `/drill start`."
SHOW_HINT = "use a number `/drill history` lists, e.g. `/drill show 12`"
SHOW_USAGE = f"`/drill show` takes an interview number: {SHOW_HINT}."
DONE = {
    "next": "Moved on",
    "extend": "Gave more time to",
    "pause": "Paused",
    "resume": "Resumed",
    "end": "Ended",
}
"""What a steering command did, to start the sentence that names its interview."""


class Named(Protocol):
    """What names an interview: a stored row, or the running one a start was refused for."""

    @property
    def question_id(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...


def interview_name(row: Named, content: Content) -> str:
    """ "the interview on *URL shortener* started 14:02": Slack shows the time in the
    reader's own zone (the ``<!date>`` token), with UTC as the fallback text."""
    question = content.questions.get(row.question_id)
    title = question.title if question else row.question_id
    epoch = int(row.created_at.timestamp())
    fallback = row.created_at.astimezone(UTC).strftime("%H:%M UTC")
    return f"the interview on *{title}* started <!date^{epoch}^{{time}}|{fallback}>"


def steered_text(action: str, row: Interview, content: Content) -> str:
    """ "Paused the interview on *URL shortener* started 14:02." """
    return f"{DONE[action]} {interview_name(row, content)}."


def already_running_text(row: RunningHere, content: Content, link: str | None) -> str:
    where = f" (<{link}|its thread>)" if link else ""
    return (
        f"One interview at a time per channel: {interview_name(row, content)} is still "
        f"going{where}, hosted by <@{row.host_id}>. End it with `/drill end` here, or type "
        "`end` in its thread, then start again."
    )


def status_text(row: Interview, content: Content, *, answers: int, now: datetime) -> str:
    state = InterviewState.from_dict(row.state)
    fmt = content.formats.get(row.format_id)
    phase = fmt.phases[state.phase_index].title if fmt else row.phase_id
    if row.status == "paused":
        clock = "paused"
    else:
        clock = f"{human_duration(max(state.deadline - now, timedelta()))} left"
    people = ", ".join(f"<@{u}>" for u in state.participants)
    return (
        f"In {interview_name(row, content)} (#{row.id}, {row.format_id}): {phase}, {clock}.\n"
        f"Host <@{row.host_id}>; participants {people}; {answers} answer(s) so far."
    )
