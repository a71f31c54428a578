"""Statutory response deadlines, worked out day by day so that every figure can be checked.

How the clock runs:

* The day of receipt is day 0; the deadline is the 20th working day after it.
* When the council asks for clarification, the clock starts again from the day the
  clarification is received (FOIA s.1(3) and s.10(6)): that day becomes day 0.
* From the day a fees notice is given to the day the fee is paid, both included, working
  days are not counted (FOIA s.10(2), FOISA s.10(2)); the same pause is applied to EIR
  charges.
* Under the EIR a council may extend the time to 40 working days (reg. 7). A council's
  own new date, given with a ``deadline_extended`` event, is recorded beside the statutory
  date and never replaces it.
* A reply dated on a day that is not a working day is counted as given on the next
  working day, as documents served on a non-business day are treated in court procedure.
  Whether a reply was on time is decided by its date alone.

Nothing here guesses a date: when the date of receipt, or of a reply that was sent, is not
recorded, the verdict is ``unknown``.

Working days are counted as working_days.py defines them for each law, and the clock
is started, stopped and started again as deadline_clock.py reads a reply's events.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.analyse.deadline_clock import TIME_LIMIT, clarification_of, extension, fee_periods, sorted_events
from generator.analyse.formatting import long_date, plural
from generator.analyse.working_days import WorkingCalendar, calendar_for, days_after, skip_text

if TYPE_CHECKING:
    from generator.load.models import Response

__all__ = [
    "DEADLINE_STATUSES",
    "Deadline",
    "DeadlineSummary",
    "WorkingCalendar",
    "calendar_for",
    "deadline_for",
    "summarise",
]

#: Every status a deadline can have, with a short label for tables.
DEADLINE_STATUSES: dict[str, str] = {
    "on_time": "On time",
    "on_time_extended": "On time by an extended date",
    "late": "Late",
    "awaiting": "Awaiting reply",
    "awaiting_extended": "Awaiting reply (extended)",
    "overdue": "Overdue",
    "on_hold": "Clock stopped",
    "closed": "No reply due",
    "unknown": "Unknown",
}

_REPLIED = {"on_time", "on_time_extended", "late"}
#: Outcomes that mean no reply has been sent yet.
_NOT_YET_REPLIED = {"waiting_response", "waiting_clarification"}


@dataclass(frozen=True)
class Deadline:
    """The deadline of one response and how it was met, with the working shown.

    Statuses:

    * ``on_time``: replied on or before the 20th working day (``due``).
    * ``on_time_extended``: replied after ``due`` but on or before the date the council
      itself extended the deadline to (``extended_to``).
    * ``late``: replied after ``due`` (and after any extended date).
    * ``awaiting``: no reply yet and ``as_of`` is on or before ``due``.
    * ``awaiting_extended``: no reply yet, past ``due`` but on or before ``extended_to``.
    * ``overdue``: no reply yet and past ``due`` (and any extended date).
    * ``on_hold``: no reply yet and the clock is stopped, waiting for clarification or for
      a fee; the due date depends on when that arrives, so ``due`` is None.
    * ``closed``: the request was withdrawn, or lapsed for want of clarification, before
      any reply; no deadline applies.
    * ``unknown``: the date of receipt is not recorded, or the reply's date is not (or is
      before receipt), so no verdict can be given. ``due`` is given only when receipt is known.

    ``working_days_taken`` counts the working days after day 0 up to the reply, leaving
    out days while a fee was unpaid; a reply on a non-working day counts as given on
    ``reply_counted_on``, the next working day. ``working_days_late`` counts working days
    after ``due`` up to the reply (or, when overdue, up to ``as_of`` counted the same way):
    0 for ``on_time``, above 0 for ``late``, ``on_time_extended`` and ``overdue``, and None
    otherwise. ``paused`` lists fee periods
    as (notice, payment) with both days included, the payment None while it is awaited.
    """

    legislation: str
    limit: int
    status: str
    as_of: dt.date
    received: dt.date | None = None
    clock_start: dt.date | None = None
    responded: dt.date | None = None
    reply_counted_on: dt.date | None = None
    due: dt.date | None = None
    extended_to: dt.date | None = None
    working_days_taken: int | None = None
    working_days_late: int | None = None
    paused: tuple[tuple[dt.date, dt.date | None], ...] = ()
    explanation: str = ""

    @property
    def label(self) -> str:
        return DEADLINE_STATUSES[self.status]

    @property
    def replied(self) -> bool:
        """True when a dated reply was judged against the deadline."""
        return self.status in _REPLIED


def deadline_for(response: Response, today: dt.date) -> Deadline:
    """Work out the deadline of one response and whether it was met, as of ``today``
    (``today`` matters only while no reply has been sent)."""
    law = response.legislation
    cal = calendar_for(law)
    limit = TIME_LIMIT[law]
    received = response.dates.received
    responded = response.dates.responded
    events = sorted_events(response)
    base = dict(legislation=law, limit=limit, as_of=today, received=received, responded=responded)

    if received is None:
        text = "The date the council received the request is not recorded, so the deadline cannot be worked out."
        if responded is not None:
            text += f" The reply is dated {long_date(responded)}."
        return Deadline(status="unknown", explanation=text, **base)
    if responded is not None and responded < received:
        return Deadline(
            status="unknown", **base,
            explanation=f"The reply is dated {long_date(responded)}, before the request was received on "
            f"{long_date(received)}; one of the dates is wrong, so the deadline cannot be judged.",
        )

    # Only what happened by the reply bears on it.
    if responded is not None:
        events = [e for e in events if e.date <= responded]

    clarification = clarification_of(events, received)
    clock_start, asked_on = clarification.clock_start, clarification.asked_on
    pending_clarification = clarification.pending

    # A fee still unpaid when the council replied pauses the clock up to the reply.
    periods, open_notice = fee_periods(events)
    closed_by_reply: tuple[dt.date, dt.date] | None = None
    if open_notice is not None and responded is not None:
        closed_by_reply = (open_notice, responded)
        periods.append(closed_by_reply)
        open_notice = None
    periods = [(s, e) for s, e in periods if e >= clock_start]
    # What is reported: the periods, plus a notice still unpaid (added below).
    pauses: list[tuple[dt.date, dt.date | None]] = list(periods)

    def paused(d: dt.date) -> bool:
        return any(s <= d <= e for s, e in periods)

    def counted(d: dt.date) -> bool:
        return cal.is_working_day(d) and not paused(d)

    # With nothing paused, the calendar counts alone (and keeps what it counted).
    def nth_counted(n: int) -> dt.date:
        if not periods:
            return cal.add_working_days(clock_start, n)
        d = clock_start
        while n:
            d += dt.timedelta(days=1)
            if counted(d):
                n -= 1
        return d

    def counted_between(start: dt.date, end: dt.date) -> int:
        if not periods:
            return cal.working_days_between(start, end) if end >= start else 0
        return sum(1 for d in days_after(start, end) if counted(d))

    due = nth_counted(limit)

    extended_to, extension_text = extension(events, clock_start, law, nth_counted)

    # --- the working, in words -------------------------------------------------------------
    words: list[str] = []
    if clock_start == received:
        words.append(f"Received {long_date(received)} (day 0).")
    else:
        asked = f"the council asked for clarification on {long_date(asked_on)} and " if asked_on else ""
        words.append(
            f"Received {long_date(received)}; {asked}the clarification was received {long_date(clock_start)}, "
            f"which starts the clock again (day 0)."
        )
    for s, e in periods:
        n = cal.working_days_between(max(s - dt.timedelta(days=1), clock_start), e)
        if (s, e) == closed_by_reply:
            what = f"A fees notice was given {long_date(s)} and no payment is recorded before the reply"
            span = "the notice to the reply"
        else:
            what = f"A fees notice was given {long_date(s)} and the fee paid {long_date(e)}"
            span = "the notice to the payment"
        words.append(f"{what}; the {plural(n, 'working day')} from {span}, both included, are not counted.")

    def due_sentence(d: dt.date) -> str:
        counts, holidays_text = skip_text(cal.non_working_days(clock_start, d))
        leaving = f", and leaving out {counts}," if counts else ""
        return " ".join(filter(None, [
            f"Counting {limit} working days{leaving} the reply was due by {long_date(d)}.", holidays_text]))

    def result(status: str, words: list[str], *, due_known: bool = True, **fields) -> Deadline:
        return Deadline(
            status=status, clock_start=clock_start, due=due if due_known else None, extended_to=extended_to,
            paused=tuple(pauses), explanation=" ".join(words), **fields, **base,
        )

    # --- no reply yet ----------------------------------------------------------------------
    if responded is None:
        withdrawn = next((e for e in events if e.event in ("withdrawn", "clarification_lapsed")), None)
        if response.outcome == "withdrawn" or withdrawn is not None:
            if withdrawn is None:
                words.append("The request was withdrawn before any reply, so no deadline applies.")
            elif withdrawn.event == "withdrawn":
                words.append(f"The request was withdrawn {long_date(withdrawn.date)} before any reply, "
                             "so no deadline applies.")
            else:
                words.append(f"The request lapsed {long_date(withdrawn.date)} because the clarification asked "
                             "for never came, so no deadline applies.")
            return result("closed", words, due_known=False)

        if response.outcome not in _NOT_YET_REPLIED:
            words.append(due_sentence(due))
            words.append("A reply was sent but its date is not recorded, so whether it was on time cannot be said.")
            return result("unknown", words)

        hold = None
        if pending_clarification is not None and pending_clarification <= due:
            hold = (f"The council asked for clarification {long_date(pending_clarification)} and none is recorded, "
                    "so the clock is stopped; it starts again from day 0 when the clarification arrives.")
        elif open_notice is not None and open_notice <= due:
            hold = (f"A fees notice was given {long_date(open_notice)} and no payment is recorded, so the clock "
                    "is stopped until the fee is paid.")
            pauses.append((open_notice, None))
        elif response.outcome == "waiting_clarification" and pending_clarification is None:
            hold = "The request is waiting for clarification from the requester, so the clock is stopped."
        if hold is not None:
            words.append(hold)
            return result("on_hold", words, due_known=False)

        if open_notice is not None:  # given after the deadline had passed
            pauses.append((open_notice, None))
        words.append(due_sentence(due))
        if extension_text:
            words.append(extension_text)
        if today <= due:
            left = counted_between(max(today, clock_start), due)
            words.append(f"No reply recorded as of {long_date(today)}; {plural(left, 'working day')} left.")
            return result("awaiting", words)
        if extended_to is not None and today <= extended_to:
            words.append(f"No reply recorded as of {long_date(today)}: past the {limit}-working-day limit, "
                         "but not yet past the date the council extended it to.")
            return result("awaiting_extended", words)
        counted_today = cal.next_working_day(today)
        late = cal.working_days_between(due, counted_today)
        words.append(f"No reply recorded as of {long_date(today)}: overdue by {plural(late, 'working day')}"
                     + (f" (counting today as {long_date(counted_today)})" if counted_today != today else "")
                     + ".")
        return result("overdue", words, working_days_late=late)

    # --- a dated reply -----------------------------------------------------------------------
    counted_on = cal.next_working_day(responded)
    taken = counted_between(clock_start, counted_on)
    words.append(due_sentence(due))
    if extension_text:
        words.append(extension_text)
    replied = f"Replied {long_date(responded)}"
    if counted_on != responded:
        replied += f", not a working day, so counted as {long_date(counted_on)}"
    replied += f", after {plural(taken, 'working day')}"
    fields = dict(reply_counted_on=counted_on, working_days_taken=taken)
    if responded <= due:
        words.append(f"{replied}: on time.")
        return result("on_time", words, working_days_late=0, **fields)

    late = cal.working_days_between(due, counted_on)
    counts, holidays_text = skip_text(cal.non_working_days(due, counted_on))
    late_by = f"{plural(late, 'working day')} after the due date"
    if extended_to is not None and responded <= extended_to:
        words.append(f"{replied}: {late_by}, but by the date the council extended it to.")
        status = "on_time_extended"
    else:
        words.append(f"{replied}: late, {late_by}.")
        status = "late"
    if counts:
        words.append(f"Between the due date and the reply the count leaves out {counts}.")
        words.append(holidays_text)
    return result(status, list(filter(None, words)), working_days_late=late, **fields)


# --- many responses ------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineSummary:
    """How a group of responses met their deadlines.

    ``n`` counts the dated replies that could be judged (``on_time`` +
    ``on_time_extended`` + ``late``). ``on_time`` counts only replies within the 20
    working days; replies that needed the council's own extension are counted apart in
    ``on_time_extended``. ``median_working_days`` is over those ``n`` replies. Responses
    with unknown dates, those still awaited, overdue or on hold, and closed requests are
    counted but kept out of ``n`` and the median.
    """

    n: int
    on_time: int
    on_time_extended: int
    late: int
    unknown: int
    awaiting: int
    overdue: int
    on_hold: int
    closed: int
    median_working_days: float | None

    def text(self) -> str:
        """One sentence that always states n, e.g. "7 of 9 replied within 20 working
        days (n = 9 with known dates; median 14 working days); 2 with unknown dates"."""
        if self.n:
            median = self.median_working_days
            shown = f"{median:g}"
            head = (f"{self.on_time} of {self.n} replied within 20 working days "
                    f"(n = {self.n} with known dates; median {shown} working day{'' if median == 1 else 's'})")
        else:
            head = "No replies with known dates (n = 0)"
        tail = [f"{n} {words}" for n, words in (
            (self.on_time_extended, "more by a date the council extended it to"),
            (self.unknown, "with unknown dates"),
            (self.awaiting, "awaiting a reply"),
            (self.overdue, "overdue"),
            (self.on_hold, "with the clock stopped"),
            (self.closed, "withdrawn or lapsed"),
        ) if n]
        return "; ".join([head, *tail])


