"""Which of the authorities a question set was sent to have replied, and how to ask the rest.

A question set's `sent_to` describes its audience in the register's terms (nations, kinds
of authority, single codes added or left out). Coverage turns that into the authorities
that existed on the set's reference date, matches them against the responses in the log,
and lists the rest with links that start the same request on WhatDoTheyKnow.
When each authority existed is worked out in `succession`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal
from urllib.parse import quote, urlencode

from .catalogue import Catalogue, Entry
from .formatting import format_date
from .memo import kept_by_identity
from .models import AUTHORITY_TYPE_CODES, Audience, QuestionSet
from .register import Council, Register
from .succession import all_successors, existed_on, last_day, successors_on

DateBasis = Literal["sent", "as_of", "year", "today"]

YEAR_DAY = (4, 1)
"""For a question set with only the year it was sent: the authorities of 1 April of that
year are meant. Councils are created and abolished on 1 April, so those are the
authorities of the rest of the year (nine months of it), and a request is not counted
against a council that did not yet exist."""

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

REGISTER_HISTORY_FROM = dt.date(2009, 4, 1)
"""The register lacks the councils abolished in the English reorganisation of 1 April 2009
(Bedfordshire, Cheshire and the districts of seven counties), so for an earlier date the
list of authorities it gives is incomplete."""

LETTER_OPENING = "Please provide the following information."

_DIGITS = re.compile(r"[0-9]+")

_KIND_NAMES = {
    "county": "county councils",
    "unitary": "unitary authorities",
    "metropolitan_district": "metropolitan districts",
    "london_borough": "London boroughs",
    "city_corporation": "the City of London",
    "non_metropolitan_district": "district councils",
    "scottish_unitary": "Scottish councils",
    "welsh_unitary": "Welsh principal authorities",
    "ni_district": "Northern Ireland district councils",
    "combined_authority": "combined authorities",
    "strategic_authority": "the Greater London Authority",
}


# --- the audience ------------------------------------------------------------------------


def reference_date(qs: QuestionSet, today: dt.date) -> tuple[dt.date, DateBasis]:
    """The day whose authorities a question set was meant for, and where it came from:
    the day it was sent, else its audience's `as_of`, else 1 April of the year it was sent
    (`YEAR_DAY`), else today."""
    if qs.sent is not None:
        return qs.sent, "sent"
    if qs.sent_to is not None and qs.sent_to.as_of is not None:
        return qs.sent_to.as_of, "as_of"
    if qs.year is not None:
        return dt.date(qs.year, *YEAR_DAY), "year"
    return today, "today"


def date_note(qs: QuestionSet, day: dt.date, basis: DateBasis) -> str:
    """Which day's authorities a question set was meant for, and why, in words."""
    if basis == "sent":
        return f"the authorities that existed when the request was sent, on {format_date(day)}"
    if basis == "as_of":
        return f"the authorities that existed on {format_date(day)}"
    if basis == "year":
        return (f"sent in {qs.year} (date not recorded): the authorities that existed on {format_date(day)}, "
                "when that year's changes to councils took effect")
    return "sent date not known; authorities as the register lists them today"


def audience_note(qs: QuestionSet) -> str | None:
    """Whom a question set was meant for, as a sentence for its downloads' description; None
    when it does not say. Without a date or year, the day is the build's, which a download
    does not record."""
    if qs.sent_to is None:
        return None
    if qs.sent is None and qs.year is None and qs.sent_to.as_of is None:
        note = "sent date not known; authorities as the register lists them on the day the site was built"
    else:
        note = date_note(qs, *reference_date(qs, dt.date.min))
    return f"Meant for: {describe_audience(qs.sent_to)}; {note}."


def councils_meant_for(register: Register, audience: Audience, on_date: dt.date) -> list[Council]:
    """The authorities an audience names that existed on the day, by name.

    Authorities of the given nations and kinds, plus those in `include`, less those in
    `exclude`. When neither nations nor kinds are given, an audience with an `include` list
    means exactly those authorities, and one without means every authority in the
    register. Other public bodies (NHS trusts and the like) are only ever meant by name.
    """
    codes = {AUTHORITY_TYPE_CODES[t] for t in audience.types}
    by_filter = bool(audience.nations or audience.types) or not audience.include
    chosen: dict[str, Council] = {}
    if by_filter:
        for council in register.councils.values():
            if council.type_code == "OTHER":
                continue
            if audience.nations and council.nation not in audience.nations:
                continue
            if codes and council.type_code not in codes:
                continue
            chosen[council.code] = council
    for code in audience.include:
        council = register.get(code)
        if council is not None:
            chosen[code] = council
    for code in audience.exclude:
        chosen.pop(code, None)
    meant = [c for c in chosen.values() if existed_on(c, on_date, register)]
    return sorted(meant, key=lambda c: (c.nice_name.casefold(), c.code))


def describe_audience(audience: Audience) -> str:
    """The audience in words: its own description, or one made from its filters."""
    if audience.description:
        return audience.description
    if not (audience.nations or audience.types):
        return "The authorities named" if audience.include else "Every authority in the register"
    kinds = [_KIND_NAMES.get(t, t) for t in audience.types]
    text = (", ".join(kinds[:-1]) + " and " + kinds[-1]) if len(kinds) > 1 else "".join(kinds) or "authorities"
    if audience.nations:
        text += " in " + " and ".join(audience.nations)
    return text[0].upper() + text[1:]


