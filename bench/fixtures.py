"""The content and the encoded states every part of the run shares, built the same way
(same seeds) in the main process and in the memory-measuring child processes."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from bench.clock import EPOCH
from bench.populate import Variant, make_variants
from bench.states import build_pool
from bot.content.loader import builtin_prompts_dir, load_content
from bot.content.model import Content

IDLE_VARIANTS = 1_000
DUE_VARIANTS = 500
IDLE_FROM = timedelta(hours=1)
IDLE_TO = timedelta(hours=3)
"""Idle rows' next event: later than any moment the (standing) clock will ever show."""
DUE_WITHIN = timedelta(seconds=1)
"""Due rows' next event: within the last second, as with the scheduler's 1 s interval."""


@dataclass(frozen=True)
class Fixtures:
    content: Content
    idle: list[Variant]
    due: list[Variant]


def build_fixtures(seed: int = 5) -> Fixtures:
    """The real built-in content, and idle and due variants played from it."""
    content = load_content(builtin_prompts_dir())
    rng = random.Random(seed)
    pool = build_pool(content, start=EPOCH - timedelta(days=14), seed=seed)
    idle = make_variants(
        content,
        pool,
        count=IDLE_VARIANTS,
        due_from=EPOCH + IDLE_FROM,
        due_to=EPOCH + IDLE_TO,
        rng=rng,
    )
    due = make_variants(
        content, pool, count=DUE_VARIANTS, due_from=EPOCH - DUE_WITHIN, due_to=EPOCH, rng=rng
    )
    return Fixtures(content=content, idle=idle, due=due)
