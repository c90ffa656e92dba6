"""What the schema declares at a place in a content file, in words for its author: the type
at a key path (``annotation_at``) and how it reads (``expected``: ``a list of strings``)."""

from __future__ import annotations

import types
from datetime import timedelta
from typing import Annotated, Any, Literal, TypeGuard, Union, get_args, get_origin

from pydantic import BaseModel

from bot.content.durations import HINT
from bot.content.locations import Loc

_SIMPLE = {
    str: ("a string", "strings"),
    int: ("a whole number", "whole numbers"),
    float: ("a number", "numbers"),
    bool: ("true or false", "booleans"),
    timedelta: (HINT, "durations"),
}


def unwrap(tp: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` down to the interesting type."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [arg for arg in get_args(tp) if arg is not type(None)]
            tp = args[0]
        else:
            return tp


def is_model(tp: Any) -> TypeGuard[type[BaseModel]]:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def field_named(model: type[BaseModel], name: str) -> Any:
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias):
            return info
    return None


def annotation_at(root: type[BaseModel], loc: Loc) -> Any:
    """The declared type at ``loc`` inside ``root``, or ``None`` when the path leaves it."""
    tp: Any = root
    for step in loc:
        tp = unwrap(tp)
        origin, args = get_origin(tp), get_args(tp)
        if is_model(tp) and isinstance(step, str):
            info = field_named(tp, step)
            if info is None:
                return None
            tp = info.annotation
        elif origin is list:
            tp = args[0]
        elif origin is dict:
            tp = args[1]
        else:
            return None
    return tp


def expected(tp: Any, plural: bool = False) -> str:
    """Describe a declared type: ``list[str]`` -> ``a list of strings``."""
    tp = unwrap(tp)
    origin, args = get_origin(tp), get_args(tp)
    if origin is list:
        return "lists" if plural else f"a list of {expected(args[0], plural=True)}"
    if origin is dict or is_model(tp):
        return "mappings" if plural else "a mapping"
    if origin is Literal:
        return ("values from: " if plural else "one of: ") + ", ".join(map(str, args))
    singular, many = _SIMPLE.get(tp, ("a value", "values"))
    return many if plural else singular
