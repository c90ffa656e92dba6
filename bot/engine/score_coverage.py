"""Which rubric items a set of answers shows, each backed by the sentence that shows it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.content.model import RubricItem
from bot.engine.evidence import Unit, quote, units
from bot.engine.unit_naming import naming
from bot.engine.words import affirmed, any_pattern, mentions, normalize


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
    pieces: Sequence[Unit],
    phrases: Iterable[str],
    *,
    hazards: Sequence[str] = (),
    named: Mapping[str, frozenset[int]] | None = None,
) -> Found | None:
    """The first substantive unit that uses one of ``phrases`` without negating it.

    ``named`` is :func:`~bot.engine.unit_naming.naming` of the pieces, when the caller has
    it for several finds over the same pieces; without it, each unit is tested with one
    combined search, which stops at the first unit that uses a phrase. Either way most
    units, which mention none of the phrases, are not read closely.
    """
    phrases = tuple(phrases)
    if not phrases:
        return None
    anywhere = any_pattern(phrases)
    for i, unit in enumerate(pieces):
        if unit.implies and any(p in unit.implies for p in phrases):
            return Found(unit, (0, len(unit.text)))
        if not unit.substantive:
            continue
        if named is None:
            if anywhere.search(normalize(unit.text)) is None:
                continue
            tried: Sequence[str] = phrases
        else:
            tried = [p for p in phrases if i in named[p]]
        for phrase in tried:
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
    phrases = tuple(p for item in items for p in item.phrases)
    named = naming(pieces, phrases)
    covered: list[Evidence] = []
    missing: list[RubricItem] = []
    for item in items:
        found = find(pieces, item.phrases, hazards=hazards, named=named)
        if found is None:
            missing.append(item)
        else:
            covered.append(Evidence(item.id, item.label, found.quote, phase_id))
    listed = sum(
        u.words
        for i, u in enumerate(pieces)
        if not u.substantive and any(i in named[p] and mentions(u.text, p) for p in phrases)
    )
    return Coverage(tuple(covered), tuple(missing), sum(u.words for u in pieces), listed)
