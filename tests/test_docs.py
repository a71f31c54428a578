"""The documentation keeps up with the code: the layout table in docs/architecture.md names
every module under generator/ and nothing that is not there, and README.md stays short and
gives the commands CI runs."""

from __future__ import annotations

import re
import shlex
from typing import NamedTuple

from conftest import REPO

ARCHITECTURE = REPO / "docs" / "architecture.md"
README = REPO / "README.md"
README_MAX_LINES = 160

# Folders of generator/ that hold no modules but must have a row of their own.
FOLDERS = ("generator/render/templates/", "generator/load/data/")


class LayoutProblems(NamedTuple):
    missing: list[str]   # modules and folders under generator/ with no row
    unknown: list[str]   # paths a row names that are not in generator/


def layout_section(text: str) -> str:
    """The "## Layout" section of a Markdown text, up to the next heading of its level."""
    found = re.search(r"^## Layout\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert found, "docs/architecture.md has no '## Layout' section"
    return found.group(1)


def table_paths(section: str) -> list[str]:
    """The generator/ paths named in the first column of each row of the section's table;
    a row may name several, separated by commas."""
    paths = []
    for line in section.splitlines():
        if not line.startswith("|") or set(line) <= set("|- "):
            continue
        first = line.split("|")[1]
        paths += [p for p in re.findall(r"`([^`]+)`", first) if p.startswith("generator/")]
    return paths


def modules(root) -> list[str]:
    """Every module under generator/ (but the packages' __init__.py) and FOLDERS."""
    found = [p.relative_to(root).as_posix() for p in (root / "generator").rglob("*.py") if p.name != "__init__.py"]
    return sorted(found) + [f for f in FOLDERS if (root / f).is_dir()]


def layout_problems(text: str, root) -> LayoutProblems:
    named = table_paths(layout_section(text))
    missing = [m for m in modules(root) if m not in named]
    unknown = [p for p in named
               if not ((root / p).is_dir() if p.endswith("/") else (root / p).is_file() and p.endswith(".py"))
               or p.endswith("__init__.py")]
    return LayoutProblems(missing, unknown)


def test_the_layout_table_names_every_module_and_nothing_else():
    problems = layout_problems(ARCHITECTURE.read_text(encoding="utf-8"), REPO)
    assert problems.missing == [], "add a row to the layout table of docs/architecture.md for each"
    assert problems.unknown == [], "the layout table of docs/architecture.md names what is not there"


def test_the_layout_check_sees_a_missing_row_and_one_too_many(tmp_path):
    text = ARCHITECTURE.read_text(encoding="utf-8")
    row = "| `generator/load/catalogue.py` |"
    assert row in text
    lines = text.splitlines()
    without = "\n".join(line for line in lines if not line.startswith(row))
    assert layout_problems(without, REPO).missing == ["generator/load/catalogue.py"]
    two = text.replace(row, "| `generator/load/catalogue.py`, `generator/load/gone.py` |", 1)
    assert layout_problems(two, REPO) == LayoutProblems([], ["generator/load/gone.py"])
    folder = text.replace("| `generator/load/data/` |", "| `generator/load/nothing/` |", 1)
    assert layout_problems(folder, REPO) == LayoutProblems(["generator/load/data/"], ["generator/load/nothing/"])


def test_the_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, "move detail into docs/ and link to it"


def commands_in_code_blocks(text: str) -> list[str]:
    """The command of each line of the text's sh code blocks, without its comment."""
    blocks = re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S)
    return [line.split(" #", 1)[0].strip() for block in blocks for line in block.splitlines() if line.strip()]


def ci_commands() -> list[str]:
    """What .ci/run runs, leaving out the shell's own settings and the change of folder."""
    commands = []
    for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word = shlex.split(line)[0]
        if word not in ("set", "cd"):
            commands.append(line)
    return commands


def test_the_readme_gives_the_command_ci_runs_and_the_build():
    readme = commands_in_code_blocks(README.read_text(encoding="utf-8"))
    ci = ci_commands()
    assert ci, ".ci/run runs nothing"
    assert [command for command in ci if command not in readme] == []
    assert "./scripts/test" in ci and "./scripts/test" in readme and "./scripts/build" in readme
    for script in ("scripts/test", "scripts/build"):
        assert (REPO / script).is_file()


def test_the_readmes_screenshot_exists():
    text = README.read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert images and all((REPO / image).is_file() for image in images)
