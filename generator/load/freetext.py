"""Which fields of the content files are free text (the models' `Text` and `Line` fields),
worked out from the models so that a new field of either kind is covered without being
listed. The YAML reader refuses a comment on such a field's line (it would drop words);
the personal-data rule looks in them for a named person's email address or phone."""

from __future__ import annotations

import types
import typing
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from generator.load.models import Line, OtherBody, QuestionSet, Response, Text, Topic

TOP_MODELS = (QuestionSet, Response, Topic, OtherBody)

WORDS = "words"
"""What `fields_of` gives for a field of words, where a record's field gives its fields."""


def _kind(hint: Any, leave_out: frozenset):
    """WORDS for a field of words, the fields of a record for a record, else None; a list
    or an optional value as what it holds."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (list, typing.Union) or isinstance(hint, types.UnionType):
        return _kind(args[0], leave_out) if len(args) == 1 else None
    if hint is Text or hint is Line:
        return WORDS
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return fields_of(hint, leave_out)
    return None


@lru_cache(maxsize=None)
def fields_of(model: type[BaseModel], leave_out: frozenset = frozenset()) -> dict[str, Any]:
    """The fields of `model` that hold words, by name: WORDS, or for a record (or a list
    of them) that record's own such fields. `leave_out` holds (model, field name) pairs
    not to count."""
    hints = typing.get_type_hints(model, include_extras=True)
    found = {}
    for name in model.model_fields:
        if (model, name) not in leave_out:
            kind = _kind(hints[name], leave_out)
            if kind:
                found[name] = kind
    return found


def _names(fields: dict[str, Any], out: set[str]) -> set[str]:
    for name, kind in fields.items():
        if kind is WORDS:
            out.add(name)
        else:
            _names(kind, out)
    return out


def free_text_keys(models: tuple[type[BaseModel], ...] = TOP_MODELS) -> frozenset[str]:
    """The name of every field of these models, and the records they hold, that is free
    text. A name that is free text in one model and not in another counts as free text:
    a comment on its line is then refused where it would lose nothing, which asks only
    that the comment move to a line of its own."""
    found: set[str] = set()
    for model in models:
        _names(fields_of(model), found)
    return frozenset(found)


FREE_TEXT_KEYS = free_text_keys()
