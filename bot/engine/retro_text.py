"""Slack-mrkdwn wording of a retrospective, readable on a phone.

Short lines, bullets rather than tables, one idea per line. The team view goes to the
interview thread; each personal view goes to its person by DM. Both say plainly that the
score is a heuristic of rubric coverage, not a verdict on the design.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from bot.engine.grade_design import ElementSeen
from bot.engine.lines import human_duration
from bot.engine.retro_sections import (
    breadth_note,
    finding_lines,
    outline_lines,
    red_flag_lines,
    relevance_note,
    score_parts,
)
from bot.engine.score_mistakes import OVER_BUDGET
from bot.engine.score_types import ParticipantReport, PhaseReport, Retrospective

HEURISTIC = (
    "The score weighs the ideas a strong answer to this question contains, then interview "
    "method; it reads your words, not your diagrams, and is no hiring verdict."
)
GAP_LINES = 6
STRENGTHS = 3


def render_team(retro: Retrospective, *, mention: bool = False) -> str:
    """The thread's view: who took part, each phase's time and coverage, shared gaps."""
    people = ", ".join(name(p.user, mention) for p in retro.participants) or "nobody"
    lines = [
        f"*Retrospective: {retro.question_title}* ({retro.format_title})",
        f"Took part: {people}",
        f"_{HEURISTIC} Personal scores and next steps are sent privately._",
        "",
        "*Phases*",
    ]
    answering = [p for p in retro.participants if p.answered] or list(retro.participants)
    for phase_id, title, budget, spent in retro.phase_times:
        reports = [r for p in answering for r in p.phases if r.phase_id == phase_id]
        flag = " ⚠ over" if spent > budget * OVER_BUDGET else ""
        answered = [r for r in reports if r.answers]
        late = sum(r.late for r in reports)
        late_note = f" ({late} late)" if late else ""
        lines.append(f"• *{title}*: {len(answered)} of {len(answering)} answered{late_note}")
        time = f"{short_duration(spent)} used of {short_duration(budget)}{flag}"
        lines.append(f"   {time}; {_items_shown(answered)}")
    unreached = [p.title for p in (answering[0].phases if answering else ()) if not p.reached]
    if unreached:
        lines.append("• Not reached before the end: " + ", ".join(f"*{t}*" for t in unreached))
    lines += ["", checkin_note(retro, mention)]
    gaps = _shared_gaps(answering)
    if gaps:
        lines += ["", "*Gaps most of you shared*", *gaps[:GAP_LINES]]
    return "\n".join(lines + outline_lines(retro))


def render_personal(
    report: ParticipantReport, retro: Retrospective, *, mention: bool = False
) -> str:
    """One participant's view: score, strengths with quotes, gaps, mistakes, next steps."""
    lines = [
        f"*Your retrospective: {retro.question_title}* ({name(report.user, mention)})",
        f"*Score: {report.score}/100*{score_parts(report)}",
        f"_{HEURISTIC}_",
        *relevance_note(report),
        *breadth_note(report),
        "",
        "*Per phase* (points; the question's ideas ✓ shown, ✗ missing; method; time)",
    ]
    for phase in report.phases:
        lines += phase_lines(phase)
    lines += list_note(report)
    sections = (
        ("Red flags", red_flag_lines(report)),
        ("Does not add up", finding_lines(report)),
        ("What went well", strengths(report) + checkin_credit(report)),
        ("Deep-dive checklist", _checklist_lines(report)),
        ("Mistakes seen", [f"• *{m.title}*: " + " ".join(m.evidence) for m in report.mistakes]),
        ("Next time", [f"{i}. {step}" for i, step in enumerate(report.next_steps, 1)]),
        ("Lines to try next time", [f"• {line}" for line in report.recovery]),
    )
    for title, body in sections:
        if body:
            lines += ["", f"*{title}*", *body]
    return "\n".join(lines + outline_lines(retro))


def _checklist_lines(report: ParticipantReport) -> list[str]:
    out = []
    for group in report.checklist:
        if not group.titles:
            head = "Deep dives (no topic chosen)"
        elif group.merged:
            head = " + ".join(group.titles) + " (answers taken together)"
        else:
            head = group.titles[0]
        size = len(group.covered) + len(group.missing)
        line = f"• {head}: {len(group.covered)} of {size}"
        if group.missing:
            line += "; missing: " + "; ".join(i.label for i in group.missing)
        out.append(line)
    return out


def _items_shown(reports: list[PhaseReport]) -> str:
    """How many of the question's key ideas for the phase (or, for a question without
    ideas, of its checklist items) each person showed, best first:
    "key ideas shown by each person (of 3): 2, 1, 0"."""
    if not reports:
        return "no answers"
    ideas = len(reports[0].ideas) + len(reports[0].ideas_missing)
    if ideas:
        what, size = "key ideas", ideas
        counts = sorted((len(r.ideas) for r in reports), reverse=True)
    else:
        what, size = "checklist items", len(reports[0].covered) + len(reports[0].missing)
        counts = sorted((len(r.covered) for r in reports), reverse=True)
    if len(counts) == 1:
        return f"{what} shown: {counts[0]} of {size}"
    return f"{what} shown by each person (of {size}): " + ", ".join(str(n) for n in counts)


