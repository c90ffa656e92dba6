"""Choosing the mode at start-up: a half-configured one is named in one line (exit 2), and
the production HTTP server of multi-workspace mode installs a workspace end to end."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import yaml

from bot.config import Settings, SettingsError
from bot.slack.oauth import BOT_SCOPES
from tests.cli_harness import ROOT, env_for, run
from tests.fakes import slack_requests as req
from tests.fakes.slack_api import FakeSlack
from tests.helpers import free_port, listening, wait_until

pytestmark = pytest.mark.timeout(90)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_ID is set without SLACK_CLIENT_SECRET"),
        ({"SLACK_CLIENT_SECRET": "s"}, "SLACK_CLIENT_SECRET is set without SLACK_CLIENT_ID"),
        (
            {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1"},
            "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set",
        ),
        (
            {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_APP_TOKEN": "xapp-1"},
            "SLACK_APP_TOKEN and SLACK_CLIENT_ID are both set",
        ),
    ],
)
def test_a_half_configured_mode_is_named_in_one_line(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({"SLACK_SIGNING_SECRET": "x", **env})
    assert len(raised.value.problems) == 1
    assert raised.value.problems[0].startswith(named)
    result = run(["run"], env_for(tmp_path / "d.db") | env)
    assert result.returncode == 2
    assert named in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_malformed_rotation_margin_is_named() -> None:
    with pytest.raises(SettingsError, match="SLACK_TOKEN_ROTATION_MINUTES='soon'"):
        Settings.from_env({"SLACK_TOKEN_ROTATION_MINUTES": "soon"})


def test_single_workspace_settings_are_unchanged() -> None:
    settings = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    assert not settings.multi_workspace
    settings.require_slack()
    multi = Settings.from_env(
        {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_SIGNING_SECRET": "x"}
    )
    assert multi.multi_workspace
    multi.require_slack()  # no SLACK_BOT_TOKEN needed


def test_the_install_asks_for_the_manifests_bot_scopes() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)
    assert {"app_uninstalled", "tokens_revoked"} <= set(
        manifest["settings"]["event_subscriptions"]["bot_events"]
    )


def test_web_in_multi_workspace_mode_installs_a_workspace(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "d.db"
    assert run(["migrate"], env_for(db)).returncode == 0
    with FakeSlack.start(client_id="1.2", client_secret="s3") as fake:
        env = env_for(db) | {
            "SLACK_CLIENT_ID": "1.2",
            "SLACK_CLIENT_SECRET": "s3",
            "SLACK_SIGNING_SECRET": req.SIGNING_SECRET,
            "SLACK_API_URL": fake.base_url,
            "PORT": str(port),
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "web"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until(lambda: listening(port), f"something listens on port {port}")
            with urllib.request.urlopen(f"{url}/slack/install", timeout=30) as page:
                assert "Add to Slack" in page.read().decode()
                state = SimpleCookie(page.headers["Set-Cookie"])["slack-app-oauth-state"].value
            code = fake.install_code("TA0000001")
            back = urllib.request.Request(
                f"{url}/slack/oauth_redirect?code={code}&state={state}",
                headers={"Cookie": f"slack-app-oauth-state={state}"},
            )
            with urllib.request.urlopen(back, timeout=30) as done:
                assert "DesignDrill is installed" in done.read().decode()
            body, headers = req.slash_command("help", team_id="TA0000001")
            status, answer = req.post(f"{url}/slack/events", body, headers)
            assert status == 200 and "/drill start" in answer.decode()
            assert fake.calls("auth.test")[-1].token in fake.tokens_of("TA0000001")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
