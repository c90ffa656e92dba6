"""The parts of a retrospective that judge the design: how the score was made, red flags,
what does not add up, and what a strong answer covers. Slack mrkdwn, short lines."""

from __future__ import annotations

from bot.engine.score_depth import DEEP_WORDS_FULL, LISTED_SHARE, WORDS_FULL, WORKED_FULL
from bot.engine.score_final import PRESENCE_POINTS, TOP_KNEE, round_half_up, tempered
from bot.engine.score_types import ParticipantReport, Retrospective

OPTION_LIMIT = 70
"""Longest option name in the outline; the full text is in the question."""


def score_parts(report: ParticipantReport) -> str:
    """ " = 88 from the phases − 12 for a red flag", or nothing when the phases are the score."""
    parts = []
    relevance = report.relevance
    if relevance is not None and relevance.factor < 1:
        parts.append(f"× {relevance.factor:.1f} for relevance")
    if (relevance.factor if relevance is not None else 1.0) * report.raw > TOP_KNEE:
        parts.append(f"with the points above {TOP_KNEE} counted half")
    if report.penalty:
        parts.append(f"− {report.penalty} for the mistakes and red flags below")
    factor = relevance.factor if relevance is not None else 1.0
    kept = round_half_up(tempered(factor * report.raw)) - report.penalty
    if kept < report.score <= PRESENCE_POINTS:  # the attempt floor explains higher ones
        parts.append(f"(at least {report.score} for going through the phases)")
    if not parts:
        return ""
    return f" = {report.raw} from the phases " + " ".join(parts)


def relevance_note(report: ParticipantReport) -> list[str]:
    relevance = report.relevance
    if relevance is None or relevance.factor >= 1 or not report.answered:
        return []
    if relevance.other_id:
        return [
            f"_Your answers read as a design for another question ({relevance.other_id}) more "
            "than for this one, so they earn little here._"
        ]
    return ["_Your answers rarely name this question's subject, so they earn little here._"]


def breadth_note(report: ParticipantReport) -> list[str]:
    """Why naming many of the ideas did not earn them all (see :data:`LISTED_SHARE`)."""
    if not report.outlined or (report.relevance is not None and report.relevance.factor < 1):
        return []
    return [
        "_You named more of this question's ideas than you worked through, so they earn part "
        f"of their points (from {LISTED_SHARE:.0%}): all of them once the design is worked out "
        f"in numbers ({WORKED_FULL} estimates that drive choices) or in words (about "
        f"{WORDS_FULL} in all, or {DEEP_WORDS_FULL} in the deep dives)._"
    ]


def red_flag_lines(report: ParticipantReport) -> list[str]:
    return [
        f"• *{seen.flag.label}*: “{seen.quote}” {seen.flag.why} Instead: {seen.flag.instead}"
        for seen in report.red_flags
    ]


def finding_lines(report: ParticipantReport) -> list[str]:
    return [f"• *{f.label}*: “{f.quote}” {f.why}" for f in report.findings]


def outline_lines(retro: Retrospective) -> list[str]:
    """What a strong answer to this question covers, phase by phase, and its deep dives."""
    if not retro.outline:
        return []
    lines = ["", "*What a strong answer covers*"]
    for title, labels in retro.outline:
        lines.append(f"• *{title}*")
        lines += [f"   – {label}" for label in labels]
    for topic in retro.topics:
        options = " / ".join(_option_name(o) for o in topic.options)
        lines.append(f"• Deep dive, *{topic.title}*: {options}")
    return lines


def _option_name(option: str) -> str:
    """ "A double-entry ledger: immutable entries..." -> "A double-entry ledger"."""
    text = option.replace("e.g.", "for example").replace("i.e.", "that is")
    head = text.split(" Pro:")[0].split(": ")[0].split(" (")[0].split(". ")[0].rstrip(".")
    if len(head) <= OPTION_LIMIT:
        return head
    return head[: OPTION_LIMIT - 1].rsplit(" ", 1)[0] + "…"
