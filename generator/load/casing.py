"""Council codes are upper case and ids lower case: a value whose only fault is its case
is told the value it should be, not that it does not exist or has the wrong letters."""

from __future__ import annotations

import re


def recased(value: object, fits) -> str | None:
    """`value` in upper or lower case, whichever `fits(text)` accepts, when `value` itself
    is not accepted only because of its case; otherwise None."""
    if not isinstance(value, str) or fits(value):
        return None
    for other in (value.upper(), value.lower()):
        if other != value and fits(other):
            return other
    return None


def recased_to_pattern(value: object, pattern: str) -> str | None:
    """`recased` for a value that must match `pattern`."""
    return recased(value, lambda text: re.fullmatch(pattern, text) is not None)


def case_message(field: str, fixed: str) -> tuple[str, str]:
    """(message, what to do) for `field` written in the wrong case; `fixed` is it rightly cased."""
    what = "codes are upper case" if fixed.isupper() else "ids are lower case"
    return f"`{field}`: {what}: {fixed}", f"write {fixed}"
