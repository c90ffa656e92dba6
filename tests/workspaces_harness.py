"""One multi-workspace deployment in a test: the real Bolt app with its OAuth flow over
HTTP, installed into workspaces through /slack/install and /slack/oauth_redirect, against
the fake Slack Web API; the clock and the scheduler cranked by hand, as in slack_harness.

Ids carry their workspace's letter at index 1 (team ``TA..``, channel ``CA..``, people
``UA..``), so a test can tell whose any Web API call was about.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select
from sqlmodel import SQLModel

from bot.config import Settings
from bot.interviews.delivery import Delivery
from bot.interviews.service import TERMINAL_TEAM, InterviewService
from bot.server.background import tell_host
from bot.server.installations import oauth_for
from bot.server.runtime import Runtime
from bot.server.scheduler import run_tick
from bot.server.workspaces import clients_for_teams, org_recorder
from bot.slack.app import create_app, make_client
from bot.slack.sender import SlackSender
from storage.db import make_engine
from storage.repository import Store
from tests.cli_harness import write_blitz
from tests.clock import Clock
from tests.fakes import slack_requests as req
from tests.fakes.slack_api import Call, FakeSlack
from tests.helpers import content_with
from tests.slack_harness import SIGNED, T0, serving

CLIENT_ID, CLIENT_SECRET = "1234.5678", "oauth-test-secret"


def team(letter: str) -> str:
    return f"T{letter}0000001"


def channel(letter: str) -> str:
    return f"C{letter}0000001"


def person(letter: str, n: int = 1) -> str:
    return f"U{letter}000000{n}"


def letter_of(ident: str) -> str:
    """The workspace letter of a team, channel, DM or person id made by this module."""
    return ident[1]


@dataclass
class Workspaces:
    fake: FakeSlack
    root: str
    clock: Clock
    service: InterviewService
    delivery: Delivery
    runtime: Runtime

    # -- the OAuth flow, as a browser goes through it --------------------------------------

    def install_page(self) -> tuple[int, str, str]:
        """GET /slack/install: (status, page, the state cookie it set)."""
        status, headers, body = self.get("/slack/install")
        cookie = SimpleCookie(headers.get("Set-Cookie", ""))
        return status, body, cookie["slack-app-oauth-state"].value

    def redirect(self, *, code: str, state: str, cookie: str | None = None) -> tuple[int, str]:
        cookie = state if cookie is None else cookie
        status, _, body = self.get(
            f"/slack/oauth_redirect?code={code}&state={state}",
            {"Cookie": f"slack-app-oauth-state={cookie}"},
        )
        return status, body

    def install(self, letter: str, **workspace: Any) -> None:
        """Install the app into workspace ``letter`` through the whole flow."""
        status, page, state = self.install_page()
        assert status == 200 and f"state={state}" in page
        code = self.fake.install_code(team(letter), **workspace)
        status, body = self.redirect(code=code, state=state)
        assert status == 200, body

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, Any, str]:
        request = urllib.request.Request(self.root + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    # -- Slack requests from one workspace -------------------------------------------------

    def command(
        self, letter: str, text: str, *, n: int = 1, org: str | None = None
    ) -> tuple[int, str]:
        """``/drill text`` from person ``n`` of the workspace (in the Grid ``org``, under its
        org-wide install, when given)."""
        fields = req.slash_command_fields(
            text,
            team_id=team(letter),
            user_id=person(letter, n),
            channel_id=channel(letter),
            response_url=self.fake.response_url(f"cmd-{person(letter, n)}"),
        )
        if org is not None:
            fields |= {"enterprise_id": org, "is_enterprise_install": "true"}
        body = urlencode(fields).encode()
        headers = SIGNED.headers(body, "application/x-www-form-urlencoded")
        status, raw = req.post(self.root + "/slack/events", body, headers)
        return status, raw.decode()

    def event(self, letter: str, event: dict[str, Any]) -> int:
        body, headers = req.event_request(event, team_id=team(letter))
        return req.post(self.root + "/slack/events", body, headers)[0]

    def reply(self, letter: str, text: str, *, n: int = 1) -> int:
        event = req.thread_reply_event(
            text,
            thread_ts=self.thread_ts(letter),
            ts=f"{self.clock.now.timestamp():.6f}",
            user_id=person(letter, n),
            channel_id=channel(letter),
            team_id=team(letter),
        )
        return self.event(letter, event)

    def tick(self, **delta: float) -> None:
        self.clock.move(**delta)
        run_tick(self.service, self.delivery, exclude_team=TERMINAL_TEAM)

    # -- what Slack received ----------------------------------------------------------------

    def thread_ts(self, letter: str) -> str:
        roots = [
            c
            for c in self.fake.calls("chat.postMessage")
            if c.ok and c.params.get("channel") == channel(letter) and not c.params.get("thread_ts")
        ]
        assert roots, f"no question posted in workspace {letter}"
        return str(roots[-1].response["ts"])  # type: ignore[index]

    def said(self, letter: str, n: int = 1) -> list[str]:
        """What person ``n`` of the workspace was told in reply to a command."""
        return [
            str(c.params.get("text"))
            for c in self.fake.calls("response_url")
            if c.path.endswith(f"-{person(letter, n)}")
        ]

    def api_calls(self) -> list[Call]:
        """Web API calls made with a bot token (not the code exchange, not response_url)."""
        return [c for c in self.fake.calls() if c.method not in ("oauth.v2.access", "response_url")]

    def rows_of(self, letter: str) -> dict[str, int]:
        """How many rows each table holds for the workspace."""
        with self.service.store.engine.connect() as conn:
            return {
                t.name: conn.execute(
                    select(func.count()).select_from(t).where(t.c.team_id == team(letter))
                ).scalar_one()
                for t in SQLModel.metadata.sorted_tables
                if "team_id" in t.c
            }


def target_letter(call: Call) -> str | None:
    """Whose workspace a call was about, from the ids in its arguments."""
    for key in ("channel", "users", "user", "user_id"):
        value = call.params.get(key)
        if isinstance(value, str) and re.fullmatch(r"[CDUG][A-Z]\w+", value):
            return letter_of(value)
    return None


@contextmanager
def workspaces(tmp_path: Path, db_url: str, **env: str) -> Iterator[Workspaces]:
    """A multi-workspace deployment on ``db_url`` (migrated), no workspace installed yet."""
    prompts = write_blitz(tmp_path / "prompts", seconds=60, silence="45s")
    with FakeSlack.start(client_id=CLIENT_ID, client_secret=CLIENT_SECRET) as fake:
        settings = Settings.from_env(
            {
                "DATABASE_URL": db_url,
                "SLACK_CLIENT_ID": CLIENT_ID,
                "SLACK_CLIENT_SECRET": CLIENT_SECRET,
                "SLACK_SIGNING_SECRET": req.SIGNING_SECRET,
                "SLACK_API_URL": fake.base_url,
                "PROMPTS_DIR": str(prompts),
                **env,
            }
        )
        content = content_with(prompts)
        clock = Clock(T0)
        store = Store(make_engine(db_url))
        service = InterviewService(store=store, content=content, clock=clock)
        runtime = Runtime(settings, content, store, service)
        client = make_client(settings)
        clients = clients_for_teams(runtime, client)
        delivery = Delivery(
            store=store,
            sender=SlackSender(clients, sleep=lambda s: None, monotonic=lambda: 0.0),
            clock=clock,
            content=content,
            exclude_team=TERMINAL_TEAM,
            on_undeliverable=lambda item, exc: tell_host(runtime, clients, item, exc),
        )
        app = create_app(
            settings=settings,
            service=service,
            content=content,
            client=client,
            oauth=oauth_for(runtime, client),
            middleware=[org_recorder(runtime)],
        )
        try:
            with serving(app) as root:
                yield Workspaces(fake, root, clock, service, delivery, runtime)
        finally:
            store.engine.dispose()
