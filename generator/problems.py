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

    def report(self) -> str:
        errors = sum(1 for p in self.problems if p.severity == "error")
        warnings = len(self.problems) - errors
        lines = [str(p) for p in self.problems]
        lines.append(f"{errors} error(s), {warnings} warning(s). Nothing was published.")
        return "\n".join(lines)
