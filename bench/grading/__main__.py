"""``python -m bench.grading``: each hand-scored transcript's grade against its expert band.

Prints one line per transcript (score, expert score and band, in or out), then per set the
share in band and the Spearman rank correlation with the expert, and the per-question checks
of issue 12 (off-topic and templates at most 15; strong > mediocre > weak; fluent-but-wrong
below mediocre; terse within 10 of prose). Exit status 1 when a held-out target fails.
``--only NAME`` grades the transcripts whose name contains NAME; ``--explain`` prints each one's
personal retrospective.
"""

from __future__ import annotations

import argparse
import sys

from bench.grading.checks import Row, checks, held_out_passes, summary
from bench.grading.corpus import SETS, grade, load, play
from bench.grading.timing import TARGET_MS, five_people
from bot.content.loader import builtin_prompts_dir, load_content
from bot.engine.retro_text import render_personal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.grading", description=__doc__)
    parser.add_argument("--only", default="", help="grade transcripts whose name contains this")
    parser.add_argument("--explain", action="store_true", help="print each retrospective")
    parser.add_argument("--set", choices=SETS, help="only this set (tune while tuning)")
    args = parser.parse_args(argv)
    content = load_content(builtin_prompts_dir())
    rows: list[Row] = []
    for set_name in [args.set] if args.set else SETS:
        for t in load(set_name):
            if args.only and args.only not in t.name:
                continue
            rows.append(Row(t, grade(t, content).score))
            if args.explain:
                retro = play(t, content)
                print(render_personal(retro.participants[0], retro), end="\n\n")
    for row in rows:
        t = row.transcript
        flag = "in " if row.in_band else "OUT"
        print(
            f"{flag} {t.set:9} {t.name:44} {row.score:3}  expert {t.expert:3} "
            f"[{t.band[0]:3}-{t.band[1]:3}]"
        )
    print()
    for line in summary(rows) + checks(rows):
        print(line)
    if not args.only:
        corpus = [t for set_name in SETS for t in load(set_name)]
        ms = five_people(corpus, content)
        verdict = "PASS" if ms < TARGET_MS else "FAIL"
        print(
            f"Grading a 43-minute interview with five participants: {ms:.0f} ms ({verdict}, "
            f"target < {TARGET_MS:.0f} ms)"
        )
    return 0 if held_out_passes(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
