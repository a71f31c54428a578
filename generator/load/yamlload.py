"""Read a YAML file strictly, remembering where every key and value is.

`yaml.safe_load` loses data without a word: an unquoted `No` becomes false, `1:30`
becomes 90, `012` becomes 10, a repeated key overwrites the first, and aliases can
expand a small file into gigabytes. This loader builds Python values from libyaml's
event stream itself, so that each of those is reported as a problem at its line and
column instead of reaching the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.common.problems import Problem
from generator.load.yamlerrors import (NOT_CHECKED, Stop, comment_on_line, lines_before, mark_line_column, settled,
                                       syntax_problem, unacceptable_characters)
from generator.load.yamlscalars import IMPLICIT, RESOLVED_AS_BOOL, plain_value

# libyaml's parser where PyYAML was built with it. Only its events are used, so the
# parser alone is made, without the constructor and resolver a loader sets up too.
Parser = yaml.cyaml.CParser if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 24


@dataclass
class Document:
    """A parsed file: its data and the position of every value and key in it, kept as
    the parser's marks (counting from 0) and given as (line, column) counting from 1 when
    asked for: most files are never asked."""

    path: str
    data: Any
    positions: dict[tuple, Any] = field(default_factory=dict)
    key_positions: dict[tuple, Any] = field(default_factory=dict)
    # False when only the lines before a syntax error could be read: the data is then
    # for the rules that run on raw data, not for the model, which would miss the rest.
    complete: bool = True

    def position(self, loc: tuple) -> tuple[int, int]:
        """The best known position for a path: the value, else its key, else its parent."""
        loc = tuple(loc)
        while True:
            mark = self.positions.get(loc)
            if mark is None:
                mark = self.key_positions.get(loc)
            if mark is not None:
                return mark_line_column(mark)
            if not loc:
                return (1, 1)
            loc = loc[:-1]

    def key_position(self, loc: tuple) -> tuple[int, int]:
        mark = self.key_positions.get(tuple(loc))
        return mark_line_column(mark) if mark is not None else self.position(loc)


_Scalar = yaml.ScalarEvent
_Alias = yaml.AliasEvent
_SequenceStart, _SequenceEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MappingStart, _MappingEnd = yaml.MappingStartEvent, yaml.MappingEndEvent
_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = (None, "!", _STR_TAG)
_BLOCK_STYLES = ("|", ">")


class _TooDeep(Exception):
    """Stops reading a file nested deeper than allowed. The parser's time on each event
    grows with the depth of the flow collections (`[[[…`) around it, so a deep file is
    not read to its end: that would take time growing with the square of its size."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


