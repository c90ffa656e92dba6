"""Filling the database fast, and making exactly ``due`` interviews due before each tick.

Rows are bulk-inserted with SQLAlchemy Core (``insert(Interview)``, thousands per statement)
instead of going through ``InterviewService.start``: 50,000 starts would take minutes and
measure nothing we care about. The rows still look like the service's own (same columns,
``next_event_at`` computed by the engine's :func:`bot.engine.timing.next_event_at`, state
JSON produced by ``InterviewState.to_dict``).

``to_dict`` costs up to ~0.5 ms for a late-phase state, so states are encoded once per
:class:`Variant` (a snapshot placed at one moment) and rows share variants, each with its own
``seed`` (the interviewer's wording) and ids.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, bindparam, delete, insert, select, text, update
from sqlmodel import col

from bench.states import Snapshot, materialize
from bot.content.model import Content
from bot.engine.playbook import Playbook
from bot.engine.timing import next_event_at
from storage.models import Interview, OutboxItem, RetrospectiveDue

CHUNK = 2_000
"""Rows per INSERT transaction: large enough to be fast, small enough to bound memory."""
TEAMS = 20
MAX_ATTEMPTS = 20
"""Candidates tried per variant before giving up (about 1 in 3 weekly ones is rejected)."""
SEQ_STRIDE = 1_000
"""Each re-arm moves a row's message counter this far, beyond any one step's messages."""


@dataclass(frozen=True)
class Variant:
    """One encoded state and the denormalised columns the scheduler reads next to it."""

    state: dict[str, Any]
    seq: int
    question_id: str
    format_id: str
    phase_id: str
    host_id: str
    phase_started_at: datetime
    deadline: datetime
    next_event_at: datetime
    created_at: datetime


def make_variants(
    content: Content,
    pool: Sequence[Snapshot],
    *,
    count: int,
    due_from: datetime,
    due_to: datetime,
    rng: random.Random,
) -> list[Variant]:
    """``count`` snapshots drawn from ``pool``, each moved so its next event falls at a
    random moment in ``[due_from, due_to]``.

    Moving a state does not always move its next event by the same amount: in a format
    with working hours (the weekly drill) a reminder that lands on a night or a weekend is
    deferred to the next working-hours start. So each candidate's next event is computed by
    the engine and kept only if it falls in the window; otherwise an "idle" row could be due
    already, or a "due" row not due at all.
    """
    span = (due_to - due_from).total_seconds()
    out: list[Variant] = []
    for _ in range(MAX_ATTEMPTS * count):
        if len(out) == count:
            break
        snapshot = rng.choice(pool)
        due = due_from + timedelta(seconds=rng.random() * span)
        state = materialize(snapshot, due=due, seed=rng.randrange(1 << 30))
        playbook = Playbook.from_content(
            content, question_id=state.question_id, format_id=state.format_id
        )
        event = next_event_at(state, playbook)
        if event is None or not due_from <= event <= due_to:
            continue
        out.append(
            Variant(
                state=state.to_dict(),
                seq=state.seq,
                question_id=state.question_id,
                format_id=state.format_id,
                phase_id=snapshot.phase_id,
                host_id=state.host,
                phase_started_at=state.phase_started_at,
                deadline=state.deadline,
                next_event_at=event,
                created_at=state.windows[0].started_at,
            )
        )
    if len(out) < count:
        raise RuntimeError(f"only {len(out)} of {count} states have their next event in the window")
    return out


def _columns(variant: Variant, *, seed: int, seq_offset: int) -> dict[str, Any]:
    """The engine-owned columns of a row in ``variant``'s state."""
    return {
        "status": "running",
        "question_id": variant.question_id,
        "format_id": variant.format_id,
        "phase_id": variant.phase_id,
        "host_id": variant.host_id,
        "phase_started_at": variant.phase_started_at,
        "phase_deadline": variant.deadline,
        "next_event_at": variant.next_event_at,
        "state": {**variant.state, "seed": seed, "seq": variant.seq + seq_offset},
        "finished_at": None,
    }


