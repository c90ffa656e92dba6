"""Token rotation: a bot token about to expire is refreshed before it is used, by a Slack
request and by background delivery alike, and once when two processes need it at once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.server.workspaces import clients_for_teams
from bot.slack.app import make_client
from storage.db import make_engine
from storage.installations import InstallationStore
from tests.fakes.slack_api import FakeSlack
from tests.helpers import wait_until
from tests.workspaces_harness import CLIENT_ID, CLIENT_SECRET, team, workspaces

pytestmark = pytest.mark.timeout(120)


def refreshes(fake: FakeSlack) -> list[str]:
    return [
        str(c.response.get("access_token"))
        for c in fake.calls("oauth.v2.access")
        if c.params.get("grant_type") == "refresh_token" and c.response
    ]


def test_a_slack_request_refreshes_an_expiring_token_first(tmp_path: Path, db_url: str) -> None:
    with workspaces(tmp_path, db_url) as w:
        w.install("A", rotate_after=60)  # expires within the 120 minutes' margin
        (first,) = w.fake.tokens_of(team("A"))
        assert w.command("A", "help")[0] == 200
        (fresh,) = refreshes(w.fake)
        assert w.fake.calls("auth.test")[-1].token == fresh != first
        assert w.command("A", "help")[0] == 200
        assert len(refreshes(w.fake)) == 1  # the new token lives 12 hours


def test_background_delivery_refreshes_an_expiring_token(tmp_path: Path, db_url: str) -> None:
    with workspaces(tmp_path, db_url) as w:
        w.install("A", rotate_after=60)
        clients = clients_for_teams(w.runtime, make_client(w.runtime.settings))
        client = clients.for_team(team("A"))  # type: ignore[union-attr]
        (fresh,) = refreshes(w.fake)
        assert client is not None and client.token == fresh
        client.chat_postMessage(channel="CA0000001", text="hi")
        assert w.fake.calls("chat.postMessage")[-1].token == fresh


def test_two_processes_needing_a_refresh_at_once_refresh_once(db_url: str) -> None:
    with FakeSlack.start(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, latency=0.3) as fake:
        client = WebClient(base_url=fake.base_url)
        granted = client.oauth_v2_access(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            code=fake.install_code(team("A"), rotate_after=60),
        )
        installation = Installation(
            app_id="A1",
            team_id=team("A"),
            user_id="UA0000001",
            bot_token=granted["access_token"],
            bot_refresh_token=granted["refresh_token"],
            bot_token_expires_in=granted["expires_in"],
            bot_id="BTA",
            bot_user_id="UBOT",
        )
        stores = [_process_store(db_url, fake) for _ in range(2)]
        stores[0].save(installation)
        fake.clear()
        found: list[str | None] = []
        barrier = threading.Barrier(2)

        def use(store: InstallationStore) -> None:
            barrier.wait()
            try:
                got = store.find_installation(enterprise_id=None, team_id=team("A"))
            except Exception as exc:  # noqa: BLE001 -- a lost race shows in the assertion
                found.append(repr(exc))
            else:
                found.append(got.bot_token if got else None)

        threads = [threading.Thread(target=use, args=(s,)) for s in stores]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        wait_until(lambda: len(found) == 2, "both processes got a token")
        (fresh,) = refreshes(fake)
        assert found == [fresh, fresh]
        stored = stores[1].find_installation(enterprise_id=None, team_id=team("A"))
        assert stored is not None and stored.bot_token == fresh
        assert [c.ok for c in fake.calls("oauth.v2.access")] == [True]


def _process_store(db_url: str, fake: FakeSlack) -> InstallationStore:
    """What one process has: its own engine and its own rotator."""
    rotator = TokenRotator(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, client=WebClient(base_url=fake.base_url)
    )
    return InstallationStore(
        client_id=CLIENT_ID,
        engine=make_engine(db_url),
        rotate=lambda i: rotator.perform_token_rotation(
            installation=i, minutes_before_expiration=120
        ),
    )
