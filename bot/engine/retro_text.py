"""Plain-text (Slack mrkdwn compatible) wording of a retrospective."""

from __future__ import annotations

from bot.engine.lines import human_duration
from bot.engine.retrospective import ParticipantReport, Retrospective


def render_team(retro: Retrospective, *, mention: bool = False) -> str:
    """The thread's view: who took part, time per phase, how many covered what."""
    people = ", ".join(_name(p.user, mention) for p in retro.participants) or "nobody"
    lines = [
        f"*Retrospective: {retro.question_title}* ({retro.format_title})",
        f"Took part: {people}",
        "",
    ]
    lines.append("*Time per phase* (used / budget)")
    for _, title, budget, spent in retro.phase_times:
        flag = " ⚠ over" if spent > budget * 1.25 else ""
        lines.append(f"• {title}: {human_duration(spent)} / {human_duration(budget)}{flag}")
    lines.append("")
    lines.append("*Coverage* (participants who showed each phase's items)")
    total = len(retro.participants)
    for index, (_, title, _, _) in enumerate(retro.phase_times):
        reports = [p.phases[index] for p in retro.participants if len(p.phases) > index]
        answered = sum(1 for r in reports if r.answers)
        items = sum(len(r.covered) for r in reports)
        possible = sum(len(r.covered) + len(r.missing) for r in reports)
        lines.append(f"• {title}: {answered} of {total} answered, {items}/{possible} items shown")
    return "\n".join(lines)


def render_personal(
    report: ParticipantReport, retro: Retrospective, *, mention: bool = False
) -> str:
    """One participant's view, with their own words as evidence."""
    lines = [f"*Your retrospective: {retro.question_title}* ({_name(report.user, mention)})"]
    for phase in report.phases:
        head = (
            f"*{phase.title}*: {phase.answers} answer(s), {phase.words} words; "
            f"phase open {human_duration(phase.spent)} of {human_duration(phase.budget)}"
        )
        lines.append(head)
        for evidence in phase.covered:
            lines.append(f"  ✓ {evidence.label}: “{evidence.quote}”")
        if phase.missing:
            lines.append("  ✗ not shown: " + ", ".join(item.label for item in phase.missing))
    return "\n".join(lines)


def _name(user: str, mention: bool) -> str:
    return f"<@{user}>" if mention else user
