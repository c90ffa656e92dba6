"""The Markdown report: per setup, lateness per message kind, what was lost or repeated,
pacing, answers in the wrong phase, the drill burst; each target PASS or FAIL."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from bench.lateness.config import BURST_TARGET_S, P99_TARGET_S, SLACK_GAP_S, Setup, Sizes
from bench.lateness.measure import TARGETED, Burst, Figures, percentile


@dataclass
class SetupResult:
    setup: Setup
    figures: Figures
    burst: Burst | None
    load: tuple[float, float]
    """The 1-minute load average before and after the setup ran."""
    seconds: float
    errors: list[str] = field(default_factory=list)


def verdicts(result: SetupResult) -> list[tuple[str, str, bool]]:
    """(target, measured, passed) for every target of the issue."""
    f, rows = result.figures, []
    for kind in TARGETED:
        values = f.lateness.get(kind, [])
        p99 = percentile(values, 99) if values else float("inf")
        rows.append(
            (f"{kind}: p99 lateness < {P99_TARGET_S:.0f} s", f"{p99:.2f} s", p99 < P99_TARGET_S)
        )
    rows += [
        ("messages lost (queued, never posted): 0", str(len(f.lost)), not f.lost),
        ("messages duplicated: 0", str(f.duplicated), f.duplicated == 0),
        (
            "answers in the wrong phase: 0",
            f"{len(f.wrong_phase)} of {f.answers_stored}",
            not f.wrong_phase,
        ),
        (
            f"posts closer than {SLACK_GAP_S:.0f} s in a channel: 0",
            f"{f.too_close} ({f.rate_limited} answered 429)",
            f.too_close == 0,
        ),
        (
            "every interview finished",
            f"{f.finished} of {f.interviews}",
            f.finished == f.interviews == result.setup.interviews,
        ),
    ]
    b = result.burst
    if b is not None:
        worst = max(b.delays) if b.delays else float("inf")
        rows.append(
            (
                f"burst: every question posted within {BURST_TARGET_S:.0f} s",
                f"{len(b.delays)} of {b.drills} posted, last {worst:.1f} s",
                len(b.delays) == b.drills and worst < BURST_TARGET_S,
            )
        )
        rows.append(
            (
                f"burst: posts closer than {SLACK_GAP_S:.0f} s in a channel: 0",
                f"{b.too_close} ({b.rate_limited} answered 429)",
                b.too_close == 0,
            )
        )
    return rows


def passed(results: list[SetupResult]) -> bool:
    return bool(results) and all(ok for r in results for _, _, ok in verdicts(r))


def render(
    results: list[SetupResult], sizes: Sizes, *, quick: bool, latency: float, skipped: list[str]
) -> str:
    lines = [
        f"# Lateness: what people see{' (quick)' if quick else ''}",
        "",
        f"{os.cpu_count()} CPUs; load average {', '.join(f'{n:.1f}' for n in os.getloadavg())} "
        "at the end.",
        "",
        f"Phases of {sizes.phase_s} s (7 an interview, nudge at half time); the fake Slack answers "
        f"after {latency * 1000:.0f} ms and 429 to a second post into a channel within "
        f"{SLACK_GAP_S:.0f} s.",
        "",
    ]
    for note in skipped:
        lines += [f"> {note}", ""]
    for result in results:
        lines += _setup(result)
    verdict = "PASS" if passed(results) else "FAIL"
    return "\n".join([*lines, f"**Overall: {verdict}**", ""])


def _setup(result: SetupResult) -> list[str]:
    s, f = result.setup, result.figures
    out = [
        f"## {s.name}: {s.interviews} interviews",
        "",
        f"Load average (1 min) {result.load[0]:.1f} before, {result.load[1]:.1f} after; "
        f"{result.seconds:.0f} s. {f.queued} messages queued ({f.outdated} dropped as outdated "
        f"at send time), {f.answers_sent} answers sent, {f.answers_stored} stored.",
        "",
        "Lateness (posted minus due), and of it the clock's part (queued minus due):",
        "",
        "| message | count | median s | p99 s | max s | queued: median s | p99 s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, values in sorted(f.lateness.items()):
        queued = f.queue_lag[kind]
        out.append(
            f"| {kind} | {len(values)} | {percentile(values, 50):.2f} | "
            f"{percentile(values, 99):.2f} | {max(values):.2f} | "
            f"{percentile(queued, 50):.2f} | {percentile(queued, 99):.2f} |"
        )
    out.append("")
    b = result.burst
    if b is not None and b.delays:
        out += [
            f"Drill burst: {b.drills} weekly drills in {s.burst_channels} channels due at "
            f"{b.due:%H:%M:%S}; {b.fired} fired; question posted after the due time: median "
            f"{percentile(b.delays, 50):.1f} s, p99 {percentile(b.delays, 99):.1f} s, max "
            f"{max(b.delays):.1f} s (started after: median {percentile(b.fired_after, 50):.1f} s, "
            f"max {max(b.fired_after):.1f} s); {b.duplicated} duplicated.",
            "",
        ]
    out += ["| target | measured | |", "|---|---:|:---:|"]
    out += [
        f"| {name} | {value} | {'PASS' if ok else 'FAIL'} |" for name, value, ok in verdicts(result)
    ]
    out.append("")
    shown = f.lost[:5] + f.wrong_phase[:5] + result.errors[:8]
    if shown:
        out += ["Examples:", "", *[f"- {line}" for line in shown], ""]
    return out
