"""One deployment, two workspaces installed through the real OAuth flow: every Web API call
carries its own workspace's token, and nothing of one crosses into the other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import wait_until
from tests.workspaces_harness import (
    Workspaces,
    channel,
    letter_of,
    person,
    target_letter,
    team,
    workspaces,
)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def two(tmp_path: Path, db_url: str) -> Iterator[Workspaces]:
    with workspaces(tmp_path, db_url) as w:
        w.install("A")
        w.install("B")
        yield w


def start(w: Workspaces, letter: str) -> None:
    status, _ = w.command(letter, "start url-shortener blitz")
    assert status == 200
    wait_until(lambda: w.said(letter), f"workspace {letter} was answered")
    w.tick()


def assert_every_call_used_its_own_token(w: Workspaces) -> None:
    tokens = {letter: w.fake.tokens_of(team(letter)) for letter in "AB"}
    calls = w.api_calls()
    assert calls
    for call in calls:
        owner = next((k for k, v in tokens.items() if call.token in v), None)
        assert owner is not None, f"{call.method} carried {call.token!r}"
        target = target_letter(call)
        assert target in (None, owner), f"{call.method} for {target} with {owner}'s token"


def test_the_install_page_offers_add_to_slack_and_the_success_page_says_what_next(
    tmp_path: Path, db_url: str
) -> None:
    with workspaces(tmp_path, db_url) as w:
        status, page, state = w.install_page()
        assert status == 200 and "Add to Slack" in page
        assert "client_id=1234.5678" in page and "scope=commands" in page
        code = w.fake.install_code(team("A"), name="Acme")
        status, body = w.redirect(code=code, state=state)
        assert status == 200
        assert "installed in Acme" in body and "/invite @DesignDrill" in body
        (exchange,) = w.fake.calls("oauth.v2.access")  # through SLACK_API_URL
        assert exchange.params["code"] == code


def test_an_interview_in_each_workspace_uses_only_that_workspaces_token(
    two: Workspaces,
) -> None:
    start(two, "A")
    start(two, "B")
    for letter in "AB":
        assert two.reply(letter, f"Requirements from {letter}: short links.") == 200
    wait_until(lambda: _answers(two, "A") == 1 and _answers(two, "B") == 1, "both answers stored")
    two.clock.move(seconds=2)
    assert two.reply("B", "Another answer from B.", n=2) == 200
    wait_until(lambda: _answers(two, "B") == 2, "B's second answer stored")
    for letter in "AB":
        status, _ = two.command(letter, "end")
        assert status == 200

    def retrospective_in_b() -> bool:  # the end is handled after the ack: tick until then
        two.tick(seconds=5)
        return any("etrospective" in t or "score" in t.lower() for t in _thread_texts(two, "B"))

    wait_until(retrospective_in_b, "B's retrospective posted")
    for letter in "AB":
        home = {"type": "app_home_opened", "user": person(letter), "tab": "home"}
        assert two.event(letter, home) == 200
        before = len(two.said(letter))
        assert two.command(letter, "leaderboard")[0] == 200
        wait_until(lambda x=letter, n=before: len(two.said(x)) > n, f"{letter}'s board shown")
    two.fake.wait_for("views.publish", 2)
    assert person("A") in two.said("A")[-1] and person("B") not in two.said("A")[-1]
    assert person("B") in two.said("B")[-1] and person("A") not in two.said("B")[-1]
    assert_every_call_used_its_own_token(two)
    for method in ("chat.postMessage", "conversations.open", "views.publish"):
        assert {target_letter(c) for c in two.fake.calls(method)} == {"A", "B"}, method


def test_a_scheduled_drill_in_each_workspace_fires_with_its_own_token(two: Workspaces) -> None:
    for letter in "AB":
        status, _ = two.command(letter, "schedule add weekly mon 09:00 blitz")
        assert status == 200
        wait_until(lambda letter=letter: two.said(letter), f"{letter}'s schedule added")
    two.fake.clear()
    two.clock.move(days=7)
    two.tick()
    two.tick()
    roots = [c for c in two.fake.calls("chat.postMessage") if not c.params.get("thread_ts")]
    assert {c.params["channel"] for c in roots} == {channel("A"), channel("B")}
    assert_every_call_used_its_own_token(two)


def test_messages_for_a_workspace_without_installation_are_dropped_not_retried(
    two: Workspaces, caplog: pytest.LogCaptureFixture
) -> None:
    assert two.command("A", "start url-shortener blitz")[0] == 200
    wait_until(lambda: two.said("A"), "the interview queued its question")
    with two.service.store.transaction() as tx:
        tx.revoke_bot_token(enterprise_id=None, team_id=team("A"))
    two.fake.clear()
    two.tick(seconds=5)
    dropped = [r.getMessage() for r in caplog.records if "not_installed" in r.getMessage()]
    assert dropped and len(dropped) == len(set(dropped))  # one line per message
    two.tick(minutes=30)
    assert [r for r in caplog.records if "not_installed" in r.getMessage()] == [
        r for r in caplog.records if r.getMessage() in dropped
    ]
    assert two.fake.calls("chat.postMessage") == []


def _answers(w: Workspaces, letter: str) -> int:
    with w.service.store.transaction() as tx:
        rows = tx.list_interviews(team_id=team(letter))
        return sum(len(tx.answers(team_id=team(letter), interview_id=r.id or 0)) for r in rows)


def _thread_texts(w: Workspaces, letter: str) -> list[str]:
    thread = w.thread_ts(letter)
    return [
        str(c.params.get("text"))
        for c in w.fake.calls("chat.postMessage")
        if c.params.get("thread_ts") == thread and letter_of(str(c.params["channel"])) == letter
    ]


def test_an_org_wide_install_serves_its_workspaces_with_the_orgs_token(
    tmp_path: Path, db_url: str
) -> None:
    org = "EZ0000001"
    with workspaces(tmp_path, db_url) as w:
        _, _, state = w.install_page()
        code = w.fake.install_code(org, enterprise_id=org, org_wide=True)
        assert w.redirect(code=code, state=state)[0] == 200
        (token,) = w.fake.tokens_of(org)
        status, _ = w.command("A", "start url-shortener blitz", org=org)
        assert status == 200
        wait_until(lambda: w.said("A"), "the org's workspace was answered")
        w.tick()
        posts = w.fake.calls("chat.postMessage")
        assert posts and {c.params["channel"] for c in posts} == {channel("A")}
        assert {c.token for c in w.api_calls()} == {token}
