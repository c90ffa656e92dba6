"""Options compared in shorthand: labelled lines and an arrow to the choice read as options
and a decision, as the same comparison in prose would."""

from __future__ import annotations

from bot.engine.evidence import units
from bot.engine.score_coverage import find

FAN_OUT = """fan-out
push: 1 list read, great for 100k/s reads; write amp + celebs kill it
pull: no amp, but ~200 followee reads per open -> millions/s at peak
-> hybrid, pull above threshold, per-post fan-out bounded ~1M"""


def implies(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(u.text.split(":")[0][:9], u.implies) for u in units(text) if u.implies]


def test_labelled_options_with_a_conclusion_imply_options_and_a_decision() -> None:
    assert implies(FAN_OUT) == [
        ("push", ("option",)),
        ("pull", ("option",)),
        ("hybrid, p", ("decision",)),
    ]
    found = find(units(FAN_OUT), ["option", "versus"])
    assert found is not None and found.quote.startswith("push: 1 list read")


def test_a_labelled_line_choosing_one_of_the_labels_is_the_decision() -> None:
    text = "long poll: header + reconnect overhead. sse: downstream only. ws: full duplex -> ws"
    assert implies(text)[-1] == ("ws", ("option", "decision"))


def test_labelled_fields_without_a_conclusion_imply_nothing() -> None:
    assert implies("users: id, name, created_at\nposts: id, author_id, body -> cassandra") == []
    assert find(units("users: id, name\nposts: id, body"), ["option"]) is None