class _Builder:
    """Builds the values of one document from the parser's events, pulled one at a time
    with `next_event`, recording positions and problems on the way.

    The parser makes each event of one of the classes in `yaml.events`, never a subclass,
    so events are told apart by their exact type."""

    def __init__(self, path: str, next_event, text: str, free_text: frozenset[str]):
        self.path = path
        self.next_event = next_event
        self.text = text
        self.free_text = free_text
        self.problems: list[Problem] = []
        self.doc = Document(path=path, data=None)
        self.positions = self.doc.positions
        self.key_positions = self.doc.key_positions

    def problem(self, mark, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, *mark_line_column(mark), message, hint))

    def node(self, event, loc: tuple, depth: int) -> Any:
        mark = self.positions[loc] = event.start_mark
        kind = type(event)
        if kind is _Alias:
            self.problem(mark, f"alias `*{event.anchor}` is not allowed",
                         "write the value out in full instead of referring to an anchor")
            return None
        if getattr(event, "anchor", None):
            self.problem(mark, f"anchor `&{event.anchor}` is not allowed",
                         "remove the anchor; every value is written out in full")
        tag = getattr(event, "tag", None)
        if tag not in _ALLOWED_TAGS and not (kind in (_MappingStart, _SequenceStart) and event.implicit):
            self.problem(mark, f"YAML tag `{tag}` is not allowed",
                         "remove the tag; put text in quotes if it must stay text")
        if depth > MAX_DEPTH:
            self.too_deep(mark)
        if kind is _Scalar:
            return self.scalar(event, mark)
        if kind is _SequenceStart:
            return self.sequence(loc, depth + 1)
        if kind is _MappingStart:
            return self.mapping(loc, depth + 1)
        raise AssertionError(f"unexpected YAML event {event!r}")

    def too_deep(self, mark):
        self.problem(mark, f"the file is nested more than {MAX_DEPTH} levels deep",
                     f"content files are only a few levels deep; check the indentation and brackets; {NOT_CHECKED}")
        raise _TooDeep(mark.line + 1)

    def comment_after(self, event, key: str, item: bool) -> None:
        """Report a comment on the line of a free-text value: the words after ` #` would
        be left out of it without a word."""
        if event.style not in _BLOCK_STYLES:  # a block's words start on the next line
            found = comment_on_line(event, self.text, self.path, key, item)
            if found is not None:
                self.problems.append(found)

    def scalar(self, event, mark) -> Any:
        if not event.implicit[0]:  # quoted, or tagged
            return event.value
        return self.plain(event.value, mark)

    def plain(self, text: str, mark) -> Any:
        """The value of an unquoted scalar, reporting it if YAML would misread it."""
        value, why = plain_value(text)
        if why:
            hint = f'put it in quotes: "{text}"'
            if isinstance(RESOLVED_AS_BOOL.get(text), bool):
                hint += "; for a yes/no value write true or false"
            self.problem(mark, why, hint)
        return value

    # A sequence or mapping reads its items itself when they are untagged scalars with no
    # anchor within the depth allowed (almost all of them): `node` would find nothing to
    # report about them.

    def sequence(self, loc: tuple, depth: int) -> list:
        next_event, positions = self.next_event, self.positions
        shallow = depth <= MAX_DEPTH
        free = loc[-1] if loc and loc[-1] in self.free_text else None
        items: list[Any] = []
        while True:
            ev = next_event()
            kind = type(ev)
            if kind is _SequenceEnd:
                return items
            if free is not None and kind is _Scalar:
                self.comment_after(ev, free, True)
            item_loc = loc + (len(items),)
            if kind is _Scalar and ev.tag is None and not ev.anchor and shallow:
                mark = positions[item_loc] = ev.start_mark
                text = ev.value
                items.append(self.plain(text, mark) if ev.implicit[0] and text[:1] in IMPLICIT else text)
            else:
                items.append(self.node(ev, item_loc, depth))

    def mapping(self, loc: tuple, depth: int) -> dict:
        next_event, positions, key_positions = self.next_event, self.positions, self.key_positions
        shallow = depth <= MAX_DEPTH
        mapping: dict[str, Any] = {}
        while True:
            ev = next_event()
            kind = type(ev)
            if kind is _MappingEnd:
                return mapping
            key_mark = ev.start_mark
            if kind is not _Scalar:
                self.problem(key_mark, "a key must be a plain word",
                             "write `name: value` with a simple name before the colon")
                self.skip(ev, depth)
                self.skip(next_event(), depth)
                continue
            key = ev.value
            if ev.anchor:
                self.problem(key_mark, f"anchor `&{ev.anchor}` is not allowed", "remove the anchor")
            key_loc = loc + (key,)
            if key in mapping:
                first = key_positions[key_loc]
                self.problem(key_mark, f"`{key}` appears twice in the same block (first on line {first.line + 1})",
                             "keep one of them; YAML would silently keep only the last")
                self.skip(next_event(), depth)
                continue
            key_positions[key_loc] = key_mark
            ev = next_event()
            if key in self.free_text and type(ev) is _Scalar:
                self.comment_after(ev, key, False)
            if type(ev) is _Scalar and ev.tag is None and not ev.anchor and shallow:
                mark = positions[key_loc] = ev.start_mark
                text = ev.value
                mapping[key] = self.plain(text, mark) if ev.implicit[0] and text[:1] in IMPLICIT else text
            else:
                mapping[key] = self.node(ev, key_loc, depth)

    def skip(self, event, depth: int) -> None:
        """Consume the rest of a node at `depth` whose start event has been read."""
        if type(event) in (_SequenceStart, _MappingStart):
            level = 1
            while level:
                ev = self.next_event()
                kind = type(ev)
                if kind is _SequenceStart or kind is _MappingStart:
                    level += 1
                    if depth + level > MAX_DEPTH + 1:
                        self.too_deep(ev.start_mark)
                elif kind is _SequenceEnd or kind is _MappingEnd:
                    level -= 1


