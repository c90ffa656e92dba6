"""Loading and validating the YAML content: the built-in ``prompts/`` plus team overlays.

Layout of a content directory (the built-in one and any ``PROMPTS_DIR``)::

    formats.yaml or formats/*.yaml       formats: [...]
    questions.yaml or questions/*.yaml   questions: [...]
    lines.yaml                           the interviewer's lines
    rubric.yaml                          the rubric
    conversation.yaml                    check-ins, their answers, recovery lines

Every file starts with ``schema: 1``. Directories are applied in order: a question or format
with an id seen before replaces it; a ``lines.yaml`` or ``rubric.yaml`` replaces the earlier
one whole. Every problem in every file is collected before :class:`ContentError` is raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import cast

from pydantic import BaseModel

from bot.content.conversation_schema import ConversationFile
from bot.content.convert import to_conversation, to_format, to_lines, to_question, to_rubric
from bot.content.errors import ContentError
from bot.content.file_validation import validate_file, where
from bot.content.lines_schema import LinesFile
from bot.content.locations import line_for
from bot.content.model import Content
from bot.content.question_schema import QuestionModel, QuestionsFile
from bot.content.rubric_schema import RubricFile
from bot.content.schema import FormatModel, FormatsFile, HasId
from bot.content.yaml_nodes import YamlDoc

__all__ = ["ContentError", "builtin_prompts_dir", "check_prompts", "load_content"]

FILE_MODELS: dict[str, type[BaseModel]] = {
    "formats": FormatsFile,
    "questions": QuestionsFile,
    "lines": LinesFile,
    "rubric": RubricFile,
    "conversation": ConversationFile,
}
_LISTS = ("formats", "questions")  # kinds whose entries have ids and merge by id
_SUFFIXES = (".yaml", ".yml")


@dataclass
class _Layer:
    """Content gathered so far: entries by kind and id, with where each was defined."""

    entries: dict[str, dict[str, tuple[HasId, str]]] = field(
        default_factory=lambda: {kind: {} for kind in _LISTS}
    )
    singles: dict[str, tuple[BaseModel, str]] = field(default_factory=dict)
    kinds_seen: set[str] = field(default_factory=set)


def builtin_prompts_dir() -> Path:
    """The built-in content. An installed wheel carries it as ``bot/prompts/`` (see
    setup.py); a source checkout, and the editable install made from one, read the
    repository's top-level ``prompts/`` in place, so an edit there shows at once."""
    packaged = resources.files("bot") / "prompts"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "prompts"


def load_content(*dirs: Path, include_builtin: bool = True) -> Content:
    """Load the built-in content, then each of ``dirs`` on top of it, in order.

    Raises :class:`ContentError` listing every problem (file, line, what is wrong).
    """
    errors: list[str] = []
    merged = _Layer()
    for directory in ([builtin_prompts_dir()] if include_builtin else []) + list(dirs):
        layer = _load_dir(directory, errors)
        for kind in _LISTS:
            merged.entries[kind].update(layer.entries[kind])
        merged.singles.update(layer.singles)
        merged.kinds_seen |= layer.kinds_seen
    for kind in FILE_MODELS:
        if kind not in merged.kinds_seen:
            where = ", ".join(_display(d) for d in dirs) or _display(builtin_prompts_dir())
            expected = f"{kind}.yaml" + (f" or {kind}/*.yaml" if kind in _LISTS else "")
            errors.append(f"{where}: no {kind} found (expected {expected})")
    if errors:
        raise ContentError(errors)
    return _build(merged)


def check_prompts(directory: Path | None = None) -> list[str]:
    """Validate the built-in content, with ``directory`` as an overlay when given.

    Returns the error lines; an empty list means the content is valid.
    """
    try:
        load_content(*([directory] if directory is not None else []))
    except ContentError as exc:
        return exc.errors
    return []


def _build(merged: _Layer) -> Content:
    # Every model was validated against the class FILE_MODELS names for its kind.
    formats = merged.entries["formats"].items()
    questions = merged.entries["questions"].items()
    return Content(
        formats={i: to_format(cast(FormatModel, m)) for i, (m, _) in formats},
        questions={i: to_question(cast(QuestionModel, m)) for i, (m, _) in questions},
        lines=to_lines(cast(LinesFile, merged.singles["lines"][0])),
        rubric=to_rubric(cast(RubricFile, merged.singles["rubric"][0])),
        conversation=to_conversation(cast(ConversationFile, merged.singles["conversation"][0])),
    )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _kind_of(relative: Path) -> str | None:
    if len(relative.parts) == 1 and relative.stem in FILE_MODELS:
        return relative.stem
    if len(relative.parts) > 1 and relative.parts[0] in _LISTS:
        return relative.parts[0]
    return None


def _load_dir(directory: Path, errors: list[str]) -> _Layer:
    layer = _Layer()
    if not directory.is_dir():
        errors.append(f"{_display(directory)}: not a directory")
        return layer
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        hidden = any(part.startswith(".") for part in relative.parts)
        if hidden or path.suffix not in _SUFFIXES or not path.is_file():
            continue
        display, kind = _display(path), _kind_of(relative)
        if kind is None:
            errors.append(
                f"{display}:1: unexpected content file; use formats.yaml, questions/*.yaml, "
                "lines.yaml, rubric.yaml or conversation.yaml"
            )
            continue
        layer.kinds_seen.add(kind)
        doc, model = validate_file(path, display, FILE_MODELS[kind], errors)
        if doc is not None and model is not None:
            _add(layer, kind, doc, model, errors)
    return layer


def _add(layer: _Layer, kind: str, doc: YamlDoc, model: BaseModel, errors: list[str]) -> None:
    if kind not in _LISTS:
        if kind in layer.singles:
            first = layer.singles[kind][1]
            errors.append(f"{doc.display}:1: {kind} defined twice in one directory ({first})")
        layer.singles[kind] = (model, f"{doc.display}:1")
        return
    seen = layer.entries[kind]
    for index, entry in enumerate(getattr(model, kind)):
        loc = (kind, index, "id")
        if entry.id in seen:
            first = seen[entry.id][1]
            errors.append(where(doc, loc, f"duplicate id '{entry.id}' (first at {first})"))
            continue
        seen[entry.id] = (entry, f"{doc.display}:{line_for(doc.node, loc)}")
