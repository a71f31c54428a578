"""Values worked out once per object: the models are immutable, so what is made from one
(a question set's index, a value's words) can be kept for as long as the object lives."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def kept_by_identity(limit: int) -> Callable[[Callable[[T], R]], Callable[[T], R]]:
    """A function of one immutable object, made to keep its result for each object (found
    by its id, checked to be that very object, which the cache holds on to): for at most
    `limit` objects, all forgotten at once when one more comes."""

    def wrap(function: Callable[[T], R]) -> Callable[[T], R]:
        kept: dict[int, tuple[T, R]] = {}

        @functools.wraps(function)
        def cached(obj: T) -> R:
            found = kept.get(id(obj))
            if found is not None and found[0] is obj:
                return found[1]
            if len(kept) >= limit:
                kept.clear()
            value = function(obj)
            kept[id(obj)] = (obj, value)
            return value

        return cached

    return wrap
