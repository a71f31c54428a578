"""Working days as each law defines them, and the days a count of them leaves out.

The four regimes a council can answer under all give it 20 working days:

* FOIA s.10(1) and EIR reg. 5(2): reply no later than the 20th working day following the
  date of receipt. FOIA s.10(6) (which EIR reg. 2(1) adopts) defines a working day as any
  day other than a Saturday, a Sunday, Christmas Day, Good Friday or a day that is a bank
  holiday under the Banking and Financial Dealings Act 1971 in *any* part of the United
  Kingdom. An English council therefore does not count St Patrick's Day (Northern Ireland)
  or St Andrew's Day (Scotland).
* FOISA s.10(1) and s.73, and the Scottish EIR: a working day is any day other than a
  Saturday, a Sunday, Christmas Day or a bank holiday in Scotland. Easter Monday is a
  working day there; 2 January and St Andrew's Day are not.

Bank holidays come from the maintained ``holidays`` package (``holidays.UK`` with the
subdivisions ENG, WLS, SCT and NIR), which includes one-off days such as the 2022 State
Funeral and substitute days. Christmas Day and Good Friday are named by the statutes
themselves, so they are never working days whatever the package says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import holidays
from dateutil.easter import easter

from generator.analyse.formatting import WEEKDAYS, long_date, plural

#: The parts of the United Kingdom, as ``holidays.UK`` names its subdivisions, in the order
#: they are listed in explanations.
UK_PARTS: dict[str, str] = {
    "ENG": "England",
    "WLS": "Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
}

#: Whose bank holidays stop the clock under each regime.
_PARTS_FOR: dict[str, tuple[str, ...]] = {
    "FOIA": ("ENG", "WLS", "SCT", "NIR"),
    "EIR": ("ENG", "WLS", "SCT", "NIR"),
    "FOISA": ("SCT",),
    "EIRS": ("SCT",),
}

#: Days the working-day definition names itself, apart from bank holidays.
_NAMED_DAYS: dict[str, frozenset[str]] = {
    "FOIA": frozenset({"Christmas Day", "Good Friday"}),
    "EIR": frozenset({"Christmas Day", "Good Friday"}),
    "FOISA": frozenset({"Christmas Day"}),
    "EIRS": frozenset({"Christmas Day"}),
}


def join_words(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _tidy_name(name: str) -> str:
    """The package's "(observed)" is what the UK calls a substitute day."""
    return name.replace(" (observed)", " (substitute day)")


@dataclass(frozen=True)
class SkippedDay:
    """A day the count of working days leaves out, and why.

    ``reason`` is "Saturday" or "Sunday" for a weekend day (even when a holiday also falls
    on it), "Christmas Day" or "Good Friday" where the statute names the day, and otherwise
    "Bank holiday in <parts of the UK>: <name>". ``name`` is the short form used in running
    text: the weekday, the holiday's name, or "<name> in <parts>" for a bank holiday that
    only some of the parts of the UK that count have.
    """

    date: dt.date
    reason: str
    name: str

    @property
    def weekend(self) -> bool:
        return self.date.weekday() >= 5


