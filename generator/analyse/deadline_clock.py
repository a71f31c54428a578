"""How a request's clock runs under each law: the time limits, and what a reply's events
do to the clock (a clarification received starts it again, a fees notice stops it until
the fee is paid, the council may extend the time)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, NamedTuple

from generator.analyse.formatting import long_date

if TYPE_CHECKING:
    from generator.load.models import Event, Response

#: The time limit, in working days, under each regime.
TIME_LIMIT: dict[str, int] = {"FOIA": 20, "EIR": 20, "FOISA": 20, "EIRS": 20}

#: The longest time the Environmental Information Regulations allow for complex and
#: voluminous requests (EIR reg. 7(1); EIRS reg. 7(1)).
EIR_EXTENDED_LIMIT = 40


def sorted_events(response: Response) -> list[Event]:
    """Events in date order; events on the same day keep the order they were written in."""
    return sorted(response.dates.events, key=lambda e: e.date)


@dataclass(frozen=True)
class Clarification:
    clock_start: dt.date  # day 0: the receipt, or the last clarification received
    asked_on: dt.date | None  # when the clarification that restarted the clock was asked for
    pending: dt.date | None  # a request for clarification not yet answered


def clarification_of(events: list[Event], received: dt.date) -> Clarification:
    """Read the clarification events: the last clarification received restarts the clock,
    and a request for clarification written after it is still open."""
    clock_start, asked_on, pending = received, None, None
    for e in events:
        if e.date < received:
            continue
        if e.event == "clarification_requested":
            if pending is None:
                pending = e.date
        elif e.event == "clarification_received":
            clock_start = e.date
            asked_on, pending = pending, None
    return Clarification(clock_start, asked_on, pending)


def fee_periods(events: list[Event]) -> tuple[list[tuple[dt.date, dt.date]], dt.date | None]:
    """Pair each fees notice with the next payment: the closed periods, and the date of a
    notice still unpaid (None when there is none)."""
    periods: list[tuple[dt.date, dt.date]] = []
    unpaid: dt.date | None = None
    for e in events:
        if e.event == "fees_notice" and unpaid is None:
            unpaid = e.date
        elif e.event == "fees_paid" and unpaid is not None:
            periods.append((unpaid, e.date))
            unpaid = None
    return periods, unpaid


class Extension(NamedTuple):
    """The date a council extended its deadline to (None when it did not), and the
    sentence saying so."""

    extended_to: dt.date | None
    text: str


def extension(events: list[Event], clock_start: dt.date, law: str,
              nth_counted: Callable[[int], dt.date]) -> Extension:
    """The council's own extension: the latest deadline_extended event from day 0 on. An
    EIR extension without a date of its own runs to the 40th working day, as
    `nth_counted` counts them."""
    extended_to: dt.date | None = None
    extension_text = ""
    for e in events:
        if e.event != "deadline_extended" or e.date < clock_start:
            continue
        if e.due is not None:
            extended_to = e.due
            extension_text = f"On {long_date(e.date)} the council extended the deadline to {long_date(e.due)}."
        elif law in ("EIR", "EIRS"):
            extended_to = nth_counted(EIR_EXTENDED_LIMIT)
            extension_text = (
                f"On {long_date(e.date)} the council extended the time to {EIR_EXTENDED_LIMIT} working days, "
                f"as regulation 7 of the {'Scottish ' if law == 'EIRS' else ''}Environmental Information "
                f"Regulations allows for complex and voluminous requests: {long_date(extended_to)}."
            )
    return Extension(extended_to, extension_text)
