"""The calibration figures and the per-question orderings issue 12 asks for."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bench.grading.corpus import SETS, Transcript, spearman

IN_BAND_TARGET = 0.8
SPEARMAN_TARGET = 0.85
NOTHING_MAX = 15
TERSE_GAP = 10


@dataclass(frozen=True)
class Row:
    transcript: Transcript
    score: int

    @property
    def in_band(self) -> bool:
        low, high = self.transcript.band
        return low <= self.score <= high


def summary(rows: Sequence[Row]) -> list[str]:
    out = []
    for set_name in (*SETS, "all"):
        mine = [r for r in rows if set_name in ("all", r.transcript.set)]
        if not mine:
            continue
        share = sum(r.in_band for r in mine) / len(mine)
        rho = spearman([r.score for r in mine], [r.transcript.expert for r in mine])
        out.append(
            f"{set_name:7}: {len(mine):2} transcripts, {share:.0%} in band, Spearman {rho:.2f}"
        )
    return out


def checks(rows: Sequence[Row]) -> list[str]:
    """Every broken ordering, one line each, or a line saying there is none."""
    by_question: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        by_question[r.transcript.question][r.transcript.kind].append(r.score)
    out = []
    for r in rows:
        if r.transcript.kind in ("off_topic", "template") and r.score > NOTHING_MAX:
            out.append(f"FAIL {r.transcript.name}: {r.score} > {NOTHING_MAX}")
    for question, kinds in sorted(by_question.items()):
        best = {kind: max(scores) for kind, scores in kinds.items()}
        order = [k for k in ("strong", "mediocre", "weak") if k in best]
        for higher, lower in zip(order, order[1:], strict=False):
            if best[higher] <= best[lower]:
                out.append(f"FAIL {question}: {higher} {best[higher]} <= {lower} {best[lower]}")
        wrong, fine = best.get("fluent_wrong"), best.get("mediocre")
        if wrong is not None and fine is not None and wrong >= fine:
            out.append(f"FAIL {question}: fluent_wrong {wrong} >= mediocre {fine}")
        if "terse_strong" in best and "strong" in best:
            gap = abs(best["strong"] - best["terse_strong"])
            if gap > TERSE_GAP:
                out.append(
                    f"FAIL {question}: terse {best['terse_strong']} vs prose {best['strong']}"
                )
    return out or ["Every ordering check passes."]


def held_out_passes(rows: Sequence[Row]) -> bool:
    """The issue's targets on the newest held-out set graded (the last of :data:`SETS`): the
    older ones have been tuned on, so only the newest is close to unseen answers."""
    graded = {r.transcript.set for r in rows} - {"tune"}
    newest = max(graded, key=SETS.index, default=None)
    held = [r for r in rows if r.transcript.set == newest]
    if not held:
        return True
    share = sum(r.in_band for r in held) / len(held)
    rho = spearman([r.score for r in held], [r.transcript.expert for r in held])
    return share >= IN_BAND_TARGET and rho >= SPEARMAN_TARGET
