"""One typed, frozen Settings object built from the environment, validated at start-up.

Every problem is reported at once, each naming the variable and how to fix it, so a
misconfigured deployment fails before it touches Slack or the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from bot import logs
from bot.numbers import NumberError, whole_number
from storage.db import default_database_url

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
MAX_GRACE_HOURS = 7 * 24


class SettingsError(ValueError):
    """Raised with one line per bad or missing setting."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    database_url: str
    prompts_dir: Path | None = None
    log_level: str = "INFO"
    log_format: str = "text"
    """``json``: one JSON object per line, for platforms that parse logs (``bot/logs.py``)."""
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    port: int = 3000
    web_concurrency: int = 1
    """gunicorn worker processes of `designdrill web` (`run` over HTTP always has one)."""
    tick_seconds: float = 1.0
    drill_grace_hours: float = 6.0
    """A scheduled drill found late (the bot was down) still starts within this window."""
    slack_client_id: str | None = None
    """With ``slack_client_secret``: multi-workspace mode (OAuth; docs/multi-workspace.md)."""
    slack_client_secret: str | None = None
    slack_redirect_uri: str | None = None
    """Where Slack sends the installer back; the app's own setting when not given."""
    token_rotation_minutes: int = 120
    """With token rotation on, a bot token is refreshed this long before it expires."""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Raises SettingsError naming every malformed variable."""
        problems: list[str] = []
        get = lambda name: (env.get(name) or "").strip() or None  # noqa: E731
        url = get("DATABASE_URL") or default_database_url()
        if urlparse(url).scheme.split("+")[0] not in ("sqlite", "postgresql", "postgres"):
            problems.append(
                f"DATABASE_URL={url!r}: use sqlite:///path.db or postgresql://user@host/db"
            )
        prompts = get("PROMPTS_DIR")
        if prompts and not Path(prompts).is_dir():
            problems.append(f"PROMPTS_DIR={prompts!r}: not a directory")
        level = (get("LOG_LEVEL") or "INFO").upper()
        if level not in LOG_LEVELS:
            problems.append(f"LOG_LEVEL={level!r}: use one of {', '.join(LOG_LEVELS)}")
        log_format = (get("LOG_FORMAT") or "text").lower()
        if log_format not in LOG_FORMATS:
            problems.append(f"LOG_FORMAT={log_format!r}: use text or json")
        port = _int(get("PORT") or "3000", "PORT", 1, 65535, problems)
        web = _int(get("WEB_CONCURRENCY") or "1", "WEB_CONCURRENCY", 1, 64, problems)
        tick = _float(get("TICK_SECONDS") or "1", "TICK_SECONDS", problems)
        grace = _grace_hours(get("DRILL_GRACE_HOURS") or "6", problems)
        bot, app = get("SLACK_BOT_TOKEN"), get("SLACK_APP_TOKEN")
        if bot and not bot.startswith("xoxb-"):
            problems.append("SLACK_BOT_TOKEN: a bot token starts with xoxb- (OAuth & Permissions)")
        if app and not app.startswith("xapp-"):
            problems.append(
                "SLACK_APP_TOKEN: an app-level token starts with xapp- (Basic Information)"
            )
        api = get("SLACK_API_URL")
        if api and urlparse(api).scheme not in ("http", "https"):
            problems.append(f"SLACK_API_URL={api!r}: expected an http(s) URL ending in /api/")
        client_id, secret = get("SLACK_CLIENT_ID"), get("SLACK_CLIENT_SECRET")
        problems += _mode_problems(client_id=client_id, secret=secret, bot=bot, app=app)
        rotation = _int(
            get("SLACK_TOKEN_ROTATION_MINUTES") or "120",
            "SLACK_TOKEN_ROTATION_MINUTES",
            1,
            720,
            problems,
        )
        if problems:
            raise SettingsError(problems)
        return cls(
            database_url=url,
            prompts_dir=Path(prompts) if prompts else None,
            log_level=level,
            log_format=log_format,
            slack_bot_token=bot,
            slack_signing_secret=get("SLACK_SIGNING_SECRET"),
            slack_app_token=app,
            slack_api_url=api,
            port=port,
            web_concurrency=web,
            tick_seconds=tick,
            drill_grace_hours=grace,
            slack_client_id=client_id,
            slack_client_secret=secret,
            slack_redirect_uri=get("SLACK_REDIRECT_URI"),
            token_rotation_minutes=rotation,
        )

    @property
    def multi_workspace(self) -> bool:
        """Installed through OAuth into any number of workspaces, one token each."""
        return self.slack_client_id is not None

    @property
    def drill_grace(self) -> timedelta:
        return timedelta(hours=self.drill_grace_hours)

    def require_slack(self, *, http: bool = True) -> None:
        """The Slack commands need a bot token (one workspace) or the OAuth credentials
        (many, checked by ``from_env``); serving HTTP also needs the signing secret, which
        Socket Mode and the scheduler-only worker never use (no signed requests)."""
        problems = []
        if not self.slack_bot_token and not self.multi_workspace:
            problems.append("SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token (xoxb-...)")
        if http and not self.slack_signing_secret:
            problems.append("SLACK_SIGNING_SECRET is missing: copy it from Basic Information")
        if problems:
            raise SettingsError(problems)

    def logging_config(self) -> dict[str, Any]:
        """How to log (``bot/logs.py``), as a dictConfig dict: gunicorn takes it too."""
        return logs.config(level=self.log_level, log_format=self.log_format)

    def configure_logging(self) -> None:
        logs.configure(level=self.log_level, log_format=self.log_format)


def _mode_problems(
    *, client_id: str | None, secret: str | None, bot: str | None, app: str | None
) -> list[str]:
    """Single workspace (SLACK_BOT_TOKEN) or multi-workspace (SLACK_CLIENT_ID and
    SLACK_CLIENT_SECRET), never half of one nor both at once."""
    if bool(client_id) != bool(secret):
        given, missing = (
            ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")
            if client_id
            else ("SLACK_CLIENT_SECRET", "SLACK_CLIENT_ID")
        )
        return [
            f"{given} is set without {missing}: set both (Basic Information -> App "
            "Credentials) for multi-workspace mode, or neither for a single workspace"
        ]
    if client_id and bot:
        return [
            "SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: keep SLACK_BOT_TOKEN for one "
            "workspace, or SLACK_CLIENT_ID/SLACK_CLIENT_SECRET for many (each install "
            "brings its own token)"
        ]
    if client_id and app:
        return [
            "SLACK_APP_TOKEN and SLACK_CLIENT_ID are both set: multi-workspace mode serves "
            "HTTP (the OAuth redirect needs a public URL); unset SLACK_APP_TOKEN"
        ]
    return []


def _int(raw: str, name: str, low: int, high: int, problems: list[str]) -> int:
    try:
        return whole_number(raw, low=low, high=high, what=name)
    except NumberError:
        problems.append(f"{name}={raw!r}: expected a whole number from {low} to {high}")
        return low


def _float(raw: str, name: str, problems: list[str]) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if value <= 0:
        problems.append(f"{name}={raw!r}: expected a positive number of seconds")
        return 1.0
    return value


def _grace_hours(raw: str, problems: list[str]) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= MAX_GRACE_HOURS:
        problems.append(
            f"DRILL_GRACE_HOURS={raw!r}: expected hours from 0 to {MAX_GRACE_HOURS} "
            "(how late a scheduled drill may still start), e.g. 6"
        )
        return 6.0
    return value
