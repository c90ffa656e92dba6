"""Which rubric items a set of answers shows, each backed by the sentence that shows it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.content.model import RubricItem
from bot.engine.evidence import Unit, quote, units
from bot.engine.words import affirmed, any_pattern, mentions_any, normalize


@dataclass(frozen=True)
class Evidence:
    """An item shown, with the participant's own words (trimmed) as proof."""

    item_id: str
    label: str
    quote: str
    phase_id: str = ""


@dataclass(frozen=True)
class Coverage:
    covered: tuple[Evidence, ...]
    missing: tuple[RubricItem, ...]
    words: int
    list_words: int
    """Words in keyword lists or fragments that carry rubric phrases: shown, not reasoned."""

    @property
    def list_share(self) -> float:
        return self.list_words / self.words if self.words else 0.0


@dataclass(frozen=True)
class Found:
    """A phrase used affirmatively in a substantive unit."""

    unit: Unit
    span: tuple[int, int]

    @property
    def quote(self) -> str:
        return quote(self.unit.text, self.span)


def all_units(texts: Iterable[str]) -> list[Unit]:
    return [u for text in texts for u in units(text)]


def find(
    pieces: Sequence[Unit], phrases: Iterable[str], *, hazards: Sequence[str] = ()
) -> Found | None:
    """The first substantive unit that uses one of ``phrases`` without negating it."""
    phrases = tuple(phrases)
    if not phrases:
        return None
    anywhere = any_pattern(phrases)  # most units mention none: one search settles that
    for unit in pieces:
        if unit.implies and any(p in unit.implies for p in phrases):
            return Found(unit, (0, len(unit.text)))
        if not unit.substantive or anywhere.search(normalize(unit.text)) is None:
            continue
        for phrase in phrases:
            span = affirmed(unit.text, phrase, hazards)
            if span is not None:
                return Found(unit, span)
    return None


def cover(
    items: Sequence[RubricItem],
    texts: Iterable[str],
    *,
    hazards: Sequence[str] = (),
    phase_id: str = "",
) -> Coverage:
    """Items shown by ``texts``: a phrase in a substantive unit, not negated."""
    pieces = all_units(texts)
    # One combined search per unit rules out, for every item at once, the units that name
    # none of the items' phrases (most units, for most items).
    phrases = tuple(p for item in items for p in item.phrases)
    anywhere = any_pattern(phrases) if phrases else None
    may = [anywhere is not None and anywhere.search(normalize(u.text)) is not None for u in pieces]
    named = [u for u, m in zip(pieces, may, strict=True) if u.implies or (m and u.substantive)]
    covered: list[Evidence] = []
    missing: list[RubricItem] = []
    for item in items:
        found = find(named, item.phrases, hazards=hazards)
        if found is None:
            missing.append(item)
        else:
            covered.append(Evidence(item.id, item.label, found.quote, phase_id))
    listed = sum(
        u.words
        for u, m in zip(pieces, may, strict=True)
        if m and not u.substantive and mentions_any(u.text, phrases)
    )
    return Coverage(tuple(covered), tuple(missing), sum(u.words for u in pieces), listed)
