"""Links that ask an authority a question set's questions on WhatDoTheyKnow: a new request
with the set's title and letter filled in, sent to the authority itself or, for one
abolished since, to each authority that took over its work."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlencode

from generator.common.memo import kept_by_identity
from generator.load.models import QuestionSet
from generator.load.register import Council, Register
from generator.load.succession import existed_on, last_day, successors_on

WDTK_NEW_REQUEST = "https://www.whatdotheyknow.com/new/"
# The page where WhatDoTheyKnow asks which authority a new request is for; its search box
# submits `query`.
WDTK_SELECT_AUTHORITY = "https://www.whatdotheyknow.com/select_authority"
"""Alaveteli's "start a request to this authority" address; the authority's WhatDoTheyKnow
url name or numeric id follows."""

WDTK_TAG = "foilog"
"""The tag every request started from this site carries on WhatDoTheyKnow."""

MAX_URL_LENGTH = 6000
"""Longer request links lose the pre-filled letter: web servers commonly refuse request
lines over 8 KB, and a link that fails is worse than one that asks the reader to copy the
questions."""

LETTER_OPENING = "Please provide the following information."

_DIGITS = re.compile(r"[0-9]+")



def _label(number: str | None, position: int) -> str:
    return (number or str(position)).strip().rstrip(".")


def _part_label(parent: str, number: str | None, position: int) -> str:
    if number is None:
        suffix = chr(ord("a") + position) if position < 26 else str(position + 1)
        return parent + suffix
    number = number.strip().rstrip(".")
    return number if number.startswith(parent) else parent + number


def _lines(label: str, text: str) -> list[str]:
    body = [line.rstrip() for line in text.strip().splitlines()]
    return [f"{label}. {body[0]}", *body[1:]]


@kept_by_identity(4096)
def request_letter(qs: QuestionSet) -> str:
    """The questions of a set as the plain text of a new request (see `_request_letter`);
    worked out once per question set object."""
    return _request_letter(qs)


def _request_letter(qs: QuestionSet) -> str:
    """The questions of a set as the plain text of a new request: one numbered paragraph a
    question, its sub-questions on their own lines ("7a. …"), headings where the request
    had them. Questions the request left unnumbered are numbered by their place."""
    paragraphs: list[list[str]] = []
    heading: str | None = None
    for i, question in enumerate(qs.questions, start=1):
        if question.heading and question.heading != heading:
            paragraphs.append([question.heading.strip()])
        heading = question.heading
        label = _label(question.number, i)
        lines = _lines(label, question.text)
        for j, part in enumerate(question.parts):
            lines += _lines(_part_label(label, part.number, j), part.text)
        paragraphs.append(lines)
    return "\n\n".join([LETTER_OPENING, *("\n".join(p) for p in paragraphs)])


def wdtk_request_url(wdtk_id: str, title: str, letter: str | None, tags: str = WDTK_TAG) -> str:
    """A WhatDoTheyKnow link that starts a request to the authority with this numeric id,
    its summary and letter filled in; every value is percent-encoded."""
    if not _DIGITS.fullmatch(wdtk_id):
        raise ValueError(f"not a WhatDoTheyKnow id: {wdtk_id!r}")
    return WDTK_NEW_REQUEST + wdtk_id + "?" + _request_query(title, letter, tags)


@lru_cache(maxsize=256)
def _request_query(title: str, letter: str | None, tags: str) -> str:
    """The percent-encoded query of a new-request link: the same for every authority."""
    params = {"title": " ".join(title.split())}
    if letter is not None:
        params["default_letter"] = letter
    params["tags"] = tags
    return urlencode(params, quote_via=quote, safe="")


@dataclass(frozen=True)
class AskLink:
    """One way for a reader to send a question set to an authority that has not replied.

    `council` is the authority the link writes to; `instead_of` the abolished authority
    the question set was meant for, when the link goes to its successor. `url` is None when
    the register has no WhatDoTheyKnow id for the authority; `note` says so, or says why
    the link goes to a successor, or that the questions were too long to fill in.
    """

    council: Council
    url: str | None
    note: str
    instead_of: Council | None = None
    letter_included: bool = False

    @property
    def search_url(self) -> str | None:
        """Without an id, a search for the authority's name on WhatDoTheyKnow's page for
        starting a request, so a reader can still find it there."""
        if self.url is not None:
            return None
        return WDTK_SELECT_AUTHORITY + "?" + urlencode({"query": self.council.official_name}, quote_via=quote, safe="")


def _link_to(target: Council, qs: QuestionSet, letter: str) -> tuple[str | None, bool, str]:
    if not _DIGITS.fullmatch(target.wdtk_id or ""):
        return None, False, f"{target.official_name} has no WhatDoTheyKnow id in the register, so no request can be filled in for it."
    url = wdtk_request_url(target.wdtk_id, qs.title, letter)
    if len(url) <= MAX_URL_LENGTH:
        return url, True, ""
    return (wdtk_request_url(target.wdtk_id, qs.title, None), False,
            "The questions are too long to fill in; copy them from this page.")


def ask_links(council: Council, qs: QuestionSet, register: Register,
              today: dt.date | None = None) -> list[AskLink]:
    """Links to ask an authority the questions of a set on WhatDoTheyKnow.

    An authority that still exists gets one link to itself. One abolished since gets one
    link to each of the authorities that took over its work, each saying so. An authority
    without a WhatDoTheyKnow id in the register gets no link, never a guessed one.
    """
    today = today or dt.date.today()
    letter = request_letter(qs)
    if existed_on(council, today, register):
        url, included, note = _link_to(council, qs, letter)
        return [AskLink(council, url, note, None, included)]
    successors = successors_on(council, today, register)
    if not successors:
        return [AskLink(council, None, f"{council.official_name} no longer exists and the register "
                                       "names no authority that took over its work.")]
    links = []
    for successor in successors:
        url, included, note = _link_to(successor, qs, letter)
        ended = last_day(council, register)
        since = f" in {(ended + dt.timedelta(days=1)).year}" if ended else ""
        moved = f"{council.official_name} was replaced by {successor.official_name}{since}; ask them instead."
        links.append(AskLink(successor, url, " ".join(x for x in (moved, note) if x), council, included))
    return links
