"""The App Home tab: the person's interviews, the team's upcoming drills, the week's board."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient

from bot.interviews.drills.texts import describe
from bot.interviews.home import home_of
from bot.interviews.rows import Interview
from bot.slack.blocks import home_view
from bot.slack.deps import SlackDeps
from bot.slack.inputs import parse_home_opened
from bot.slack.users import user_timezone


def on_home_opened(
    deps: SlackDeps, *, ack: Callable[..., None], body: dict, client: WebClient
) -> None:
    ack()
    opened = parse_home_opened(body)
    if opened is None:
        return
    home = home_of(deps.service, team_id=opened.team_id, user_id=opened.user_id)
    tz = user_timezone(client, opened.user_id) if home.schedules else "UTC"
    view = home_view(
        [_home_line(deps, r, _phase_title(deps, r)) for r in home.running],
        [_home_line(deps, r, _score(home.scores.get(r.id or 0))) for r in home.finished],
        [describe(s, viewer_tz=tz) for s in home.schedules],
        leaderboard=home.board,
    )
    client.views_publish(user_id=opened.user_id, view=view)


def _home_line(deps: SlackDeps, row: Interview, where: str) -> tuple[str, str]:
    question = deps.content.questions.get(row.question_id)
    title = question.title if question else row.question_id
    when = f"{row.created_at:%Y-%m-%d}"
    return (f"#{row.id} {title}", f"<#{row.channel_id}> · {row.format_id} · {where} · {when}")


def _phase_title(deps: SlackDeps, row: Interview) -> str:
    fmt = deps.content.formats.get(row.format_id)
    titles = {p.id: p.title for p in fmt.phases} if fmt else {}
    return titles.get(row.phase_id, row.phase_id) + (" (paused)" if row.status == "paused" else "")


def _score(score: int | None) -> str:
    return f"your score {score}/100" if score is not None else "no score (no answers)"
