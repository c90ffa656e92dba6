"""bench.lateness at its smallest: two interviews of one-second phases on one process.

Only what holds on any machine is asserted: every queued message reached Slack exactly
once, no answer was filed under the wrong phase, and no post came within a second of the
channel's previous one (the fake refuses those, so none may even be tried). How late
anything was is the benchmark's business, not this test's."""

from __future__ import annotations

import pytest

from bench.lateness.config import Setup, Sizes
from bench.lateness.run import run_setup

pytestmark = pytest.mark.timeout(180)


def test_every_message_posted_once_and_every_answer_in_the_phase_it_was_sent_in() -> None:
    setup = Setup(
        "sqlite", "smallest", "sqlite", workers=0, interviews=2, burst=0, burst_channels=1
    )
    sizes = Sizes(phase_s=1, drain_s=120.0, setups={"sqlite": setup})

    result = run_setup(setup, sizes, latency=0.0)

    figures = result.figures
    assert figures.interviews == figures.finished == 2
    assert figures.queued > 2 * 3  # question, first intro, the end: at least, each
    assert figures.lost == []
    assert figures.duplicated == 0
    assert figures.answers_stored == figures.answers_sent
    assert figures.wrong_phase == []
    assert figures.too_close == 0
    assert figures.rate_limited == 0
