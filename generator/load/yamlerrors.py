"""What the YAML parser refuses, said in plain words with what to do.

The parser's own words ("mapping values are not allowed in this context") name a rule of
YAML, not the mistake a contributor made; each is kept in the message, after words
that say which mistake usually causes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from generator.common.problems import Problem

NOT_CHECKED = "the rest of the file was not checked: fix this, then run `foilog validate` again"

# Characters the YAML parser refuses anywhere in a file, even in quotes: the C0 and C1
# controls but tab, line feed, carriage return and next line, lone surrogates, and the
# two non-characters U+FFFE and U+FFFF.
_UNACCEPTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Where the parser would stop, a character it accepts and that starts nothing in YAML,
# so that the rest of the file can still be read for its other problems.
_STAND_IN = "\ufffd"
MAX_REPORTED = 20
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # YAML's line breaks
# What may follow a one-line value on its line before a comment: spaces, and the commas
# and brackets of a list or block written on one line.
_COMMENT_AFTER = re.compile(r"[ \t,\]}]*#")
_KEY = re.compile(r"\s*(?:-\s+)?([\w-]+):\s")


@dataclass(frozen=True)
class Stop:
    """Why a file could not be read to its end: the problem to report (None when it is
    reported already), and the line from which it could not be read (from 1: the lines
    before it can be read on their own)."""

    problem: Problem | None
    cut_line: int


def mark_line_column(mark) -> tuple[int, int]:
    """Where a parser's mark (counting from 0) is, as people count: (line, column) from 1."""
    return (mark.line + 1, mark.column + 1)


def line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based (line, column) of a character of `text`, by its index, counting lines
    as the parser does."""
    line, start = 1, 0
    for found in _BREAK.finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1


def lines_before(text: str, line: int) -> str:
    """The text of the lines before a 1-based line, counted as the parser counts them."""
    if line <= 1:
        return ""
    for number, found in enumerate(_BREAK.finditer(text), 2):
        if number == line:
            return text[:found.end()]
    return text


def settled(data: Any, rest: str) -> Any:
    """What the lines before a syntax error hold for certain, given the `rest` of the
    text: unless the rest starts a new entry of the file (at the start of its line), the
    last entry (or the last item of its list) may be cut short, so it is left out."""
    if not isinstance(data, dict) or not data or rest[:1] not in ("", " ", "\t", "-", "\r", "\n"):
        return data
    last = next(reversed(data))
    kept = dict(data)
    if isinstance(data[last], list) and data[last]:
        kept[last] = data[last][:-1]
    else:
        del kept[last]
    return kept


def comment_on_line(event, text: str, path: str, key: str, item: bool) -> Problem | None:
    """A comment after a one-line scalar `event`, on its line, as a problem: the value of
    `key` (or an item of its list) that loses the comment's words."""
    end = event.end_mark
    found = _COMMENT_AFTER.match(text, end.index)
    if found is None:
        return None
    column = end.column + found.end() - end.index  # the `#`, from 1
    what = ("the item's words in quotes, `#` and all, or in a block: `- |-`" if item
            else f"the words in a block: `{key}: |-`")
    hint = f"put {what} and the words on the next line, indented; a comment of your own goes on a line of its own"
    if not item and event.value == "" and event.implicit[0]:
        message = f"`{key}` is empty: the words after `#` are read by YAML as a comment, not as its value"
    else:
        message = f"`{key}`: the words after `#` on this line are read by YAML as a comment and left out"
    return Problem(path, end.line + 1, column, message, hint)


def unacceptable_characters(text: str, path: str) -> tuple[str, list[Problem]]:
    """Each character YAML refuses, reported at its line and column; and the text with a
    harmless stand-in for each, to read for the file's other problems."""
    found = list(_UNACCEPTABLE.finditer(text))
    if not found:
        return text, []
    problems = []
    for match in found[:MAX_REPORTED]:
        line, column = line_column(text, match.start())
        problems.append(Problem(path, line, column,
                                f"an invisible control character (U+{ord(match.group()):04X}) is in the file",
                                "delete it: it usually comes from pasting out of a PDF or a word processor, "
                                "and YAML allows it nowhere, not even in quotes"))
    if len(found) > MAX_REPORTED:
        line, column = line_column(text, found[MAX_REPORTED].start())
        problems.append(Problem(path, line, column,
                                f"{len(found) - MAX_REPORTED} more control characters from here on",
                                "delete them too; if the file is not text, it does not belong in content/"))
    return _UNACCEPTABLE.sub(_STAND_IN, text), problems


