"""Problems found in content files, and the exception that carries them to the edge."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters a terminal or a log viewer acts on, or that make text read otherwise than
# it is stored: control characters (a line break in a value could forge a line of the
# report), line and paragraph separators, and bidirectional marks, overrides and isolates.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match) -> str:
    ch = match.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def printable(text: str) -> str:
    """Text for a terminal or a log: each character that would act on it written as an
    escape (`\\n`, `\\x1b`, `\\u202e`), so that a message shows on one line, as written."""
    return _UNPRINTABLE.sub(_shown, text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a 1-based line and column (0 when unknown)."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        if self.severity == "warning":
            text = f"{self.path}:{self.line}:{self.column}: warning: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return printable(text)


class ContentError(Exception):
    """Raised when content cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in content")

    def __reduce__(self):  # so that it crosses from a worker process intact
        return ContentError, (self.problems,)

    def report(self) -> str:
        errors = sum(1 for p in self.problems if p.severity == "error")
        warnings = len(self.problems) - errors
        lines = [str(p) for p in self.problems]
        lines.append(f"{errors} error(s), {warnings} warning(s). Nothing was published.")
        return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that shows the problem on the pull request's line."""
    kind = "warning" if problem.severity == "warning" else "error"
    message = printable(problem.message + (f" ({problem.hint})" if problem.hint else ""))
    props = [f"file={_escape_property(printable(problem.path))}"]
    if problem.line:
        props.append(f"line={problem.line}")
    if problem.column:
        props.append(f"col={problem.column}")
    props.append("title=" + _escape_property("foilog validate"))
    return f"::{kind} {','.join(props)}::{_escape_data(message)}"


class BuildFailed(Exception):
    """A stage of the build failed; the message says which and why. Nothing was published."""
