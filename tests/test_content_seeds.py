"""Our content restates the seed documents' facts in its own words: no copied sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.content import builtin_prompts_dir

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
MIN_WORDS = 8


def normalise(text: str) -> str:
    text = re.sub(r"[*_`#>|\[\]]", " ", text.lower()).replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def seed_sentences() -> list[str]:
    sentences: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"^\s*(?:[-+]|\d+\.)\s*(?:\[ \]\s*)?", "", line)
            for sentence in re.split(r"(?<=[.!?:])\s+|[\"“”]", line):
                words = normalise(sentence).strip(" .,:;!?()").split()
                if len(words) >= MIN_WORDS:
                    sentences.append(" ".join(words))
    return sentences


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available")
def test_no_seed_sentence_is_copied_into_the_prompts() -> None:
    sentences = seed_sentences()
    assert len(sentences) > 50  # the splitter found the seeds' prose
    prompts = " ".join(
        normalise(path.read_text(encoding="utf-8").replace("\\n", " "))
        for path in sorted(builtin_prompts_dir().rglob("*"))
        if path.suffix in {".yaml", ".md"}
    )
    copied = [s for s in sentences if s in prompts]
    assert copied == []


def _runs(text: str, size: int) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text)
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available")
def test_no_long_run_of_seed_words_is_reused() -> None:
    seeds = " ".join(normalise(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt"))
    prompts = " ".join(
        normalise(p.read_text(encoding="utf-8")) for p in builtin_prompts_dir().rglob("*.yaml")
    )
    assert _runs(seeds, 7) & _runs(prompts, 7) == set()
