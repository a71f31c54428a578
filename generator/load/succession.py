"""When each authority in the register existed, and which took over from it.

Dates in the register
---------------------
The register's `end-date` is written two ways. For the abolitions of 2015 (Northern
Ireland), 2019 (Dorset, Suffolk, Somerset West and Taunton) and 2020 (Buckinghamshire) it is
the council's last day: Dorset County Council ends 2019-03-31 and Dorset Council starts
2019-04-01. For those of 2021 (Northamptonshire) and 2023 (Cumbria, North Yorkshire,
Somerset) it is the first day without the council, the day its successors start:
Cumbria County Council ends 2023-04-01, the day Cumberland and Westmorland and Furness
start. So an authority exists on a day when

* it has no start date of its own (`Council.came_into_being`) or that date is on
  or before the day, and
* its end date is empty or on or after the day, except that the end date itself does not
  count when one of the authorities that replaced it starts on that same date.

An authority the register marks as no longer current without an end date is taken to end
when the first of its successors starts, and is never counted if it has none. With this
rule exactly one of a predecessor and its successor exists on any day.

The register lists no authority abolished before 2015, and none of the English
reorganisation of 1 April 2009; for a date before then the authorities it gives are
incomplete, and coverage on such a date says so (`Coverage.register_incomplete`).
"""

from __future__ import annotations

import datetime as dt

from generator.load.register import Council, Register


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _successors(council: Council, register: Register) -> list[Council]:
    """The authorities the register says replaced this one, directly."""
    return [s for s in (register.get(code) for code in council.replaced_by) if s is not None]


def predecessors(council: Council, register: Register) -> list[Council]:
    """The authorities the register says this one replaced, directly, by code."""
    return sorted((c for c in register.councils.values() if council.code in c.replaced_by), key=lambda c: c.code)


def _successor_starts(council: Council, register: Register) -> list[dt.date]:
    return sorted(d for d in (s.came_into_being for s in _successors(council, register)) if d)


def _undated(council: Council, register: Register) -> bool:
    """No longer current, yet with neither an end date nor a dated successor: the register
    gives no way to place it in time."""
    return not council.current and not council.end_date and not _successor_starts(council, register)


def last_day(council: Council, register: Register) -> dt.date | None:
    """The last day the authority existed; None while it still exists or when the register
    cannot say.

    Reads the register's end date as the last day, unless a successor starts on that very
    date, in which case the day before it is the last day (see the module's notes). An
    authority no longer current without an end date ended the day before its first
    successor started.
    """
    starts = _successor_starts(council, register)
    end = _day(council.end_date)
    if end is None:
        if council.current or not starts:
            return None
        return starts[0] - dt.timedelta(days=1)
    if end in starts:
        return end - dt.timedelta(days=1)
    return end


def existed_on(council: Council, day: dt.date, register: Register) -> bool:
    """Whether the authority existed on this day, by the register's dates."""
    if _undated(council, register):
        return False
    start = council.came_into_being
    if start is not None and day < start:
        return False
    last = last_day(council, register)
    return last is None or day <= last


def all_successors(council: Council, register: Register) -> list[Council]:
    """Every authority that took over from this one, nearest first, following the
    register's `replaced-by` through later reorganisations (Taunton Deane → Somerset West
    and Taunton → Somerset)."""
    found: list[Council] = []
    seen = {council.code}
    queue = [council]
    while queue:
        for successor in _successors(queue.pop(0), register):
            if successor.code not in seen:
                seen.add(successor.code)
                found.append(successor)
                queue.append(successor)
    return found


def successors_on(council: Council, day: dt.date, register: Register) -> list[Council]:
    """The authorities that, on this day, do the work of one that no longer existed by then:
    its successors that existed that day, through as many reorganisations as it takes."""
    out: list[Council] = []
    for successor in all_successors(council, register):
        if existed_on(successor, day, register) and successor not in out:
            out.append(successor)
    return out
