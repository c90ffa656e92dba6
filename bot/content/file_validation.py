"""One content file checked: read with its lines kept, its schema version, its shape, and
every problem pointed at the line it is on."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ValidationError

from bot.content.conversation_schema import ConversationFile, conversation_problems
from bot.content.lines_schema import LinesFile
from bot.content.locations import Loc, format_loc, line_for
from bot.content.messages import describe_value, explain
from bot.content.placeholders import placeholder_problems
from bot.content.yaml_nodes import YamlDoc, read_yaml

SCHEMA_VERSION = 1


def validate_file(
    path: Path, display: str, model_cls: type[BaseModel], errors: list[str]
) -> tuple[YamlDoc | None, BaseModel | None]:
    """Read and check the file at ``path`` against ``model_cls``, adding every problem to
    ``errors`` (``display:line: ...``, in file order); the model is None if there was any."""
    doc, yaml_errors = read_yaml(path, display)
    errors.extend(yaml_errors)
    if doc is None:
        return None, None
    if not isinstance(doc.data, dict):
        got = describe_value(doc.data)
        errors.append(f"{display}:1: expected a mapping starting with 'schema: 1', got {got}")
        return doc, None
    problems: list[tuple[Loc, str]] = []
    version = doc.data.get("schema")
    if "schema" not in doc.data:
        problems.append(((), f"missing 'schema: {SCHEMA_VERSION}' at the top of the file"))
    elif type(version) is not int or version != SCHEMA_VERSION:
        errors.append(where(doc, ("schema",), f"unsupported schema {version!r}; use 1"))
        return doc, None
    body = {key: value for key, value in doc.data.items() if key != "schema"}
    model = None
    try:
        model = model_cls.model_validate(body)
    except ValidationError as exc:
        problems.extend(explain(model_cls, error) for error in exc.errors())
    if model_cls is LinesFile:
        problems.extend(placeholder_problems(body))
    if model_cls is ConversationFile:
        problems.extend(conversation_problems(body))
    # pydantic reports in field order; authors read files top to bottom.
    problems.sort(key=lambda problem: line_for(doc.node, problem[0]))
    errors.extend(where(doc, loc, message) for loc, message in problems)
    return doc, (None if problems else model)


def where(doc: YamlDoc, loc: Loc, message: str) -> str:
    path = format_loc(loc)
    return f"{doc.display}:{line_for(doc.node, loc)}: {path + ': ' if path else ''}{message}"
