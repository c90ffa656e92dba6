"""Where a problem is in a content file: its key path (:data:`Loc`, as pydantic reports it),
the line that path is on, and how the path reads in a message."""

from __future__ import annotations

from collections.abc import Sequence

import yaml

Loc = Sequence[int | str]


def line_for(root: yaml.Node | None, loc: Loc) -> int:
    """The 1-based line that best matches ``loc`` (a pydantic-style location) in ``root``.

    A mapping entry points at its key's line; a list item at the item; a location that does
    not exist (a missing key) at the closest existing parent.
    """
    if root is None:
        return 1
    node: yaml.Node = root
    line = node.start_mark.line + 1
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and str(key.value) == str(step):
                    line, node = key.start_mark.line + 1, value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                return line
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def format_loc(loc: Loc) -> str:
    """``("questions", 0, "deep_dives", 1)`` -> ``questions[0].deep_dives[1]``."""
    out = ""
    for step in loc:
        if step == "[key]":
            continue
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else str(step)
    return out
