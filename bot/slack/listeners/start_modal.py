"""The start modal submitted: the question and format checked before the ack (an error shows
next to its field), then the interview started."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient

from bot.engine.playbook import FormatNotFound, QuestionNotFound
from bot.interviews.errors import AlreadyRunning
from bot.interviews.questions import choose_question
from bot.slack.deps import SlackDeps
from bot.slack.inputs import FORMAT_BLOCK, TOPIC_BLOCK, parse_start_submission
from bot.slack.listeners.starting import busy_text
from bot.slack.question_texts import not_found_text
from bot.slack.users import user_timezone


def on_start_submitted(
    deps: SlackDeps, *, ack: Callable[..., None], body: dict, client: WebClient
) -> None:
    """Validate before acking so a bad choice shows next to its field in the modal."""
    submission = parse_start_submission(body)
    try:
        choose_question(deps.content, submission.question, seed=0)
        if submission.format is not None and submission.format not in deps.content.formats:
            raise FormatNotFound(submission.format)
    except (QuestionNotFound, FormatNotFound) as exc:
        block = TOPIC_BLOCK if isinstance(exc, QuestionNotFound) else FORMAT_BLOCK
        ack(response_action="errors", errors={block: not_found_text(exc, deps.content)})
        return
    ack()
    try:
        deps.service.start_by_hand(
            team_id=submission.team_id,
            channel_id=submission.channel_id,
            user_id=submission.user_id,
            question=submission.question,
            format_id=submission.format,
            host_timezone=lambda: user_timezone(client, submission.user_id),
        )
    except AlreadyRunning as exc:
        client.chat_postEphemeral(
            channel=submission.channel_id,
            user=submission.user_id,
            text=busy_text(deps, client, exc.running),
        )
