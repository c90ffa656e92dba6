"""A whole scheduled weekly drill through the real Bolt app, with three participants and the
clock moved through the week: the question on Monday 09:00 (New York), phases opening and
closing in the thread, reminders only in working hours naming only who has not answered the
phase, then the team retrospective, a DM retrospective each and the week's board."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from storage.models import Interview, OutboxItem
from tests.drill_support import at_local
from tests.fakes import slack_requests as req
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld

ALICE, BOB, CAROL = req.USER_ID, "U0BOB0001", "U0CAROL01"
TEAM, NY = "T0DRILL01", "America/New_York"


def drill(world: SlackWorld) -> Interview:
    with world.service.store.transaction() as tx:
        (row,) = tx.list_interviews(team_id=TEAM, source="drill")
    return row


def run_until(world: SlackWorld, local: str) -> None:
    """Tick at every moment the drill has something due, as the worker would, up to then."""
    end = at_local(local, NY)
    while (due := drill(world).next_event_at) is not None and due <= end:
        world.clock.now = max(world.clock.now, due)
        world.tick()
    world.clock.now = max(world.clock.now, end)
    world.tick()


def answer(world: SlackWorld, user: str, local: str, text: str) -> None:
    run_until(world, local)
    before = _answers(world)
    assert world.reply(text, user=user) == 200
    wait_until(lambda: _answers(world) == before + 1)


def _answers(world: SlackWorld) -> int:
    with world.service.store.transaction() as tx:
        return len(tx.answers(team_id=TEAM, interview_id=drill(world).id or 0))


def sent(world: SlackWorld, kind: str) -> list[tuple[datetime, str]]:
    """(local send time, text) of the drill's delivered messages that say something of one
    kind (a message may join several said at one moment: "time's up" and the next intro)."""
    interview_id = drill(world).id
    with world.service.store.transaction() as tx:
        assert tx.pending_outbox(team_id=TEAM, interview_id=interview_id or 0) == []
    with Session(world.service.store.engine) as session:
        stmt = select(OutboxItem).where(col(OutboxItem.interview_id) == interview_id)
        rows = list(session.exec(stmt.order_by(col(OutboxItem.id))).all())
    zone = ZoneInfo(NY)
    return [
        (i.sent_at.astimezone(zone), str(i.payload["text"]))
        for i in rows
        if i.sent_at and any(part.endswith(f"-{kind}") for part in i.key.split("+"))
    ]


def test_a_whole_weekly_drill_with_three_participants(world: SlackWorld) -> None:
    status, _ = world.command("schedule add weekly mon 09:00")
    assert status == 200
    wait_until(lambda: world.ephemeral(ALICE))

    world.clock.now = at_local("2026-11-09 08:59", NY)
    world.tick()
    assert world.fake.calls("chat.postMessage") == []  # not a minute early
    world.clock.now = at_local("2026-11-09 09:00", NY)  # the first Monday after it was made
    world.tick()
    root = world.fake.calls("chat.postMessage")[0]  # the question, in the channel itself
    assert root.params["channel"] == req.CHANNEL_ID and not root.params.get("thread_ts")
    assert "Photo sharing" in root.params["text"]
    assert (drill(world).host_id, drill(world).format_id) == (ALICE, "weekly")
    # The rotation's first question is photo sharing; the grader scores answers about it.
    answer(world, BOB, "2026-11-09 09:30", "Users upload photos; followers see them in a feed.")
    answer(world, CAROL, "2026-11-09 09:40", "Admins review reported photos.")
    answer(world, ALICE, "2026-11-09 10:00", "Out of scope: video and stories.")
    answer(world, BOB, "2026-11-10 10:00", "POST /photos returns the photo id.")  # Tue: API
    run_until(world, "2026-11-14 00:00")

    assert drill(world).status == "finished"
    nudges = sent(world, "nudge")
    assert [f"{at:%a %H:%M}" for at, _ in nudges] == [
        "Mon 12:00",
        "Tue 13:00",
        "Wed 13:00",
        "Wed 17:00",
        "Fri 09:00",
        "Fri 14:00",
    ]
    assert all(at.weekday() < 5 and 9 <= at.hour < 18 for at, _ in nudges)
    assert "<@" not in nudges[0][1]  # all three had answered the first phase
    api = nudges[1][1]
    assert f"<@{ALICE}>" in api and f"<@{CAROL}>" in api and f"<@{BOB}>" not in api

    # Every phase's opening and closing is announced in the thread, at any hour.
    intros = [f"{at:%a %H:%M}" for at, _ in sent(world, "phase_intro")]
    assert intros == ["Mon 09:00", "Mon 13:00", "Tue 09:00", "Tue 15:00", "Wed 09:00",
                      "Wed 15:00", "Wed 18:00"]  # fmt: skip
    assert len(sent(world, "time_up")) == 6
    texts = [str(c.params.get("text")) for c in world.fake.calls("chat.postMessage")]
    assert not [t for t in texts if "<!here" in t or "<!channel" in t or "<!everyone" in t]

    thread = world.thread_texts()
    assert any("Retrospective" in t for t in thread)
    for person in (ALICE, BOB, CAROL):
        assert any("Your retrospective" in t for t in world.dms(person)), person
    assert "Leaderboard: this week" in thread[-1]  # the week's board closes the drill
    assert f"1. <@{BOB}>" in thread[-1]  # Bob answered two phases: he leads this week