def _shared_gaps(people: list[ParticipantReport]) -> list[str]:
    """Skipped phases, mistakes and missing items shared by at least half of the people
    (two or more of them), most shared first."""
    total = len(people)
    if total < 2:  # alone, the personal view already lists every gap
        return []
    out: list[tuple[int, str]] = []
    skipped = Counter(
        p.title for person in people for p in person.phases if p.reached and not p.answers
    )  # a phase never reached was not skipped: the team view lists it as not reached
    out += [(n, f"• {n} of {total} skipped {t}") for t, n in skipped.items()]
    # Skipped phases are counted above, phase by phase.
    mistakes = Counter(
        m.title for person in people for m in person.mistakes if m.id != "phase_skipped"
    )
    out += [(n, f"• {n} of {total}: {t.lower()}") for t, n in mistakes.items()]
    missed = Counter(
        (p.title, short_label(i.label)) for person in people for p in person.phases
        if p.answers for i in p.missing
    )  # fmt: skip
    out += [(n, f"• {n} of {total} didn't show: {label} ({t})") for (t, label), n in missed.items()]
    shared = [(n, line) for n, line in out if 2 * n >= total]
    return [line for _, line in sorted(shared, key=lambda entry: -entry[0])]


# --- wording helpers ---------------------------------------------------------------------
_UNITS = ((" minutes", " min"), (" minute", " min"), (" seconds", " s"), (" second", " s"),
          (" hours", " h"), (" hour", " h"), (" days", " d"), (" day", " d"))  # fmt: skip


def name(user: str, mention: bool) -> str:
    return f"<@{user}>" if mention else user


def short_label(label: str) -> str:
    """ "Puts numbers on scale (users, QPS...)" -> "Puts numbers on scale": fits a phone line."""
    return label.split(" (")[0]


def short_duration(delta: timedelta) -> str:
    """ "1 min 30 s", "6 min", "2 h", "1 d 4 h": durations that keep a line short."""
    text = human_duration(delta)
    for long, short in _UNITS:
        text = text.replace(long, short)
    return text


def _idea_shown(seen: ElementSeen) -> str:
    """An idea's label, marked when it was only named: it earned a share of its weight."""
    return short_label(seen.element.label) + ("" if seen.hard else " (named only)")


def phase_lines(phase: PhaseReport) -> list[str]:
    """ "• *API design*: 9/14", the question's ideas shown (✓) and missing (✗), method gaps
    and time, each on its own short line."""
    score = phase.score
    points = f"{score.points}/{score.weight}" if score else ""
    if not phase.reached:
        return [f"• *{phase.title}*: {points}, not reached"]
    lines = [f"• *{phase.title}*: {points}"]
    if phase.ideas:
        lines.append("   ✓ " + "; ".join(_idea_shown(s) for s in phase.ideas))
    if phase.ideas_missing:
        lines.append("   ✗ " + "; ".join(short_label(e.label) for e in phase.ideas_missing))
    if not phase.answers:
        method = "no answer"
    elif not phase.missing:
        method = "method: all shown"
    else:
        method = "method gaps: " + "; ".join(short_label(i.label) for i in phase.missing)
    if score and score.listy and phase.answers:
        method += " (list of terms" + (", capped)" if score.capped else ")")
    time = f"{short_duration(phase.spent)} used of {short_duration(phase.budget)}"
    if phase.active is not None and phase.answers > 1:
        time += f"; your replies spanned {short_duration(phase.active)}"
    if phase.late:
        time += f"; {phase.late} sent just after it closed (counted here, marked late)"
    return [*lines, f"   {method}", f"   {time}"]


def strengths(report: ParticipantReport) -> list[str]:
    """Up to three quotes: the ideas that earned most first (one only named earns little),
    then interview method from the phases worth most; never a sentence flagged as wrong or
    self-contradictory."""
    if report.relevance is not None and report.relevance.other_id and report.relevance.off_topic:
        return []  # praise for a design of another question would mislead
    flagged = {f.quote for f in report.red_flags} | {f.quote for f in report.findings}
    ideas = sorted(
        (s for p in report.phases for s in p.ideas if s.quote not in flagged),
        key=lambda s: -s.credit,
    )
    out = [f"• *{short_label(s.element.label)}*: “{s.quote}”" for s in ideas[:STRENGTHS]]
    ranked = sorted(
        (p for p in report.phases if p.covered and p.score),
        key=lambda p: -(p.score.weight if p.score else 0),
    )
    for phase in ranked:
        if len(out) >= STRENGTHS:
            break
        # The longest quote of the phase: usually the one with the most reasoning in it.
        evidence = max(phase.covered, key=lambda e: len(e.quote))
        if evidence.quote not in flagged and all(evidence.quote not in line for line in out):
            out.append(f"• *{short_label(evidence.label)}* ({phase.title}): “{evidence.quote}”")
    return out


def checkin_credit(report: ParticipantReport) -> list[str]:
    """Checking in is an interview habit worth keeping: say so, with the first one."""
    if not report.checkins:
        return []
    times = "once" if len(report.checkins) == 1 else f"{len(report.checkins)} times"
    return [f"• *Checked in with the interviewer* ({times}): “{report.checkins[0]}”"]


def checkin_note(retro: Retrospective, mention: bool) -> str:
    """Who checked in with the interviewer, or that nobody did."""
    people = [p for p in retro.participants if p.checkins]
    if not people:
        return (
            "_Nobody checked in with the interviewer. A quick “does this make sense so far?”"
            " lets them steer you._"
        )
    who = ", ".join(f"{name(p.user, mention)} ({len(p.checkins)})" for p in people)
    return f"*Checked in with the interviewer*: {who}"


def list_note(report: ParticipantReport) -> list[str]:
    """One line explaining the keyword-list rule, only to someone it applied to."""
    if not any(p.score and p.score.listy and p.answers for p in report.phases):
        return []
    return ["_Terms pasted as a list show the word, not the reasoning: only sentences count._"]
