"""Where content files are: every file under content/, sorted into question sets,
responses, other public bodies and topics, and what is in the wrong place."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from generator.common.problems import Problem

QUESTION_SETS_DIR = "question-sets"
RESPONSES_DIR = "responses"
BODIES_DIR = "bodies"
TOPICS_DIR = "topics"


def relative_path(path: Path, root: Path) -> str:
    """`path` under `root`, with forward slashes: how files are named in messages and entries."""
    text, base = str(path), str(root)
    if os.sep == "/" and text.startswith(base + "/"):  # what relative_to gives, without its cost
        return text[len(base) + 1:]
    return path.relative_to(root).as_posix()


class Listed(NamedTuple):
    """A file or folder under content/: its path's parts, whether it is a folder, whether
    it is a link."""

    parts: tuple[str, ...]
    is_dir: bool
    is_link: bool


class ContentFiles(NamedTuple):
    """The content files by kind, in path order, and what is where no content file goes."""

    sets: list[Path]
    responses: list[Path]
    bodies: list[Path]
    topics: list[Path]
    problems: list[Problem]


def _listing(content: Path) -> list[Listed]:
    """Every file and folder under `content`, in path order. A linked folder is listed but
    not entered; a folder that cannot be read is left out (as os.walk leaves it)."""
    found: list[Listed] = []
    folders: list[tuple[str, tuple[str, ...]]] = [(str(content), ())]
    while folders:
        folder, base = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    rel = base + (entry.name,)
                    try:
                        is_dir, is_link = entry.is_dir(), entry.is_symlink()
                    except OSError:
                        is_dir, is_link = False, False
                    found.append(Listed(rel, is_dir, is_link))
                    if is_dir and not is_link:
                        folders.append((entry.path, rel))
        except OSError:
            continue
    found.sort()
    return found


def content_files(content: Path, repo: Path) -> ContentFiles:
    problems: list[Problem] = []
    set_files, response_files, body_files, topic_files = [], [], [], []
    top = str(content)
    for rel, is_dir, is_link in _listing(content):
        path = Path(os.path.join(top, *rel))
        where = relative_path(path, repo)
        if is_link:
            # A link could publish a file from outside content/ (or show it in an error).
            problems.append(Problem(where, 1, 1, "this is a link to another file, not a content file",
                                    "replace the link with the file itself"))
            continue
        if is_dir or rel[-1].startswith(".") or rel[-1] == "README.md":
            continue
        name = rel[-1]
        if name.endswith(".yml"):
            problems.append(Problem(where, 1, 1, "content files end in .yaml, not .yml",
                                    f"rename it to {name[:-4]}.yaml"))
        elif not name.endswith(".yaml"):
            problems.append(Problem(where, 1, 1, "this file is not a content file",
                                    "content/ holds only .yaml files; put attachments' links in `source`"))
        elif len(rel) == 2 and rel[0] == QUESTION_SETS_DIR:
            set_files.append(path)
        elif len(rel) == 3 and rel[0] == RESPONSES_DIR:
            response_files.append(path)
        elif len(rel) == 2 and rel[0] == BODIES_DIR:
            body_files.append(path)
        elif len(rel) == 2 and rel[0] == TOPICS_DIR:
            topic_files.append(path)
        else:
            problems.append(Problem(where, 1, 1, "this file is not where content files go",
                                    "question sets go in content/question-sets/, responses in "
                                    "content/responses/<council code>/<question set>.yaml, other "
                                    "public bodies in content/bodies/<code>.yaml, topics in content/topics/"))
    return ContentFiles(set_files, response_files, body_files, topic_files, problems)