class WorkingCalendar:
    """Working days as one regime defines them.

    FOIA and EIR use the union of the bank holidays of England, Wales, Scotland and
    Northern Ireland; FOISA and EIRS use Scotland's alone. Years are computed by the
    ``holidays`` package as dates in them are asked about.
    """

    def __init__(self, legislation: str) -> None:
        if legislation not in _PARTS_FOR:
            raise ValueError(f"unknown legislation {legislation!r}; expected one of {sorted(_PARTS_FOR)}")
        self.legislation = legislation
        self.parts: tuple[str, ...] = _PARTS_FOR[legislation]
        self._named = _NAMED_DAYS[legislation]
        self._bank = {part: holidays.UK(subdiv=part) for part in self.parts}
        self._skipped: dict[dt.date, SkippedDay | None] = {}
        self._memo: dict[tuple, object] = {}

    def __repr__(self) -> str:
        return f"WorkingCalendar({self.legislation!r})"

    def _statute_day(self, d: dt.date) -> str | None:
        if "Christmas Day" in self._named and (d.month, d.day) == (12, 25):
            return "Christmas Day"
        if "Good Friday" in self._named and d == easter(d.year) - dt.timedelta(days=2):
            return "Good Friday"
        return None

    def _bank_holidays(self, d: dt.date) -> dict[str, tuple[str, ...]]:
        """Each bank holiday name ``d`` has, with the parts of the UK that have it."""
        where: dict[str, list[str]] = {}
        for part in self.parts:
            for name in self._bank[part].get_list(d):
                where.setdefault(_tidy_name(name), []).append(part)
        return {name: tuple(parts) for name, parts in where.items()}

    def bank_holiday(self, d: dt.date) -> str | None:
        """What bank holiday ``d`` is, and where: "Bank holiday in Scotland: Saint
        Andrew's Day". When the parts of the UK name the day differently, each name is
        given with its parts. None when it is not a bank holiday in the parts that count."""
        where = self._bank_holidays(d)
        if not where:
            return None
        groups: dict[tuple[str, ...], list[str]] = {}
        for name, parts in where.items():
            groups.setdefault(parts, []).append(name)
        ordered = sorted(groups.items(), key=lambda kv: -len(kv[0]))
        text = "; ".join(
            f"bank holiday in {join_words([UK_PARTS[p] for p in parts])}: {', '.join(names)}"
            for parts, names in ordered
        )
        return text[0].upper() + text[1:]

    def skipped_day(self, d: dt.date) -> SkippedDay | None:
        """``d`` with the reason it is not a working day, or None when it is one."""
        try:
            return self._skipped[d]
        except KeyError:
            found = self._skipped[d] = self._skipped_day(d)
            return found

    def _skipped_day(self, d: dt.date) -> SkippedDay | None:
        if d.weekday() >= 5:
            weekday = WEEKDAYS[d.weekday()]
            return SkippedDay(d, weekday, weekday)
        named = self._statute_day(d)
        if named:
            return SkippedDay(d, named, named)
        where = self._bank_holidays(d)
        if not where:
            return None
        short = [name if len(parts) == len(self.parts) else f"{name} in {join_words([UK_PARTS[p] for p in parts])}"
                 for name, parts in where.items()]
        return SkippedDay(d, self.bank_holiday(d) or "", join_words(short))

    def is_working_day(self, d: dt.date) -> bool:
        return self.skipped_day(d) is None

    def next_working_day(self, d: dt.date) -> dt.date:
        """``d`` itself when it is a working day, otherwise the first working day after it."""
        while not self.is_working_day(d):
            d += dt.timedelta(days=1)
        return d

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The ``n``th working day after ``start`` (``start`` itself is day 0 and is not
        counted, whatever day it is). ``n`` = 0 gives ``start``."""
        if n < 0:
            raise ValueError("n must not be negative")
        found = self._memo.get(("add", start, n))
        if found is None:
            d, left = start, n
            while left:
                d += dt.timedelta(days=1)
                if self.is_working_day(d):
                    left -= 1
            found = self._remember(("add", start, n), d)
        return found

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days fall after ``start``, up to and including ``end``."""
        if end < start:
            raise ValueError(f"end ({end}) is before start ({start})")
        found = self._memo.get(("between", start, end))
        if found is None:
            found = self._remember(("between", start, end),
                                   sum(1 for d in days_after(start, end) if self.is_working_day(d)))
        return found

    def non_working_days(self, start: dt.date, end: dt.date) -> tuple[SkippedDay, ...]:
        """Every day after ``start``, up to and including ``end``, that is not a working
        day, with its reason."""
        found = self._memo.get(("skipped", start, end))
        if found is None:
            found = self._remember(("skipped", start, end),
                                   tuple(s for s in map(self.skipped_day, days_after(start, end)) if s is not None))
        return found

    # Replies to one batch request are received and sent on a few dates: the same spans
    # are counted again and again. At most this many answers are kept.
    MEMO_SIZE = 100_000

    def _remember(self, key: tuple, value):
        if len(self._memo) >= self.MEMO_SIZE:
            self._memo.clear()
        self._memo[key] = value
        return value


def days_after(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    d = start + dt.timedelta(days=1)
    while d <= end:
        yield d
        d += dt.timedelta(days=1)


@lru_cache(maxsize=None)
def calendar_for(legislation: str) -> WorkingCalendar:
    """The working-day calendar of a regime, built once and shared."""
    return WorkingCalendar(legislation)


def skip_text(days: tuple[SkippedDay, ...]) -> tuple[str, str]:
    """How many days were left out ("8 weekend days and 2 holidays"), and a sentence
    naming the holidays ("" when there are none)."""
    weekend = sum(1 for s in days if s.weekend)
    other = [s for s in days if not s.weekend]
    counts = []
    if weekend:
        counts.append(plural(weekend, "weekend day"))
    if other:
        counts.append(plural(len(other), "holiday"))
    listed = "; ".join(f"{long_date(s.date)}, {s.name}" for s in other)
    return join_words(counts), (f"Holidays left out: {listed}." if other else "")
