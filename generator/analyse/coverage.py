"""Which of the authorities a question set was sent to have replied, and how to ask the rest.

A question set's `sent_to` describes its audience in the register's terms (nations, kinds
of authority, single codes added or left out). Coverage turns that into the authorities
that existed on the set's reference date, matches them against the responses in the log,
and lists the rest with links that start the same request on WhatDoTheyKnow (`asking`).
When each authority existed is worked out in `succession`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from generator.analyse.asking import AskLink, ask_links
from generator.load.catalogue import Catalogue, Entry
from generator.analyse.formatting import format_date
from generator.load.models import Audience, QuestionSet
from generator.load.vocabulary import AUTHORITY_TYPE_CODES
from generator.load.register import Council, Register
from generator.load.succession import all_successors, existed_on

DateBasis = Literal["sent", "as_of", "year", "today"]

YEAR_DAY = (4, 1)
"""For a question set with only the year it was sent: the authorities of 1 April of that
year are meant. Councils are created and abolished on 1 April, so those are the
authorities of most of the year, and a request is not counted against a council that did
not yet exist."""

REGISTER_HISTORY_FROM = dt.date(2009, 4, 1)
"""The register lacks the councils abolished in the English reorganisation of 1 April 2009
(Bedfordshire, Cheshire and the districts of seven counties), so for an earlier date the
list of authorities it gives is incomplete."""

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
    day, basis = reference_date(qs, dt.date.today())
    if basis == "today":
        note = "sent date not known; authorities as the register lists them on the day the site was built"
    else:
        note = date_note(qs, day, basis)
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


# --- coverage ------------------------------------------------------------------------------------


def region_of(council: Council, register: Register) -> str:
    """The council's region; for an abolished council the register left without one, its
    successor's; failing both, its nation."""
    if council.region:
        return council.region
    for successor in all_successors(council, register):
        if successor.region:
            return successor.region
    return f"{council.nation} (region not recorded)" if council.nation else "Region not recorded"


AWAITING_OUTCOMES = frozenset({"waiting_response"})
"""Response outcomes that mean the council has not replied yet. A council that asked for
clarification, or whose reply is under internal review, has replied."""


def is_awaiting(entry: Entry) -> bool:
    """Whether a response in the log is still waiting for the council's reply."""
    return entry.response.outcome in AWAITING_OUTCOMES


class Covered(NamedTuple):
    """An authority a question set was meant for, and the response in the log that covers
    it: its own, or for an authority abolished since, a successor's."""

    council: Council
    entry: Entry


@dataclass(frozen=True)
class Coverage:
    """How many of the authorities a question set was meant for have replied.

    `intended` are the authorities the set's audience names on `reference_date`, which is
    the day it was sent (`date_basis` "sent"), its audience's `as_of` ("as_of"), 1 April of
    the year it was sent ("year"), or the day of the build ("today"). `covered` are those
    with a response in the log, `replied` and `awaiting` the two kinds of them; `missing`
    are those with nothing in this log (they may have replied elsewhere). `also_replied`
    are responses from authorities outside the audience; they do not count.
    """

    question_set: QuestionSet
    reference_date: dt.date
    date_basis: DateBasis
    intended: list[Council]
    covered: list[Covered]
    missing: list[Council]
    also_replied: list[Entry]
    register: Register = field(repr=False, compare=False)

    @property
    def replied(self) -> list[Covered]:
        """The authorities whose reply is in the log."""
        return [c for c in self.covered if not is_awaiting(c.entry)]

    @property
    def awaiting(self) -> list[Covered]:
        """The authorities whose response in the log still awaits their reply."""
        return [c for c in self.covered if is_awaiting(c.entry)]

    @property
    def figures_text(self) -> str:
        """The three counts in words: "2 of the 151 authorities it was meant for have replied
        (1.3%); 1 is awaiting a response; 148 are not in this log." """
        n, replied, awaiting, missing = len(self.intended), len(self.replied), len(self.awaiting), len(self.missing)
        share = f" ({self.percent_text})" if self.percent_text else ""
        return (f"{replied} of the {n} authorit{'y' if n == 1 else 'ies'} it was meant for "
                f"ha{'s' if replied == 1 else 've'} replied{share}; "
                f"{awaiting} {'is' if awaiting == 1 else 'are'} awaiting a response; "
                f"{missing} {'is' if missing == 1 else 'are'} not in this log.")

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
        """Those that replied as a share of intended, to one decimal place; None when the
        audience is empty. Never rounds to 100 while any authority has not replied, nor to 0
        once any has."""
        if not self.intended:
            return None
        replied = len(self.replied)
        share = round(100 * replied / len(self.intended), 1)
        if replied < len(self.intended) and share >= 100:
            return 99.9
        if replied and share <= 0:
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
        """The authorities not in this log, by region, regions and names in alphabetical order."""
        groups: dict[str, list[Council]] = {}
        for council in self.missing:
            groups.setdefault(region_of(council, self.register), []).append(council)
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
    covered: list[Covered] = []
    missing: list[Council] = []
    for council in intended:
        entry = by_code.get(council.code)
        if entry is None and not existed_on(council, today, register):
            entry = next((by_code[s.code] for s in all_successors(council, register) if s.code in by_code), None)
        if entry is None:
            missing.append(council)
        else:
            covered.append(Covered(council, entry))
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