def _decode(raw: bytes, path: str) -> tuple[str, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark from a Windows editor: harmless, accepted
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        line = raw.count(b"\n", 0, err.start) + 1
        column = len(raw[line_start:err.start].decode("utf-8", "replace")) + 1
        # The rest is read with a stand-in for each byte that is not UTF-8, for the
        # file's other problems.
        return raw.decode("utf-8", "replace"), [Problem(path, line, column, "the file is not UTF-8 text",
                                                        "save it as UTF-8 in your editor")]


def _is_blank(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _is_empty(text: str) -> bool:
    """Whether every line of the text is blank or a comment."""
    # Usually a line near the top says no: the lines of the first kilobyte but its last
    # (which may go on past it) are whole lines of the text.
    if not all(map(_is_blank, text[:1024].splitlines()[:-1])):
        return False
    return all(map(_is_blank, text.splitlines()))


def _build(text: str, path: str, free_text: frozenset[str]) -> tuple[_Builder, Stop | None]:
    # The parser is driven directly, one event at a time, rather than through
    # `yaml.parse`, whose generator costs more than the building.
    parser = Parser(text)
    builder = _Builder(path, parser.get_event, text, free_text)
    try:
        next_event = builder.next_event
        next_event()  # StreamStart
        next_event()  # DocumentStart
        builder.doc.data = builder.node(next_event(), (), 0)
        end = next_event()
        if type(end) is not yaml.DocumentEndEvent:
            raise AssertionError(end)
        extra = next_event()
        if type(extra) is yaml.DocumentStartEvent:
            builder.problem(extra.start_mark, "the file holds more than one YAML document",
                            "remove the `---` line; one file holds one response")
    except _TooDeep as stop:
        return builder, Stop(None, stop.line)
    except yaml.YAMLError as err:
        return builder, syntax_problem(err, text, path)
    finally:
        parser.dispose()
    return builder, None


def parse_text(text: str, path: str, free_text: frozenset[str] = frozenset()) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text into a Document, or report why it cannot be read safely.

    A comment on the line of a value under one of the `free_text` keys (or an item of a
    list under one) is reported: its words would be left out of the value. Where the
    file cannot be read to its end, what can be read of the lines before is given as an
    incomplete Document, for the rules that run on raw data."""
    if _is_empty(text):
        return None, [Problem(path, 1, 1, "the file is empty",
                              "fill it in, or delete it if it was created by mistake")]
    text, problems = unacceptable_characters(text, path)
    builder, stop = _build(text, path, free_text)
    problems += builder.problems
    if stop is None:
        return builder.doc, problems
    if stop.problem is not None:
        problems.append(stop.problem)
    # Only the problems of the whole file's reading are reported: cut short, a value
    # could be misread in ways the file does not say.
    before = lines_before(text, stop.cut_line)
    if _is_empty(before):
        return None, problems
    partial, stopped = _build(before, path, free_text)
    if stopped is not None:
        return None, problems
    partial.doc.complete = False
    partial.doc.data = settled(partial.doc.data, text[len(before):])
    return partial.doc, problems


def load_file(file: Path, display_path: str,
              free_text: frozenset[str] = frozenset()) -> tuple[Document | None, list[Problem]]:
    """Read and parse one content file; never raises for anything in the file."""
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [Problem(display_path, 1, 1,
                              f"the file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed",
                              "link long documents as attachments instead of pasting them in; "
                              "nothing in the file was checked")]
    text, problems = _decode(file.read_bytes(), display_path)
    doc, found = parse_text(text, display_path, free_text)
    return doc, problems + found
