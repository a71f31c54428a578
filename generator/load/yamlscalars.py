"""What YAML makes of an unquoted scalar: its value, and why it would be misread where
YAML reads it as something other than its text (`No` as false, `1:30` as 90, `012` as
10)."""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml

_RESOLVER = yaml.resolver.Resolver()
_CANONICAL_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_CANONICAL_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+([eE][-+]?[0-9]+)?")
_NULL_WORDS = {"", "~", "null"}
RESOLVED_AS_BOOL = {w: True for w in ("yes", "Yes", "YES", "on", "On", "ON", "True", "TRUE")} | {
    w: False for w in ("no", "No", "NO", "off", "Off", "OFF", "False", "FALSE")
}


def _ambiguity(text: str, tag: str) -> str | None:
    """Why a plain scalar would be read as something other than its text, or None."""
    kind = tag.rsplit(":", 1)[-1]
    if kind == "bool":
        if text in ("true", "false"):
            return None
        return f"`{text}` is read by YAML as {str(RESOLVED_AS_BOOL[text]).lower()}, not as the word"
    if kind == "int":
        if _CANONICAL_INT.fullmatch(text):
            return None
        value = _yaml_value(text, tag)
        return f"`{text}` is read by YAML as the number {value}, not as written"
    if kind == "float":
        if _CANONICAL_FLOAT.fullmatch(text):
            return None
        value = _yaml_value(text, tag)
        return f"`{text}` is read by YAML as the number {value}, not as written"
    if kind == "null":
        if text in _NULL_WORDS:
            return None
        return f"`{text}` is read by YAML as an empty value, not as the word"
    if kind in ("merge", "value"):
        return f"`{text}` has a special meaning in YAML"
    return None


def _yaml_value(text: str, tag: str) -> Any:
    try:
        node = yaml.ScalarNode(tag, text)
        return yaml.SafeLoader("").construct_object(node)
    except Exception:  # an odd literal that PyYAML itself cannot build: just name its kind
        return tag.rsplit(":", 1)[-1]


# The implicit resolvers, by the first character of the text they can match ("" for
# empty text): a plain scalar starting with any other character is always text. PyYAML
# has none that apply whatever the first character, nor any for a place in a document.
IMPLICIT = _RESOLVER.yaml_implicit_resolvers
assert None not in IMPLICIT and not _RESOLVER.yaml_path_resolvers


def _implicit_tag(text: str) -> str | None:
    """The tag YAML gives a plain scalar other than text, if any: `Resolver.resolve`'s
    answer without its generality."""
    for tag, regexp in IMPLICIT.get(text[:1], ()):
        if regexp.match(text):
            return tag
    return None


@functools.lru_cache(maxsize=4096)  # the same few words and numbers recur in every file
def plain_value(text: str) -> tuple[Any, str | None]:
    """The value of an unquoted scalar and, if YAML would misread it, why."""
    tag = _implicit_tag(text)
    if tag is None:
        return text, None
    why = _ambiguity(text, tag)
    if why:
        return text, why
    kind = tag.rsplit(":", 1)[-1]
    if kind == "bool":
        return text == "true", None
    if kind == "int":
        return int(text), None
    if kind == "float":
        return float(text), None
    if kind == "null":
        return None, None
    # Dates and times stay text: the model parses them with its own, clearer, rules.
    return text, None
