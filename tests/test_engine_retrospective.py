"""The basic retrospective: time per phase and rubric items backed by the person's words."""

from __future__ import annotations

from datetime import timedelta

from bot.engine.retro_text import render_personal, render_team
from bot.engine.retrospective import AnswerView, build_retrospective
from bot.engine.state import InterviewState
from tests.engine_harness import T0, Transcript
from tests.factories import make_content


def _answers(state: InterviewState) -> list[AnswerView]:
    from bot.engine.interview import phase_at

    said = [
        ("U1", 30, "Users are riders. We need 10k qps at peak; p99 latency under 200 ms."),
        ("U2", 40, "who uses it?"),
        ("U2", 200, "The latency should be low."),
        ("U2", 210, "qps, latency, throughput, sharding"),
    ]
    return [
        AnswerView(
            user, phase_at(state, T0 + timedelta(seconds=s)), text, T0 + timedelta(seconds=s)
        )
        for user, s, text in said
    ]


def test_each_participant_gets_their_own_evidence_and_gaps() -> None:
    drill = Transcript(make_content())
    drill.do("next_phase")  # functional closes at once: the 30s answer lands in non-functional
    drill.run_until(minutes=60)
    retro = build_retrospective(drill.state, playbook=drill.playbook, answers=_answers(drill.state))
    u1, u2 = retro.participants
    assert (u1.user, u2.user) == ("U1", "U2")
    nf1 = next(p for p in u1.phases if p.phase_id == "non_functional")
    assert {e.item_id for e in nf1.covered} == {"scale", "latency"}
    assert "10k qps at peak" in nf1.covered[0].quote
    nf2 = next(p for p in u2.phases if p.phase_id == "non_functional")
    assert [e.item_id for e in nf2.covered] == ["latency"]
    assert [m.id for m in nf2.missing] == ["scale"]
    assert nf2.answers == 3 and nf2.words == 12
    text = render_personal(u2, retro)
    assert "“The latency should be low.”" in text and "method gaps: scale estimates" in text


def test_time_per_phase_comes_from_the_phase_windows() -> None:
    drill = Transcript(make_content())
    drill.at(minutes=1)
    drill.do("next_phase")
    drill.run_until(minutes=60)
    retro = build_retrospective(drill.state, playbook=drill.playbook, answers=[])
    spent = {pid: used for pid, _, _, used in retro.phase_times}
    assert spent["functional"] == timedelta(minutes=1)
    assert spent["non_functional"] == timedelta(minutes=4)
    team = render_team(retro)
    assert "*Functional*: 0 of 1 answered\n   1 min used of 2 min" in team
    assert "Took part: U1" in team