class Populator:
    """Appends idle interviews (next event in the future) until the table holds ``n``."""

    def __init__(self, engine: Engine, variants: Sequence[Variant], *, seed: int = 11) -> None:
        self.engine = engine
        self.variants = variants
        self.rng = random.Random(seed)
        self.count = 0

    def grow_to(self, total: int) -> None:
        """Insert rows until ``total`` exist, then refresh the planner's statistics."""
        while self.count < total:
            rows = list(self._rows(min(CHUNK, total - self.count)))
            with self.engine.begin() as connection:
                connection.execute(insert(Interview), rows)
        if self.engine.dialect.name == "postgresql":
            # What autovacuum would have done by now on a table this size; without it a
            # freshly loaded table has no statistics and the plan would be a guess.
            with self.engine.begin() as connection:
                connection.execute(text("ANALYZE interview"))

    def _rows(self, n: int) -> Iterator[dict[str, Any]]:
        for _ in range(n):
            i = self.count
            self.count += 1
            variant = self.rng.choice(self.variants)
            yield {
                **_columns(variant, seed=self.rng.randrange(1 << 30), seq_offset=0),
                "team_id": f"T{i % TEAMS:04d}",
                "channel_id": f"C{i:08d}",
                "thread_ts": f"{1_700_000_000 + i}.000100",
                "source": "drill" if variant.format_id == "weekly" else "slack",
                "version": 1,
                "created_at": variant.created_at,
                "updated_at": variant.phase_started_at,
            }


class Rearmer:
    """Makes exactly ``n`` interviews due before a tick, with one bulk UPDATE.

    Each chosen row gets a whole due state (a :class:`Variant` whose next event is just
    before the clock's now), so the tick runs the engine for real: a nudge, a time-up and
    the next phase's intro, a pivot, or the end of the interview and its retrospective.
    The clock stands still, so a row the tick advanced can never fall due again on its own:
    exactly ``n`` rows are due at every tick, which :func:`bench.measure.run_ticks` checks.

    Rows a tick finished are re-armed first, so the number of live (running) interviews
    stays exactly the population size. The same transaction marks queued
    messages sent, as a delivery worker keeping up would, so the outbox's unsent-only
    indexes stay as small as in production, and takes the ended interviews' notes off the
    retrospectives-due list, as the retrospective pass keeping up would (a row that ends
    again adds its note again).
    """

    def __init__(
        self, engine: Engine, variants: Sequence[Variant], *, now: datetime, generation: int = 0
    ) -> None:
        self.engine = engine
        self.variants = variants
        self.now = now
        self.generation = generation
        self.rng = random.Random(generation + 13)
        self.ids: list[int] = []
        self._stmt = _rearm_statement()

    def refresh(self) -> None:
        """Re-read the candidate ids (after the population grew)."""
        with self.engine.connect() as connection:
            ids = connection.execute(select(col(Interview.id))).scalars()
            self.ids = [i for i in ids if i is not None]

    def __call__(self, n: int) -> None:
        if not self.ids:
            self.refresh()
        self.generation += 1
        chosen = self._not_running()
        for row_id in self.rng.sample(self.ids, min(len(self.ids), 2 * n)):
            if len(chosen) >= n:
                break
            if row_id not in chosen:
                chosen.append(row_id)
        params = []
        for row_id in chosen[:n]:
            values = _columns(
                self.rng.choice(self.variants),
                seed=self.rng.randrange(1 << 30),
                seq_offset=self.generation * SEQ_STRIDE,
            )
            params.append({f"v_{k}": v for k, v in values.items()} | {"v_id": row_id})
        with self.engine.begin() as connection:
            connection.execute(self._stmt, params)
            connection.execute(
                update(OutboxItem).where(col(OutboxItem.sent_at).is_(None)).values(sent_at=self.now)
            )
            connection.execute(delete(RetrospectiveDue))

    def _not_running(self) -> list[int]:
        """Rows a tick finished (a scan, but outside the timed part)."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(col(Interview.id)).where(col(Interview.status) != "running")
            )
            return [i for i in rows.scalars() if i is not None]


def _rearm_statement() -> Any:
    """``UPDATE interview SET <engine columns> = :v_<column> WHERE id = :v_id``, typed
    with the columns' own types (aware UTC timestamps, JSON) for executemany."""
    table = Interview.__table__  # type: ignore[attr-defined]
    names = [
        "status",
        "question_id",
        "format_id",
        "phase_id",
        "host_id",
        "phase_started_at",
        "phase_deadline",
        "next_event_at",
        "state",
        "finished_at",
    ]
    values: dict[str, Any] = {
        name: bindparam(f"v_{name}", type_=table.c[name].type) for name in names
    }
    values["version"] = table.c.version + 1
    return update(table).where(table.c.id == bindparam("v_id")).values(values)
