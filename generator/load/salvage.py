"""The rules about parts of a response (its dates, its re-use terms, each answer) for a
response that does not fit the model as a whole: each part that fits is checked, so that
one mistake elsewhere in the file does not hide its problems until the next run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pydantic import BaseModel, ValidationError

from generator.load.checks import Finding, _check_answer, _check_dates, _check_reuse, answered_once
from generator.load.models import Answer, Dates, Response, Reuse, Source


def _fitting(model: type[BaseModel], data: dict, key: str) -> BaseModel | None:
    """The part under `key` as the model reads it; None when it does not fit (the
    model's own message says why) or is left out (it then holds nothing to check)."""
    if key not in data:
        return None
    try:
        return model.model_validate(data[key])
    except ValidationError:
        return None


def check_parts(data: object, today: dt.date) -> Iterator[Finding]:
    """The rules of `checks.check_response` about each part that fits the model, for raw
    data that as a whole does not."""
    if not isinstance(data, dict):
        return
    dates, reuse = _fitting(Dates, data, "dates"), _fitting(Reuse, data, "reuse")
    source = _fitting(Source, data, "source") if "source" in data else Source()
    # Only the parts are set: each rule reads its own part and nothing else.
    parts = {name: part for name, part in (("dates", dates), ("reuse", reuse), ("source", source)) if part is not None}
    resp = Response.model_construct(**parts)
    if dates is not None:
        yield from _check_dates(resp, today)
    if reuse is not None:
        yield from _check_reuse(resp)
    answers = data.get("answers")
    if source is None or not isinstance(answers, list):
        return  # whether an answer's attachment is among the reply's cannot be told
    fitting = []
    for i, raw in enumerate(answers):
        try:
            fitting.append((i, Answer.model_validate(raw)))
        except ValidationError:
            continue
    for i, answer in fitting:
        yield from _check_answer(answer, ("answers", i), resp)
    yield from answered_once(fitting)
