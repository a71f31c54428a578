"""Turn the model's validation errors into plain-English problems at a line and column."""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.load.casing import case_message, recased_to_pattern
from generator.load.models import SECTION_RE
from generator.common.problems import Problem
from generator.load.yamlload import Document


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a block of keys"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"'{text}'"


def _model_at(model: type[BaseModel], loc: tuple) -> tuple[type[BaseModel] | None, str | None]:
    """The model class holding the last field of `loc`, and that field's name."""
    current: Any = model
    owner, name = None, None
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return owner, name
        field = current.model_fields.get(part)
        if field is None:
            return current, part
        owner, name = current, part
        current = _inner_model(field.annotation)
    return owner, name


def _inner_model(annotation: Any) -> Any:
    """The model class inside `list[M]`, `M | None` and friends, or the annotation itself."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return annotation


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    owner, name = _model_at(model, loc[:-1]) if len(loc) > 1 else (None, None)
    target = model if owner is None else _inner_model(owner.model_fields[name].annotation)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return list(target.model_fields)
    return []


def _field_label(loc: tuple) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return names[-1] if names else "the file"


def _description(model: type[BaseModel], loc: tuple) -> str:
    owner, name = _model_at(model, loc)
    if owner is None or name not in owner.model_fields:
        return ""
    return owner.model_fields[name].description or ""


def _allowed_words(error: dict) -> list[str]:
    expected = error.get("ctx", {}).get("expected", "")
    return [w.strip().strip("'") for w in expected.replace(" or ", ",").split(",") if w.strip()]


def problem_for(error: dict, model: type[BaseModel], doc: Document) -> Problem:
    """One pydantic error as a Problem with a message a non-programmer can act on."""
    loc = tuple(error["loc"])
    kind = error["type"]
    field = _field_label(loc)
    got = _describe(error.get("input"))
    line, column = doc.position(loc)
    message, hint = f"`{field}`: {error['msg']}", ""

    if kind == "missing":
        message = f"`{field}` is missing"
        description = _description(model, loc)
        hint = f"add a line `{field}:`" + (f" — {description}" if description else "")
        parent = loc[:-1]
        line, column = doc.position(parent)
    elif kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc)
        message = f"unknown key `{field}`"
        close = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
        hint = (f"did you mean `{close[0]}`? " if close else "") + "keys allowed here: " + ", ".join(allowed)
        line, column = doc.key_position(loc)
    elif kind == "literal_error" and error.get("input") is None:
        words = _allowed_words(error)
        message = f"`{field}` is empty: write one of: {', '.join(words)}"
        hint = "choose the word that fits the reply; CONTRIBUTING.md explains each"
    elif kind == "literal_error":
        words = _allowed_words(error)
        message = f"`{field}` must be one of: {', '.join(words)} — got {got}"
        close = difflib.get_close_matches(str(error.get("input")).lower().replace(" ", "_"), words, n=1, cutoff=0.5)
        hint = f"did you mean `{close[0]}`?" if close else "use one of the words listed, exactly as written"
    elif kind == "value_error" and "date_format:" in error["msg"]:
        message = f"`{field}` must be a date written YYYY-MM-DD, like 2023-01-09 — got {got}"
        hint = "write the year, month and day with dashes; leave the line out if the date is unknown"
    elif kind == "value_error" and "date_impossible:" in error["msg"]:
        message = f"`{field}` is not a real date — got {got}"
        hint = "check the month and day"
    elif kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if pattern == SECTION_RE:
            message = f"`{field}`: {got} is not a section of the Act as the Act numbers it"
            hint = 'write it like "1(1)", "12", "40(2)" — brackets, not dots'
        elif pattern.startswith("^https?"):
            message = f"`{field}` must be a web address starting with https:// or http:// — got {got}"
            hint = "copy the full address from the browser's address bar"
        elif (fixed := recased_to_pattern(error.get("input"), pattern)) is not None:
            message, hint = case_message(field, fixed)
        elif pattern.startswith("^[A-Z]"):
            message = f"`{field}` must be upper-case letters and digits — got {got}"
            hint = 'a code from the register, for example "COV"'
        else:
            message = f"`{field}` must be lower-case letters, digits and hyphens — got {got}"
            hint = 'for example "q1" or "ehcp-information-request-2022"'
    elif kind in ("string_type", "str_type"):
        message = f"`{field}` must be text — got {got}"
        hint = "put the text in quotes"
    elif kind in ("bool_type", "bool_parsing"):
        message = f"`{field}` must be true or false — got {got}"
        hint = "write true or false without quotes"
    elif kind in ("float_type", "float_parsing", "int_type", "int_parsing", "finite_number"):
        message = f"`{field}` must be a number — got {got}"
        hint = "write digits only, like 5 or 39.25; keep the council's wording in `text`"
    elif kind == "list_type":
        message = f"`{field}` must be a list — got {got}"
        hint = "start each item on its own line with `- `, or write [a, b]"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        if not loc:
            message = f"the file must be a block of `key: value` lines — got {got}"
            hint = "start from an existing file or the template in CONTRIBUTING.md"
            line, column = 1, 1
        else:
            message = f"`{field}` must be a block of `key: value` lines — got {got}"
            hint = "indent the keys under it by two spaces"
    elif kind == "too_short":
        message = f"`{field}` must not be empty"
        hint = _description(model, loc) or "fill it in or remove the line"
    elif kind in ("too_long", "string_too_long"):
        limit = error.get("ctx", {}).get("max_length")
        given = error.get("input")
        what = "characters" if isinstance(given, str) else "items"
        size = f", got {len(given)}" if isinstance(given, (str, list)) else ""
        message = f"`{field}` is too long: at most {limit} {what}{size}"
        hint = "shorten it; link long documents as attachments instead"
    elif kind == "string_too_short":
        message = f"`{field}` must not be empty"
        hint = "fill it in, or remove the line"
    return Problem(doc.path, line, column, message, hint)


def problems_from(err: ValidationError, model: type[BaseModel], doc: Document) -> list[Problem]:
    return [problem_for(e, model, doc) for e in err.errors(include_url=False)]