# --- asking on WhatDoTheyKnow -------------------------------------------------------------------


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


# --- coverage ------------------------------------------------------------------------------------


def _region(council: Council, register: Register) -> str:
    """The council's region; for an abolished council the register left without one, its
    successor's; failing both, its nation."""
    if council.region:
        return council.region
    for successor in all_successors(council, register):
        if successor.region:
            return successor.region
    return f"{council.nation} (region not recorded)" if council.nation else "Region not recorded"


@dataclass(frozen=True)
class Coverage:
    """How many of the authorities a question set was meant for have a response in the log.

    `intended` are the authorities the set's audience names on `reference_date`, which is
    the day it was sent (`date_basis` "sent"), its audience's `as_of` ("as_of"), 1 April of
    the year it was sent ("year"), or the day of the build ("today"). `covered` pairs each
    authority that has replied with the
    response that covers it: its own, or for an authority abolished since, a successor's.
    `also_replied` are responses from authorities outside the audience; they do not count.
    """

    question_set: QuestionSet
    reference_date: dt.date
    date_basis: DateBasis
    intended: list[Council]
    covered: list[tuple[Council, Entry]]
    missing: list[Council]
    also_replied: list[Entry]
    register: Register = field(repr=False, compare=False)

    @property
    def description(self) -> str:
        """The audience in words."""
        assert self.question_set.sent_to is not None
        return describe_audience(self.question_set.sent_to)

    @property
    def date_note(self) -> str:
        """Which day's authorities are meant, in words."""
        return date_note(self.question_set, self.reference_date, self.date_basis)

    @property
    def register_incomplete(self) -> bool:
        """True when the reference date is before the register's history begins."""
        return self.reference_date < REGISTER_HISTORY_FROM

    @property
    def percent(self) -> float | None:
        """Covered as a share of intended, to one decimal place; None when the audience is
        empty. Never rounds to 100 while any authority is missing, nor to 0 once any has
        replied."""
        if not self.intended:
            return None
        share = round(100 * len(self.covered) / len(self.intended), 1)
        if self.missing and share >= 100:
            return 99.9
        if self.covered and share <= 0:
            return 0.1
        return share

    @property
    def percent_text(self) -> str:
        """The percentage for display: "42%", "0.7%"; empty when the audience is empty."""
        share = self.percent
        if share is None:
            return ""
        return f"{share:.0f}%" if share == int(share) else f"{share:.1f}%"

    def missing_by_region(self) -> list[tuple[str, list[Council]]]:
        """The authorities yet to reply, by region, regions and names in alphabetical order."""
        groups: dict[str, list[Council]] = {}
        for council in self.missing:
            groups.setdefault(_region(council, self.register), []).append(council)
        return [(region, sorted(groups[region], key=lambda c: (c.nice_name.casefold(), c.code)))
                for region in sorted(groups, key=str.casefold)]

    def ask_links(self, council: Council, today: dt.date | None = None) -> list[AskLink]:
        """Links to ask one of the missing authorities (see `ask_links`)."""
        return ask_links(council, self.question_set, self.register, today)


def coverage_for(catalogue: Catalogue, qs: QuestionSet, today: dt.date) -> Coverage | None:
    """The coverage of a question set, or None when it does not say whom it was sent to."""
    return catalogue.memo(("coverage", id(qs), today), lambda: (qs, _coverage(catalogue, qs, today)))[1]


def _coverage(catalogue: Catalogue, qs: QuestionSet, today: dt.date) -> Coverage | None:
    if qs.sent_to is None:
        return None
    register = catalogue.register
    on_date, basis = reference_date(qs, today)
    intended = councils_meant_for(register, qs.sent_to, on_date)
    entries = sorted(catalogue.entries_for_set(qs.id), key=lambda e: (e.council.nice_name.casefold(), e.council.code))
    by_code = {e.council.code: e for e in entries}
    used: set[str] = set()
    covered: list[tuple[Council, Entry]] = []
    missing: list[Council] = []
    for council in intended:
        entry = by_code.get(council.code)
        if entry is None and not existed_on(council, today, register):
            entry = next((by_code[s.code] for s in all_successors(council, register) if s.code in by_code), None)
        if entry is None:
            missing.append(council)
        else:
            covered.append((council, entry))
            used.add(entry.council.code)
    meant = {c.code for c in intended}
    also = [e for e in entries if e.council.code not in meant and e.council.code not in used]
    return Coverage(qs, on_date, basis, intended, covered, missing, also, register)


def sets_missing_from(catalogue: Catalogue, council: Council, today: dt.date) -> list[QuestionSet]:
    """Question sets meant for this authority that it has not replied to (nor, when it has
    been abolished since, any of its successors), oldest first."""
    out: list[tuple[dt.date, str, QuestionSet]] = []
    for qs in catalogue.question_sets.values():
        coverage = coverage_for(catalogue, qs, today)
        if coverage is None:
            continue
        missing = catalogue.memo(("missing_codes", id(qs), today), lambda: (qs, {c.code for c in coverage.missing}))[1]
        if council.code in missing:
            out.append((coverage.reference_date, qs.title, qs))
    return [qs for _, _, qs in sorted(out, key=lambda t: (t[0], t[1].casefold()))]
