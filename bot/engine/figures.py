"""Figures as people write them: scale words ("2k", "1.2M", "3 billion") and rounding."""

from __future__ import annotations

SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
BYTES = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15, "byte": 1.0, "bytes": 1.0}


def round_figure(value: float) -> str:
    for size, word in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:.3g}{word}"
    return f"{value:.3g}"


def round_bytes(value: float) -> str:
    for size, word in ((1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB")):
        if value >= size:
            return f"{value / size:.3g} {word}"
    return f"{value:.3g} bytes"
