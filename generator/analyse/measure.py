"""A common measure for values given in different units of time, so that "2 months" and
"21 days" compare: lengths of time in days, and hours in minutes. Weeks and hours convert
exactly; months, years and working days only approximately, by the rules in `RULES`, and
such a figure is marked "≈". Other units (counts, money, percentages, FTE) are their own
measure."""

from __future__ import annotations

from dataclasses import dataclass

from generator.load.models import Value


@dataclass(frozen=True)
class Conversion:
    """How a unit converts to its common measure's unit: times `times`, divided by `per`
    (a fraction, so that 3 working days are 4.2 days, not 4.199999999999999)."""

    base: str
    times: float
    per: int
    exact: bool


CONVERSIONS: dict[str, Conversion] = {
    "days": Conversion("days", 1, 1, True),
    "weeks": Conversion("days", 7, 1, True),
    "months": Conversion("days", 365.25, 12, False),
    "years": Conversion("days", 365.25, 1, False),
    "working_days": Conversion("days", 7, 5, False),
    "minutes": Conversion("minutes", 1, 1, True),
    "hours": Conversion("minutes", 60, 1, True),
}

# The rules, in words, for the pages and the downloads' descriptions.
RULES = ("a week is 7 days and an hour 60 minutes (exact); a month is taken as 30.44 days "
         "(365.25 ÷ 12), a year as 365.25 days and a working day as 1.4 days (5 working days "
         "a week), which are approximate (≈)")

# The units a common measure is given in: those the others convert to, and those that
# convert to nothing.
COMMON_UNITS = ("days", "minutes", "count", "gbp", "percent", "fte")


@dataclass(frozen=True)
class Measure:
    """A value's number in its common measure's unit, and whether the conversion is exact."""

    number: float
    unit: str
    exact: bool


def common_measure(value: Value) -> Measure | None:
    """The value's number in its common unit; None for a value without a number."""
    if value.number is None:
        return None
    unit = value.unit or "count"
    conversion = CONVERSIONS.get(unit)
    if conversion is None:
        return Measure(value.number, unit, True)
    return Measure(value.number * conversion.times / conversion.per, conversion.base, conversion.exact)
