"""Removing the app from one workspace deletes everything of it and nothing of the other;
revoked tokens go and the workspace's schedules stop; a forged or reused install is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.interviews.retention import purge
from storage.installation_tables import SLACK_OAUTH_STATES
from tests.fakes import slack_requests as req
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld
from tests.workspaces_harness import Workspaces, team, workspaces

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def busy(tmp_path: Path, db_url: str) -> Iterator[Workspaces]:
    """Two workspaces installed, each with a finished interview (answers, scores, messages,
    remembered events), a schedule and a preference."""
    with workspaces(tmp_path, db_url) as w:
        for letter in "AB":
            w.install(letter)
            assert w.command(letter, "start url-shortener blitz")[0] == 200
            wait_until(lambda letter=letter: w.said(letter), f"{letter} started")
            w.tick()
            assert w.reply(letter, f"An answer in {letter}.") == 200
            wait_until(lambda letter=letter: w.rows_of(letter)["answer"], f"{letter} answered")
            assert w.command(letter, "end")[0] == 200
            assert w.command(letter, "schedule add weekly mon 09:00 blitz")[0] == 200
            assert w.command(letter, "leaderboard hide")[0] == 200
        w.tick(seconds=5)
        w.tick(seconds=5)
        yield w


def test_app_uninstalled_deletes_exactly_that_workspaces_data(busy: Workspaces) -> None:
    kept = busy.rows_of("B")
    assert kept["interview"] and kept["answer"] and kept["schedule"] and kept["slack_bots"]
    assert busy.rows_of("A")["score"] and busy.rows_of("A")["outbox"]
    assert busy.event("A", {"type": "app_uninstalled"}) == 200
    assert set(busy.rows_of("A").values()) == {0}
    assert busy.rows_of("B") == kept
    busy.fake.clear()
    busy.tick(days=7)  # B's schedule still fires; A's is gone
    posted = {c.params["channel"][1] for c in busy.fake.calls("chat.postMessage")}
    assert posted == {"B"}


def test_reinstalling_starts_clean(busy: Workspaces) -> None:
    assert busy.event("A", {"type": "app_uninstalled"}) == 200
    busy.install("A")
    before = len(busy.said("A"))
    assert busy.command("A", "history")[0] == 200
    wait_until(lambda: len(busy.said("A")) > before, "A's history shown")
    assert "no finished interviews" in busy.said("A")[-1]
    assert busy.rows_of("A")["interview"] == 0 and busy.rows_of("A")["slack_bots"] == 1


def test_tokens_revoked_deletes_the_token_and_stops_the_schedules(busy: Workspaces) -> None:
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UA0000001BOT"]}}
    assert busy.event("A", revoked) == 200
    rows = busy.rows_of("A")
    assert rows["slack_bots"] == rows["slack_installations"] == 0
    assert rows["interview"]  # the data stays until the app is uninstalled
    with busy.service.store.transaction() as tx:
        statuses = {s.status for s in tx.list_schedules(team_id=team("A"))}
        assert statuses == {"paused"}
        assert {s.status for s in tx.list_schedules(team_id=team("B"))} == {"active"}
    assert busy.rows_of("B")["slack_bots"] == 1


def test_a_forged_or_reused_state_is_refused(tmp_path: Path, db_url: str) -> None:
    with workspaces(tmp_path, db_url) as w:
        _, _, state = w.install_page()
        forged = "0b5e7c6e-0000-4000-8000-000000000000"
        status, page = w.redirect(code=w.fake.install_code(team("A")), state=forged)
        assert status in (400, 401) and "Start again" in page
        status, _ = w.redirect(code=w.fake.install_code(team("A")), state=state)
        assert status == 200
        status, page = w.redirect(code=w.fake.install_code(team("A")), state=state)
        assert status == 401 and "expired or was already used" in page
        assert len(w.fake.calls("oauth.v2.access")) == 1
        assert w.rows_of("A")["slack_bots"] == 1


def test_single_workspace_mode_forgets_the_workspace_when_the_app_is_removed(
    world: SlackWorld,
) -> None:
    assert world.command("start url-shortener blitz")[0] == 200
    wait_until(lambda: world.ephemeral(), "the interview started")
    world.tick()
    with world.service.store.transaction() as tx:
        assert tx.list_interviews(team_id=req.TEAM_ID)
    assert world.event({"type": "app_uninstalled"}) == 200
    with world.service.store.transaction() as tx:
        assert tx.list_interviews(team_id=req.TEAM_ID) == []


def test_install_links_never_followed_are_pruned_by_the_daily_job(
    tmp_path: Path, db_url: str
) -> None:
    with workspaces(tmp_path, db_url) as w:
        _, _, unused = w.install_page()
        _, _, used = w.install_page()
        assert w.redirect(code=w.fake.install_code(team("A")), state=used)[0] == 200
        purge(w.service.store, now=datetime.now(UTC))
        assert w.redirect(code=w.fake.install_code(team("B")), state=unused)[0] == 200
        _, _, expired = w.install_page()
        purge(w.service.store, now=datetime.now(UTC) + timedelta(minutes=11))
        status, page = w.redirect(code=w.fake.install_code(team("C")), state=expired)
        assert status == 401 and "expired or was already used" in page
        with w.service.store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(SLACK_OAUTH_STATES)).scalar() == 0
