"""The nothing-lost check, run on every build: every answer's words, values and cited
sections in content/, and any mark that it was transcribed from an incomplete copy, must
be readable on its built response page, and every named officer's direct contact details
either shown or listed as withheld."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from pathlib import Path

from generator.common.problems import BuildFailed
from generator.load.catalogue import Catalogue
from generator.common.escape import clean
from generator.analyse.formatting import format_value, response_url, section_label
from generator.load.personal import WITHHELD_NOTICE


# Elements whose text a reader sees apart from the text around them.
BLOCKS = frozenset({"p", "div", "td", "th", "tr", "li", "br", "h1", "h2", "h3", "h4", "blockquote", "caption",
                    "table"})


def fold(text: str) -> str:
    return " ".join(text.split())


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">')
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<(script|style)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>", re.S | re.I)
# A tag, its name in the group. The attributes' part is possessive (it never gives back
# what it took): each of its pieces starts with a different character and none with ">",
# so giving back could never lead to a match; it only cost time.
_TAG = re.compile(r"</?([a-zA-Z][^\s/>]*)(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>")


def article(html: str) -> str:
    """The main article of a built page (from its opening tag to the first `</article>`
    after it), or the whole page when it has none."""
    match = _ARTICLE.search(html)
    if match:
        end = html.find("</article>", match.end())
        if end >= 0:
            return html[match.end():end]
    return html


class _Between(dict):
    """What a tag leaves in the text, by the tag's name: a space for a block element,
    nothing for any other. Learnt name by name (a page has few different tags)."""

    def __missing__(self, name: str) -> str:
        left = " " if name.lower() in BLOCKS else ""
        if len(self) < 10_000:
            self[name] = left
        return left


_BETWEEN = _Between()


def page_text(html: str) -> str:
    """Text of a page as a reader sees it, whitespace folded to single spaces: block
    elements apart, scripts and styles left out, character references decoded; found with
    regular expressions, several times faster than an HTML parser."""
    parts = _TAG.split(_SCRIPT.sub("", _COMMENT.sub("", article(html))))
    parts[1::2] = map(_BETWEEN.__getitem__, parts[1::2])  # text and tag names alternate
    return fold(unescape("".join(parts)))


@dataclass(frozen=True)
class Missing:
    """Something from a content file that its page does not show."""

    path: str
    what: str
    text: str

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return f"{self.path}: {self.what} is not on its page: {shown!r}"


@lru_cache(maxsize=4096)
def _answer_whats(i: int, questions: tuple[str, ...]) -> tuple[str, str, str, str, str]:
    """How the i-th statement of a reply, answering `questions`, is named, and what of it
    is looked for: made once for all the replies to a set (whose statements are mostly
    numbered and named alike), and so kept once in the expectations' cache."""
    where = f"answer {i} ({', '.join(questions)})"
    return (where, f"{where}: the council's words", f"{where}: a value", f"{where}: a section cited",
            f"{where}: a body redirected to")


def _expected(entry, publish_personal_contacts: bool):
    """(what, text that must appear) for one response."""
    r = entry.response
    for i, answer in enumerate(r.answers, start=1):
        where, words, value_what, section_what, body_what = _answer_whats(i, tuple(answer.questions))
        if answer.text:
            yield words, clean(answer.text)
        for value in answer.values:
            yield value_what, clean(format_value(value))
        for section in answer.sections:
            yield section_what, section_label(section)
        for body in answer.redirect_to:
            yield body_what, clean(body.name)
        yield from _contacts(where, answer.contacts, publish_personal_contacts)
        if answer.incomplete_copy:
            yield f"{where}: the mark of an incomplete copy", clean(answer.incomplete_copy)
    yield from _contacts("the request's contacts", r.contacts, publish_personal_contacts)
    for key in ("introduction", "closing"):
        if getattr(r, key):
            yield key, clean(getattr(r, key))
    if r.reuse.wording:
        yield "the re-use wording", clean(r.reuse.wording)
    if r.incomplete_copy:
        yield "the mark of an incomplete copy", clean(r.incomplete_copy)


def _contacts(where, contacts, publish: bool):
    for contact in contacts:
        hidden = contact.withheld_by_site(publish)
        for key in ("email", "phone"):
            value = getattr(contact, key)
            if value and hidden:
                yield f"{where}: notice that a named officer's {key} is withheld", WITHHELD_NOTICE
            elif value:
                yield f"{where}: a contact's {key}", clean(value)


Expectation = tuple[str, str, list[tuple[str, str]]]
"""One response's file, its page's URL, and (what, text) that must be on the page."""


def expectations(catalogue: Catalogue, publish_personal_contacts: bool) -> list[Expectation]:
    """What each response page must show: plain strings, so they can be kept between builds."""
    return expectations_for(catalogue.entries, publish_personal_contacts)


def expectations_for(entries, publish_personal_contacts: bool) -> list[Expectation]:
    """`expectations` for some of the catalogue's entries, in their order."""
    return [(entry.path, response_url(entry), [(what, fold(text)) for what, text in
                                                _expected(entry, publish_personal_contacts)])
            for entry in entries]


def check_pages(site_dir: Path, expected: list[Expectation]) -> list[Missing]:
    """Everything expected that its built page does not show; empty when nothing is lost."""
    missing = []
    for path, url, items in expected:
        page = site_dir / url / "index.html"
        if not page.is_file():
            missing.append(Missing(path, "the response page", str(page.relative_to(site_dir))))
            continue
        shown = page_text(page.read_text(encoding="utf-8"))
        for what, text in items:
            if text not in shown:
                missing.append(Missing(path, what, text))
    return missing


class NothingLost(BuildFailed):
    """The built site does not show everything in content/."""

    def __init__(self, missing: list):
        super().__init__("foilog: the built site does not show everything in content/; nothing was published.\n"
                         + "\n".join(str(m) for m in missing))
        self.missing = missing


def check_nothing_lost(site: Path, expected: list[Expectation]) -> None:
    """NothingLost unless every answer, value and notice of content/ is on its built page."""
    missing = check_pages(site, expected)
    if missing:
        raise NothingLost(missing)
