"""Problems found in content files, and the exception that carries them to the edge."""

from __future__ import annotations

from dataclasses import dataclass


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
        return text


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
    message = problem.message + (f" ({problem.hint})" if problem.hint else "")
    props = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        props.append(f"line={problem.line}")
    if problem.column:
        props.append(f"col={problem.column}")
    props.append("title=" + _escape_property("foilog validate"))
    return f"::{kind} {','.join(props)}::{_escape_data(message)}"