def _source_line(text: str, line: int) -> str:
    lines = text.split("\n", line)
    return lines[line - 1].rstrip("\r") if line <= len(lines) else ""


def _explain(err: yaml.MarkedYAMLError, text: str, line: int, column: int) -> tuple[str, str]:
    """Plain words for what is wrong at (line, column), and what to do."""
    problem, context = err.problem or "", err.context or ""
    source = _source_line(text, line)
    at = source[column - 1:column]
    before = source[:column - 1].rstrip()
    if "\t" in source[:len(source) - len(source.lstrip())] or "tab character" in problem or at == "\t":
        return "a tab is used to indent this line", "indent with spaces, not tabs"
    if problem.startswith("mapping values are not allowed"):
        return "a colon followed by a space inside a value starts a new key", _colon_fix(text, line, column, source)
    if context == "while scanning a quoted scalar":
        return ("a quote opened here is not closed before the file ends",
                "close the quote, or put the words in a block: `key: |-` and the words on the next line")
    if problem == "found unknown escape character":
        return ("a backslash inside double quotes starts an escape such as \\n",
                "use single quotes, or write each backslash twice")
    if context == "while scanning a simple key":
        return ("this line is neither `key: value` nor part of the value above it",
                "add the key and its colon, or put the words of a long value in a block: "
                "`key: |-` and the words on the next lines, indented")
    if problem == "found character that cannot start any token":
        return (f"a value cannot start with `{at}` unless it is in quotes",
                f'put the whole value in quotes: "{source[column - 1:].strip()}"')
    if context.startswith("while parsing a flow"):
        closing = "]" if "sequence" in context else "}"
        return (f"a list or block opened with `{'[' if closing == ']' else '{'}` is not closed",
                f"add the closing `{closing}`; a value with commas, brackets or braces in it goes in quotes")
    if before.endswith(("'", '"')) and problem.startswith(("did not find expected key", "expected <block end>")):
        return ("words follow a closing quote on this line",
                "quote the whole value, and inside single quotes write an apostrophe twice ('')")
    if problem.startswith(("did not find expected", "expected <block end>")):
        return ("this line is not indented like the lines around it",
                "line it up with the other keys of its block, or indent it under the key it belongs to")
    if "end of stream" in problem:
        return "the file ends in the middle of a value", "finish the value, or remove it"
    return "YAML cannot read this line", "check the indentation and quotes on this line and the one before"


def _colon_fix(text: str, line: int, column: int, source: str) -> str:
    """What to do about a `: ` YAML took for a key's: it is in the value of the key on
    its line, or begins a line that goes on the value of a key above."""
    first = _KEY.match(source)
    if first is None or first.end(1) != column - 1:
        key = first.group(1) if first else "key"
        return f"put the words in a block: `{key}: |-` and the words on the next line, indented"
    indent = len(source) - len(source.lstrip())
    owner = None
    for above in reversed(text.split("\n")[:line - 1]):
        if above.strip() and not above.lstrip().startswith("#") and len(above) - len(above.lstrip()) < indent:
            found = _KEY.match(above + "\n")
            owner = found.group(1) if found else None
            break
    block = f"`{owner}: |-`" if owner else "`key: |-`"
    return (f"put the words{f' of `{owner}`' if owner else ''} in a block: {block} and the words on the next "
            f"line, indented; if `{first.group(1)}` is meant as a key, line it up with the keys of its block; "
            "if a key above has no space after its colon, add one")


def syntax_problem(err: yaml.YAMLError, text: str, path: str) -> Stop:
    """A parser's error as a problem at its line and column, with what to do."""
    if not isinstance(err, yaml.MarkedYAMLError):
        index = getattr(err, "position", None)
        line, column = line_column(text, index) if isinstance(index, int) and 0 <= index <= len(text) else (1, 1)
        return Stop(Problem(path, line, column, f"YAML cannot read the file: {err}", NOT_CHECKED), line)
    # The context is where the mistake begins for what the scanner was reading (a quote
    # never closed); for the blocks the parser was in, it is only where they start.
    mark = err.problem_mark or err.context_mark
    context = err.context or ""
    if err.context_mark and context in ("while scanning a quoted scalar", "while scanning a simple key"):
        mark = err.context_mark
    line, column = mark_line_column(mark) if mark else (1, 1)
    cut = line
    if err.context_mark and context.startswith(("while scanning", "while parsing a flow")):
        cut = min(cut, err.context_mark.line + 1)
    plain, fix = _explain(err, text, line, column)
    words = err.problem or err.context
    return Stop(Problem(path, line, column, f"YAML syntax error: {plain} (YAML says: {words})",
                        f"{fix}; {NOT_CHECKED}"), cut)
