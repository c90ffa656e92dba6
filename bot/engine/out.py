"""What one step of the interview says: :class:`Out` collects the messages while it threads
the state's message counter through, so every message gets a unique, ordered key."""

from __future__ import annotations

from bot.engine.effects import Button, Kind, Say, Step
from bot.engine.lines import say
from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState

PHASE_BUTTONS = (
    Button("next", "Next phase"),
    Button("extend", "More time"),
    Button("end", "End interview"),
)


class Out:
    """Collects messages while threading the state's message counter through."""

    def __init__(self, state: InterviewState, playbook: Playbook) -> None:
        self.state = state
        self.playbook = playbook
        self.effects: list[Say] = []

    def say(
        self,
        kind: Kind,
        text: str,
        buttons: tuple[Button, ...] = (),
        to_user: str | None = None,
    ) -> None:
        seq = self.state.seq + 1
        self.state = self.state.evolve(seq=seq)
        self.effects.append(Say(f"{seq:04d}-{kind}", kind, text, buttons, to_user))

    def line(self, variants: tuple[str, ...], key: str, **values: object) -> str:
        return say(variants, seed=self.state.seed, key=key, **values)

    def step(self, *, finished: bool = False) -> Step:
        return Step(self.state, tuple(self.effects), finished)


def who(user: str) -> str:
    """Slack ids render as mentions; terminal names stay plain."""
    return f"<@{user}>" if user[:1] in ("U", "W") and user.isalnum() and user.isupper() else user
