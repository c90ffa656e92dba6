"""Turning pydantic's validation errors into messages a content author can act on."""

from __future__ import annotations

import difflib
import types
from datetime import date, timedelta
from typing import Annotated, Any, Literal, NoReturn, TypeGuard, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic_core import ErrorDetails, PydanticCustomError

from bot.content.durations import HINT
from bot.content.yaml_nodes import Loc

_SIMPLE = {
    str: ("a string", "strings"),
    int: ("a whole number", "whole numbers"),
    float: ("a number", "numbers"),
    bool: ("true or false", "booleans"),
    timedelta: (HINT, "durations"),
}


def fail(message: str) -> NoReturn:
    """Raise from a validator with ``message`` as the whole text (pydantic adds no prefix)."""
    raise PydanticCustomError("content", "{message}", {"message": message})


def describe_value(value: object) -> str:
    """What the author wrote, in words: ``5`` -> ``a number``."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, date):
        return "a date"
    return type(value).__name__


def _unwrap(tp: Any) -> Any:
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


def _is_model(tp: Any) -> TypeGuard[type[BaseModel]]:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _field(model: type[BaseModel], name: str) -> Any:
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias):
            return info
    return None


def annotation_at(root: type[BaseModel], loc: Loc) -> Any:
    """The declared type at ``loc`` inside ``root``, or ``None`` when the path leaves it."""
    tp: Any = root
    for step in loc:
        tp = _unwrap(tp)
        origin, args = get_origin(tp), get_args(tp)
        if _is_model(tp) and isinstance(step, str):
            info = _field(tp, step)
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
    tp = _unwrap(tp)
    origin, args = get_origin(tp), get_args(tp)
    if origin is list:
        return "lists" if plural else f"a list of {expected(args[0], plural=True)}"
    if origin is dict or _is_model(tp):
        return "mappings" if plural else "a mapping"
    if origin is Literal:
        return ("values from: " if plural else "one of: ") + ", ".join(map(str, args))
    singular, many = _SIMPLE.get(tp, ("a value", "values"))
    return many if plural else singular


def _length_bounds(root: type[BaseModel], loc: Loc) -> tuple[int | None, int | None]:
    parent = _unwrap(annotation_at(root, loc[:-1])) if loc else None
    if not (_is_model(parent) and isinstance(loc[-1], str)):
        return None, None
    info = _field(parent, loc[-1])
    meta = info.metadata if info is not None else []
    low = next((m.min_length for m in meta if isinstance(m, annotated_types.MinLen)), None)
    high = next((m.max_length for m in meta if isinstance(m, annotated_types.MaxLen)), None)
    return low, high


def _length_message(root: type[BaseModel], error: ErrorDetails) -> str:
    value, loc = error.get("input"), error["loc"]
    if isinstance(value, str):
        return "must not be empty"
    low, high = _length_bounds(root, loc)
    count = len(value) if isinstance(value, list | dict) else "?"
    if low is not None and high is not None:
        return f"expected {low} to {high} items, got {count}"
    if low is not None:
        return f"expected at least {low} item{'s' if low > 1 else ''}, got {count}"
    return f"expected at most {high} items, got {count}"


def _unknown_key(root: type[BaseModel], loc: Loc) -> str:
    parent = _unwrap(annotation_at(root, loc[:-1]))
    key = str(loc[-1])
    if not _is_model(parent):
        return f"unknown key '{key}'"
    names = [info.alias or name for name, info in parent.model_fields.items()]
    close = difflib.get_close_matches(key, names, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(names)
    return f"unknown key '{key}' ({hint})"


def _unknown_mapping_key(root: type[BaseModel], loc: Loc) -> str:
    """An unknown key in a mapping whose keys are a fixed set (phase ids, categories)."""
    mapping = _unwrap(annotation_at(root, loc[:-2]))
    choices = (
        [str(c) for c in get_args(get_args(mapping)[0])] if get_origin(mapping) is dict else []
    )
    close = difflib.get_close_matches(str(loc[-2]), choices, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(choices)
    return f"unknown key '{loc[-2]}' ({hint})"


def explain(root: type[BaseModel], error: ErrorDetails) -> tuple[Loc, str]:
    """``(location, message)`` for one pydantic error found while validating ``root``."""
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    if kind == "content":
        return loc, str((error.get("ctx") or {}).get("message", error["msg"]))
    if kind == "missing":
        return loc[:-1], f"missing required key '{loc[-1]}'"
    if kind == "extra_forbidden":
        return loc, _unknown_key(root, loc)
    if kind == "literal_error" and loc and loc[-1] == "[key]":
        return loc, _unknown_mapping_key(root, loc)
    if kind == "literal_error":
        return loc, f"expected {expected(annotation_at(root, loc))}, got {value!r}"
    if kind in ("too_short", "too_long", "string_too_short"):
        return loc, _length_message(root, error)
    if kind.endswith("_type") or kind.endswith("_parsing"):
        tp = annotation_at(root, loc)
        want = expected(tp) if tp is not None else kind.removesuffix("_type")
        return loc, f"expected {want}, got {describe_value(value)}"
    text = error["msg"]
    return loc, text[:1].lower() + text[1:]
