"""Turning pydantic's validation errors into messages a content author can act on."""

from __future__ import annotations

import difflib
from datetime import date
from typing import NoReturn, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic_core import ErrorDetails, PydanticCustomError

from bot.content.declared_types import annotation_at, expected, field_named, is_model, unwrap
from bot.content.locations import Loc


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


def _length_bounds(root: type[BaseModel], loc: Loc) -> tuple[int | None, int | None]:
    parent = unwrap(annotation_at(root, loc[:-1])) if loc else None
    if not (is_model(parent) and isinstance(loc[-1], str)):
        return None, None
    info = field_named(parent, loc[-1])
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
    parent = unwrap(annotation_at(root, loc[:-1]))
    key = str(loc[-1])
    if not is_model(parent):
        return f"unknown key '{key}'"
    names = [info.alias or name for name, info in parent.model_fields.items()]
    close = difflib.get_close_matches(key, names, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(names)
    return f"unknown key '{key}' ({hint})"


def _unknown_mapping_key(root: type[BaseModel], loc: Loc) -> str:
    """An unknown key in a mapping whose keys are a fixed set (phase ids, categories)."""
    mapping = unwrap(annotation_at(root, loc[:-2]))
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
