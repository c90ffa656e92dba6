"""Reading YAML safely while keeping each node's line, to point errors at the right line
(:mod:`bot.content.locations` finds the line of a key path).

Only the safe loader is used: the document is composed into a node tree (which keeps
marks) and then constructed with the safe constructor, so the data is exactly what
``yaml.safe_load`` would return. libyaml's ``CSafeLoader`` (same safe semantics, about ten
times faster) is used when PyYAML was built with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlDoc:
    """One parsed file: how to name it in messages, its node tree and its data."""

    display: str
    node: yaml.Node | None
    data: Any


def read_yaml(path: Path, display: str) -> tuple[YamlDoc | None, list[str]]:
    """Parse ``path``; on failure return ``None`` and error lines that carry the line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{display}:1: cannot read the file: {exc}"]
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        what = (
            "YAML error"
            if isinstance(exc, yaml.constructor.ConstructorError)
            else "YAML syntax error"
        )
        return None, [f"{display}:{line}: {what}: {problem}"]
    except yaml.YAMLError as exc:
        return None, [f"{display}:1: YAML error: {exc}"]
    finally:
        loader.dispose()
    doc = YamlDoc(display=display, node=node, data=data)
    return doc, [f"{display}:{line}: {message}" for line, message in duplicate_keys(node)]


def duplicate_keys(node: yaml.Node | None, path: str = "") -> Iterator[tuple[int, str]]:
    """Yield ``(line, message)`` for each key repeated in one mapping.

    ``safe_load`` silently keeps the last value of a repeated key, which hides typos and
    bad merges; we refuse them instead.
    """
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            if name in seen:
                where = f"{path}: " if path else ""
                yield key.start_mark.line + 1, f"{where}duplicate key '{name}'"
            seen.add(name)
            yield from duplicate_keys(value, f"{path}.{name}" if path else name)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from duplicate_keys(item, f"{path}[{index}]")