def summarise(deadlines: Iterable[Deadline]) -> DeadlineSummary:
    """Count a group of deadlines by status and take the median time of the judged replies."""
    counts = {status: 0 for status in DEADLINE_STATUSES}
    taken: list[int] = []
    for d in deadlines:
        counts[d.status] += 1
        if d.replied and d.working_days_taken is not None:
            taken.append(d.working_days_taken)
    return DeadlineSummary(
        n=counts["on_time"] + counts["on_time_extended"] + counts["late"],
        on_time=counts["on_time"],
        on_time_extended=counts["on_time_extended"],
        late=counts["late"],
        unknown=counts["unknown"],
        awaiting=counts["awaiting"] + counts["awaiting_extended"],
        overdue=counts["overdue"],
        on_hold=counts["on_hold"],
        closed=counts["closed"],
        median_working_days=float(statistics.median(taken)) if taken else None,
    )


def deadline_of(entry, today: dt.date) -> Deadline:
    """An entry's deadline and how it was met, as of `today`: the one worked out as its
    response was read (load's `derive`, given `deadline_for`) when that was for this day
    and this very response, else worked out now."""
    kept = entry.derived
    if kept is not None and kept.day == today and kept.response is entry.response and isinstance(kept.value, Deadline):
        return kept.value
    return deadline_for(entry.response, today)
