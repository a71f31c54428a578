"""Shared fixtures: a throw-away copy of the project to build, and the built real site."""

from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def make_repo(where: Path, content: Path | None = None) -> Path:
    """A copy of the project (config, theme, generator) with the given content tree."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", where / "mkdocs.yml")
    shutil.copytree(REPO / "theme_overrides", where / "theme_overrides")
    (where / "generator").symlink_to(REPO / "generator")
    (where / "build" / "docs").mkdir(parents=True)
    (where / "build" / "docs" / ".gitignore").write_text("*\n!.gitignore\n")
    shutil.copytree(content or REPO / "content", where / "content")
    return where


class _Text(HTMLParser):
    """The visible text of the main article of a built page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    BLOCKS = {"p", "div", "td", "th", "tr", "li", "br", "h1", "h2", "h3", "h4", "blockquote", "caption", "table"}

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    """Text of a page as a reader sees it, whitespace folded to single spaces."""
    match = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.S)
    parser = _Text()
    parser.feed(match.group(1) if match else html)
    return " ".join("".join(parser.parts).split())


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real content built into a fresh site through the project's own build command."""
    from generator.build import build_site

    repo = make_repo(tmp_path_factory.mktemp("real"))
    return build_site(repo)


@pytest.fixture(scope="session")
def shapes_site(tmp_path_factory) -> Path:
    from generator.build import build_site

    repo = make_repo(tmp_path_factory.mktemp("shapes"), FIXTURES / "shapes" / "content")
    return build_site(repo)


@pytest.fixture(scope="session")
def compare_site(tmp_path_factory) -> Path:
    """The comparison fixture (figures worked out by hand) built into a site."""
    from generator.build import build_site

    repo = make_repo(tmp_path_factory.mktemp("compare"), FIXTURES / "compare" / "content")
    return build_site(repo)
