"""A scheduler worker for the restart and concurrency tests, run as a separate process.

Usage: python -m tests.worker_proc DB_URL PROMPTS_DIR OUT_FILE SECONDS [--until-done]
       [--lease SECONDS] [--dispatch]

The lease defaults to 2 s so a killed worker's messages go again soon; workers that are not
killed take the production lease, so a busy machine's lock waits never outlast it.

It ticks and delivers (``--dispatch``: the scheduler's pass, which hands messages to the
sender threads and returns; else a pass that waits for them), with a sender that appends
"interview_id:key" to OUT_FILE (flushed and fsynced) for every delivered message.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.content.loader import builtin_prompts_dir, load_content
from bot.interviews.delivery import Delivery
from bot.interviews.service import InterviewService
from bot.interviews.transport import Target
from bot.server.runtime import utc_now
from storage.db import make_engine
from storage.models import OutboxItem
from storage.repository import Store


@dataclass
class FileSender:
    path: Path

    def send(self, item: OutboxItem, target: Target) -> str | None:
        with self.path.open("a") as out:
            out.write(f"{item.interview_id}:{item.key}\n")
            out.flush()
            os.fsync(out.fileno())
        return f"{time.time():.6f}"


def main(argv: list[str]) -> int:
    url, prompts, out, seconds = argv[0], Path(argv[1]), Path(argv[2]), float(argv[3])
    until_done = "--until-done" in argv
    deliver = "dispatch" if "--dispatch" in argv else "run_once"
    lease = float(argv[argv.index("--lease") + 1]) if "--lease" in argv else 2.0
    store = Store(make_engine(url))
    content = load_content(builtin_prompts_dir(), prompts)
    service = InterviewService(store=store, content=content, clock=utc_now)
    delivery = Delivery(
        store=store, sender=FileSender(out), clock=utc_now, lease=timedelta(seconds=lease)
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        service.tick()
        getattr(delivery, deliver)()
        if until_done and _done(store):
            return 0
        time.sleep(0.02)
    return 0 if not until_done else 1


def _done(store: Store) -> bool:
    with store.transaction() as tx:
        return tx.count_live() == 0 and tx.count_unsent() == 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
