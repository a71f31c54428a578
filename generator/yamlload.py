"""Read a YAML file strictly, remembering where every key and value is.

`yaml.safe_load` loses data without a word: an unquoted `No` becomes false, `1:30`
becomes 90, `012` becomes 10, a repeated key overwrites the first, and aliases can
expand a small file into gigabytes. This loader builds Python values from libyaml's
event stream itself, so that each of those is reported as a problem at its line and
column instead of reaching the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 24

_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_CANONICAL_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_CANONICAL_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+([eE][-+]?[0-9]+)?")
_NULL_WORDS = {"", "~", "null"}
_RESOLVED_AS_BOOL = {w: True for w in ("yes", "Yes", "YES", "on", "On", "ON", "True", "TRUE")} | {
    w: False for w in ("no", "No", "NO", "off", "Off", "OFF", "False", "FALSE")
}



@dataclass
class Document:
    """A parsed file: its data and the position of every value and key in it."""

    path: str
    data: Any
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: tuple) -> tuple[int, int]:
        """The best known position for a path: the value, else its key, else its parent."""
        loc = tuple(loc)
        while True:
            if loc in self.positions:
                return self.positions[loc]
            if loc in self.key_positions:
                return self.key_positions[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]

    def key_position(self, loc: tuple) -> tuple[int, int]:
        loc = tuple(loc)
        return self.key_positions.get(loc) or self.position(loc)


def _ambiguity(text: str, tag: str) -> str | None:
    """Why a plain scalar would be read as something other than its text, or None."""
    kind = tag.rsplit(":", 1)[-1]
    if kind == "bool":
        if text in ("true", "false"):
            return None
        return f"`{text}` is read by YAML as {str(_RESOLVED_AS_BOOL[text]).lower()}, not as the word"
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


def _plain_value(text: str) -> tuple[Any, str | None]:
    """The value of an unquoted scalar and, if YAML would misread it, why."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
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


class _Builder:
    def __init__(self, path: str, events):
        self.path = path
        self.events = events
        self.problems: list[Problem] = []
        self.doc = Document(path=path, data=None)

    def problem(self, mark, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message, hint))

    def node(self, event, loc: tuple, depth: int) -> Any:
        mark = event.start_mark
        self.doc.positions[loc] = (mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            self.problem(mark, f"alias `*{event.anchor}` is not allowed",
                         "write the value out in full instead of referring to an anchor")
            return None
        if getattr(event, "anchor", None):
            self.problem(mark, f"anchor `&{event.anchor}` is not allowed",
                         "remove the anchor; every value is written out in full")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!", _STR_TAG) and not (
            isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
            and event.implicit
        ):
            self.problem(mark, f"YAML tag `{tag}` is not allowed",
                         "remove the tag; put text in quotes if it must stay text")
        if depth > MAX_DEPTH:
            self.problem(mark, f"the file is nested more than {MAX_DEPTH} levels deep",
                         "content files are only a few levels deep; check the indentation")
            self.skip(event)
            return None
        if isinstance(event, yaml.ScalarEvent):
            if event.implicit[0]:  # plain (unquoted, untagged) scalar
                value, why = _plain_value(event.value)
                if why:
                    hint = f'put it in quotes: "{event.value}"'
                    if isinstance(_RESOLVED_AS_BOOL.get(event.value), bool):
                        hint += "; for a yes/no value write true or false"
                    self.problem(mark, why, hint)
                return value
            return event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items = []
            while True:
                ev = next(self.events)
                if isinstance(ev, yaml.SequenceEndEvent):
                    return items
                items.append(self.node(ev, loc + (len(items),), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            mapping: dict[str, Any] = {}
            while True:
                ev = next(self.events)
                if isinstance(ev, yaml.MappingEndEvent):
                    return mapping
                key_mark = ev.start_mark
                if not isinstance(ev, yaml.ScalarEvent):
                    self.problem(key_mark, "a key must be a plain word",
                                 "write `name: value` with a simple name before the colon")
                    self.skip(ev)
                    self.skip(next(self.events))
                    continue
                key = ev.value
                if ev.anchor:
                    self.problem(key_mark, f"anchor `&{ev.anchor}` is not allowed",
                                 "remove the anchor")
                key_loc = loc + (key,)
                if key in mapping:
                    first = self.doc.key_positions[key_loc]
                    self.problem(key_mark, f"`{key}` appears twice in the same block (first on line {first[0]})",
                                 "keep one of them; YAML would silently keep only the last")
                    self.skip(next(self.events))
                    continue
                self.doc.key_positions[key_loc] = (key_mark.line + 1, key_mark.column + 1)
                mapping[key] = self.node(next(self.events), key_loc, depth + 1)
        raise AssertionError(f"unexpected YAML event {event!r}")

    def skip(self, event) -> None:
        """Consume the rest of a node whose start event has been read."""
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            level = 1
            while level:
                ev = next(self.events)
                if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                    level += 1
                elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                    level -= 1


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark from a Windows editor: harmless, accepted
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(path, line, column, "the file is not UTF-8 text",
                              "save it as UTF-8 in your editor")]


def parse_text(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text into a Document, or report why it cannot be read safely."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return None, [Problem(path, 1, 1, "the file is empty",
                              "fill it in, or delete it if it was created by mistake")]
    builder = _Builder(path, iter(yaml.parse(text, Loader=Loader)))
    try:
        next(builder.events)  # StreamStart
        start = next(builder.events)
        builder.doc.data = builder.node(next(builder.events), (), 0)
        end = next(builder.events)
        if not isinstance(end, yaml.DocumentEndEvent):
            raise AssertionError(end)
        extra = next(builder.events)
        if isinstance(extra, yaml.DocumentStartEvent):
            builder.problem(extra.start_mark, "the file holds more than one YAML document",
                            "remove the `---` line; one file holds one response")
        del start
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = f"YAML syntax error: {err.problem or err.context}"
        hint = "check the indentation and quotes on this line and the one before"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        lines = text.splitlines()
        if line <= len(lines) and "\t" in lines[line - 1]:
            hint = "indent with spaces, not tabs"
        builder.problems.append(Problem(path, line, column, message, hint))
        return None, builder.problems
    except yaml.YAMLError as err:
        builder.problems.append(Problem(path, 1, 1, f"YAML error: {err}",
                                        "check the file is valid YAML"))
        return None, builder.problems
    return builder.doc, builder.problems


def load_file(file: Path, display_path: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one content file; never raises for anything in the file."""
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [Problem(display_path, 1, 1,
                              f"the file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed",
                              "link long documents as attachments instead of pasting them in")]
    text, problems = _decode(file.read_bytes(), display_path)
    if text is None:
        return None, problems
    return parse_text(text, display_path)
