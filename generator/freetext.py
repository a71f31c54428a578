"""The keys whose values are free text (the models' `Text` and `Line` fields), worked out
from the models so that a new field of either kind is covered without being listed."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from .models import Line, OtherBody, QuestionSet, Response, Text, Topic

TOP_MODELS = (QuestionSet, Response, Topic, OtherBody)


def _holds(hint: typing.Any, kinds: tuple) -> bool:
    """Whether a type hint is one of `kinds`, or holds one (`Text | None`, `list[Line]`)."""
    if any(hint == kind for kind in kinds):
        return True
    return any(_holds(arg, kinds) for arg in typing.get_args(hint))


def _models_in(hint: typing.Any) -> list[type[BaseModel]]:
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return [hint]
    return [m for arg in typing.get_args(hint) for m in _models_in(arg)]


def free_text_keys(models: tuple[type[BaseModel], ...] = TOP_MODELS) -> frozenset[str]:
    """The name of every field of these models, and the models they hold, that is free
    text. A name that is free text in one model and not in another counts as free text:
    a comment on its line is then refused where it would lose nothing, which asks only
    that the comment move to a line of its own."""
    found: set[str] = set()
    seen: set[type[BaseModel]] = set()
    todo = list(models)
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, hint in typing.get_type_hints(model, include_extras=True).items():
            if name not in model.model_fields:
                continue
            if _holds(hint, (Text, Line)):
                found.add(name)
            todo += _models_in(hint)
    return frozenset(found)


FREE_TEXT_KEYS = free_text_keys()
