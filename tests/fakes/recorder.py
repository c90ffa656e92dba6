"""A transport for delivery that records what it was asked to send, and can fail on demand:
for service tests that look at what went out without a Slack."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.interviews.transport import DeliveryFailed, Target
from storage.models import OutboxItem


@dataclass
class Recorder:
    """A transport that records what it was asked to send, and can fail on demand."""

    sent: list[tuple[str, Target]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    fail: int = 0
    next_ts: int = 100

    def send(self, item: OutboxItem, target: Target) -> str | None:
        if self.fail:
            self.fail -= 1
            raise DeliveryFailed("service unavailable")
        self.sent.append((str(item.payload["kind"]), target))
        self.keys.append(item.key)
        self.next_ts += 1
        return f"1700000000.{self.next_ts:06d}"

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.sent]
